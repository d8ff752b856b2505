// Values flow through chains of async functions and then handlers.
async function fetchNumber() {
  await null;
  return 10;
}
async function addOne(p) {
  const n = await p;
  return n + 1;
}
async function describe() {
  const n = await addOne(fetchNumber());
  return { n, even: n % 2 === 0 };
}
describe()
  .then((obj) => {
    console.log('described', obj);
    return [obj.n, obj.even];
  })
  .then((arr) => console.log('as array', arr));
