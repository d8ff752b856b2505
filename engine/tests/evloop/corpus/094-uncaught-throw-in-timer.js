// An uncaught throw in a timer callback stops the program at once; its queued microtasks never run.
// exit: 1
setTimeout(() => {
  console.log('timer 1 starts');
  Promise.resolve().then(() => console.log('promise must not run'));
  process.nextTick(() => console.log('tick must not run'));
  throw 'uncaught';
}, 5);
setTimeout(() => console.log('timer 2 must not run'), 5);
Promise.resolve().then(() => console.log('main microtask runs'));
