// oracle: virtual
// setTimeout passes extra arguments to the callback; equal delays fire in creation order;
// clearTimeout from another timer cancels it; 0, negative and NaN delays all mean 1 ms.
const start = Date.now();
const at = () => Date.now() - start;
setTimeout((a, b) => console.log('args', a, b, at()), 30, 'first', 2);
setTimeout(() => console.log('A at', at()), 20);
setTimeout(() => console.log('B at', at()), 20);
const doomed = setTimeout(() => console.log('never'), 25);
setTimeout(() => {
  clearTimeout(doomed);
  console.log('cleared the 25 ms timer at', at());
}, 22);
setTimeout(() => console.log('zero at', at()), 0);
setTimeout(() => console.log('negative at', at()), -50);
setTimeout(() => console.log('NaN at', at()), NaN);
setTimeout(() => console.log('one at', at()), 1);
const handle = setTimeout(() => {}, 5);
console.log(typeof handle, typeof clearTimeout(handle));
clearTimeout(undefined);
clearTimeout(12345);
