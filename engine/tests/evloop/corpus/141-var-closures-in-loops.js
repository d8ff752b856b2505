// oracle: node
// The classic: callbacks made in a `var` loop share one variable; `let` gives each turn its own.
const fromVar = [];
for (var i = 0; i < 3; i++) {
  fromVar.push(() => i);
}
const fromLet = [];
for (let j = 0; j < 3; j++) {
  fromLet.push(() => j);
}
console.log(fromVar.map((f) => f()), fromLet.map((f) => f()));
for (var k = 0; k < 3; k++) {
  setTimeout(() => console.log('var timer', k), 10);
}
for (let k2 = 0; k2 < 3; k2++) {
  setTimeout(() => console.log('let timer', k2), 20);
}
let captured = 'before';
const read = () => captured;
captured = 'after';
console.log(read());
