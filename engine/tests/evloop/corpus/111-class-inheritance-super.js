// `extends` chains prototypes and constructors; `super(...)` runs the parent's constructor and
// `super.method()` the parent's method with the same `this`.
class Shape {
  constructor(name) {
    this.name = name;
  }
  area() {
    return 0;
  }
  describe() {
    return `${this.name} with area ${this.area()}`;
  }
  static origin() {
    return 'shapes';
  }
}
class Rect extends Shape {
  constructor(w, h) {
    super('rect');
    this.w = w;
    this.h = h;
  }
  area() {
    return this.w * this.h;
  }
}
class Square extends Rect {
  constructor(side) {
    super(side, side);
    this.name = 'square';
  }
  describe() {
    return `[${super.describe()}]`;
  }
}
const shapes = [new Shape('blob'), new Rect(2, 3), new Square(4)];
for (let i = 0; i < shapes.length; i++) {
  console.log(shapes[i].describe(), shapes[i] instanceof Rect, shapes[i]);
}
console.log(Square.origin(), Square);
