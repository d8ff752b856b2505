// An I/O callback is a macrotask: its nextTicks and promises run right after it.
const fs = require('fs');
fs.readFile(__filename, () => {
  console.log('read done');
  setTimeout(() => console.log('timeout'), 0);
  setImmediate(() => console.log('immediate'));
  Promise.resolve().then(() => console.log('promise'));
  process.nextTick(() => console.log('nextTick'));
  console.log('read callback end');
});
console.log('main end');
