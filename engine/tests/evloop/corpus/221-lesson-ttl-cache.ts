// oracle: virtual
// Lesson: a cache whose entries expire after ttlMs, with hit/miss counters and a loader
// that only runs on a miss. Concurrent misses for one key share a single load.
class TtlCache<K, V> {
  #entries = new Map<K, { value: V; expiresAt: number }>();
  #loading = new Map<K, Promise<V>>();
  hits = 0;
  misses = 0;
  constructor(private readonly ttlMs: number) {}
  get(key: K): V | undefined {
    const entry = this.#entries.get(key);
    if (entry && entry.expiresAt > Date.now()) {
      this.hits++;
      return entry.value;
    }
    if (entry) this.#entries.delete(key);
    this.misses++;
    return undefined;
  }
  set(key: K, value: V): void {
    this.#entries.set(key, { value, expiresAt: Date.now() + this.ttlMs });
  }
  async getOrLoad(key: K, loader: (key: K) => Promise<V>): Promise<V> {
    const cached = this.get(key);
    if (cached !== undefined) return cached;
    if (!this.#loading.has(key)) {
      this.#loading.set(key, loader(key).then((v) => (this.set(key, v), v)).finally(() => this.#loading.delete(key)));
    }
    return this.#loading.get(key)!;
  }
}
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
let loads = 0;
async function loadUser(id: number): Promise<{ id: number; name: string }> {
  loads++;
  await sleep(100);
  return { id, name: `user${id}` };
}
const cache = new TtlCache<number, { id: number; name: string }>(1000);
const start = Date.now();
async function main(): Promise<void> {
  const [a, b] = await Promise.all([cache.getOrLoad(1, loadUser), cache.getOrLoad(1, loadUser)]);
  console.log(Date.now() - start, a, a === b, 'loads', loads);
  await sleep(500);
  console.log(Date.now() - start, await cache.getOrLoad(1, loadUser), 'loads', loads);
  await sleep(600);
  console.log(Date.now() - start, await cache.getOrLoad(1, loadUser), 'loads', loads);
  console.log(cache, cache.get(2));
}
main();
