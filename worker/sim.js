// The simulation's Web Worker: the engine's models and the charts (inflight-sims-wasm) run here,
// off the page's main thread, so a million-task run never freezes the page.
//
// page -> worker: { model, a, b, compare, seed } (settings as "name=value" text)
// worker -> page: { html, ms } (the charts and table, how long the run took), or { error } (the
//                  model refused the settings: a sentence for the reader), or { crash }
import init, { simulate } from "./sims.js";

// Fetches and compiles sims_bg.wasm, next to this file, once.
const ready = init({ module_or_path: new URL("./sims_bg.wasm", import.meta.url) });

self.onmessage = async (event) => {
  const { model, a, b, compare, seed } = event.data;
  try {
    await ready;
  } catch (e) {
    self.postMessage({ crash: `the simulation could not load (${String((e && e.message) || e)})` });
    return;
  }
  const started = performance.now();
  try {
    const html = simulate(model, a, b, !!compare, seed >>> 0);
    self.postMessage({ html, ms: performance.now() - started });
  } catch (e) {
    // The model's refusals are strings; anything else is the wasm failing.
    if (typeof e === "string") self.postMessage({ error: e });
    else self.postMessage({ crash: String((e && e.message) || e) });
  }
};
