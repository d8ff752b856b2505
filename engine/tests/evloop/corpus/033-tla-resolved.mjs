// Top-level await of a resolved promise resumes inside the same microtask drain, before ticks.
process.nextTick(() => console.log('tick before await'));
Promise.resolve().then(() => console.log('promise before await'));
console.log('before await');
const v = await Promise.resolve(5);
console.log('after await', v);
process.nextTick(() => console.log('tick after await'));
Promise.resolve().then(() => console.log('promise after await'));
console.log('end of module');
