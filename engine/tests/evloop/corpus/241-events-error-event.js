// oracle: node
// Emitting 'error' with no listener throws the error itself (or an ERR_UNHANDLED_ERROR for
// non-Errors); with a listener it is just an event.
const { EventEmitter } = require('node:events');
const stream = new EventEmitter();
try {
  stream.emit('error', new Error('disk full'));
} catch (e) {
  console.log('thrown:', e.message, e instanceof Error);
}
try {
  stream.emit('error', 'just a string');
} catch (e) {
  console.log('thrown:', e.name, '|', e.code, '|', e.message);
}
try {
  stream.emit('error');
} catch (e) {
  console.log('thrown:', e.code, '|', e.message);
}
stream.on('error', (err) => console.log('handled:', err.message));
console.log('emit returned', stream.emit('error', new Error('recoverable')));
stream.emit('error', new TypeError('second one'));
