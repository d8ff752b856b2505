// Loose equality converts: null and undefined only equal each other, numbers and strings compare
// as numbers, booleans as numbers.
console.log(null == undefined, null == 0, undefined == false, '' == 0, '1' == 1, true == 1);
console.log('2' != 2, 'a' != 'b', 0 == false, NaN == NaN, [] == '', [1, 2] == '1,2');
const box = {};
console.log(box == box, box == {}, 'x' == 'x');
