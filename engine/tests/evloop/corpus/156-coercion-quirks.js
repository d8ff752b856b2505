// oracle: node
// + concatenates when either side is a string (after converting objects); other operators
// convert to numbers.
console.log([] + {}, [] + [], ({}) + [], [1, 2] + [3]);
console.log('5' * '2', '5' + 2, 5 + '2', '5' - 2, '10' / '4', 'b' + 'a' + +'a' + 'a');
console.log(true + 1, null + 1, undefined + 1, true + '1', null + 'x');
console.log(+'', +' 42 ', +'0x1f', +'1e3', +'12px', +[], +[7], +[1, 2], +{}, +null, +true);
console.log(String([1, [2, 3]]), String({}), String(null), String([null]), String([undefined, 1]));
console.log(`${[1, 2]}`, `${{}}`, `${null} ${undefined}`);
console.log(1 < 2 < 3, 3 > 2 > 1, '10' < '9', 10 < 9, '10' < 9);
console.log(!!'', !!'0', !![], !!{}, !!0, !!NaN, !!-1);
const total = ['3', '4'].reduce((a, b) => a + b, 0);
const sum = ['3', '4'].reduce((a, b) => a + Number(b), 0);
console.log(total, sum);
