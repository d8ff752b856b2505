// Predict-the-output questions and the reader's progress, end to end in headless Chromium:
// arranging lines by keyboard and by dragging; answers kept across a reload and shared with
// another tab; the index's progress and "continue" link; export into a fresh browser; reset;
// damaged or newer saved data; and the review page, with the clock moved forward.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launch, url, watch, hydrated, arrangeByKeyboard, arranged as lines } from "./helpers.mjs";

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const KEY = "inflight-progress";
const DAY = 86_400_000;

async function open(context, path) {
  const page = await context.newPage();
  const problems = watch(page);
  await page.goto(url(path), { waitUntil: "load" });
  await hydrated(page);
  return { page, problems };
}

const fresh = () => browser.newContext({ reducedMotion: "reduce" });

/** The shown verdict of a question. */
async function verdict(quiz) {
  const shown = quiz.locator(".quiz-feedback:not([hidden])");
  assert.equal(await shown.count(), 1);
  return shown.locator(".quiz-verdict").innerText();
}

test("a predict question: lines start out of order, a wrong order is missed, the keyboard puts them right, and the runner appears", async () => {
  const context = await fresh();
  const { page, problems } = await open(context, "lessons/event-loop/");
  const quiz = page.locator("form.quiz[data-quiz-kind='predict'][data-predict-input='arrange']").first();
  await quiz.scrollIntoViewIfNeeded();
  const answer = (await quiz.getAttribute("data-answer")).split("\n");
  assert.ok(answer.length >= 2);
  const start = await lines(quiz);
  assert.deepEqual([...start].sort(), [...answer].sort(), "the lines to arrange are the answer's");
  assert.notDeepEqual(start, answer, "they do not start in the answer's order");
  assert.ok(await quiz.locator(".quiz-reveal").isHidden(), "the written answer is hidden once the page checks");
  const run = page.locator(".quiz-run").first();
  assert.ok(await run.isHidden(), "the runner waits until the question is answered");

  await quiz.locator("button[type=submit]").click();
  assert.match(await verdict(quiz), /^Not quite\. It prints:/);
  assert.match(await quiz.locator(".quiz-attempt").innerText(), /Missed on the first try/);
  assert.ok(await run.isVisible(), "answered: the program can be run");

  // One drag moves a line (the mouse), then the keyboard alone finishes the order.
  const before = await lines(quiz);
  // Dropped on the lower half of the third line: after it (a line the viewport shows, as a
  // drag does not scroll).
  const third = quiz.locator(".quiz-line").nth(2);
  const { height } = await third.boundingBox();
  await quiz.locator(".quiz-line").nth(0).dragTo(third, { targetPosition: { x: 10, y: height - 4 } });
  const dragged = await lines(quiz);
  assert.deepEqual(dragged.slice(0, 3), [before[1], before[2], before[0]], `the dragged line went third: ${dragged}`);
  assert.equal(await quiz.locator(".quiz-feedback:not([hidden])").count(), 0, "moving a line hides the old verdict");
  await arrangeByKeyboard(quiz, answer);
  assert.deepEqual(await lines(quiz), answer);
  assert.match(await quiz.locator(".quiz-moved").innerText(), /is now line \d+ of \d+\./, "each move is announced");
  // The move buttons work too: down then up leaves the order as it was.
  await quiz.locator(".quiz-line").nth(0).locator("[data-move=down]").click();
  assert.equal((await lines(quiz))[1], answer[0]);
  await quiz.locator(".quiz-line").nth(1).locator("[data-move=up]").click();
  assert.deepEqual(await lines(quiz), answer);

  await quiz.locator("button[type=submit]").click();
  assert.match(await verdict(quiz), /^Right\./);
  assert.match(await quiz.locator(".quiz-attempt").innerText(), /Right on try 2\. The first try counts as missed\./);
  assert.deepEqual(problems, []);
  await context.close();
});

test("answers stay after a reload and reach another open tab; the index shows progress and where to continue", async () => {
  const context = await fresh();
  const { page, problems } = await open(context, "lessons/backpressure/");
  const single = page.locator("form.quiz[data-quiz-kind='single']").first();
  const id = await single.getAttribute("data-quiz");
  await single.scrollIntoViewIfNeeded();
  // A wrong option, by its data, wherever the reader's shuffle put it.
  const wrong = single.locator(".quiz-option input[data-right='false']").first();
  const wrongValue = await wrong.getAttribute("value");
  await single.locator(`label[for='${await wrong.getAttribute("id")}']`).click();
  await single.locator("button[type=submit]").click();
  assert.match(await verdict(single), /^Not quite\./);

  // A second tab of the same lesson answers the short question; the first tab sees it.
  const { page: other, problems: otherProblems } = await open(context, "lessons/backpressure/");
  const short = other.locator("form.quiz[data-quiz='node-20-high-water-mark']");
  await short.locator("input.quiz-answer").fill("16384");
  await short.locator("button[type=submit]").click();
  assert.match(await verdict(short), /^Right\./);
  const mirrored = page.locator("form.quiz[data-quiz='node-20-high-water-mark']");
  await mirrored.locator(".quiz-feedback[data-for='right']:not([hidden])").waitFor({ timeout: 5000 });
  assert.equal(await mirrored.locator("input.quiz-answer").inputValue(), "16384", "the other tab's answer shows here, without a reload");
  // And the other tab kept this tab's answer: nothing overwritten.
  const saved = JSON.parse(await other.evaluate((k) => localStorage.getItem(k), KEY));
  assert.ok(saved.questions[id] && saved.questions["node-20-high-water-mark"], Object.keys(saved.questions).join(", "));
  await other.close();

  await page.reload({ waitUntil: "load" });
  await hydrated(page);
  const again = page.locator(`form.quiz[data-quiz='${id}']`);
  assert.equal(await again.locator(`.quiz-option input[value='${wrongValue}']`).isChecked(), true, "the chosen option is back");
  assert.match(await verdict(again), /^Not quite\./);
  assert.match(await again.locator(".quiz-attempt").innerText(), /Missed on the first try/);
  assert.ok(await again.locator(".quiz-retry").isVisible(), "a missed question offers Try again");

  const { page: index, problems: indexProblems } = await open(context, "");
  const card = index.locator("[data-progress-for='backpressure']");
  assert.match(await card.innerText(), /^2 of \d+ questions answered, 1 right on the first try$/);
  const resume = index.locator(".continue a");
  assert.equal(await resume.innerText(), "Backpressure");
  assert.match(await resume.getAttribute("href"), /\/lessons\/backpressure\/$/);
  assert.equal(await index.locator("[data-progress-for='event-loop']").isHidden(), true, "an untouched lesson shows nothing");
  assert.deepEqual([...problems, ...otherProblems, ...indexProblems], []);
  await context.close();
});

test("progress exported to a file imports into a fresh browser; reset clears it after asking", async () => {
  const context = await fresh();
  const { page } = await open(context, "lessons/backpressure/");
  const short = page.locator("form.quiz[data-quiz='node-20-high-water-mark']");
  await short.locator("input.quiz-answer").fill("64 KiB");
  await short.locator("button[type=submit]").click();
  const { page: index, problems } = await open(context, "");
  const [download] = await Promise.all([index.waitForEvent("download"), index.locator("[data-progress=export]").click()]);
  const file = join(mkdtempSync(join(tmpdir(), "inflight-export-")), "inflight-progress.json");
  await download.saveAs(file);
  assert.equal(download.suggestedFilename(), "inflight-progress.json");
  const text = readFileSync(file, "utf8");
  assert.equal(JSON.parse(text).format, "inflight-progress-export");
  await context.close();

  const elsewhere = await fresh();
  const { page: second, problems: secondProblems } = await open(elsewhere, "");
  assert.ok(await second.locator("[data-progress-for='backpressure']").isHidden(), "a fresh browser has no progress");
  await second.locator("[data-progress=import]").setInputFiles(file);
  await second.locator(".progress-status").filter({ hasText: "Imported" }).waitFor();
  assert.match(await second.locator("[data-progress-for='backpressure']").innerText(), /^1 of \d+ questions answered, 0 right/);
  const lesson = await elsewhere.newPage();
  await lesson.goto(url("lessons/backpressure/"));
  await hydrated(lesson);
  const restored = lesson.locator("form.quiz[data-quiz='node-20-high-water-mark']");
  assert.equal(await restored.locator("input.quiz-answer").inputValue(), "64 KiB");
  assert.match(await verdict(restored), /^Not quite\./);
  await lesson.close();

  // Reset: dismissing the question keeps everything; accepting clears it.
  second.once("dialog", (d) => d.dismiss());
  await second.locator("[data-progress=reset]").click();
  assert.ok(await second.locator("[data-progress-for='backpressure']").isVisible());
  second.once("dialog", (d) => d.accept());
  await second.locator("[data-progress=reset]").click();
  assert.ok(await second.locator("[data-progress-for='backpressure']").isHidden());
  assert.equal(await second.locator(".continue").isHidden(), true);
  const after = JSON.parse(await second.evaluate((k) => localStorage.getItem(k), KEY));
  assert.deepEqual(after.questions, {});
  assert.ok(after.reset_at > 0);

  // A file that is not an export says so, and changes nothing.
  await second.locator("[data-progress=import]").setInputFiles({ name: "x.json", mimeType: "application/json", buffer: Buffer.from('{"hello":1}') });
  await second.locator(".progress-status").filter({ hasText: "not a progress export" }).waitFor();
  assert.deepEqual([...problems, ...secondProblems], []);
  await elsewhere.close();
});

test("damaged saved progress is set aside with a notice and the page works; a newer version's is left untouched", async () => {
  for (const [stored, expect] of [
    ['{"version":1,"questions":{"x":', /could not be read .*set aside/],
    ['{"version":7,"questions":{}}', /newer version of this site/],
  ]) {
    const context = await fresh();
    await context.addInitScript(([k, v]) => {
      if (!sessionStorage.getItem("seeded")) {
        localStorage.setItem(k, v);
        sessionStorage.setItem("seeded", "1");
      }
    }, [KEY, stored]);
    const { page, problems } = await open(context, "lessons/backpressure/");
    const notice = page.locator(".progress-notice");
    await notice.waitFor();
    assert.match(await notice.innerText(), expect);
    const kept = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("inflight-progress-set-aside-")).map((k) => localStorage.getItem(k)));
    assert.deepEqual(kept, [stored], "the original text is copied aside whole");
    const short = page.locator("form.quiz[data-quiz='node-20-high-water-mark']");
    await short.locator("input.quiz-answer").fill("16384");
    await short.locator("button[type=submit]").click();
    assert.match(await verdict(short), /^Right\./, "the quiz still works");
    const now = await page.evaluate((k) => localStorage.getItem(k), KEY);
    if (expect.source.includes("newer")) assert.equal(now, stored, "a newer site's document is not overwritten");
    else assert.ok(JSON.parse(now).questions["node-20-high-water-mark"], "a fresh document is saved in place of the damaged one");
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test("the review page brings a missed question back when it is due, and explains itself without JavaScript", async () => {
  const context = await fresh();
  const { page } = await open(context, "lessons/backpressure/");
  const short = page.locator("form.quiz[data-quiz='node-20-high-water-mark']");
  await short.locator("input.quiz-answer").fill("64 KiB");
  await short.locator("button[type=submit]").click();

  const { page: review, problems } = await open(context, "review/");
  assert.ok(await review.locator(".review-nojs").isHidden());
  assert.match(await review.locator(".review-summary").innerText(), /^Nothing is due\. The next review is on .* \(within a day\)\.$/);
  assert.equal(await review.locator("[data-review]:not([hidden])").count(), 0);
  await review.close();

  // Two days later, on the reader's clock.
  const later = await context.newPage();
  await later.clock.install({ time: Date.now() + 2 * DAY });
  const laterProblems = watch(later);
  await later.goto(url("review/"));
  await hydrated(later);
  assert.match(await later.locator(".review-summary").innerText(), /^1 question is due\./);
  const item = later.locator("[data-review='node-20-high-water-mark']");
  assert.ok(await item.isVisible());
  const quiz = item.locator("form.quiz");
  assert.equal(await quiz.locator("input.quiz-answer").inputValue(), "", "it comes back unanswered");
  await quiz.locator("input.quiz-answer").fill("16 KiB");
  await quiz.locator("button[type=submit]").click();
  assert.match(await verdict(quiz), /^Right\./);
  const saved = JSON.parse(await later.evaluate((k) => localStorage.getItem(k), KEY));
  assert.equal(saved.questions["node-20-high-water-mark"].review.box, 2, "right when due: up one box, due in 3 days");
  assert.deepEqual([...problems, ...laterProblems], []);
  await context.close();

  const off = await browser.newContext({ javaScriptEnabled: false });
  const plain = await off.newPage();
  await plain.goto(url("review/"));
  assert.match(await plain.locator(".review-nojs").innerText(), /^Reviews need JavaScript/);
  await off.close();
});

test("a typed prediction: a wrong guess is missed; the lines, with spaces at their ends, are right", async () => {
  const context = await fresh();
  const { page, problems } = await open(context, "lessons/idempotency/");
  const quiz = page.locator("form.quiz[data-quiz-kind='predict'][data-predict-input='type']").first();
  await quiz.scrollIntoViewIfNeeded();
  const answer = (await quiz.getAttribute("data-answer")).split("\n");
  const field = quiz.locator("textarea.quiz-answer");
  const check = quiz.locator("button[type=submit]");
  assert.ok(await check.isDisabled(), "nothing typed yet");
  await field.fill(["a line it never prints", ...answer].join("\n"));
  await check.click();
  assert.match(await verdict(quiz), /^Not quite\. It prints:/);
  assert.equal(await quiz.locator(".quiz-feedback[data-for='wrong'] .quiz-lines li").count(), answer.length, "the wrong verdict shows every line");
  await field.fill(answer.map((l) => `${l}  `).join("\n") + "\n\n");
  assert.equal(await quiz.locator(".quiz-feedback:not([hidden])").count(), 0, "typing hides the old verdict");
  await check.click();
  assert.match(await verdict(quiz), /^Right\./);
  assert.deepEqual(problems, []);
  await context.close();
});
