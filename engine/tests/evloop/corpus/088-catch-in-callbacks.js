// Values thrown inside timer, immediate, tick and promise callbacks can be caught there.
function risky(kind, value) {
  try {
    console.log(kind, 'about to throw');
    throw value;
  } catch (e) {
    console.log(kind, 'caught', e);
  } finally {
    console.log(kind, 'finally');
  }
}
setTimeout(() => risky('timer', 'string error'), 5);
process.nextTick(() => risky('tick', 404));
Promise.resolve().then(() => risky('promise', { code: 'E1' }));
queueMicrotask(() => risky('microtask', [1, 2]));
