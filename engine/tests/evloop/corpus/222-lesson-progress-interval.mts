// oracle: virtual
// Lesson: report progress with setInterval while parallel tasks run, and stop the interval
// as soon as the last task finishes.
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const durations = [130, 420, 610, 980];
let done = 0;
const start = Date.now();
const bar = (fraction: number): string => {
  const filled = Math.round(fraction * 20);
  return `[${'#'.repeat(filled)}${'.'.repeat(20 - filled)}] ${String(Math.round(fraction * 100)).padStart(3)}%`;
};
const reporter = setInterval(() => {
  console.log(`${String(Date.now() - start).padStart(4)} ms ${bar(done / durations.length)}`);
}, 250);
await Promise.all(
  durations.map(async (ms, i) => {
    await sleep(ms);
    done++;
    console.log(`${String(Date.now() - start).padStart(4)} ms task ${i + 1} finished`);
  }),
);
clearInterval(reporter);
console.log(`${String(Date.now() - start).padStart(4)} ms ${bar(1)} all ${done} tasks done`);
