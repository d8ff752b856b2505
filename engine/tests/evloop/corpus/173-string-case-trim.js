// oracle: node
// Case conversion is Unicode-aware (ß becomes SS); trim removes all kinds of whitespace.
console.log('Hello World'.toUpperCase(), 'Hello World'.toLowerCase());
console.log('straße'.toUpperCase(), 'ÉCOLE'.toLowerCase(), 'ǅ'.toLowerCase(), 'i̇'.length);
console.log(`[${'  padded  '.trim()}]`, `[${'\t\n tabs and newlines \r\n'.trim()}]`, `[${'\u00a0nbsp\u00a0'.trim()}]`);
const normalize = (email) => email.trim().toLowerCase();
console.log(normalize('  Ada@Example.COM '), normalize('Ada@example.com') === normalize(' ADA@EXAMPLE.COM'));
const title = (s) =>
  s
    .trim()
    .split(' ')
    .filter((w) => w)
    .map((w) => w[0].toUpperCase() + w.slice(1).toLowerCase())
    .join(' ');
console.log(title('  the QUICK   brown fox '));
const camel = 'user_first_name'.split('_').map((w, i) => (i ? w[0].toUpperCase() + w.slice(1) : w)).join('');
console.log(camel, '123abc'.toUpperCase(), ''.trim() === '');
