// oracle: node
// Spread copies: later keys win, array spread takes any iterable, object spread takes own
// enumerable properties only (and strings become indexed keys).
const defaults = { retries: 3, timeout: 1000, verbose: false };
const user = { timeout: 5000, verbose: undefined };
console.log({ ...defaults, ...user });
console.log({ ...user, ...defaults });
console.log({ ...'hi', ...[7, 8], ...null, ...undefined, ...42 });
const a = [1, 2];
const b = [3, 4];
console.log([...a, ...b], [0, ...a, 2.5, ...b, 5]);
console.log([...'héllo'], [...new Set([3, 1, 3, 2, 1])], [...new Map([[1, 'one']])]);
console.log(Math.max(...a, ...b), Math.min(...[]), Math.max());
const nested = { config: { level: 1 }, list: [1] };
const copy = { ...nested };
copy.config.level = 99;
copy.list = [...copy.list, 2];
console.log(nested, copy);
function collect(first, ...others) {
  return { first, others };
}
console.log(collect(...'abc'), collect(...[]));
