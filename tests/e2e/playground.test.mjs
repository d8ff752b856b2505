// The playground, end to end in headless Chromium: the menu holds every runner of the course and
// an empty program; a snippet typed in runs as Node runs it, under the module kind picked; the
// program, its kind and its lanes survive a reload and travel in a share link.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launch, url, watch, hydrated, screenshot, nodePrints, runnersFromContent, lessonsFromContent } from "./helpers.mjs";

const RUNNER = "section.runner[data-runner='playground']";
let browser;

before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function open(path, contextOptions = {}) {
  const context = await browser.newContext({ reducedMotion: "reduce", ...contextOptions });
  const page = await context.newPage();
  const problems = watch(page);
  await page.goto(url(path), { waitUntil: "load" });
  await hydrated(page);
  await page.locator(`${RUNNER} .cm-content`).waitFor({ timeout: 15_000 });
  return { context, page, problems };
}

/** Replaces the editor's program with `code`, typed as a reader pastes it. */
async function type(page, code) {
  await page.locator(`${RUNNER} .cm-content`).click();
  await page.keyboard.press("Control+a");
  await page.keyboard.insertText(code);
}

async function run(page) {
  await page.locator(`${RUNNER} button.run`).click();
  await page.waitForSelector(`${RUNNER}[data-state='ready']`, { timeout: 30_000 });
  await page.locator(`${RUNNER} button[aria-label='Last step']`).click();
  return page.locator(`${RUNNER} ol.console li .text`).allTextContents();
}

/** What Node prints for a program without timers, run as it is under the name `file`. */
function plainNode(code, file) {
  const path = join(mkdtempSync(join(tmpdir(), "inflight-play-")), file);
  writeFileSync(path, code);
  return execFileSync("node", [path], { encoding: "utf8" }).trimEnd().split("\n");
}

const LANES = `async function work(n: number): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, n * 10));
  console.log("work", n, "done");
  return n;
}
Promise.all([work(3), work(1), work(2)]).then((all) => console.log("all", all.join(" ")));
console.log("started");
`;

// In CommonJS the main script's nextTick runs before its promise reaction; in an ES module the
// top level runs as a promise job itself, so the reaction comes first.
const ORDER = `Promise.resolve().then(() => console.log("promise reaction"));
process.nextTick(() => console.log("nextTick"));
console.log("sync");
`;

test("the menu offers every runner of the course and an empty program", async () => {
  const { context, page, problems } = await open("playground/");
  const labels = await page.locator(`${RUNNER} select#playground-from option`).allTextContents();
  const runners = lessonsFromContent().flatMap((l) => runnersFromContent(l.slug));
  assert.equal(labels[0], "Your program");
  assert.equal(labels.at(-1), "An empty program");
  assert.equal(labels.length, runners.length + 2, labels.join(" | "));
  // Starting from the course's semaphore runs its program, as Node does.
  const semaphore = runnersFromContent("bounded-concurrency").find((b) => b.file === "semaphore.ts");
  const index = labels.findIndex((l) => l.endsWith("Ten tasks through a semaphore")) - 1;
  await page.selectOption("#playground-from", String(index));
  assert.equal(await page.locator(`${RUNNER} .code-file`).innerText(), semaphore.file);
  assert.equal(await page.inputValue("#playground-seed"), String(semaphore.seed));
  assert.deepEqual(await run(page), nodePrints(semaphore.code, semaphore).trimEnd().split("\n"));
  assert.deepEqual(problems, []);
  await context.close();
});

test("a pasted snippet runs as Node runs it, with a lane per call, under the module kind picked", async () => {
  const { context, page, problems } = await open("playground/");
  const labels = await page.locator("#playground-from option").allTextContents();
  await page.selectOption("#playground-from", String(labels.length - 2));
  assert.match(await page.locator(`${RUNNER} .edit-note`).innerText(), /Started from An empty program/);
  await type(page, LANES);
  await page.fill("#playground-lanes", "work");
  assert.deepEqual(await run(page), nodePrints(LANES, { file: "main.ts" }).trimEnd().split("\n"));
  const lanes = await page.locator(`${RUNNER} .lanes-pane .lane-label title`).allTextContents();
  assert.deepEqual(lanes, ["work(3)", "work(1)", "work(2)"]);
  await screenshot(page, "playground");

  // An identifier is required for a lane: anything else keeps Run disabled.
  await page.fill("#playground-lanes", "work; drop");
  assert.ok(await page.locator(`${RUNNER} button.run`).isDisabled());
  await page.fill("#playground-lanes", "");

  await type(page, ORDER);
  for (const ext of ["mjs", "cjs", "mts"]) {
    await page.selectOption("#playground-kind", ext);
    assert.equal(await page.locator(`${RUNNER} .code-file`).innerText(), `main.${ext}`);
    const expected = plainNode(ORDER, `main.${ext === "mts" ? "mjs" : ext}`);
    assert.deepEqual(await run(page), expected, ext);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test("the program, its kind and its lanes survive a reload and travel in a share link", async () => {
  const { context, page, problems } = await open("playground/");
  await type(page, LANES);
  await page.selectOption("#playground-kind", "mts");
  await page.fill("#playground-lanes", "work");
  await page.fill("#playground-seed", "9");
  await page.reload();
  await hydrated(page);
  await page.locator(`${RUNNER} .cm-content`).waitFor({ timeout: 15_000 });
  assert.match(await page.locator(`${RUNNER} .edit-note`).innerText(), /from last time/);
  // The file keeps the name of the program it started from, with the kind picked.
  const file = await page.locator(`${RUNNER} .code-file`).innerText();
  assert.match(file, /^\w+\.mts$/);
  assert.equal(await page.inputValue("#playground-lanes"), "work");
  assert.equal(await page.inputValue("#playground-seed"), "9");
  assert.equal(await page.inputValue("#playground-from"), "", "the menu shows the reader's own program");
  const lines = await run(page);
  assert.deepEqual(lines, nodePrints(LANES, { file, seed: 9 }).trimEnd().split("\n"));

  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.locator(`${RUNNER} button`, { hasText: "Copy a link" }).click();
  await page.waitForFunction(() => location.hash.startsWith("#playground~"));
  const link = await page.evaluate(() => location.href);
  await context.close();

  // A fresh browser, with nothing saved: the link alone brings the run back.
  const second = await browser.newContext({ reducedMotion: "reduce" });
  const other = await second.newPage();
  const otherProblems = watch(other);
  await other.goto(link);
  await hydrated(other);
  await other.waitForSelector(`${RUNNER}[data-state='ready']`, { timeout: 30_000 });
  assert.equal(await other.locator(`${RUNNER} .code-file`).innerText(), file);
  assert.equal(await other.inputValue("#playground-lanes"), "work");
  await other.locator(`${RUNNER} button[aria-label='Last step']`).click();
  assert.deepEqual(await other.locator(`${RUNNER} ol.console li .text`).allTextContents(), lines);
  assert.deepEqual(problems, []);
  assert.deepEqual(otherProblems, []);
  await second.close();
});
