// oracle: virtual
// Lesson: async code can race even on one thread. Two read-modify-write deposits that await
// in the middle lose an update; a promise-chain mutex serialises them.
class Mutex {
  #tail: Promise<void> = Promise.resolve();
  lock(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => (release = resolve));
    const ready = this.#tail.then(() => release);
    this.#tail = next;
    return ready;
  }
}
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const db = { balance: 100 };
async function deposit(amount: number, who: string): Promise<void> {
  const current = db.balance;
  await sleep(10);
  db.balance = current + amount;
  console.log(`${who} wrote ${db.balance}`);
}
const mutex = new Mutex();
async function safeDeposit(amount: number, who: string): Promise<void> {
  const release = await mutex.lock();
  try {
    await deposit(amount, who);
  } finally {
    release();
  }
}
async function main(): Promise<void> {
  await Promise.all([deposit(50, 'A'), deposit(25, 'B')]);
  console.log('without a mutex:', db.balance, '(expected 175)');
  db.balance = 100;
  const start = Date.now();
  await Promise.all([safeDeposit(50, 'A'), safeDeposit(25, 'B'), safeDeposit(5, 'C')]);
  console.log('with a mutex:', db.balance, 'took', Date.now() - start, 'ms');
}
main();
