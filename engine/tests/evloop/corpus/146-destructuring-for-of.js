// oracle: node
// Patterns in for...of heads over entries, Maps and arrays of objects.
const stock = { apples: 3, pears: 0, plums: 12 };
for (const [fruit, count] of Object.entries(stock)) {
  console.log(`${fruit.padEnd(8)}${count}`);
}
const orders = [
  { id: 1, items: ['pen', 'ink'], customer: { name: 'Ada' } },
  { id: 2, items: ['paper'], customer: { name: 'Grace', vip: true } },
];
for (const { id, items: [first, ...others], customer: { name, vip = false } } of orders) {
  console.log(id, first, others.length, name, vip);
}
const scores = new Map([['ada', [90, 85]], ['bob', [70]]]);
for (const [player, [best, second = 'none']] of scores) {
  console.log(player, best, second);
}
for (const [i, letter] of ['a', 'b', 'c'].entries()) {
  console.log(i, letter);
}
let total = 0;
for (let { price, qty = 1 } of [{ price: 5 }, { price: 2, qty: 3 }]) {
  qty *= 2;
  total += price * qty;
}
console.log('total', total);
