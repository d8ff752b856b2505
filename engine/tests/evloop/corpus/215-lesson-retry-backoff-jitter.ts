// oracle: virtual
// Lesson: retry with exponential backoff and full jitter. The cap grows base * 2^attempt
// up to a maximum, and the actual wait is a random (seeded) point below it.
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const start = Date.now();
interface RetryOptions {
  retries?: number;
  baseMs?: number;
  maxMs?: number;
}
async function retry<T>(fn: (attempt: number) => Promise<T>, { retries = 5, baseMs = 100, maxMs = 1000 }: RetryOptions = {}): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (attempt >= retries) throw new Error(`gave up after ${attempt + 1} attempts`, { cause: err });
      const cap = Math.min(maxMs, baseMs * 2 ** attempt);
      const delay = Math.floor(Math.random() * cap);
      console.log(`  attempt ${attempt + 1} failed: ${(err as Error).message}; waiting ${delay} ms (cap ${cap})`);
      await sleep(delay);
    }
  }
}
function flaky(failures: number): (attempt: number) => Promise<string> {
  return async (attempt) => {
    await sleep(10);
    if (attempt < failures) throw new Error(`HTTP 503 (attempt ${attempt + 1})`);
    return `success on attempt ${attempt + 1} at ${Date.now() - start} ms`;
  };
}
async function main(): Promise<void> {
  console.log('recovers:');
  console.log(' ', await retry(flaky(3)));
  console.log('never recovers:');
  try {
    await retry(flaky(99), { retries: 4, baseMs: 50, maxMs: 300 });
  } catch (err) {
    const e = err as Error;
    console.log(' ', e.message, '| last cause:', (e.cause as Error).message, '| at', Date.now() - start, 'ms');
  }
}
main();
