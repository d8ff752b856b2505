// oracle: node
// flat() goes one level deep by default, flat(Infinity) all the way, and drops holes;
// at() accepts negative indices.
const nested = [1, [2, [3, [4, [5]]]]];
console.log(nested.flat(), nested.flat(2), nested.flat(Infinity), nested.flat(0));
console.log([1, , 3, [4, , 6]].flat(), [[]].flat(), [['a'], 'b', [['c']]].flat());
const pages = [['intro', 'setup'], ['api'], [], ['faq', 'changelog']];
console.log(pages.flat().length, pages.flat().join(', '));
const xs = ['a', 'b', 'c', 'd'];
console.log(xs.at(0), xs.at(-1), xs.at(-4), xs.at(4), xs.at(-5), xs.at(1.7), xs.at('2'));
console.log([].at(0), 'text'.at(-1), xs[xs.length - 1] === xs.at(-1));
const tags = [['js', 'node'], ['node', 'async'], ['js']];
console.log([...new Set(tags.flat())]);
console.log(tags.map((t) => t.length), tags.flat().at(-2));
