// Timers that schedule the next one form a strict sequence, each with its own checkpoint.
let step = 0;
function next() {
  step++;
  console.log('step', step);
  process.nextTick(() => console.log('  tick', step));
  if (step < 4) {
    setTimeout(next, step);
  }
}
setTimeout(next, 0);
console.log('kick off');
