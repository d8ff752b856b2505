// oracle: virtual
// setInterval repeats at its period until cleared, even from inside its own callback.
const start = Date.now();
let ticks = 0;
const id = setInterval(() => {
  ticks++;
  console.log(`tick ${ticks} at ${Date.now() - start} ms`);
  if (ticks === 4) {
    clearInterval(id);
    console.log('cleared');
  }
}, 250);
let beats = 0;
const heartbeat = setInterval(() => console.log('heartbeat', ++beats, Date.now() - start), 400);
setTimeout(() => {
  clearInterval(heartbeat);
  console.log('stopped heartbeat at', Date.now() - start);
}, 1300);
const fast = setInterval(() => {}, 0);
setTimeout(() => clearInterval(fast), 3);
setTimeout(() => console.log('done; ticks', ticks, 'beats', beats), 2000);
