// Promise.any ignores rejections and fulfils with the first fulfilled input.
function timer(ms, value, fail) {
  return new Promise((resolve, reject) => setTimeout(() => {
    console.log(fail ? 'reject' : 'resolve', value);
    if (fail) {
      reject(value);
    } else {
      resolve(value);
    }
  }, ms));
}
Promise.any([timer(5, 'e1', true), timer(25, 'v2'), timer(15, 'v1')])
  .then((v) => console.log('any ->', v));
