// A semaphore as lessons write it: a private queue of waiters, FIFO hand-over on release.
class Semaphore {
  #waiters: Array<() => void> = [];
  constructor(private available: number) {}
  acquire(): Promise<void> {
    if (this.available > 0) {
      this.available--;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => this.#waiters.push(resolve));
  }
  release(): void {
    const next = this.#waiters.length > 0 ? this.#waiters[0] : undefined;
    if (next) {
      this.#waiters = this.#waiters.length > 1 ? [this.#waiters[1]] : [];
      next();
    } else {
      this.available++;
    }
  }
  get waiting(): number {
    return this.#waiters.length;
  }
}
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const slots = new Semaphore(1);
let inFlight = 0;
async function work(id: number, ms: number): Promise<void> {
  await slots.acquire();
  inFlight++;
  console.log(`task ${id} starts, ${inFlight} in flight, ${slots.waiting} waiting`);
  try {
    await sleep(ms);
  } finally {
    inFlight--;
    slots.release();
  }
  console.log(`task ${id} done`, slots);
}
work(1, 30);
work(2, 10);
work(3, 20);
