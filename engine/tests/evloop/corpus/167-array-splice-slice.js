// oracle: node
// splice edits in place and returns what it removed; slice copies a range and never mutates.
const letters = ['a', 'b', 'c', 'd', 'e', 'f'];
console.log(letters.slice(1, 3), letters.slice(-2), letters.slice(2), letters.slice(4, 1), letters.slice());
const list = [...letters];
console.log(list.splice(1, 2), list);
console.log(list.splice(1, 0, 'X', 'Y'), list);
console.log(list.splice(-2, 1, 'Z'), list);
console.log(list.splice(3), list);
console.log(list.splice(0, 10), list, letters.length);
const todo = ['write', 'test', 'ship'];
const i = todo.indexOf('test');
todo.splice(i, 1);
console.log(todo, todo.splice(todo.indexOf('missing'), 1), todo);
const nums = [1, 2, 3, 4, 5, 6];
for (let j = nums.length - 1; j >= 0; j--) if (nums[j] % 2 === 0) nums.splice(j, 1);
console.log(nums);
console.log([1, 2, 3].splice(1), [1, 2, 3].slice(-10, 10));
