// oracle: node
// A named class expression binds its name inside the class body only: its methods and
// static initialisers can use it, the code around it cannot.
const Shape = class Polygon {
  static sides = 3;
  static label = Polygon.name;
  describe() {
    return `${Polygon.name} with ${Polygon.sides} sides`;
  }
};
console.log(new Shape().describe(), Shape.label, typeof Polygon);
