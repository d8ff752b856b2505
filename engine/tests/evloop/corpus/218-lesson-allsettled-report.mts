// oracle: virtual
// Lesson: health-check several services at once with Promise.allSettled and print a report
// table. Latencies and failures come from the seeded Math.random.
type Check = { name: string; latencyMs: number };
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
async function ping(name: string): Promise<Check> {
  const latencyMs = 20 + Math.floor(Math.random() * 180);
  const fails = Math.random() < 0.5;
  await sleep(latencyMs);
  if (fails) throw new Error(`${name} refused connection after ${latencyMs} ms`);
  return { name, latencyMs };
}
const services = ['auth', 'billing', 'search', 'email', 'storage', 'cache'];
const started = Date.now();
const results = await Promise.allSettled(services.map(ping));
console.log(`checked ${services.length} services in ${Date.now() - started} ms`);
console.log('SERVICE'.padEnd(10) + 'STATUS'.padEnd(8) + 'DETAIL');
results.forEach((r, i) => {
  const detail = r.status === 'fulfilled' ? `${r.value.latencyMs} ms` : r.reason.message;
  console.log(services[i].padEnd(10) + (r.status === 'fulfilled' ? 'up' : 'DOWN').padEnd(8) + detail);
});
const up = results.filter((r): r is PromiseFulfilledResult<Check> => r.status === 'fulfilled');
const slowest = up.reduce((a, b) => (b.value.latencyMs > a.value.latencyMs ? b : a));
console.log({ up: up.length, down: results.length - up.length, slowest: slowest.value.name });
console.log(up[0], results[0].status);
