// oracle: node
// #private fields and methods are invisible outside the class, even to console.log, JSON and
// Object.keys; `#field in obj` checks whether an object has them.
class BankAccount {
  #balance = 0;
  #history = [];
  owner;
  constructor(owner) { this.owner = owner; }
  deposit(amount) { this.#record('deposit', amount); this.#balance += amount; return this; }
  withdraw(amount) {
    if (amount > this.#balance) throw new RangeError(`insufficient funds: ${this.#balance} < ${amount}`);
    this.#record('withdraw', amount);
    this.#balance -= amount;
    return this;
  }
  #record(kind, amount) { this.#history.push(`${kind}:${amount}`); }
  get balance() { return this.#balance; }
  get history() { return this.#history.join(', '); }
  static isAccount(x) { return #balance in x; }
}
const acct = new BankAccount('ada').deposit(100).withdraw(30);
try {
  acct.withdraw(500);
} catch (e) {
  console.log(e instanceof RangeError, e.message);
}
console.log(acct.balance, acct.history);
console.log(acct, Object.keys(acct), JSON.stringify(acct));
console.log(BankAccount.isAccount(acct), BankAccount.isAccount({ owner: 'eve' }));
console.log(acct['#balance'], '#balance' in acct);
