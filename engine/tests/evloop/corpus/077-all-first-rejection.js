// Promise.all rejects with the first rejection; the other inputs keep running.
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
Promise.all([later(40, true, 'a'), later(10, false, 'b'), later(20, false, 'c')])
  .then((v) => console.log('never', v))
  .catch((e) => console.log('all rejected with', e));
