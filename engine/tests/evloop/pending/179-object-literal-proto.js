// oracle: node
// `__proto__: value` in an object literal sets the new object's prototype; it makes no own
// property (a computed ['__proto__'] or a shorthand would).
const base = {
  hi() {
    return 'hi from the prototype';
  },
};
const child = { __proto__: base, own: 1 };
console.log(Object.getPrototypeOf(child) === base, child.hi(), Object.keys(child), child);
const none = { __proto__: null };
console.log(typeof none.toString, Object.keys(none));
