// oracle: node
// Classic algorithms with while loops, destructuring swaps and integer arithmetic.
function insertionSort(xs) {
  const a = [...xs];
  for (let i = 1; i < a.length; i++) {
    for (let j = i; j > 0 && a[j - 1] > a[j]; j--) [a[j - 1], a[j]] = [a[j], a[j - 1]];
  }
  return a;
}
function binarySearch(sorted, target) {
  let [lo, hi, steps] = [0, sorted.length - 1, 0];
  while (lo <= hi) {
    steps++;
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] === target) return { index: mid, steps };
    if (sorted[mid] < target) lo = mid + 1; else hi = mid - 1;
  }
  return { index: -1, steps };
}
const data = [42, 7, 19, 3, 88, 19, -5, 0, 64];
const sorted = insertionSort(data);
console.log(sorted, data[0]);
console.log([88, 19, 1, -5].map((t) => binarySearch(sorted, t)));
const gcd = (a, b) => (b === 0 ? a : gcd(b, a % b));
const fib = (n) => {
  let [a, b] = [0, 1];
  while (n-- > 0) [a, b] = [b, a + b];
  return a;
};
console.log(gcd(1071, 462), [12, 18, 24].reduce(gcd), Array.from({ length: 10 }, (_, n) => fib(n)));
