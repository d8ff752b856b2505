// oracle: node
// exit: 13
// A top-level await on a promise that can never settle: once nothing else is left to run,
// Node 20 exits with status 13 (and, in 20.20, prints nothing on stderr).
console.log('before the await');
setTimeout(() => console.log('a timer still runs while the module waits'), 10);
await new Promise(() => {});
console.log('never printed');
