// oracle: virtual
// A circuit breaker in front of a flaky downstream: after THRESHOLD failures in a row it opens
// and fails fast; after COOL_DOWN_MS one probe goes through (half-open) and decides.
const THRESHOLD = 3;
const COOL_DOWN_MS = 100;
const FAILURE_RATE = 0.5;

type State = "CLOSED" | "OPEN" | "HALF_OPEN";

class BreakerOpenError extends Error {
  constructor(readonly retryInMs: number) {
    super(`circuit open, retry in ${retryInMs} ms`);
    this.name = "BreakerOpenError";
  }
}

class CircuitBreaker<T> {
  state: State = "CLOSED";
  failures = 0;
  #openedAt = 0;
  stats = { calls: 0, ok: 0, failed: 0, rejected: 0 };

  constructor(private readonly call: () => Promise<T>) {}

  async fire(): Promise<T> {
    this.stats.calls++;
    if (this.state === "OPEN") {
      const waited = Date.now() - this.#openedAt;
      if (waited < COOL_DOWN_MS) {
        this.stats.rejected++;
        throw new BreakerOpenError(COOL_DOWN_MS - waited);
      }
      this.state = "HALF_OPEN"; // let one probe through
    }
    try {
      const value = await this.call();
      this.stats.ok++;
      this.failures = 0;
      this.state = "CLOSED";
      return value;
    } catch (err) {
      this.stats.failed++;
      this.failures++;
      if (this.state === "HALF_OPEN" || this.failures >= THRESHOLD) {
        this.state = "OPEN";
        this.#openedAt = Date.now();
      }
      throw err;
    }
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function flakyDownstream(): Promise<string> {
  await sleep(10);
  if (Math.random() < FAILURE_RATE) throw new Error("503 from inventory");
  return "200 OK";
}

const breaker = new CircuitBreaker(flakyDownstream);
for (let i = 1; i <= 16; i++) {
  const at = String(Date.now() - 1767225600000).padStart(3);
  try {
    const result = await breaker.fire();
    console.log(`${at} ms  call ${i}: ${result}  -> ${breaker.state}`);
  } catch (e) {
    const err = e as Error;
    console.log(`${at} ms  call ${i}: ${err.name}: ${err.message}  -> ${breaker.state}`);
  }
  await sleep(15);
}
console.log(breaker);
