// `?.` stops at null or undefined and gives undefined; `??` falls back only on null/undefined.
const order = { customer: { address: { city: 'Oslo' } }, items: [{ sku: 'a1' }], notify: null };
console.log(order.customer?.address?.city, order.vendor?.address.city, order.items?.[0]?.sku, order.items?.[5]?.sku);
console.log(order.notify?.(), order.customer.greet?.(), typeof order.nothing?.deep.deeper);
const svc = { name: 'svc', describe() { return `I am ${this.name}`; } };
console.log(svc?.describe(), svc.describe?.());
console.log(0 ?? 'default', '' ?? 'default', null ?? 'default', undefined ?? 'default', false || 'or');
const limits = { max: 0 };
console.log(limits.max ?? 10, limits.max || 10, limits.min ?? limits.max ?? 5);
