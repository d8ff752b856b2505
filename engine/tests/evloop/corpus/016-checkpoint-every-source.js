// A checkpoint follows each macrotask kind: main script, timer, immediate and I/O callback.
const fs = require('fs');
function mark(label) {
  process.nextTick(() => console.log('  tick after', label));
  Promise.resolve().then(() => console.log('  promise after', label));
}
console.log('main');
mark('main');
fs.readFile(__filename, () => {
  console.log('io');
  mark('io');
  setTimeout(() => {
    console.log('timer');
    mark('timer');
    setImmediate(() => {
      console.log('immediate');
      mark('immediate');
    });
  }, 1);
});
