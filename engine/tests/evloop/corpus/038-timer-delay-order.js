// Timers with clearly different delays fire by due time, not creation order. The delays are
// 100 ms apart so that a busy machine pausing the script while it creates them cannot reorder them.
setTimeout(() => console.log('400 ms'), 400);
setTimeout(() => console.log('200 ms'), 200);
setTimeout(() => console.log('1 ms'), 1);
setTimeout(() => console.log('100 ms'), 100);
setTimeout(() => console.log('300 ms'), 300);
console.log('created in scrambled order');
