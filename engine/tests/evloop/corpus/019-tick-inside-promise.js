// A nextTick queued from a promise callback waits until the microtask queue is empty.
Promise.resolve()
  .then(() => {
    console.log('then 1');
    process.nextTick(() => console.log('tick from then 1'));
  })
  .then(() => console.log('then 2'))
  .then(() => console.log('then 3'));
queueMicrotask(() => {
  console.log('microtask');
  queueMicrotask(() => console.log('nested microtask'));
});
