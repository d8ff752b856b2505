// new Promise(r => r(p)) adopts p with 2 extra ticks; Promise.resolve(p) returns p itself.
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
const p = Promise.resolve('p');
new Promise((resolve) => resolve(p)).then(() => console.log('new Promise(r => r(p)): depth 3'));
Promise.resolve(p).then(() => console.log('Promise.resolve(p): depth 1'));
console.log('same object?', Promise.resolve(p) === p);
