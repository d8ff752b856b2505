// Every line of the main script runs before any callback it scheduled.
console.log('script start');
setTimeout(() => console.log('timeout'), 0);
process.nextTick(() => console.log('nextTick'));
Promise.resolve().then(() => console.log('promise'));
queueMicrotask(() => console.log('microtask'));
let total = 0;
for (let i = 1; i <= 100; i++) {
  total += i;
}
console.log('sum', total);
console.log('script end');
