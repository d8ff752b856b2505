// oracle: node
// keys(), values() and entries() return iterators: spread them, loop over them, or see how
// console.log prints one.
const colors = ['red', 'green', , 'blue'];
console.log([...colors.keys()], [...colors.values()], [...colors.entries()]);
console.log(Object.keys(colors));
const it = colors.entries();
console.log(it.next(), it.next());
console.log(it);
for (const [index, color] of colors.entries()) {
  if (color) console.log(`${index}: ${color}`);
}
const values = colors.values();
values.next();
console.log([...values], [...values]);
const m = new Map([['a', 1]]);
console.log(m.keys(), m.values(), m.entries(), new Set([1]).values());
console.log(typeof colors[Symbol.iterator], colors[Symbol.iterator]().next());
