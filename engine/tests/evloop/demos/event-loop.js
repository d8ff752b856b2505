// oracle: node
// The event loop's queues, in the order Node visits them. Predict the output, then run it.
const log = (what) => console.log(what);

setTimeout(() => {
  log("timer: A");
  setTimeout(() => log("timer: scheduled inside A"), 0);
  setImmediate(() => log("immediate: scheduled inside A"));
  process.nextTick(() => log("nextTick: scheduled inside A"));
  Promise.resolve().then(() => log("promise: scheduled inside A"));
}, 0);

Promise.resolve()
  .then(() => log("promise: first then"))
  .then(() => log("promise: second then"));
process.nextTick(() => log("nextTick: from the script"));
queueMicrotask(() => log("microtask: from the script"));

async function handler(id) {
  log(`handler ${id}: starts`); // an async function runs synchronously until its first await
  await null;
  log(`handler ${id}: resumes`); // the rest is a promise job
  return id;
}

handler(1).then((id) => log(`handler ${id}: settled`));
handler(2);
log("script: ends");
