// oracle: node
// The map/filter/reduce pipeline on order data, and reduce's rules about the initial value.
const orders = [
  { id: 1, customer: 'ada', total: 120, status: 'paid' },
  { id: 2, customer: 'bob', total: 35.5, status: 'pending' },
  { id: 3, customer: 'ada', total: 60, status: 'paid' },
  { id: 4, customer: 'cy', total: 9.99, status: 'refunded' },
];
const paid = orders.filter((o) => o.status === 'paid');
console.log(paid.map((o) => o.id), paid.map((o) => o.total).reduce((a, b) => a + b));
const byCustomer = orders.reduce((acc, o) => {
  acc[o.customer] = (acc[o.customer] ?? 0) + o.total;
  return acc;
}, {});
console.log(byCustomer);
const summary = orders.map(({ id, total }) => `#${id}: ${total.toFixed(2)}`);
console.log(summary);
console.log([1, 2, 3, 4].reduce((acc, x, i) => acc + x * i, 0), [5].reduce((a, b) => a + b));
console.log([[1, 2], [3], []].reduce((acc, xs) => acc.concat(xs), []));
try {
  [].reduce((a, b) => a + b);
} catch (e) {
  console.log(e.name, e.message);
}
console.log([].reduce((a, b) => a + b, 'initial'), [3, 1, 2].reduce((max, x) => (x > max ? x : max)));
console.log(['1', '2', '3'].map(Number), ['1', '2', '3'].map(parseInt));
