// clearTimeout before a timer fires means its callback never runs.
const never = setTimeout(() => console.log('never printed 1'), 1);
clearTimeout(never);
const later = setTimeout(() => console.log('never printed 2'), 40);
setTimeout(() => {
  console.log('early timer clears the later one');
  clearTimeout(later);
}, 5);
const kept = setTimeout(() => console.log('kept timer runs'), 20);
clearTimeout(undefined);
console.log('setup done', kept !== undefined);
