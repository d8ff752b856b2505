// oracle: node
// In strict code (every ES module) writing to a frozen object throws a TypeError.
const point = Object.freeze({ x: 1, y: 2 });
const attempts = [
  ['assign', () => { point.x = 10; }],
  ['add', () => { point.z = 3; }],
  ['delete', () => { delete point.y; }],
];
for (const [label, attempt] of attempts) {
  try {
    attempt();
    console.log(label, 'succeeded');
  } catch (e) {
    console.log(label, e.name, '|', e.message);
  }
}
console.log(point);
class Frozen {
  constructor() {
    this.value = 1;
    Object.freeze(this);
  }
}
try {
  new Frozen().value = 2;
} catch (e) {
  console.log(e.message);
}
