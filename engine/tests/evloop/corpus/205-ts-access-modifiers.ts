// oracle: virtual
// public, private, protected and readonly are compile-time only: the fields are ordinary
// properties at run time, visible to console.log, Object.keys and (x as any).
class Account {
  public owner: string;
  private balance: number = 0;
  protected currency: string = 'EUR';
  readonly id: number;
  static readonly bank: string = 'Inflight Bank';
  #reallyPrivate = 'hidden';
  constructor(owner: string, id: number) {
    this.owner = owner;
    this.id = id;
  }
  public deposit(amount: number): void {
    this.balance += amount;
  }
  protected format(): string {
    return `${this.balance} ${this.currency}`;
  }
  private secret(): string {
    return this.#reallyPrivate;
  }
}
const acct = new Account('ada', 7);
acct.deposit(50);
console.log(acct, Object.keys(acct), Account.bank);
console.log((acct as any).balance, (acct as any).format(), (acct as any).secret());
(acct as any).id = 8;
console.log(acct.id);
