// oracle: node
// ?? falls back only on null and undefined; || falls back on every falsy value.
const settings = { retries: 0, name: '', verbose: false, ratio: NaN, missing: undefined, empty: null };
for (const key of Object.keys(settings)) {
  console.log(key.padEnd(8), String(settings[key] ?? 'DEFAULT').padEnd(8), String(settings[key] || 'DEFAULT'));
}
let called = false;
const expensive = () => {
  called = true;
  return 'computed';
};
console.log('given' ?? expensive(), called);
console.log(null ?? undefined ?? 0 ?? 'never', (null || undefined) ?? 'parenthesised');
const port = Number('') || 3000;
const port2 = Number('') ?? 3000;
console.log(port, port2);
function pick(options) {
  const limit = options?.limit ?? 10;
  const label = options?.label ?? `limit ${limit}`;
  return { limit, label };
}
console.log(pick(), pick({ limit: 0 }), pick({ label: null }));
