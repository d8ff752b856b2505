// oracle: node
// for...of walks values: array holes come out as undefined, strings by code point.
const scores = [7, , 9];
for (const s of scores) console.log('score', s);
for (const ch of 'a😀b') console.log(ch, ch.length);
console.log('a😀b'.length, [...'a😀b'].length);
let word = '';
for (const ch of 'stressed') word = ch + word;
console.log(word);
const matrix = [[1, 2], [3, 4]];
let sum = 0;
for (const row of matrix) {
  for (const cell of row) sum += cell;
}
console.log(sum);
const growing = [1, 2, 3];
for (const x of growing) {
  if (x < 3) growing.push(x * 10);
}
console.log(growing);
for (const x of []) console.log('never');
for (const [i, v] of ['x', 'y'].entries()) console.log(i, v);
