// A thenable may resolve later from a timer; awaiting it waits for that call.
function makeLazy(ms, value) {
  return {
    then(resolve) {
      console.log('then called for', value);
      setTimeout(() => {
        console.log('resolving', value);
        resolve(value);
      }, ms);
    }
  };
}
async function run() {
  const a = await makeLazy(20, 'slow');
  console.log('got', a);
  const b = await makeLazy(1, 'quick');
  console.log('got', b);
}
run();
Promise.all([makeLazy(5, 'in all')]).then((v) => console.log('all', v));
