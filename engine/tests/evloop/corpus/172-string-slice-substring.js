// oracle: node
// slice accepts negative indices; substring clamps negatives to 0 and swaps reversed bounds.
const s = 'JavaScript';
console.log(s.slice(0, 4), s.slice(4), s.slice(-6), s.slice(-6, -3), s.slice(5, 2));
console.log(s.substring(0, 4), s.substring(4, 0), s.substring(-3), s.substring(2, -1), s.substring(20));
console.log(s.slice(100), s.slice(-100, 2), s.substring(NaN, 3), s.slice(2.9, 5.1));
const truncate = (text, max) => (text.length > max ? text.slice(0, max - 1) + '…' : text);
console.log(truncate('A very long headline indeed', 12), truncate('short', 12));
const file = 'report.final.PDF';
const dots = file.split('.').length - 1;
const ext = file.slice(file.length - 3).toLowerCase();
console.log(dots, ext, file.slice(0, -4));
const masked = (card) => '*'.repeat(card.length - 4) + card.slice(-4);
console.log(masked('4111111111111111'));
console.log('abc'.slice(), 'abc'.substring(), 'abc'.slice(-1), 'abc'.substring(1, 1) === '');
