// #private fields and methods are invisible from outside: not printed, not reachable by key,
// checked with `#x in obj`.
class Account {
  #balance = 0;
  owner;
  constructor(owner) {
    this.owner = owner;
  }
  #check(amount) {
    if (amount > this.#balance) throw new RangeError(`insufficient funds for ${amount}`);
  }
  deposit(amount) {
    this.#balance += amount;
    return this.#balance;
  }
  withdraw(amount) {
    this.#check(amount);
    this.#balance -= amount;
    return this.#balance;
  }
  get balance() {
    return this.#balance;
  }
  static isAccount(x) {
    return #balance in x;
  }
}
const acct = new Account('ada');
console.log(acct.deposit(50), acct.withdraw(20), acct.balance, acct);
try {
  acct.withdraw(100);
} catch (e) {
  console.log(e.name, e.message, e instanceof RangeError, e instanceof Error);
}
console.log(Account.isAccount(acct), Account.isAccount({}), acct['#balance']);
