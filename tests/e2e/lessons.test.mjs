// Every lesson page in the browser: each of its runners runs and prints what Node prints, and the
// page has no console errors, no serious accessibility violations in either theme, and fits
// 360 px.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import AxeBuilder from "@axe-core/playwright";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launch, url, watch, hydrated, lessonsFromContent, runnersFromContent, nodePrints, repo } from "./helpers.mjs";

const lessons = lessonsFromContent();
let browser;

before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function open(path, context = {}) {
  const ctx = await browser.newContext({ reducedMotion: "reduce", ...context });
  const page = await ctx.newPage();
  const problems = watch(page);
  await page.goto(url(path), { waitUntil: "load" });
  await hydrated(page);
  return { context: ctx, page, problems };
}

/**
 * What Node prints for a block: on fake timers with the seeded random, or, for a program whose
 * order depends on libuv's phases (`oracle=node`), as it is (TypeScript stripped first).
 */
function node(block) {
  if (!block.nodeOracle) return nodePrints(block.code, { file: block.file, seed: block.seed });
  const dir = mkdtempSync(join(tmpdir(), "inflight-e2e-"));
  const path = join(dir, block.file);
  writeFileSync(path, block.code);
  const args = /\.[cm]?js$/.test(block.file) ? [path] : [join(repo, "tests", "oracle", "run-stripped.mjs"), path];
  return execFileSync("node", args, { encoding: "utf8" });
}

for (const lesson of lessons) {
  test(`${lesson.slug}: every runner prints what Node prints, with no console errors`, async () => {
    const { context, page, problems } = await open(`lessons/${lesson.slug}/`);
    const blocks = runnersFromContent(lesson.slug);
    const sections = page.locator("section.runner:not([data-runner^='quiz-'])");
    assert.equal(await sections.count(), blocks.length, "a runner on the page per block in content/");
    for (const [i, block] of blocks.entries()) {
      const section = sections.nth(i);
      await section.scrollIntoViewIfNeeded();
      assert.equal(await section.locator(".code-file").innerText(), block.file);
      await section.locator("button.run").click();
      await section.and(page.locator("[data-state='ready']")).waitFor({ timeout: 60_000 });
      // With reduced motion a run opens at its end: the console holds every line (a line of the
      // console is one console.log, which may itself hold newlines).
      const lines = await section.locator("ol.console li .text").allTextContents();
      assert.equal(lines.join("\n"), node(block).replace(/\n$/, ""), `${lesson.slug}: ${block.file} in the browser and in Node`);
    }
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test("every lesson page has no serious accessibility violations (axe-core), in both themes", async () => {
  for (const scheme of ["light", "dark"]) {
    for (const lesson of lessons) {
      const { context, page, problems } = await open(`lessons/${lesson.slug}/`, { colorScheme: scheme });
      const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21aa"]).analyze();
      const serious = results.violations
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")})`);
      assert.deepEqual(serious, [], `${scheme} ${lesson.slug}`);
      assert.deepEqual(problems, [], `${scheme} ${lesson.slug}`);
      await context.close();
    }
  }
});

test("every lesson page fits 360 px without sideways scrolling", async () => {
  for (const lesson of lessons) {
    const { context, page, problems } = await open(`lessons/${lesson.slug}/`, { viewport: { width: 360, height: 740 } });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `${lesson.slug} is ${width}px wide`);
    assert.deepEqual(problems, [], lesson.slug);
    await context.close();
  }
});
