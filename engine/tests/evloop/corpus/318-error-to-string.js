// oracle: node
// How an Error becomes a string: String(), template literals, concatenation, name and message
// edits, and what JSON and Object.keys see (nothing: the fields are not enumerable).
const e = new Error('disk full');
console.log(String(e), `${e}`, '' + e, e.toString(), e.message, e.name);
const empty = new Error();
console.log(String(empty), JSON.stringify(empty.message), String(new Error('')), String(new TypeError()));
e.name = 'StorageError';
console.log(String(e), Object.keys(e), JSON.stringify(e));
const custom = new Error('bad input');
custom.name = '';
console.log(String(custom));
custom.name = 'InputError';
custom.message = '';
console.log(String(custom), custom.hasOwnProperty('message'), new Error('m').hasOwnProperty('name'));
const withCode = Object.assign(new Error('not found'), { code: 'ENOENT', path: '/tmp/x' });
console.log(Object.keys(withCode), JSON.stringify(withCode), withCode.code);
console.log(new Error(42).message, typeof new Error(42).message, new Error(undefined).message === '');
console.log(new Error({ toString: () => 'from toString' }).message, new Error(null).message);
