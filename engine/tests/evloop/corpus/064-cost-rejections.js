// Rejections cost the same ticks: catch is depth 1, a skipped then adds 1, await throws at depth 1.
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
Promise.reject('r1').catch((e) => console.log('catch: depth 1', e));
Promise.reject('r2')
  .then(() => console.log('never'))
  .catch((e) => console.log('catch after skipped then: depth 2', e));
async function run() {
  try {
    await Promise.reject('r3');
  } catch (e) {
    console.log('await threw: depth 1', e);
  }
}
run();
