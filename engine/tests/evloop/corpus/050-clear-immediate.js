// clearImmediate cancels a pending immediate, even from an earlier immediate in the same phase.
const gone = setImmediate(() => console.log('never printed 1'));
clearImmediate(gone);
let victim = null;
setImmediate(() => {
  console.log('first clears third');
  clearImmediate(victim);
});
setImmediate(() => console.log('second runs'));
victim = setImmediate(() => console.log('never printed 2'));
setImmediate(() => console.log('fourth runs'));
