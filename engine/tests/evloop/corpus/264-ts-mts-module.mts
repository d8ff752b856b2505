// oracle: virtual
// An .mts file is an ES module: static imports, top-level await, strict mode, no require.
import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
type Tick = { n: number; at: number };
const clock = new EventEmitter();
const seen: Tick[] = [];
clock.on('tick', (t: Tick) => seen.push(t));
const start = Date.now();
for (let n = 1; n <= 3; n++) {
  await sleep(100);
  clock.emit('tick', { n, at: Date.now() - start } satisfies Tick);
}
console.log(seen);
console.log(typeof require, typeof module, typeof exports, this);
export const answer: number = 42;
console.log('exported', answer);
