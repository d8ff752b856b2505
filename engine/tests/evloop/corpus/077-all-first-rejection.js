// Promise.all rejects with the first rejection; the other inputs keep running. (Delays 100 ms
// apart: a loaded machine cannot reorder them.)
function later(ms, ok, value) {
  return new Promise((resolve, reject) => setTimeout(() => {
    console.log('timer', value);
    if (ok) {
      resolve(value);
    } else {
      reject(value);
    }
  }, ms));
}
Promise.all([later(400, true, 'a'), later(100, false, 'b'), later(200, false, 'c')])
  .then((v) => console.log('never', v))
  .catch((e) => console.log('all rejected with', e));
