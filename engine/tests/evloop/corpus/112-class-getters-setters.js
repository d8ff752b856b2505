// Getters and setters in classes (on the prototype) and in object literals (own, shown as
// [Getter] / [Setter] / [Getter/Setter]).
class Temperature {
  #celsius = 0;
  get fahrenheit() {
    return this.#celsius * 9 / 5 + 32;
  }
  set fahrenheit(f) {
    this.#celsius = (f - 32) * 5 / 9;
  }
  get celsius() {
    return this.#celsius;
  }
}
const t = new Temperature();
t.fahrenheit = 212;
console.log(t.celsius, t.fahrenheit, t);
let hits = 0;
const stats = {
  get hits() {
    return hits;
  },
  set hits(v) {
    hits = v * 2;
  },
  get ratio() {
    return hits / 10;
  },
  set only(v) {
    hits = v;
  },
  label: 'cache',
};
stats.hits = 3;
console.log(stats.hits, stats.ratio, stats);
