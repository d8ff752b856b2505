// The diagrams on every lesson page, in Chromium: each figure is in the prerendered page (no
// JavaScript needed), its SVG is one image with a real text alternative, and at 360 px the page
// fits and every diagram fits its figure with its text at 12 px or more. (Their themes, axe-core
// and their text's contrast are checked with each lesson page, in lessons.test.mjs.)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { launch, url, watch, hydrated, lessonsFromContent, repo } from "./helpers.mjs";

const lessons = lessonsFromContent();
let browser;

before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** The diagram blocks of a lesson as content/ writes them: file and caption, in order. */
function diagramsFromContent(slug) {
  const text = readFileSync(join(repo, "content", `${slug}.md`), "utf8");
  return [...text.matchAll(/^```diagram file=(\S+)\n([\s\S]*?)^```$/gm)].map((m) => ({ file: m[1], caption: m[2].trim() }));
}

/** The text of a diagram file's <desc>, whitespace collapsed: what its aria-label must say. */
function descOf(file) {
  const svg = readFileSync(join(repo, "content", "diagrams", file), "utf8");
  const desc = svg.match(/<desc>([\s\S]*?)<\/desc>/)?.[1] ?? "";
  const decoded = desc.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");
  return decoded.split(/\s+/).filter(Boolean).join(" ");
}

async function open(path, { javaScript = true, ...context } = {}) {
  const ctx = await browser.newContext({ reducedMotion: "reduce", javaScriptEnabled: javaScript, ...context });
  const page = await ctx.newPage();
  const problems = javaScript ? watch(page) : [];
  await page.goto(url(path), { waitUntil: "load" });
  if (javaScript) await hydrated(page);
  return { context: ctx, page, problems };
}

test("every lesson shows its diagrams without JavaScript: a figure, an SVG image with a real text alternative, its caption", async () => {
  for (const lesson of lessons) {
    const blocks = diagramsFromContent(lesson.slug);
    assert.ok(blocks.length >= 1, `${lesson.slug} has no diagram in content/`);
    const { context, page } = await open(`lessons/${lesson.slug}/`, { javaScript: false });
    const cdp = await context.newCDPSession(page);
    const figures = page.locator(".lesson-body figure.diagram");
    assert.equal(await figures.count(), blocks.length, `${lesson.slug}: a figure per diagram block`);
    for (const [i, block] of blocks.entries()) {
      const figure = figures.nth(i);
      assert.equal(await figure.getAttribute("data-diagram"), block.file);
      const svg = figure.locator(".diagram-art > svg");
      assert.equal(await svg.count(), 1, `${lesson.slug}: ${block.file} is one svg`);
      assert.ok(await svg.isVisible(), `${lesson.slug}: ${block.file} is not visible`);
      assert.equal(await svg.getAttribute("role"), "img");
      const label = await svg.getAttribute("aria-label");
      assert.equal(label, descOf(block.file), `${lesson.slug}: ${block.file}'s aria-label is its <desc>`);
      assert.ok(label.length >= 80 && label.split(" ").length >= 15, `${lesson.slug}: "${label}" is too short to stand in for the picture`);
      assert.doesNotMatch(label, /^(a |the )?(diagram|image|picture|figure|chart)\b/i, `${lesson.slug}: the label names the medium, not what it shows`);
      // In Chromium's accessibility tree the picture is one image, named by its label. (Its text
      // stays in that tree as the image's children; an image is a leaf to screen readers, so
      // they are not read.)
      const figureId = await figure.getAttribute("id");
      const { root } = await cdp.send("DOM.getDocument", { depth: 0 });
      const { nodeId } = await cdp.send("DOM.querySelector", { nodeId: root.nodeId, selector: `#${figureId} > .diagram-art > svg` });
      const { nodes } = await cdp.send("Accessibility.getPartialAXTree", { nodeId, fetchRelatives: false });
      const image = nodes.find((n) => !n.ignored);
      assert.equal(image?.role?.value, "image", `${lesson.slug}: ${block.file} is not one image: ${JSON.stringify(image?.role)}`);
      assert.equal(image.name?.value, label, `${lesson.slug}: ${block.file}'s accessible name`);
      const caption = (await figure.locator("figcaption").innerText()).trim();
      assert.ok(caption.length >= 40, `${lesson.slug}: ${block.file}'s caption is "${caption}"`);
      assert.equal(caption.replace(/\s+/g, " "), block.caption.replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/`/g, "").replace(/\s+/g, " "));
      // Nothing in the picture runs or fetches; its ids are its own.
      const inside = await svg.evaluate((el, prefix) => ({
        scripts: el.querySelectorAll("script, foreignObject, iframe, image, a, style").length,
        handlers: [...el.querySelectorAll("*")].concat(el).flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => a.name)),
        foreign: [...el.querySelectorAll("[id]")].map((e) => e.id).filter((id) => !id.startsWith(`${prefix}-`)),
        dangling: [...el.querySelectorAll("*")].flatMap((e) => [...e.attributes].map((a) => a.value)).flatMap((v) => [...v.matchAll(/url\(#([^)]+)\)|^#(.+)$/g)].map((m) => m[1] ?? m[2])).filter((id) => !el.querySelector(`[id="${id}"]`)),
      }), await figure.getAttribute("id"));
      assert.deepEqual(inside, { scripts: 0, handlers: [], foreign: [], dangling: [] }, `${lesson.slug}: ${block.file}`);
    }
    await context.close();
  }
});

test("at 360 px every page fits, every diagram fits its figure, and its text stays at 12 px or more inside the picture", async () => {
  for (const lesson of lessons) {
    const { context, page, problems } = await open(`lessons/${lesson.slug}/`, { viewport: { width: 360, height: 740 } });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `${lesson.slug} is ${width}px wide`);
    const measured = await page.locator("figure.diagram").evaluateAll((figures) =>
      figures.map((figure) => {
        const svg = figure.querySelector(".diagram-art > svg");
        const box = svg.getBoundingClientRect();
        const frame = figure.getBoundingClientRect();
        const view = svg.viewBox.baseVal;
        const scale = box.width / view.width;
        const texts = [...svg.querySelectorAll("text")].map((t) => {
          const r = t.getBoundingClientRect();
          return { text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * scale, out: r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1 };
        });
        return { file: figure.dataset.diagram, fits: box.left >= frame.left && box.right <= frame.right, texts };
      }),
    );
    for (const d of measured) {
      assert.ok(d.fits, `${lesson.slug}: ${d.file} is wider than its figure`);
      for (const t of d.texts) {
        assert.ok(t.px >= 12, `${lesson.slug}: "${t.text}" in ${d.file} is ${t.px.toFixed(1)} px at 360 px`);
        assert.ok(!t.out, `${lesson.slug}: "${t.text}" sticks out of ${d.file}`);
      }
    }
    assert.deepEqual(problems, [], lesson.slug);
    await context.close();
  }
});
