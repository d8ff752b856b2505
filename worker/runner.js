// The runner's Web Worker: the interpreter (the engine compiled to WebAssembly) runs programs
// here, off the page's main thread, so a long or endless program never freezes the page, and
// the page can end a run at once with worker.terminate().
//
// page -> worker: { file, source, seed, lanes, warm } (warm: run it only to warm the interpreter up)
// worker -> page: { words, strings, ms } (the run's recording: a Uint32Array and an array of
//                  strings, read by inflight_engine::js::view_wire; how long the run took) or
//                  the same with warmed: true (after a warm-up run) or { crash } (the interpreter failed)
import init, { run_view } from "./engine.js";

// Fetches and compiles engine_bg.wasm, next to this file, once.
const ready = init({ module_or_path: new URL("./engine_bg.wasm", import.meta.url) });

const WARM_RUNS = 4;
// After the warm-up runs V8 recompiles their hot functions with optimisations on background
// threads, for a few hundred milliseconds; on two cores those compiles slow down a run started
// meanwhile. Measured on the semaphore demo in headless Chromium on two cores: a click at once
// showed its first line in 54 to 166 ms, a click 300 ms later in 53 to 75 ms. So the warm-up
// reports back (and the runner says it is warm) once they have had that time.
const SETTLE_MS = 300;

self.onmessage = async (event) => {
  const { file, source, seed, lanes, warm } = event.data;
  try {
    await ready;
    // 0, 0: the default step budget and heap limit.
    // A warm-up runs the program a few times: V8 first compiles wasm quickly and then, in the
    // background, again with optimisations for the functions that ran hot, and those
    // background compiles would otherwise compete with the reader's first run.
    for (let i = 1; warm && i < WARM_RUNS; i++) run_view(file, source, seed >>> 0, lanes, 0, 0).free();
    const started = performance.now();
    const recording = run_view(file, source, seed >>> 0, lanes, 0, 0);
    const ms = performance.now() - started;
    const words = recording.words;
    const strings = recording.strings;
    recording.free();
    // A warm-up run compiles the interpreter's code the program needs (V8 compiles WebAssembly
    // function by function, on first call); its recording goes back marked `warmed`, so that
    // the page can compile the code that reads and draws one before the reader clicks Run.
    if (warm) await new Promise((settled) => setTimeout(settled, SETTLE_MS));
    self.postMessage({ words, strings, ms, warmed: !!warm }, [words.buffer]);
  } catch (e) {
    self.postMessage({ crash: String((e && e.message) || e) });
  }
};
