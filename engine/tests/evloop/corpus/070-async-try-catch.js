// try/catch around await catches a rejected promise; code after the catch keeps running.
async function attempt(p, label) {
  try {
    const v = await p;
    console.log(label, 'fulfilled', v);
  } catch (e) {
    console.log(label, 'caught', e);
  }
  console.log(label, 'after try');
  return label;
}
attempt(Promise.reject('nope'), 'first').then((v) => console.log('finished', v));
attempt(Promise.resolve('yes'), 'second').then((v) => console.log('finished', v));
attempt(Promise.reject({ code: 7 }), 'third').then((v) => console.log('finished', v));
