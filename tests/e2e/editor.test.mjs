// The code view (highlighted at build time) and the editor that replaces it on demand, in
// headless Chromium against the built site. The editor is driven through its module's `mount`,
// imported from the URL the prerender writes into each page, as the runner will import it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { join } from "node:path";
import { launch, url, watch, hydrated, screenshot, repo, SITE_URL, lessonsFromContent } from "./helpers.mjs";

// Its code blocks have one and two digits of line numbers, in TypeScript and in JavaScript.
const lesson = "backpressure";
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
  const requests = [];
  page.on("request", (req) => requests.push(req.url()));
  await page.goto(url(path), { waitUntil: "load" });
  await hydrated(page);
  return { ctx, page, problems, requests };
}

/** The lesson's TypeScript and JavaScript blocks and its runners' programs, in page order. */
function codeBlocksOf(slug) {
  const text = readFileSync(join(repo, "content", `${slug}.md`), "utf8");
  const blocks = [];
  for (const m of text.matchAll(/^```(ts|typescript|js|javascript|runner [^\n]*)\n([\s\S]*?)^```$/gm)) blocks.push(m[2].replace(/\n$/, ""));
  return blocks;
}

/** Imports the editor module from the page's meta tag and mounts it on the `index`th code view. */
async function mountEditor(page, index) {
  await page.evaluate(async (index) => {
    const host = document.querySelectorAll(".lesson-body .code-view:not(.quiz-run *)")[index];
    const { mount } = await import(document.querySelector('meta[name="inflight-editor"]').content);
    window.__changes = [];
    window.__submits = [];
    window.__editor = mount(host, {
      doc: host.querySelector("code").textContent,
      label: "Lesson code",
      onChange: (doc) => window.__changes.push(doc),
      onSubmit: (doc) => window.__submits.push(doc),
    });
    // Two frames: CodeMirror measures and draws in the first.
    await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  }, index);
}

// What is on screen, measured in the page: the view's box, the gutter's, the first and the
// last line's text and line number, and each character's colour.
function measure(index) {
  const host = document.querySelectorAll(".lesson-body .code-view:not(.quiz-run *)")[index];
  const rect = (r) => ({ x: r.x, y: r.y, width: r.width, height: r.height });
  const textRect = (node) => {
    const range = document.createRange();
    range.selectNodeContents(node);
    return rect(range.getBoundingClientRect());
  };
  const editing = host.querySelector(".cm-editor") !== null;
  const lines = [...host.querySelectorAll(editing ? ".cm-line" : ".code-line")];
  let numbers;
  if (editing) {
    numbers = [...host.querySelectorAll(".cm-lineNumbers .cm-gutterElement")].filter((e) => e.textContent && getComputedStyle(e).visibility !== "hidden");
  } else {
    // One text node of numbers: a range over each line's digits.
    const text = host.querySelector(".code-gutter").firstChild;
    const offsets = [...text.data.matchAll(/\d+/g)].map((m) => [m.index, m.index + m[0].length]);
    numbers = offsets.map(([from, to]) => {
      const range = document.createRange();
      range.setStart(text, from);
      range.setEnd(text, to);
      return range;
    });
  }
  const numberRect = (n) => rect(n instanceof Range ? n.getBoundingClientRect() : textRect(n));
  const colours = [];
  for (const line of lines) {
    const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const colour = getComputedStyle(walker.currentNode.parentElement).color;
      for (const ch of walker.currentNode.data) colours.push([ch, colour, walker.currentNode.parentElement.className]);
    }
    colours.push(["\n", "", ""]);
  }
  return {
    editing,
    view: rect(host.getBoundingClientRect()),
    gutter: rect(host.querySelector(editing ? ".cm-gutters" : ".code-gutter").getBoundingClientRect()),
    lineCount: lines.length,
    numberCount: numbers.length,
    firstLine: textRect(lines[0]),
    lastLine: textRect(lines.at(-1)),
    firstNumber: numberRect(numbers[0]),
    lastNumber: numberRect(numbers.at(-1)),
    text: lines.map((l) => l.textContent).join("\n"),
    colours,
  };
}

function assertSameBox(after, before, what) {
  for (const key of ["x", "y", "width", "height"]) {
    assert.ok(Math.abs(after[key] - before[key]) <= 1, `${what}.${key}: ${before[key]} before mount, ${after[key]} after (${JSON.stringify({ before, after })})`);
  }
}

test("lesson code is highlighted at build time; its text is the lesson's code; the gutter is neither copied nor read", async () => {
  const ctx = await browser.newContext({ javaScriptEnabled: false });
  const page = await ctx.newPage();
  await page.goto(url(`lessons/${lesson}/`));
  const expected = codeBlocksOf(lesson);
  assert.ok(expected.length >= 5, "the lesson has code blocks");
  const views = await page.evaluate(() =>
    [...document.querySelectorAll(".lesson-body .code-view:not(.quiz-run *)")].map((v) => ({
      lang: v.dataset.lang,
      code: v.querySelector("pre.code-text code").textContent,
      gutter: v.querySelector(".code-gutter").textContent,
      hidden: v.querySelector(".code-gutter").getAttribute("aria-hidden"),
      selectable: getComputedStyle(v.querySelector(".code-gutter")).userSelect,
      tokens: v.querySelectorAll("[class^='tok-']").length,
      focusable: v.querySelector("pre.code-text").tabIndex,
    })),
  );
  assert.deepEqual(views.map((v) => v.code), expected, "each view's text is the block's code, exactly");
  for (const [i, v] of views.entries()) {
    const lines = v.code.split("\n").length;
    assert.equal(v.gutter, Array.from({ length: lines }, (_, n) => n + 1).join("\n"), `view ${i}: one number per line`);
    assert.equal(v.hidden, "true", `view ${i}: screen readers skip the numbers`);
    assert.equal(v.selectable, "none", `view ${i}: the numbers cannot be selected`);
    assert.ok(v.tokens > 0, `view ${i} is highlighted`);
    assert.equal(v.focusable, 0, `view ${i} can be scrolled from the keyboard`);
    assert.match(v.lang, /^(ts|js)$/);
  }
  // What a reader copies holds the code and not the column of numbers.
  await page.locator(".lesson-body pre.code-text").first().focus();
  await page.keyboard.press("Control+a");
  const selected = await page.evaluate(() => getSelection().toString());
  for (const code of expected) assert.ok(selected.includes(code), `the selection holds ${JSON.stringify(code.slice(0, 40))}…`);
  assert.ok(!/(^|\n)1\n2\n3\n4(\n|$)/.test(selected), "the line numbers are not selected");
  await screenshot(page, "code-view-no-javascript");
  await ctx.close();
});

test("the editor takes every code view's place without moving a pixel, in the same colours", async () => {
  const digits = new Set();
  let matched = 0;
  let characters = 0;
  const mismatches = [];
  for (const { slug } of lessonsFromContent()) {
    // Tall enough for the longest view (a runner's program): CodeMirror draws only the lines
    // near the viewport, and every line is measured.
    const { ctx, page, problems, requests } = await open(`lessons/${slug}/`, { viewport: { width: 1280, height: 4000 } });
    assert.deepEqual(requests.filter((r) => /editor-/.test(r)), [], "the page does not load the editor by itself");
    const meta = await page.getAttribute('meta[name="inflight-editor"]', "content");
    const base = new URL(SITE_URL).pathname;
    assert.ok(meta.startsWith(base) && /^editor-[A-Z0-9]+\.js$/.test(meta.slice(base.length)), `the editor's URL ${meta} is a file under the site's base path ${base}`);
    assert.equal(await page.locator(`link[href*="editor-"], script[src*="editor-"]`).count(), 0, "nothing preloads it");

    const count = await page.locator(".lesson-body .code-view:not(.quiz-run *)").count();
    assert.ok(count > 0, `${slug} has code views`);
    for (let i = 0; i < count; i++) {
      const where = `${slug} view ${i}`;
      await page.locator(".lesson-body .code-view:not(.quiz-run *)").nth(i).scrollIntoViewIfNeeded();
      const before = await page.evaluate(measure, i);
      await mountEditor(page, i);
      const after = await page.evaluate(measure, i);
      assert.equal(after.editing, true);
      assert.equal(after.text, before.text, `${where}: the editor holds the same code`);
      assert.equal(after.lineCount, before.lineCount);
      assert.equal(after.numberCount, before.numberCount);
      digits.add(String(before.numberCount).length);
      for (const part of ["view", "gutter", "firstLine", "lastLine", "firstNumber", "lastNumber"]) assertSameBox(after[part], before[part], `${where} ${part}`);
      if (slug === "backpressure" && i === 5) await screenshot(page, "code-editor-mounted");
      // Colours, character by character (the same text, so the same sequence); a run of
      // changed characters is reported once.
      let run = null;
      for (const [n, [ch, colour, cls]] of before.colours.entries()) {
        if (/\s/.test(ch)) continue;
        characters++;
        if (after.colours[n][1] === colour) {
          matched++;
          run = null;
        } else if (run && run.cls === cls && run.n === n - 1) {
          run.text += ch;
          run.n = n;
        } else {
          mismatches.push((run = { text: ch, cls, n, where, to: after.colours[n][2] }));
        }
      }
      await page.evaluate(() => window.__editor.destroy());
      assert.equal(await page.locator(".lesson-body .code-view:not(.quiz-run *)").nth(i).locator("pre.code-text").count(), 1, "destroy() puts the code view back");
    }
    assert.deepEqual(problems, [], slug);
    await ctx.close();
  }
  assert.deepEqual([...digits].sort(), [1, 2, 3], "checked with one-, two- and three-digit gutters");
  const share = matched / characters;
  console.log(`# colours unchanged on mount: ${matched} of ${characters} characters (${(share * 100).toFixed(1)}%)`);
  const described = mismatches.map((m) => `${m.where} ${JSON.stringify(m.text)} ${m.cls.replace("code-line", "plain") || "plain"} -> ${m.to.replace("cm-line", "plain") || "plain"}`);
  if (described.length) console.log(`# changed: ${described.join("; ")}`);
  assert.ok(share >= 0.99, `at least 99% of the characters keep their colour (${(share * 100).toFixed(1)}%)`);
});

test("editing: typing changes the doc, undo restores it, Ctrl+Enter submits, Tab leaves, diagnostics mark their line", async () => {
  const { ctx, page, problems } = await open(`lessons/${lesson}/`);
  const index = 1;
  await page.locator(".lesson-body .code-view:not(.quiz-run *)").nth(index).scrollIntoViewIfNeeded();
  const original = await page.locator(".lesson-body .code-view:not(.quiz-run *)").nth(index).locator("code").textContent();
  await mountEditor(page, index);
  const host = page.locator(".lesson-body .code-view:not(.quiz-run *)").nth(index);
  const content = host.locator(".cm-content");
  assert.equal(await content.getAttribute("role"), "textbox");
  assert.equal(await content.getAttribute("aria-label"), "Lesson code");

  await page.evaluate(() => window.__editor.focus());
  assert.ok(await page.evaluate(() => document.activeElement.classList.contains("cm-content")), "focus() focuses the editor");
  assert.notEqual(await host.evaluate((e) => getComputedStyle(e).outlineStyle), "none", "the focused editor shows a ring");
  await page.keyboard.press("Control+End");
  await page.keyboard.type(" // edited");
  const typed = await page.evaluate(() => window.__editor.getDoc());
  assert.equal(typed, `${original} // edited`);
  assert.equal(await page.evaluate(() => window.__changes.at(-1)), typed, "onChange got the new text");
  assert.equal(await host.locator(".cm-line").last().locator(".tok-com").textContent(), "// edited", "typed code is highlighted");

  await page.keyboard.press("Control+Enter");
  assert.deepEqual(await page.evaluate(() => window.__submits), [typed], "Ctrl+Enter called onSubmit with the text, once");
  assert.equal(await page.evaluate(() => window.__editor.getDoc()), typed, "Ctrl+Enter inserted nothing");

  await page.keyboard.press("Control+z");
  assert.equal(await page.evaluate(() => window.__editor.getDoc()), original, "undo takes the typing back");
  assert.equal(await page.evaluate(() => window.__changes.at(-1)), original);

  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => window.__editor.getDoc()), original, "Tab inserted nothing");
  assert.ok(await page.evaluate(() => !document.activeElement.closest(".cm-editor")), "Tab moved the focus out of the editor");

  // Line 2, column 3, counted in characters.
  await page.evaluate(() => window.__editor.setDiagnostics([{ line: 2, column: 3, message: "Unexpected token", severity: "error" }]));
  const marked = host.locator(".cm-gutterElement.cm-diagnostic-line-error");
  assert.equal(await marked.count(), 1);
  assert.equal((await marked.textContent()).trim(), "2", "the marker is on line 2's number");
  const underline = host.locator(".cm-diagnostic-error");
  assert.equal(await underline.count(), 1);
  assert.equal(await underline.textContent(), [...original.split("\n")[1]][2], "the underline is on the third character of line 2");
  const lineOf = await underline.evaluate((u) => [...u.closest(".cm-content").querySelectorAll(".cm-line")].indexOf(u.closest(".cm-line")));
  assert.equal(lineOf, 1, "in the second line");
  assert.match(await underline.evaluate((u) => getComputedStyle(u).textDecorationLine), /underline/);
  const status = await content.getAttribute("aria-describedby");
  assert.equal(await page.locator(`#${status}`).getAttribute("role"), "status");
  assert.equal(await page.locator(`#${status}`).textContent(), "Line 2, column 3: error: Unexpected token", "screen readers hear it");
  assert.match(await host.locator(".cm-diagnostic-message").textContent(), /Error at 2:3: Unexpected token/);
  // The message under the line moves the lines below, and their numbers with them.
  const offsets = await host.evaluate((h) => {
    const tops = (sel) => [...h.querySelectorAll(sel)].filter((e) => e.textContent && getComputedStyle(e).visibility !== "hidden").map((e) => e.getBoundingClientRect().top);
    const lines = tops(".cm-line");
    return tops(".cm-lineNumbers .cm-gutterElement").map((top, n) => Math.abs(top - lines[n]));
  });
  assert.ok(Math.max(...offsets) <= 1, `every number is level with its line: ${offsets.map((o) => o.toFixed(1))}`);
  await screenshot(page, "code-editor-diagnostic");
  const results = await new AxeBuilder({ page }).include(".lesson-body .code-view:not(.quiz-run *)").withTags(["wcag2a", "wcag2aa", "wcag21aa"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.help}`);
  assert.deepEqual(serious, [], "the editor, with a diagnostic, has no serious accessibility violations (axe-core)");
  // Out-of-range positions are clamped; an empty list clears.
  await page.evaluate(() => window.__editor.setDiagnostics([{ line: 999, column: 999, message: "end", severity: "warning" }]));
  assert.equal(await host.locator(".cm-diagnostic-line-warning").count(), 1);
  await page.evaluate(() => window.__editor.setDiagnostics([]));
  assert.equal(await host.locator(".cm-diagnostic-line").count(), 0);
  assert.equal(await page.locator(`#${status}`).textContent(), "");

  await page.evaluate(() => window.__editor.setDoc("const a = 1;"));
  assert.equal(await host.locator(".cm-line").count(), 1);
  assert.equal(await host.locator(".cm-line .tok-kw").textContent(), "const");
  assert.deepEqual(problems, []);
  await ctx.close();
});

test("syntax colours and line numbers are 4.5:1 or more on the code background, in both themes", async () => {
  for (const scheme of ["light", "dark"]) {
    const { ctx, page, problems } = await open(`lessons/${lesson}/`, { colorScheme: scheme });
    const ratios = await page.evaluate(() => {
      const channels = (c) => c.match(/[\d.]+/g).slice(0, 3).map(Number);
      const luminance = (c) => {
        const [r, g, b] = channels(c).map((v) => v / 255).map((v) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
      };
      const contrast = (a, b) => {
        const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
        return (hi + 0.05) / (lo + 0.05);
      };
      const view = document.querySelector(".lesson-body .code-view:not(.quiz-run *)");
      const background = getComputedStyle(view).backgroundColor;
      const code = view.querySelector("code");
      const out = {};
      for (const kind of ["kw", "lit", "str", "num", "com", "re", "type", "fn", "prop", "def", "op", "punc"]) {
        const probe = document.createElement("span");
        probe.className = `tok-${kind}`;
        probe.textContent = "x";
        code.append(probe);
        out[kind] = contrast(getComputedStyle(probe).color, background);
        probe.remove();
      }
      out.gutter = contrast(getComputedStyle(view.querySelector(".code-gutter")).color, background);
      out.text = contrast(getComputedStyle(code).color, background);
      return out;
    });
    for (const [kind, ratio] of Object.entries(ratios)) assert.ok(ratio >= 4.5, `${scheme}: ${kind} is ${ratio.toFixed(2)}:1`);
    console.log(`# ${scheme}: ${Object.entries(ratios).map(([k, r]) => `${k} ${r.toFixed(1)}`).join(", ")}`);
    assert.deepEqual(problems, []);
    await ctx.close();
  }
});
