// Preloaded by tests/bench/interpreters.mjs with `node --require`: measures the program that runs
// after it and reports on stderr, as one line, when the process exits. (`--import` would not do:
// with it Node 20 loads even a CommonJS main script inside a promise job, so the program's
// nextTicks would run after its promise callbacks.)
const cpu = process.cpuUsage();
process.on("exit", () => {
  const used = process.cpuUsage(cpu);
  const report = { cpu_ms: (used.user + used.system) / 1000, peak_kb: process.resourceUsage().maxRSS };
  process.stderr.write(`inflight-bench ${JSON.stringify(report)}\n`);
});
