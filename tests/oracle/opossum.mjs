// The Node oracle for the circuit breaker model: a real opossum CircuitBreaker on a virtual clock
// (@sinonjs/fake-timers, starting at 0 ms), fired by a script of calls, printing what happened.
//
//   node tests/oracle/opossum.mjs [--fallback] THRESHOLD VOLUME RESET CALL...    one run
//   node tests/oracle/opossum.mjs --batch < runs.json                           several runs
//
// THRESHOLD is errorThresholdPercentage, VOLUME volumeThreshold, RESET resetTimeout (ms). A CALL
// is `<at>+<ms>` (fired at `at`, the action fulfils after ms) or `<at>+<ms>!` (it rejects after
// ms). The action's own timeout is off (`timeout: false`) and the rolling window never rotates
// (a rotateBucketController that never emits), so the stats hold every call of the run. With
// `--fallback` a fallback answers failed and refused calls. With --batch, stdin is a JSON array
// of runs, each
//   { "errorThresholdPercentage": 50, "volumeThreshold": 4, "resetTimeout": 100,
//     "fallback": false, "calls": [[at, ms, fails], ...] },
// and every run's log is preceded by a line `run <n>` (n from 0).
//
// The log, one line per event (call ids count from 1, in script order):
//   open <ms> | halfOpen <ms> | close <ms>   the breaker's events
//   call <id> <ms> <outcome>                 the promise fire() returned settled at ms:
//     fulfilled        with the action's value
//     rejected         with the action's error
//     open             with opossum's own "Breaker is open" error (EOPENBREAKER)
//     fallback-open    with the fallback's value, the breaker having refused the call
//     fallback-failed  with the fallback's value, the action having failed
import { main } from "./batch.mjs";
import { EventEmitter } from "node:events";
import FakeTimers from "@sinonjs/fake-timers";
import CircuitBreaker from "opossum";

async function run(r, print) {
  const clock = FakeTimers.install({
    now: 0,
    toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"],
  });
  try {
    const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
    const failures = new Map();
    const action = (id, ms, fails) =>
      sleep(ms).then(() => {
        if (!fails) return id;
        const error = new Error(`call ${id} failed`);
        failures.set(id, error);
        throw error;
      });
    const breaker = new CircuitBreaker(action, {
      errorThresholdPercentage: r.errorThresholdPercentage,
      volumeThreshold: r.volumeThreshold,
      resetTimeout: r.resetTimeout,
      timeout: false,
      enableSnapshots: false,
      rotateBucketController: new EventEmitter(),
    });
    for (const event of ["open", "halfOpen", "close"]) {
      breaker.on(event, () => print(`${event} ${Date.now()}`));
    }
    if (r.fallback) {
      breaker.fallback((id, _ms, _fails, error) => ({ fallback: id, error }));
    }
    const describe = (id, value, error) => {
      if (error === undefined) {
        if (value === id) return "fulfilled";
        if (value?.fallback === id && value.error?.code === "EOPENBREAKER") return "fallback-open";
        if (value?.fallback === id && value.error === failures.get(id)) return "fallback-failed";
        return `fulfilled with ${JSON.stringify(value)}`;
      }
      if (error === failures.get(id)) return "rejected";
      if (error?.code === "EOPENBREAKER" && error.message === "Breaker is open") return "open";
      return `rejected with ${error}`;
    };
    r.calls.forEach(([at, ms, fails], index) => {
      const id = index + 1;
      setTimeout(() => {
        breaker.fire(id, ms, fails).then(
          (value) => print(`call ${id} ${Date.now()} ${describe(id, value)}`),
          (error) => print(`call ${id} ${Date.now()} ${describe(id, undefined, error)}`),
        );
      }, at);
    });
    while (clock.countTimers() > 0) {
      // Fires the next timer, then waits for a real timer: every microtask has run by then.
      await clock.nextAsync();
    }
    breaker.shutdown();
  } finally {
    clock.uninstall();
  }
}

function fromArguments(args) {
  const fallback = args[0] === "--fallback";
  const [threshold, volume, reset, ...calls] = fallback ? args.slice(1) : args;
  return {
    errorThresholdPercentage: Number(threshold),
    volumeThreshold: Number(volume),
    resetTimeout: Number(reset),
    fallback,
    calls: calls.map((call) => {
      const parts = /^(\d+)\+(\d+)(!?)$/.exec(call);
      if (!parts) throw new Error(`not a call: ${call}`);
      return [Number(parts[1]), Number(parts[2]), parts[3] === "!"];
    }),
  };
}

await main(run, fromArguments);
