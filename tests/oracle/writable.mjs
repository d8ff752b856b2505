// The Node oracle for the Writable model: runs a script of operations against a real
// stream.Writable whose sink calls back only when told to, and prints what happened.
//
//   node tests/oracle/writable.mjs HWM OBJECT_MODE SYNC OPS...
//   node tests/oracle/writable.mjs --batch < scripts.json
//
// OPS are `w<bytes>` (write a chunk of that many bytes) or `ack` (the sink calls back for the
// chunk it is writing). Prints one line per event: `sink <n> <units>` when _write receives the
// n-th chunk written (counting from 1) of that many units (bytes, or 1 in object mode),
// `write <returned> <writableLength>`, `ack <writableLength>`, and `drain`.
//
// With --batch, stdin is a JSON array of scripts, `{ "hwm": 10, "objectMode": false, "sync":
// false, "ops": ["w4", "ack"] }`, all run in this one process, each on a stream of its own; each
// script's log follows a line `script <index>`. Between scripts the process lets its tick and
// microtask queues run dry, so anything Node defers lands in the log of the script that caused
// it, as it would at the end of a single run.
import { Writable } from "node:stream";
import { setImmediate as turn } from "node:timers/promises";

function run({ hwm, objectMode, sync, ops }) {
  const pending = [];
  const numbers = new WeakMap();
  const stream = new Writable({
    highWaterMark: hwm,
    objectMode,
    write(chunk, _encoding, callback) {
      console.log(`sink ${numbers.get(chunk)} ${objectMode ? 1 : chunk.length}`);
      if (sync) callback();
      else pending.push(callback);
    },
  });
  stream.on("drain", () => console.log("drain"));

  let written = 0;
  for (const op of ops) {
    if (op === "ack") {
      const callback = pending.shift();
      if (!callback) throw new Error("ack with nothing being written");
      callback();
      console.log(`ack ${stream.writableLength}`);
    } else {
      const bytes = Number(op.slice(1));
      const chunk = objectMode ? { bytes } : Buffer.alloc(bytes);
      numbers.set(chunk, ++written);
      const returned = stream.write(chunk);
      console.log(`write ${returned} ${stream.writableLength}`);
    }
  }
}

if (process.argv[2] === "--batch") {
  let input = "";
  for await (const text of process.stdin.setEncoding("utf8")) input += text;
  const scripts = JSON.parse(input);
  for (const [index, script] of scripts.entries()) {
    console.log(`script ${index}`);
    run(script);
    await turn();
  }
} else {
  const [hwm, objectMode, sync, ...ops] = process.argv.slice(2);
  run({ hwm: Number(hwm), objectMode: objectMode === "true", sync: sync === "true", ops });
}
