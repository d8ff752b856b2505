// oracle: node
// toFixed rounds the binary value, not the decimal you typed: 1.005 becomes "1.00".
console.log((1.005).toFixed(2), (1.255).toFixed(2), (2.5).toFixed(0), (3.5).toFixed(0), (-2.5).toFixed(0));
console.log((0.1 + 0.2).toFixed(2), (10).toFixed(2), (0).toFixed(1), (-0).toFixed(2), (-1.5e-7).toFixed(3));
console.log((123.456).toFixed(), (123.456).toFixed(1), (0.000001).toFixed(7), (1e21).toFixed(2), (1.45).toFixed(1));
console.log((NaN).toFixed(2), (Infinity).toFixed(1), (255).toFixed(20));
const money = (cents) => `$${(cents / 100).toFixed(2)}`;
console.log([1999, 5, 100000, -250].map(money));
const percent = (part, whole) => `${((part / whole) * 100).toFixed(1)}%`;
console.log(percent(1, 3), percent(2, 3), percent(0, 5), percent(5, 0));
try {
  (1).toFixed(101);
} catch (e) {
  console.log(e.name, e.message);
}
console.log(typeof (1).toFixed(1), Number((2.345).toFixed(2)), +(0.1 * 3).toFixed(10));
