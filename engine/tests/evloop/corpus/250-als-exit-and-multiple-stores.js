// oracle: node
// Two AsyncLocalStorage instances are independent; exit(fn) runs fn with no store.
const { AsyncLocalStorage } = require('node:async_hooks');
const user = new AsyncLocalStorage();
const trace = new AsyncLocalStorage();
const show = (label) => console.log(label.padEnd(12), user.getStore() ?? '-', trace.getStore() ?? '-');
user.run('ada', () => {
  show('user only');
  trace.run('t-1', () => {
    show('both');
    user.run('bob', () => show('inner user'));
    user.exit(() => show('user exited'));
    show('both again');
  });
});
show('outside');
const results = user.run('carol', async () => {
  await new Promise((r) => setImmediate(r));
  show('after await');
  return user.getStore();
});
results.then((v) => {
  console.log('resolved with', v);
  show('then outside');
});
