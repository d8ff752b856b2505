// A timer can cancel a sibling with the same delay that was due in the same pass.
let second = null;
setTimeout(() => {
  console.log('first runs and clears second');
  clearTimeout(second);
}, 10);
second = setTimeout(() => console.log('second should not run'), 10);
setTimeout(() => console.log('third still runs'), 10);
