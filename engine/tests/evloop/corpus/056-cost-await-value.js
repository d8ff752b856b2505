// await of a plain value costs 1 tick, and each sequential await adds 1.
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
async function run() {
  await 42;
  console.log('after await 42: depth 1');
  await undefined;
  console.log('after await undefined: depth 2');
  await 'text';
  console.log('after await text: depth 3');
}
run();
