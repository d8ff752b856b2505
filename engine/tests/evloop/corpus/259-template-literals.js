// oracle: node
// Template literals: embedded expressions, nesting, line breaks, escapes, and how values
// become strings inside them.
const user = { name: 'Ada', items: 3 };
console.log(`Hello, ${user.name}! You have ${user.items} item${user.items === 1 ? '' : 's'}.`);
const rows = [['id', 'name'], [1, 'pen'], [22, 'notebook']];
console.log(`${rows.map(([a, b]) => `| ${String(a).padEnd(3)}| ${b.padEnd(9)}|`).join('\n')}`);
const multi = `line one
  line two (indented)
line three`;
console.log(multi, multi.split('\n').length);
console.log(`${[1, 2, 3]} ${{}} ${null} ${undefined} ${true} ${-0} ${NaN} ${1e21}`);
console.log(`backtick \` dollar \${not} ${'$'}{also not} tab:\tend \\n`);
console.log(`${`${`deep`}er`}est`, `${1 + 1}${'1' + 1}`);
const fn = () => 'called';
console.log(`${fn()} ${typeof fn} ${[fn].length}`);
console.log(`a
b`.length, `\u00e9\u{1F600}`, `${'\u00e9'.length}`);
class Money {
  constructor(cents) {
    this.cents = cents;
  }
  toString() {
    return `$${(this.cents / 100).toFixed(2)}`;
  }
}
console.log(`total: ${new Money(1999)}`, String(new Money(5)), [new Money(100)].join());
