// A thenable can reject, and can resolve with another thenable that is unwrapped in turn.
const rejecter = {
  then(resolve, reject) {
    reject({ reason: 'declined' });
  }
};
const inner = {
  then(resolve) {
    console.log('inner then');
    resolve('innermost');
  }
};
const outer = {
  then(resolve) {
    console.log('outer then');
    resolve(inner);
  }
};
Promise.resolve(rejecter).catch((e) => console.log('caught', e));
Promise.resolve(outer).then((v) => console.log('unwrapped', v));
new Promise((resolve) => resolve(outer)).then((v) => console.log('constructor unwrapped', v));
