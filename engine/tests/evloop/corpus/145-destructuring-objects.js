// oracle: node
// Object patterns: renaming, nesting, defaults, rest, computed keys and patterns in assignments.
const response = {
  status: 200,
  headers: { 'content-type': 'application/json', etag: 'abc' },
  body: { user: { id: 7, name: 'Ada', roles: ['admin', 'dev'] } },
};
const { status, headers: { etag, 'content-type': type }, body: { user: { name, roles: [firstRole] } } } = response;
console.log(status, etag, type, name, firstRole);
const { retries = 3, timeout: ms = 1000, status: code = 0 } = response;
console.log(retries, ms, code);
const { id, ...rest } = response.body.user;
console.log(id, rest);
const key = 'status';
const { [key]: dynamic } = response;
console.log(dynamic);
let x, y;
({ x, y = 'default y' } = { x: 'assigned x' });
console.log(x, y);
const { length } = 'hello';
const { 0: first, length: n } = ['a', 'b', 'c'];
console.log(length, first, n);
