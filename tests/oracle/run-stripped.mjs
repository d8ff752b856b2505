// Runs a TypeScript file in real Node, with real timers, the way Node would run the JavaScript it
// erases to:
//
//   node tests/oracle/run-stripped.mjs FILE.ts|FILE.mts|FILE.cts
//
// sucrase removes the types and nothing else; the result is written beside nothing that could
// give it a package type (a fresh temporary folder), as .js, .mjs or .cjs after the source's own
// extension, and run by this same Node. Its stdout, stderr and exit status are passed through.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { transform } from "sucrase";

const file = process.argv[2];
if (!file) {
  console.error("usage: node run-stripped.mjs FILE.ts");
  process.exit(2);
}
const { code } = transform(readFileSync(file, "utf8"), { transforms: ["typescript"], disableESTransforms: true, keepUnusedImports: true });
const ext = { ".mts": ".mjs", ".cts": ".cjs" }[file.slice(file.lastIndexOf("."))] ?? ".js";
const dir = mkdtempSync(join(tmpdir(), "inflight-ts-"));
const script = join(dir, basename(file).replace(/\.[^.]+$/, ext));
writeFileSync(script, code);
const run = spawnSync(process.execPath, [script], { stdio: "inherit" });
rmSync(dir, { recursive: true, force: true });
process.exitCode = run.status ?? 1;
