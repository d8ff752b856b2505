// oracle: node
// Math.imul multiplies as 32-bit integers, which is what string hashes and PRNGs need; plain
// * loses precision once the product passes 2**53.
console.log(Math.imul(3, 4), Math.imul(-5, 12), Math.imul(0xffffffff, 5), Math.imul(2 ** 31, 2));
console.log(Math.imul(0x7fffffff, 0x7fffffff), (0x7fffffff * 0x7fffffff) | 0);
console.log(Math.imul(123456789, 987654321), (123456789 * 987654321) | 0);
function fnv1a(str) {
  let h = 0x811c9dc5;
  for (let i = 0; i < str.length; i++) {
    h ^= str.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
for (const key of ['', 'a', 'hello', 'world', 'user:42']) console.log(key.padEnd(8), fnv1a(key));
const buckets = Array.from({ length: 4 }, () => []);
for (const key of ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta']) buckets[fnv1a(key) % 4].push(key);
console.log(buckets);
console.log(Math.clz32(1), Math.clz32(0), Math.clz32(0x80000000), Math.imul('3', '5'), Math.imul(1.9, 2.9));
