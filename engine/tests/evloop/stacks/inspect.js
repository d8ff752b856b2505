// console.log of errors: the stack, own properties, [cause], [errors], nesting.
const e = new TypeError("bad", { cause: new Error("root") });
console.log(e);
const coded = new Error("coded");
coded.code = "E1";
coded.status = 404;
console.log(coded);
console.log([new Error("in array")]);
console.log({ e: new Error("in object"), n: 1 });
console.log(new AggregateError([new Error("one"), new RangeError("two")], "agg"));
const renamed = new Error("renamed");
renamed.name = "Custom";
console.log(renamed.stack);
const empty = new Error();
console.log(empty.stack);
console.log(String(new Error("string")));
