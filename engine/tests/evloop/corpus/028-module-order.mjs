// ES module: top-level then/queueMicrotask run before top-level nextTick (compare 027).
Promise.resolve().then(() => console.log('then'));
queueMicrotask(() => console.log('queueMicrotask'));
process.nextTick(() => console.log('nextTick'));
console.log('top level done');
