// Combinators can be nested and combined with async functions and timers.
function wait(ms, v) {
  return new Promise((resolve) => setTimeout(() => resolve(v), ms));
}
async function pair(a, b) {
  const both = await Promise.all([wait(a, 'a' + a), wait(b, 'b' + b)]);
  return both;
}
async function main() {
  const fastest = await Promise.race([pair(40, 10), pair(5, 15)]);
  console.log('fastest pair', fastest);
  const settled = await Promise.allSettled([pair(1, 2), Promise.reject('skip')]);
  console.log(settled[0]);
  console.log(settled[1]);
  const first = await Promise.any([Promise.reject('x'), wait(3, 'any ok')]);
  console.log('first', first);
}
main();
