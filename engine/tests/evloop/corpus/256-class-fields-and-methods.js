// oracle: node
// Fields are initialised before the constructor body runs; methods live on the prototype.
class Counter {
  count = 0;
  step;
  label = `counter-${this.count}`;
  constructor(step = 1) {
    this.step = step;
  }
  increment() {
    this.count += this.step;
    return this;
  }
  toString() {
    return `Counter(${this.count})`;
  }
}
const c = new Counter(5);
c.increment().increment();
console.log(c.count, c.step, c.label);
console.log(String(c), `${c}`, c + '');
console.log(c);
console.log(Object.keys(c));
console.log(typeof Counter, typeof c.increment, 'increment' in c);
const d = new Counter();
console.log(d.increment().count, c.increment === d.increment);
