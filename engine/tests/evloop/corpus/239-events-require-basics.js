// oracle: node
// EventEmitter through require('events'): on/emit with arguments, emit's return value,
// listener order and listenerCount.
const EventEmitter = require('events');
const { EventEmitter: Named } = require('node:events');
console.log(EventEmitter === Named, typeof EventEmitter);
const bus = new EventEmitter();
bus.on('order', (id, total) => console.log('listener 1 got order', id, total));
bus.on('order', (id) => console.log('listener 2 got order', id));
console.log('emit returned', bus.emit('order', 17, 99.5));
console.log('emit with no listeners returned', bus.emit('refund', 17));
console.log(bus.listenerCount('order'), bus.listenerCount('refund'), bus.eventNames());
const chained = bus.on('ping', () => console.log('pong'));
console.log(chained === bus);
bus.emit('ping');
bus.emit('ping');
const args = [];
bus.on('many', (...all) => args.push(all));
bus.emit('many');
bus.emit('many', 1, 'two', { three: 3 });
console.log(args);
