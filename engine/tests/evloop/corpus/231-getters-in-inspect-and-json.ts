// oracle: virtual
// Own accessors print as [Getter]/[Setter] but JSON calls them; class accessors live on the
// prototype, so neither console.log nor JSON sees them, unless toJSON exposes them.
class Rect {
  constructor(public w: number, public h: number) {}
  get area(): number {
    return this.w * this.h;
  }
  toJSON(): object {
    return { w: this.w, h: this.h, area: this.area };
  }
}
const r = new Rect(2, 3);
console.log(r, JSON.stringify(r), Object.keys(r), r.area);
const literal = {
  w: 2,
  get area(): number {
    return this.w * 10;
  },
  set area(v: number) {
    this.w = v / 10;
  },
};
console.log(literal, JSON.stringify(literal));
literal.area = 70;
console.log(literal.w, { ...literal }, Object.assign({}, literal));
