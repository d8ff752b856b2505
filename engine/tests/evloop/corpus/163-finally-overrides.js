// oracle: node
// A return in finally replaces the try's return value or swallows its exception; a finally
// without return leaves the returned value alone even if it changes the variable.
function overrideReturn() {
  try { return 'from try'; } finally { return 'from finally'; }
}
function swallow() {
  try { throw new Error('lost'); } finally { return 'swallowed'; }
}
function valueFixed() {
  let x = 1;
  try { return x; } finally { x = 2; }
}
console.log(overrideReturn(), swallow(), valueFixed());
const order = [];
function nested() {
  try {
    order.push('try'); throw 'oops';
  } catch (e) {
    order.push(`catch ${e}`);
    return order.push('return expression');
  } finally { order.push('finally'); }
}
console.log(nested(), order);
try {
  try { throw new TypeError('inner'); } catch (e) { throw new Error(`wrapped: ${e.message}`); } finally { console.log('finally still runs'); }
} catch (e) {
  console.log('outer caught', e.message);
}
