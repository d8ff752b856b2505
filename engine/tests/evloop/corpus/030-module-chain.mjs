// ES module: the whole top-level promise chain runs before top-level ticks (compare 029).
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
