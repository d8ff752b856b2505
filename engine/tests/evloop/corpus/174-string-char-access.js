// oracle: node
// charAt, at, charCodeAt and [] indexing, out of range and with surrogate pairs.
const s = 'héllo😀';
console.log(s.length, s.charAt(1), s.at(1), s[1], s.charAt(99), s.at(99), s[99]);
console.log(s.at(-1), s.at(-2), s.charCodeAt(0), s.charCodeAt(1), s.charCodeAt(5), s.charCodeAt(6), s.charCodeAt(99));
console.log('abc'.charAt(-1) === '', 'abc'.at(-1), 'abc'.charAt(1.9), 'abc'.charAt());
const checksum = (str) => {
  let sum = 0;
  for (let i = 0; i < str.length; i++) sum = (sum + str.charCodeAt(i) * (i + 1)) % 65536;
  return sum;
};
console.log(checksum('hello'), checksum('olleh'), checksum(''));
const isUpper = (ch) => ch.charCodeAt(0) >= 65 && ch.charCodeAt(0) <= 90;
console.log([...'HeLLo'].map(isUpper));
const caesar = (text, shift) =>
  [...text].map((ch) => {
    const code = ch.charCodeAt(0);
    if (code < 97 || code > 122) return ch;
    return 'abcdefghijklmnopqrstuvwxyz'.charAt((code - 97 + shift) % 26);
  }).join('');
console.log(caesar('hello, world', 3), caesar(caesar('abc xyz', 3), 23));
