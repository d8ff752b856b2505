// Microtasks added while draining run in the same drain, before ticks those microtasks queued.
queueMicrotask(() => {
  console.log('m1');
  process.nextTick(() => console.log('tick from m1'));
  queueMicrotask(() => {
    console.log('m3');
    queueMicrotask(() => console.log('m4'));
  });
});
queueMicrotask(() => console.log('m2'));
setImmediate(() => console.log('immediate'));
