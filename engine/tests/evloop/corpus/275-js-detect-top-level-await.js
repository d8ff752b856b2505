// oracle: virtual
// Top-level await in a .js file also makes it an ES module; the await really suspends the
// module, and timers keep running meanwhile.
console.log('before await', typeof require);
setTimeout(() => console.log('timer fired during the await'), 50);
const value = await new Promise((resolve) => setTimeout(() => resolve('resolved at 100 ms'), 100));
console.log(value, Date.now() - Date.UTC(2026, 0, 1));
for (const n of [1, 2]) {
  await null;
  console.log('loop', n);
}
console.log(this, typeof module);
