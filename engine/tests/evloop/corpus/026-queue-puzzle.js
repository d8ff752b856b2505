// A mixed puzzle: ticks, promises and microtasks queued from each other in several layers.
console.log('A');
setTimeout(() => console.log('B'), 0);
Promise.resolve().then(() => {
  console.log('C');
  process.nextTick(() => console.log('D'));
  Promise.resolve().then(() => console.log('E'));
});
process.nextTick(() => {
  console.log('F');
  Promise.resolve().then(() => {
    console.log('G');
    process.nextTick(() => console.log('H'));
  });
  process.nextTick(() => console.log('I'));
});
queueMicrotask(() => console.log('J'));
console.log('K');
