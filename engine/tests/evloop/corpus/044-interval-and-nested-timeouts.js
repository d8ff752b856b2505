// An interval reschedules after each run; a timeout created in its callback runs later.
let count = 0;
const id = setInterval(() => {
  count++;
  console.log('interval', count);
  if (count === 3) {
    clearInterval(id);
    setTimeout(() => console.log('timeout after last interval'), 1);
  }
  Promise.resolve().then(() => console.log('microtask after interval', count));
}, 3);
