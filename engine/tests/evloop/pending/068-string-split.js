// oracle: node
// split by a string separator, with limits, the empty-string corner cases, and splitting lines.
const csv = 'name,age,,city';
console.log(csv.split(','), csv.split(',', 2), csv.split(',', 0), csv.split(';'));
console.log(''.split(','), ''.split(''), 'abc'.split(''), 'a,b,'.split(','));
console.log('2026-01-01'.split('-').map(Number), 'one  two'.split(' '));
console.log('a😀b'.split(''), [...'a😀b']);
const log = 'INFO start\nWARN disk 91%\nINFO done\n';
const lines = log.split('\n').filter((l) => l !== '');
for (const l of lines) {
  const [level, ...rest] = l.split(' ');
  console.log(level.padEnd(5), rest.join(' '));
}
const query = 'page=2&sort=desc&filter=';
const params = Object.fromEntries(query.split('&').map((kv) => kv.split('=')));
console.log(params);
console.log('key=value=more'.split('=', 2), 'no separator here'.split('|'), 'abc'.split());
