// oracle: virtual
// Typed async helpers: a generic retry, a timeout wrapper and Promise.all over a typed tuple.
type Result<T> = { ok: true; value: T } | { ok: false; error: string };
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
async function attempt<T>(fn: () => Promise<T>): Promise<Result<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (e: unknown) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}
async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
const slow = async (): Promise<string> => (await sleep(300), 'slow value');
const fast = async (): Promise<number> => (await sleep(50), 7);
const start = Date.now();
const [a, b] = await Promise.all([attempt(() => withTimeout(slow(), 100)), attempt(() => withTimeout(fast(), 100))]);
console.log(a, b, Date.now() - start);
console.log(await attempt<never>(async () => { throw 'plain string'; }));
