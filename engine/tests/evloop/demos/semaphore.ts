// oracle: virtual
// Bounded concurrency: at most LIMIT tasks hold a slot at once; the others wait in arrival order.
const LIMIT = 3; // the size of the pool being protected, e.g. database connections
const TASKS = 10;

class Semaphore {
  readonly #waiters: Array<() => void> = [];

  constructor(private available: number) {}

  async acquire(): Promise<void> {
    if (this.available > 0) {
      this.available--;
      return;
    }
    // No free slot: park until release() hands one over.
    await new Promise<void>((resolve) => this.#waiters.push(resolve));
  }

  release(): void {
    const next = this.#waiters.shift();
    // The slot goes straight to the oldest waiter, so nobody can cut in line.
    if (next) next();
    else this.available++;
  }

  get waiting(): number {
    return this.#waiters.length;
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const startedAt = Date.now();
const at = () => `[${String(Date.now() - startedAt).padStart(4)} ms]`;

const slots = new Semaphore(LIMIT);
let inFlight = 0;
let peak = 0;

async function work(id: number): Promise<number> {
  await slots.acquire();
  inFlight++;
  peak = Math.max(peak, inFlight);
  const ms = 20 + Math.floor(Math.random() * 80);
  console.log(`${at()} task ${id} starts (${inFlight} in flight, ${slots.waiting} waiting)`);
  try {
    await sleep(ms);
    return ms;
  } finally {
    inFlight--;
    slots.release();
    console.log(`${at()} task ${id} done after ${ms} ms`);
  }
}

async function main(): Promise<void> {
  const durations = await Promise.all(Array.from({ length: TASKS }, (_, i) => work(i + 1)));
  const total = durations.reduce((sum, ms) => sum + ms, 0);
  console.log(`${at()} all done: peak ${peak} in flight, ${total} ms of work`);
  console.log(slots);
}

main();
