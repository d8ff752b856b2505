// queueMicrotask and promise reactions share a single first-in first-out queue.
queueMicrotask(() => console.log('q1'));
Promise.resolve().then(() => console.log('p1'));
queueMicrotask(() => console.log('q2'));
Promise.resolve().then(() => {
  console.log('p2');
  queueMicrotask(() => console.log('q from p2'));
  Promise.resolve().then(() => console.log('p from p2'));
});
queueMicrotask(() => {
  console.log('q3');
  Promise.resolve().then(() => console.log('p from q3'));
});
Promise.resolve().then(() => console.log('p3'));
