// oracle: virtual
// Lesson: a bounded queue. A fast producer must wait whenever the queue is full; a slow
// consumer wakes it up each time it takes an item (backpressure).
class BoundedQueue<T> {
  #items: T[] = [];
  #producers: Array<() => void> = [];
  #consumers: Array<(item: T) => void> = [];
  constructor(readonly capacity: number) {}
  async put(item: T): Promise<void> {
    while (this.#items.length >= this.capacity) {
      await new Promise<void>((resolve) => this.#producers.push(resolve));
    }
    const consumer = this.#consumers.shift();
    if (consumer) consumer(item);
    else this.#items.push(item);
  }
  async take(): Promise<T> {
    if (this.#items.length > 0) {
      const item = this.#items.shift()!;
      this.#producers.shift()?.();
      return item;
    }
    return new Promise<T>((resolve) => this.#consumers.push(resolve));
  }
  get size(): number {
    return this.#items.length;
  }
}
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const start = Date.now();
const t = () => String(Date.now() - start).padStart(4);
const queue = new BoundedQueue<number>(2);
async function producer(): Promise<void> {
  for (let i = 1; i <= 6; i++) {
    const before = Date.now();
    await queue.put(i);
    const waited = Date.now() - before;
    console.log(`${t()} produced ${i} (size ${queue.size}${waited ? `, waited ${waited} ms` : ''})`);
    await sleep(30);
  }
  console.log(`${t()} producer done`);
}
async function consumer(): Promise<void> {
  for (let i = 1; i <= 6; i++) {
    await sleep(100);
    const item = await queue.take();
    console.log(`${t()}                 consumed ${item} (size ${queue.size})`);
  }
}
Promise.all([producer(), consumer()]).then(() => console.log(`${t()} all done`, queue));
