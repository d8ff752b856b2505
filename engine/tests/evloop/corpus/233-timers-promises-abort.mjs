// oracle: virtual
// Aborting a timers/promises sleep rejects it with an AbortError (code ABORT_ERR) whose cause
// is the signal's reason; an already-aborted signal rejects at once.
import { setTimeout as sleep } from 'node:timers/promises';
const start = Date.now();
const ac = new AbortController();
setTimeout(() => ac.abort(new Error('user cancelled')), 150);
try {
  await sleep(1000, 'never', { signal: ac.signal });
} catch (err) {
  console.log(err.name, '|', err.message, '|', err.code, '|', err.cause.message, '|', Date.now() - start);
  console.log(err instanceof Error, err.constructor.name);
}
try {
  await sleep(10, 'x', { signal: ac.signal });
} catch (err) {
  console.log('pre-aborted:', err.name, err.cause.message, Date.now() - start);
}
const plain = new AbortController();
setTimeout(() => plain.abort(), 20);
const outcome = await sleep(50, 'late', { signal: plain.signal }).catch((e) => `${e.name}: ${e.cause.name} ${e.cause.message}`);
console.log(outcome, Date.now() - start);
const unused = new AbortController();
console.log(await sleep(5, 'finished normally', { signal: unused.signal }), Date.now() - start);
