// Several arguments print separated by single spaces, each in its own format.
console.log('a', 1, true, null, undefined);
console.log('list:', [1, 'two'], 'obj:', { k: 'v' });
console.log(["it's"], ['']);
console.log({ s: "quote'd" });
console.log(1, -1, 0.5, NaN);
console.log([null], [undefined], [[]], {});
console.log('x' + 'y', 'z'.length);
console.log('end');
