// oracle: virtual
// A top-level `const require` (or module/exports) cannot compile as CommonJS, where those
// names are parameters of the module wrapper, so Node runs the file as an ES module.
const require = (name) => `fake require of ${name}`;
console.log(require('fs'), typeof module, this);
try {
  console.log(typeof exports);
} catch (e) {
  console.log('typeof in the dead zone throws:', e.name, e.message);
}
const exports = { a: 1 };
console.log(exports, typeof exports);
function strictCheck() {
  return this;
}
console.log(strictCheck());
