// oracle: virtual
// Type arguments on calls and `new` (Map, Set, Promise, Array, user classes) disappear; the
// parser must tell them apart from < and > comparisons.
const scores = new Map<string, number[]>();
scores.set('ada', [90, 95]);
const tags = new Set<string>(['a', 'b']);
const empty = new Array<number>();
const ready = new Promise<string>((resolve) => setTimeout(() => resolve('ready'), 10));
const parse = <T,>(text: string): T => JSON.parse(text) as T;
const obj = parse<{ n: number }>('{"n": 5}');
class Box<T> {
  constructor(public value: T) {}
}
const boxes = [new Box<number>(1), new Box<string>('s'), new Box<Box<boolean>>(new Box(true))];
const a = 1, b = 2, c = 3;
const cmp = a < b && c > b;
const nested = Array.from<number, string>([1, 2], (n) => `n${n}`);
console.log(scores, tags, empty, obj.n, boxes, cmp, nested);
ready.then((v: string) => console.log(v));
async function load<T>(value: T, ms: number): Promise<T> {
  await new Promise<void>((r) => setTimeout(r, ms));
  return value;
}
load<number[]>([1, 2], 20).then((xs) => console.log('loaded', xs));
