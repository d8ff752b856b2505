// RACE: in the main CommonJS module, setTimeout(0) versus setImmediate has no fixed order.
console.log('scheduling');
setTimeout(() => console.log('timeout'), 0);
setImmediate(() => console.log('immediate'));
console.log('script done');
