// oracle: node
// V8 words a failed destructuring by where the value came from: the initializer's text, the
// callee that returned it, the first property's name, or (parameters, nested patterns,
// array assignments) the value's type; a for-of head is '.for'.
function run(cases) {
  for (const f of cases) {
    try {
      f();
      console.log('no error');
    } catch (e) {
      console.log(e.constructor.name, e.message);
    }
  }
}
{
const obj = undefined; const nul = null; const o = { inner: null, arr: null, n: 5 };
function f1({ w }) {} function f2({}) {} function f3([x]) {} function f4({ a: { b } }) {} function f5({ ['k' + 1]: v }) {}
function f6({ ...rest }) {} function f7(p, { q }) {}
const cases = [
  () => { const { w } = obj; }, () => { const { w } = nul; }, () => { const {} = obj; }, () => { const { w } = undefined; },
  () => { const { w } = null; }, () => { const { w: { z } } = {}; }, () => { const { inner: { deep } } = o; },
  () => { const [z] = nul; }, () => { const [z] = null; }, () => { const [z] = {}; }, () => { const [z] = 5; }, () => { const [z] = o.n; },
  () => { const [[z]] = [5]; }, () => { const [[z]] = [null]; }, () => { const [{ z }] = [null]; }, () => { const [{ z }] = []; },
  () => f1(), () => f2(), () => f3(), () => f4({}), () => f5(), () => f6(), () => f7(1), () => f1(null),
  () => { let w; ({ w } = null); }, () => { let z; [z] = null; }, () => { const { w } = o.inner; }, () => { const { w } = o.missing; },
  () => { const { w } = (0, null); }, () => { for (const { w } of [null]) {} }, () => { for (const [w] of [1]) {} },
  () => { const { 'a b': w } = null; }, () => { const { 1: w } = null; }, () => { const { [Symbol.iterator]: w } = null; },
  () => [1].map(({ q }) => q, null).concat([undefined].map(({ q }) => q)), () => { const [...r] = null; }, () => { const [z] = o; },
  () => { const { w } = o.inner.x; }, () => { const [a] = o.arr; }, () => { const [a] = f1; }, () => { const [a] = undefined; },
];
run(cases);
}
{
const o = { n: null, e: {} }; function nul() { return null; } let t = 1; const obj = {};
const cases = [
  () => (class {})(), () => { const K = class {}; K(); }, () => { class N {} N(); },
  () => { const [a] = nul(); }, () => { const [a] = (0, null); }, () => { const [a] = o.n ?? null; }, () => { const [a] = t ? null : 1; },
  () => { const [a] = o.e; }, () => { const [a] = o['e']; }, () => { const [a] = obj; }, () => { const [a] = { x: 1 }; }, () => { const [a] = 5 + 1; },
  () => { let a; [a] = obj; }, () => { let a; [a] = o.e; }, 
  () => { const [[x]] = [{}]; },
  () => { const { w } = nul(); }, () => { const { w } = t ? null : 1; }, () => { const { w } = o.e.q; },
  () => { for (const [w] of [{}]) {} }, () => { for (const { w } of [undefined]) {} }, () => { for (const {} of [undefined]) {} },
  () => { const f = ([a]) => a; f({}); }, () => { const f = ([a]) => a; f(null); }, () => { const f = ({}) => 1; f(null); },
  () => { let a; ({ a } = undefined); }, () => { let a; ({ a } = o.n); }, () => { let a; ({} = o.n); },
  () => { const { ['x']: w } = null; }, () => { const { [`y`]: w } = null; }, () => { const { 'z': w } = null; }, () => { const { ...r } = null; },
  () => { const [a] = 'ab'.q; }, () => { const { a = 1 } = null; }, () => { const { a, b } = null; },
];
run(cases);
}
