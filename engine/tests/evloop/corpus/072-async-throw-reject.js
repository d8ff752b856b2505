// A throw inside an async function rejects its promise instead of throwing at the caller.
async function boom(x) {
  if (x > 1) {
    throw `too big: ${x}`;
  }
  return x;
}
let p = null;
try {
  p = boom(5);
  console.log('no synchronous throw');
} catch (e) {
  console.log('unexpected', e);
}
p.catch((e) => console.log('rejected with', e));
boom(1).then((v) => console.log('fulfilled with', v));
