// oracle: node
// Count word frequencies: normalise case and punctuation, count in a Map, sort by count and
// then alphabetically, print a bar chart.
const text = `The event loop runs timers, then I/O callbacks; then it checks immediates.
Timers run when their time has come. The loop never runs two callbacks at once!`;
const words = text
  .toLowerCase()
  .replaceAll('\n', ' ')
  .split(' ')
  .map((w) => w.replaceAll(',', '').replaceAll(';', '').replaceAll('.', '').replaceAll('!', ''))
  .filter((w) => w.length > 0);
const counts = new Map();
for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
const ranked = [...counts].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0));
console.log(`${words.length} words, ${counts.size} distinct`);
for (const [word, n] of ranked.slice(0, 6)) console.log(word.padEnd(10), '█'.repeat(n), n);
const longest = words.reduce((a, b) => (b.length > a.length ? b : a));
console.log('longest:', longest, '| once only:', ranked.filter(([, n]) => n === 1).length);
console.log(Object.fromEntries(ranked.slice(0, 3)));
