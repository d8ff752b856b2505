// RACE: microtasks around a main-module setTimeout(0) and setImmediate do not fix their order.
console.log('start');
setImmediate(() => {
  console.log('immediate');
  process.nextTick(() => console.log('tick after immediate'));
});
setTimeout(() => {
  console.log('timeout');
  Promise.resolve().then(() => console.log('promise after timeout'));
}, 0);
Promise.resolve().then(() => console.log('main promise'));
console.log('end');
