// Promise.any rejects when every input rejects; the errors array keeps input order.
Promise.any([
  Promise.reject('first'),
  new Promise((resolve, reject) => setTimeout(() => reject('timed'), 5)),
  Promise.reject(3)
]).catch((e) => {
  console.log('all rejected');
  console.log(e.errors);
  console.log(e.errors.length);
});
Promise.any([]).catch((e) => console.log('empty any', e.errors));
