// Microtasks queued by one immediate run before the next immediate in the same check phase.
setImmediate(() => {
  console.log('immediate A');
  Promise.resolve().then(() => console.log('A promise'));
  process.nextTick(() => console.log('A nextTick'));
});
setImmediate(() => {
  console.log('immediate B');
  queueMicrotask(() => console.log('B microtask'));
});
setImmediate(() => console.log('immediate C'));
Promise.resolve().then(() => console.log('main promise'));
