// oracle: node
// exit: 1
// An 'error' event with no listener is an uncaught exception: the program stops there.
const { EventEmitter } = require('node:events');
const worker = new EventEmitter();
worker.on('start', () => console.log('worker started'));
worker.emit('start');
setTimeout(() => {
  console.log('about to fail');
  worker.emit('error', new Error('disk full'));
  console.log('never printed');
}, 10);
setTimeout(() => console.log('never printed either'), 50);
