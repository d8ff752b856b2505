// Bounded concurrency with a FIFO semaphore: at most LIMIT tasks run at once,
// the others wait their turn in arrival order.
const LIMIT = __LIMIT__; // k: free slots, e.g. the size of a database pool
const TASKS = __TASKS__;
const SEED = __SEED__;

// A tiny seeded generator, so every run picks the same task durations.
function seededRandom(seed: number): () => number {
  let x = (Math.imul(seed >>> 0, 0x9e3779b1) ^ 0x6d2b79f5) >>> 0 || 1;
  return () => {
    x = (x ^ (x << 13)) >>> 0;
    x = (x ^ (x >>> 17)) >>> 0;
    x = (x ^ (x << 5)) >>> 0;
    return x / 4294967296;
  };
}

class Semaphore {
  private readonly waiters: Array<() => void> = [];

  constructor(private available: number) {}

  async acquire(): Promise<void> {
    if (this.available > 0) {
      this.available--;
      return;
    }
    // No free slot: park here until release() hands one over.
    await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  release(): void {
    const next = this.waiters.shift();
    // The slot goes straight to the oldest waiter, so nobody can cut in line.
    if (next) next();
    else this.available++;
  }
}

const random = seededRandom(SEED);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const startedAt = Date.now();
const at = () => `[${String(Date.now() - startedAt).padStart(4)} ms]`;

const slots = new Semaphore(LIMIT);
let inFlight = 0;
let peak = 0;

async function task(id: number, ms: number): Promise<void> {
  await slots.acquire();
  inFlight++;
  peak = Math.max(peak, inFlight);
  console.log(`${at()} task ${id} starts (${ms} ms), ${inFlight} in flight`);
  try {
    await sleep(ms); // stands in for a query or an HTTP call
  } finally {
    inFlight--;
    slots.release();
  }
  console.log(`${at()} task ${id} done`);
}

const tasks: Promise<void>[] = [];
for (let id = 1; id <= TASKS; id++) {
  tasks.push(task(id, 50 + Math.floor(random() * 150)));
}
await Promise.all(tasks);
console.log(`${at()} all ${TASKS} tasks done; peak in flight: ${peak}`);
