// An await inside a loop yields each iteration, so two loops interleave step by step.
async function loop(name, n) {
  for (let i = 0; i < n; i++) {
    console.log(name, i);
    await null;
  }
  console.log(name, 'done');
}
loop('x', 3);
loop('y', 2);
console.log('both started');
