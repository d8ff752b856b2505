// oracle: virtual
// Overload signatures, type predicates (x is T) and assertion functions are types only; the
// single implementation runs.
function format(value: number): string;
function format(value: Date): string;
function format(value: string[]): string;
function format(value: number | Date | string[]): string {
  if (typeof value === 'number') return value.toFixed(1);
  if (Array.isArray(value)) return value.join('/');
  return 'a date';
}
type Cat = { kind: 'cat'; meows: number };
type Dog = { kind: 'dog'; barks: number };
function isCat(pet: Cat | Dog): pet is Cat {
  return pet.kind === 'cat';
}
function assertPositive(n: number): asserts n {
  if (n <= 0) throw new RangeError(`expected a positive number, got ${n}`);
}
console.log(format(3.14159), format(['a', 'b']), format.length);
const pets: Array<Cat | Dog> = [{ kind: 'cat', meows: 3 }, { kind: 'dog', barks: 5 }];
for (const pet of pets) console.log(isCat(pet) ? `cat meows ${pet.meows}` : `dog barks ${pet.barks}`);
for (const n of [5, -1]) {
  try {
    assertPositive(n);
    console.log(n, 'is positive');
  } catch (e) {
    console.log((e as RangeError).message);
  }
}
