// Timers with clearly different delays fire by due time, not creation order.
setTimeout(() => console.log('60 ms'), 60);
setTimeout(() => console.log('30 ms'), 30);
setTimeout(() => console.log('1 ms'), 1);
setTimeout(() => console.log('15 ms'), 15);
setTimeout(() => console.log('45 ms'), 45);
console.log('created in scrambled order');
