// A promise job queued from a tick runs after all pending ticks, behind older microtasks.
Promise.resolve().then(() => console.log('older promise'));
process.nextTick(() => {
  console.log('tick 1');
  Promise.resolve().then(() => console.log('promise from tick 1'));
  process.nextTick(() => console.log('tick 3 (queued by tick 1)'));
});
process.nextTick(() => {
  console.log('tick 2');
  queueMicrotask(() => console.log('microtask from tick 2'));
});
