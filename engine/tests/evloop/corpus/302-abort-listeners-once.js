// oracle: node
// addEventListener with { once: true }, removeEventListener, onabort, and their firing order:
// listeners run in registration order, and onabort takes the slot where it was first set.
const ac = new AbortController();
const { signal } = ac;
const log = (msg) => () => console.log(msg);
signal.addEventListener('abort', log('listener 1'));
signal.onabort = log('onabort (set second)');
const removed = log('removed listener');
signal.addEventListener('abort', removed);
signal.addEventListener('abort', log('listener once'), { once: true });
signal.removeEventListener('abort', removed);
const dup = log('added twice, runs once');
signal.addEventListener('abort', dup);
signal.addEventListener('abort', dup);
signal.onabort = log('onabort replaced, same slot');
signal.addEventListener('abort', function () {
  console.log('this is the signal:', this === signal, 'aborted:', this.aborted);
});
console.log('aborting');
ac.abort();
console.log('aborted; dispatching again does nothing');
ac.abort();
console.log(typeof signal.onabort);
