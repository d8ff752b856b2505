// var is function-scoped and hoisted (undefined before its line); let is block-scoped.
console.log(typeof hoisted, hoisted);
var hoisted = 'now set';
function scopes() {
  if (true) {
    var inner = 'visible in the whole function';
    let blockOnly = 'only here';
    console.log(blockOnly);
  }
  for (var i = 0; i < 3; i++) {}
  return `${inner} / i is ${i}`;
}
console.log(scopes(), hoisted);
var hoisted;
console.log(hoisted);
