// Timers with the same delay fire in the order they were created.
for (let i = 1; i <= 5; i++) {
  setTimeout(() => console.log('timer', i), 10);
}
setTimeout(() => console.log('named a'), 10);
setTimeout(() => console.log('named b'), 10);
console.log('all created');
