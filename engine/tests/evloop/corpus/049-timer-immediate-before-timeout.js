// Inside a timer callback, setImmediate runs before a new setTimeout(0).
setTimeout(() => {
  console.log('outer timer');
  setTimeout(() => console.log('new timeout 0'), 0);
  setImmediate(() => console.log('immediate'));
  Promise.resolve().then(() => console.log('promise'));
}, 5);
