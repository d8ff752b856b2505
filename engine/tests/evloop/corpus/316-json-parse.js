// oracle: node
// JSON.parse builds plain values, accepts a reviver, and throws SyntaxError on bad input.
const text = '{"id":7,"name":"Ada","tags":["x","y"],"active":true,"score":9.5,"parent":null,"nested":{"a":[1,{"b":2}]}}';
const obj = JSON.parse(text);
console.log(obj, obj.nested.a[1].b, Array.isArray(obj.tags));
console.log(JSON.parse('42'), JSON.parse('"str"'), JSON.parse('null'), JSON.parse(' [1, 2] '), JSON.parse('-0'));
console.log(JSON.parse('"\\u00e9\\n"'), JSON.parse('1e3'), JSON.parse('{"__proto__": 1}'));
const dated = JSON.parse('{"n": 1, "list": [1, 2], "deep": {"n": 3}}', (key, value) =>
  typeof value === 'number' ? value * 100 : value,
);
console.log(dated);
for (const bad of ['{bad}', "{'single': 1}", '[1, 2,]', '', 'undefined', '{"a":1}x', 'NaN']) {
  try {
    JSON.parse(bad);
    console.log('parsed', bad);
  } catch (e) {
    console.log(e.name, '|', e.message);
  }
}
const roundTrip = JSON.parse(JSON.stringify({ when: undefined, list: [undefined, 1], n: NaN }));
console.log(roundTrip);
