// Search, end to end in headless Chromium: the header's button and shortcuts open a dialog over
// Pagefind's index of the lessons (built by `cargo xtask build`), which loads nothing until it
// is opened; a word finds the lessons that have it, with links under the site's base path; the
// questions' answers are not in the index; Escape closes it and gives the focus back; and it is
// accessible and fits a 360 px screen, in both themes.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import AxeBuilder from "@axe-core/playwright";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { launch, url, watch, hydrated, lessonsFromContent, repo, SITE_URL, SCREENSHOTS } from "./helpers.mjs";

const lessons = lessonsFromContent();
const base = new URL(SITE_URL).pathname;
let browser;

before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Requests for search's files: the module and Pagefind's bundle. */
const isSearchFile = (address) => /\/search-[0-9a-f]+\.js$/.test(new URL(address).pathname) || new URL(address).pathname.startsWith(`${base}pagefind/`);

/** What the reader sees: the viewport, with the dialog over the page. */
const screenshot = (page, name) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });

async function open(path, context = {}) {
  const ctx = await browser.newContext({ reducedMotion: "reduce", ...context });
  const page = await ctx.newPage();
  const problems = watch(page);
  const requests = [];
  ctx.on("request", (req) => requests.push(req.url()));
  await page.goto(url(path), { waitUntil: "load" });
  await hydrated(page);
  return { context: ctx, page, problems, requests };
}

const dialog = (page) => page.locator("dialog.search-dialog");
const field = (page) => page.locator("dialog.search-dialog input#search-field");
const status = (page) => page.locator("dialog.search-dialog .search-status");
const results = (page) => page.locator("dialog.search-dialog .search-results > li");

/** Types `term` into the open dialog and waits until the status says what it found. */
async function searchFor(page, term) {
  await field(page).fill(term);
  await page.waitForFunction(
    (t) => (document.querySelector("dialog.search-dialog .search-status")?.textContent ?? "").includes(`“${t}”`),
    term,
    { timeout: 15_000 },
  );
}

/**
 * Each lesson's text as content/ writes it, split into its questions (```quiz blocks) and the
 * rest (prose, code and runners): what search must find, and what it must not.
 */
function lessonText() {
  const dir = join(repo, "content");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".md") && !f.startsWith("_"))
    .map((f) => {
      const text = readFileSync(join(dir, f), "utf8");
      const slug = text.match(/^slug:\s*(.*)$/m)[1].trim();
      const quizzes = [...text.matchAll(/^```quiz[^\n]*\n([\s\S]*?)^```$/gm)].map((m) => m[1]).join("\n");
      const rest = text.replace(/^```quiz[^\n]*\n[\s\S]*?^```$/gm, "");
      const prose = text.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, "");
      return { slug, quizzes, rest, prose };
    });
}

/**
 * The lessons whose text, not counting their questions, has `word`, case aside, or a word that
 * starts as it does but for its last three letters: Pagefind stems words, so "compounded"
 * also finds "compound".
 */
function lessonsWith(word) {
  const re = new RegExp(`\\b${word.slice(0, Math.max(4, word.length - 3))}`, "i");
  return lessonText().filter((l) => re.test(l.rest)).map((l) => l.slug);
}

test("the page fetches nothing of search until it is opened; the button opens it, loading, then ready", async () => {
  const { context, page, problems, requests } = await open(`lessons/backpressure/`);
  const button = page.locator("button.search-open");
  assert.ok(await button.isVisible(), "with JavaScript the button shows");
  // The page at rest, and scrolled through (runners load their interpreter as they come near).
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await page.waitForTimeout(800);
  assert.deepEqual(requests.filter(isSearchFile), [], "no request for search's files before it is opened");
  assert.equal(await dialog(page).count(), 0, "no dialog in the page before it is opened");

  // Pagefind held back a moment, so the loading state can be seen and heard.
  let release;
  const held = new Promise((r) => (release = r));
  await page.route("**/pagefind/pagefind.js", async (route) => {
    await held;
    await route.continue();
  });
  await page.evaluate(() => window.scrollTo(0, 0));
  await button.click();
  await dialog(page).waitFor();
  assert.ok(await dialog(page).evaluate((d) => d.open && d.matches(":modal")), "a modal dialog");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "search-field", "the field has the focus");
  assert.equal(await status(page).getAttribute("aria-live"), "polite");
  await page.waitForFunction(() => /Loading/.test(document.querySelector(".search-status")?.textContent ?? ""));
  release();
  await page.waitForFunction(() => document.querySelector(".search-status")?.textContent === "", null, { timeout: 15_000 });
  const loaded = requests.filter(isSearchFile).map((u) => new URL(u).pathname.slice(base.length));
  assert.ok(loaded.some((p) => p === "pagefind/pagefind.js"), loaded.join(", "));
  assert.deepEqual(problems, []);
  await context.close();
});

test("a word only one lesson has finds that lesson, with its title, a marked excerpt and a link under the base path", async () => {
  assert.deepEqual(lessonsWith("highWaterMark"), ["backpressure"], "content/: only the backpressure lesson has the word");
  const title = lessons.find((l) => l.slug === "backpressure").title;
  const { context, page, problems } = await open("");
  await page.locator("button.search-open").click();
  await searchFor(page, "highWaterMark");
  assert.equal(await results(page).count(), 1);
  assert.equal(await status(page).innerText(), "1 lesson matches “highWaterMark”.");
  const link = results(page).first().locator("a");
  assert.equal((await link.innerText()).trim(), title);
  const href = await link.getAttribute("href");
  assert.equal(href, `${base}lessons/backpressure/`, "the link is under the site's base path");
  const marks = await results(page).first().locator(".search-excerpt mark").allInnerTexts();
  assert.ok(marks.length > 0 && marks.every((m) => /highwatermark/i.test(m)), `marked: ${marks}`);
  await screenshot(page, "search-results");
  await link.click();
  await page.waitForURL(url("lessons/backpressure/"));
  await hydrated(page);
  assert.equal((await page.locator("h1").innerText()).trim(), title);
  assert.deepEqual(problems, []);
  await context.close();
});

test("a name only a runner's program has finds its lesson: runner code is searchable", async () => {
  assert.deepEqual(lessonsWith("OpenCircuitError"), ["circuit-breakers"]);
  assert.ok(!lessonText().some((l) => /OpenCircuitError/i.test(l.prose)), "content/: the name is only in code");
  const { context, page, problems } = await open("");
  await page.locator("button.search-open").click();
  await searchFor(page, "OpenCircuitError");
  const hrefs = await results(page).locator("a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  assert.deepEqual(hrefs, [`${base}lessons/circuit-breakers/`]);
  assert.deepEqual(problems, []);
  await context.close();
});

test("a nonsense word says, in the live region, that no lesson matches", async () => {
  const { context, page, problems } = await open("lessons/event-loop/");
  await page.locator("button.search-open").click();
  await searchFor(page, "qzxvwkjh");
  assert.equal(await results(page).count(), 0);
  assert.equal(await status(page).innerText(), "No lesson matches “qzxvwkjh”.");
  assert.equal(await status(page).getAttribute("role"), "status");
  // A word again: the results come back, and the status says so.
  await searchFor(page, "microtask");
  assert.ok((await results(page).count()) >= 1);
  assert.match(await status(page).innerText(), /^\d+ lessons? match/);
  assert.deepEqual(problems, []);
  await context.close();
});

/** Text as the page shows it: a markdown line without its backticks, emphasis and link targets. */
const shown = (line) => line.replace(/`/g, "").replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/\*\*?|__?/g, "").replace(/\s+/g, " ").trim();

test("the index holds each lesson's article, prose and runners, and none of its questions, controls or line numbers", async () => {
  const { context, page, problems } = await open("");
  // Every page Pagefind indexed, read through its own API (a search for nothing lists them).
  const indexed = await page.evaluate(async (base) => {
    const pf = await import(`${base}pagefind/pagefind.js`);
    await pf.options({ baseUrl: base });
    const all = await pf.search(null);
    return Promise.all(all.results.map(async (r) => {
      const d = await r.data();
      return { url: d.url, title: d.meta.title, content: d.content };
    }));
  }, base);
  assert.deepEqual(indexed.map((p) => p.url).sort(), lessons.map((l) => `${base}lessons/${l.slug}/`).sort(), "the lesson pages, and only they");
  for (const lesson of lessonText()) {
    const { title, content } = indexed.find((p) => p.url === `${base}lessons/${lesson.slug}/`);
    assert.equal(title, lessons.find((l) => l.slug === lesson.slug).title);
    const summary = readFileSync(join(repo, "content", `${lesson.slug}.md`), "utf8").match(/^summary:\s*(.*)$/m)[1];
    assert.ok(content.includes(shown(summary)), `${lesson.slug}: the summary is indexed`);
    // Questions, hints, options, explanations and answers: not one line of them. (A predict
    // question's program, after its `---`, is code like the lesson's own.)
    const marker = /^\s*(\?|hint:|- \[[ x]\]|>|=)\s*/;
    const lines = lesson.quizzes.split("\n").filter((l) => marker.test(l)).map((l) => shown(l.replace(marker, ""))).filter((l) => l.split(" ").length >= 6);
    assert.ok(lines.length > 0, `${lesson.slug} has questions`);
    for (const line of lines) assert.ok(!content.includes(line), `${lesson.slug}: a question's text is indexed: ${line}`);
    for (const chrome of ["Turn on JavaScript to run it", "Every event, as a table", "Copy a link to this run", "Related lessons", "min read", "Run it "]) {
      assert.ok(!content.includes(chrome), `${lesson.slug}: "${chrome}" is indexed`);
    }
    assert.ok(!/\b1 2 3 4 5 6 7 8\b/.test(content), `${lesson.slug}: code line numbers are indexed`);
  }
  // A runner's program is indexed.
  const breakers = indexed.find((p) => p.url.endsWith("/circuit-breakers/")).content;
  assert.ok(breakers.includes("class OpenCircuitError extends Error"), "the runner's code is in the index");
  assert.deepEqual(problems, []);
  await context.close();
});

test("the keyboard opens it (Enter on the button, / and Ctrl+K), Escape closes it and the focus goes back", async () => {
  const { context, page, problems } = await open("lessons/bounded-concurrency/");
  const button = page.locator("button.search-open");
  // Tab from the top of the page reaches the button.
  await page.locator(".skip-link").focus();
  let reached = false;
  for (let i = 0; i < 8 && !reached; i++) {
    await page.keyboard.press("Tab");
    reached = await button.evaluate((b) => b === document.activeElement);
  }
  assert.ok(reached, "Tab reaches the search button");
  assert.notEqual(await button.evaluate((b) => getComputedStyle(b).outlineStyle), "none", "with a visible focus ring");
  await page.keyboard.press("Enter");
  await dialog(page).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), "search-field");
  await page.keyboard.type("semaphore");
  await page.waitForFunction(() => /match/.test(document.querySelector(".search-status")?.textContent ?? ""), null, { timeout: 15_000 });
  // ArrowDown goes to the first result and back up to the field.
  await page.keyboard.press("ArrowDown");
  assert.equal(await page.evaluate(() => document.activeElement?.className), "search-result-title");
  await page.keyboard.press("ArrowUp");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "search-field");
  await page.keyboard.press("Escape");
  await page.waitForFunction(() => !document.querySelector("dialog.search-dialog").open);
  assert.ok(await button.evaluate((b) => b === document.activeElement), "the focus is back on the button");

  // "/" opens it from the page; it comes back with the last search.
  await page.locator("h1").click();
  await page.keyboard.press("/");
  await page.waitForFunction(() => document.querySelector("dialog.search-dialog").open);
  assert.equal(await field(page).inputValue(), "semaphore");
  await page.keyboard.press("Escape");
  await page.waitForFunction(() => !document.querySelector("dialog.search-dialog").open);
  // In a text field "/" is typed, not taken; Ctrl+K opens search from there too, and Escape
  // gives the field its focus back.
  const seed = page.locator("#run-semaphore-seed");
  await seed.focus();
  await page.keyboard.press("/");
  assert.equal(await dialog(page).evaluate((d) => d.open), false, "/ in a field types");
  await page.keyboard.press("Control+k");
  await page.waitForFunction(() => document.querySelector("dialog.search-dialog").open);
  await page.keyboard.press("Escape");
  await page.waitForFunction(() => !document.querySelector("dialog.search-dialog").open);
  assert.equal(await page.evaluate(() => document.activeElement?.id), "run-semaphore-seed");
  // The close button and a click on the backdrop close it too.
  await button.click();
  await page.locator("button.search-close").click();
  assert.equal(await dialog(page).evaluate((d) => d.open), false);
  await button.click();
  await page.mouse.click(5, 700);
  assert.equal(await dialog(page).evaluate((d) => d.open), false, "a click outside closes it");
  assert.deepEqual(problems, []);
  await context.close();
});

test("with the dialog open and results shown there are no serious accessibility violations (axe-core), in both themes", async () => {
  for (const colorScheme of ["light", "dark"]) {
    const { context, page, problems } = await open("lessons/backpressure/", { colorScheme });
    await page.locator("button.search-open").click();
    await searchFor(page, "drain");
    assert.ok((await results(page).count()) >= 2, "several lessons mention drain");
    const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21aa"]).analyze();
    const serious = axe.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")})`);
    assert.deepEqual(serious, [], colorScheme);
    // The dialog has its name from the label, and the field is labelled.
    assert.equal(await page.getByRole("dialog", { name: "Search the lessons" }).count(), 1);
    assert.equal(await page.getByRole("searchbox", { name: "Search the lessons" }).count(), 1);
    await screenshot(page, `search-${colorScheme}`);
    assert.deepEqual(problems, [], colorScheme);
    await context.close();
  }
});

test("at 360 px wide the button and the dialog fit: nothing scrolls sideways", async () => {
  const { context, page, problems } = await open("lessons/backpressure/", { viewport: { width: 360, height: 740 } });
  const box = await page.locator("button.search-open").boundingBox();
  assert.ok(box && box.x >= 0 && box.x + box.width <= 360, `the button at ${JSON.stringify(box)}`);
  await page.locator("button.search-open").click();
  await searchFor(page, "request");
  assert.ok((await results(page).count()) >= 3);
  const fit = await page.evaluate(() => {
    const d = document.querySelector("dialog.search-dialog");
    const r = d.getBoundingClientRect();
    const list = d.querySelector(".search-results");
    return { page: document.documentElement.scrollWidth, left: r.left, right: r.right, bottom: r.bottom, list: list.scrollWidth - list.clientWidth, panel: d.scrollWidth - d.clientWidth };
  });
  assert.ok(fit.page <= 360, `the page is ${fit.page}px wide`);
  assert.ok(fit.left >= 0 && fit.right <= 360 && fit.bottom <= 740, `the dialog is at ${JSON.stringify(fit)}`);
  assert.equal(fit.list, 0, "the results do not scroll sideways");
  assert.equal(fit.panel, 0, "the dialog does not scroll sideways");
  await screenshot(page, "search-360px");
  assert.deepEqual(problems, []);
  await context.close();
});

test("with reduced motion the dialog opens without animation, and with motion allowed it eases in", async () => {
  for (const reducedMotion of ["reduce", "no-preference"]) {
    const { context, page, problems } = await open("", { reducedMotion });
    await page.locator("button.search-open").click();
    await dialog(page).waitFor();
    const animation = await dialog(page).evaluate((d) => getComputedStyle(d).animationName);
    assert.equal(animation === "none", reducedMotion === "reduce", `${reducedMotion}: ${animation}`);
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test("without JavaScript the search button is not shown", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  for (const path of ["", "lessons/backpressure/"]) {
    await page.goto(url(path));
    assert.equal(await page.locator("button.search-open").count(), 1);
    assert.ok(await page.locator("button.search-open").isHidden(), path || "index");
  }
  await context.close();
});
