// Each run of an interval callback is followed by its own microtask checkpoint.
let runs = 0;
const id = setInterval(() => {
  runs++;
  console.log('interval run', runs);
  Promise.resolve(runs).then((n) => console.log('promise after run', n));
  process.nextTick(() => console.log('tick after run', runs));
  if (runs === 3) {
    clearInterval(id);
    console.log('cleared');
  }
}, 2);
