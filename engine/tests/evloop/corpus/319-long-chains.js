// oracle: node
// Long left-associative chains (members, calls, methods, optional links, operators) compile as
// chains of any length, and a failed call in one names its callee as V8 prints it, however deep
// in the chain it fails: calls as `(...)`, operators in parentheses, one pair for an operator
// repeated on its left side (an n-ary operation), constants folded.
const a = { n: 0 };
a.b = a;
a.m = () => a;
a.arr = [a];
let calls = 0;
function f() { calls++; return calls < 50 ? f : 1; }
const tries = [
  () => a.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b
  .b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b
  .b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b
  .b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b
  .b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b
    .x(),
  () => a.m().m().m().m().m().m().m().m().m().m().m().m().m().m().m().m().m().m().m().m()
  .m().m().m().m().m().m().m().m().m().m().m().m().m().m().m().m().m().m().m().m()
  .m().m().m().m().m().m().m().m().m().m().m().m().m().m().m().m().m().m().m().m()
    .x(),
  () => a.m().m().m().m().m().m().m().m().m().m().m().m().m().m().m().m().m().m().m().m()
    .x.m().m().m().m().m().m().m().m().m().m().m().m().m().m().m().m().m().m().m().m(),
  () => a.arr[0].arr[0].arr[0].arr[0].arr[0].arr[0].arr[0].arr[0].arr[0].arr[0].arr[0].arr[0].arr[0].arr[0].arr[0].arr[0].arr[0].arr[0].arr[0].arr[0]
  .arr[0].arr[0].arr[0].arr[0].arr[0].arr[0].arr[0].arr[0].arr[0].arr[0].arr[0].arr[0].arr[0].arr[0].arr[0].arr[0].arr[0].arr[0].arr[0].arr[0]
    .m().arr[1](),
  () => f()()()()()()()()()()()()()()()()()()()()
  ()()()()()()()()()()()()()()()()()()()()
  ()()()()()()()()()()()()()()()()()()()()
  ()()()()()()()()()()()()()()()()()()()(),
  () => a.b?.m().b?.m().b?.m().b?.m().b?.m().b?.m().b?.m().b?.m().b?.m().b?.m().b?.m().b?.m().b?.m().b?.m().b?.m().b?.m().b?.m().b?.m().b?.m().b?.m()
    .x(),
  () => a.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b
  .b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b
    .m()[0](),
  () => (a.n + a.n + a.n + a.n + a.n + a.n + a.n + a.n + a.n + a.n + a.n + a.n + a.n + a.n + a.n + a.n + a.n + a.n + a.n + a.n + a.n
   + a.n + a.n + a.n + a.n + a.n + a.n + a.n + a.n + a.n + a.n + a.n + a.n + a.n + a.n + a.n + a.n + a.n + a.n + a.n + a.n
   + a.n + a.n + a.n + a.n + a.n + a.n + a.n + a.n + a.n + a.n + a.n + a.n + a.n + a.n + a.n + a.n + a.n + a.n + a.n + a.n)(),
  () => (1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1
   + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1
   + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1
   + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1
   + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1)(),
  () => (a.n - a.n - a.n + a.n + (a.n ?? a.n ?? a.n) * a.n * a.n + 1 + 2 + (1 + 2 + a.n + 3))(),
  () => (a.n || a.n && a.n && a.n || a.n | a.n | a.n ** a.n ** a.n)(),
  () => (a.n < a.n < a.n == a.n == a.n instanceof Object)(),
  () => { const { q } = a.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b
  .b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.nothing; },
];
for (const t of tries) {
  try {
    console.log(t());
  } catch (e) {
    console.log(e.constructor.name, e.message.length, e.message.slice(0, 60), e.message.slice(-60));
  }
}
const sum = 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1
   + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1
   + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1
   + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1
   + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1
   + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1
   + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1
   + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1
   + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1
   + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1
   + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1
   + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1
   + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1
   + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1
   + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1;
const text = 'a' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b'
   + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b'
   + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b'
   + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b'
   + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b'
   + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b'
   + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b'
   + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b'
   + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b'
   + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b' + 'b';
const all = a.n || a.n || a.n || a.n || a.n || a.n || a.n || a.n || a.n || a.n || a.n || a.n || a.n || a.n || a.n || a.n || a.n || a.n || a.n || a.n || a.n
   || a.n || a.n || a.n || a.n || a.n || a.n || a.n || a.n || a.n || a.n || a.n || a.n || a.n || a.n || a.n || a.n || a.n || a.n || a.n || a.n
   || a.n || a.n || a.n || a.n || a.n || a.n || a.n || a.n || a.n || a.n || a.n || a.n || a.n || a.n || a.n || a.n || a.n || a.n || a.n || a.n
   || a.n || a.n || a.n || a.n || a.n || a.n || a.n || a.n || a.n || a.n || a.n || a.n || a.n || a.n || a.n || a.n || a.n || a.n || a.n || a.n
   || a.n || a.n || a.n || a.n || a.n || a.n || a.n || a.n || a.n || a.n || a.n || a.n || a.n || a.n || a.n || a.n || a.n || a.n || a.n || a.n || 'last';
const both = 1 && 2 && 2 && 2 && 2 && 2 && 2 && 2 && 2 && 2 && 2 && 2 && 2 && 2 && 2 && 2 && 2 && 2 && 2 && 2 && 2
   && 2 && 2 && 2 && 2 && 2 && 2 && 2 && 2 && 2 && 2 && 2 && 2 && 2 && 2 && 2 && 2 && 2 && 2 && 2 && 2
   && 2 && 2 && 2 && 2 && 2 && 2 && 2 && 2 && 2 && 2 && 2 && 2 && 2 && 2 && 2 && 2 && 2 && 2 && 2 && 2
   && 2 && 2 && 2 && 2 && 2 && 2 && 2 && 2 && 2 && 2 && 2 && 2 && 2 && 2 && 2 && 2 && 2 && 2 && 2 && 2
   && 2 && 2 && 2 && 2 && 2 && 2 && 2 && 2 && 2 && 2 && 2 && 2 && 2 && 2 && 2 && 2 && 2 && 2 && 2 && 2;
const none = a?.b?.b?.b?.b?.b?.b?.b?.b?.b?.b?.b?.b?.b?.b?.b?.b?.b?.b?.b?.b
  ?.b?.b?.b?.b?.b?.b?.b?.b?.b?.b?.b?.b?.b?.b?.b?.b?.b?.b?.b?.b
  ?.b?.b?.b?.b?.b?.b?.b?.b?.b?.b?.b?.b?.b?.b?.b?.b?.b?.b?.b?.b
  ?.b?.b?.b?.b?.b?.b?.b?.b?.b?.b?.b?.b?.b?.b?.b?.b?.b?.b?.b?.b
  ?.b?.b?.b?.b?.b?.b?.b?.b?.b?.b?.b?.b?.b?.b?.b?.b?.b?.b?.b?.b.n;
const missing = a?.nope?.nope?.nope?.nope?.nope?.nope?.nope?.nope?.nope?.nope?.nope?.nope?.nope?.nope?.nope?.nope?.nope?.nope?.nope?.nope
  ?.nope?.nope?.nope?.nope?.nope?.nope?.nope?.nope?.nope?.nope?.nope?.nope?.nope?.nope?.nope?.nope?.nope?.nope?.nope?.nope
  ?.nope?.nope?.nope?.nope?.nope?.nope?.nope?.nope?.nope?.nope?.nope?.nope?.nope?.nope?.nope?.nope?.nope?.nope?.nope?.nope
  ?.nope?.nope?.nope?.nope?.nope?.nope?.nope?.nope?.nope?.nope?.nope?.nope?.nope?.nope?.nope?.nope?.nope?.nope?.nope?.nope
  ?.nope?.nope?.nope?.nope?.nope?.nope?.nope?.nope?.nope?.nope?.nope?.nope?.nope?.nope?.nope?.nope?.nope?.nope?.nope?.nope;
console.log(sum, text.length, all, both, none, missing, calls);
