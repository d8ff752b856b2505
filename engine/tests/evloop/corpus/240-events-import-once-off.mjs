// oracle: node
// import { EventEmitter } from 'node:events': once() fires a single time, off() removes one
// registration of a listener.
import { EventEmitter } from 'node:events';
const door = new EventEmitter();
door.once('open', (who) => console.log('first open by', who));
door.on('open', (who) => console.log('every open by', who));
door.emit('open', 'ada');
door.emit('open', 'bob');
console.log('open listeners left:', door.listenerCount('open'));
const knock = () => console.log('knock knock');
door.on('knock', knock);
door.on('knock', knock);
door.emit('knock');
door.off('knock', knock);
console.log('after one off:', door.listenerCount('knock'));
door.emit('knock');
door.removeListener('knock', knock);
console.log('emit with none:', door.emit('knock'), door.listenerCount('knock'));
const onceThenOff = () => console.log('never');
door.once('close', onceThenOff);
door.off('close', onceThenOff);
console.log('close handled?', door.emit('close'));
