// oracle: node
// A class instance goes on one line only if it fits Node's 80 columns counting "Basket {", the
// class name with the space and the brace: one character more than fits breaks it into lines.
class Basket {
  constructor(k) {
    this.k = k;
  }
}
console.log(new Basket('x'.repeat(55)));
console.log(new Basket('x'.repeat(56)));
console.log({ k: 'x'.repeat(62) });
console.log({ k: 'x'.repeat(63) });
