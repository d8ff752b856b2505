// Promise.allSettled waits for every input and reports each outcome in input order.
const inputs = [
  Promise.resolve(1),
  Promise.reject('no'),
  new Promise((resolve) => setTimeout(() => resolve('late'), 10)),
  new Promise((resolve, reject) => setTimeout(() => reject('late no'), 5)),
  'value'
];
Promise.allSettled(inputs).then((results) => {
  console.log('count', results.length);
  for (let i = 0; i < results.length; i++) {
    console.log(results[i]);
  }
});
