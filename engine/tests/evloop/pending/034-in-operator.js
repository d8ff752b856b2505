// oracle: node
// `in` checks for a property anywhere on the prototype chain; arrays are keyed by index.
const user = { name: 'ada', age: undefined };
console.log('name' in user, 'age' in user, 'email' in user, 'toString' in user);
console.log(user.age === undefined, user.email === undefined);
const list = ['a', 'b'];
console.log(0 in list, '1' in list, 2 in list, 'length' in list, 'push' in list);
const sparse = [1, , 3];
console.log(1 in sparse, sparse[1], sparse.length);
class Point {
  x = 0;
  norm() {
    return 0;
  }
}
const p = new Point();
console.log('x' in p, 'norm' in p, 'y' in p, Object.keys(p));
const m = new Map([['k', 1]]);
console.log('k' in m, m.has('k'), 'size' in m);
delete user.name;
console.log('name' in user, user);
try {
  console.log('a' in 'abc');
} catch (e) {
  console.log(e.name, e.message);
}
