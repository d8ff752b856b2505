// A rejection that gets a handler before the tick/microtask drain ends is not reported.
const a = Promise.reject('handled by a later microtask');
const b = Promise.reject('handled by a tick');
const c = Promise.reject('handled by a nested microtask');
Promise.resolve().then(() => {
  a.catch((e) => console.log('caught:', e));
});
process.nextTick(() => {
  b.catch((e) => console.log('caught:', e));
});
Promise.resolve().then(() => 0).then(() => {
  c.then(() => console.log('never'), (e) => console.log('caught:', e));
});
setTimeout(() => console.log('program keeps running'), 5);
