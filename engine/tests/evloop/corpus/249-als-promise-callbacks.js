// oracle: node
// A then() callback runs with the store that was active when then() was called, not when
// the promise was resolved.
const { AsyncLocalStorage } = require('node:async_hooks');
const als = new AsyncLocalStorage();
let resolveLater;
const shared = new Promise((resolve) => {
  resolveLater = resolve;
});
als.run('subscriber 1', () => {
  shared.then((v) => console.log('then registered in', als.getStore(), 'got', v));
});
als.run('subscriber 2', () => {
  shared.then((v) => console.log('then registered in', als.getStore(), 'got', v));
});
shared.then(() => console.log('then registered outside sees', als.getStore()));
als.run('resolver', () => resolveLater('value'));
const chain = als.run('chain', () => Promise.resolve(1).then((x) => x + 1));
chain.then((x) => console.log('outer then of the chain sees', als.getStore(), x));
als.run('queueMicrotask', () => queueMicrotask(() => console.log('microtask sees', als.getStore())));
console.log('sync end sees', als.getStore());
