// oracle: node
// Labels let break and continue reach an outer loop or leave a labelled block.
const grid = [[1, 2, 3], [4, -5, 6], [7, 8, 9]];
let found = null, n = 0;
search: for (let r = 0; r < grid.length; r++) {
  for (let c = 0; c < grid[r].length; c++) {
    if (grid[r][c] < 0) { found = [r, c]; break search; }
  }
}
console.log('first negative at', found);
const pairs = [];
outer: for (let i = 0; i < 4; i++) {
  for (let j = 0; j < 4; j++) {
    if (j > i) continue outer;
    if ((i + j) % 3 === 0) continue;
    pairs.push(`${i}${j}`);
  }
}
console.log(pairs.join(' '));
validate: {
  const input = { name: '' };
  if (!input.name) break validate;
  console.log('never printed');
}
loop: while (true) {
  do if (++n === 5) break loop;
  while (n % 2);
}
console.log('n =', n);
