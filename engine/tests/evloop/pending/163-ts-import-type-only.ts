// oracle: virtual
// `import type` is erased entirely, so a .ts file whose only import is a type import has no
// module syntax left and runs as CommonJS.
import type { EventEmitter } from 'node:events';
import type { Readable } from 'node:stream';
type Source = Readable | EventEmitter;
const describe = (s: Source | null): string => (s === null ? 'nothing' : 'something');
console.log(describe(null), typeof require, typeof module);
const { EventEmitter: Emitter } = require('node:events');
const e: EventEmitter = new Emitter();
e.on('x', () => console.log('required at run time, typed by the erased import'));
e.emit('x');
