// oracle: virtual
// A polling loop with node:timers/promises: poll until a condition holds or a deadline
// passes, with the delay growing each round.
import { setTimeout as delay } from 'node:timers/promises';
const start = Date.now();
let readyAt = 700;
const isReady = () => Date.now() - start >= readyAt;
async function pollUntil(check: () => boolean, deadlineMs: number): Promise<{ ok: boolean; polls: number; at: number }> {
  let wait = 50;
  let polls = 0;
  while (Date.now() - start < deadlineMs) {
    polls++;
    if (check()) return { ok: true, polls, at: Date.now() - start };
    await delay(wait);
    wait = Math.min(wait * 2, 300);
  }
  return { ok: false, polls, at: Date.now() - start };
}
console.log(await pollUntil(isReady, 2000));
readyAt = 10_000;
console.log(await pollUntil(isReady, 3000));
const values = [];
for (const v of ['a', 'b', 'c']) values.push(await delay(10, v.toUpperCase()));
console.log(values, Date.now() - start);
