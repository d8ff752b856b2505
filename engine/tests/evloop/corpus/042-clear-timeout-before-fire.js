// clearTimeout before a timer fires means its callback never runs. (The cleared timer is due
// long after the one that clears it, so a paused script cannot let it fire first.)
const never = setTimeout(() => console.log('never printed 1'), 1);
clearTimeout(never);
const later = setTimeout(() => console.log('never printed 2'), 400);
setTimeout(() => {
  console.log('early timer clears the later one');
  clearTimeout(later);
}, 5);
const kept = setTimeout(() => console.log('kept timer runs'), 20);
clearTimeout(undefined);
console.log('setup done', kept !== undefined);
