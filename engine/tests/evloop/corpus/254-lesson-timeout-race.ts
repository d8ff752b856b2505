// oracle: virtual
// Lesson: give each call a deadline with AbortSignal.timeout, and combine it with a user's
// cancel button through AbortSignal.any.
function fakeFetch(name: string, ms: number, signal: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    signal.throwIfAborted();
    const timer = setTimeout(() => resolve(`${name}: responded in ${ms} ms`), ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    }, { once: true });
  });
}
const start = Date.now();
const since = (): number => Date.now() - start;
async function main(): Promise<void> {
  for (const [name, ms] of [['users', 80], ['orders', 250], ['search', 120]] as Array<[string, number]>) {
    try {
      console.log(await fakeFetch(name, ms, AbortSignal.timeout(150)), `(t=${since()})`);
    } catch (err) {
      const e = err as DOMException;
      console.log(`${name}: ${e.name} - ${e.message} (t=${since()})`);
    }
  }
  const cancel = new AbortController();
  setTimeout(() => cancel.abort(new Error('user pressed cancel')), 60);
  const signal = AbortSignal.any([cancel.signal, AbortSignal.timeout(1000)]);
  try {
    await fakeFetch('report', 500, signal);
  } catch (err) {
    console.log('report:', (err as Error).message, `(t=${since()})`, signal.aborted, cancel.signal.aborted);
  }
  try {
    await fakeFetch('after', 10, signal);
  } catch (err) {
    console.log('already aborted signal rejects at once:', (err as Error).message, `(t=${since()})`);
  }
}
main();
