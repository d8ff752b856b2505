// Inside an I/O callback, setImmediate always runs before setTimeout(0).
const fs = require('fs');
fs.readFile(__filename, () => {
  console.log('io callback');
  setTimeout(() => console.log('timeout 0'), 0);
  setImmediate(() => console.log('immediate'));
  setTimeout(() => console.log('timeout 0 again'), 0);
  setImmediate(() => console.log('immediate again'));
});
