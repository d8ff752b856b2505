// oracle: node
// A Set changed while it is iterated: values added during forEach or for...of are visited,
// deleted ones are not, a deleted and re-added value comes again at the end; clear() during an
// iteration lets it go on with what is added after. A queue kept in a Set (take the first,
// delete it, add more) visits each value once, in order.
const s = new Set([1, 2, 3, 4]);
const seen = [];
s.forEach((v) => {
  seen.push(v);
  if (v === 1) {
    s.delete(2);
    s.add(5);
  }
  if (v === 3) {
    s.delete(1);
    s.add(1);
  }
  if (v === 5) s.delete(4);
});
console.log(seen, [...s]);

const letters = new Set('abcdef');
const order = [];
for (const x of letters) {
  order.push(x);
  if (x === 'b') {
    letters.clear();
    letters.add('z');
    letters.add('a');
  }
}
console.log(order.join(''), [...letters].join(''));

const queue = new Set([0]);
const taken = [];
while (queue.size > 0 && taken.length < 500) {
  const first = queue.values().next().value;
  queue.delete(first);
  taken.push(first);
  if (first < 300) {
    queue.add(first * 2 + 1);
    queue.add(first * 2 + 2);
  }
}
console.log(taken.length, taken.slice(0, 12).join(' '), taken.slice(-5).join(' '), queue.size);

const many = new Set();
for (let i = 0; i < 1000; i++) many.add(`k${i}`);
const walk = many.values();
const firstTen = [];
for (let i = 0; i < 10; i++) firstTen.push(walk.next().value);
for (let i = 0; i < 1000; i += 2) many.delete(`k${i}`);
for (let i = 0; i < 990; i++) many.delete(`k${i}`);
many.add('k0');
console.log(firstTen.join(','), [...walk].join(','), many.size, many.has('k999'), many.has('k998'));
