// oracle: node
// Setters that validate and throw TypeError or RangeError; a static factory parses input.
class Temperature {
  #kelvin = 0;
  static fromString(text) {
    const unit = text.at(-1).toUpperCase();
    const value = Number.parseFloat(text);
    const t = new Temperature();
    if (unit === 'C') t.celsius = value; else if (unit === 'K') t.kelvin = value;
    else throw new TypeError(`unknown unit "${unit}" in "${text}"`);
    return t;
  }
  set kelvin(v) {
    if (typeof v !== 'number' || Number.isNaN(v)) throw new TypeError(`not a number: ${v}`);
    if (v < 0) throw new RangeError(`below absolute zero: ${v} K`);
    this.#kelvin = v;
  }
  get kelvin() { return this.#kelvin; }
  set celsius(c) { this.kelvin = c + 273.15; }
  get celsius() { return +(this.#kelvin - 273.15).toFixed(2); }
  toString() { return `${this.celsius}°C`; }
}
for (const input of ['21.5C', '300K', '-300C', 'abcC', '10F']) {
  try {
    const t = Temperature.fromString(input);
    console.log(input.padEnd(6), '->', `${t}`, t.kelvin);
  } catch (e) {
    console.log(input.padEnd(6), '->', e.name, e.message);
  }
}
