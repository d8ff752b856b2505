// oracle: node
// The default export of 'events' is EventEmitter; listeners run synchronously inside emit(),
// before the next line, unlike promise callbacks.
import EventEmitter from 'events';
const emitter = new EventEmitter();
emitter.on('data', (chunk) => console.log('listener', chunk));
Promise.resolve().then(() => console.log('promise callback'));
console.log('before emit');
emitter.emit('data', 1);
console.log('after emit');
emitter.on('async', async (n) => {
  console.log('async listener start', n);
  await null;
  console.log('async listener after await', n);
});
emitter.emit('async', 2);
console.log('emit returned before the await finished');
console.log(typeof EventEmitter.prototype.on, EventEmitter.defaultMaxListeners);
