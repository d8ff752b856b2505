// oracle: node
// Strings are UTF-16: length counts code units. console.log prints Unicode as is, inside
// arrays and objects too, with quotes chosen to avoid escaping.
const words = ['café', '日本語', 'naïve', '😀👍', 'Ωmega'];
console.log(words, words.map((w) => w.length), words.map((w) => [...w].length));
console.log({ greeting: 'こんにちは', emoji: '🎉', accent: 'ñ' });
console.log(['it\'s', 'say "hi"', `both ' and "`, 'back`tick'], { q: "it's" });
console.log(['line\nbreak', 'tab\there', 'back\\slash', '\u0001']);
console.log('top level is raw: it\'s "quoted"\ttab');
const rtl = 'שלום';
console.log(rtl, rtl.length, [...rtl].reverse().join(''));
console.log('e\u0301' === 'é', 'e\u0301'.length, '\u00e9'.length, 'Z\u00fcrich');
console.log({ 'key with spaces': 1, 'ünïcödé': 2, valid_id: 3, '1starts': 4, $dollar: 5, 'a-b': 6 });
