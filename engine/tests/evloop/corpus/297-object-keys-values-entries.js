// oracle: node
// Object.keys/values/entries list own enumerable string keys: integer-like keys first,
// ascending, then insertion order. Class methods and symbols are left out.
const inventory = { pears: 4, apples: 10, 3: 'three', 1: 'one', bananas: 0 };
console.log(Object.keys(inventory));
console.log(Object.values(inventory));
console.log(Object.entries(inventory));
const total = Object.values(inventory).filter((v) => typeof v === 'number').reduce((a, b) => a + b, 0);
console.log('total fruit', total);
const inStock = Object.entries(inventory).filter(([, n]) => typeof n === 'number' && n > 0).map(([k]) => k);
console.log(inStock);
class User {
  role = 'guest';
  constructor(name) { this.name = name; }
  greet() { return `hi ${this.name}`; }
}
const u = new User('ada');
console.log(Object.keys(u), Object.entries(u), Object.keys(User.prototype));
console.log(Object.keys('hey'), Object.values('hey'), Object.keys([4, 5]), Object.entries([7]));
console.log(Object.keys({ [Symbol('hidden')]: 1, shown: 2 }), Object.keys({}).length === 0);
try {
  Object.keys(null);
} catch (e) {
  console.log(e.name, e.message);
}
