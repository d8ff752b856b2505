// Promise.all lists results in input order, not in the order the inputs settle.
function after(ms, value) {
  return new Promise((resolve) => setTimeout(() => {
    console.log('settled', value);
    resolve(value);
  }, ms));
}
Promise.all([after(30, 'slow'), after(5, 'fast'), 'plain', Promise.resolve('ready')])
  .then((values) => console.log('all', values));
console.log('waiting');
