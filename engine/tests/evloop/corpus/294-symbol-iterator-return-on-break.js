// oracle: node
// Leaving a for...of early (break, return, throw) calls the iterator's return(); finishing
// normally does not. Destructuring also closes the iterator it did not exhaust.
function tracked(items, log) {
  return {
    [Symbol.iterator]() {
      let i = 0;
      return {
        next: () => (i < items.length ? { value: items[i++], done: false } : { value: undefined, done: true }),
        return: () => {
          log.push(`closed after ${i}`);
          return { done: true };
        },
      };
    },
  };
}
const log = [];
for (const x of tracked([1, 2, 3], log)) if (x === 2) break;
for (const x of tracked([1, 2, 3], log)) {}
const find = (target) => {
  for (const x of tracked(['a', 'b', 'c'], log)) if (x === target) return x;
};
find('b');
try {
  for (const x of tracked([1], log)) throw new Error('boom');
} catch {}
const [only] = tracked([7, 8, 9], log);
const [...all] = tracked([7, 8], log);
console.log(log, only, all);
