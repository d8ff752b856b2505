// oracle: node
// emit() works on a copy of the listener list: a listener added during an emit waits for the
// next one, and a listener removed during an emit still runs this time.
const { EventEmitter } = require('node:events');
const e = new EventEmitter();
const late = () => console.log('  late listener');
const victim = () => console.log('  victim still runs in this emit');
e.on('tick', () => {
  console.log('  first: adds late, removes victim');
  e.on('tick', late);
  e.off('tick', victim);
});
e.on('tick', victim);
console.log('emit 1');
e.emit('tick');
console.log('emit 2');
e.emit('tick');
console.log('count', e.listenerCount('tick'));
const once = new EventEmitter();
once.once('x', () => {
  console.log('once listener emits x again from inside');
  once.emit('x');
});
once.emit('x');
console.log('x listeners left', once.listenerCount('x'));
