// oracle: virtual
// Date.now() and performance.now() run on the virtual clock (starting 2026-01-01), and
// Math.random() is seeded: the same program prints the same numbers every run.
const start = Date.now();
console.log(start, performance.now());
const rolls = Array.from({ length: 5 }, () => Math.floor(Math.random() * 100));
console.log(rolls);
setTimeout(() => {
  console.log('elapsed', Date.now() - start, 'perf', performance.now(), Math.random().toFixed(6));
}, 250);
