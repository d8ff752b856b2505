// Template literals convert values to strings before printing.
const n = 3;
const s = 'abc';
console.log(`n=${n} s=${s}`);
console.log(`${null} ${undefined} ${true} ${NaN}`);
console.log(`${0.5} ${-2} ${1 / 3}`);
console.log(`${0 * -1}`);
console.log(`len=${s.length} arr=${[1, 2, 3].length}`);
console.log(`${n > 2 ? 'big' : 'small'} ${n === 3 && s !== 'x'}`);
console.log(`nested ${`inner ${n + 1}`}`);
console.log(`${''}|${' '}|`);
