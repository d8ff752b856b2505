// The Node oracle for programs on the interpreter's virtual clock: runs ONE program file in real
// Node with time, randomness and timers made deterministic.
//
//   node tests/oracle/run-virtual.mjs FILE        (.js .mjs .cjs .ts .mts .cts)
//   SEED=7 node tests/oracle/run-virtual.mjs FILE (Math.random's seed, 1 by default)
//
// - TypeScript (.ts .mts .cts) has its types stripped by sucrase (transforms: ["typescript"],
//   ES transforms disabled, imports kept even when only types use them, as Node's own type
//   stripping and tests/oracle/run-stripped.mjs do). JavaScript is run as written.
// - The module kind follows Node: the program is written to a fresh temp folder (with no
//   package.json, so nothing sets a "type") as .mjs for .mjs/.mts, .cjs for .cjs/.cts, and .js for
//   .js/.ts, where Node 20's syntax detection decides (CommonJS unless the file has ESM syntax).
//   CommonJS is require()d from a real macrotask, as Node runs a main script (its nextTicks
//   come before its promise callbacks); an ES module is import()ed (a promise job, as Node's ES
//   module main: its promise callbacks come first). require.main is not the program.
// - Date starts at 2026-01-01T00:00:00.000Z and performance.now() at 0; both advance only as
//   timers fire (@sinonjs/fake-timers). Math.random is a seeded xorshift32.
// - Timers run one at a time in due order; between two timers, real nextTicks and microtasks
//   drain fully. Delays are clamped as Node does (below 1, NaN or above 2^31-1 become 1 ms).
//   node:timers/promises setTimeout and AbortSignal.timeout are rebuilt on the fake clock with
//   Node's own semantics (AbortError with the signal's reason as cause; the timeout's timer is
//   unref'd, so it does not keep the program alive). A timer or immediate callback runs in the
//   async context it was scheduled from, so AsyncLocalStorage stores follow timers as in Node.
// - What the program prints goes to stdout/stderr unchanged and the harness prints nothing of its
//   own: an exception thrown by a timer callback is thrown from a real macrotask, so Node reports
//   it as uncaught (exit 1, queued microtasks never run); unhandled rejections are Node's own; a
//   top-level await that can never settle ends with Node's exit code 13.
//
// Fake timers cannot reproduce libuv's phases: programs run here must not depend on the order of
// setImmediate against timers due in the same millisecond, or on real I/O.
import { readFile, writeFile, mkdtemp } from "node:fs/promises";
import { AsyncResource } from "node:async_hooks";
import { existsSync, rmSync } from "node:fs";
import { createRequire, syncBuiltinESMExports } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, extname } from "node:path";
import { pathToFileURL } from "node:url";
import { compileFunction } from "node:vm";
import FakeTimers from "@sinonjs/fake-timers";
import { transform } from "sucrase";

const file = process.argv[2];
if (!file) {
  console.error("usage: node run-virtual.mjs FILE (.js .mjs .cjs .ts .mts .cts)");
  process.exit(2);
}
const ext = extname(file);
const target = { ".js": ".js", ".ts": ".js", ".mjs": ".mjs", ".mts": ".mjs", ".cjs": ".cjs", ".cts": ".cjs" }[ext];
if (!target) {
  console.error(`run-virtual.mjs: unknown extension ${ext}`);
  process.exit(2);
}
// Failures of the harness itself exit with 2 (usage, environment) or 3 (sucrase refused the
// program), never with a status a program could produce by failing on its own.
let source;
try {
  source = await readFile(file, "utf8");
} catch (e) {
  console.error(`run-virtual.mjs: cannot read ${file}: ${e.message}`);
  process.exit(2);
}
let code = source;
if (ext.endsWith("ts")) {
  try {
    code = transform(source, { transforms: ["typescript"], disableESTransforms: true, keepUnusedImports: true }).code;
  } catch (e) {
    console.error(`run-virtual.mjs: sucrase could not strip the types of ${file}: ${e.message}`);
    process.exit(3);
  }
}

const dir = await mkdtemp(join(tmpdir(), "inflight-virtual-"));
// A package.json above the temp folder would decide the module kind of a .js file (and one
// without "type" makes Node warn on stderr when it detects ESM): refuse to run under one.
for (let d = dir; ; d = dirname(d)) {
  if (existsSync(join(d, "package.json"))) {
    console.error(`run-virtual.mjs: ${join(d, "package.json")} would decide the module kind; set TMPDIR elsewhere`);
    process.exit(2);
  }
  if (dirname(d) === d) break;
}
const module = join(dir, "program" + target);
await writeFile(module, code);
// Node's detection for .js: a file that compiles as CommonJS is CommonJS; one that does not is
// tried as an ES module (which also reports a genuine syntax error the way Node does).
const isCommonJs =
  target === ".cjs" ||
  (target === ".js" &&
    (() => {
      try {
        compileFunction(code, ["exports", "require", "module", "__filename", "__dirname"], { filename: module });
        return true;
      } catch {
        return false;
      }
    })());
// Runs on every way out, process.exit() and uncaught errors included; it prints nothing.
process.on("exit", () => rmSync(dir, { recursive: true, force: true }));

// Seeded xorshift32: the same sequence as the interpreter's Math.random for the same SEED.
{
  const seed = Number(process.env.SEED ?? 1);
  let x = (Math.imul(seed >>> 0, 0x9e3779b1) ^ 0x6d2b79f5) >>> 0 || 1;
  Math.random = function random() {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x >>>= 0;
    x ^= x << 5;
    x >>>= 0;
    return x / 4294967296;
  };
}

// Kept before fake-timers replaces them: the harness itself steps on real macrotasks, always
// from its own async context (the program's AsyncLocalStorage stores must not leak into it).
const realSetTimeout = globalThis.setTimeout;
const harnessScope = new AsyncResource("inflight-virtual-harness");
const nativeSetImmediate = globalThis.setImmediate;
const realSetImmediate = (fn) => harnessScope.runInAsyncScope(() => nativeSetImmediate(fn));
const realAbortSignalTimeout = AbortSignal.timeout;

const clock = FakeTimers.install({
  now: Date.UTC(2026, 0, 1),
  toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "setImmediate", "clearImmediate", "Date", "performance"],
  loopLimit: 1_000_000,
});

// --- Timers with Node's rules, and a wake-up for the stepping loop below. ---
const handles = new Map(); // timer id -> the handle the program got (for ref/unref)
let waiting = false; // the loop is parked: nothing to run and the module not settled
function wake() {
  if (waiting) {
    waiting = false;
    realSetImmediate(step);
  }
}
function nodeDelay(ms) {
  ms *= 1; // Node: `after *= 1; if (!(after >= 1 && after <= TIMEOUT_MAX)) after = 1;`
  return ms >= 1 && ms <= 2147483647 ? ms : 1;
}
// A callback runs in the async context it was scheduled from (AsyncLocalStorage follows timers
// in Node); a callback that is not a function gets Node's own TypeError.
function bound(callback) {
  if (typeof callback !== "function") realSetTimeout(callback, 1); // throws ERR_INVALID_ARG_TYPE
  return AsyncResource.bind(callback);
}
function copyExtras(wrapper, original) {
  for (const key of Reflect.ownKeys(original)) {
    if (!["length", "name", "prototype", "arguments", "caller"].includes(key)) {
      Object.defineProperty(wrapper, key, Object.getOwnPropertyDescriptor(original, key));
    }
  }
  return wrapper;
}
const fake = {
  setTimeout: clock.setTimeout,
  setInterval: clock.setInterval,
  setImmediate: clock.setImmediate,
};
const nodeTimers = {
  setTimeout: copyExtras(function setTimeout(callback, delay, ...args) {
    const handle = fake.setTimeout(bound(callback), nodeDelay(delay), ...args);
    handles.set(Number(handle), handle);
    wake();
    return handle;
  }, fake.setTimeout),
  setInterval: copyExtras(function setInterval(callback, delay, ...args) {
    const handle = fake.setInterval(bound(callback), nodeDelay(delay), ...args);
    handles.set(Number(handle), handle);
    wake();
    return handle;
  }, fake.setInterval),
  setImmediate: copyExtras(function setImmediate(callback, ...args) {
    // fake-timers puts an immediate made inside a timer callback 1 ms later; Node runs it at the
    // same loop time (after the timers due now, as fake-timers orders it).
    const during = clock.duringTick;
    clock.duringTick = false;
    try {
      const handle = fake.setImmediate(bound(callback), ...args);
      handles.set(Number(handle), handle);
      wake();
      return handle;
    } finally {
      clock.duringTick = during;
    }
  }, fake.setImmediate),
};
// Node's clear functions ignore what they do not know (fake-timers would warn on stderr), and
// clearTimeout and clearInterval clear either kind (fake-timers would throw).
const fakeClear = { Timeout: clock.clearTimeout, Interval: clock.clearInterval, Immediate: clock.clearImmediate };
function clearer(name, kinds) {
  return {
    [name](handle) {
      if (handle === null || handle === undefined) return;
      const id = Number(handle);
      const timer = clock.timers?.get(id);
      if (timer && kinds.includes(timer.type)) fakeClear[timer.type](id);
    },
  }[name];
}
nodeTimers.clearTimeout = clearer("clearTimeout", ["Timeout", "Interval"]);
nodeTimers.clearInterval = clearer("clearInterval", ["Timeout", "Interval"]);
nodeTimers.clearImmediate = clearer("clearImmediate", ["Immediate"]);
const require = createRequire(import.meta.url);
const timersModule = require("node:timers");
for (const [name, fn] of Object.entries(nodeTimers)) {
  globalThis[name] = fn;
  clock[name] = fn;
  timersModule[name] = fn;
}

// node:timers/promises setTimeout, as Node 20 implements it (the same microtask costs: a
// signal adds SafePromisePrototypeFinally's wrapping), on the fake clock.
class AbortError extends Error {
  constructor(message = "The operation was aborted", options = undefined) {
    super(message, options);
    this.code = "ABORT_ERR";
    this.name = "AbortError";
  }
}
const safePromiseFinally = (promise, onFinally) =>
  new Promise((resolve, reject) =>
    new Promise((a, b) => promise.then(a, b)).finally(onFinally).then(resolve, reject),
  );
const timersPromises = require("node:timers/promises");
const realPromisesSetTimeout = clock.timersPromisesModuleMethods?.find((m) => m.methodName === "setTimeout")?.original;
timersPromises.setTimeout = function setTimeout(after, value, options = {}) {
  if (
    (typeof after !== "undefined" && typeof after !== "number") ||
    options === null ||
    typeof options !== "object" ||
    (typeof options.signal !== "undefined" && !(options.signal instanceof AbortSignal)) ||
    (typeof options.ref !== "undefined" && typeof options.ref !== "boolean")
  ) {
    return realPromisesSetTimeout(after, value, options); // rejects with Node's own validation error
  }
  const { signal, ref = true } = options;
  if (signal?.aborted) {
    return Promise.reject(new AbortError(undefined, { cause: signal.reason }));
  }
  let oncancel;
  const ret = new Promise((resolve, reject) => {
    const handle = nodeTimers.setTimeout(resolve, after, value);
    if (!ref) handle.unref();
    if (signal) {
      let done = false;
      oncancel = () => {
        if (!done) {
          done = true;
          clock.clearTimeout(handle);
          reject(new AbortError(undefined, { cause: signal?.reason }));
        }
      };
      signal.addEventListener("abort", oncancel);
    }
  });
  return oncancel !== undefined ? safePromiseFinally(ret, () => signal.removeEventListener("abort", oncancel)) : ret;
};

// AbortSignal.timeout: an unref'd timer that aborts with a TimeoutError DOMException.
AbortSignal.timeout = function timeout(delay) {
  if (!(Number.isInteger(delay) && delay >= 0 && delay <= 0xffffffff)) {
    return realAbortSignalTimeout.call(AbortSignal, delay); // throws Node's own validation error
  }
  const controller = new AbortController();
  const handle = nodeTimers.setTimeout(() => {
    controller.abort(new DOMException("The operation was aborted due to timeout", "TimeoutError"));
  }, delay);
  handle.unref();
  return controller.signal;
};
syncBuiltinESMExports();

// --- The stepping loop: one timer per real macrotask. ---
function refedTimerPending() {
  for (const id of clock.timers?.keys() ?? []) {
    const handle = handles.get(id);
    if (!handle || handle.hasRef()) return true;
  }
  return false;
}
let settled = false;
let finish;
const finished = new Promise((resolve) => (finish = resolve));
function step() {
  // A real macrotask: every nextTick and microtask of the previous step has run.
  if (refedTimerPending()) {
    // A throw here is an uncaught exception from a real macrotask, as in Node's timers phase.
    clock.next();
    realSetImmediate(step);
  } else if (settled) {
    clock.uninstall();
    finish();
  } else {
    // Nothing is scheduled and the module has not settled: park. A timer the program sets (from
    // real I/O, say) wakes the loop; if nothing can, Node's loop empties with this module's
    // top-level await unsettled and exits with 13, as it would for the program.
    waiting = true;
  }
}
// Loading. A CommonJS program is require()d from a real macrotask, as Node runs a CommonJS main
// script: outside any promise job, so its nextTicks run before its promise callbacks, and a
// throw is an uncaught exception that stops everything at once. An ES module is import()ed: its
// evaluation is a promise job, as for Node's ES module main.
function load() {
  if (isCommonJs) {
    require(module); // a throw here is the program's own uncaught exception
    settled = true;
    realSetImmediate(step);
    return;
  }
  import(pathToFileURL(module).href).then(
    () => {
      settled = true;
      wake();
    },
    // Thrown from a microtask, it is an uncaught exception (status 1), as for Node's main module.
    (error) => queueMicrotask(() => {
      throw error;
    }),
  );
  realSetImmediate(step);
}
realSetImmediate(load);
await finished;
