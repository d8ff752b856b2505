// Type annotations on variables, parameters and returns are erased: the program runs as its
// JavaScript would.
const limit: number = 3;
let label: string | undefined;
function describe(n: number, unit?: string): string {
  return `${n} ${unit === undefined ? 'items' : unit}`;
}
const twice = (x: number): number => x * 2;
label = describe(twice(limit));
console.log(label, describe(1, 'job'));
