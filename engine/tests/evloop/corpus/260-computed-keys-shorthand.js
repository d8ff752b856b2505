// oracle: node
// Computed keys, shorthand properties and methods, in object literals and classes.
const field = 'status';
const version = 2;
const name = 'api';
const port = 8080;
const service = {
  name,
  port,
  [field]: 'up',
  [`v${version}`]: true,
  [1 + 1]: 'two',
  start() { return `${this.name} listening on ${this.port}`; },
  async stop() { return 'stopped'; },
  ['handle' + 'Request'](req) { return `handled ${req}`; },
};
console.log(service);
console.log(service.start(), service.handleRequest('GET /'), Object.keys(service).join());
service.stop().then((v) => console.log(v));
const prefix = 'get';
class Store {
  #data = { user: 'ada', role: 'admin' };
  [`${prefix}User`]() { return this.#data.user; }
  static ['create' + 'Default']() { return new Store(); }
  get [`${prefix}Role`]() { return this.#data.role; }
}
const s = Store.createDefault();
console.log(s.getUser(), s.getRole, typeof Store.prototype.getUser);
const key = 'dynamic';
console.log({ [key]: { [key + 1]: 1 }, key });
