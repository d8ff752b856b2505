// Callbacks scheduled deep inside synchronous calls still wait for the whole script.
function leaf(name) {
  console.log('enter', name);
  Promise.resolve(name).then((v) => console.log('then', v));
  setImmediate(() => console.log('immediate', name));
  console.log('leave', name);
}
function middle(name) {
  leaf(name + '.a');
  leaf(name + '.b');
  return name.length;
}
const n = middle('root');
console.log('middle returned', n);
let i = 0;
while (i < 3) {
  console.log('loop', i);
  i++;
}
console.log('done');
