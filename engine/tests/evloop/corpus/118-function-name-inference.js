// Anonymous functions and classes take the name of what they are assigned to.
const arrow = () => 1;
const expression = function () {};
const named = function inner() {};
const Klass = class {};
let later;
later = async () => {};
const holder = { method() {}, field: () => 2, klass: class {} };
console.log(arrow, expression, named, Klass, later);
console.log(holder, holder.field.name === undefined);
console.log([() => 3][0], (() => 4));
