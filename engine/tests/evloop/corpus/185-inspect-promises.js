// oracle: node
// Promises print their state: pending, fulfilled value, or <rejected> reason.
const pending = new Promise(() => {});
const fulfilled = Promise.resolve({ ok: true });
const rejected = Promise.reject('no luck');
rejected.catch(() => {});
console.log(pending, fulfilled, rejected);
const later = new Promise((resolve) => setTimeout(() => resolve('done'), 10));
console.log(later);
setTimeout(() => console.log(later, [later], { p: later }), 20);
async function f() {
  return 42;
}
console.log(f(), Promise.resolve(), Promise.resolve(undefined), Promise.resolve(Promise.resolve(1)));
class Job {
  constructor(id) { this.id = id; }
}
console.log(Promise.resolve(new Job(1)), Promise.resolve([new Map([['k', 'v']])]));
const chained = fulfilled.then((v) => v.ok);
console.log(chained);
queueMicrotask(() => console.log('after one microtask', chained));
