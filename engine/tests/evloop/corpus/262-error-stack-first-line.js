// oracle: node
// The first line of err.stack is "Name: message" as of the first read of .stack; later
// changes to name or message do not rewrite it.
const a = new Error('first message');
console.log(a.stack.split('\n')[0]);
a.message = 'changed later';
a.name = 'Renamed';
console.log(a.stack.split('\n')[0], '|', String(a));
const b = new TypeError('not read yet');
b.name = 'CustomType';
console.log(b.stack.split('\n')[0]);
class HttpError extends Error {
  constructor(status) {
    super(`HTTP ${status}`);
    this.name = 'HttpError';
    this.status = status;
  }
}
const h = new HttpError(503);
console.log(h.stack.split('\n')[0], h.stack.split('\n')[1].trim().startsWith('at '));
console.log(typeof h.stack, h.stack.includes('HttpError: HTTP 503'), Object.keys(h));
