// Ticks added by ticks are drained in the same pass, before any promise job.
Promise.resolve().then(() => console.log('promise'));
let count = 0;
function again() {
  count++;
  console.log('tick', count);
  if (count < 5) {
    process.nextTick(again);
  }
}
process.nextTick(again);
process.nextTick(() => console.log('other tick'));
