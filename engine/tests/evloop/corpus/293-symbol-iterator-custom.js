// oracle: node
// Any object with a [Symbol.iterator]() method returning { next() } works with for...of,
// spread, Array.from and destructuring.
class Range {
  constructor(start, end, step = 1) {
    this.start = start;
    this.end = end;
    this.step = step;
  }
  [Symbol.iterator]() {
    let current = this.start;
    const { end, step } = this;
    return {
      next: () => (current < end ? { value: (current += step) - step, done: false } : { value: undefined, done: true }),
    };
  }
}
const r = new Range(0, 10, 3);
for (const x of r) console.log('x =', x);
console.log([...r], Array.from(new Range(1, 4), (x) => x * x), Math.max(...new Range(0, 5)));
const [first, second, ...others] = new Range(10, 15);
console.log(first, second, others, r);
const countdown = {
  from: 3,
  [Symbol.iterator]() {
    let n = this.from;
    return { next: () => ({ done: n < 0, value: n-- }) };
  },
};
console.log([...countdown], new Set(countdown), new Map([...countdown].map((n) => [n, n > 0])));
