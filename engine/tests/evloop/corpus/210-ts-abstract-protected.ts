// oracle: virtual
// An abstract class with a constructor, protected state and an abstract hook; subclasses
// reach protected members through this and super.
abstract class Repository<T extends { id: number }> {
  protected items = new Map<number, T>();
  protected constructor(protected readonly name: string) {}
  protected abstract validate(item: T): boolean;
  save(item: T): boolean {
    if (!this.validate(item)) {
      console.log(`${this.name}: rejected`, item);
      return false;
    }
    this.items.set(item.id, item);
    return true;
  }
  get count(): number {
    return this.items.size;
  }
}
type User = { id: number; email: string };
class UserRepository extends Repository<User> {
  constructor() { super('users'); }
  protected validate(user: User): boolean { return user.email.includes('@'); }
  override save(user: User): boolean {
    return super.save({ ...user, email: user.email.toLowerCase() });
  }
}
const repo = new UserRepository();
console.log(repo.save({ id: 1, email: 'ADA@x.io' }), repo.save({ id: 2, email: 'nope' }), repo.count, repo);
