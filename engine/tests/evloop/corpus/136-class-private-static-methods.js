// oracle: node
// Private static members; a subclass instance made through the parent constructor carries
// the parent's private fields, and reading one from a foreign object is a TypeError.
class Registry {
  static #items = new Map();
  static #key(name) { return name.trim().toLowerCase(); }
  static add(name, value) { Registry.#items.set(Registry.#key(name), value); }
  static get(name) { return Registry.#items.get(Registry.#key(name)); }
  static get size() { return Registry.#items.size; }
}
Registry.add('  Alpha ', 1);
Registry.add('BETA', 2);
Registry.add('alpha', 3);
console.log(Registry.get('ALPHA'), Registry.get('beta'), Registry.get('gamma'), Registry.size);
class Base {
  #secret;
  constructor(secret) { this.#secret = secret; }
  reveal() { return this.#secret; }
  static peek(other) { return other.#secret; }
}
class Child extends Base {
  constructor() { super('from child'); }
}
const child = new Child();
console.log(child.reveal(), child, child instanceof Base, Base.peek(child));
try {
  Base.peek({ secret: 'not private' });
} catch (e) {
  console.log(e.name, e.message);
}
