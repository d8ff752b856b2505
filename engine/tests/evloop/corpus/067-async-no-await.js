// An async function with no await still delivers its result asynchronously.
async function quick() {
  console.log('quick body');
  return 'quick result';
}
const p = quick();
p.then((v) => console.log('then got', v));
console.log('after quick()');
process.nextTick(() => console.log('tick'));
