// All nextTick callbacks run before promise jobs, whatever order they were queued in.
Promise.resolve().then(() => console.log('promise 1'));
process.nextTick(() => console.log('tick 1'));
queueMicrotask(() => console.log('microtask 1'));
process.nextTick(() => console.log('tick 2'));
Promise.resolve().then(() => console.log('promise 2'));
process.nextTick(() => console.log('tick 3'));
console.log('sync');
