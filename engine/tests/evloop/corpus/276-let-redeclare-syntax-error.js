// oracle: node
// exit: 1
// Declaring the same `let` twice is an early SyntaxError: nothing runs, not even the first line.
console.log('this line never prints');
let attempts = 1;
if (attempts > 0) {
  let attempts = 2; // a new binding in the block: fine
  console.log(attempts);
}
let attempts = 3;
