// The Node oracle for the limiter model: runs tasks through the real p-limit on a virtual clock
// (@sinonjs/fake-timers, starting at 0 ms) and prints what happened.
//
//   node tests/oracle/p-limit.mjs [--reject-on-clear] CONCURRENCY ITEM...    one run
//   node tests/oracle/p-limit.mjs --batch < runs.json                       several runs
//
// CONCURRENCY is a whole number or `Infinity`. An ITEM is a task, `<ms>` (its function fulfils
// after ms) or `<ms>!` (it rejects after ms), or an action at a time: `@<ms>:clear`
// (limit.clearQueue()) or `@<ms>:<n>` (limit.concurrency = n). Tasks are called in one
// synchronous loop at 0 ms, each as `limit(() => sleep(ms).then(() => ok ? id : reject))`.
// With --batch, stdin is a JSON array of runs, each
//   { "concurrency": 2 | "Infinity", "rejectOnClear": false,
//     "tasks": [[ms, fulfils], ...], "actions": [[ms, "clear" | n | "Infinity"], ...] },
// and every run's log is preceded by a line `run <n>` (n from 0).
//
// The log, one line per event (task ids count from 1, in call order):
//   call <id> active <n> pending <n>   right after limit() returned (the counts are synchronous)
//   start <id> <ms>                    the task's function is called
//   end <id> <ms> fulfilled|rejected   the function's promise settles (the function says so)
//   drop <id> <ms>                     with rejectOnClear: the call's promise rejected with an
//                                      AbortError. Without it nothing tells which calls a
//                                      clearQueue() dropped: the pending count and `never` do
//   at <ms> active <n> pending <n>     after the calls' microtasks at 0, then after each timer
//                                      (a task's sleep or an action), its microtasks drained
//   outcome <id> fulfilled|rejected|aborted|never   how the promise limit() returned ended
import { main } from "./batch.mjs";
import FakeTimers from "@sinonjs/fake-timers";
import pLimit from "p-limit";

// Kept before fake-timers is installed: a real turn of the event loop drains every microtask.
const realSetImmediate = globalThis.setImmediate;
const drain = () => new Promise((resolve) => realSetImmediate(resolve));

const count = (n) => (n === "Infinity" || n === Infinity ? Infinity : Number(n));

async function run({ concurrency, rejectOnClear = false, tasks, actions = [] }, print) {
  const clock = FakeTimers.install({
    now: 0,
    toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"],
  });
  try {
    const limit = pLimit({ concurrency: count(concurrency), rejectOnClear });
    const counts = () => `active ${limit.activeCount} pending ${limit.pendingCount}`;
    // These timers are created before any task's, so at the same ms an action comes first.
    for (const [at, what] of actions) {
      setTimeout(() => {
        if (what === "clear") limit.clearQueue();
        else limit.concurrency = count(what);
      }, at);
    }
    const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
    const outcomes = tasks.map(() => "never");
    tasks.forEach(([ms, fulfils], index) => {
      const id = index + 1;
      const failure = new Error(`task ${id} failed`);
      const task = () => {
        print(`start ${id} ${Date.now()}`);
        return sleep(ms).then(() => {
          print(`end ${id} ${Date.now()} ${fulfils ? "fulfilled" : "rejected"}`);
          return fulfils ? id : Promise.reject(failure);
        });
      };
      limit(task).then(
        (value) => (outcomes[index] = value === id ? "fulfilled" : `fulfilled with ${value}`),
        (error) => {
          if (error === failure) {
            outcomes[index] = "rejected";
          } else if (error?.name === "AbortError") {
            outcomes[index] = "aborted";
            print(`drop ${id} ${Date.now()}`);
          } else {
            outcomes[index] = `rejected with ${error}`;
          }
        },
      );
      print(`call ${id} ${counts()}`);
    });
    await drain();
    print(`at ${Date.now()} ${counts()}`);
    while (clock.countTimers() > 0) {
      // Fires the next timer, then waits for a real timer: every microtask has run by then.
      await clock.nextAsync();
      print(`at ${clock.now} ${counts()}`);
    }
    outcomes.forEach((outcome, index) => print(`outcome ${index + 1} ${outcome}`));
  } finally {
    clock.uninstall();
  }
}

function fromArguments(args) {
  const rejectOnClear = args[0] === "--reject-on-clear";
  const [concurrency, ...items] = rejectOnClear ? args.slice(1) : args;
  const tasks = [];
  const actions = [];
  for (const item of items) {
    const action = /^@(\d+):(.+)$/.exec(item);
    if (action) actions.push([Number(action[1]), action[2] === "clear" ? "clear" : action[2]]);
    else if (/^\d+!?$/.test(item)) tasks.push([parseInt(item, 10), !item.endsWith("!")]);
    else throw new Error(`not a task or an action: ${item}`);
  }
  return { concurrency, rejectOnClear, tasks, actions };
}

await main(run, fromArguments);
