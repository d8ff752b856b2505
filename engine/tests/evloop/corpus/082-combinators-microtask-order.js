// With only fulfilled inputs, combinator results arrive by their tick counts and creation order.
const p = Promise.resolve('p');
Promise.allSettled([p]).then(() => console.log('allSettled'));
Promise.all([p]).then(() => console.log('all'));
p.then(() => console.log('plain then'));
Promise.race([p]).then(() => console.log('race'));
Promise.any([p]).then(() => console.log('any'));
p.then(() => 1).then(() => console.log('then then'));
