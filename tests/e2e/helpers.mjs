// Shared pieces of the end-to-end suite: the browser, the site's URL, the lessons as written in
// content/, a watcher that fails a test on any console error or failed request, and the Node
// oracle for demo output.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
export const repo = join(here, "..", "..");

export const SITE_URL = process.env.SITE_URL;
if (!SITE_URL) throw new Error("SITE_URL is not set: run the suite through `cargo xtask test`");
export const SCREENSHOTS = process.env.SCREENSHOTS ?? join(repo, "target", "screenshots");

export function url(path = "") {
  return new URL(path.replace(/^\//, ""), SITE_URL).href;
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** The lessons as content/ defines them, in course order: the index must list exactly these. */
export function lessonsFromContent() {
  const dir = join(repo, "content");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".md") && !f.startsWith("_"))
    .map((f) => {
      const text = readFileSync(join(dir, f), "utf8");
      const front = text.split(/^---$/m)[1];
      const field = (k) => front.match(new RegExp(`^${k}:\\s*(.*)$`, "m"))[1].trim();
      return { slug: field("slug"), title: field("title"), order: Number(field("order")), level: field("level") };
    })
    .sort((a, b) => a.order - b.order);
}

/**
 * Records every console error, uncaught exception, failed request and HTTP error on a page.
 * `allow` lists URLs whose 404 is the point of the test.
 */
export function watch(page, { allow = [] } = {}) {
  const problems = [];
  page.on("console", (msg) => {
    if (msg.type() === "error" || msg.type() === "warning") {
      const text = msg.text();
      // Chromium logs the expected 404 document as a resource error; it is checked separately.
      if (allow.length && /404/.test(text)) return;
      problems.push(`console ${msg.type()}: ${text}`);
    }
  });
  page.on("pageerror", (err) => problems.push(`uncaught: ${err.message}`));
  page.on("requestfailed", (req) => {
    // A navigation cancels what the page was still fetching (a runner starts loading its
    // interpreter as it comes into view): aborted is not failed.
    if (req.failure()?.errorText === "net::ERR_ABORTED") return;
    problems.push(`request failed: ${req.url()} ${req.failure()?.errorText}`);
  });
  page.on("response", (res) => {
    if (res.status() >= 400 && !allow.includes(res.url())) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  return problems;
}

/** Waits until the wasm has hydrated the prerendered page. */
export async function hydrated(page) {
  await page.waitForSelector("html[data-hydrated='true']", { timeout: 20_000 });
}

/**
 * A picture for people to look at (target/screenshots/): what is in view, where the test has
 * scrolled to. A whole lesson page is tens of thousands of pixels tall, and capturing one took
 * seconds each; `fullPage` is for the short pages.
 */
export async function screenshot(page, name, { fullPage = false } = {}) {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage });
}

/**
 * What real Node prints for a runner's program, run as `file` on a virtual clock with
 * Math.random seeded by `seed` (tests/oracle/run-virtual.mjs).
 */
export function nodePrints(code, { file = "demo.ts", seed = 1 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "inflight-e2e-"));
  const path = join(dir, file);
  writeFileSync(path, code);
  return execFileSync("node", [join(repo, "tests", "oracle", "run-virtual.mjs"), path], { encoding: "utf8", env: { ...process.env, SEED: String(seed) } });
}

/** The runner blocks of a lesson as content/ writes them: options and code. */
export function runnersFromContent(slug) {
  const text = readFileSync(join(repo, "content", `${slug}.md`), "utf8");
  const blocks = [];
  const fence = /^```runner (.*)\n([\s\S]*?)^```$/gm;
  for (const m of text.matchAll(fence)) {
    const option = (key) => m[1].match(new RegExp(`${key}=("([^"]*)"|(\\S+))`))?.slice(2).find((v) => v !== undefined);
    blocks.push({ file: option("file"), seed: Number(option("seed") ?? 1), code: m[2].replace(/\n$/, ""), nodeOracle: option("oracle") === "node" });
  }
  return blocks;
}

/** The lines of a predict question to arrange, in their order on the page. */
export const arranged = (quiz) => quiz.locator(".quiz-line").evaluateAll((els) => els.map((e) => e.dataset.line));

/** Puts a predict question's lines in `want`'s order with Alt+ArrowUp alone, line by line. */
export async function arrangeByKeyboard(quiz, want) {
  for (let i = 0; i < want.length; i++) {
    const now = await arranged(quiz);
    const j = now.findIndex((l, k) => k >= i && l === want[i]);
    await quiz.locator(".quiz-line").nth(j).focus();
    // The focus stays on the line as it moves (a locator by index would not follow it).
    for (let k = j; k > i; k--) await quiz.page().keyboard.press("Alt+ArrowUp");
  }
}

/** What a page's diagrams paint: the fill of every text, and the fill and stroke of every shape. */
export function diagramPaint(page) {
  return page.locator(".diagram-art > svg").evaluateAll((svgs) =>
    svgs.map((svg) => ({
      text: [...svg.querySelectorAll("text, tspan")].map((t) => getComputedStyle(t).fill),
      shapes: [...svg.querySelectorAll("rect, path, circle, ellipse, line, polyline, polygon")].map((s) => `${getComputedStyle(s).fill} ${getComputedStyle(s).stroke}`),
    })),
  );
}

/**
 * Every text of the page's diagrams with the colour it is drawn in, the colour it sits on (the
 * topmost filled shape under its middle, or else the figure's background) and their contrast
 * ratio (WCAG 2).
 */
export function diagramTextContrast() {
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

/**
 * The contrast (WCAG 2) of every colour of text in the page's code views on the background it is
 * drawn over (the nearest opaque background of it or an ancestor): each distinct pair once, with
 * an example of its text. axe-core's color-contrast spends most of a lesson page's run on the
 * thousands of highlighted tokens, so the lesson test leaves code to this.
 */
export function codeTextContrast() {
  const rgba = (c) => (c.match(/[\d.]+/g) ?? []).map(Number);
  const luminance = (c) => {
    const [r, g, b] = rgba(c).slice(0, 3).map((v) => v / 255).map((v) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ratio = (a, b) => {
    const [x, y] = [luminance(a), luminance(b)].sort((m, n) => n - m);
    return (x + 0.05) / (y + 0.05);
  };
  const ground = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const bg = getComputedStyle(e).backgroundColor;
      const alpha = rgba(bg)[3];
      if (alpha === undefined || alpha === 1) return bg;
    }
    return "rgb(255, 255, 255)";
  };
  const pairs = new Map();
  for (const el of document.querySelectorAll(".code-view code, .code-view code *")) {
    const text = [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join("").trim();
    if (!text) continue;
    const ink = getComputedStyle(el).color;
    const under = ground(el);
    const key = `${ink} on ${under}`;
    if (!pairs.has(key)) pairs.set(key, { ink, ground: under, text, ratio: ratio(ink, under) });
  }
  return [...pairs.values()];
}
