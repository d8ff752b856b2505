// oracle: node
// instanceof walks the prototype chain: deep hierarchies, built-ins, primitives and arrays.
class Animal {}
class Mammal extends Animal {}
class Dog extends Mammal {
  speak() {
    return 'woof';
  }
}
class Robot {}
const rex = new Dog();
console.log(rex instanceof Dog, rex instanceof Mammal, rex instanceof Animal, rex instanceof Object);
console.log(rex instanceof Robot, new Robot() instanceof Animal);
console.log([] instanceof Array, [] instanceof Object, {} instanceof Array);
console.log('text' instanceof String, 5 instanceof Number, null instanceof Object);
console.log(new Map() instanceof Map, new Set() instanceof Map, new Error('x') instanceof Error);
console.log(new TypeError('x') instanceof Error, new Error('x') instanceof TypeError);
console.log(Promise.resolve(1) instanceof Promise, (() => {}) instanceof Function);
const kinds = [rex, new Robot(), new Mammal(), [], new Map()];
for (const k of kinds) {
  const kind = k instanceof Dog ? 'dog' : k instanceof Animal ? 'animal' : k instanceof Array ? 'array' : 'other';
  console.log(kind);
}
try {
  console.log(rex instanceof rex);
} catch (e) {
  console.log(e.name, e.message);
}
