// oracle: node
// Static methods are inherited; `new this()` in a static factory builds the subclass.
class Model {
  static table = 'models';
  static count = 0;
  static create(fields) {
    this.count += 1;
    const m = new this();
    Object.assign(m, fields);
    return m;
  }
  save() {
    return `INSERT INTO ${this.constructor.table} (${Object.keys(this).join(', ')})`;
  }
}
class User extends Model {
  static table = 'users';
}
class Post extends Model {}
const u = User.create({ name: 'ada', role: 'admin' });
const p = Post.create({ title: 'hello' });
console.log(u, p);
console.log(u.save());
console.log(p.save());
console.log(User.count, Post.count, Model.count);
console.log(u instanceof User, u instanceof Model, p.constructor.name, User.name);
