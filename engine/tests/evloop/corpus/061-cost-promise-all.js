// Promise.all over fulfilled inputs or plain values settles at depth 2; over an empty array at depth 1.
function ticks(n) {
  let i = 0;
  function step() {
    i++;
    console.log(`tick ${i}`);
    if (i < n) {
      Promise.resolve().then(step);
    }
  }
  Promise.resolve().then(step);
}
ticks(3);
const a = Promise.resolve('a');
const b = Promise.resolve('b');
Promise.all([a, b]).then((v) => console.log('all of promises: depth 2', v));
Promise.all([1, 2]).then((v) => console.log('all of values: depth 2', v));
Promise.all([]).then((v) => console.log('all of empty: depth 1', v));
