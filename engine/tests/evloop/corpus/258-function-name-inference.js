// oracle: node
// Anonymous functions and classes take their name from the binding or key they are assigned to.
const arrow = () => 1;
const expr = function () {};
const named = function realName() {};
let later;
later = () => 2;
async function load() {}
const asyncArrow = async () => {};
class Widget {
  render() {}
  static make() {}
}
const Anon = class {};
const obj = {
  method() {},
  prop: () => {},
  ['computed' + 1]: function () {},
};
console.log(arrow, expr, named, later);
console.log(load, asyncArrow);
console.log(Widget, Anon, new Widget().render, Widget.make);
console.log(obj);
console.log(arrow.name, expr.name, named.name, later.name, obj.computed1.name, Anon.name);
console.log([() => {}][0], (function () {}).name === '', (() => {}).name);
const { missing = () => {} } = {};
console.log(missing.name, missing);
