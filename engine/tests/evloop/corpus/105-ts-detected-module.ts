// A .ts file follows the .js rule: with top-level await it is a module.
const value: Promise<number> = Promise.resolve(1);
process.nextTick((): void => console.log('tick'));
queueMicrotask((): void => console.log('microtask'));
console.log('awaited', await value);
