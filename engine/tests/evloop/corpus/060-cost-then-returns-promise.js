// A then handler returning a promise delays the next then to depth 4 instead of 2.
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
ticks(5);
const resolved = Promise.resolve('r');
Promise.resolve()
  .then(() => resolved)
  .then(() => console.log('after handler returned promise: depth 4'));
Promise.resolve()
  .then(() => 'plain')
  .then(() => console.log('after handler returned value: depth 2'));
