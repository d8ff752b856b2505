// oracle: node
// A subclass calls super() before touching `this`; super.method() reaches the parent's version.
class Shape {
  constructor(name) { this.name = name; }
  area() { return 0; }
  describe() { return `${this.name} with area ${this.area().toFixed(2)}`; }
}
class Circle extends Shape {
  constructor(r) {
    super('circle');
    this.r = r;
  }
  area() { return Math.PI * this.r ** 2; }
}
class Square extends Shape {
  constructor(side) {
    super('square');
    this.side = side;
  }
  area() { return this.side * this.side; }
  describe() { return super.describe() + ' (also a rectangle)'; }
}
for (const s of [new Circle(1), new Square(3), new Shape('point')]) console.log(s.describe());
console.log(new Square(2), [new Circle(0.5)]);
console.log(new Circle(2) instanceof Shape, new Circle(2) instanceof Square, new Shape('x') instanceof Circle);
