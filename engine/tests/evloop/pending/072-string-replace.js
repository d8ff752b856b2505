// oracle: node
// replace with a string pattern changes only the first match; replaceAll changes all. The
// replacement string understands $& $$ $` $' and a function gets the match and its offset.
const s = 'a-b-c';
console.log(s.replace('-', '+'), s.replaceAll('-', '+'), s.replace('x', '?'), s);
console.log(s.replace('-', '[$&]'), s.replace('-', '$$'), s.replace('b', "<$`|$'>"), s.replace('-', '$1'));
console.log(s.replaceAll('-', (match, offset) => `(${match}@${offset})`));
console.log('price: 10'.replace('10', (m) => String(Number(m) * 2)));
const template = 'Hello {name}, your order {id} ships {when}. Thanks, {name}!';
const data = { name: 'Ada', id: '#42', when: 'today' };
let out = template;
for (const [k, v] of Object.entries(data)) out = out.replaceAll(`{${k}}`, v);
console.log(out);
console.log('aaa'.replaceAll('a', 'aa'), 'aaa'.replace('', '-'), 'abc'.replaceAll('', '.'));
const escapeHtml = (str) =>
  str.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
console.log(escapeHtml('<a href="x">Tom & Jerry</a>'));
console.log('x.y.z'.replaceAll('.', '/'), 'path\\to\\file'.replaceAll('\\', '/'));
