// Nested async calls: each level resumes only after the level it awaits has finished.
async function level3() {
  console.log('level3 start');
  await null;
  console.log('level3 end');
  return 3;
}
async function level2() {
  console.log('level2 start');
  const v = await level3();
  console.log('level2 end', v);
  return v + 20;
}
async function level1() {
  console.log('level1 start');
  const v = await level2();
  console.log('level1 end', v);
  return v + 100;
}
level1().then((v) => console.log('result', v));
Promise.resolve().then(() => console.log('bystander 1')).then(() => console.log('bystander 2'));
console.log('sync end');
