// ES module: ticks and promises that queue each other from the top level (compare 031).
process.nextTick(() => {
  console.log('tick A');
  Promise.resolve().then(() => console.log('promise from tick A'));
});
Promise.resolve().then(() => {
  console.log('promise B');
  process.nextTick(() => console.log('tick from promise B'));
});
process.nextTick(() => console.log('tick C'));
Promise.resolve().then(() => console.log('promise D'));
console.log('sync');
