// oracle: node
// exit: 1
// Rejecting with a non-Error value: Node wraps it in an UnhandledPromiseRejection message
// that quotes the value.
console.log('start');
const pending = new Promise((_, reject) => setTimeout(() => reject('service unavailable'), 20));
pending.then(() => console.log('never'));
setTimeout(() => console.log('this timer at 10 ms still runs'), 10);
setTimeout(() => console.log('this one at 100 ms does not'), 100);
