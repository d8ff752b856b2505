// String methods, indexed by UTF-16 code units as JavaScript does.
const s = '  Hello, Node!  ';
console.log(`[${s.trim()}]`, `[${s.trimStart()}]`, `[${s.trimEnd()}]`, s.length);
const t = s.trim();
console.log(t.toUpperCase(), t.toLowerCase(), t.slice(7), t.slice(-5, -1), t.substring(5, 0), t.charAt(4), t.at(-1));
console.log(t.includes('Node'), t.startsWith('Hell'), t.endsWith('!'), t.indexOf('o'), t.lastIndexOf('o'), t.indexOf('z'));
console.log('5'.padStart(3, '0'), 'ab'.padEnd(5, '-'), 'ha'.repeat(3), 'a,b,,c'.split(','), 'abc'.split(''), 'a b c'.split(' ', 2));
console.log('x-y-z'.replace('-', '+'), 'x-y-z'.replaceAll('-', '+'), 'aaa'.replace('a', (m, i) => `[${m}${i}]`));
console.log('é'.charCodeAt(0), 'abc'.charCodeAt(5), 'A'.codePointAt(0), 'a'.concat('b', 1, null), String(42), String(null));
console.log(`${[1, 2]}`, `${{}}`, String({ toString() { return 'custom'; } }), 'id-7'.split('-')[1] * 2);
