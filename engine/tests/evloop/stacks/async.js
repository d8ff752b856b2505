// Stacks in callbacks the event loop runs and after awaits.
const EventEmitter = require("events");
const em = new EventEmitter();
em.on("x", function () { console.log(new Error("function listener").stack); });
em.on("x", () => console.log(new Error("arrow listener").stack));
em.emit("x");
class Svc {
  async load() { await null; return new Error("in async method"); }
  static async make() { const e = await new Svc().load(); console.log(e.stack); }
}
Svc.make();
const a3 = async () => { await 1; console.log(new Error("async arrow").stack); };
async function l1() { await l2(); }
async function l2() { await a3(); }
l1();
async function job() { await null; return new Error("after await"); }
async function outer() { const e = await job(); console.log(e.stack); }
outer();
async function early() { return new Error("before any await"); }
async function caller() { const e = await early(); console.log(e.stack); }
caller();
Promise.resolve().then(() => console.log(new Error("then").stack));
process.nextTick(() => console.log(new Error("tick").stack));
setImmediate(() => console.log(new Error("immediate").stack));
setTimeout(function named() { console.log(new Error("named timer").stack); }, 20);
const iv = setInterval(function tick() { console.log(new Error("interval").stack); clearInterval(iv); }, 30);
