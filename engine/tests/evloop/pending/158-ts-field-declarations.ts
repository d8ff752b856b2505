// oracle: virtual
// A field declared without an initialiser (`x: T;` or `x!: T;`) is still a real field, set to
// undefined after super(): it wipes out a value the parent constructor assigned. `declare x: T`
// emits nothing.
class Base {
  constructor() {
    this.init();
  }
  init(): void {}
}
class Plain extends Base {
  value: number;
  init(): void {
    this.value = 42;
  }
}
class Declared extends Base {
  declare value: number;
  init(): void {
    this.value = 42;
  }
}
class Definite {
  name!: string;
  count?: number;
  declare hidden: boolean;
}
console.log(new Plain().value, new Declared().value);
console.log(new Plain(), new Declared(), new Definite());
console.log('name' in new Definite(), 'hidden' in new Definite(), Object.keys(new Definite()));
