// oracle: virtual
// Backpressure: a producer that is faster than its consumer fills a bounded queue, then waits
// for room instead of piling up work in memory.
const CAPACITY = 4;
const ITEMS = 12;

class BoundedQueue<T> {
  private items: T[] = [];
  private roomWaiters: Array<() => void> = [];
  private itemWaiters: Array<(item: T) => void> = [];
  maxDepth = 0;

  constructor(readonly capacity: number) {}

  async put(item: T): Promise<void> {
    const taker = this.itemWaiters.shift();
    if (taker) return taker(item);
    while (this.items.length >= this.capacity) {
      await new Promise<void>((resolve) => this.roomWaiters.push(resolve));
    }
    this.items.push(item);
    this.maxDepth = Math.max(this.maxDepth, this.items.length);
  }

  async take(): Promise<T> {
    const item = this.items.shift();
    if (item !== undefined) {
      this.roomWaiters.shift()?.();
      return item;
    }
    return new Promise<T>((resolve) => this.itemWaiters.push(resolve));
  }

  get depth(): number {
    return this.items.length;
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const queue = new BoundedQueue<{ id: number; bytes: number }>(CAPACITY);
const t0 = Date.now();
const stamp = () => String(Date.now() - t0).padStart(4, " ");

async function producer(): Promise<void> {
  for (let id = 1; id <= ITEMS; id++) {
    await sleep(5); // a new job every 5 ms
    const before = Date.now();
    await queue.put({ id, bytes: 1000 + Math.floor(Math.random() * 9000) });
    const blocked = Date.now() - before;
    console.log(`${stamp()} ms  put #${id}${blocked > 0 ? ` after waiting ${blocked} ms` : ""}  depth ${queue.depth}`);
  }
}

async function consumer(): Promise<void> {
  for (let n = 0; n < ITEMS; n++) {
    const job = await queue.take();
    await sleep(20); // each job takes 20 ms: four times slower than they arrive
    console.log(`${stamp()} ms  done #${job.id} (${job.bytes} bytes)`);
  }
}

Promise.all([producer(), consumer()]).then(() => {
  console.log(`max depth ${queue.maxDepth} of ${queue.capacity}; finished at ${Date.now() - t0} ms`);
});
