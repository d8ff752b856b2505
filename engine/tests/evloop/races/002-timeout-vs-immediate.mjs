// RACE: in a main ES module, setTimeout(0) versus setImmediate has no fixed order either.
console.log('scheduling');
setTimeout(() => console.log('timeout'), 0);
setImmediate(() => console.log('immediate'));
console.log('module body done');
