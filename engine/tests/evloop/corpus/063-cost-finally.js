// .finally(() => {}).then(f) reaches f at depth 4, for fulfilled and rejected sources.
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
Promise.resolve('ok')
  .finally(() => console.log('finally handler: depth 1'))
  .then((v) => console.log('then after finally: depth 4', v));
Promise.reject('bad')
  .finally(() => {})
  .catch((e) => console.log('catch after finally: depth 4', e));
