// oracle: node
// Spreading makes shallow copies: nested arrays and objects are shared, not cloned.
const board = [['.', '.'], ['.', '.']];
const shallow = [...board];
shallow[0][0] = 'X';
shallow[1] = ['O', 'O'];
console.log(board, shallow);
const deep = board.map((row) => [...row]);
deep[0][1] = 'Y';
console.log(board[0], deep[0]);
const state = { user: { name: 'ada' }, items: [1, 2] };
const next = { ...state, items: [...state.items, 3] };
next.user.name = 'changed';
console.log(state, next, state.items === next.items, state.user === next.user);
const grid = Array(3).fill([]);
grid[0].push('shared');
console.log(grid);
const fresh = Array.from({ length: 3 }, () => []);
fresh[0].push('own');
console.log(fresh);
