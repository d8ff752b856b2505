// oracle: virtual
// Constructor parameter properties (public/private/protected/readonly) become assignments at
// the start of the constructor, after super() in a subclass.
class Point {
  constructor(public x: number, public y: number) {}
}
class Circle extends Point {
  area: number;
  constructor(x: number, y: number, private readonly r: number, protected label = 'circle') {
    super(x, y);
    this.area = Math.round(Math.PI * r * r);
  }
  describe(): string {
    return `${this.label} at (${this.x}, ${this.y}) r=${this.r}`;
  }
}
const c = new Circle(1, 2, 3);
console.log(new Point(0, 0), c, Object.keys(c));
console.log(c.describe());
class Service {
  started = false;
  constructor(readonly name: string, private deps: string[] = []) {
    console.log('in constructor body:', this.name, this.deps.length, this.started);
  }
}
console.log(new Service('api', ['db']));
