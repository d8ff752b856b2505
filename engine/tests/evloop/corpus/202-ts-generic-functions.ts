// oracle: virtual
// Generic functions, with constraints, defaults and explicit type arguments at the call site.
function first<T>(items: T[]): T | undefined {
  return items[0];
}
function mapValues<K extends string, V, R>(obj: Record<K, V>, fn: (v: V) => R): Record<K, R> {
  const out = {} as Record<K, R>;
  for (const key of Object.keys(obj) as K[]) out[key] = fn(obj[key]);
  return out;
}
const identity = <T,>(x: T): T => x;
function longest<T extends { length: number }>(a: T, b: T): T {
  return a.length >= b.length ? a : b;
}
function wrap<T = string>(value: T): { value: T } {
  return { value };
}
console.log(first<number>([3, 2, 1]), first<string>([]), first(['x']));
console.log(mapValues<'a' | 'b', number, string>({ a: 1, b: 2 }, (n) => `#${n * 10}`));
console.log(identity<boolean>(true), identity('inferred'), longest('abc', 'de'), longest([1], [1, 2]));
console.log(wrap(5), wrap<string[]>(['a']));
const pairs = <A, B>(as: A[], bs: B[]): Array<[A, B]> => as.map((a, i): [A, B] => [a, bs[i]]);
console.log(pairs<string, number>(['x', 'y'], [1, 2]));
const lessThan = 1 < 2;
const greater = 3 > 2;
console.log(lessThan, greater, (1 as number) < (2 as number));
