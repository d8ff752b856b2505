// Default parameter values (evaluated per call, seeing earlier parameters), rest parameters,
// and destructured parameters.
function retry(task, { attempts = 3, delay = 10 } = {}, ...labels) {
  return `${task}: ${attempts} attempts every ${delay} ms ${labels.length} labels [${labels}]`;
}
console.log(retry('a'));
console.log(retry('b', { delay: 50 }, 'x', 'y'));
const area = (w, h = w) => w * h;
console.log(area(3), area(3, 4), area(3, undefined), area(3, null));
const first = ([head, ...rest]) => ({ head, rest });
console.log(first([1, 2, 3]), first('xyz'));
function count(...items) {
  return items.length;
}
console.log(count(), count(1, 2, 3), count.length, area.length);
