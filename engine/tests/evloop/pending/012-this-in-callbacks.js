// oracle: node
// `this` depends on how a function is called; arrow functions take it from where they are
// written. At the top of a CommonJS module, `this` is module.exports.
const timer = {
  name: 'stopwatch',
  laps: [3, 5, 8],
  regular() { return this.laps.map(function (lap) { return typeof this; }); },
  arrows() { return this.laps.map((lap) => `${this.name}:${lap}`); },
  nested() {
    const self = this;
    function inner() { return self.name; }
    return inner();
  },
};
console.log(timer.regular(), timer.arrows(), timer.nested());
function whoAmI() {
  return this === undefined ? 'undefined' : this === globalThis ? 'globalThis' : this.name;
}
console.log(whoAmI());
timer.who = whoAmI;
console.log(timer.who());
const { who } = timer;
console.log(who());
console.log(this === module.exports, JSON.stringify(this));
