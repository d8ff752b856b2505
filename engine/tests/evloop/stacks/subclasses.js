// Error subclasses, constructors, accessors and methods on objects and classes.
class ValidationError extends Error {
  constructor(field) {
    super(`invalid ${field}`);
    this.name = "ValidationError";
    this.field = field;
  }
}
class Plain extends Error {}
function validate(user) {
  if (!user.name) throw new ValidationError("name");
}
try { validate({}); } catch (e) { console.log(e.stack); console.log(e); }
console.log(new Plain("plain subclass").stack);
function Legacy(msg) { this.e = new Error(msg); }
console.log(new Legacy("in function ctor").e.stack);
console.log(Error("called without new").stack);
function F() {}
F.s = function () { return new Error("function property"); };
console.log(F.s().stack);
class K { static get sg() { return new Error("static getter"); } }
console.log(K.sg.stack);
const o = { f: function () { return new Error("anonymous method"); }, run(cb) { return cb(); } };
console.log(o.f().stack);
console.log(o.run(() => new Error("callback via method")).stack);
function f() { return new Error("call and apply"); }
console.log(f.call({}).stack);
console.log(f.apply(null).stack);
const bound = f.bind({});
console.log(bound().stack);
const alias = { other: f };
console.log(alias.other().stack);
function deep(n) { if (n === 0) return new Error("deep"); return deep(n - 1); }
console.log(deep(12).stack);
// Anonymous functions assigned to properties take the path as their name in stacks.
const first = (e) => console.log(e.stack.split("\n")[1]);
const reg = {};
reg.k = function () { return new Error("assigned"); };
first(reg.k());
const other = { q: reg.k };
first(other.q());
const tree = { b: {} };
tree.b.c = function () { return new Error("nested path"); };
first(tree.b.c());
class C {}
C.t = function () { return new Error("on a class"); };
first(C.t());
let v;
v = function () { return new Error("assigned to a variable"); };
first(v());
reg.arrow = () => new Error("arrow property");
first(reg.arrow());
