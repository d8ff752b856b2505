// An async function returning a promise settles 2 ticks later than one returning a value.
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
async function returnsValue() {
  return 1;
}
async function returnsPromise() {
  return Promise.resolve(2);
}
async function returnsAwaited() {
  return await Promise.resolve(3);
}
returnsPromise().then((v) => console.log('return promise: depth 3', v));
returnsAwaited().then((v) => console.log('return await: depth 2', v));
returnsValue().then((v) => console.log('return value: depth 1', v));
