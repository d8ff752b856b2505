// Is every corpus program's output a property of the program, or of the machine's load?
//
//   node tests/oracle/corpus-stability.mjs [ROUNDS=20] [FOLDER=engine/tests/evloop/corpus]
//
// Keeps both cores busy with spinning workers, runs every program ROUNDS times through the oracle
// the corpus test gives it (plain Node, run-virtual.mjs or run-stripped.mjs) and reports each one
// whose stdout or exit status ever changed. A program that flips races real
// timers too closely: widen its margins, or move it to engine/tests/evloop/races/ (the
// interpreter must flag those). Exits 1 when any program flipped.
import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { promisify } from "node:util";

const run = promisify(execFile);
const repo = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const rounds = Number(process.argv[2] ?? 20);
const folder = join(repo, process.argv[3] ?? "engine/tests/evloop/corpus");

// Load: one spinning thread per core, for as long as the check runs.
const spin = "const end = () => {}; for (;;) { end(); }";
const load = Array.from({ length: availableParallelism() }, () => new Worker(spin, { eval: true }));

const programs = readdirSync(folder).filter((f) => /\.(m|c)?(j|t)s$/.test(f)).sort();

// The oracle the corpus test uses for each program: a `// oracle: virtual` first line runs under
// run-virtual.mjs (fake timers), TypeScript under run-stripped.mjs, the rest in plain Node.
function command(program) {
  const path = join(folder, program);
  const first = readFileSync(path, "utf8").split("\n", 1)[0].trim();
  if (first === "// oracle: virtual") return [join(repo, "tests/oracle/run-virtual.mjs"), path];
  if (/\.(m|c)?ts$/.test(program)) return [join(repo, "tests/oracle/run-stripped.mjs"), path];
  return [path];
}
const seen = new Map(programs.map((p) => [p, new Map()]));
const started = Date.now();
for (let round = 1; round <= rounds; round++) {
  for (const program of programs) {
    let key;
    try {
      const { stdout } = await run(process.execPath, command(program), { env: { ...process.env, TZ: "UTC" } });
      key = `exit 0\n${stdout}`;
    } catch (e) {
      key = `exit ${e.code}\n${e.stdout}`;
    }
    const outputs = seen.get(program);
    outputs.set(key, (outputs.get(key) ?? 0) + 1);
  }
}
for (const w of load) await w.terminate();

const flipped = [...seen].filter(([, outputs]) => outputs.size > 1);
const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(`${programs.length} programs x ${rounds} runs with every core busy, in ${seconds} s: ${flipped.length} flipped`);
for (const [program, outputs] of flipped) {
  console.log(`\n${program}: ${outputs.size} different outputs`);
  for (const [output, count] of outputs) console.log(`--- ${count} of ${rounds} runs ---\n${output}`);
}
process.exitCode = flipped.length ? 1 : 0;
