// oracle: virtual
// Type aliases and interfaces (with extends, index signatures, method signatures) exist only
// for the checker: none of them produce code.
type Status = 'active' | 'suspended' | 'deleted';
type Id = string;
type Handler<T> = (event: T) => void;
interface Entity { id: Id; createdAt: number }
interface User extends Entity {
  name: string;
  status: Status;
  tags: string[];
  greet(other: User): string;
}
interface Dictionary { [key: string]: number }
type Point = { x: number; y: number };
type Point3 = Point & { z: number };
const ada: User = {
  id: 'u1',
  createdAt: 0,
  name: 'Ada',
  status: 'active',
  tags: ['admin'],
  greet(other) { return `${this.name} greets ${other.name}`; },
};
const counts: Dictionary = { a: 1, b: 2 };
const p: Point3 = { x: 1, y: 2, z: 3 };
const onUser: Handler<User> = (u) => console.log('handled', u.name, u.status);
onUser(ada);
console.log(ada.greet({ ...ada, name: 'Grace' }), counts, p, typeof ada);
