// Ticks and promises created while draining after an immediate still run before the next immediate.
setImmediate(() => {
  console.log('immediate 1');
  Promise.resolve().then(() => {
    console.log('promise from immediate 1');
    process.nextTick(() => {
      console.log('tick from that promise');
      Promise.resolve().then(() => console.log('promise from that tick'));
    });
  });
});
setImmediate(() => console.log('immediate 2'));
