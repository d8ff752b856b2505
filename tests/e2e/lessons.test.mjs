// Every lesson page in the browser: each of its runners runs and prints what Node prints, and the
// page has no console errors and no serious accessibility violations in either theme, and its
// diagrams follow the theme with readable text. (Its fit at 360 px is in diagram.test.mjs.)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import AxeBuilder from "@axe-core/playwright";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launch, url, watch, hydrated, lessonsFromContent, runnersFromContent, nodePrints, repo, diagramPaint, diagramTextContrast, codeTextContrast } from "./helpers.mjs";

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

test("every lesson page in both themes: axe-core finds nothing serious (nothing at all in a diagram), code and diagram text have 4.5:1 contrast, and the diagrams follow the theme", async () => {
  // One load per page and theme. On the whole page only serious and critical violations count;
  // in the diagrams every violation does, best practices included. (Two runs: best practices
  // over a whole lesson page took 11 s against 8 s, and 1.2 s over its diagrams alone.)
  for (const lesson of lessons) {
    const painted = {};
    for (const scheme of ["light", "dark"]) {
      const at = `${scheme} ${lesson.slug}`;
      const { context, page, problems } = await open(`lessons/${lesson.slug}/`, { colorScheme: scheme });
      // Code's tokens are measured below, not by axe-core (8 of a page's 12 s went on them).
      const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21aa"]).exclude(".code-view code").analyze();
      const serious = results.violations
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")})`);
      assert.deepEqual(serious, [], at);
      const figures = await new AxeBuilder({ page }).include("figure.diagram").withTags(["wcag2a", "wcag2aa", "wcag21aa", "best-practice"]).analyze();
      const inDiagrams = figures.violations.map((v) => `${v.id} (${v.impact}): ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")})`);
      assert.deepEqual(inDiagrams, [], `${at}, in a diagram`);
      assert.ok(figures.passes.some((p) => p.id === "svg-img-alt"), `${at}: axe did not check the diagrams' text alternative`);
      const code = await page.evaluate(codeTextContrast);
      assert.ok(code.length >= 5, `${at}: only ${code.length} colours of code`);
      const dim = code.filter((t) => !(t.ratio >= 4.5)).map((t) => `code "${t.text}" is ${t.ink} on ${t.ground}, ${t.ratio.toFixed(2)}:1`);
      assert.deepEqual(dim, [], at);
      // axe-core does not measure the contrast of SVG text: measured here.
      const texts = await page.evaluate(diagramTextContrast);
      assert.ok(texts.length > 0, at);
      const low = texts.filter((t) => !(t.ratio >= 4.5)).map((t) => `${t.file}: "${t.text}" is ${t.ink} on ${t.ground}, ${t.ratio.toFixed(2)}:1`);
      assert.deepEqual(low, [], at);
      painted[scheme] = await diagramPaint(page);
      if (scheme === "light") {
        // The theme toggle's override (html[data-theme]) wins over the system's scheme.
        await page.evaluate(() => (document.documentElement.dataset.theme = "dark"));
        painted.override = await diagramPaint(page);
      }
      assert.deepEqual(problems, [], at);
      await context.close();
    }
    const [a, b] = [painted.light, painted.dark];
    assert.ok(a.length >= 1 && a.length === b.length, lesson.slug);
    for (const [i, svg] of a.entries()) {
      assert.ok(svg.text.length > 0, `${lesson.slug}: diagram ${i + 1} has no text`);
      for (const [j, fill] of svg.text.entries()) {
        assert.notEqual(fill, b[i].text[j], `${lesson.slug}: text ${j + 1} of diagram ${i + 1} is ${fill} in both themes`);
        assert.notEqual(fill, "rgb(0, 0, 0)", `${lesson.slug}: text ${j + 1} of diagram ${i + 1} is drawn in default black`);
      }
      for (const [j, ink] of svg.shapes.entries()) {
        assert.notEqual(ink, b[i].shapes[j], `${lesson.slug}: shape ${j + 1} of diagram ${i + 1} is ${ink} in both themes`);
      }
    }
    assert.deepEqual(painted.override, b, `${lesson.slug}: data-theme="dark" paints as the dark scheme`);
  }
});
