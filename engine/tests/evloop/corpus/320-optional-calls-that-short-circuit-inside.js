// oracle: node
// An optional chain of calls of values (`f?.()?.()`) that stops at a null or undefined deep
// inside it leaves only `undefined`: the receivers the outer calls had set aside go too, and the
// values around the chain (other arguments, the callee it is an argument of) are untouched.
let k = 0;
function f() { k++; return k > 2 ? undefined : f; }
function g() { return null; }
const o = { m() { return undefined; }, n() { return o; }, f };
const shown = [];
const runs = [
  () => f?.()?.()?.()?.()?.(),
  () => [1, f?.()?.()?.()?.(), 2],
  () => o.n?.().n?.().m?.()?.()?.(),
  () => o?.f?.()?.()?.()?.(),
  () => g?.()?.()(),
  () => o.n()?.f?.()?.()?.()?.().x.y,
  () => `${f?.()?.()?.()?.()}-${o.m?.()?.()}`,
  () => (f?.()?.()?.()?.() ?? 'fallback') + (g?.()?.() ?? '!'),
  () => Math.max(1, f?.()?.()?.()?.() ?? 5, 3),
];
for (const run of runs) {
  k = 0;
  shown.push(run());
}
console.log(shown);
let deep = 0;
const h = () => (++deep > 5 ? null : h);
console.log(h?.()?.()?.()?.()?.()?.()?.()?.()?.(), deep, [h?.()?.()?.()].length);
