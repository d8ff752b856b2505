// Promise.race settles with whichever input settles first, fulfilled or rejected.
function timer(ms, value, fail) {
  return new Promise((resolve, reject) => setTimeout(() => (fail ? reject(value) : resolve(value)), ms));
}
Promise.race([timer(30, 'slow'), timer(10, 'fast')]).then((v) => console.log('race 1 won by', v));
Promise.race([timer(50, 'ok'), timer(20, 'error', true)])
  .then((v) => console.log('never', v), (e) => console.log('race 2 rejected by', e));
Promise.race([timer(5, 'timer'), 'immediate value']).then((v) => console.log('race 3 won by', v));
