// Async arrow functions and async function expressions behave like async declarations.
const double = async (x) => x * 2;
const addLater = async (a, b) => {
  await null;
  return a + b;
};
const named = async function (s) {
  const d = await double(s.length);
  return `${s}:${d}`;
};
double(21).then((v) => console.log('double', v));
addLater(2, 3).then((v) => console.log('addLater', v));
named('abc').then((v) => console.log('named', v));
console.log('sync');
