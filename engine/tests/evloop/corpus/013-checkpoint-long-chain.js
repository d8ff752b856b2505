// A whole promise chain started in a timer finishes before the next due timer runs.
function chain(label) {
  Promise.resolve(1)
    .then((v) => { console.log(label, 'step', v); return v + 1; })
    .then((v) => { console.log(label, 'step', v); return v + 1; })
    .then((v) => { console.log(label, 'step', v); return v + 1; })
    .then((v) => console.log(label, 'final', v));
}
setTimeout(() => {
  console.log('first timer');
  chain('first');
}, 3);
setTimeout(() => {
  console.log('second timer');
  chain('second');
}, 3);
