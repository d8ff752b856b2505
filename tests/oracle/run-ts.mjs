// The Node oracle for demos: runs a demo's TypeScript in real Node on a virtual clock.
//
//   node tests/oracle/run-ts.mjs FILE.ts
//
// Types are stripped by sucrase (nothing else is changed), timers and Date are replaced by
// @sinonjs/fake-timers starting at 0 ms, and every timer is run in order with the real
// microtask queue drained between timers. What the program prints goes to stdout unchanged.
import { readFile, writeFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import FakeTimers from "@sinonjs/fake-timers";
import { transform } from "sucrase";

const file = process.argv[2];
if (!file) {
  console.error("usage: node run-ts.mjs FILE.ts");
  process.exit(2);
}
const source = await readFile(file, "utf8");
const { code } = transform(source, { transforms: ["typescript"], disableESTransforms: true });

const dir = await mkdtemp(join(tmpdir(), "inflight-oracle-"));
const module = join(dir, "demo.mjs");
await writeFile(module, code);

// Kept before fake-timers replaces it: the harness itself waits in real time.
const realSetTimeout = globalThis.setTimeout;
const realPause = (ms) => new Promise((resolve) => realSetTimeout(resolve, ms));

const clock = FakeTimers.install({
  now: 0,
  toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "setImmediate", "clearImmediate", "Date"],
  loopLimit: 1_000_000,
});
let exitCode = 0;
try {
  let settled = false;
  const evaluated = import(pathToFileURL(module).href).finally(() => (settled = true));
  // Loading the module takes real time; until it settles, run whatever timers it has set.
  // A program with no timers left that still has not finished waits on nothing: say so.
  let idle = 0;
  while (!settled) {
    if (clock.countTimers() > 0) {
      idle = 0;
      await clock.runAllAsync();
    } else if (++idle > 4000) {
      // About 20 s of real time with nothing scheduled and the module still unsettled.
      console.error("the program never finished: nothing is left that could wake it up");
      exitCode = 1;
      break;
    }
    await realPause(5);
  }
  if (settled) await evaluated;
} finally {
  clock.uninstall();
  await rm(dir, { recursive: true, force: true });
}
process.exitCode = exitCode;
