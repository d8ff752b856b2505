//! What the observability lesson says about AsyncLocalStorage, structured logs, `traceparent` and
//! the cost of logging, checked against real Node 20. Each test reads the fragment and the
//! sentence that makes the claim out of `content/observability.md`, runs a complete program around
//! the fragment in Node, and compares what Node did with what the lesson says. The runners and the
//! predict question are run by `runners_node.rs`; the tests here check what the prose says about
//! their output, across their knobs and seeds.
//! Needs `node` (Node 20) and the npm packages in `tests/`.

mod support;

use std::process::Command;

use inflight_course::with_knob;
use support::*;

const SLUG: &str = "observability";

/// The lines of `run` that are `key|value` pairs, as (key, value).
fn pairs(run: &Run) -> Vec<(String, String)> {
    run.lines().iter().filter_map(|l| l.split_once('|')).map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

/// The value printed for `key` (once) by a program that prints `key|value` lines.
fn value_of(run: &Run, key: &str) -> String {
    let found: Vec<String> = pairs(run).into_iter().filter(|(k, _)| k == key).map(|(_, v)| v).collect();
    assert_eq!(found.len(), 1, "expected one line {key}|..., got {found:?} in {}{}", run.stdout, run.stderr);
    found.into_iter().next().unwrap()
}

/// A string field of a JSON log line, by a plain search (the lines are flat objects of strings and numbers).
fn field(line: &str, name: &str) -> Option<String> {
    let key = format!("\"{name}\":");
    let at = line.find(&key)? + key.len();
    let rest = &line[at..];
    if let Some(s) = rest.strip_prefix('"') {
        Some(s[..s.find('"').unwrap()].to_string())
    } else {
        Some(rest.chars().take_while(|c| *c != ',' && *c != '}').collect())
    }
}

// ---------------------------------------------------------------------------------------------
// AsyncLocalStorage

/// "`als.run(store, fn)`, from `node:async_hooks`, calls `fn` and returns what it returns.
/// While `fn` runs, and in every callback scheduled from it however much later, `als.getStore()`
/// returns `store`; outside, it returns what it did before: `undefined` at the top of a program.
/// `run` restores the previous store when `fn` returns or throws, an inner `run` hides the outer
/// store until it returns, and each instance is a slot of its own".
#[test]
fn run_returns_what_fn_returns_restores_the_store_nests_and_keeps_instances_apart() {
    let md = lesson(SLUG);
    let claim = prose(&md, "`als.run(store, fn)`, from `node:async_hooks`, calls `fn` and returns what it returns.");
    for part in [
        "in every callback scheduled from it however much later, `als.getStore()` returns `store`",
        "`undefined` at the top of a program",
        "`run` restores the previous store when `fn` returns or throws",
        "an inner `run` hides the outer store until it returns",
        "each instance is a slot of its own",
    ] {
        assert!(claim.contains(part), "{part:?} is not in: {claim}");
    }
    let program = r#"const { AsyncLocalStorage } = require('node:async_hooks');
const als = new AsyncLocalStorage();
const other = new AsyncLocalStorage();
console.log(`top|${als.getStore()}`);
const returned = als.run('outer', () => {
  setTimeout(() => console.log(`much later|${als.getStore()}`), 50);
  als.run('inner', () => console.log(`nested|${als.getStore()}`));
  console.log(`after nested|${als.getStore()}`);
  try {
    als.run('thrower', () => { throw new Error('boom'); });
  } catch {
    console.log(`after a throw|${als.getStore()}`);
  }
  console.log(`other instance|${other.getStore()}`);
  return 42;
});
console.log(`returned|${returned}`);
console.log(`after run|${als.getStore()}`);
"#;
    let run = run("als-run", "run.cjs", program);
    assert_eq!(run.status, 0, "{}", run.stderr);
    for (key, expected) in [
        ("top", "undefined"),
        ("nested", "inner"),
        ("after nested", "outer"),
        ("after a throw", "outer"),
        ("other instance", "undefined"),
        ("returned", "42"),
        ("after run", "undefined"),
        ("much later", "outer"),
    ] {
        assert_eq!(value_of(&run, key), expected, "{key}");
    }
}

/// The table "A callback, scheduled by the request's code | What `getStore()` returns when it
/// runs", row by row; the sentence after it ("A promise reaction keeps the context of the
/// `.then()` or `await` that registered it, not that of the code that resolves the promise.
/// `emit()` is a plain call that runs the listeners before it returns, in the emitting code's
/// context"); "Why this works", which adds I/O to the list; and the multiple-select question's
/// startup emitter.
#[test]
fn the_table_of_where_the_store_follows_is_what_node_does() {
    let md = lesson(SLUG);
    // Each row of the table, the case in the program below that plays it, and what the case's
    // callback can find: the request's store ("request"), the store of the code that calls it or
    // emits ("caller"), the store current when it was bound or made, which is the request's, or
    // none.
    let rows = [
        ("the code after an `await`", "await"),
        ("a `.then()` callback on a promise made at startup", "then"),
        ("`setTimeout`, `setInterval` or `setImmediate`", "timers"),
        ("`process.nextTick` or `queueMicrotask`", "ticks"),
        ("an `EventEmitter` listener", "listener"),
        ("an `EventEmitterAsyncResource` listener", "eear"),
        ("a callback kept in an array and called by other code", "kept"),
        ("that callback wrapped in `AsyncResource.bind(fn)`", "bound"),
        ("a timer or listener set up at startup, outside any `run`", "startup"),
    ];
    let expected_of = |cell: &str| -> &str {
        match cell {
            "the request's store" => "request",
            "the store of the code that calls `emit()`" | "the store of the code that calls it" => "caller",
            "the store that was current when the emitter was made" | "the store that was current when it was bound" => "request",
            "`undefined`" => "none",
            _ => panic!("the table says {cell:?}: teach this test what that means"),
        }
    };
    let reactions = prose(&md, "A promise reaction keeps the context of the `.then()` or `await` that registered it");
    assert!(reactions.contains("not that of the code that resolves the promise. `emit()` is a plain call that runs the listeners before it returns, in the emitting code's context"), "{reactions}");
    let why = prose(&md, "There is no global \"current request\" in Node");
    assert!(why.contains("(a timer, an immediate, a nextTick, a promise reaction, an I/O operation), Node records the current context with it, makes that context current when the callback runs"), "{why}");

    // The request's code runs in run('request'); the other code that calls, emits or resolves
    // runs in run('caller'), a timer's length later.
    let program = r#"import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import { EventEmitter, EventEmitterAsyncResource } from 'node:events';
import { readFile } from 'node:fs';

const als = new AsyncLocalStorage();
const seen = {};
const see = (what) => (seen[what] ??= []).push(als.getStore() ?? 'none');
const later = (fn) => new Promise((resolve) => setTimeout(() => als.run('caller', () => { fn(); resolve(); }), 20));

// Made at startup, outside any run.
let resolveStartup;
const startupPromise = new Promise((resolve) => (resolveStartup = resolve));
const startupBus = new EventEmitter();
const longLived = new EventEmitter();
const kept = [];
setTimeout(() => see('startup'), 5);
startupBus.on('tick', () => see('startup'));
let ticks = 0;
const interval = setInterval(() => { startupBus.emit('tick'); if (++ticks === 3) clearInterval(interval); }, 10);

let eear;
let emitted = 0;
await als.run('request', async () => {
  startupPromise.then(() => see('then'));
  setTimeout(() => see('timers'), 1);
  const iv = setInterval(() => { see('timers'); clearInterval(iv); }, 1);
  setImmediate(() => see('timers'));
  process.nextTick(() => see('ticks'));
  queueMicrotask(() => see('ticks'));
  readFile(new URL(import.meta.url), () => see('io'));
  longLived.on('event', () => see('listener'));
  startupBus.on('tick', () => { if (emitted++ === 0) see('startup'); });
  eear = new EventEmitterAsyncResource({ name: 'request-emitter' });
  eear.on('event', () => see('eear'));
  kept.push(() => see('kept'));
  kept.push(AsyncResource.bind(() => see('bound')));
  await null;
  see('await');
  await new Promise((resolve) => setTimeout(resolve, 5));
  see('await');
});
await later(() => {
  resolveStartup();
  longLived.emit('event');
  eear.emit('event');
  kept[0]();
  kept[1]();
});
await new Promise((resolve) => setTimeout(resolve, 200)); // the file read's callback too
for (const [what, stores] of Object.entries(seen)) console.log(`${what}|${[...new Set(stores)].join(' ')}`);
"#;
    let run = run("store-table", "table.mjs", program);
    assert_eq!(run.status, 0, "{}", run.stderr);
    for (first, case) in rows {
        let row = table_row(&md, first);
        assert_eq!(value_of(&run, case), expected_of(&row[1]), "the row {first:?} says {:?}", row[1]);
    }
    assert_eq!(value_of(&run, "io"), "request", "an I/O callback");
}

/// "Code further down adds what it learns ... with a nested `run` over a copy of the store, as
/// `inStage` does below", and "Copy, do not mutate: two stages running at once under
/// `Promise.all` keep a label each, while assigning `getStore().stage` in both leaves both with
/// whichever label was written last."
#[test]
fn copies_keep_a_label_each_and_mutating_the_shared_store_keeps_the_last_one() {
    let md = lesson(SLUG);
    let claim = prose(&md, "Copy, do not mutate:");
    assert!(claim.contains("with a nested `run` over a copy of the store, as `inStage` does below"), "{claim}");
    assert!(claim.contains("two stages running at once under `Promise.all` keep a label each, while assigning `getStore().stage` in both leaves both with whichever label was written last"), "{claim}");
    let runner = block(&md, "runner file=checkout.ts", "const inStage = ");
    let in_stage = runner.lines().find(|l| l.starts_with("const inStage = ")).unwrap();
    assert!(in_stage.contains("withContext({ ...context(), stage }, fn)"), "{in_stage}");
    let program = r#"import { AsyncLocalStorage } from 'node:async_hooks';
const als = new AsyncLocalStorage<Record<string, string>>();
const inStage = (stage: string, fn: () => Promise<void>) => als.run({ ...als.getStore(), stage }, fn);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const line = (what: string) => console.log(`${what}|${als.getStore()!.requestId} ${als.getStore()!.stage}`);
await als.run({ requestId: 'r-1' }, async () => {
  await Promise.all(['stock', 'payment'].map((stage) => inStage(stage, async () => { await sleep(5); line(`copy ${stage}`); })));
  line('after the copies');
  await Promise.all(['stock', 'payment'].map(async (stage) => { als.getStore()!.stage = stage; await sleep(5); line(`mutated ${stage}`); }));
});
"#;
    let run = run("copies", "copies.mts", program);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(value_of(&run, "copy stock"), "r-1 stock");
    assert_eq!(value_of(&run, "copy payment"), "r-1 payment");
    assert_eq!(value_of(&run, "after the copies"), "r-1 undefined", "a copy leaves the outer store as it was");
    assert_eq!(value_of(&run, "mutated stock"), "r-1 payment", "the last label written wins");
    assert_eq!(value_of(&run, "mutated payment"), "r-1 payment");
}

// ---------------------------------------------------------------------------------------------
// The checkout runner

/// The runner's own prose, "A charge that takes longer than 63 ms fails its checkout", and what
/// it says about each setting of `CONTEXT`: at 0 the lines name nobody ("the lines interleave,
/// and nothing ties one to its request"); at 1 "every line after the last arrival names the last
/// request, and its story holds every request's ending" ("lines carry whichever request set it
/// last"); at 2 "each line names its own request, the stage says where it was, and the failed
/// checkout's story is its own: started, user, cart, charging, failed", for any `REQUESTS` and
/// other seeds.
#[test]
fn the_checkout_runner_tells_the_story_the_lesson_says_at_each_setting() {
    let md = lesson(SLUG);
    let (info, code) = fences(&md).into_iter().find(|(i, _)| i.starts_with("runner file=checkout.ts")).expect("the checkout runner");
    let intro = prose(&md, "Below, a burst of checkouts arrives a millisecond apart");
    let timeout = number_after(&intro, "A charge that takes longer than ");
    assert_eq!(number_after(&code, "const CHARGE_TIMEOUT_MS = "), timeout, "{intro}");
    assert!(info.contains("lanes=handleCheckout,charge") && intro.contains("Every call of `handleCheckout` and of `charge` is a lane"), "{info}");
    let outcome = prose(&md, "At 0 the log is the incident's.");
    for part in [
        "At 1 every line after the last arrival names the last request, and its story holds every request's ending",
        "At 2 each line names its own request, the stage says where it was, and the failed checkout's story is its own: started, user, cart, charging, failed",
    ] {
        assert!(outcome.contains(part), "{part:?} is not in: {outcome}");
    }
    assert_eq!(table_row(&md, "It does not")[1], "the lines interleave, and nothing ties one to its request");
    assert_eq!(table_row(&md, "A module-level `currentRequest` variable")[1], "each request overwrites it; lines carry whichever request set it last");
    let default_seed = number_after(&info, "seed=") as u32;
    let is_end = |msg: &str| msg == "order confirmed" || msg.starts_with("checkout failed: ");
    let mut failures_shown = 0;
    for seed in [default_seed, 2, 3, 12_345] {
        for requests in [2, 4, 6] {
            for context in [0, 1, 2] {
                let program = with_knob(&with_knob(&code, "REQUESTS", requests).unwrap(), "CONTEXT", context).unwrap();
                let run = run_virtual(&format!("checkout-{seed}-{requests}-{context}"), "checkout.ts", &program, seed);
                let what = format!("seed {seed}, REQUESTS {requests}, CONTEXT {context}:\n{}{}", run.stdout, run.stderr);
                assert_eq!(run.status, 0, "{what}");
                let lines = run.lines();
                let blank = lines.iter().position(|l| l.is_empty()).unwrap_or_else(|| panic!("no summary: {what}"));
                let (log, summary) = (&lines[..blank], &lines[blank + 1..]);
                // The same lines whatever the setting: one ending per request.
                let msg = |l: &str| field(l, "msg").unwrap_or_else(|| l.split("  ").last().unwrap().to_string());
                assert_eq!(log.iter().filter(|l| is_end(&msg(l))).count(), requests as usize, "{what}");
                let failed = log.iter().any(|l| l.contains("checkout failed"));
                if seed == default_seed && requests == 4 {
                    assert!(failed, "as written, a checkout should fail: {what}");
                }
                if !failed {
                    assert_eq!(summary, ["no checkout failed"], "{what}");
                    continue;
                }
                failures_shown += 1;
                match context {
                    0 => {
                        assert!(log.iter().all(|l| !l.contains('{') && !l.contains("r-")), "a plain line names a request: {what}");
                        assert_eq!(summary, ["the failure names no request"], "{what}");
                    }
                    1 => {
                        let last = format!("r-{requests}");
                        let arrival = log.iter().rposition(|l| l.contains("\"checkout started\"")).unwrap();
                        assert!(log[arrival..].iter().all(|l| field(l, "requestId").as_deref() == Some(last.as_str())), "{what}");
                        assert_eq!(summary[0], format!("every line of {last}:"), "{what}");
                        let ends = summary[1..].iter().filter(|l| l.contains("order confirmed") || l.contains("checkout failed")).count();
                        assert_eq!(ends, requests as usize, "the story of {last} should hold every request's ending: {what}");
                    }
                    _ => {
                        // Each request's lines are one checkout, in order, with its stages and IDs.
                        for n in 1..=requests {
                            let id = format!("r-{n}");
                            let own: Vec<&&str> = log.iter().filter(|l| field(l, "requestId").as_deref() == Some(id.as_str())).collect();
                            for f in ["traceId", "userId", "orderId"] {
                                let values: std::collections::BTreeSet<Option<String>> = own.iter().map(|l| field(l, f)).collect();
                                assert!(values.len() == 1 && values.iter().next().unwrap().is_some(), "{id}: {f} {values:?}: {what}");
                            }
                            let steps: Vec<(String, String)> = own.iter().map(|l| (field(l, "msg").unwrap(), field(l, "stage").unwrap_or_default())).collect();
                            let steps: Vec<(&str, &str)> = steps.iter().map(|(m, s)| (m.as_str(), s.as_str())).collect();
                            let start = [("checkout started", ""), ("user loaded", "user"), ("cart loaded", "cart"), ("charging card", "payment")];
                            assert!(steps.len() >= 5 && steps[..4] == start, "{id}: {steps:?}: {what}");
                            match &steps[4..] {
                                [("card charged", "payment"), ("order confirmed", "")] => {}
                                [(failed, "")] if failed.starts_with("checkout failed: ") => {}
                                rest => panic!("{id} ends with {rest:?}: {what}"),
                            }
                        }
                        // The story: started, user, cart, charging, failed.
                        let id = field(log.iter().find(|l| l.contains("checkout failed")).unwrap(), "requestId").unwrap();
                        assert_eq!(summary[0], format!("every line of {id}:"), "{what}");
                        let story: Vec<String> = summary[1..].iter().map(|l| l.split_whitespace().skip(2).collect::<Vec<_>>().join(" ")).collect();
                        assert_eq!(story.len(), 5, "{what}");
                        assert_eq!(story[..4], ["checkout started", "user user loaded", "cart cart loaded", "payment charging card"], "{what}");
                        assert!(story[4].starts_with("checkout failed: charge timed out"), "{what}");
                    }
                }
            }
        }
    }
    assert!(failures_shown >= 12, "the seeds and knobs tried hardly show a failed checkout");
}

// ---------------------------------------------------------------------------------------------
// The pool runner, callback queues and AsyncResource.bind

/// "At 0 the third request gets its connection inside the first one's timer callback and takes
/// the first one's store; its own timer carries that store on to the fifth, and the fourth takes
/// the second's. At 1 every line is right. `AsyncResource.bind(callback)` ... does the same for
/// every `AsyncLocalStorage` at once; so does awaiting a promise that the queued callback
/// resolves, since the `await` resumes in the waiter's context."
#[test]
fn the_pool_runner_swaps_stores_with_plain_callbacks_and_keeps_them_otherwise() {
    let md = lesson(SLUG);
    let code = block(&md, "runner file=pool.ts", "function release(): void {");
    let claim = prose(&md, "At 0 the third request gets its connection");
    for part in [
        "At 0 the third request gets its connection inside the first one's timer callback and takes the first one's store; its own timer carries that store on to the fifth, and the fourth takes the second's. At 1 every line is right",
        "`AsyncResource.bind(callback)` from `node:async_hooks` does the same for every `AsyncLocalStorage` at once; so does awaiting a promise that the queued callback resolves, since the `await` resumes in the waiter's context",
    ] {
        assert!(claim.contains(part), "{part:?} is not in: {claim}");
    }

    // (request, what it logged, the store it found), for each line.
    let stores = |tag: &str, code: &str| -> Vec<(String, String, String)> {
        let run = run_virtual(tag, "pool.ts", code, 1);
        assert_eq!(run.status, 0, "{}", run.stderr);
        run.lines()
            .iter()
            .map(|l| {
                let (what, store) = l.split_once(", store ").unwrap_or_else(|| panic!("{l}"));
                let (id, msg) = what.split_once(' ').unwrap();
                (id.to_string(), msg.to_string(), store.split_whitespace().next().unwrap().to_string())
            })
            .collect()
    };
    let store_of = |lines: &[(String, String, String)], id: &str, msg: &str| -> String {
        lines.iter().find(|(i, m, _)| i == id && m == msg).unwrap_or_else(|| panic!("no {id} {msg}: {lines:#?}")).2.clone()
    };
    let plain = stores("pool-0", &with_knob(&code, "KEEP_STORE", 0).unwrap());
    assert_eq!(plain.len(), 10, "{plain:#?}");
    for (id, msg, store) in [("r-3", "got a connection", "r-1"), ("r-3", "query done", "r-1"), ("r-5", "got a connection", "r-1"), ("r-5", "query done", "r-1"), ("r-4", "got a connection", "r-2"), ("r-4", "query done", "r-2")] {
        assert_eq!(store_of(&plain, id, msg), store, "{id} {msg}: {plain:#?}");
    }
    // Who hands the connection to whom: each waiter gets it right after the release before it.
    let at = |id: &str, msg: &str| plain.iter().position(|(i, m, _)| i == id && m == msg).unwrap();
    for (releaser, waiter) in [("r-1", "r-3"), ("r-2", "r-4"), ("r-3", "r-5")] {
        assert_eq!(at(waiter, "got a connection"), at(releaser, "query done") + 1, "{waiter} should get {releaser}'s connection: {plain:#?}");
    }
    for id in ["r-1", "r-2"] {
        assert_eq!(store_of(&plain, id, "got a connection"), id);
        assert_eq!(store_of(&plain, id, "query done"), id);
    }
    let kept = stores("pool-1", &with_knob(&code, "KEEP_STORE", 1).unwrap());
    assert!(kept.iter().all(|(i, _, s)| i == s), "{kept:#?}");

    // AsyncResource.bind in place of the hand-made run.
    let by_hand = "waiting.push(KEEP_STORE ? () => als.run(store, callback) : callback);";
    let bound = code
        .replacen(by_hand, "waiting.push(AsyncResource.bind(callback));", 1)
        .replacen("import { AsyncLocalStorage } from \"node:async_hooks\";", "import { AsyncLocalStorage, AsyncResource } from \"node:async_hooks\";", 1);
    assert_ne!(bound, code);
    assert_eq!(stores("pool-bind", &bound), kept, "AsyncResource.bind against the hand-made run");
    // Awaiting a promise that the queued callback (plain, KEEP_STORE 0) resolves.
    let callback = "function query(id: string): void {\n  acquire(() => {\n";
    let end = "    }, 20);\n  });\n}\n";
    assert!(code.contains(callback) && code.contains(end), "{code}");
    let awaited = with_knob(&code, "KEEP_STORE", 0)
        .unwrap()
        .replacen(callback, "async function query(id: string): Promise<void> {\n  await new Promise<void>((resolve) => acquire(resolve));\n  {\n", 1)
        .replacen(end, "    }, 20);\n  }\n}\n", 1);
    assert_eq!(stores("pool-await", &awaited), kept, "awaiting a promise the queue resolves");

    // ... for every AsyncLocalStorage at once.
    let program = r#"const { AsyncLocalStorage, AsyncResource } = require('node:async_hooks');
const a = new AsyncLocalStorage();
const b = new AsyncLocalStorage();
const queue = [];
a.run('a-waiter', () => b.run('b-waiter', () => {
  queue.push(() => console.log(`plain|${a.getStore()} ${b.getStore()}`));
  queue.push(AsyncResource.bind(() => console.log(`bound|${a.getStore()} ${b.getStore()}`)));
}));
a.run('a-releaser', () => b.run('b-releaser', () => queue.forEach((f) => f())));
"#;
    let run = run("bind-all", "bind.cjs", program);
    assert_eq!((value_of(&run, "plain"), value_of(&run, "bound")), ("a-releaser b-releaser".to_string(), "a-waiter b-waiter".to_string()));
}

/// "A loader that batches many requests' lookups runs the batch in one request's context": a
/// loader in the usual shape (the first lookup of a tick schedules the batch), three requests.
#[test]
fn a_batch_of_many_requests_lookups_runs_in_one_requests_context() {
    let md = lesson(SLUG);
    assert!(prose(&md, "A loader that batches many requests' lookups").contains("runs the batch in one request's context: log it with every ID it serves"));
    let program = r#"const { AsyncLocalStorage } = require('node:async_hooks');
const als = new AsyncLocalStorage();
let batch = null;
function load(key) {
  if (!batch) {
    batch = [];
    process.nextTick(() => {
      const keys = batch.map((b) => b.key);
      console.log(`batch|${keys.join(' ')} in ${als.getStore()}`);
      batch.forEach((b) => b.resolve(`row ${b.key}`));
      batch = null;
    });
  }
  return new Promise((resolve) => batch.push({ key, resolve }));
}
for (const id of ['r-1', 'r-2', 'r-3']) {
  als.run(id, async () => {
    const row = await load(`k${id.slice(2)}`);
    console.log(`${id}|${row} in ${als.getStore()}`);
  });
}
"#;
    let run = run("batch", "batch.cjs", program);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(value_of(&run, "batch"), "k1 k2 k3 in r-1", "the batch runs in the context of the request that scheduled it");
    for n in 1..=3 {
        assert_eq!(value_of(&run, &format!("r-{n}")), format!("row k{n} in r-{n}"), "each caller's await resumes in its own context");
    }
}

// ---------------------------------------------------------------------------------------------
// enterWith

/// "`als.enterWith(store)` sets the store for the rest of the running synchronous code and
/// everything it schedules; nothing undoes it when its caller returns", the fragment (`jobId j-1`
/// in the caller and in a timer it sets), "In an `async` function before its first `await`, it
/// leaks into the caller; in a listener, into the listeners after it and the code that called
/// `emit()`", Node's HTTP server with two requests in one write, and "the change lasts until the
/// synchronous code it was called from ends".
#[test]
fn enter_with_leaks_into_the_caller_and_what_it_schedules_and_run_does_not() {
    let md = lesson(SLUG);
    let fragment = block(&md, "ts", "jobs.enterWith({ jobId: id });");
    assert!(fragment.contains("log('back in the caller'); // carries jobId j-1 too"));
    assert!(fragment.contains("setTimeout(() => log('a timer the caller set'), 10); // and so does this"));
    assert!(prose(&md, "`als.enterWith(store)` sets the store").contains("for the rest of the running synchronous code and everything it schedules; nothing undoes it when its caller returns"));
    let claim = prose(&md, "In an `async` function before its first `await`, it leaks into the caller");
    for part in [
        "in a listener, into the listeners after it and the code that called `emit()`",
        "Node's HTTP server runs the handlers of two requests that arrive in one write on a keep-alive connection in the same synchronous code, so with `enterWith` the second starts with the first one's store",
    ] {
        assert!(claim.contains(part), "{part:?} is not in: {claim}");
    }
    assert!(prose(&md, "A callback kept in an array, or a listener called by `emit()`, was never scheduled with Node").contains("so the change lasts until the synchronous code it was called from ends"));

    let program = format!("import {{ AsyncLocalStorage }} from 'node:async_hooks';\n{fragment}");
    let entered = run("enter-with", "enter.mts", &program);
    assert_eq!(entered.status, 0, "{}", entered.stderr);
    let lines = entered.lines();
    assert_eq!(lines.len(), 3, "{lines:#?}");
    assert!(lines.iter().all(|l| field(l, "jobId").as_deref() == Some("j-1")), "{lines:#?}");

    let program = r#"const { AsyncLocalStorage } = require('node:async_hooks');
const { EventEmitter } = require('node:events');
const als = new AsyncLocalStorage();
async function callee() {
  als.enterWith('callee');
  await null;
}
callee();
console.log(`caller after an async callee|${als.getStore()}`);
als.enterWith(undefined);
const bus = new EventEmitter();
bus.on('job', () => als.enterWith('listener'));
bus.on('job', () => console.log(`next listener|${als.getStore()}`));
bus.emit('job');
console.log(`after emit|${als.getStore()}`);
setTimeout(() => {
  als.enterWith(undefined);
  setTimeout(() => console.log(`a timer after the one that entered|${als.getStore()}`), 10);
  setTimeout(() => als.enterWith('in a timer'), 5);
}, 1);
"#;
    let cases = run("enter-with-cases", "cases.cjs", program);
    assert_eq!(cases.status, 0, "{}", cases.stderr);
    assert_eq!(value_of(&cases, "caller after an async callee"), "callee");
    assert_eq!(value_of(&cases, "next listener"), "listener");
    assert_eq!(value_of(&cases, "after emit"), "listener");
    assert_eq!(value_of(&cases, "a timer after the one that entered"), "undefined");

    // Two requests in one write on one connection, with enterWith and with run in the handler.
    let server = |entry: &str| {
        format!(
            r#"import {{ AsyncLocalStorage }} from 'node:async_hooks';
import {{ createServer }} from 'node:http';
import {{ connect }} from 'node:net';
const als = new AsyncLocalStorage();
let n = 0;
let sameTurn = false;
const work = (res) => setTimeout(() => res.end('ok'), 20);
const server = createServer((req, res) => {{
  const seen = als.getStore();
  console.log(`${{req.url}}|${{seen === undefined ? 'none' : seen}} ${{sameTurn}}`);
  sameTurn = true;
  queueMicrotask(() => (sameTurn = false));
  const id = `request ${{++n}}`;
  {entry}
}});
server.listen(0, '127.0.0.1', () => {{
  const socket = connect(server.address().port, '127.0.0.1', () => socket.write('GET /first HTTP/1.1\r\nHost: x\r\n\r\nGET /second HTTP/1.1\r\nHost: x\r\n\r\n'));
  let answers = 0;
  socket.on('data', (chunk) => {{
    answers += chunk.toString().split('HTTP/1.1 200').length - 1;
    if (answers === 2) {{ socket.destroy(); server.close(); }}
  }});
}});
"#
        )
    };
    let dir = scratch("pipelined");
    let entered = run_in(&dir, "enter.mjs", &server("als.enterWith(id);\n  work(res);"));
    assert_eq!(entered.status, 0, "{}", entered.stderr);
    assert_eq!((value_of(&entered, "/first"), value_of(&entered, "/second")), ("none false".to_string(), "request 1 true".to_string()), "with enterWith");
    let wrapped = run_in(&dir, "run.mjs", &server("als.run(id, () => work(res));"));
    assert_eq!((value_of(&wrapped, "/first"), value_of(&wrapped, "/second")), ("none false".to_string(), "none true".to_string()), "with run");
}

// ---------------------------------------------------------------------------------------------
// Structured logs

/// The logger as written: "The logger reads the store when it writes, not when it is made, so a
/// child made at startup ... still writes the running request's IDs"; levels; errors as name,
/// message and stack; and "`JSON.stringify` writes an `Error` as `{}`: its `name`, `message` and
/// `stack` are not own enumerable properties".
#[test]
fn the_logger_writes_the_running_requests_fields_and_errors_as_fields() {
    let md = lesson(SLUG);
    let logger = block(&md, "ts", "export class Logger {");
    let child = prose(&md, "The logger reads the store when it writes");
    assert!(child.contains("not when it is made, so a child made at startup, `log.child({ component: 'db' })`, still writes the running request's IDs"), "{child}");
    let stringify = prose(&md, "`err` is unpacked because");
    assert!(stringify.contains("`JSON.stringify` writes an `Error` as `{}`: its `name`, `message` and `stack` are not own enumerable properties"), "{stringify}");

    let program = format!(
        r#"import {{ AsyncLocalStorage }} from 'node:async_hooks';
const requestContext = new AsyncLocalStorage<Record<string, string>>();
{logger}
const dbLog = log.child({{ component: 'db' }});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
await Promise.all(['r-1', 'r-2'].map((requestId, i) => requestContext.run({{ requestId, traceId: `t-${{i + 1}}` }}, async () => {{
  await sleep(10 - 5 * i);
  dbLog.info('query', {{ rows: i }});
  await sleep(5);
  log.debug('detail');
  log.error('charge failed', {{ err: new Error(`declined ${{requestId}}`) }});
}})));
log.info('outside');
const e = new Error('x');
const own = Object.getOwnPropertyNames(e).map((name) => `${{name}}:${{Object.getOwnPropertyDescriptor(e, name)!.enumerable}}`).join(' ');
console.error(`stringify|${{JSON.stringify(e)}}|${{own}}|${{Object.hasOwn(e, 'name')}}`);
"#
    );
    let dir = scratch("logger");
    std::fs::write(dir.join("logger.mts"), &program).unwrap();
    let stripper = root().join("tests/oracle/run-stripped.mjs");
    let go = |level: Option<&str>| -> Run {
        let mut command = Command::new("node");
        command.arg(&stripper).arg("logger.mts").current_dir(&dir);
        match level {
            Some(l) => command.env("LOG_LEVEL", l),
            None => command.env_remove("LOG_LEVEL"),
        };
        let out = command.output().unwrap();
        Run { stdout: String::from_utf8_lossy(&out.stdout).into_owned(), stderr: String::from_utf8_lossy(&out.stderr).into_owned(), status: out.status.code().unwrap_or(-1) }
    };
    let run = go(None);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let lines = run.lines();
    assert_eq!(lines.len(), 5, "two requests' query and error lines and one outside, no debug: {lines:#?}");
    for l in &lines {
        assert_eq!(field(l, "service").as_deref(), Some("checkout"), "{l}");
        assert!(field(l, "time").is_some_and(|t| t.starts_with("20") && t.ends_with('Z')), "{l}");
    }
    for (i, id) in ["r-1", "r-2"].iter().enumerate() {
        let own: Vec<&&str> = lines.iter().filter(|l| field(l, "requestId").as_deref() == Some(*id)).collect();
        assert_eq!(own.len(), 2, "{id}: {lines:#?}");
        let trace = format!("t-{}", i + 1);
        assert!(own.iter().all(|l| field(l, "traceId").as_deref() == Some(trace.as_str())), "{own:#?}");
        let query = own.iter().find(|l| field(l, "msg").as_deref() == Some("query")).unwrap();
        assert_eq!((field(query, "component").as_deref(), field(query, "rows")), (Some("db"), Some(i.to_string())), "{query}");
        let error = own.iter().find(|l| field(l, "msg").as_deref() == Some("charge failed")).unwrap();
        assert_eq!(field(error, "level").as_deref(), Some("error"));
        assert!(error.contains(&format!("\"err\":{{\"name\":\"Error\",\"message\":\"declined {id}\",\"stack\":\"Error: declined {id}\\n")), "{error}");
    }
    let outside = lines.iter().find(|l| field(l, "msg").as_deref() == Some("outside")).unwrap();
    assert!(field(outside, "requestId").is_none(), "{outside}");
    // Node's own view of an Error.
    let line = run.stderr.lines().find(|l| l.starts_with("stringify|")).unwrap_or_else(|| panic!("{}", run.stderr));
    let parts: Vec<&str> = line.split('|').collect();
    assert_eq!(parts[1], "{}", "JSON.stringify(new Error('x'))");
    assert!(parts[2].contains("message:false") && parts[2].contains("stack:false") && parts[3] == "false", "{line}");
    // LOG_LEVEL=debug writes the debug lines too; warn drops info.
    assert_eq!(go(Some("debug")).lines().iter().filter(|l| field(l, "level").as_deref() == Some("debug")).count(), 2);
    assert!(go(Some("warn")).lines().iter().all(|l| field(l, "level").as_deref() == Some("error")));
}

/// "`debug` is off in production, but JavaScript evaluates a call's arguments before the logger
/// can look at the level", and the three lines' comments, with the lesson's logger and debug off,
/// then on.
#[test]
fn a_disabled_level_still_builds_its_arguments_unless_they_are_fields_or_guarded() {
    let md = lesson(SLUG);
    let logger = block(&md, "ts", "export class Logger {");
    let calls = block(&md, "ts", "log.debug(`cart ${JSON.stringify(cart)}`);");
    assert!(prose(&md, "Levels: `debug` is off in production").contains("but JavaScript evaluates a call's arguments before the logger can look at the level"));
    let lines: Vec<&str> = calls.lines().collect();
    assert_eq!(lines.len(), 3, "{calls}");
    assert!(lines[0].ends_with("// stringifies the cart even with debug off"));
    assert!(lines[1].ends_with("// stringified only if the line is written"));
    assert!(lines[2].ends_with("// nothing runs when off"));
    let program = |line: &str| {
        format!(
            r#"import {{ AsyncLocalStorage }} from 'node:async_hooks';
const requestContext = new AsyncLocalStorage<Record<string, string>>();
{logger}
let stringified = 0;
let computed = 0;
const cart = {{ items: 3, toJSON() {{ stringified++; return {{ items: 3 }}; }} }};
const computeTotals = (c: unknown) => {{ computed++; return 42; }};
{line}
console.error(`work|${{stringified}} ${{computed}}`);
"#
        )
    };
    let dir = scratch("levels");
    let stripper = root().join("tests/oracle/run-stripped.mjs");
    let work = |i: usize, level: &str| -> (String, usize) {
        let file = format!("line{i}.mts");
        std::fs::write(dir.join(&file), program(lines[i])).unwrap();
        let out = Command::new("node").arg(&stripper).arg(&file).env("LOG_LEVEL", level).current_dir(&dir).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "{stderr}");
        let line = stderr.lines().find_map(|l| l.strip_prefix("work|")).unwrap_or_else(|| panic!("{stderr}")).to_string();
        (line, String::from_utf8_lossy(&out.stdout).lines().count())
    };
    assert_eq!(work(0, "info"), ("1 0".to_string(), 0), "a template string with debug off");
    assert_eq!(work(1, "info"), ("0 0".to_string(), 0), "a field with debug off");
    assert_eq!(work(2, "info"), ("0 0".to_string(), 0), "a guarded line with debug off");
    assert_eq!(work(0, "debug"), ("1 0".to_string(), 1));
    assert_eq!(work(1, "debug"), ("1 0".to_string(), 1), "the logger stringifies the field of a line it writes");
    assert_eq!(work(2, "debug"), ("0 1".to_string(), 1));
}

// ---------------------------------------------------------------------------------------------
// traceparent

/// The server and `traceOf`/`traceparent` as written, one service calling another with the
/// header: "A service keeps the trace ID it receives, makes a new span ID for its own part, and
/// sends that as the parent on every call it makes", the formats ("32 lowercase hex digits",
/// "16 hex digits", the flags' lowest bit), a new trace for a missing or unusable header, and
/// "Node gives header names in lower case, so `req.headers.traceparent` finds the header however
/// the caller spelled it".
#[test]
fn traceparent_keeps_the_trace_and_names_this_service_as_the_parent() {
    let md = lesson(SLUG);
    let server = block(&md, "ts", "requestContext.run(ctx, () => handle(req, res));");
    let trace = block(&md, "ts", "export function traceOf(");
    let (functions, call) = trace.split_once("// Every outgoing call:\n").expect("the outgoing call in the traceparent block");
    let format = prose(&md, "Each service writes its own log, so the trace ID travels with every call");
    for part in [
        "The trace ID is 32 lowercase hex digits shared by every service, the parent ID is 16 hex digits naming the caller's span",
        "the flags' lowest bit says whether the trace is sampled",
        "A service keeps the trace ID it receives, makes a new span ID for its own part, and sends that as the parent on every call it makes",
    ] {
        assert!(format.contains(part), "{part:?} is not in: {format}");
    }
    assert!(prose(&md, "Node gives header names in lower case").contains("so `req.headers.traceparent` finds the header however the caller spelled it"));
    assert!(server.ends_with("}).listen(8080);\n"), "{server}");
    let server = server.replacen("createServer((req, res) => {", "const server = createServer((req, res) => {", 1).replacen("}).listen(8080);\n", "});\n", 1);

    // One service plays both: /checkout calls /reserve with the header, as the lesson's call does.
    let program = format!(
        r#"import {{ request }} from 'node:http';
{server}
{functions}
let INVENTORY_URL = '';
const seen: string[] = [];
async function handle(req: any, res: any) {{
  const {{ traceId, spanId, parentId, sampled, requestId }} = requestContext.getStore()!;
  seen.push(`${{req.url}}|${{traceId}} ${{spanId}} ${{parentId}} ${{sampled}} ${{requestId}}`);
  if (req.url === '/checkout') {{
    const body = '{{}}';
{call}  }}
  res.end();
}}
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
INVENTORY_URL = `http://127.0.0.1:${{(server.address() as any).port}}`;
const cases: [string, Record<string, string>][] = [
  ['none', {{}}],
  ['valid', {{ traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' }}],
  ['unsampled', {{ TraceParent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00' }}],
  ['upper hex', {{ traceparent: '00-0AF7651916CD43DD8448EB211C80319C-B7AD6B7169203331-01' }}],
  ['zero trace', {{ traceparent: '00-00000000000000000000000000000000-b7ad6b7169203331-01' }}],
  ['zero parent', {{ traceparent: '00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01' }}],
  ['garbage', {{ traceparent: 'hello' }}],
];
// node:http sends header names as they are spelled here (fetch would lower-case them).
const get = (headers: Record<string, string>) =>
  new Promise<void>((resolve, reject) =>
    request(`${{INVENTORY_URL}}/checkout`, {{ headers }}, (res) => {{
      res.resume();
      res.on('end', () => resolve());
    }}).on('error', reject).end(),
  );
for (const [name, headers] of cases) {{
  seen.length = 0;
  await get(headers);
  console.log(`case|${{name}}`);
  for (const line of seen) console.log(line);
}}
server.close();
"#
    );
    let run = run("traceparent", "trace.mts", &program);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let lines = run.lines();
    let hex = |s: &str, len: usize| s.len() == len && s.chars().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase());
    let given = "0af7651916cd43dd8448eb211c80319c";
    let given_parent = "b7ad6b7169203331";
    let mut checked = 0;
    for (i, line) in lines.iter().enumerate() {
        let Some(name) = line.strip_prefix("case|") else { continue };
        let parse = |l: &str| -> Vec<String> { l.split_once('|').unwrap().1.split(' ').map(String::from).collect() };
        assert!(lines[i + 1].starts_with("/checkout|") && lines[i + 2].starts_with("/reserve|"), "{name}: {lines:#?}");
        let (checkout, reserve) = (parse(lines[i + 1]), parse(lines[i + 2]));
        // [traceId, spanId, parentId, sampled, requestId]
        assert!(hex(&checkout[0], 32) && hex(&checkout[1], 16) && hex(&reserve[1], 16), "{name}: {checkout:?} {reserve:?}");
        assert_eq!(reserve[0], checkout[0], "{name}: the called service keeps the trace");
        assert_eq!(reserve[2], checkout[1], "{name}: the caller's span is the parent");
        assert_eq!(reserve[3], checkout[3], "{name}: the sampling decision travels on");
        assert_ne!(reserve[1], checkout[1], "{name}: each service makes its own span");
        assert!(checkout[4].len() == 36 && reserve[4].len() == 36 && checkout[4] != reserve[4], "{name}: a request ID each: {checkout:?} {reserve:?}");
        match name {
            "valid" | "unsampled" => {
                assert_eq!((checkout[0].as_str(), checkout[2].as_str()), (given, given_parent), "{name}");
                assert_eq!(checkout[3], if name == "valid" { "true" } else { "false" }, "{name}");
            }
            _ => assert!(checkout[0] != given && checkout[2] == "undefined", "{name}: an unusable header starts a new trace: {checkout:?}"),
        }
        checked += 1;
    }
    assert_eq!(checked, 7, "{lines:#?}");
}

// ---------------------------------------------------------------------------------------------
// What logging costs

/// "Writes: to a file, each write has finished by the time `console.log` or
/// `process.stdout.write` returns ... To a pipe ... what the pipe cannot take waits in memory:
/// 2,000 lines of 1 KB written while the reader paused for half a second left over 1.5 MB of the
/// 2 MB queued inside the process."
#[test]
fn stdout_to_a_file_writes_at_once_and_to_a_paused_pipe_queues_in_memory() {
    let md = lesson(SLUG);
    let claim = prose(&md, "Writes: to a file,");
    assert!(claim.contains("to a file, each write has finished by the time `console.log` or `process.stdout.write` returns"), "{claim}");
    assert!(claim.contains("To a pipe, as under most container log collectors, what the pipe cannot take waits in memory"), "{claim}");
    // "N lines of K KB ... left over X MB of the T MB": the figures come from the sentence.
    let lines = number_after(&claim, "memory: ");
    let kb = number_after(&claim, "lines of ");
    let figures = claim.split("paused for half a second left over ").nth(1).unwrap_or_else(|| panic!("{claim}"));
    let over: f64 = figures.split(" MB").next().unwrap().parse().unwrap_or_else(|_| panic!("{figures}"));
    let of = number_after(figures, "of the ");
    assert!(figures.starts_with(&format!("{over} MB of the {of} MB queued inside the process")), "{claim}");
    assert_eq!(lines * kb * 1000, of * 1_000_000, "{lines} lines of {kb} KB are not {of} MB");
    let writer = format!(
        "const line = 'x'.repeat({});\nlet most = 0;\nfor (let i = 0; i < {lines}; i++) {{\n  console.log(line);\n  most = Math.max(most, process.stdout.writableLength);\n}}\nconsole.error(`queued|${{most}}`);\n",
        kb * 1000 - 1
    );
    // The reader pauses for half a second, and longer if the writer is slow to start on a busy
    // machine: it resumes once both the half second is over and the writer has reported.
    let reader = r#"const { spawn } = require('node:child_process');
const child = spawn(process.execPath, ['writer.js'], { stdio: ['ignore', 'pipe', 'pipe'] });
child.stdout.pause();
let waited = false;
let reported = false;
const resume = () => waited && reported && child.stdout.resume();
setTimeout(() => { waited = true; resume(); }, 500);
child.stderr.on('data', (data) => { process.stderr.write(data); reported = true; resume(); });
"#;
    let dir = scratch("stdout");
    std::fs::write(dir.join("writer.js"), writer).unwrap();
    let piped = run_in(&dir, "reader.js", reader);
    let queued: u64 = piped.stderr.trim().strip_prefix("queued|").and_then(|n| n.parse().ok()).unwrap_or_else(|| panic!("{}", piped.stderr));
    let total = lines * kb * 1000;
    assert!(queued as f64 > over * 1e6 && queued <= total, "{queued} bytes queued of {total}: not over {over} MB");
    // To a file: nothing is ever queued.
    let file = std::fs::File::create(dir.join("out.txt")).unwrap();
    let out = Command::new("node").arg("writer.js").current_dir(&dir).stdout(file).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stderr).trim(), "queued|0");
}

/// "keeping a tenth of the lines at random keeps a tenth of every story ... a request of 12 lines
/// keeps all of them once in a trillion."
#[test]
fn sampling_lines_one_by_one_keeps_a_whole_story_once_in_a_trillion() {
    let md = lesson(SLUG);
    let claim = prose(&md, "keeping a tenth of the lines at random");
    let lines = number_after(&claim, "a request of ");
    assert!(claim.contains(&format!("a request of {lines} lines keeps all of them once in a trillion")), "{claim}");
    assert_eq!(10f64.powi(lines as i32), 1e12);
}
