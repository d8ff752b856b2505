// oracle: node
// AggregateError holds many errors in .errors; Promise.any rejects with one when every input
// rejects.
const err = new AggregateError([new Error('disk'), new TypeError('type'), 'not even an error'], 'three things failed');
console.log(err.name, err.message, err.errors.length, err instanceof Error, String(err));
for (const e of err.errors) console.log(' -', e instanceof Error ? `${e.name}: ${e.message}` : e);
console.log(new AggregateError([]).message === '', new AggregateError(new Set([1, 2])).errors);
const withCause = new AggregateError([], 'wrapped', { cause: 'root cause' });
console.log(withCause.cause, Object.keys(withCause));
const fail = (ms, msg) => new Promise((_, reject) => setTimeout(() => reject(new Error(msg)), ms));
Promise.any([fail(20, 'mirror a down'), fail(10, 'mirror b down'), Promise.reject(new RangeError('mirror c bad'))]).catch((e) => {
  console.log(e.constructor.name, '|', e.message, '|', e.errors.map((x) => x.message));
});
Promise.any([]).catch((e) => console.log('empty any:', e.name, e.message, e.errors));
Promise.any([fail(5, 'slow fail'), Promise.resolve('winner')]).then((v) => console.log('any resolved with', v));
