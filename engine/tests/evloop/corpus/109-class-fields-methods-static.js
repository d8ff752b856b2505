// A class's fields are own properties of each instance, its methods live on the prototype, and
// static members on the class itself.
class Counter {
  count = 0;
  step;
  static created = 0;
  constructor(step) {
    this.step = step;
    Counter.created++;
  }
  tick() {
    this.count += this.step;
    return this;
  }
  static describe() {
    return `${Counter.created} counters`;
  }
}
const a = new Counter(2).tick().tick();
const b = new Counter(5);
console.log(a, b, a.count + b.count);
console.log(Counter.describe(), typeof a.tick, 'tick' in a, a.hasOwnProperty === undefined);
console.log(Counter, a instanceof Counter, {} instanceof Counter);
