// Awaiting timers one by one runs them in sequence; starting them first lets them overlap.
function delay(ms, label) {
  return new Promise((resolve) => {
    setTimeout(() => {
      console.log('timer', label);
      resolve(label);
    }, ms);
  });
}
async function sequential() {
  const a = await delay(30, 'seq-30');
  const b = await delay(10, 'seq-10');
  console.log('sequential got', a, b);
}
async function parallel() {
  const pa = delay(60, 'par-60');
  const pb = delay(20, 'par-20');
  console.log('parallel got', await pa, await pb);
}
sequential().then(() => parallel());
