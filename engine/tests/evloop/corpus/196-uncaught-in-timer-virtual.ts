// oracle: virtual
// exit: 1
// A throw inside a timer callback is uncaught: the program ends with status 1 at that
// virtual moment, and later timers never fire.
type Job = { name: string; at: number; fails?: boolean };
const start: number = Date.now();
const jobs: Job[] = [
  { name: 'backup', at: 100 },
  { name: 'report', at: 200, fails: true },
  { name: 'cleanup', at: 300 },
];
for (const job of jobs) {
  setTimeout(() => {
    console.log(`${job.name} at ${Date.now() - start} ms`);
    if (job.fails) throw new TypeError(`${job.name} crashed`);
  }, job.at);
}
