// A throw in an async function with no handler is an unhandled rejection once its drain ends.
// exit: 1
async function failing() {
  await null;
  console.log('failing resumes');
  throw 'async failure';
}
setTimeout(() => {
  console.log('timer runs');
  failing();
  Promise.resolve().then(() => console.log('microtask in same drain'));
  setImmediate(() => console.log('immediate must not run'));
}, 5);
setTimeout(() => console.log('later timer must not run'), 50);
