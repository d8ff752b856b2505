// oracle: node
// AsyncLocalStorage.run(store, fn) makes getStore() return store inside fn and everything it
// calls; outside, getStore() is undefined. run() returns fn's result.
const { AsyncLocalStorage } = require('node:async_hooks');
const als = new AsyncLocalStorage();
console.log('outside:', als.getStore());
function currentUser() {
  return als.getStore()?.user ?? 'anonymous';
}
const result = als.run({ user: 'ada' }, () => {
  console.log('inside:', als.getStore(), currentUser());
  als.run({ user: 'bob' }, () => console.log('nested:', currentUser()));
  console.log('back to outer:', currentUser());
  return 'run returns the callback value';
});
console.log(result, '| after run:', currentUser(), als.getStore());
const store = new Map();
als.run(store, () => {
  als.getStore().set('requestId', 'r-1');
});
console.log('the store object is shared, not copied:', store);
als.run(undefined, () => console.log('run with undefined store:', als.getStore()));
try {
  als.run({ user: 'eve' }, () => {
    throw new Error('thrown inside run');
  });
} catch (e) {
  console.log(e.message, '| store restored:', als.getStore());
}
