// Awaiting an async call costs that call's own ticks plus 1 for the outer await.
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
ticks(6);
async function inner() {
  await null;
  console.log('inner resumed: depth 1');
  return 'inner value';
}
async function innerReturnsPromise() {
  return Promise.resolve('wrapped');
}
async function outer() {
  const v = await inner();
  console.log('outer resumed: depth 2', v);
  const w = await innerReturnsPromise();
  console.log('outer resumed again: depth 5', w);
}
outer();
