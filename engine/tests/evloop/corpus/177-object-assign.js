// oracle: node
// Object.assign copies own enumerable properties left to right into the target, which it
// mutates and returns; getters are read, nested objects are shared.
const target = { a: 1, nested: { deep: true } };
const result = Object.assign(target, { b: 2 }, null, undefined, { a: 'overridden' });
console.log(result, result === target);
const defaults = { theme: 'light', layout: { cols: 2 }, plugins: [] };
const settings = Object.assign({}, defaults, { theme: 'dark' });
settings.layout.cols = 3;
settings.plugins.push('lint');
console.log(defaults, settings);
let reads = 0;
const source = { get lazy() { reads++; return 'evaluated'; } };
const copied = Object.assign({}, source);
console.log(copied, reads);
console.log(Object.assign({}, 'ab', [9]), Object.assign([1, 2, 3], [7, 8]));
class Options {
  constructor(overrides) {
    this.retries = 3;
    this.timeout = 1000;
    Object.assign(this, overrides);
  }
}
console.log(new Options({ timeout: 50, extra: 'kept' }));
