// End-to-end tests of whole pages, in headless Chromium, none of which measures time (so they
// may run beside other files): every lesson by its deep link, hydration that changes nothing
// prerendered, every lesson without JavaScript, and axe-core on the index, a runner after a run
// and the playground.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import AxeBuilder from "@axe-core/playwright";
import { launch, url, lessonsFromContent, watch, hydrated, screenshot } from "./helpers.mjs";

const lessons = lessonsFromContent();
const demoLesson = "bounded-concurrency";
const RUNNER = "section.runner:is([data-runner='run-semaphore'], [data-runner='playground'])";
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
  const problems = watch(page, { allow: options.allow ?? [] });
  const response = await page.goto(url(path), { waitUntil: "load" });
  await hydrated(page);
  return { context, page, problems, response };
}

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

test("hydration leaves the prerendered content exactly as it was: nothing duplicated, nothing missing", async () => {
  const paths = ["", ...lessons.map((l) => `lessons/${l.slug}/`), `lessons/${demoLesson}/index.html`, "review/", "no/such/page"];
  for (const path of paths) {
    const plain = await browser.newContext({ javaScriptEnabled: false });
    const before = await plain.newPage();
    await before.goto(url(path));
    // Text and element structure, independent of styling. Hydration may hide the no-JavaScript
    // note and enable controls, write its status lines, and it shuffles each question's options (and lines to arrange)
    // for the reader: both sides are put back in one order (by option value, by line) first.
    const snapshot = () => {
      const body = document.body.cloneNode(true);
      // What the page writes into its own status regions (the review page's summary) is its
      // output, not prerendered content.
      for (const live of body.querySelectorAll(".review-summary")) live.textContent = "";
      const key = (el) => el.querySelector("input")?.value ?? el.dataset.line ?? "";
      for (const parent of body.querySelectorAll("form.quiz fieldset, .quiz-arrange")) {
        const items = [...parent.children].filter((c) => c.matches(".quiz-option, .quiz-line"));
        items.sort((a, b) => key(a).localeCompare(key(b), "en", { numeric: true }));
        for (const item of items) parent.appendChild(item);
      }
      return { text: body.textContent, tags: [...body.querySelectorAll("*")].map((e) => e.tagName).join(" ") };
    };
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
  assert.ok(await page.locator(`${RUNNER} .needs-js`).isVisible());
  assert.ok(await page.locator(`${RUNNER} button.run`).isDisabled());
  assert.match(await page.locator(`${RUNNER} .runner-code pre`).innerText(), /class Semaphore/);
  await screenshot(page, "lesson-no-javascript");
  await context.close();
});

test("pages have no serious accessibility violations (axe-core), in both themes", async () => {
  // The index and the playground whole; on a lesson, the runner after a run with every view
  // open (the whole lesson page, before any run, is checked in lessons.test.mjs).
  for (const scheme of ["light", "dark"]) {
    for (const path of ["", `lessons/${demoLesson}/`, "playground/"]) {
      const { context, page, problems } = await open(path, { context: { colorScheme: scheme } });
      if (path === "playground/") await page.locator(`${RUNNER} .cm-content`).waitFor({ timeout: 15_000 });
      if (path) {
        await page.locator(`${RUNNER} button.run`).click();
        await page.waitForSelector(`${RUNNER}[data-state='ready']`);
        await page.locator(`${RUNNER} details.events-pane > summary`).click();
      }
      const axe = new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21aa"]);
      const results = await (path.startsWith("lessons/") ? axe.include(RUNNER) : axe).analyze();
      const serious = results.violations
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")})`);
      assert.deepEqual(serious, [], `${scheme} ${path || "index"}`);
      assert.deepEqual(problems, [], `${scheme} ${path || "index"}`);
      await context.close();
    }
  }
});
