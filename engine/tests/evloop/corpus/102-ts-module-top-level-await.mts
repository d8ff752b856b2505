// An .mts file is an ES module, like .mjs: top-level await works and microtasks beat nextTick.
const sleep = (ms: number): Promise<void> => new Promise<void>((resolve) => setTimeout(resolve, ms));
process.nextTick(() => console.log('tick'));
Promise.resolve().then(() => console.log('microtask'));
await sleep(5);
console.log('after sleep');
