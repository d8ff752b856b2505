// The diagrams on every lesson page, in Chromium: each figure is in the prerendered page (no
// JavaScript needed), its SVG is one image with a real text alternative, it follows the theme,
// it passes axe-core in both themes, and at 360 px it fits with its text at 12 px or more.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import AxeBuilder from "@axe-core/playwright";
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

test("every diagram follows the theme: its text and shapes change colour between light and dark", async () => {
  // What each theme paints: the fill of every text, and the fill and stroke of every shape.
  const paint = (page) =>
    page.locator(".diagram-art > svg").evaluateAll((svgs) =>
      svgs.map((svg) => ({
        text: [...svg.querySelectorAll("text, tspan")].map((t) => getComputedStyle(t).fill),
        shapes: [...svg.querySelectorAll("rect, path, circle, ellipse, line, polyline, polygon")].map((s) => `${getComputedStyle(s).fill} ${getComputedStyle(s).stroke}`),
      })),
    );
  for (const lesson of lessons) {
    const light = await open(`lessons/${lesson.slug}/`, { colorScheme: "light" });
    const dark = await open(`lessons/${lesson.slug}/`, { colorScheme: "dark" });
    const [a, b] = [await paint(light.page), await paint(dark.page)];
    assert.ok(a.length >= 1 && a.length === b.length, lesson.slug);
    for (const [i, svg] of a.entries()) {
      assert.ok(svg.text.length > 0, `${lesson.slug}: diagram ${i + 1} has no text`);
      for (const [j, fill] of svg.text.entries()) {
        assert.notEqual(fill, b[i].text[j], `${lesson.slug}: text ${j + 1} of diagram ${i + 1} is ${fill} in both themes`);
        assert.notEqual(fill, "rgb(0, 0, 0)", `${lesson.slug}: text ${j + 1} of diagram ${i + 1} is drawn in default black`);
      }
      for (const [j, ink] of svg.shapes.entries()) {
        assert.notEqual(ink, b[i].shapes[j], `${lesson.slug}: shape ${j + 1} of diagram ${i + 1} is ${ink} in both themes`);
      }
    }
    // The theme toggle's override (html[data-theme]) wins over the system's scheme.
    await light.page.evaluate(() => (document.documentElement.dataset.theme = "dark"));
    assert.deepEqual(await paint(light.page), b, `${lesson.slug}: data-theme="dark" paints as the dark scheme`);
    for (const { context, problems } of [light, dark]) {
      assert.deepEqual(problems, [], lesson.slug);
      await context.close();
    }
  }
});

/**
 * Every text of the page's diagrams with the colour it is drawn in, the colour it sits on (the
 * topmost filled shape under its middle, or else the figure's background) and their contrast
 * ratio (WCAG 2).
 */
function textContrast() {
  const rgb = (c) => (c.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
  const luminance = (c) => {
    const [r, g, b] = rgb(c).map((v) => v / 255).map((v) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ratio = (a, b) => {
    const [x, y] = [luminance(a), luminance(b)].sort((m, n) => n - m);
    return (x + 0.05) / (y + 0.05);
  };
  const out = [];
  for (const figure of document.querySelectorAll("figure.diagram")) {
    for (const text of figure.querySelectorAll("svg text, svg tspan")) {
      // A point can only be hit-tested while it is on the screen.
      text.scrollIntoView({ block: "center", inline: "center", behavior: "instant" });
      const r = text.getBoundingClientRect();
      const [x, y] = [r.left + r.width / 2, r.top + r.height / 2];
      const under = document.elementsFromPoint(x, y).find((e) => (e.closest("svg") && !e.matches("text, tspan, svg") && getComputedStyle(e).fill !== "none") || e === figure);
      const ground = under === figure || !under ? getComputedStyle(figure).backgroundColor : getComputedStyle(under).fill;
      const ink = getComputedStyle(text).fill;
      out.push({ file: figure.dataset.diagram, text: text.textContent, ink, ground, ratio: ratio(ink, ground) });
    }
  }
  return out;
}

test("every diagram passes axe-core in both themes, and its text has 4.5:1 contrast on what it sits on", async () => {
  for (const scheme of ["light", "dark"]) {
    for (const lesson of lessons) {
      const { context, page, problems } = await open(`lessons/${lesson.slug}/`, { colorScheme: scheme });
      const results = await new AxeBuilder({ page }).include("figure.diagram").withTags(["wcag2a", "wcag2aa", "wcag21aa", "best-practice"]).analyze();
      const violations = results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")})`);
      assert.deepEqual(violations, [], `${scheme} ${lesson.slug}`);
      assert.ok(results.passes.some((p) => p.id === "svg-img-alt"), `${scheme} ${lesson.slug}: axe did not check the svg's text alternative`);
      // axe-core does not measure the contrast of SVG text: measured here.
      const texts = await page.evaluate(textContrast);
      assert.ok(texts.length > 0, `${scheme} ${lesson.slug}`);
      const low = texts.filter((t) => !(t.ratio >= 4.5)).map((t) => `${t.file}: "${t.text}" is ${t.ink} on ${t.ground}, ${t.ratio.toFixed(2)}:1`);
      assert.deepEqual(low, [], `${scheme} ${lesson.slug}`);
      assert.deepEqual(problems, [], `${scheme} ${lesson.slug}`);
      await context.close();
    }
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
