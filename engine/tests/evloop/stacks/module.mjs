// An ES module: its top level prints only the location, as a file:// URL.
function inner() { return new Error("in module"); }
console.log(inner().stack);
console.log(new Error("top level").stack);
const arrow = () => new Error("arrow");
console.log(arrow().stack);
console.log(new Error("inspected"));
await null;
console.log(new Error("after top-level await").stack);
