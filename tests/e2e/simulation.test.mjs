// The simulations in the browser: prerendered charts before any wasm, runs in a worker that
// draw exactly what the build drew, A/B on one seed, the million-task run's speed, refusals,
// themes, accessibility and narrow screens.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import AxeBuilder from "@axe-core/playwright";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { launch, url, watch, hydrated, screenshot, repo } from "./helpers.mjs";

/** Every simulation block of content/, with its lesson. */
function simulationsFromContent() {
  const out = [];
  for (const f of readdirSync(join(repo, "content")).filter((f) => f.endsWith(".md"))) {
    const text = readFileSync(join(repo, "content", f), "utf8");
    const slug = text.match(/^slug:\s*(\S+)/m)[1];
    for (const m of text.matchAll(/^```simulation model=(\S+)/gm)) out.push({ slug, model: m[1] });
  }
  return out;
}

const sims = simulationsFromContent();
let browser;

before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function open(path, options = {}) {
  const context = await browser.newContext({ reducedMotion: "reduce", ...options.context });
  const page = await context.newPage();
  const problems = watch(page);
  const requests = [];
  page.on("request", (r) => requests.push(r.url()));
  await page.goto(url(path), { waitUntil: "load" });
  await hydrated(page);
  return { context, page, problems, requests };
}

/** Runs the simulation `section` and waits for its answer; returns the wall time in ms. */
async function run(section) {
  const id = await section.getAttribute("id");
  const started = Date.now();
  // The click starts the run at once (data-state "running"); the worker's answer ends it.
  await section.locator("button.sim-run").click();
  await section.page().waitForFunction((id) => ["ready", "error"].includes(document.getElementById(id).dataset.state), id, { timeout: 30_000 });
  return Date.now() - started;
}

const cell = (section, row, column) => section.locator(`.sim-table tbody tr:nth-child(${row}) td:nth-child(${column + 1})`).innerText();

test("the course has the four simulations, and each shows its charts and numbers without JavaScript", async () => {
  assert.deepEqual(sims.map((s) => s.model).sort(), ["migration", "queueing", "retry-storm", "writable"]);
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  for (const { slug, model } of sims) {
    await page.goto(url(`lessons/${slug}/`));
    const section = page.locator(`section.simulation[data-sim-model='${model}']`);
    assert.equal(await section.locator("svg.sim-chart").count(), 2, `${slug}: A's and B's charts are in the page`);
    assert.equal(await section.locator(".sim-table thead th").count(), 3);
    assert.ok((await section.locator(".sim-table tbody tr").count()) >= 4);
    assert.ok(await section.locator("button.sim-run").isDisabled());
    assert.ok(await section.locator(".needs-js").isVisible());
    assert.match(await section.locator(".sim-rule").innerText(), /^The model's rule: \S.{40,}\.$/);
    // Every chart has a text alternative that names its setting and points at the table.
    for (const label of await section.locator("svg.sim-chart").evaluateAll((svgs) => svgs.map((s) => s.getAttribute("aria-label")))) {
      assert.match(label, /^Setting [AB]: .+ The numbers are in the table below\.$/);
    }
  }
  await context.close();
});

for (const { slug, model } of sims) {
  test(`${model}: a run in the worker draws exactly what the build drew, and loads nothing until then`, async () => {
    const { context, page, problems, requests } = await open(`lessons/${slug}/`);
    const section = page.locator(`section.simulation[data-sim-model='${model}']`);
    await section.scrollIntoViewIfNeeded();
    const built = await section.locator(".sim-results").innerHTML();
    assert.ok(!requests.some((r) => /\/sim-[0-9a-f]+\//.test(r)), "the simulation's worker loads only when a reader runs it");
    const ms = await run(section);
    assert.equal(await section.getAttribute("data-state"), "ready");
    assert.ok(requests.some((r) => /\/sim-[0-9a-f]+\/sims_bg\.wasm$/.test(r)));
    // The same models and the same chart code, natively at build time and in wasm here.
    assert.equal(await section.locator(".sim-results").innerHTML(), built);
    assert.match(await section.locator(".sim-status").innerText(), /^A and B ran in \d+ ms in a background worker/);
    console.log(`${model}: A and B ran in ${await section.getAttribute("data-run-ms")} ms in the worker, ${ms} ms from the click to the charts`);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test("the million-ID migration: a million tasks in under 2 s, and the page's main thread never blocked for 50 ms", async () => {
  const { context, page, problems } = await open("lessons/bounded-concurrency/");
  const section = page.locator("section.simulation[data-sim-model='migration']");
  await section.scrollIntoViewIfNeeded();
  await page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => window.__longTasks.push(...list.getEntries().map((e) => e.duration))).observe({ type: "longtask", buffered: false });
  });
  // B completes all 1,000,000 tasks (A dies early); the first run includes loading the worker.
  const first = await run(section);
  const again = await run(section);
  assert.equal(await cell(section, 2, 2), "1,000,000");
  assert.ok(first < 2_000, `the first run took ${first} ms from the click, loading included`);
  assert.ok(again < 2_000, `a second run took ${again} ms`);
  const long = await page.evaluate(() => window.__longTasks);
  assert.deepEqual(long.filter((d) => d > 50), [], "no task on the main thread took over 50 ms");
  console.log(`migration, a million tasks: first run ${first} ms (worker loaded), second ${again} ms; main-thread long tasks: ${JSON.stringify(long)}`);
  assert.deepEqual(problems, []);
  await context.close();
});

test("A/B: changing B alone changes B's column, on the same seed A stays as it was", async () => {
  const { context, page, problems } = await open("lessons/bounded-concurrency/");
  const section = page.locator("section.simulation[data-sim-model='migration']");
  const before = [await cell(section, 1, 1), await cell(section, 2, 1)];
  await section.locator("#sim-migration-b-k").fill("200");
  await run(section);
  assert.deepEqual([await cell(section, 1, 1), await cell(section, 2, 1)], before, "A is unchanged");
  assert.equal(await cell(section, 5, 2), "200", "B now keeps 200 in flight");
  assert.notEqual(await cell(section, 3, 2), "0", "and the pool of 20 refuses the rest");
  // Compare off: A alone, one panel, no B column.
  await section.locator("input[data-act='compare']").uncheck();
  assert.equal(await section.locator("button.sim-run").innerText(), "Run A");
  assert.ok(await section.locator("#sim-migration-b-k").isHidden());
  await run(section);
  assert.equal(await section.locator("figure.sim-panel").count(), 1);
  assert.equal(await section.locator(".sim-table thead th").count(), 2);
  assert.match(await section.locator(".sim-status").innerText(), /^A ran in/);
  // A new seed gives a new draw of latencies: the same regime, other numbers.
  await section.locator("input[data-act='compare']").check();
  await section.locator("#sim-migration-b-k").fill("20");
  await run(section);
  const seeded = await section.locator("figure[data-setting='B'] svg").innerHTML();
  await section.locator("#sim-migration-seed").fill("7");
  await run(section);
  assert.notEqual(await section.locator("figure[data-setting='B'] svg").innerHTML(), seeded, "B draws other latencies on another seed");
  assert.deepEqual(problems, []);
  await context.close();
});

test("a setting out of bounds or a bad seed gets a sentence, and the next good run clears it", async () => {
  const { context, page, problems } = await open("lessons/load/");
  const section = page.locator("section.simulation[data-sim-model='queueing']");
  const built = await section.locator(".sim-results").innerHTML();
  await section.locator("#sim-queueing-a-utilisation").fill("120");
  await run(section);
  assert.equal(await section.getAttribute("data-state"), "error");
  assert.equal(await section.locator(".sim-error").innerText(), "A: Utilisation ρ must be from 5 to 99 % (got 120).");
  assert.equal(await section.locator(".sim-results").innerHTML(), built, "the last charts stay");
  await section.locator("#sim-queueing-a-utilisation").fill("80");
  await section.locator("#sim-queueing-seed").fill("-1");
  await section.locator("button.sim-run").click();
  assert.match(await section.locator(".sim-error").innerText(), /^The seed must be a whole number from 0 to 4294967295/);
  await section.locator("#sim-queueing-seed").fill("42");
  await run(section);
  assert.equal(await section.getAttribute("data-state"), "ready");
  assert.ok(await section.locator(".sim-error").isHidden());
  assert.deepEqual(problems, []);
  await context.close();
});

test("the charts follow the theme, and a simulation is accessible (axe) in both and fits 360 px", async () => {
  const colours = {};
  for (const scheme of ["light", "dark"]) {
    const { context, page, problems } = await open("lessons/circuit-breakers/", { context: { colorScheme: scheme } });
    const section = page.locator("section.simulation");
    await run(section);
    colours[scheme] = await section.locator("svg.sim-chart [stroke='#070809']").first().evaluate((e) => getComputedStyle(e).stroke);
    const results = await new AxeBuilder({ page }).include("section.simulation").withTags(["wcag2a", "wcag2aa", "wcag21aa"]).analyze();
    const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
    assert.deepEqual(serious, [], scheme);
    assert.deepEqual(problems, []);
    await context.close();
  }
  assert.notEqual(colours.light, colours.dark, "the series colour changes with the theme");
  assert.doesNotMatch(colours.light, /rgb\(7, 8, 9\)/, "the sentinel colour never shows");
  for (const { slug, model } of sims) {
    const { context, page, problems } = await open(`lessons/${slug}/`, { context: { viewport: { width: 360, height: 740 } } });
    const section = page.locator(`section.simulation[data-sim-model='${model}']`);
    await run(section);
    assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 360, `${slug} fits 360 px`);
    if (model === "migration") await screenshot(page, "simulation-360px");
    assert.deepEqual(problems, []);
    await context.close();
  }
});
