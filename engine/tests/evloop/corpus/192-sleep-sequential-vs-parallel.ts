// oracle: virtual
// Awaiting one sleep after another adds the delays; Promise.all waits for the longest one.
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const start = Date.now();
const since = (): number => Date.now() - start;
async function task(name: string, ms: number): Promise<string> {
  await sleep(ms);
  console.log(`  ${name} finished at ${since()} ms`);
  return name;
}
async function main(): Promise<void> {
  console.log('sequential:');
  for (const [name, ms] of [['a', 100], ['b', 200], ['c', 50]] as const) await task(name, ms);
  console.log('took', since());
  const mark = since();
  console.log('parallel:');
  const names = await Promise.all([task('d', 100), task('e', 200), task('f', 50)]);
  console.log(names, 'took', since() - mark);
  const first = await Promise.race([task('g', 30), task('h', 10)]);
  console.log('race won by', first, 'at', since());
  await sleep(100);
  console.log('end at', since());
}
main();
