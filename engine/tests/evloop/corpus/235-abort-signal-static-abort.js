// oracle: node
// AbortSignal.abort() makes a signal that is already aborted; throwIfAborted() throws its
// reason as is, and does nothing on a live signal.
const already = AbortSignal.abort();
console.log(already.aborted, already.reason.name, already.reason.message);
const why = AbortSignal.abort('shutting down');
console.log(why.reason);
try {
  why.throwIfAborted();
} catch (e) {
  console.log('thrown:', e, typeof e);
}
try {
  already.throwIfAborted();
} catch (e) {
  console.log('thrown:', e.name, e instanceof DOMException);
}
const live = new AbortController().signal;
console.log(live.throwIfAborted(), 'live signal did not throw');
const step = (signal, n) => (signal.throwIfAborted(), `step ${n} ran`);
const ac = new AbortController();
for (let i = 1; i <= 4; i++) {
  try {
    console.log(step(ac.signal, i));
    if (i === 2) ac.abort(new RangeError(`stopped after ${i}`));
  } catch (e) {
    console.log(`${e.name}: ${e.message}`);
  }
}
