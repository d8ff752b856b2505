// for...of over arrays and strings, for...in over keys, do...while, and labelled break/continue.
const items = ['a', 'b', 'c'];
for (const item of items) {
  if (item === 'b') continue;
  console.log('of', item);
}
for (const ch of 'hé!') console.log('char', ch);
const obj = { z: 1, 10: 'ten', a: 2, 2: 'two' };
for (const key in obj) console.log('in', key, obj[key]);
for (const i in ['x', 'y']) console.log('index', i, typeof i);
let n = 0;
do {
  n++;
} while (n < 3);
console.log('do-while ran', n);
outer: for (let i = 0; i < 3; i++) {
  for (let j = 0; j < 3; j++) {
    if (j === 1) continue outer;
    if (i === 2) break outer;
    console.log('pair', i, j);
  }
}
block: {
  console.log('in block');
  if (n === 3) break block;
  console.log('never');
}
const [first, ...restOfThem] = items;
for (const [i, v] of [[0, 'p'], [1, 'q']]) console.log(i, v, first, restOfThem);
const grown = [1];
for (const v of grown) {
  if (v < 3) grown.push(v + 1);
}
console.log(grown);
