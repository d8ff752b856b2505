// Top-level await of a timer lets ticks run first; the module resumes right after the timer callback.
process.nextTick(() => console.log('tick before await'));
Promise.resolve().then(() => console.log('promise before await'));
console.log('before await');
const v = await new Promise((resolve) => {
  setTimeout(() => {
    console.log('timer fires');
    resolve('timer value');
    console.log('timer callback ends');
  }, 5);
});
console.log('after await', v);
process.nextTick(() => console.log('tick after await'));
Promise.resolve().then(() => console.log('promise after await'));
setImmediate(() => console.log('immediate after await'));
console.log('end of module');
