// await of a native fulfilled promise resumes after exactly 1 tick.
function ticks(n) {
  let i = 0;
  function step() {
    i++;
    console.log(`tick ${i}`);
    if (i < n) {
      Promise.resolve().then(step);
    }
  }
  Promise.resolve().then(step);
}
ticks(3);
async function run() {
  console.log('before await (sync)');
  await Promise.resolve('done');
  console.log('after await native: depth 1');
}
run();
console.log('sync end');
