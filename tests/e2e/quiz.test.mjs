// Quizzes, end to end in headless Chromium: multiple select, predict the output, short answers
// and review prompts are checked in the page, with a verdict, the first try kept apart from later ones, Try again,
// and a score once every question of the lesson has been answered; single choice works from the
// keyboard alone.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, url, watch, hydrated, arrangeByKeyboard } from "./helpers.mjs";

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function open(path) {
  const context = await browser.newContext({ reducedMotion: "reduce" });
  const page = await context.newPage();
  const problems = watch(page);
  await page.goto(url(path), { waitUntil: "load" });
  await hydrated(page);
  return { context, page, problems };
}

/** The shown verdict of a question: its text, and that exactly one is shown. */
async function verdict(quiz) {
  const shown = quiz.locator(".quiz-feedback:not([hidden])");
  assert.equal(await shown.count(), 1);
  return shown.locator(".quiz-verdict").innerText();
}

test("a multiple-select question: a wrong pick is missed, Try again clears it, the right set is right on try 2", async () => {
  const { context, page, problems } = await open("lessons/backpressure/");
  const quiz = page.locator("form.quiz[data-quiz-kind='multiple']").first();
  await quiz.scrollIntoViewIfNeeded();
  const boxes = quiz.locator(".quiz-option input[type=checkbox]");
  const n = await boxes.count();
  assert.ok(n >= 3);
  const right = [];
  for (let i = 0; i < n; i++) right.push((await boxes.nth(i).getAttribute("data-right")) === "true");
  assert.ok(right.some((r) => r) && right.some((r) => !r), "some options are right and some wrong");
  const check = quiz.locator("button[type=submit]");
  assert.ok(await check.isDisabled(), "nothing picked yet");
  assert.ok(await quiz.locator(".quiz-reveal").isHidden());
  // Every option: wrong, since some are wrong.
  for (let i = 0; i < n; i++) await quiz.locator(".quiz-option label").nth(i).click();
  await check.click();
  assert.match(await verdict(quiz), /^Not quite\./);
  assert.equal(await quiz.locator(".quiz-option .quiz-option-why:not([hidden])").count(), n, "each option says why");
  assert.match(await quiz.locator(".quiz-attempt").innerText(), /Missed on the first try/);
  await quiz.locator(".quiz-retry").click();
  for (let i = 0; i < n; i++) assert.equal(await boxes.nth(i).isChecked(), false);
  assert.equal(await quiz.locator(".quiz-feedback:not([hidden])").count(), 0);
  assert.ok(await quiz.locator(".quiz-retry").isHidden());
  for (let i = 0; i < n; i++) if (right[i]) await quiz.locator(".quiz-option label").nth(i).click();
  await check.click();
  assert.match(await verdict(quiz), /^Right\./);
  assert.match(await quiz.locator(".quiz-attempt").innerText(), /Right on try 2\. The first try counts as missed\./);
  assert.ok(await quiz.locator(".quiz-retry").isHidden(), "no Try again on a right answer");
  assert.deepEqual(problems, []);
  await context.close();
});

test("a short answer is normalised: grouping, case and spaces do not matter; a wrong one shows the answer", async () => {
  const { context, page, problems } = await open("lessons/backpressure/");
  const quiz = page.locator("form.quiz[data-quiz='node-20-high-water-mark']");
  await quiz.scrollIntoViewIfNeeded();
  const input = quiz.locator("input.quiz-answer");
  const check = quiz.locator("button[type=submit]");
  assert.ok(await check.isDisabled(), "nothing typed yet");
  await input.fill("64 KiB");
  await check.click();
  assert.match(await verdict(quiz), /^Not quite\. The answer is: 16384/);
  for (const answer of ["16,384", "  16 kib ", "16_384", "1.6384e4"]) {
    await input.fill(answer);
    assert.equal(await quiz.locator(".quiz-feedback:not([hidden])").count(), 0, "typing hides the old verdict");
    await check.click();
    assert.match(await verdict(quiz), /^Right\./, answer);
  }
  assert.match(await quiz.locator(".quiz-attempt").innerText(), /Right on try \d+\. The first try counts as missed\./);
  assert.deepEqual(problems, []);
  await context.close();
});

test("a review prompt shows its model answer after the reader writes, and takes the reader's rating", async () => {
  const { context, page, problems } = await open("lessons/event-loop/");
  const quiz = page.locator("form.quiz[data-quiz-kind='review']").first();
  await quiz.scrollIntoViewIfNeeded();
  assert.ok(await quiz.locator(".quiz-model").isHidden());
  await quiz.locator("textarea.quiz-answer").fill("The loop never yields to the poll phase.");
  await quiz.locator("button[type=submit]").click();
  assert.ok(await quiz.locator(".quiz-model").isVisible());
  assert.ok((await quiz.locator(".quiz-model p").first().innerText()).length > 40, "a model answer");
  await quiz.locator("[data-rate='partly']").click();
  assert.equal(await quiz.locator("[data-rate='partly']").getAttribute("aria-pressed"), "true");
  assert.equal(await quiz.locator("[data-rate='got_it']").getAttribute("aria-pressed"), "false");
  assert.match(await quiz.locator(".quiz-attempt").innerText(), /You rated your answer: partly\./);
  assert.deepEqual(problems, []);
  await context.close();
});

test("single choice works from the keyboard alone", async () => {
  const { context, page, problems } = await open("lessons/event-loop/");
  const quiz = page.locator("form.quiz[data-quiz-kind='single']").first();
  await quiz.locator(".quiz-option input").first().focus();
  await page.keyboard.press("Space");
  assert.ok(await quiz.locator(".quiz-option input").first().isChecked());
  await page.keyboard.press("ArrowDown");
  assert.ok(await quiz.locator(".quiz-option input").nth(1).isChecked(), "arrows move the choice");
  // To the Check button: past the hint, the hidden answer, to the first enabled button.
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press("Tab");
    if (await quiz.locator("button[type=submit]").evaluate((b) => b === document.activeElement)) break;
  }
  assert.ok(await quiz.locator("button[type=submit]").evaluate((b) => b === document.activeElement), "Tab reaches Check");
  await page.keyboard.press("Enter");
  assert.match(await verdict(quiz), /^(Right\.|Not quite\.)/);
  assert.deepEqual(problems, []);
  await context.close();
});

test("once every question it checks is answered, a lesson shows its score: right on the first try out of all", async () => {
  const { context, page, problems } = await open("lessons/bounded-concurrency/");
  const quizzes = page.locator("form.quiz");
  const total = await quizzes.count();
  assert.ok(total >= 4, `${total} questions`);
  const score = page.locator(".quiz-score");
  let wrongOnPurpose = false;
  for (let q = 0; q < total; q++) {
    const quiz = quizzes.nth(q);
    const kind = await quiz.getAttribute("data-quiz-kind");
    assert.ok(await score.isHidden(), "no score before every question is answered");
    if (kind === "single" || kind === "multiple") {
      const inputs = quiz.locator(".quiz-option input");
      const n = await inputs.count();
      let picks = [];
      for (let i = 0; i < n; i++) if ((await inputs.nth(i).getAttribute("data-right")) === "true") picks.push(i);
      // The first single-choice question is answered wrong first.
      if (kind === "single" && !wrongOnPurpose) {
        wrongOnPurpose = true;
        const wrong = [...Array(n).keys()].find((i) => !picks.includes(i));
        await quiz.locator(".quiz-option label").nth(wrong).click();
        await quiz.locator("button[type=submit]").click();
        assert.match(await verdict(quiz), /^Not quite\./);
      }
      for (const i of picks) await quiz.locator(".quiz-option label").nth(i).click();
      await quiz.locator("button[type=submit]").click();
      assert.match(await verdict(quiz), /^Right\./);
    } else if (kind === "short") {
      const accepted = (await quiz.locator("input.quiz-answer").getAttribute("data-accepted")).split("\n");
      await quiz.locator("input.quiz-answer").fill(accepted[0]);
      await quiz.locator("button[type=submit]").click();
      assert.match(await verdict(quiz), /^Right\./);
    } else if (kind === "review") {
      await quiz.locator("textarea.quiz-answer").fill("My answer.");
      await quiz.locator("button[type=submit]").click();
      await quiz.locator("[data-rate='got_it']").click();
    } else if (kind === "predict") {
      const answer = (await quiz.getAttribute("data-answer")).split("\n");
      if ((await quiz.getAttribute("data-predict-input")) === "arrange") await arrangeByKeyboard(quiz, answer);
      else await quiz.locator("textarea.quiz-answer").fill(answer.join("\n"));
      await quiz.locator("button[type=submit]").click();
      assert.match(await verdict(quiz), /^Right\./);
    } else {
      assert.fail(`a question of kind ${kind} is not checked in the page`);
    }
  }
  assert.ok(wrongOnPurpose);
  assert.ok(await score.isVisible());
  assert.equal(await score.innerText(), `Your score: ${total - 1} of ${total} right on the first try.`);
  assert.deepEqual(problems, []);
  await context.close();
});
