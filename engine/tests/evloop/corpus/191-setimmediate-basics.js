// oracle: node
// setImmediate callbacks run after the current microtasks, in order; one scheduled from an
// immediate waits for the next loop turn; clearImmediate cancels. Yielding with setImmediate
// between chunks of work lets other callbacks run in between.
setImmediate(() => {
  console.log('immediate 1');
  Promise.resolve().then(() => console.log('microtask after immediate 1'));
  setImmediate(() => console.log('immediate from immediate 1'));
});
const cancelled = setImmediate(() => console.log('never'));
setImmediate((who) => console.log('immediate 2 with', who), 'an argument');
clearImmediate(cancelled);
Promise.resolve().then(() => console.log('microtask from main'));
process.nextTick(() => console.log('tick from main'));
const yieldToLoop = () => new Promise((resolve) => setImmediate(resolve));
async function processInChunks(items, size) {
  let sum = 0;
  for (let i = 0; i < items.length; i += size) {
    for (const x of items.slice(i, i + size)) sum += x;
    console.log('chunk done, running sum', sum);
    await yieldToLoop();
  }
  return sum;
}
processInChunks([1, 2, 3, 4, 5, 6, 7], 3).then((sum) => console.log('total', sum));
console.log('main done');
