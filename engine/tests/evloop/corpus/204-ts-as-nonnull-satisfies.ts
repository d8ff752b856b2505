// oracle: virtual
// `as` casts, the non-null assertion `!`, `satisfies` and `as const` are all erased.
type Theme = { primary: string; spacing: number };
const theme = { primary: '#0af', spacing: 4 } satisfies Theme;
const directions = ['north', 'south'] as const;
const cache = new Map<string, number>([['hits', 3]]);
const hits = cache.get('hits')!;
const raw: unknown = JSON.parse('{"name":"ada","age":36}');
const user = raw as { name: string; age: number };
const len = (user.name as string).length;
const el = ({ id: 'root' } as any) as { id: string };
const n = <number>(<unknown>'42');
console.log(theme, directions, hits + 1, user.name, user.age, len, el.id, n);
function firstChar(s?: string): string {
  return s!.charAt(0);
}
console.log(firstChar('xyz'));
try {
  firstChar();
} catch (e) {
  console.log((e as Error).name, (e as TypeError).message);
}
const list = [1, 2, 3] as number[] as readonly number[];
console.log(list.length, (list as number[]).includes(2), theme.spacing! * 2);
