// An immediate queued during the check phase waits for the next loop iteration.
setImmediate(() => {
  console.log('A');
  setImmediate(() => console.log('C (queued by A)'));
});
setImmediate(() => {
  console.log('B');
  setImmediate(() => console.log('D (queued by B)'));
});
