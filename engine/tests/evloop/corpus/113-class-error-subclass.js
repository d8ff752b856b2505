// Subclassing Error: the instance is an Error, its name comes from the class, and the
// constructor can add fields.
class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
  }
}
class NotFound extends HttpError {
  constructor(path) {
    super(404, `no route for ${path}`);
    this.name = 'NotFound';
  }
}
function handle(path) {
  if (path !== '/') throw new NotFound(path);
  return 'ok';
}
console.log(handle('/'));
try {
  handle('/missing');
} catch (e) {
  console.log(e.name, e.status, e.message);
  console.log(e instanceof NotFound, e instanceof HttpError, e instanceof Error, e instanceof TypeError);
  console.log(`${e}`, e.toString());
}
const plain = new Error('plain', { cause: 'disk' });
console.log(plain.message, plain.cause, new TypeError('bad').name, Error('no new').message);
