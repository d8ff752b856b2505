// A handler attached only in a later macrotask is too late: the rejection is already fatal.
// exit: 1
const p = Promise.reject('late');
console.log('rejected promise created');
process.nextTick(() => console.log('tick runs'));
setTimeout(() => {
  p.catch((e) => console.log('too late to catch', e));
}, 0);
