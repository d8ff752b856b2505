// oracle: node
// Functions print as [Function: name], classes as [class X extends Y], with any own
// properties after them.
function plain() {}
const arrow = () => {};
async function fetchData() {}
class Base {}
class Derived extends Base {}
console.log(plain, arrow, fetchData, Base, Derived);
console.log([plain, arrow], { onClick: arrow, handler() {}, async load() {} });
function withProps() {}
withProps.version = '1.0';
withProps.helpers = { a: 1 };
console.log(withProps);
class WithStatic {
  static count = 2;
  static label = 'stat';
}
console.log(WithStatic, [WithStatic]);
console.log(Math.max, console.log, Array.isArray, JSON.stringify);
console.log(Map, Set, Error, Promise, Symbol);
console.log([function () {}, class {}, () => {}]);
