// oracle: virtual
// Async functions interleave at their awaits: each timer resolution resumes exactly one
// waiting function, at the virtual time the timer was due.
const sleep = (ms, value) => new Promise((resolve) => setTimeout(() => resolve(value), ms));
const start = Date.now();
const log = (...args) => console.log(`${String(Date.now() - start).padStart(4)}`, ...args);
async function worker(name, delays) {
  let total = 0;
  for (const d of delays) {
    total += await sleep(d, d);
    log(name, 'slept', d, 'total', total);
  }
  return `${name}:${total}`;
}
async function main() {
  log('start');
  const a = worker('A', [100, 100, 100]);
  const b = worker('B', [150, 30]);
  log('both started');
  const results = await Promise.all([a, b]);
  log('results', results);
  const timeout = sleep(50, 'timeout');
  const fastest = await Promise.race([sleep(70, 'slow'), timeout]);
  log('race', fastest);
  await sleep(40);
  log('done');
}
main().then(() => log('main resolved'));
log('sync code finished first');
