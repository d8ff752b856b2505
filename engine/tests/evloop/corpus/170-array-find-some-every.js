// oracle: node
// find/findIndex stop at the first match; some/every short-circuit; on an empty array some
// is false and every is true.
const users = [
  { id: 1, name: 'ada', admin: true, age: 36 },
  { id: 2, name: 'bob', admin: false, age: 17 },
  { id: 3, name: 'cy', admin: false, age: 52 },
];
console.log(users.find((u) => u.age > 40), users.find((u) => u.age > 100));
console.log(users.findIndex((u) => !u.admin), users.findIndex((u) => u.name === 'zed'));
console.log(users.some((u) => u.admin), users.every((u) => u.age >= 18), users.every((u) => u.id > 0));
console.log([].some(() => true), [].every(() => false));
let checks = 0;
[1, 2, 3, 4, 5].some((x) => {
  checks++;
  return x === 2;
});
console.log('some checked', checks);
checks = 0;
[1, 2, 3].every((x) => {
  checks++;
  return x < 2;
});
console.log('every checked', checks);
const { name } = users.find(({ id }) => id === 2) ?? {};
console.log(name, [undefined, 0].find((x) => x === undefined), [NaN].findIndex(Number.isNaN));
