// oracle: node
// Getters and setters on a class are not own properties; on an object literal they are, and
// console.log shows them as [Getter], [Setter] or [Getter/Setter].
class Temperature {
  #celsius = 0;
  get fahrenheit() { return (this.#celsius * 9) / 5 + 32; }
  set fahrenheit(f) { this.#celsius = ((f - 32) * 5) / 9; }
  get celsius() { return this.#celsius; }
}
const t = new Temperature();
t.fahrenheit = 212;
console.log(t.celsius, t.fahrenheit);
t.celsius = 5; // no setter: ignored without an error, since this line is sloppy code
console.log(t.celsius, t);
let writes = 0;
const plain = {
  get total() { return 3; },
  set total(v) { writes += v; },
  get only() { return 1; },
  set write(v) { writes += 100; },
  value: 7,
};
console.log(plain);
plain.total = 4;
plain.write = 0;
console.log(plain.total, plain.write, writes, Object.keys(plain));
