// console.log prints each primitive kind in Node's format.
console.log('plain string');
console.log(42);
console.log(-7);
console.log(0.5);
console.log(-2.25);
console.log(NaN);
console.log(Infinity);
console.log(-Infinity);
console.log(true);
console.log(false);
console.log(null);
console.log(undefined);
console.log('');
console.log();
console.log(1000000);
console.log(0.1 + 0.2);
