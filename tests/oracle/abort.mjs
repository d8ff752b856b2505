// The Node oracle for the abort model: runs a script of AbortController / AbortSignal operations
// and prints every listener call and, after each abort, the state of every signal.
//
//   node tests/oracle/abort.mjs OPS...
//
// OPS: `c` (new controller), `any:I,J` (AbortSignal.any over signals I and J), `pre` or
// `pre:TEXT` (AbortSignal.abort), `l:I` or `once:I` (a listener on signal I), `abort:I` or
// `abort:I:TEXT` (abort controller I, with a string reason if given).
const signals = [];
const controllers = [];
const dependents = []; // for each signal, the signals made by `any` over it
let listeners = 0;
let watching = []; // the dependents not yet aborted when the current abort began

const describe = (s) => {
  if (!s.aborted) return "live";
  const r = s.reason;
  return typeof r === "string" ? `custom:${r}` : `${r.name}:${r.message}:${r.code}`;
};

for (const op of process.argv.slice(2)) {
  const [kind, arg, text] = op.split(":");
  if (kind === "c") {
    const c = new AbortController();
    controllers[signals.length] = c;
    signals.push(c.signal);
    dependents.push([]);
  } else if (kind === "any") {
    const sources = arg.split(",").map(Number);
    const id = signals.length;
    signals.push(AbortSignal.any(sources.map((i) => signals[i])));
    dependents.push([]);
    for (const i of sources) dependents[i].push(id);
  } else if (kind === "pre") {
    signals.push(arg === undefined ? AbortSignal.abort() : AbortSignal.abort(arg));
    dependents.push([]);
  } else if (kind === "l" || kind === "once") {
    const id = listeners++;
    const on = Number(arg);
    signals[on].addEventListener(
      "abort",
      () => console.log(`listener ${id} on ${on} deps ${watching.filter((d) => dependents[on].includes(d)).every((d) => signals[d].aborted)}`),
      { once: kind === "once" },
    );
  } else if (kind === "abort") {
    const i = Number(arg);
    watching = signals.map((_, d) => d).filter((d) => !signals[d].aborted);
    if (text === undefined) controllers[i].abort();
    else controllers[i].abort(text);
    console.log(signals.map((s, n) => `s${n} ${describe(s)}`).join(" | "));
  }
}
