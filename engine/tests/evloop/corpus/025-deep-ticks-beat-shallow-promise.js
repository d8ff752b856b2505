// A tick nested three levels deep still runs before the first promise job.
Promise.resolve().then(() => console.log('promise depth 1'));
process.nextTick(() => {
  console.log('tick level 1');
  process.nextTick(() => {
    console.log('tick level 2');
    process.nextTick(() => {
      console.log('tick level 3');
    });
  });
});
console.log('main');
