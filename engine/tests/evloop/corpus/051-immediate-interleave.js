// Two self-rescheduling immediates take turns, one step per loop iteration each.
function runner(name, left) {
  console.log(name, left);
  if (left > 1) {
    setImmediate(() => runner(name, left - 1));
  }
}
setImmediate(() => runner('a', 3));
setImmediate(() => runner('b', 3));
process.nextTick(() => console.log('tick first'));
