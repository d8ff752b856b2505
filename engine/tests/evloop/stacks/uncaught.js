// exit: 1
function fail() { throw new RangeError("out of range"); }
console.log("before");
fail();
