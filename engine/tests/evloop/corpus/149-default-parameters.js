// oracle: node
// Defaults are evaluated at call time, each call anew, and can see earlier parameters.
let id = 0;
function createTask(title, tags = [], created = ++id, summary = `${title} #${created}`) {
  tags.push('new');
  return { title, tags, created, summary };
}
console.log(createTask('write docs'));
console.log(createTask('fix bug', ['urgent']));
console.log(createTask('deploy', undefined, 100));
console.log(createTask('review', undefined, null));
function range(start, end = start + 5, step = end > start ? 1 : -1) {
  const out = [];
  for (let i = start; step > 0 ? i < end : i > end; i += step) out.push(i);
  return out;
}
console.log(range(0), range(3, 0), range(0, 10, 3));
const withFn = (x, fmt = (v) => `<${v}>`) => fmt(x);
console.log(withFn(1), withFn(2, (v) => v * 2));
console.log(createTask.length, range.length, withFn.length);
