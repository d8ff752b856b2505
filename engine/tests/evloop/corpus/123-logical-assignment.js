// `||=`, `&&=` and `??=` assign only when the operator would evaluate the right side.
const opts = { retries: 0, name: '', timeout: null, cache: { hits: 1 } };
let calls = 0;
const compute = (v) => {
  calls++;
  return v;
};
opts.retries ||= compute(3);
opts.name ||= compute('anon');
opts.timeout ??= compute(1000);
opts.retries ??= compute(99);
opts.cache &&= compute({ hits: 2 });
opts.missing &&= compute('never');
let local;
local ??= 'set once';
local ??= 'not again';
const key = 'dynamic';
opts[key] ||= compute('computed');
console.log(opts, local, calls);
