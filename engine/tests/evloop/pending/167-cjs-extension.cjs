// oracle: node
// A .cjs file is always CommonJS: require, module, exports, __filename exist; `this` at the
// top is module.exports; sloppy mode.
const { EventEmitter } = require('node:events');
const timersPromises = require('node:timers/promises');
console.log(typeof require, typeof module, typeof exports, typeof __filename, typeof __dirname);
console.log(this === module.exports, exports === module.exports, typeof EventEmitter, typeof timersPromises.setTimeout);
exports.greeting = 'hello';
console.log(module.exports, this);
function loose() {
  return this === globalThis;
}
console.log(loose());
timersPromises.setTimeout(5, 'timers/promises via require').then(console.log);
