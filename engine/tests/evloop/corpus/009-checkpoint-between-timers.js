// Microtasks queued by one timer callback run before the next timer callback.
setTimeout(() => {
  console.log('timer 1');
  Promise.resolve().then(() => console.log('timer 1 promise'));
  process.nextTick(() => console.log('timer 1 nextTick'));
  queueMicrotask(() => console.log('timer 1 microtask'));
}, 5);
setTimeout(() => {
  console.log('timer 2');
  Promise.resolve().then(() => console.log('timer 2 promise'));
}, 5);
setTimeout(() => console.log('timer 3'), 5);
