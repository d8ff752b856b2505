// oracle: node
// Subclassing Error: name, message, extra fields, instanceof, String() and the stack's first
// line (computed when .stack is first read, so it sees the name set in the constructor).
class ValidationError extends Error {
  constructor(field, message) {
    super(message);
    this.name = 'ValidationError';
    this.field = field;
  }
}
class NotFoundError extends Error {
  name = 'NotFoundError';
  status = 404;
}
function validate(user) {
  if (!user.email) throw new ValidationError('email', 'email is required');
  if (!user.email.includes('@')) throw new ValidationError('email', `bad email: ${user.email}`);
  return true;
}
for (const user of [{ email: 'a@b.c' }, {}, { email: 'nope' }]) {
  try {
    console.log('valid', validate(user));
  } catch (err) {
    console.log(err.name, err.field, err.message, String(err), err instanceof ValidationError, err instanceof Error);
    console.log(err.stack.split('\n')[0]);
  }
}
const nf = new NotFoundError('no such user');
console.log(nf.name, nf.status, nf.message, `${nf}`, Object.keys(nf));
console.log(nf instanceof NotFoundError, nf.stack.split('\n')[0]);
