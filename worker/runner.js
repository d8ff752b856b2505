// The runner's Web Worker: the interpreter (the engine compiled to WebAssembly) runs programs
// here, off the page's main thread, so a long or endless program never freezes the page, and
// the page can end a run at once with worker.terminate().
//
// page -> worker: { file, source, seed, lanes }
// worker -> page: { report } (the run's recording, JSON) or { crash } (the interpreter failed)
import init, { run_view } from "./engine.js";

// Fetches and compiles engine_bg.wasm, next to this file, once.
const ready = init({ module_or_path: new URL("./engine_bg.wasm", import.meta.url) });

self.onmessage = async (event) => {
  const { file, source, seed, lanes } = event.data;
  try {
    await ready;
    // 0, 0: the default step budget and heap limit.
    self.postMessage({ report: run_view(file, source, seed >>> 0, lanes, 0, 0) });
  } catch (e) {
    self.postMessage({ crash: String((e && e.message) || e) });
  }
};
