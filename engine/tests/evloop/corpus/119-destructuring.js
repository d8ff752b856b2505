// Object and array destructuring: nested patterns, defaults, renaming, rest, holes, swaps.
const job = { id: 7, meta: { attempts: 2, tags: ['a', 'b'] }, owner: undefined };
const { id, meta: { attempts, tags: [firstTag, ...otherTags] }, owner = 'nobody', missing = id * 2 } = job;
console.log(id, attempts, firstTag, otherTags, owner, missing);
const [x, , z = 'z', ...tail] = [1, 2, undefined, 4, 5];
console.log(x, z, tail);
let a = 1;
let b = 2;
[a, b] = [b, a];
console.log(a, b);
const { id: jobId, ...others } = job;
console.log(jobId, others);
const [c1, c2] = 'hi';
console.log(c1, c2);
const target = {};
({ id: target.id, owner: target.who = 'someone' } = job);
console.log(target);
try {
  const { nope } = null;
  console.log(nope);
} catch (e) {
  console.log(e.name);
}
