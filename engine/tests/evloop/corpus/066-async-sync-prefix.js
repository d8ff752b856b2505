// An async function runs synchronously until its first await; the caller continues meanwhile.
async function work(name) {
  console.log(name, 'start (sync)');
  await null;
  console.log(name, 'after first await');
  await null;
  console.log(name, 'after second await');
  return name + ' done';
}
console.log('before calls');
const a = work('A');
const b = work('B');
console.log('after calls');
a.then((v) => console.log(v));
b.then((v) => console.log(v));
