// CommonJS: top-level nextTick runs before top-level then/queueMicrotask (compare 028).
Promise.resolve().then(() => console.log('then'));
queueMicrotask(() => console.log('queueMicrotask'));
process.nextTick(() => console.log('nextTick'));
console.log('top level done');
