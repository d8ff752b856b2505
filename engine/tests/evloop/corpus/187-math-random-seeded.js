// oracle: virtual
// Math.random is seeded (xorshift32, seed 1), so these "random" numbers are the same on
// every run.
const first = [Math.random(), Math.random(), Math.random()];
console.log(first);
console.log(first.every((x) => x >= 0 && x < 1));
const randomInt = (min, max) => min + Math.floor(Math.random() * (max - min + 1));
console.log(Array.from({ length: 10 }, () => randomInt(1, 6)).join(' '));
function shuffle(items) {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}
console.log(shuffle(['a', 'b', 'c', 'd', 'e', 'f']));
const pick = (xs) => xs[Math.floor(Math.random() * xs.length)];
console.log(pick(['red', 'green', 'blue']), pick(['heads', 'tails']));
const id = Array.from({ length: 8 }, () => 'abcdefghijklmnopqrstuvwxyz0123456789'[Math.floor(Math.random() * 36)]).join('');
console.log('id', id, id.length);
