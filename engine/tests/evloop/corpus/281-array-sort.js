// oracle: node
// The default sort compares strings, so numbers sort "wrong"; a comparator fixes that. sort
// is in place, stable, and puts undefined last.
const nums = [10, 9, 1, 100, 25, -3];
console.log([...nums].sort(), [...nums].sort((a, b) => a - b), [...nums].sort((a, b) => b - a));
const same = nums.sort((a, b) => a - b);
console.log(same === nums, nums);
console.log(['banana', 'Apple', 'cherry', 'apple'].sort(), ['b', undefined, 'a', , 'c'].sort());
console.log([true, false, true].sort(), [3, '20', 100, '1'].sort());
const people = [
  { name: 'ada', team: 'b', score: 90 },
  { name: 'bob', team: 'a', score: 75 },
  { name: 'cy', team: 'b', score: 75 },
  { name: 'di', team: 'a', score: 90 },
];
const byScore = [...people].sort((x, y) => y.score - x.score);
console.log(byScore.map((p) => p.name).join(' '));
const byTeamThenName = [...people].sort((x, y) => (x.team < y.team ? -1 : x.team > y.team ? 1 : x.name < y.name ? -1 : 1));
console.log(byTeamThenName.map((p) => `${p.team}:${p.name}`).join(' '));
console.log([0.1, -0, 0, 1e-7].sort(), [5, 1, 4].sort(() => 0));
