// End-to-end tests of the built site, served under a sub-path, in headless Chromium.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import AxeBuilder from "@axe-core/playwright";
import { launch, url, lessonsFromContent, watch, hydrated, screenshot, nodePrints } from "./helpers.mjs";

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
  await screenshot(page, "index");
  assert.deepEqual(problems, []);
  await context.close();
});

test("every lesson deep link loads with its own title, and still loads after a reload", async () => {
  for (const lesson of lessons) {
    const { context, page, problems, response } = await open(`lessons/${lesson.slug}/`);
    assert.equal(response.status(), 200, lesson.slug);
    assert.equal((await page.locator("h1").innerText()).trim(), lesson.title);
    assert.equal(await page.title(), `${lesson.title} · inflight`);
    await screenshot(page, `lesson-${lesson.slug}`);
    const again = await page.reload({ waitUntil: "load" });
    assert.equal(again.status(), 200);
    await hydrated(page);
    assert.equal((await page.locator("h1").innerText()).trim(), lesson.title);
    assert.deepEqual(problems, [], lesson.slug);
    await context.close();
  }
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
    if (path === "no/such/page") await screenshot(page, "404");
    assert.deepEqual(problems, [], path);
    await context.close();
  }
});

/** How many tasks a run's console says started: the demo prints "task N starts" once per task. */
function startsIn(lines) {
  return lines.filter((l) => / task \d+ starts /.test(l)).length;
}

async function readRun(page) {
  await page.waitForSelector("section.runner[data-state='done']", { timeout: 20_000 });
  const lines = await page.locator("ol.console li").allTextContents();
  const code = await page.locator(".runner-code pre code").textContent();
  return { lines, code };
}

test("Run on the semaphore demo prints exactly what Node prints, and a changed parameter changes it", async () => {
  const { context, page, problems } = await open(`lessons/${demoLesson}/`);
  const runner = page.locator("section.runner[data-demo='semaphore']");
  await runner.scrollIntoViewIfNeeded();
  await runner.locator("button.run").click();
  const first = await readRun(page);
  assert.ok(first.lines.length > 2, "the console shows lines");
  assert.deepEqual(first.lines, nodePrints(first.code).trimEnd().split("\n"), "default run vs Node");

  const limit = Number(await page.inputValue("#demo-semaphore-limit"));
  assert.equal(await runner.locator("rect.bar-run").count(), startsIn(first.lines), "one running bar per task Node started");
  assert.equal(await runner.locator("line.limit-line").count(), 1);
  assert.match(await runner.locator(".run-status").innerText(), new RegExp(`at most ${limit} in flight`));
  assert.match(await runner.locator("svg").getAttribute("aria-label"), new RegExp(`${startsIn(first.lines)} tasks`));
  await screenshot(page, "demo-semaphore-default");

  await page.fill("#demo-semaphore-limit", "1");
  await page.fill("#demo-semaphore-tasks", "5");
  assert.match(await runner.locator(".runner-code code").innerText(), /const LIMIT = 1;/);
  await runner.locator("button.run").click();
  const second = await readRun(page);
  assert.notDeepEqual(second.lines, first.lines);
  assert.deepEqual(second.lines, nodePrints(second.code).trimEnd().split("\n"), "limit 1 run vs Node");
  assert.equal(await runner.locator("rect.bar-run").count(), startsIn(second.lines));
  assert.deepEqual(problems, []);
  await context.close();
});

test("bad parameters get a clear message and disable Run; nothing breaks", async () => {
  const { context, page, problems } = await open(`lessons/${demoLesson}/`);
  const runner = page.locator("section.runner[data-demo='semaphore']");
  for (const bad of ["0", "11", "abc", ""]) {
    await page.fill("#demo-semaphore-limit", bad);
    assert.match(await page.locator("#demo-semaphore-limit-error").innerText(), /Limit k must be a whole number from 1 to 10/, bad);
    assert.equal(await page.getAttribute("#demo-semaphore-limit", "aria-invalid"), "true");
    assert.ok(await runner.locator("button.run").isDisabled(), `Run is disabled for ${JSON.stringify(bad)}`);
  }
  await page.fill("#demo-semaphore-limit", "4");
  assert.equal(await page.locator("#demo-semaphore-limit-error").innerText(), "");
  assert.ok(await runner.locator("button.run").isEnabled());
  assert.deepEqual(problems, []);
  await context.close();
});

test("with motion allowed the run plays over time, and Skip jumps to the end", async () => {
  const { context, page, problems } = await open(`lessons/${demoLesson}/`, { context: { reducedMotion: "no-preference" } });
  const runner = page.locator("section.runner[data-demo='semaphore']");
  const expected = nodePrints(await page.locator(".runner-code pre code").textContent()).trimEnd().split("\n");
  // Every change to the console is recorded as it happens, so "progressively" is a fact about
  // the page, not about how long a sleep in this test lasted.
  await page.evaluate(() => {
    window.__consoleCounts = [];
    const list = document.querySelector("section.runner[data-demo='semaphore'] ol.console");
    const record = () => window.__consoleCounts.push(list.querySelectorAll("li").length);
    new MutationObserver(record).observe(list, { childList: true, subtree: true });
  });
  await runner.locator("button.run").click();
  await page.waitForSelector("section.runner[data-state='playing']");
  // Wait for the console to have grown three times (its first few steps), then skip the rest.
  await page.waitForFunction(() => new Set(window.__consoleCounts.filter((n) => n > 0)).size >= 3, null, { timeout: 10_000 });
  await runner.locator("button.skip").click();
  const { lines } = await readRun(page);
  assert.deepEqual(lines, expected, "after Skip the console holds everything Node printed");
  const counts = await page.evaluate(() => window.__consoleCounts);
  const partial = [...new Set(counts.filter((n) => n > 0 && n < expected.length))];
  assert.ok(partial.length >= 2, `lines appeared a few at a time, not all at once: counts seen ${JSON.stringify(counts)}`);
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
  await screenshot(page, "index-dark");
  await page.click("button.theme-toggle");
  await page.reload();
  assert.equal(await page.getAttribute("html", "data-theme"), "light");
  assert.deepEqual(problems, []);
  await context.close();
});

test("hydration leaves the prerendered content exactly as it was: nothing duplicated, nothing missing", async () => {
  const paths = ["", ...lessons.map((l) => `lessons/${l.slug}/`), `lessons/${demoLesson}/index.html`, "no/such/page"];
  for (const path of paths) {
    const plain = await browser.newContext({ javaScriptEnabled: false });
    const before = await plain.newPage();
    await before.goto(url(path));
    // Text and element structure, independent of styling. Hydration may hide the no-JavaScript
    // note and enable controls, nothing else.
    const snapshot = () => ({
      text: document.body.textContent,
      tags: [...document.body.querySelectorAll("*")].map((e) => e.tagName).join(" "),
    });
    const server = await before.evaluate(snapshot);
    await plain.close();

    const { context, page, problems } = await open(path, { allow: [url(path)] });
    const client = await page.evaluate(snapshot);
    assert.equal(client.text, server.text, path);
    assert.equal(client.tags, server.tags, path);
    assert.equal(await page.locator("header.site-header").count(), 1);
    assert.equal(await page.locator("main").count(), 1);
    assert.deepEqual(problems, [], path);
    await context.close();
  }
});

test("with JavaScript off every lesson is readable and the demo says it needs JavaScript", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  for (const lesson of lessons) {
    await page.goto(url(`lessons/${lesson.slug}/`));
    assert.equal((await page.locator("h1").innerText()).trim(), lesson.title);
    const words = (await page.locator(".lesson-body").innerText()).split(/\s+/).length;
    assert.ok(words > 300, `${lesson.slug} shows its text (${words} words)`);
  }
  await page.goto(url(`lessons/${demoLesson}/`));
  assert.ok(await page.locator(".needs-js").isVisible());
  assert.ok(await page.locator("section.runner button.run").isDisabled());
  assert.match(await page.locator(".runner-code code").innerText(), /class Semaphore/);
  await screenshot(page, "lesson-no-javascript");
  await context.close();
});

test("pages have no serious accessibility violations (axe-core), in both themes", async () => {
  for (const scheme of ["light", "dark"]) {
    for (const path of ["", `lessons/${demoLesson}/`]) {
      const { context, page, problems } = await open(path, { context: { colorScheme: scheme } });
      if (path) {
        await page.locator("section.runner button.run").click();
        await page.waitForSelector("section.runner[data-state='done']");
      }
      const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21aa"]).analyze();
      const serious = results.violations
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")})`);
      assert.deepEqual(serious, [], `${scheme} ${path || "index"}`);
      assert.deepEqual(problems, [], `${scheme} ${path || "index"}`);
      await context.close();
    }
  }
});

test("keyboard alone reaches and runs the demo, with a visible focus ring", async () => {
  const { context, page, problems } = await open(`lessons/${demoLesson}/`);
  await page.focus("#demo-semaphore-limit");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  const focused = await page.evaluate(() => document.activeElement?.className);
  assert.equal(focused, "run");
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, "none", "the focused button shows an outline");
  await page.keyboard.press("Enter");
  await page.waitForSelector("section.runner[data-state='done']");
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
  // Try every option until one is right: exactly one must be.
  let right = 0;
  for (let i = 0; i < count; i++) {
    await quiz.locator(".quiz-option label").nth(i).click();
    assert.ok(await options.nth(i).isChecked());
    await quiz.locator("button[type=submit]").click();
    const verdict = await quiz.locator(".quiz-verdict").innerText();
    assert.match(verdict, /^(Right\.|Not quite\.)/);
    if (verdict.startsWith("Right.")) right++;
    assert.ok((await quiz.locator(".quiz-feedback p").last().innerText()).length > 10, "an explanation follows");
  }
  assert.equal(right, 1);
  assert.deepEqual(problems, []);
  await context.close();
});

test("at 360 px wide nothing overflows sideways", async () => {
  for (const path of ["", `lessons/${demoLesson}/`, "no/such/page"]) {
    const { context, page, problems } = await open(path, { context: { viewport: { width: 360, height: 740 } }, allow: [url(path)] });
    if (path.startsWith("lessons/")) {
      await page.locator("section.runner button.run").click();
      await page.waitForSelector("section.runner[data-state='done']");
    }
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `${path || "index"} is ${width}px wide`);
    if (path.startsWith("lessons/")) await screenshot(page, "lesson-360px");
    assert.deepEqual(problems, [], path || "index");
    await context.close();
  }
});
