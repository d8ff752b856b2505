// A thenable whose then calls resolve synchronously is adopted one tick after its then is called.
const thenable = {
  then(resolve, reject) {
    console.log('then called');
    resolve('sync value');
    resolve('ignored second value');
    reject('ignored rejection');
  }
};
Promise.resolve(thenable).then((v) => console.log('Promise.resolve got', v));
Promise.resolve().then(() => thenable).then((v) => console.log('then-returned thenable got', v));
Promise.resolve().then(() => console.log('marker 1')).then(() => console.log('marker 2')).then(() => console.log('marker 3'));
console.log('sync end');
