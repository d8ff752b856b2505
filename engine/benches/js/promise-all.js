// A fan-out of 100,000 async tasks gathered by Promise.all: every task is in flight at once.
async function task(i) {
  await null;
  return i % 7;
}
async function main() {
  const tasks = [];
  for (let i = 0; i < 100000; i++) tasks.push(task(i));
  const results = await Promise.all(tasks);
  console.log("tasks", results.length, "total", results.reduce((a, b) => a + b, 0));
}
main();
