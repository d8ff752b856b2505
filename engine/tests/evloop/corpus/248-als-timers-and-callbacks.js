// oracle: virtual
// The store also reaches timer callbacks, immediates, nextTicks and promise callbacks that
// were scheduled inside run(), whenever they fire.
const { AsyncLocalStorage } = require('async_hooks');
const als = new AsyncLocalStorage();
const start = Date.now();
const say = (where) => console.log(`${String(Date.now() - start).padStart(4)} ms ${where}: ${als.getStore() ?? 'no store'}`);
als.run('job A', () => {
  setTimeout(() => say('timeout 300'), 300);
  setTimeout(() => {
    say('timeout 100');
    setTimeout(() => say('nested timeout'), 60);
  }, 100);
  const p = new Promise((resolve) => setTimeout(resolve, 200));
  p.then(() => say('then after 200'));
  process.nextTick(() => say('nextTick'));
});
als.run('job B', () => {
  setTimeout(() => say('timeout 150'), 150);
  const id = setInterval(() => {
    say('interval');
    if (Date.now() - start >= 250) clearInterval(id);
  }, 125);
});
setTimeout(() => say('scheduled outside'), 175);
say('main');
