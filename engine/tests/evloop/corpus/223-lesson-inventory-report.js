// oracle: node
// Lesson: turn raw inventory records into a report: group by category, total the value,
// sort, format a table and export JSON.
const records = [
  { sku: 'A-100', name: 'Keyboard', category: 'peripherals', qty: 12, price: 49.9 },
  { sku: 'A-101', name: 'Mouse', category: 'peripherals', qty: 40, price: 19.99 },
  { sku: 'B-200', name: 'Monitor 27"', category: 'displays', qty: 5, price: 329 },
  { sku: 'B-201', name: 'Monitor 24"', category: 'displays', qty: 0, price: 189.5 },
  { sku: 'C-300', name: 'USB-C cable', category: 'cables', qty: 150, price: 7.25 },
  { sku: 'C-301', name: 'HDMI cable', category: 'cables', qty: 60, price: 9.75 },
  { sku: 'A-102', name: 'Webcam', category: 'peripherals', qty: 8, price: 74 },
];
const byCategory = records.reduce((acc, r) => {
  const group = (acc[r.category] ??= { items: 0, units: 0, value: 0, outOfStock: [] });
  group.items++;
  group.units += r.qty;
  group.value += r.qty * r.price;
  if (r.qty === 0) group.outOfStock.push(r.sku);
  return acc;
}, {});
const rows = Object.entries(byCategory).sort(([, a], [, b]) => b.value - a.value);
const money = (n) => n.toFixed(2).padStart(10);
console.log('CATEGORY'.padEnd(12) + 'ITEMS'.padStart(6) + 'UNITS'.padStart(7) + 'VALUE'.padStart(10));
for (const [name, g] of rows) console.log(name.padEnd(12) + String(g.items).padStart(6) + String(g.units).padStart(7) + money(g.value));
const total = rows.reduce((sum, [, g]) => sum + g.value, 0);
console.log('-'.repeat(35));
console.log('TOTAL'.padEnd(25) + money(total));
const top = [...records].sort((a, b) => b.qty * b.price - a.qty * a.price).slice(0, 3).map((r) => r.name);
console.log('top value items:', top);
console.log(JSON.stringify({ generated: 'report', categories: Object.fromEntries(rows.map(([k, g]) => [k, { ...g, value: +g.value.toFixed(2) }])) }, null, 2));
