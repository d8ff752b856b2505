// oracle: virtual
// A .ts file with an export statement is an ES module (Node 20's syntax detection on the
// type-stripped code): strict, no require, top-level this undefined.
const values: number[] = [1, 2, 3];
export function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}
console.log(sum(values), typeof require, typeof module, this);
function whoIsThis(): unknown {
  return this;
}
console.log(whoIsThis());
try {
  (undeclared as any) = 1;
} catch (e: any) {
  console.log('strict mode:', e.name);
}
