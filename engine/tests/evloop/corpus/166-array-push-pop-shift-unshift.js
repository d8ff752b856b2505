// oracle: node
// push and unshift return the new length; pop and shift return the removed item (or undefined).
const stack = [];
console.log(stack.push('a'), stack.push('b', 'c'), stack);
console.log(stack.pop(), stack.pop(), stack, stack.pop(), stack.pop(), stack);
const queue = [2, 3];
console.log(queue.unshift(1), queue.unshift(-1, 0), queue);
console.log(queue.shift(), queue.shift(), queue);
const history = [];
const visit = (page) => {
  history.push(page);
  if (history.length > 3) history.shift();
  return history.join(' > ');
};
for (const page of ['home', 'docs', 'api', 'blog', 'about']) console.log(visit(page));
const nested = [[1], [2]];
nested.push([3, 4]);
nested.unshift(...[[0]]);
console.log(nested, nested.length);
let tasks = ['x', 'y', 'z'];
while (tasks.length) console.log('run', tasks.shift(), 'remaining', tasks.length);
