// oracle: node
// Object.is is SameValue (NaN is itself, -0 is not 0); booleans have valueOf and toString.
console.log(true.valueOf(), false.toString(), typeof true.valueOf(), Boolean.prototype.toString.call(true));
console.log(Object.is(-0, 0), Object.is(NaN, NaN), Object.is(0, 0), Object.is('a', 'a'), Object.is({}, {}), Object.is(), Object.is(-0, -0));
try { Boolean.prototype.valueOf.call(1) } catch (e) { console.log(e.name, e.message) }
