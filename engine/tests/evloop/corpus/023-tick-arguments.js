// process.nextTick passes its extra arguments to the callback.
process.nextTick((a, b, c) => console.log('args', a, b, c), 'x', 2, [3]);
process.nextTick((obj) => console.log('object', obj), { k: 1 });
process.nextTick(() => console.log('no args'));
process.nextTick((a, b) => console.log('missing', a, b), 'only one');
function sum(a, b) {
  console.log('sum', a + b);
}
process.nextTick(sum, 4, 5);
console.log('sync');
