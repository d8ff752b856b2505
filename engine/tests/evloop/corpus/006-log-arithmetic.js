// Arithmetic results print with JavaScript number formatting.
console.log(7 / 2);
console.log(7 % 3);
console.log(-7 % 3);
console.log(1 / 3);
console.log(2 / 3);
console.log(1 / 0, -1 / 0, 0 / 0);
console.log(0 * -1);
console.log([0 * -1]);
console.log(10 - 12.5);
console.log(3 * 0.1);
console.log('1' + 2);
console.log(1 + 2 + '3');
console.log(true + 1, null + 1);
let x = 5;
x += 3;
x -= 1;
console.log(x, x++, ++x, x--, --x);
