// A thenable whose then throws rejects the adopting promise, unless it already resolved.
const throwsFirst = {
  then() {
    throw 'thrown in then';
  }
};
const resolvesThenThrows = {
  then(resolve) {
    resolve('resolved before throw');
    throw 'ignored throw';
  }
};
Promise.resolve(throwsFirst).then(
  (v) => console.log('unexpected', v),
  (e) => console.log('rejected:', e)
);
Promise.resolve(resolvesThenThrows).then((v) => console.log('fulfilled:', v));
async function run() {
  try {
    await throwsFirst;
  } catch (e) {
    console.log('await caught:', e);
  }
}
run();
