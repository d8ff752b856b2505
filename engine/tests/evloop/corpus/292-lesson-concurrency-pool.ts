// oracle: virtual
// Lesson: run ten tasks with random (seeded) durations through a pool of three workers and
// compare the elapsed time with running them one by one.
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
type Task = { id: number; ms: number };
const tasks: Task[] = Array.from({ length: 10 }, (_, i) => ({ id: i + 1, ms: 50 + Math.floor(Math.random() * 200) }));
console.log(tasks.map((t) => `${t.id}:${t.ms}`).join(' '));
async function pool<T, R>(items: T[], size: number, worker: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  async function lane(lane: number): Promise<void> {
    while (next < items.length) {
      const index = next++;
      results[index] = await worker(items[index]);
    }
  }
  await Promise.all(Array.from({ length: size }, (_, lane) => lane).map(lane));
  return results;
}
const order: number[] = [];
async function main(): Promise<void> {
  const start = Date.now();
  const out = await pool(tasks, 3, async (task) => {
    await sleep(task.ms);
    order.push(task.id);
    return task.ms * 2;
  });
  const pooled = Date.now() - start;
  const sequential = tasks.reduce((sum, t) => sum + t.ms, 0);
  console.log('finish order', order.join(' '));
  console.log('results', out);
  console.log(`pool of 3: ${pooled} ms, one by one: ${sequential} ms, speed-up ${(sequential / pooled).toFixed(2)}x`);
}
main();
