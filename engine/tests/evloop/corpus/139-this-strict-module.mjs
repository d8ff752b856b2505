// oracle: node
// An ES module is strict: top-level `this` is undefined, and so is `this` in a plain call.
console.log(this);
function plain() {
  return this;
}
console.log(plain());
const obj = {
  id: 7,
  method() {
    return this.id;
  },
  arrow: () => typeof this,
};
console.log(obj.method(), obj.arrow());
const loose = obj.method;
try {
  loose();
} catch (e) {
  console.log(e.name, e.message);
}
try {
  undeclaredVariable = 1;
} catch (e) {
  console.log(e.name, e.message);
}
