// oracle: node
// JSON.parse's SyntaxErrors as V8 words them: where it expected a particular character, by
// position; elsewhere the unexpected token with the source (ten characters either side when long).
const bads = ['{bad}', "{'single': 1}", '[1, 2,]', '', 'undefined', '{"a":1}x', 'NaN', '{', '[', '[1', '[1 2]', '{"a":1,}', '{"a" 1}', '{"a":1 "b":2}',
  '"abc', '"a\\qb"', '"a\u0001b"', 'tru', 'nul', 'falsy', '-', '-x', '01', '1.', '1.e3', '1e', '.5', '+1', ' ', '"\\u12"', '{"a":}', '[,]', ']', '}',
  'x'.repeat(40), '[' + 'x'.repeat(40) + ']', '{"a":1}}', '1 2', 'true false', '"\\', '[1,', '{"a":', '{"a"', '{"a":1,', '\u00e9', '[1]]', '{,}', 'truex', '123abc', '"a"b'];
for (const bad of bads) {
  try { JSON.parse(bad); console.log('parsed', bad); } catch (e) { console.log(JSON.stringify(bad), '|', e.message); }
}
const revived = JSON.parse('{"a":[1,{"b":2}],"drop":3,"keep":"x"}', function (key, value) {
  console.log(JSON.stringify(key), JSON.stringify(value), Array.isArray(this) ? 'in array' : typeof this);
  if (key === 'drop') return undefined;
  return typeof value === 'number' ? value + 1 : value;
});
console.log(revived, JSON.parse('[1,2]', (k, v) => (k === '0' ? undefined : v)));
console.log({ $a: 1, a$: 2, _b: 3, 'ü': 4, __proto__x: 5, ['__proto__']: 6, 'a-b': 7, '1a': 8, Ab9: 9 });
