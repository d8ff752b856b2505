// p.then(f) on a fulfilled promise costs 1 tick; each further .then adds 1.
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
ticks(4);
const p = Promise.resolve('v');
p.then(() => console.log('then on fulfilled: depth 1'));
p.then(() => 'x').then(() => console.log('second then: depth 2'));
p.then(() => 'x').then(() => 'y').then(() => console.log('third then: depth 3'));
