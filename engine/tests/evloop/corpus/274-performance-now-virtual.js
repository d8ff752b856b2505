// oracle: virtual
// performance.now() starts at 0 and advances with the virtual clock, so measured durations
// equal the timer delays exactly.
const t0 = performance.now();
console.log('start', t0);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function measure(label, fn) {
  const before = performance.now();
  await fn();
  console.log(`${label} took ${(performance.now() - before).toFixed(1)} ms`);
}
async function main() {
  await measure('one sleep', () => sleep(120));
  await measure('two in sequence', async () => {
    await sleep(50);
    await sleep(75);
  });
  await measure('two in parallel', () => Promise.all([sleep(50), sleep(75)]));
  console.log('total', performance.now(), 'ms; Date agrees:', Date.now() - Date.UTC(2026, 0, 1));
}
main();
