// oracle: virtual
// Between two timers due at the same time, Node drains nextTicks and microtasks: the
// second timer sees everything the first one queued already done.
const start = Date.now();
const order = [];
setTimeout(() => {
  order.push('timer 1');
  process.nextTick(() => order.push('tick from timer 1'));
  Promise.resolve().then(() => order.push('promise from timer 1'));
  queueMicrotask(() => order.push('microtask from timer 1'));
}, 100);
setTimeout(() => {
  order.push('timer 2');
  Promise.resolve().then(() => order.push('promise from timer 2'));
}, 100);
setTimeout(() => {
  order.push('timer 3 at ' + (Date.now() - start));
  console.log(order);
}, 100);
setTimeout(() => {
  const nested = [];
  setTimeout(() => nested.push('inner 0 ms'), 0);
  Promise.resolve().then(() => nested.push('microtask'));
  setTimeout(() => console.log(nested, Date.now() - start), 5);
}, 200);
