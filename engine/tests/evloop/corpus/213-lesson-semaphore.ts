// oracle: virtual
// Lesson: a counting semaphore limits how many tasks run at once. acquire() resolves at once
// while permits remain, otherwise it waits in a private queue; release() hands the permit
// straight to the next waiter.
class Semaphore {
  #queue: Array<() => void> = [];
  constructor(public available: number) {}
  acquire(): Promise<void> {
    if (this.available > 0) {
      this.available--;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => this.#queue.push(resolve));
  }
  release(): void {
    const next = this.#queue.shift();
    if (next) next();
    else this.available++;
  }
  get waiting(): number {
    return this.#queue.length;
  }
}
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const start = Date.now();
const t = (): string => `${String(Date.now() - start).padStart(4)} ms`;
const sem = new Semaphore(2);
let running = 0;
let peak = 0;
async function job(id: number, ms: number): Promise<string> {
  await sem.acquire();
  running++;
  peak = Math.max(peak, running);
  console.log(`${t()}  job ${id} starts (running ${running}, waiting ${sem.waiting})`);
  try {
    await sleep(ms);
    return `job ${id} (${ms} ms)`;
  } finally {
    running--;
    console.log(`${t()}  job ${id} ends`);
    sem.release();
  }
}
async function main(): Promise<void> {
  console.log(sem);
  const durations = [300, 120, 170, 60, 150];
  const results = await Promise.all(durations.map((ms, i) => job(i + 1, ms)));
  console.log(results);
  console.log('peak concurrency', peak, 'total', t(), sem);
}
main();
