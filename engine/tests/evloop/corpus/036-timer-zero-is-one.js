// A delay of 0 (or below 1) becomes 1 ms, so it shares the 1 ms list in creation order.
setTimeout(() => console.log('one ms'), 1);
setTimeout(() => console.log('zero ms'), 0);
setTimeout(() => console.log('negative ms'), -20);
setTimeout(() => console.log('half ms'), 0.5);
setTimeout(() => console.log('one ms again'), 1);
console.log('scheduled');
