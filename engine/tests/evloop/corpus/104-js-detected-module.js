// A .js file with top-level await is read as an ES module (Node 20.20's syntax detection),
// so its queued microtask runs before the nextTick.
process.nextTick(() => console.log('tick'));
Promise.resolve().then(() => console.log('microtask'));
await null;
console.log('after await');
