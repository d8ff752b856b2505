// Nested timers with well separated due times fire strictly by due time.
setTimeout(() => {
  console.log('outer at 10');
  setTimeout(() => console.log('inner +100'), 100);
  setTimeout(() => console.log('inner +5'), 5);
  setTimeout(() => {
    console.log('inner +30');
    setTimeout(() => console.log('innermost +5 (about +35)'), 5);
  }, 30);
}, 10);
setTimeout(() => console.log('main at 400'), 400);
