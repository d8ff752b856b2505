// oracle: node
// parseInt and parseFloat read a prefix and stop; Number() needs the whole string.
const inputs = ['42', '42px', '  7  ', '3.14abc', '0x1A', '1e3', '', 'abc', '-0', '.5', '08', '12,000'];
for (const s of inputs) {
  console.log(JSON.stringify(s).padEnd(10), parseInt(s), parseFloat(s), Number(s));
}
console.log(parseInt('101', 2), parseInt('ff', 16), parseInt('z', 36), parseInt('10', 1), parseInt('9', 8));
console.log(parseInt(0.0000005), parseInt('123', 0), parseFloat('-.5e2'), parseFloat('Infinityx'));
console.log(Number(null), Number(undefined), Number(true), Number([]), Number([5]), Number([1, 2]), Number({}));
console.log(Number('0b101'), Number('0o17'), Number('  \n42\t'), Number('1_000'), Number('-Infinity'));
console.log(Number.parseInt === parseInt, Number.parseFloat === parseFloat);
const port = (value) => {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 && n < 65536 ? n : 'invalid';
};
console.log(['8080', '80.5', '', 'http', '70000', ' 443 '].map(port));
