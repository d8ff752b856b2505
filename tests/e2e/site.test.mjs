// End-to-end tests of the built site, served under a sub-path, in headless Chromium: the index,
// links and 404s, the runner (some of its tests measure time, so this file runs alone), the
// theme, the keyboard, a quiz, 360 px. Whole-page checks are in pages.test.mjs.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deflateRawSync } from "node:zlib";
import { launch, url, lessonsFromContent, watch, hydrated, screenshot, nodePrints, runnersFromContent, SCREENSHOTS } from "./helpers.mjs";

const lessons = lessonsFromContent();
const demoLesson = "bounded-concurrency";
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
  const problems = options.javaScript === false ? [] : watch(page, { allow: options.allow ?? [] });
  const response = await page.goto(url(path), { waitUntil: "load" });
  if (options.javaScript !== false) await hydrated(page);
  return { context, page, problems, response };
}

test("the index lists every lesson in course order, with level and reading time", async () => {
  const { context, page, problems, response } = await open("");
  assert.equal(response.status(), 200);
  const cards = page.locator("li.lesson-card");
  assert.equal(await cards.count(), lessons.length);
  for (const [i, lesson] of lessons.entries()) {
    const card = cards.nth(i);
    assert.equal((await card.locator("h3 a").innerText()).trim(), lesson.title);
    assert.equal(await card.locator("h3 a").getAttribute("href"), new URL(url(`lessons/${lesson.slug}/`)).pathname);
    assert.match(await card.locator(".meta").innerText(), new RegExp(`${lesson.level}[\\s\\S]*\\d+ min read`, "i"));
  }
  assert.match(await page.title(), /inflight/);
  // The wider curriculum is named, never linked: no page exists for it yet.
  const later = page.locator(".coming-later li");
  assert.ok((await later.count()) >= 5);
  assert.equal(await page.locator(".coming-later a").count(), 0);
  // Every link on the index leads to a page that exists.
  for (const href of await page.locator("main a").evaluateAll((as) => as.map((a) => a.href))) {
    const res = await page.request.get(href);
    assert.equal(res.status(), 200, href);
  }
  await screenshot(page, "index", { fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});

test("links between pages navigate inside the sub-path, and the table of contents jumps to its heading", async () => {
  const { context, page, problems } = await open("");
  await page.locator("li.lesson-card h3 a").first().click();
  await page.waitForURL(url(`lessons/${lessons[0].slug}/`));
  assert.equal((await page.locator("h1").innerText()).trim(), lessons[0].title);
  assert.equal(await page.title(), `${lessons[0].title} · inflight`);
  const first = page.locator("nav.toc a").first();
  const target = (await first.getAttribute("href")).slice(1);
  await first.click();
  await page.waitForFunction((id) => location.hash === `#${id}`, target);
  assert.ok(await page.locator(`#${target}`).isVisible());
  if (lessons.length > 1) {
    await page.locator("a.pager-next").click();
    await page.waitForURL(url(`lessons/${lessons[1].slug}/`));
    assert.equal((await page.locator("h1").innerText()).trim(), lessons[1].title);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test("unknown routes and unknown lessons answer 404 with the not-found page", async () => {
  for (const path of ["no/such/page", "lessons/no-such-lesson/"]) {
    const target = url(path);
    const { context, page, problems, response } = await open(path, { allow: [target] });
    assert.equal(response.status(), 404, path);
    assert.equal((await page.locator("h1").innerText()).trim(), "Page not found");
    assert.match(await page.title(), /^Page not found/);
    const home = await page.locator("main a").first().getAttribute("href");
    assert.equal(home, new URL(url("")).pathname);
    if (path === "no/such/page") await screenshot(page, "404", { fullPage: true });
    assert.deepEqual(problems, [], path);
    await context.close();
  }
});

const SEMAPHORE = "section.runner[data-runner='run-semaphore']";
// On the demo lesson its semaphore runner (the lesson has others, and a predict question shows one
// once answered); on the playground, the playground's.
const RUNNER = "section.runner:is([data-runner='run-semaphore'], [data-runner='playground'])";
/** The semaphore runner's block as content/ writes it. */
const semaphoreBlock = () => runnersFromContent(demoLesson).find((b) => b.file === "semaphore.ts");

/** Waits for a run's recording and reads the console up to the playhead. */
async function readRun(page, runner = SEMAPHORE) {
  await page.waitForSelector(`${runner}[data-state='ready']`, { timeout: 30_000 });
  return page.locator(`${runner} ol.console li .text`).allTextContents();
}

/** "step 12 of 160 · 25 ms" -> [12, 160]. */
async function stepOf(page, runner = SEMAPHORE) {
  const text = await page.locator(`${runner} .step-count`).innerText();
  const [, at, of] = text.match(/step (\d+) of (\d+)/);
  return [Number(at), Number(of)];
}

test("the semaphore runner prints exactly what Node prints, and a knob changes the program it runs", async () => {
  const { context, page, problems } = await open(`lessons/${demoLesson}/`);
  const block = semaphoreBlock();
  const runner = page.locator(SEMAPHORE);
  await runner.scrollIntoViewIfNeeded();
  await runner.locator("button.run").click();
  const first = await readRun(page);
  assert.ok(first.length > 2, "the console shows lines");
  assert.deepEqual(first, nodePrints(block.code, block).trimEnd().split("\n"), "the lesson's program vs Node");
  // Reduced motion: the end at once. One lane per call of work(), and three of them waited on
  // their timer while the others queued.
  const [at, of] = await stepOf(page);
  assert.equal(at, of, "reduced motion shows the last step");
  assert.equal(await runner.locator("text.lane-label").count(), 10);
  assert.ok((await runner.locator("rect.span-waiting").count()) >= 7, "tasks past the limit wait in line");
  await screenshot(page, "runner-semaphore-end");

  await page.fill("#run-semaphore-knob-LIMIT", "1");
  await page.fill("#run-semaphore-knob-TASKS", "4");
  await runner.locator("button.run").click();
  await page.waitForFunction((sel) => document.querySelectorAll(`${sel} text.lane-label`).length === 4, SEMAPHORE);
  const second = await readRun(page);
  const edited = block.code.replace("const LIMIT = 3;", "const LIMIT = 1;").replace("const TASKS = 10;", "const TASKS = 4;");
  assert.notDeepEqual(second, first);
  assert.deepEqual(second, nodePrints(edited, block).trimEnd().split("\n"), "LIMIT = 1, TASKS = 4 vs Node");
  assert.deepEqual(problems, []);
  await context.close();
});

test("stepping back returns every view to the step before, and the seed changes the run", async () => {
  const { context, page, problems } = await open(`lessons/${demoLesson}/`);
  const runner = page.locator(SEMAPHORE);
  await runner.locator("button.run").click();
  await readRun(page);
  await runner.locator("button[aria-label='First step']").click();
  assert.deepEqual((await stepOf(page))[0], 1);
  assert.equal(await runner.locator("ol.console li").count(), 0, "nothing printed before the first step");
  // Walk forward to the first console line, then one step back: the line goes again.
  let lines = 0;
  for (let i = 0; i < 200 && lines === 0; i++) {
    await runner.locator("button[aria-label='Step forward']").click();
    lines = await runner.locator("ol.console li").count();
  }
  assert.equal(lines, 1);
  const now = await runner.locator(".now").innerText();
  const [at] = await stepOf(page);
  await runner.locator("button[aria-label='Step back']").click();
  assert.equal((await stepOf(page))[0], at - 1);
  assert.equal(await runner.locator("ol.console li").count(), 0);
  assert.notEqual(await runner.locator(".now").innerText(), now);
  await runner.locator("button[aria-label='Step forward']").click();
  assert.equal(await runner.locator(".now").innerText(), now, "forward again: the same view");

  const block = semaphoreBlock();
  await page.fill("#run-semaphore-seed", "7");
  await runner.locator("button.run").click();
  await page.waitForFunction((sel) => /step (\d+) of \1\b/.test(document.querySelector(`${sel} .step-count`)?.textContent ?? ""), SEMAPHORE);
  const seeded = await readRun(page);
  assert.deepEqual(seeded, nodePrints(block.code, { ...block, seed: 7 }).trimEnd().split("\n"), "seed 7 vs Node");
  assert.deepEqual(problems, []);
  await context.close();
});

/** A share link's fragment for runner `id`, made as the page makes it (deflate-raw, base64url). */
function shareFragment(id, { seed = 1, step = 0, knobs = [], code }) {
  let text = `inflight-run 1\nseed ${seed}\nstep ${step}\n`;
  for (const [name, value] of knobs) text += `knob ${name} ${value}\n`;
  if (code !== undefined) text += `code\n${code}`;
  return `#${id}~${deflateRawSync(Buffer.from(text)).toString("base64url")}`;
}

/** Records the page's long tasks (over 50 ms) from now on; returns a function that reads them. */
async function watchLongTasks(page) {
  await page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => window.__longTasks.push(...list.getEntries().map((e) => e.duration))).observe({ type: "longtask", buffered: false });
  });
  return () => page.evaluate(() => window.__longTasks);
}

test("a runaway program is stopped by its limit while the page stays responsive, and Stop ends a run at once", async () => {
  const runaway = "let spins = 0;\nwhile (true) spins++;\n";
  const { context, page, problems } = await open(`lessons/${demoLesson}/${shareFragment("run-semaphore", { code: runaway })}`);
  const runner = page.locator(SEMAPHORE);
  // The link shows its code in the editor and runs it at once. Loading the editor is one long
  // task of its own (CodeMirror's module evaluating); what is measured is the run.
  await runner.locator(".cm-content").waitFor({ timeout: 15_000 });
  const longTasks = await watchLongTasks(page);
  // While it spins in the worker, the page answers.
  await page.waitForSelector(`${SEMAPHORE}[data-state='running']`, { timeout: 10_000 });
  const answered = await page.evaluate(() => new Promise((done) => { const t = performance.now(); setTimeout(() => done(performance.now() - t), 0); }));
  assert.ok(answered < 50, `a timer on the page ran ${answered} ms late`);
  await page.waitForSelector(`${SEMAPHORE}[data-state='ready']`, { timeout: 120_000 });
  assert.match(await runner.locator(".run-refusal").innerText(), /Stopped by a limit: .*step budget/);
  const tasks = await longTasks();
  const longest = Math.max(0, ...tasks);
  console.log(`runaway program: longest main-thread task ${Math.round(longest)} ms (${tasks.length} over 50 ms)`);
  assert.ok(longest <= 50, `the page was blocked for ${longest} ms`);

  // Again, and Stop: the worker goes, the page says so, and the next run works.
  await runner.locator("button.run").click();
  await page.waitForSelector(`${SEMAPHORE}[data-state='running']`);
  await runner.locator("button.stop").click();
  await page.waitForSelector(`${SEMAPHORE}[data-state='idle']`);
  assert.match(await runner.locator(".run-error").innerText(), /Stopped/);
  assert.deepEqual(problems, []);
  await context.close();
});

test("a syntax error or an unsupported construct is reported at the line Node reports", async () => {
  const broken = "const ok = 1;\nconsole.log(ok);\nconst bad = (1 + ;\n";
  const dir = mkdtempSync(join(tmpdir(), "inflight-e2e-"));
  writeFileSync(join(dir, "check.js"), broken);
  const node = spawnSync("node", ["--check", join(dir, "check.js")], { encoding: "utf8" });
  const nodeLine = Number(node.stderr.match(/check\.js:(\d+)/)[1]);
  const { context, page, problems } = await open(`lessons/${demoLesson}/${shareFragment("run-semaphore", { code: broken })}`);
  const runner = page.locator(SEMAPHORE);
  await page.waitForSelector(`${SEMAPHORE}[data-state='ready']`, { timeout: 30_000 });
  const refusal = await runner.locator(".run-refusal").innerText();
  assert.match(refusal, new RegExp(`^Syntax error: line ${nodeLine}, column \\d+`), refusal);
  assert.equal(nodeLine, 3);
  assert.deepEqual(problems, []);
  await context.close();
});

test("a share link restores the code, seed, knobs and step in a new page", async () => {
  const { context, page, problems } = await open(`lessons/${demoLesson}/`);
  const runner = page.locator(SEMAPHORE);
  await page.fill("#run-semaphore-knob-LIMIT", "2");
  await page.fill("#run-semaphore-seed", "5");
  await runner.locator("button.run").click();
  await readRun(page);
  for (let i = 0; i < 7; i++) await runner.locator("button[aria-label='Step back']").click();
  const step = await stepOf(page);
  const lines = await runner.locator("ol.console li .text").allTextContents();
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await runner.locator("button", { hasText: "Copy a link" }).click();
  await page.waitForFunction(() => location.hash.startsWith("#run-semaphore~"));
  const link = await page.evaluate(() => location.href);
  await context.close();

  const second = await open(link.slice(link.indexOf("lessons/")));
  await second.page.waitForSelector(`${SEMAPHORE}[data-state='ready']`, { timeout: 30_000 });
  assert.equal(await second.page.inputValue("#run-semaphore-knob-LIMIT"), "2");
  assert.equal(await second.page.inputValue("#run-semaphore-seed"), "5");
  assert.deepEqual(await stepOf(second.page), step);
  assert.deepEqual(await second.page.locator(`${SEMAPHORE} ol.console li .text`).allTextContents(), lines);
  assert.deepEqual(problems, []);
  assert.deepEqual(second.problems, []);
  await second.context.close();
});

test("an edit typed into the runner runs as Node runs it; a syntax error is marked at its line; the edit survives a reload; Reset restores", async () => {
  const block = semaphoreBlock();
  const { context, page, problems } = await open(`lessons/${demoLesson}/`);
  const runner = page.locator(SEMAPHORE);
  assert.equal(await page.evaluate(() => performance.getEntriesByType("resource").some((r) => /editor-/.test(r.name))), false, "no editor before editing");
  await runner.locator("button.edit").click();
  const content = runner.locator(".cm-content");
  await content.waitFor({ timeout: 15_000 });
  // Delete one `await`: the tasks no longer wait for their work.
  const edited = block.code.replace("    await sleep(ms);", "    sleep(ms);");
  assert.notEqual(edited, block.code);
  await content.click();
  await page.keyboard.press("Control+a");
  await page.keyboard.insertText(edited);
  await runner.locator("button.run").click();
  const lines = await readRun(page);
  assert.deepEqual(lines, nodePrints(edited, block).trimEnd().split("\n"), "the edited program vs Node");
  assert.ok(await runner.locator("button.reset").isVisible());

  // A syntax error on line 3: marked there, with the interpreter's message.
  const broken = edited.split("\n").map((l, i) => (i === 2 ? "const TASKS = (10;" : l)).join("\n");
  await content.click();
  await page.keyboard.press("Control+a");
  await page.keyboard.insertText(broken);
  await runner.locator("button.run").click();
  await page.waitForSelector(`${SEMAPHORE} .cm-gutterElement.cm-diagnostic-line-error`, { timeout: 30_000 });
  assert.equal((await runner.locator(".cm-gutterElement.cm-diagnostic-line-error").innerText()).trim(), "3");
  assert.match(await runner.locator(".run-refusal").innerText(), /^Syntax error: line 3, column \d+/);
  await screenshot(page, "runner-syntax-error");

  // Back to the working edit, then a reload: it is still there, in the editor.
  await content.click();
  await page.keyboard.press("Control+a");
  await page.keyboard.insertText(edited);
  await page.reload();
  await hydrated(page);
  await runner.locator(".cm-content").waitFor({ timeout: 15_000 });
  assert.match(await runner.locator(".edit-note").innerText(), /your edited version/);
  // (The editor draws only the lines in view, so what it holds is read through what it runs.)
  await runner.locator("button.run").click();
  assert.deepEqual(await readRun(page), nodePrints(edited, block).trimEnd().split("\n"), "after a reload the edit still runs");
  await runner.locator("button.reset").click();
  await runner.locator("button.run").click();
  await page.waitForFunction(
    ([sel, n]) => document.querySelector(sel)?.dataset.state === "ready" && document.querySelectorAll(`${sel} ol.console li`).length === n,
    [SEMAPHORE, nodePrints(block.code, block).trimEnd().split("\n").length],
  );
  assert.deepEqual(await readRun(page), nodePrints(block.code, block).trimEnd().split("\n"), "after Reset the lesson's program runs");
  await page.reload();
  await hydrated(page);
  await page.waitForTimeout(500);
  assert.equal(await runner.locator(".cm-content").count(), 0, "after Reset nothing is restored");
  assert.deepEqual(problems, []);
  await context.close();
});

test("mid-playback in the dark theme, every view is drawn in the dark palette", async () => {
  const { context, page, problems } = await open(`lessons/${demoLesson}/`, { context: { reducedMotion: "no-preference", colorScheme: "dark" } });
  const runner = page.locator(SEMAPHORE);
  await runner.scrollIntoViewIfNeeded();
  await runner.locator("button.run").click();
  await page.waitForFunction((sel) => document.querySelectorAll(`${sel} ol.console li`).length >= 4, SEMAPHORE, { timeout: 15_000 });
  await runner.locator("button.play").click(); // pause mid-run
  const [at, of] = await stepOf(page);
  assert.ok(at < of, "paused before the end");
  // The panes' backgrounds are dark: their luminance is low.
  const dark = await page.evaluate((sel) => [".loop-pane", ".lanes-pane"].map((p) => {
    const [r, g, b] = getComputedStyle(document.querySelector(`${sel} ${p}`)).backgroundColor.match(/\d+/g).map(Number);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  }), SEMAPHORE);
  assert.ok(dark.every((l) => l < 60), `pane luminance ${dark}`);
  await runner.screenshot({ path: join(SCREENSHOTS, "runner-playing-dark.png") });
  assert.deepEqual(problems, []);
  await context.close();
});

test("with the interpreter warm, a click on Run shows the first console line within 100 ms", async () => {
  // Three clicks on a freshly loaded page, the first included (the page has rehearsed drawing a
  // recording while it warmed up). On a machine busy with other work a page may miss; a second
  // fresh page is measured then, and one of the two must have every click under 100 ms.
  const pages = [];
  for (let attempt = 0; attempt < 2; attempt++) {
    const { context, page, problems } = await open(`lessons/${demoLesson}/`);
    const runner = page.locator(SEMAPHORE);
    await runner.scrollIntoViewIfNeeded();
    await page.waitForSelector(`${SEMAPHORE}[data-warm='true']`, { timeout: 30_000 });
    const times = [];
    for (let i = 0; i < 3; i++) {
      times.push(await page.evaluate((sel) => new Promise((done) => {
        const list = document.querySelector(`${sel} ol.console`);
        const started = performance.now();
        const seen = new MutationObserver(() => {
          if (list.children.length > 0) {
            seen.disconnect();
            // Measured once the line is laid out, so that the layout its arrival costs counts.
            list.firstElementChild.getBoundingClientRect();
            done(performance.now() - started);
          }
        });
        list.replaceChildren();
        seen.observe(list, { childList: true });
        document.querySelector(`${sel} button.run`).click();
      }), SEMAPHORE));
      await page.waitForSelector(`${SEMAPHORE}[data-state='ready']`);
    }
    assert.deepEqual(problems, []);
    await context.close();
    pages.push(times.map((t) => Math.round(t)));
    if (Math.max(...times) < 100) break;
  }
  console.log(`click on Run to the first console line, warm: ${pages.map((t) => t.join(", ")).join("; then, on a fresh page: ")} ms`);
  assert.ok(pages.some((times) => Math.max(...times) < 100), JSON.stringify(pages));
});

test("with motion allowed the run plays step by step, and Pause stops it", async () => {
  const { context, page, problems } = await open(`lessons/${demoLesson}/`, { context: { reducedMotion: "no-preference" } });
  const runner = page.locator(SEMAPHORE);
  await page.evaluate((sel) => {
    window.__consoleCounts = [];
    const list = document.querySelector(`${sel} ol.console`);
    new MutationObserver(() => window.__consoleCounts.push(list.querySelectorAll("li").length)).observe(list, { childList: true, subtree: true });
  }, SEMAPHORE);
  const clicked = await page.evaluate(() => performance.now());
  await runner.locator("button.run").click();
  await page.waitForFunction((sel) => document.querySelectorAll(`${sel} ol.console li`).length > 0, SEMAPHORE, { timeout: 10_000 });
  const firstLine = (await page.evaluate(() => performance.now())) - clicked;
  console.log(`click to first console line: ${Math.round(firstLine)} ms`);
  await page.waitForFunction(() => new Set(window.__consoleCounts.filter((n) => n > 0)).size >= 3, null, { timeout: 15_000 });
  await runner.screenshot({ path: join(SCREENSHOTS, "runner-playing-light.png") });
  await runner.locator("button.play").click(); // pause
  const paused = await stepOf(page);
  await page.waitForTimeout(400);
  assert.deepEqual(await stepOf(page), paused, "paused: the step stays");
  assert.ok(paused[0] < paused[1], "paused before the end");
  const counts = await page.evaluate(() => window.__consoleCounts);
  assert.deepEqual(counts, [...counts].sort((a, b) => a - b), "the console only grows during playback");
  assert.deepEqual(problems, []);
  await context.close();
});

test("the theme toggle switches the theme and the choice survives a reload", async () => {
  const { context, page, problems } = await open("", { context: { colorScheme: "light" } });
  assert.equal(await page.getAttribute("html", "data-theme"), null, "follows the system at first");
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const lightBackground = await background();
  await page.click("button.theme-toggle");
  assert.equal(await page.getAttribute("html", "data-theme"), "dark");
  assert.notEqual(await background(), lightBackground, "the dark theme changes the page colours");
  await page.reload();
  await hydrated(page);
  assert.equal(await page.getAttribute("html", "data-theme"), "dark");
  assert.match(await page.getAttribute("button.theme-toggle", "aria-label"), /light/);
  await screenshot(page, "index-dark", { fullPage: true });
  await page.click("button.theme-toggle");
  await page.reload();
  assert.equal(await page.getAttribute("html", "data-theme"), "light");
  assert.deepEqual(problems, []);
  await context.close();
});

test("keyboard alone reaches and runs the demo, with a visible focus ring", async () => {
  const { context, page, problems } = await open(`lessons/${demoLesson}/`);
  await page.focus("#run-semaphore-knob-LIMIT");
  // The two knobs and the seed, then Run.
  for (let i = 0; i < 3; i++) await page.keyboard.press("Tab");
  const focused = await page.evaluate(() => document.activeElement?.className);
  assert.equal(focused, "run");
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, "none", "the focused button shows an outline");
  await page.keyboard.press("Enter");
  await page.waitForSelector(`${RUNNER}[data-state='ready']`);
  assert.ok((await page.locator("ol.console li").count()) > 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test("a quiz says whether the answer is right and explains it", async () => {
  const { context, page, problems } = await open(`lessons/${demoLesson}/`);
  const quiz = page.locator("form.quiz").first();
  const options = quiz.locator(".quiz-option input");
  const count = await options.count();
  assert.ok(count >= 2);
  assert.ok(await quiz.locator("button[type=submit]").isDisabled(), "nothing chosen yet");
  assert.ok(await quiz.locator(".quiz-reveal").isHidden(), "with JavaScript the check replaces the written answer");
  // Try every option until one is right: exactly one must be.
  let right = 0;
  for (let i = 0; i < count; i++) {
    await quiz.locator(".quiz-option label").nth(i).click();
    assert.ok(await options.nth(i).isChecked());
    await quiz.locator("button[type=submit]").click();
    // Exactly one feedback shows: the one for the option checked.
    const shown = quiz.locator(".quiz-feedback:not([hidden])");
    assert.equal(await shown.count(), 1);
    const verdict = await shown.locator(".quiz-verdict").innerText();
    assert.match(verdict, /^(Right\.|Not quite\.)/);
    if (verdict.startsWith("Right.")) right++;
    assert.ok((await shown.locator("p").last().innerText()).length > 10, "an explanation follows");
  }
  assert.equal(right, 1);
  assert.deepEqual(problems, []);
  await context.close();
});

test("at 360 px wide nothing overflows sideways", async () => {
  for (const path of ["", `lessons/${demoLesson}/`, "playground/", "no/such/page"]) {
    const { context, page, problems } = await open(path, { context: { viewport: { width: 360, height: 740 } }, allow: [url(path)] });
    if (path.startsWith("lessons/") || path === "playground/") {
      await page.locator(`${RUNNER} button.run`).click();
      await page.waitForSelector(`${RUNNER}[data-state='ready']`);
    }
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `${path || "index"} is ${width}px wide`);
    if (path.startsWith("lessons/")) await screenshot(page, "lesson-360px");
    assert.deepEqual(problems, [], path || "index");
    await context.close();
  }
});
