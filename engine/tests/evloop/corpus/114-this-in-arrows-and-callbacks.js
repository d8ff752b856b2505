// Arrow functions see the `this` of the code around them; a method's `this` is its receiver.
class Ticker {
  constructor(label) {
    this.label = label;
    this.ticks = 0;
  }
  start(times) {
    return new Promise((resolve) => {
      const step = () => {
        this.ticks++;
        console.log(`${this.label} tick ${this.ticks}`);
        if (this.ticks === times) {
          resolve(this.ticks);
        } else {
          setTimeout(step, 1);
        }
      };
      setTimeout(step, 1);
    });
  }
}
const a = new Ticker('a');
a.start(3).then((n) => console.log('done after', n));
const obj = {
  name: 'obj',
  regular() {
    return this.name;
  },
  nested() {
    const inner = () => this.name + '!';
    return inner();
  },
};
console.log(obj.regular(), obj.nested());
