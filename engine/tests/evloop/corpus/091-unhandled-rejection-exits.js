// An unhandled rejection ends the program after the current ticks and microtasks drain.
// exit: 1
console.log('before rejection');
setTimeout(() => console.log('timer must not run'), 0);
Promise.reject('boom');
process.nextTick(() => console.log('tick still runs'));
Promise.resolve()
  .then(() => console.log('microtask still runs'))
  .then(() => console.log('chained microtask still runs'));
console.log('end of script');
