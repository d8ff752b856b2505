// oracle: node
// switch compares with ===, falls through until break, and may put default anywhere.
function httpClass(status) {
  switch (Math.floor(status / 100)) {
    case 2: return 'success';
    case 3: return 'redirect';
    case 4:
    case 5: return status === 404 ? 'not found' : 'error';
    default: return 'unknown';
  }
}
console.log([200, 301, 404, 500, 102].map(httpClass));
function fallthrough(level) {
  const steps = [];
  switch (level) {
    default: steps.push('default');
    case 'high': steps.push('high');
    case 'medium': steps.push('medium'); break;
    case 'low': steps.push('low');
  }
  return steps.join('>');
}
console.log(fallthrough('high'), fallthrough('medium'), fallthrough('low'), fallthrough('other'));
const strict = (v) => { switch (v) { case 1: return 'number one'; case '1': return 'string one'; } return 'no match'; };
console.log(strict(1), strict('1'), strict(true), strict(NaN));
let calls = 0; const probe = (x) => (calls++, x);
switch (3) {
  case probe(1): case probe(3): case probe(5):
    console.log('matched after', calls, 'case evaluations');
}
