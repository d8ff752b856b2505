// Immediates queued from microtasks join the same check-phase FIFO.
setImmediate(() => console.log('immediate from main'));
Promise.resolve().then(() => {
  setImmediate(() => console.log('immediate from promise'));
});
process.nextTick(() => {
  setImmediate(() => console.log('immediate from tick'));
});
setImmediate(() => {
  console.log('immediate 2 from main');
  Promise.resolve().then(() => setImmediate(() => console.log('immediate from promise in check')));
});
