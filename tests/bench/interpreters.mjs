// The interpreter beside its peers, on the same programs, in one run (driven by `cargo xtask bench`):
//
//   node tests/bench/interpreters.mjs --wasm DIR --native FILE.jsonl PROGRAM...
//
// - native: the interpreter compiled natively (FILE.jsonl holds one line per program, written by
//   `cargo bench --bench interpreter`: the CPU time of the fastest of 5 runs, the peak RSS of
//   one run);
// - wasm: the interpreter compiled to wasm (DIR is wasm-bindgen's `--target nodejs` output), in
//   this Node process: the fastest of 5 runs, and the module's linear memory afterwards;
// - QuickJS: quickjs-emscripten 0.32's release build (QuickJS compiled to wasm), also in this
//   process, with `console.log` provided: the fastest of 5 runs (a new context each time), and
//   its wasm memory afterwards. It runs the programs that need nothing from Node's runtime;
// - Node 20: each program in a fresh `node` process (TypeScript stripped by sucrase first),
//   measured from inside by a preloaded hook: CPU time (user + system, all threads) from just
//   before the program loads to the process's exit, and the peak RSS. The fastest of 3 processes.
//
// Every engine's output is compared: with Node's where the program is deterministic in real Node
// (it prints no time and no random value), otherwise with the native interpreter's, which runs
// on the same virtual clock and seed. A difference fails the run (exit 1).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { basename, extname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { getQuickJS } from "quickjs-emscripten";
import { transform } from "sucrase";

const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  if (i < 0 || i + 1 >= args.length) {
    console.error(`usage: node interpreters.mjs --wasm DIR --native FILE.jsonl PROGRAM...`);
    process.exit(2);
  }
  const [value] = args.splice(i, 2).slice(1);
  return value;
};
const wasmDir = resolve(option("--wasm"));
const nativeFile = option("--native");
const programs = args.map((p) => resolve(p));
const native = readFileSync(nativeFile, "utf8").trim().split("\n").map((l) => JSON.parse(l));
const wasm = createRequire(import.meta.url)(join(wasmDir, "inflight_engine_wasm.js"));
const QuickJS = await getQuickJS();
const hook = fileURLToPath(new URL("./node-hook.cjs", import.meta.url));
const RUNS = 5;

const fastest = (runs, f) => {
  let best = Infinity;
  let out;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    out = f();
    best = Math.min(best, performance.now() - t);
  }
  return { ms: best, out };
};

// Programs that use nothing of Node's runtime beyond console.log and promises.
const portable = (source) => !/\b(setTimeout|setImmediate|setInterval|process\.|require\(|import |Date\.|Math\.random|AbortController)\b/.test(source);
// Programs whose output is the same in every real run (no clock, no randomness).
const deterministic = (source) => !/\b(Date\.now|performance\.now|Math\.random)\b/.test(source);

function onQuickJS(source) {
  const vm = QuickJS.newContext();
  let out = "";
  const log = vm.newFunction("log", (...handles) => {
    out += handles.map((h) => String(vm.dump(h))).join(" ") + "\n";
  });
  const consoleObject = vm.newObject();
  vm.setProp(consoleObject, "log", log);
  vm.setProp(vm.global, "console", consoleObject);
  consoleObject.dispose();
  log.dispose();
  const result = vm.evalCode(source, "program.js");
  if (result.error) {
    const e = vm.dump(result.error);
    result.error.dispose();
    vm.dispose();
    throw new Error(`QuickJS: ${JSON.stringify(e)}`);
  }
  result.value.dispose();
  const jobs = vm.runtime.executePendingJobs(-1);
  if (jobs.error) {
    const e = vm.dump(jobs.error);
    jobs.error.dispose();
    vm.dispose();
    throw new Error(`QuickJS job: ${JSON.stringify(e)}`);
  }
  vm.dispose();
  return out;
}

function onNode(path, source) {
  const dir = mkdtempSync(join(tmpdir(), "inflight-bench-"));
  const ext = extname(path);
  const target = { ".ts": ".js", ".mts": ".mjs", ".cts": ".cjs" }[ext] ?? ext;
  const code = target === ext ? source : transform(source, { transforms: ["typescript"], disableESTransforms: true, keepUnusedImports: true }).code;
  const file = join(dir, basename(path, ext) + target);
  writeFileSync(file, code);
  let best = null;
  try {
    for (let i = 0; i < 3; i++) {
      const r = spawnSync(process.execPath, ["--require", hook, file], { encoding: "utf8", env: { ...process.env, TZ: "UTC" } });
      const line = r.stderr.split("\n").find((l) => l.startsWith("inflight-bench "));
      if (r.status !== 0 || !line) throw new Error(`node ${basename(path)} failed (${r.status}): ${r.stderr}`);
      const m = JSON.parse(line.slice("inflight-bench ".length));
      if (!best || m.cpu_ms < best.cpu_ms) best = { ...m, stdout: r.stdout };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return best;
}

const rows = [];
let failed = false;
for (const [i, path] of programs.entries()) {
  const source = readFileSync(path, "utf8");
  const name = basename(path);
  const nat = native[i];
  const node = onNode(path, source);
  const ours = fastest(RUNS, () => wasm.run(name, source, 1));
  const wasmOut = ours.out.refused ? `refused: ${ours.out.refused}` : ours.out.stdout;
  const qjs = portable(source) ? fastest(RUNS, () => onQuickJS(source)) : null;
  const expected = deterministic(source) ? node.stdout : nat.stdout;
  const against = deterministic(source) ? "Node" : "the native interpreter";
  for (const [who, got] of [["native", nat.stdout], ["wasm", wasmOut], ["QuickJS", qjs?.out]]) {
    if (got !== undefined && got !== expected) {
      console.error(`${name}: ${who} printed\n${got}\nbut ${against} printed\n${expected}`);
      failed = true;
    }
  }
  rows.push({ name, nat, node, wasm: ours.ms, wasmMemory: wasm.memory_bytes(), qjs: qjs?.ms, qjsMemory: qjs ? QuickJS.getWasmMemory().buffer.byteLength : null });
}

const ms = (x) => (x === null || x === undefined ? "–" : x < 10 ? x.toFixed(2) : x.toFixed(0));
const mb = (bytes) => (bytes ? (bytes / 1048576).toFixed(0) : "–");
const ratio = (a, b) => (a && b ? (a / b).toFixed(2) + "×" : "–");
console.log("\n| program | native ms | Node CPU ms | native / Node | wasm ms | QuickJS wasm ms | wasm / QuickJS | native peak MB | Node peak MB | native / Node memory | trace events |");
console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const r of rows) {
  console.log(
    `| ${r.name} | ${ms(r.nat.ms)} | ${ms(r.node.cpu_ms)} | ${ratio(r.nat.ms, r.node.cpu_ms)} | ${ms(r.wasm)} | ${ms(r.qjs)} | ${ratio(r.wasm, r.qjs)} | ${mb(r.nat.peak_kb * 1024)} | ${mb(r.node.peak_kb * 1024)} | ${ratio(r.nat.peak_kb, r.node.peak_kb)} | ${r.nat.trace_events} |`,
  );
}
console.log(`\nwasm linear memory after all runs: ${mb(rows.at(-1)?.wasmMemory)} MB; QuickJS's: ${mb(rows.findLast((r) => r.qjsMemory)?.qjsMemory)} MB`);
console.log("Node CPU time is user + system time of the whole process from just before the program loads (its JIT and GC threads included); native time is the CPU time of one run (parse, compile, run, trace), wasm time its wall-clock time in this process.");
process.exit(failed ? 1 : 0);
