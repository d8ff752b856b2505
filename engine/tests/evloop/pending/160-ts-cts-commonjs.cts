// oracle: virtual
// A .cts file is CommonJS: require works, module.exports is `this` at the top, and no ESM
// syntax is needed.
const { EventEmitter } = require('node:events') as typeof import('node:events');
const { AsyncLocalStorage } = require('node:async_hooks');
interface Job {
  id: number;
}
const emitter = new EventEmitter();
emitter.on('job', (job: Job) => console.log('job', job.id));
emitter.emit('job', { id: 1 } as Job);
console.log(typeof require, typeof module, this === module.exports, typeof AsyncLocalStorage);
module.exports = { emitter };
console.log(Object.keys(module.exports));
function sloppy(this: unknown): string {
  return this === globalThis ? 'sloppy mode: this is globalThis' : 'strict';
}
console.log(sloppy());
