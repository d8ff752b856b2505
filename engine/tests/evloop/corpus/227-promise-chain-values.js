// oracle: node
// then() passes values down the chain, unwraps returned promises, skips to the next catch on
// a throw; finally() passes the value through unchanged.
Promise.resolve(1)
  .then((x) => x + 1)
  .then((x) => Promise.resolve(x * 10))
  .then((x) => {
    console.log('value', x);
    throw new Error(`too big: ${x}`);
  })
  .then(() => console.log('skipped'))
  .catch((e) => {
    console.log('caught', e.message);
    return 'recovered';
  })
  .finally(() => console.log('finally sees no value'))
  .then((v) => console.log('after finally', v));
const p = new Promise((resolve, reject) => {
  resolve('first wins');
  resolve('ignored');
  reject(new Error('ignored too'));
});
p.then((v) => console.log(v));
Promise.reject(new Error('no handler in then')).then((v) => console.log('skipped', v)).catch((e) => console.log('caught later:', e.message));
Promise.resolve('x').then(null, () => {}).then(undefined).then((v) => console.log('passed through non-functions:', v));
new Promise((_, reject) => reject(new TypeError('executor reject'))).then(() => {}, (e) => console.log('second then argument:', e.name));
new Promise(() => {
  throw new RangeError('executor throw');
}).catch((e) => console.log('executor throw becomes rejection:', e.name));
