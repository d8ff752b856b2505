// oracle: node
// Inside a class body the class's own name is bound before its static fields and static
// blocks run: they can read the class by name (as well as through `this`).
class Account {
  static rate = 2;
  static doubled = Account.rate * 2;
  static {
    Account.ready = `${Account.name} ${this.doubled}`;
  }
}
console.log(Account.doubled, Account.ready);
