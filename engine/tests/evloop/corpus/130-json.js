// JSON.stringify (compact and indented; what it drops) and JSON.parse (and its errors).
const event = { id: 'evt_1', amount: 1250, tags: ['a', 'b'], meta: { retry: true, at: null }, skip: undefined, fn() {} };
console.log(JSON.stringify(event));
console.log(JSON.stringify(event, null, 2));
console.log(JSON.stringify([undefined, () => 1, NaN, -0, 'quote"s']), JSON.stringify('x'), JSON.stringify(undefined));
console.log(JSON.stringify({ nested: { deeper: { deepest: [1, { a: 1 }] } } }, null, '--'));
const parsed = JSON.parse('{"b":1,"a":[true,false,null],"s":"line\\nbreak","n":-1.5e3}');
console.log(parsed, parsed.s.length, JSON.parse('"plain"'), JSON.parse(' [ ] '));
const back = { when: 1, toJSON() { return { replaced: true }; } };
console.log(JSON.stringify(back));
const loop = { name: 'loop' };
loop.self = loop;
try {
  JSON.stringify(loop);
} catch (e) {
  console.log(e.name, e.message.split('\n')[0]);
}
try {
  JSON.parse('{"a":}');
} catch (e) {
  console.log(e.name);
}
