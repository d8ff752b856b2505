// oracle: node
// concat flattens array arguments one level; join skips null and undefined and defaults to ','.
const a = [1, 2];
console.log(a.concat(3, [4, 5], [[6]]), a);
console.log([].concat('x', ['y'], [], [['z']]));
console.log(['a', 'b', 'c'].join(), ['a', 'b', 'c'].join(''), ['a', 'b'].join(' - '));
console.log([1, null, 2, undefined, 3].join('-'), [[1, 2], [3]].join(';'), [].join(), [null].join());
console.log([{}, { toString: () => 'custom' }].join(' | '));
const csvRows = [['name', 'qty'], ['pens', 12], ['ink', null]];
console.log(csvRows.map((row) => row.join(',')).join('\n'));
const words = 'the quick brown fox'.split(' ');
console.log(words.map((w) => w[0].toUpperCase() + w.slice(1)).join(' '));
console.log(String([1, [2, [3, [4]]]]), [1, 2] + '', [] + '');
const merged = ['x'].concat(new Set(['not spread']));
console.log(merged.length, merged);
