// CommonJS: ticks from the top level run before a whole promise chain (compare 030).
process.nextTick(() => console.log('tick 1'));
Promise.resolve()
  .then(() => console.log('chain 1'))
  .then(() => console.log('chain 2'))
  .then(() => console.log('chain 3'));
queueMicrotask(() => {
  console.log('microtask');
  process.nextTick(() => console.log('tick from microtask'));
});
process.nextTick(() => console.log('tick 2'));
setImmediate(() => console.log('immediate'));
console.log('sync');
