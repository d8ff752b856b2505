// await of a thenable (not a native promise) costs 2 ticks.
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
ticks(4);
const thenable = {
  then(resolve) {
    console.log('then() called: depth 1');
    resolve('from thenable');
  }
};
async function run() {
  const v = await thenable;
  console.log('after await thenable: depth 2', v);
}
run();
