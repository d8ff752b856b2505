// After the main script, ticks and microtasks (and those they add) all run before any timer.
setTimeout(() => console.log('timer'), 0);
function deep(n) {
  if (n === 0) {
    console.log('deep bottom');
    return;
  }
  Promise.resolve().then(() => {
    console.log('micro level', n);
    process.nextTick(() => {
      console.log('tick level', n);
      deep(n - 1);
    });
  });
}
deep(3);
console.log('main done');
