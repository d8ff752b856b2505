// oracle: node
// console.log lays out long arrays in aligned columns and cuts off after 100 items.
console.log(Array.from({ length: 7 }, (_, i) => i));
console.log(Array.from({ length: 30 }, (_, i) => i * 3));
console.log(Array.from({ length: 26 }, (_, i) => 'abcdefghijklmnopqrstuvwxyz'[i].repeat((i % 4) + 1)));
console.log(Array.from({ length: 120 }, (_, i) => i));
console.log(Array.from({ length: 8 }, (_, i) => ({ id: i })));
console.log([1.5, -2, 300, 4e21, NaN, -0, 7, 8]);
console.log([['nested', 'short'], ['arrays', 'stay'], ['on', 'one line']]);
console.log(Array.from({ length: 10 }, (_, i) => 'item number ' + i));
