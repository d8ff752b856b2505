// oracle: node
// padStart/padEnd for aligned tables and zero-padding; repeat for rules and indentation.
const rows = [['Item', 'Qty', 'Price'], ['Coffee', 2, 3.5], ['Croissant', 12, 1.25], ['Tea', 100, 2]];
const line = '+' + '-'.repeat(12) + '+' + '-'.repeat(6) + '+' + '-'.repeat(9) + '+';
console.log(line);
for (const [item, qty, price] of rows) {
  const p = typeof price === 'number' ? price.toFixed(2) : price;
  console.log(`| ${String(item).padEnd(11)}| ${String(qty).padStart(4)} | ${p.padStart(7)} |`);
}
console.log(line);
console.log('5'.padStart(3, '0'), '42'.padStart(5, 'ab'), 'abc'.padStart(2), 'x'.padEnd(4, '._'), '|');
console.log('7'.padStart(3, ''), 'time'.padEnd(0), ''.padStart(3, '*'));
const time = (h, m, s) => [h, m, s].map((n) => String(n).padStart(2, '0')).join(':');
console.log(time(9, 5, 0), time(23, 59, 59));
console.log('ab'.repeat(3), 'x'.repeat(0), '-'.repeat(1));
try {
  'x'.repeat(-1);
} catch (e) {
  console.log(e.name, e.message);
}
const tree = ['root', 'child', 'grandchild'].map((name, depth) => '  '.repeat(depth) + '└ ' + name);
console.log(tree.join('\n'));
