// oracle: node
// ** is right-associative, works with negatives in parentheses, and has an assignment form.
console.log(2 ** 10, 2 ** -1, 2 ** 0.5, (-2) ** 3, (-8) ** (1 / 3));
console.log(2 ** 3 ** 2, (2 ** 3) ** 2);
console.log(10 ** 21, 10 ** -7, 2 ** 53, 2 ** 53 + 1, 2 ** 1024);
let n = 3;
n **= 4;
console.log(n, 0 ** 0, NaN ** 0, 1 ** Infinity, Infinity ** 0);
const compound = (principal, rate, years) => principal * (1 + rate) ** years;
console.log(compound(1000, 0.05, 10).toFixed(2));
console.log([1, 2, 3, 4].map((x) => x ** 2), Math.pow(2, 10) === 2 ** 10);
console.log(-(2 ** 2), (-2) ** 2);
