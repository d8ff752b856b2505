// oracle: virtual
// After each piece of synchronous code, the whole nextTick queue drains before promise jobs;
// queueMicrotask shares the promise job queue. (Typed helpers; the types are erased.)
type Step = (label: string) => void;
const log: Step = (label) => console.log(label);
const later = (label: string): void => process.nextTick(log, label);
log('sync start');
Promise.resolve().then((): void => log('promise 1'));
queueMicrotask(() => log('microtask 1'));
later('tick 1');
process.nextTick((): void => {
  log('tick 2');
  later('tick added by tick 2');
  Promise.resolve().then(() => log('promise added by tick 2'));
});
Promise.resolve<void>(undefined).then(() => {
  log('promise 2');
  later('tick added by promise 2');
  queueMicrotask((): void => log('microtask added by promise 2'));
});
setTimeout(() => log('timeout'), 0);
process.nextTick((a: string, b: string) => log(`tick with args ${a} ${b}`), 'x', 'y');
log('sync end');
