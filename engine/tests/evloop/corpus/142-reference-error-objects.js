// oracle: node
// ReferenceError for undeclared names and the temporal dead zone; typeof is the safe probe.
try {
  console.log(notDeclaredAnywhere);
} catch (e) {
  console.log(e.name, '|', e.message, '|', e instanceof ReferenceError, e instanceof Error, String(e));
}
try {
  console.log(tooEarly);
  let tooEarly = 1;
} catch (e) {
  console.log(e.name, '|', e.message);
}
console.log(typeof notDeclaredAnywhere);
const fixed = 1;
try {
  fixed = 2;
} catch (e) {
  console.log(e.name, '|', e.message);
}
const useBeforeDeclare = () => value * 2;
try {
  useBeforeDeclare();
} catch (e) {
  console.log(e.message);
}
const value = 21;
console.log(useBeforeDeclare());
