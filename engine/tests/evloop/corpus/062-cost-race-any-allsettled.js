// Promise.race, Promise.any and Promise.allSettled over fulfilled inputs settle at depth 2.
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
const p = Promise.resolve('x');
Promise.race([p]).then((v) => console.log('race: depth 2', v));
Promise.any([p]).then((v) => console.log('any: depth 2', v));
Promise.allSettled([p]).then((r) => console.log('allSettled: depth 2', r.length));
