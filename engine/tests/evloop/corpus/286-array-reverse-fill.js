// oracle: node
// reverse mutates and returns the same array; fill writes one value into a range (the same
// object reference each time).
const steps = ['first', 'second', 'third'];
const reversed = steps.reverse();
console.log(reversed, steps, reversed === steps);
const word = 'racecar';
console.log(word.split('').reverse().join('') === word, [...'hello'].reverse().join(''));
console.log(new Array(4).fill('-'), [1, 2, 3, 4, 5].fill(0, 1, 3), [1, 2, 3, 4].fill(9, -2));
console.log([1, 2, 3].fill(7, 5), Array(3).fill().map((_, i) => i));
const rows = new Array(2).fill({ hits: 0 });
rows[0].hits++;
console.log(rows, rows[0] === rows[1]);
const board = Array.from({ length: 3 }, () => Array(3).fill('.'));
board[1][1] = 'X';
console.log(board.map((r) => r.join('')).join('\n'));
console.log([].reverse(), [1].reverse(), [[1, 2], [3]].reverse());
