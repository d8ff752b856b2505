// Repeated top-level awaits of plain values keep the module in one drain; a tick waits for the end.
process.nextTick(() => console.log('tick'));
queueMicrotask(() => console.log('microtask queued first'));
let i = 0;
while (i < 3) {
  const got = await i;
  console.log('awaited', got);
  i++;
}
Promise.resolve().then(() => console.log('promise after loop'));
console.log('loop done');
