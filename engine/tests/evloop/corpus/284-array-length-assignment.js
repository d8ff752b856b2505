// oracle: node
// Assigning length truncates or pads with holes; writing past the end also makes holes.
const arr = [1, 2, 3, 4, 5];
arr.length = 2;
console.log(arr, arr.length);
arr.length = 5;
console.log(arr, arr[3], 3 in arr);
arr[8] = 'late';
console.log(arr, arr.length);
const holes = [1, , , 4];
console.log(holes, holes.map((x) => x * 2), holes.filter(() => true));
const clear = [1, 2, 3];
const alias = clear;
clear.length = 0;
console.log(alias, alias === clear);
try {
  arr.length = -1;
} catch (e) {
  console.log(e.name, e.message);
}
const many = [];
many[2] = 'c';
many[0] = 'a';
console.log(many, Object.keys(many), many.length);
console.log([, 'only'], [, , ,], new Array(5).length, [undefined, undefined]);
