// oracle: virtual
// Type annotations on variables, parameters, return types, arrays, tuples, unions and object
// types are erased; the values are untouched.
const port: number = 8080;
let host: string = 'localhost';
const flags: boolean[] = [true, false];
const pair: [string, number] = ['age', 36];
let id: string | number = 'abc';
id = 42;
const point: { x: number; y: number; label?: string } = { x: 1, y: 2 };
function add(a: number, b: number): number {
  return a + b;
}
const greet = (name: string, excited: boolean = false): string => `hello ${name}${excited ? '!' : '.'}`;
const nothing = (): void => {};
const pick = function (items: Array<string>, index: number): string | undefined {
  return items[index];
};
let callback: (err: Error | null, value?: number) => void;
callback = (err, value) => console.log('callback', err, value);
callback(null, add(port, 1));
console.log(host, flags, pair, id, point, greet('ada'), greet('bob', true), nothing(), pick(['x'], 3));
const matrix: number[][] = [[1, 2], [3, 4]];
const total: number = matrix.flat().reduce((s: number, n: number): number => s + n, 0);
console.log(total, typeof total);
