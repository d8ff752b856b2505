// oracle: virtual
// A .ts file without any ES module syntax stays CommonJS: require and module exist and
// sloppy-mode rules apply.
const path = require('node:path') as { basename(p: string): string };
interface Options {
  verbose: boolean;
}
const opts: Options = { verbose: true };
console.log(typeof require, typeof module, typeof exports, this === module.exports, opts.verbose);
console.log(path.basename('/a/b/c.txt'));
function whoIsThis(this: any): string {
  return this === globalThis ? 'globalThis' : String(this);
}
console.log(whoIsThis());
(leaked as any) = 'sloppy mode creates a global';
console.log((globalThis as any).leaked);
