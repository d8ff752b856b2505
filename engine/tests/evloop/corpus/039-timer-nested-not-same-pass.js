// A timer created inside a timer callback runs after timers already in the list, never in the same run.
setTimeout(() => {
  console.log('outer A');
  setTimeout(() => console.log('inner from A'), 0);
}, 1);
setTimeout(() => {
  console.log('outer B');
  setTimeout(() => console.log('inner from B'), 0);
}, 1);
setTimeout(() => console.log('outer C'), 1);
