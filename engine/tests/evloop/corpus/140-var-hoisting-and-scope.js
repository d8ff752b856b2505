// oracle: node
// `var` is hoisted to the top of the function (as undefined) and ignores blocks; function
// declarations are hoisted whole.
console.log(typeof hoisted, hoisted);
var hoisted = 'now set';
console.log(hoisted);
console.log(early());
function early() {
  return 'function declarations are hoisted';
}
function scope() {
  if (true) {
    var inside = 'visible in the whole function';
    let blockOnly = 'only in the block';
  }
  console.log(inside, typeof blockOnly);
  for (var i = 0; i < 3; i++) {}
  console.log('i after loop', i);
}
scope();
var count = 1;
var count = 2;
console.log(count);
var fn = 'value';
function fn() {}
console.log(typeof fn);
