// Recursion thousands of frames deep, sync and async, and a runaway recursion caught as a
// RangeError: frames live on the machine's own stack, not the native one.
function depth(n) { return n === 0 ? 0 : 1 + depth(n - 1); }
console.log(depth(5000), depth(9000));
let frames = 0;
function forever() { frames++; forever(); }
try { forever(); } catch (e) { console.log(e instanceof RangeError, e.message, frames > 5000); }
class Node2 { constructor(v, next) { this.v = v; this.next = next; } sum() { return this.v + (this.next ? this.next.sum() : 0); } }
let list = null;
for (let i = 1; i <= 6000; i++) list = new Node2(i, list);
console.log(list.sum());
async function rec(n) { if (n === 0) return 0; return 1 + await rec(n - 1); }
rec(3000).then((v) => console.log('async depth', v));
