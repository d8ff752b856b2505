// oracle: node
// Accessor properties show as [Getter], [Setter] or [Getter/Setter] without being called;
// symbol keys print in brackets after string keys.
let calls = 0;
const account = {
  owner: 'ada',
  get balance() {
    calls++;
    return 100;
  },
  set limit(v) {},
  get both() { return 1; },
  set both(v) {},
  [Symbol('internal')]: 'sym value',
  [Symbol.iterator]: null,
};
console.log(account);
console.log('getter calls while printing:', calls, account.balance, calls);
console.log([account], { nested: { account } });
const sym = Symbol('tag');
console.log(sym, sym.toString(), sym.description, typeof sym, { [sym]: [sym] });
console.log(Symbol.for('shared') === Symbol.for('shared'), Symbol('x') === Symbol('x'));
