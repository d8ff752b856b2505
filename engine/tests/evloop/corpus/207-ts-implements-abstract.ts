// oracle: virtual
// `implements` and abstract classes: abstract members vanish, concrete ones stay, and the
// template method calls the subclass's implementation.
interface Shape {
  area(): number;
  readonly name: string;
}
interface Printable {
  print(): string;
}
abstract class Base implements Shape, Printable {
  abstract readonly name: string;
  abstract area(): number;
  print(): string {
    return `${this.name}: ${this.area().toFixed(2)}`;
  }
}
class Rect extends Base {
  readonly name = 'rect';
  constructor(private w: number, private h: number) { super(); }
  area(): number { return this.w * this.h; }
}
class Circle extends Base implements Shape {
  name = 'circle';
  constructor(private r: number) { super(); }
  area() { return Math.PI * this.r ** 2; }
}
const shapes: Shape[] = [new Rect(2, 3), new Circle(1)];
for (const s of shapes) console.log((s as Base).print(), s instanceof Base);
console.log(shapes, Object.keys(new Rect(1, 1)));
