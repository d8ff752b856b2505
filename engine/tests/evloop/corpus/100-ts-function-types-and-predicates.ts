// Function types, type predicates and `this` parameters are erased from signatures.
type Check = (value: unknown) => value is string;
const isText: Check = (value: unknown): value is string => typeof value === 'string';
function run(this: void, cb: (err: Error | null, n?: number) => void): void {
  cb(null, 5);
}
run((err, n) => console.log('callback', err, n));
const chooser = <T,>(a: T, b: T): T => (a === undefined ? b : a);
console.log(chooser<number>(undefined as unknown as number, 9));
