// oracle: node
// A class that extends EventEmitter emits its own lifecycle events; `this` in a regular
// listener is the emitter, in an arrow it is not.
const EventEmitter = require('events');
class Download extends EventEmitter {
  constructor(name, size) {
    super();
    this.name = name;
    this.size = size;
    this.received = 0;
  }
  receive(bytes) {
    this.received = Math.min(this.size, this.received + bytes);
    this.emit('progress', Math.round((this.received / this.size) * 100));
    if (this.received === this.size) this.emit('done', this.name);
    return this;
  }
}
const d = new Download('video.mp4', 400);
d.on('progress', function (pct) {
  console.log(`${this.name}: ${pct}%`);
});
d.on('done', (name) => console.log('finished', name, this === d));
d.receive(100).receive(150).receive(500);
console.log(d instanceof EventEmitter, d.listenerCount('progress'), d.received);
console.log(Object.keys(d).filter((k) => !k.startsWith('_')));
