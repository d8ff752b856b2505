// setInterval keeps firing until clearInterval; clearing inside the callback stops it at once.
let n = 0;
const handle = setInterval(() => {
  n++;
  console.log('tick', n);
  if (n === 4) {
    clearInterval(handle);
    console.log('stopped after', n);
  }
}, 5);
console.log('interval started');
