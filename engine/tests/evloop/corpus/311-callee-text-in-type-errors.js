// oracle: node
// V8 names the callee of a failed call or `new` by its source as its syntax tree prints it:
// member chains, `(...)` for calls, keys that are strings after a dot, operators in parentheses,
// numeric constants folded, and `(intermediate value)` for what it does not print.
const a = { b: { c: 1 }, arr: [1], n: null };
const k = 'zz';
let v = 1;
function foo() { return a; }
class P { m() {} }
class C extends P {
  #p = 1;
  t() {
    for (const f of [() => super.nope(), () => this.#p(), () => new this.#p(), () => this.x()]) {
      try { f(); } catch (e) { console.log(e.message); }
    }
  }
}
const cases = [
  () => a.b.c(), () => a.arr[0](), () => a['x'](), () => a[k](), () => a[k + 1](), () => foo().b(), () => foo()(),
  () => a?.b.c(), () => a.b?.c(), () => null(), () => (1, a.b)(), () => (0, a.b.c)(), () => (1, 2, 3)(),
  () => new (() => {})(), () => new a.b(), () => new foo.x(), () => new k(), () => ({}).x(), () => [](),
  () => (a.b || a.arr)(), () => (a.b ?? 1)(), () => (a.b && 1)(), () => `t`(), () => a[0](), () => a[1.5](), () => a[-1](),
  () => a[true](), () => a[null](), () => a[undefined](), () => a[3.0](), () => a[1e21](), () => a[0x10](),
  () => a.arr[a.arr.length - 1](), () => (function () { this.y(); }).call({}), () => (() => {})()(), () => a['b']['c'](),
  () => a['we ird'](), () => a[`t`](), () => a[[1]](), () => a[{}](), () => a[foo()](), () => new new foo()(), () => new a(),
  () => { let x = 1; x(); }, () => { const o = { f: 1 }; o.f(); }, () => a.b.c(...[1]), () => a[k](...[]), () => new a.b(...[]),
  () => a.b?.c.d?.(), () => (a?.b)(), () => (v ? a : a.b)(), () => (v = 5)(), () => (v += 1)(),
  () => (-a)(), () => (!a)(), () => (typeof a)(), () => (void a)(), () => (delete a.q)(), () => (v++)(), () => (--v)(),
  () => ({ p: 1, q: 2 }).x(), () => ({ ...a }).x(), () => [1, , 2](), () => [a, 'q'](), () => [...a.arr](), () => `x${v}y${a}`(),
  () => (7 % 3)(), () => (7 | 1)(), () => (1 < 2)(), () => (-5)(), () => (+5)(), () => (~5)(), () => (!1)(), () => (!'')(),
  () => (-'x')(), () => (1 - -2)(), () => (0.1 + 0.2)(), () => ('a' + 'b')(), () => (1 / 0)(), () => (2 ** 3 * 2)(),
  () => (a.b === 1)(), () => (v instanceof Object)(), () => a.b[v + 1](), () => a.b[-v](), () => undefined(), () => NaN(),
  () => (1.5e30)(), () => (-0)(), () => "q'd"(), () => new (class {}).x(), () => (async () => {})()(),
];
for (const f of cases) {
  try {
    f();
    console.log('no error');
  } catch (e) {
    console.log(e.constructor.name, e.message);
  }
}
new C().t();
