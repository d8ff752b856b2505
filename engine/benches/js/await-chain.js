// A chain of 100,000 awaits in one async function: the cost of suspending and resuming.
async function main() {
  let sum = 0;
  for (let i = 0; i < 100000; i++) {
    sum += await i;
  }
  console.log("sum", sum);
}
main();
