// oracle: virtual
// catch (e: any) and catch (e: unknown) are erased; narrowing with instanceof still works.
class HttpError extends Error {
  constructor(public status: number, message: string) {
    super(message);
    this.name = 'HttpError';
  }
}
function call(kind: string): never {
  if (kind === 'http') throw new HttpError(503, 'service unavailable');
  if (kind === 'type') throw new TypeError('bad type');
  throw { reason: 'not an Error at all' };
}
for (const kind of ['http', 'type', 'other']) {
  try {
    call(kind);
  } catch (e: unknown) {
    if (e instanceof HttpError) console.log('http', e.status, e.message);
    else if (e instanceof Error) console.log('error', e.name, e.message);
    else console.log('unknown', e);
  }
}
try {
  JSON.parse('{nope');
} catch (err: any) {
  console.log(err.name, err.message.length > 0);
}
try { call('http'); } catch (e) { const err = e as HttpError; console.log(`${err}`, err.status); }
