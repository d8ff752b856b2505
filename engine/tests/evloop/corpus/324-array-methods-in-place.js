// oracle: node
// Array methods that change an array in place (pop, push, shift, unshift, splice, reverse,
// fill) keep its holes where Node keeps them and return what Node returns; a long array used
// as a stack or a queue keeps its order.
const a = [1, , 3, , 5];
console.log(a.pop(), a, a.length);
console.log(a.shift(), a, a.unshift(0, undefined, 9), a);
console.log(a.fill('f', 2, 3), [, , ,].fill(7, 1), [1, 2, 3].fill(0, -1));
console.log(a.reverse(), a.splice(1, 2, 'x'), a, [].pop(), [].shift(), [, 1].shift());
const b = [1, 2, 3];
console.log(b.splice(-1), b.splice(0, 0, 'y', 'z'), b, b.at(-1), b.at(5), [, 1].at(0));
console.log([1, , 3].indexOf(undefined), [1, , 3].includes(undefined), [NaN].includes(NaN), b.slice(-2), b.slice(1, 99));

const stack = [];
for (let i = 0; i < 5000; i++) stack.push(i);
let sum = 0;
while (stack.length > 2500) sum += stack.pop();
for (let i = 0; i < 1000; i++) stack.push(stack.pop() + 1);
console.log(sum, stack.length, stack[stack.length - 1]);
const queue = ['a', 'b', 'c'];
const out = [];
while (queue.length) {
  const x = queue.shift();
  out.push(x);
  if (x.length < 3) queue.push(x + '.', x + '!');
}
console.log(out.length, out.slice(0, 6), out.slice(-2));
