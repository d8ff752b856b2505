// oracle: node
// In a derived constructor, `this` does not exist until super() returns; a subclass without a
// constructor passes all its arguments on; fields of the subclass are set after super().
class Base {
  constructor(...args) {
    this.args = args;
    this.kind = this.describe();
  }
  describe() { return 'base'; }
}
class Early extends Base {
  constructor() {
    try { this.flag = true; } catch (e) { console.log(e.name + ': ' + e.message); }
    super('early');
  }
}
class Implicit extends Base {
  tag = 'set after super';
  describe() { return `implicit (tag: ${this.tag})`; }
}
console.log(new Early());
console.log(new Implicit(1, 2, 3));
class NoSuper extends Base {
  constructor() {}
}
try { new NoSuper(); } catch (e) { console.log(e.name + ': ' + e.message); }
