// oracle: node
// do...while runs its body at least once; continue jumps to the condition.
let attempts = 0;
do {
  attempts++;
  console.log('attempt', attempts);
} while (attempts < 3);
let never = 0;
do never++;
while (false);
console.log('ran once anyway:', never);
let n = 0, odds = [];
do {
  n++;
  if (n % 2 === 0) continue;
  odds.push(n);
} while (n < 9);
console.log(odds);
let digits = 0;
let value = 98765;
do digits++;
while ((value = Math.floor(value / 10)) > 0);
console.log('digits:', digits);
const queue = ['a', 'b', 'stop', 'c'];
let item;
do {
  item = queue.shift();
  if (item !== 'stop') console.log('processing', item);
} while (item !== 'stop' && queue.length > 0);
console.log('left in queue:', queue);
