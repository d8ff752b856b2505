// Array methods a lesson uses, with the callbacks' arguments and the results Node gives.
const jobs = Array.from({ length: 6 }, (_, i) => ({ id: i + 1, ms: (i * 37) % 100 }));
console.log(jobs.map((j) => j.ms), jobs.filter((j) => j.ms > 40).map((j) => j.id));
console.log(jobs.reduce((sum, j) => sum + j.ms, 0), jobs.find((j) => j.ms > 90), jobs.findIndex((j) => j.ms === 0));
console.log(jobs.some((j) => j.ms > 95), jobs.every((j) => j.id > 0), jobs.map((j) => j.id).includes(3));
const queue = [1, 2, 3];
queue.push(4, 5);
console.log(queue.shift(), queue.pop(), queue.unshift(0), queue, queue.length);
console.log(queue.slice(1, -1), queue.splice(1, 2, 'a', 'b', 'c'), queue, queue.indexOf('b'), queue.at(-1));
console.log([10, 9, 1, 100].sort(), [10, 9, 1, 100].sort((a, b) => a - b), ['b', 'a', 'c'].reverse());
console.log([1, [2, [3, [4]]]].flat(), [1, [2, [3, [4]]]].flat(Infinity), [[1, 2], [3]].flatMap((x) => x));
console.log([0, 0, 0].fill(7, 1), Array.of(1, 2), Array.isArray([]), Array.isArray('x'));
console.log([1, 2, 3].join(' - '), [null, undefined, 1].join(), String([1, [2, 3]]), [1, 2].concat([3], 4, [[5]]));
for (const [i, v] of ['x', 'y'].entries()) console.log(i, v);
console.log([...['a', 'b'].keys()], [...['a', 'b'].values()], [3, 1, 2].toString());
let visits = '';
[5, 6].forEach((v, i, arr) => { visits += `${i}:${v}/${arr.length} `; });
console.log(visits, [1, 2, 3, 4].findLast((x) => x % 2 === 1), [].reduce((a, b) => a + b, 'empty'));
try {
  [].reduce((a, b) => a + b);
} catch (e) {
  console.log(e.name, e.message);
}
