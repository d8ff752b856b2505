// A class-heavy simulation: 10,000 objects with fields, a getter and methods, stepped 20 times.
class Body {
  #id;
  constructor(id, x, v) {
    this.#id = id;
    this.x = x;
    this.v = v;
  }
  get id() {
    return this.#id;
  }
  step(dt) {
    this.x += this.v * dt;
    if (this.x < 0 || this.x > 1000) this.v = -this.v;
  }
}
class World {
  bodies = [];
  constructor(n) {
    for (let i = 0; i < n; i++) this.bodies.push(new Body(i, (i * 37) % 1000, (i % 13) - 6));
  }
  tick() {
    for (const b of this.bodies) b.step(1);
  }
  checksum() {
    return this.bodies.reduce((sum, b) => (sum + Math.floor(b.x) * (b.id % 10)) % 1000000007, 0);
  }
}
const world = new World(10000);
for (let t = 0; t < 20; t++) world.tick();
console.log("bodies", world.bodies.length, "checksum", world.checksum());
