// A throw inside a then handler rejects the derived promise; a catch can recover the chain.
Promise.resolve(1)
  .then((v) => {
    console.log('got', v);
    throw { step: v };
  })
  .then(() => console.log('skipped'))
  .catch((e) => {
    console.log('caught', e);
    return 'recovered';
  })
  .then((v) => {
    console.log('continued with', v);
    return 'final';
  })
  .finally(() => console.log('finally runs'))
  .then((v) => console.log('finally passes value through', v));
new Promise(() => {
  throw 'thrown in executor';
}).catch((e) => console.log('executor throw became', e));
