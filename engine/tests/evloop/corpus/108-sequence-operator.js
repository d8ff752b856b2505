// The comma operator evaluates each operand and gives the last.
let a = 0;
let b = 0;
const result = (a++, b += 10, a + b);
console.log(result, a, b);
for (let i = 0, j = 10; i < j; i += 3, j -= 3) {
  console.log(i, j);
}
