// oracle: virtual
// node:timers/promises setTimeout resolves with its value after the delay.
import { setTimeout as sleep } from 'node:timers/promises';
const start = Date.now();
const elapsed = () => Date.now() - start;
const value = await sleep(100, 'payload');
console.log(value, elapsed());
console.log(await sleep(50), elapsed());
const results = await Promise.all([sleep(300, 'slow'), sleep(100, 'fast'), sleep(200, 'medium')]);
console.log(results, elapsed());
const winner = await Promise.race([sleep(80, 'tortoise'), sleep(40, 'hare')]);
console.log(winner, elapsed());
for (const ms of [10, 20, 30]) {
  await sleep(ms);
  console.log('loop step after', ms, 'at', elapsed());
}
