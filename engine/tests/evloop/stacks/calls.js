class Pool {
  constructor(n) { this.n = n; if (n < 0) throw new RangeError("negative"); }
  take() { return helper(this.n); }
  static make() { return new Pool(-1); }
  get size() { return new Error("in getter"); }
}
function helper(n) { return new Error("from helper " + n); }
const named = () => new Error("arrow");
const obj = { m() { return new Error("object method"); } };
console.log(new Pool(1).take().stack);
try { Pool.make(); } catch (e) { console.log(e.stack); }
console.log(new Pool(2).size.stack);
console.log(named().stack);
console.log(obj.m().stack);
console.log([1].map((x) => new Error("in map")).at(0).stack);
setTimeout(() => console.log(new Error("in timer").stack), 1);
async function job() { await null; return new Error("after await"); }
async function outer() { const e = await job(); console.log(e.stack); }
outer();
