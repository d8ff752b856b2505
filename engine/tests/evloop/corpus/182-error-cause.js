// oracle: node
// Errors can carry a cause; wrapping keeps the original reachable through .cause chains.
class DbError extends Error {
  constructor(message, options) {
    super(message, options);
    this.name = 'DbError';
  }
}
function query() {
  throw new TypeError('connection reset');
}
function loadUser(id) {
  try {
    return query(id);
  } catch (err) {
    throw new DbError(`could not load user ${id}`, { cause: err });
  }
}
try {
  loadUser(42);
} catch (err) {
  for (let e = err, depth = 0; e; e = e.cause, depth++) console.log(' '.repeat(depth * 2) + `${e.name}: ${e.message}`);
  console.log(err.cause instanceof TypeError, 'cause' in err, Object.keys(err));
}
const plain = new Error('no cause');
console.log('cause' in plain, plain.cause, new Error('x', { cause: undefined }).hasOwnProperty('cause'));
console.log(new Error('with primitive', { cause: 404 }).cause, new Error('ignored', 'not an object').cause);
const wrapped = new Error('outer', { cause: { code: 'E42', retry: true } });
console.log(wrapped.cause, wrapped.message);
