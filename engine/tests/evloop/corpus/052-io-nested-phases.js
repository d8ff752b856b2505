// From an I/O callback: immediate, then its nested immediate vs timeout follows libuv phase order.
const fs = require('fs');
fs.readFile(__filename, () => {
  console.log('io');
  setImmediate(() => {
    console.log('immediate 1');
    Promise.resolve().then(() => console.log('promise in immediate 1'));
  });
  setTimeout(() => {
    console.log('timeout');
    setImmediate(() => console.log('immediate from timeout'));
    setTimeout(() => console.log('timeout from timeout'), 0);
  }, 0);
});
