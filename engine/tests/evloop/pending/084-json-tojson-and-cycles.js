// oracle: node
// toJSON controls serialisation (and gets the key); a cycle throws a TypeError whose message
// first line names the problem.
class Money {
  constructor(cents, currency) {
    this.cents = cents;
    this.currency = currency;
  }
  toJSON(key) {
    return `${(this.cents / 100).toFixed(2)} ${this.currency}${key ? ` (${key})` : ''}`;
  }
}
const invoice = { total: new Money(12345, 'EUR'), lines: [new Money(100, 'EUR')], meta: { toJSON: () => undefined } };
console.log(JSON.stringify(invoice));
console.log(JSON.stringify(new Money(5, 'USD')));
const node = { name: 'root', children: [] };
node.children.push({ name: 'child', parent: node });
try {
  JSON.stringify(node);
} catch (e) {
  console.log(e.name, '|', e.message.split('\n')[0]);
}
const shared = { x: 1 };
console.log(JSON.stringify({ a: shared, b: shared, c: [shared, shared] }));
console.log(node);
