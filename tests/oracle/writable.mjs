// The Node oracle for the Writable model: runs a script of operations against a real
// stream.Writable whose sink calls back only when told to, and prints what happened.
//
//   node tests/oracle/writable.mjs HWM OBJECT_MODE SYNC OPS...
//
// OPS are `w<bytes>` (write a chunk of that many bytes) or `ack` (the sink calls back for the
// chunk it is writing). Prints one line per event: `sink <bytes>` when _write receives a chunk,
// `write <returned> <writableLength>`, `ack <writableLength>`, and `drain`.
import { Writable } from "node:stream";

const [hwm, objectMode, sync, ...ops] = process.argv.slice(2);
const pending = [];
const stream = new Writable({
  highWaterMark: Number(hwm),
  objectMode: objectMode === "true",
  write(chunk, _encoding, callback) {
    console.log(`sink ${objectMode === "true" ? 1 : chunk.length}`);
    if (sync === "true") callback();
    else pending.push(callback);
  },
});
stream.on("drain", () => console.log("drain"));

for (const op of ops) {
  if (op === "ack") {
    const callback = pending.shift();
    if (!callback) throw new Error("ack with nothing being written");
    callback();
    console.log(`ack ${stream.writableLength}`);
  } else {
    const bytes = Number(op.slice(1));
    const chunk = objectMode === "true" ? { bytes } : Buffer.alloc(bytes);
    const returned = stream.write(chunk);
    console.log(`write ${returned} ${stream.writableLength}`);
  }
}
