// oracle: virtual
// Lesson: a circuit breaker. After `threshold` failures it opens and fails fast; after
// `resetMs` it lets one trial call through (half-open) and closes again on success.
type State = 'CLOSED' | 'OPEN' | 'HALF_OPEN';
class CircuitBreaker {
  private state: State = 'CLOSED';
  private failures = 0;
  private openedAt = 0;
  private rejected = 0;
  constructor(private readonly threshold: number, private readonly resetMs: number) {}
  async call<T>(fn: () => Promise<T>): Promise<T> {
    if (this.state === 'OPEN') {
      if (Date.now() - this.openedAt < this.resetMs) {
        this.rejected++;
        throw new Error('circuit open: failing fast');
      }
      this.state = 'HALF_OPEN';
    }
    try {
      const value = await fn();
      this.state = 'CLOSED';
      this.failures = 0;
      return value;
    } catch (err) {
      this.failures++;
      if (this.state === 'HALF_OPEN' || this.failures >= this.threshold) {
        this.state = 'OPEN';
        this.openedAt = Date.now();
      }
      throw err;
    }
  }
  snapshot() {
    const openForMs = this.state === 'OPEN' ? this.resetMs - (Date.now() - this.openedAt) : 0;
    return { state: this.state, failures: this.failures, rejected: this.rejected, openForMs };
  }
}
const start = Date.now();
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
async function flakyService(): Promise<string> {
  await sleep(20);
  if (Date.now() - start < 600) throw new Error('503 from upstream');
  return 'ok';
}
async function main(): Promise<void> {
  const breaker = new CircuitBreaker(3, 400);
  for (let i = 1; i <= 12; i++) {
    const outcome = await breaker.call(flakyService).then((v) => v, (e: Error) => e.message);
    console.log(`${String(Date.now() - start).padStart(4)} ms call ${String(i).padStart(2)}: ${outcome.padEnd(26)}`, breaker.snapshot());
    await sleep(80);
  }
}
main();
