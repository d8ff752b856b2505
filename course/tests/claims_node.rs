//! What the lessons say a plain code block prints, or in what order things happen, checked
//! against real Node 20. A claim that comes with a complete program is a runner (and
//! `runners_node.rs` checks it); the claims here are about fragments, about programs whose output
//! depends on the machine, or about a runner's output in prose. Each test reads the fragment and
//! the claim out of `content/*.md`, runs a complete program around the fragment in Node, and
//! compares what Node did with what the lesson says. Nothing Node prints is written down here.
//! Needs `node` (Node 20) and the npm packages in `tests/`, which `cargo xtask test` installs.

mod support;

use std::process::Command;

use inflight_course::with_knob;
use support::*;

#[test]
fn the_oracle_is_node_20() {
    let run = node(&root(), &["--version"]);
    assert!(run.stdout.starts_with("v20."), "these claims are about Node 20, and `node` is {}", run.stdout.trim());
}

// ---------------------------------------------------------------------------------------------
// The event loop will not stop you

/// "On Node 20 the microtask version held the 5 ms timer back for the full 200 ms ... Swapping
/// in `setImmediate(spin)` let the timer fire after about 5 ms".
#[test]
fn a_microtask_loop_holds_the_timer_back_and_an_immediate_loop_does_not() {
    let md = lesson("event-loop");
    let code = block(&md, "js", "function spin()");
    let delay = number_after(&code, "}, ");
    let window = number_after(&code, "started < ");
    let claim = prose(&md, "On Node 20 the microtask version");
    assert!(claim.contains(&format!("held the {delay} ms timer back for the full {window} ms")), "{claim}");
    assert!(claim.contains(&format!("`setImmediate(spin)` let the timer fire after about {delay} ms")), "{claim}");
    assert!(claim.contains("roughly a million spins") && claim.contains("about a thousand spins"), "{claim}");
    // The variant the code's own comment suggests.
    let suggested = "queueMicrotask(spin); // try setImmediate(spin)";
    assert!(code.contains(suggested), "the block no longer suggests setImmediate(spin)");
    let with_immediate = code.replacen("queueMicrotask(spin);", "setImmediate(spin);", 1);

    let dir = scratch("spin");
    let measure = |file: &str, code: &str| -> (u64, u64) {
        let run = run_in(&dir, file, code);
        assert_eq!(run.status, 0, "{}", run.stderr);
        let line = run.stdout.trim().to_string();
        (number_after(&line, "fired after "), number_after(&line, "ms and "))
    };
    let (micro_ms, micro_spins) = measure("microtask.js", &code);
    let (immediate_ms, immediate_spins) = measure("immediate.js", &with_immediate);
    assert!(micro_ms >= window, "the microtask loop let the timer fire after {micro_ms} ms, before {window} ms");
    assert!(immediate_ms < window / 4, "the immediate loop held the timer back for {immediate_ms} ms");
    // A million against a thousand: the machine sets the numbers, not their ratio's order.
    assert!(
        micro_spins >= 100 * immediate_spins,
        "{micro_spins} microtask spins against {immediate_spins} immediate spins is not a million against a thousand"
    );
}

/// "Node converts the delay to a number and keeps it only if it lies between 1 and 2147483647
/// ...: anything below 1 ms, anything above 2147483647 and `NaN` become 1 ms ...
/// `setTimeout(fn, '3')` waits 3 ms." (The warning is checked in claims_fixes.rs.)
#[test]
fn delays_that_are_too_small_too_large_or_nan_become_one_ms() {
    let md = lesson("event-loop");
    let claim = prose(&md, "does not mean \"next\"");
    let max = number_after(&claim, "anything above ");
    assert!(claim.contains("below 1 ms") && claim.contains("`NaN`"), "{claim}");
    let string_delay = number_after(&claim, "`setTimeout(fn, '");
    assert!(claim.contains(&format!("waits {string_delay} ms")), "{claim}");
    assert!(string_delay >= 2, "the example string should not read as 1 ms");

    // Each delay, and whether the claim says it becomes 1 ms.
    let delays: Vec<(String, bool)> = vec![
        ("0".into(), true),
        ("0.5".into(), true),
        ("-5".into(), true),
        ("'soon'".into(), true), // NaN
        ("undefined".into(), true), // NaN
        (format!("{}", max + 1), true),
        (format!("'{string_delay}'"), false),
        (format!("{max}"), false),
    ];
    // The timers that become 1 ms are armed first, then a reference of `string_delay - 1` ms,
    // then the others: each is armed no earlier than the one before and waits longer, so the
    // order they fire in does not depend on how long arming takes (Node reads the clock for
    // each). The 1 ms ones fire before the reference, `string_delay` ms after it, and `max` ms
    // never fires here.
    let reference = string_delay - 1;
    let mut code = String::from("const fired = [];\n");
    let arm = |code: &mut String, delay: &str| code.push_str(&format!("setTimeout(() => fired.push({delay:?}), {delay}).unref();\n"));
    for (delay, _) in delays.iter().filter(|(_, one)| *one) {
        arm(&mut code, delay);
    }
    code.push_str(&format!("setTimeout(() => fired.push('reference'), {reference});\n"));
    for (delay, _) in delays.iter().filter(|(_, one)| !*one) {
        arm(&mut code, delay);
    }
    code.push_str(&busy(string_delay as u32 + 5));
    code.push_str("setTimeout(() => console.log(fired.join('\\n')), 50);\n");
    let run = run("delays", "delays.js", &code);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let mut expected: Vec<String> = delays.iter().filter(|(_, one)| *one).map(|(d, _)| d.clone()).collect();
    expected.push("reference".into());
    expected.push(format!("'{string_delay}'"));
    assert_eq!(run.lines(), expected, "the order the timers fired in Node");
}

/// "A 5 ms timer queued before 200 ms of synchronous work fires after 200 ms."
#[test]
fn a_timer_waits_for_synchronous_work() {
    let md = lesson("event-loop");
    let claim = prose(&md, "The delay is also a floor");
    let delay = number_after(&claim, "A ");
    let work = number_after(&claim, "queued before ");
    assert!(claim.contains(&format!("fires after {work} ms")), "{claim}");
    let code = format!(
        "const started = Date.now();\nsetTimeout(() => console.log(Date.now() - started), {delay});\n{}",
        busy(work as u32)
    );
    let run = run("floor", "floor.js", &code);
    let fired: u64 = run.stdout.trim().parse().unwrap_or_else(|_| panic!("{}{}", run.stdout, run.stderr));
    assert!(fired >= work, "the {delay} ms timer fired after {fired} ms, before the {work} ms of work ended");
    // ... and at the first timers pass after the work, not at some later time of its own.
    assert!(fired < work + 50, "the {delay} ms timer fired {fired} ms after it was armed, long after the {work} ms of work");
}

/// "Every `await` here settles in a microtask, so the whole loop runs inside one checkpoint.
/// With 300,000 orders the process answers nothing ... until the loop ends", and the version that
/// awaits `yieldToLoop()` lets timers and I/O run.
#[test]
fn an_async_loop_without_io_answers_nothing_until_it_yields() {
    let md = lesson("event-loop");
    let claim = prose(&md, "Every `await` here settles in a microtask");
    let orders = number_after(&claim, "With ");
    assert!(claim.contains("answers nothing, not even its health check, until the loop ends"), "{claim}");
    let plain = block(&md, "ts", "await applyDiscounts(order); // async, but does no I/O");
    let yielding = block(&md, "ts", "await yieldToLoop(); // let timers and I/O run");

    // The health checks: a timer, an immediate and a file read, all started before the loop.
    let harness = format!(
        r#"
import {{ readFile }} from 'node:fs';

type Order = {{ id: number; total: number }};
async function applyDiscounts(order: Order): Promise<void> {{
  order.total = Math.round(order.total * 0.9);
}}
const orders: Order[] = Array.from({{ length: {orders} }}, (_, id) => ({{ id, total: 100 }}));
const answered: string[] = [];
setTimeout(() => answered.push('timer'), 0);
setImmediate(() => answered.push('immediate'));
readFile(new URL(import.meta.url), () => answered.push('file read'));
await recalculateTotals(orders);
console.log(`answered before the loop ended: ${{answered.join(', ') || 'nothing'}}`);
"#
    );
    let dir = scratch("async-loop");
    let before_end = |file: &str, fragment: &str| -> Vec<String> {
        let run = run_in(&dir, file, &format!("{fragment}{harness}"));
        assert_eq!(run.status, 0, "{}", run.stderr);
        let line = run.stdout.trim();
        let list = line.strip_prefix("answered before the loop ended: ").unwrap_or_else(|| panic!("{line}"));
        if list == "nothing" { vec![] } else { list.split(", ").map(String::from).collect() }
    };
    assert_eq!(before_end("plain.mts", &plain), Vec::<String>::new(), "the loop that never yields let health checks run");
    let mut answered = before_end("yielding.mts", &yielding);
    answered.sort();
    assert_eq!(answered, ["file read", "immediate", "timer"], "the loop that yields kept something waiting");
}

/// "A `.js` file is one when the nearest `package.json` says `"type": "module"`, or, with no
/// `type` set, when it uses ES module syntax such as `import` ... Changing that field, renaming a
/// file or adding an `import` line can reorder these callbacks".
#[test]
fn a_js_file_becomes_an_es_module_by_package_type_or_by_syntax() {
    let md = lesson("event-loop");
    let claim = prose(&md, "`.mjs` is always an ES module");
    assert!(claim.contains("`\"type\": \"module\"`") && claim.contains("ES module syntax such as `import`"), "{claim}");
    assert!(claim.contains("can reorder these callbacks"), "{claim}");
    let cjs = block(&md, "runner file=tick.cjs", "console.log('sync')");
    let mjs = block(&md, "runner file=tick.mjs", "console.log('sync')");
    assert_eq!(cjs, mjs, "the two tick runners are meant to hold the same four lines");

    let dir = scratch("module-kind");
    let as_commonjs = run_in(&dir, "tick.cjs", &cjs).stdout;
    let as_module = run_in(&dir, "tick.mjs", &cjs).stdout;
    assert_ne!(as_commonjs, as_module, "the same lines print the same order as .cjs and .mjs");
    assert_eq!(run_in(&dir, "plain.js", &cjs).stdout, as_commonjs, "a .js file with no import and no package type");
    let with_import = format!("import process from 'node:process';\n{cjs}");
    assert_eq!(run_in(&dir, "with-import.js", &with_import).stdout, as_module, "a .js file with an import line");
    let typed = dir.join("typed");
    std::fs::create_dir_all(&typed).unwrap();
    std::fs::write(typed.join("package.json"), "{ \"type\": \"module\" }\n").unwrap();
    assert_eq!(run_in(&typed, "tick.js", &cjs).stdout, as_module, "a .js file under \"type\": \"module\"");
}

/// The two orders `a` and `b` can print in.
fn either_order(a: &str, b: &str) -> [String; 2] {
    [format!("{a}\n{b}\n"), format!("{b}\n{a}\n")]
}

/// "In a CommonJS main script, this is a race" (each run prints one of the two orders; with
/// 5 ms of work after the two lines, `timeout` first every time), and "An ES module entry point
/// does not race in Node 20 ... `immediate` comes first every time, even with the 5 ms of work
/// added".
#[test]
fn settimeout_against_setimmediate_races_in_commonjs_but_not_in_an_es_module() {
    let md = lesson("event-loop");
    let code = block(&md, "js", "setImmediate(() => console.log('immediate'));");
    assert!(!code.contains("readFile"), "the race is the two lines on their own");
    let race = prose(&md, "Before entering the loop, Node runs expired timers once.");
    let runs = number_after(&race, "In ");
    let immediate_first = number_after(&race, "printed `immediate` first ");
    let timeout_first = number_after(&race, "and `timeout` first ");
    assert_eq!(immediate_first + timeout_first, runs, "{race}");
    let work = number_after(&race, "spend ");
    assert!(race.contains(&format!("spend {work} ms on synchronous work after these two lines and it prints `timeout` first every time")), "{race}");
    let module = prose(&md, "An ES module entry point does not race in Node 20.");
    assert!(module.contains("`immediate` comes first every time") && module.contains(&format!("{work} ms of work added")), "{module}");

    let dir = scratch("race");
    let orders = either_order("timeout", "immediate");
    for i in 0..20 {
        let run = run_in(&dir, "race.js", &code);
        assert!(orders.contains(&run.stdout), "run {i} of the CommonJS race printed {:?}", run.stdout);
    }
    let slow = format!("{code}{}", busy(work as u32));
    for i in 0..10 {
        assert_eq!(run_in(&dir, "slow.cjs", &slow).stdout, orders[0], "run {i}: CommonJS with {work} ms of work");
        assert_eq!(run_in(&dir, "slow.mjs", &slow).stdout, orders[1], "run {i}: an ES module with {work} ms of work");
        assert_eq!(run_in(&dir, "race.mjs", &code).stdout, orders[1], "run {i}: an ES module");
    }
}

/// The I/O callback runner is checked by `runners_node.rs` once; "The order does not depend on
/// the machine or on the run", "The same holds inside a timer callback", and (the quiz) the race
/// is back inside a setImmediate callback.
#[test]
fn inside_io_and_timer_callbacks_the_immediate_comes_first_and_inside_an_immediate_it_races() {
    let md = lesson("event-loop");
    let runner = block(&md, "runner file=io-callback.js", "readFile(__filename");
    assert!(prose(&md, "The order does not depend on the machine or on the run.").contains("The same holds inside a timer callback"));
    assert!(prose(&md, "The race exists when both are scheduled outside").contains("inside a `setImmediate` callback"));
    // The two lines the callback runs, kept from the runner.
    let inner: String = runner.lines().filter(|l| l.trim_start().starts_with("set")).map(|l| format!("{l}\n")).collect();
    assert_eq!(inner.lines().count(), 2, "{runner}");
    let first = |line: &str| line.split('\'').nth(1).unwrap().to_string();
    let (timeout, immediate) = (first(inner.lines().next().unwrap()), first(inner.lines().nth(1).unwrap()));
    let [timeout_first, immediate_first] = either_order(&timeout, &immediate);

    let dir = scratch("callbacks");
    let io = runner.replacen(&inner, &format!("{inner}{}", busy(5)), 1);
    let timer = format!("setTimeout(() => {{\n{inner}{}}}, 0);\n", busy(5));
    let immediate = format!("setImmediate(() => {{\n{inner}}});\n");
    let slow_immediate = format!("setImmediate(() => {{\n{inner}{}}});\n", busy(5));
    for i in 0..10 {
        assert_eq!(run_in(&dir, "io.js", &runner).stdout, immediate_first, "run {i}: the runner as written");
        assert_eq!(run_in(&dir, "io-busy.js", &io).stdout, immediate_first, "run {i}: in the I/O callback, with 5 ms of work");
        assert_eq!(run_in(&dir, "timer.js", &timer).stdout, immediate_first, "run {i}: in a timer callback, with 5 ms of work");
        // A race: either order when the callback returns at once, `timeout` first when the timer
        // has expired by the end of the iteration.
        let raced = run_in(&dir, "immediate.js", &immediate).stdout;
        assert!(raced == immediate_first || raced == timeout_first, "run {i}: in an immediate: {raced:?}");
        assert_eq!(run_in(&dir, "immediate-busy.js", &slow_immediate).stdout, timeout_first, "run {i}: in an immediate, with 5 ms of work");
    }
}

/// `code` with its line `line` (exactly, without indentation) inside `try { } catch (err) { }`.
fn in_try(code: &str, line: &str, on_error: &str) -> String {
    assert_eq!(code.lines().filter(|l| *l == line).count(), 1, "{line:?} is not a line of {code}");
    code.lines()
        .map(|l| if l == line { format!("try {{\n{l}\n}} catch (err) {{\n  {on_error}\n}}\n") } else { format!("{l}\n") })
        .collect()
}

/// Where the first line equal to `line` is in `lines`.
fn position(lines: &[&str], line: &str) -> usize {
    lines.iter().position(|l| *l == line).unwrap_or_else(|| panic!("Node never printed {line:?}: {lines:#?}"))
}

// ---------------------------------------------------------------------------------------------
// Bounded concurrency

const SLEEP_TS: &str = "const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));\n";

/// "`map` ran to the end synchronously, calling `migrateUser` [for every ID]; each call got as
/// far as its first `await`", "`Promise.all` starts nothing ... it collects results in input
/// order, and it rejects as soon as any input rejects", and "That rejection cancels nothing
/// either. The other operations keep running ... and keep writing rows".
#[test]
fn promise_all_over_map_starts_everything_and_its_rejection_cancels_nothing() {
    let md = lesson("bounded-concurrency");
    let story = prose(&md, "`map` ran to the end synchronously");
    assert!(story.contains("each call got as far as its first `await` and parked there"), "{story}");
    let waits = prose(&md, "A promise is not a task waiting for a start signal.");
    assert!(waits.contains("it collects results in input order, and it rejects as soon as any input rejects"), "{waits}");
    let cancels = prose(&md, "That rejection cancels nothing either.");
    assert!(cancels.contains("keep writing rows"), "{cancels}");
    let last = "await Promise.all(userIds.map(migrateUser));";
    let fragment = block(&md, "ts", last);

    // Four IDs; a later one answers sooner, and u3 has no profile.
    let ids = ["u1", "u2", "u3", "u4"];
    let services = format!(
        r#"{SLEEP_TS}
const log = (line: string) => console.log(line);
const userIds = {ids:?};
const profileService = {{
  async getProfile(id: string): Promise<{{ id: string }}> {{
    log(`getProfile ${{id}}`);
    await sleep(10 * (5 - Number(id.slice(1))));
    if (id === 'u3') throw new Error(`no profile for ${{id}}`);
    log(`profile of ${{id}}`);
    return {{ id }};
  }},
}};
const db = {{
  async query(sql: string, params: unknown[]): Promise<void> {{
    await sleep(1);
    log(`row written for ${{params[0]}}`);
  }},
}};
"#
    );
    let program = format!("{services}{}", in_try(&fragment, last, "log(`Promise.all rejected: ${(err as Error).message}`);"));
    let dir = scratch("promise-all");
    let run = run_in(&dir, "migrate.mts", &program);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let lines = run.lines();
    let started: Vec<String> = ids.iter().map(|id| format!("getProfile {id}")).collect();
    assert_eq!(lines[..ids.len()], started, "map called migrateUser for every ID before anything else ran");
    let rejected = position(&lines, "Promise.all rejected: no profile for u3");
    assert_eq!(position(&lines, "profile of u4") + 2, rejected, "Promise.all rejected when u3 failed, right after u4's row");
    for id in ["u1", "u2"] {
        assert!(position(&lines, &format!("row written for {id}")) > rejected, "{id}'s row was written after the rejection");
    }

    // Without the failing ID: results in input order, whatever order they finished in.
    let fine = format!(
        "{services}const profiles = await Promise.all(['u1', 'u2', 'u4'].map((id) => profileService.getProfile(id)));\nlog(`results: ${{profiles.map((p) => p.id).join(' ')}}`);\n"
    );
    let run = run_in(&dir, "results.mts", &fine);
    let lines = run.lines();
    assert!(position(&lines, "profile of u4") < position(&lines, "profile of u1"), "u4 answers first");
    assert_eq!(lines.last(), Some(&"results: u1 u2 u4"), "{lines:#?}");
}

/// "Not sequential: map() has already started every migration", and "If a later promise rejects
/// before the loop reaches it, nothing is handling that rejection yet, and Node 20 terminates the
/// process, even when the loop sits inside `try`/`catch`."
#[test]
fn for_await_over_mapped_promises_dies_of_an_early_rejection_inside_try() {
    let md = lesson("bounded-concurrency");
    let fragment = block(&md, "ts", "for await (const _ of userIds.map(migrateUser))");
    assert!(fragment.contains("// Not sequential: map() has already started every migration."));
    let claim = prose(&md, "It has a sharper edge too.");
    assert!(claim.contains("Node 20 terminates the process, even when the loop sits inside `try`/`catch`"), "{claim}");
    // The first ID is slow; the second fails while the loop still waits for the first.
    let program = format!(
        r#"{SLEEP_TS}
const userIds = ['slow', 'bad', 'fine'];
async function migrateUser(id: string): Promise<void> {{
  console.log(`start ${{id}}`);
  await sleep(id === 'slow' ? 50 : 10);
  if (id === 'bad') throw new Error(`no profile for ${{id}}`);
  console.log(`done ${{id}}`);
}}
try {{
{fragment}}} catch (err) {{
  console.log(`caught ${{(err as Error).message}}`);
}}
console.log('after the loop');
"#
    );
    let run = run("for-await", "loop.mts", &program);
    assert_eq!(run.lines()[..3], ["start slow", "start bad", "start fine"], "every migration started before the loop body ran");
    assert_ne!(run.status, 0, "the process did not die: {}", run.stdout);
    assert!(run.stderr.contains("no profile for bad"), "{}", run.stderr);
    for never in ["caught", "after the loop", "done slow"] {
        assert!(!run.stdout.contains(never), "the process went on to print {never:?}: {}", run.stdout);
    }
}

/// `pLimit(20); // at most 20 migrations in flight`, "Queued calls start in the order they were
/// submitted, each as soon as a running one settles, whether it fulfilled or rejected", "Current
/// versions of `p-limit` are ES modules only and need Node 20 or later", and "With `p-limit`,
/// calls still in the queue keep starting after `Promise.all` has rejected; call
/// `limit.clearQueue()` in your `catch` if the job should stop."
#[test]
fn p_limit_keeps_k_in_flight_starts_in_order_and_keeps_starting_after_a_rejection() {
    let md = lesson("bounded-concurrency");
    let fragment = block(&md, "ts", "import pLimit from 'p-limit';");
    let k = number_after(&fragment, "pLimit(");
    assert!(fragment.contains(&format!("// at most {k} migrations in flight")), "{fragment}");
    let order = prose(&md, "Queued calls start in the order they were submitted");
    assert!(order.contains("each as soon as a running one settles, whether it fulfilled or rejected"), "{order}");
    assert!(order.contains("ES modules only and need Node 20 or later"), "{order}");
    let failing = prose(&md, "Bounding concurrency does not give you cancellation.");
    assert!(failing.contains("calls still in the queue keep starting after `Promise.all` has rejected; call `limit.clearQueue()` in your `catch`"), "{failing}");

    let package = std::fs::read_to_string(root().join("tests/node_modules/p-limit/package.json")).unwrap();
    let compact: String = package.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(compact.contains("\"type\":\"module\"") && compact.contains("\"engines\":{\"node\":\">=20\"}"), "p-limit's package.json: {package}");

    // 60 IDs, every fourth fails; durations vary so that they settle out of order.
    let last = "await Promise.all(userIds.map((id) => limit(() => migrateUser(id))));";
    let program = |on_error: &str| {
        let body = in_try(&fragment, last, on_error);
        // The harness comes first: the fragment's import is hoisted above it anyway.
        format!(
            r#"const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const userIds = Array.from({{ length: 60 }}, (_, i) => i + 1);
let inFlight = 0;
async function migrateUser(id) {{
  inFlight++;
  console.log(`start ${{id}} (${{inFlight}} in flight)`);
  try {{
    await sleep(1 + ((id * 7) % 11));
    if (id % 4 === 0) throw new Error(`bad ${{id}}`);
  }} finally {{
    inFlight--;
    console.log(`settled ${{id}}${{id % 4 === 0 ? ' (rejected)' : ''}}`);
  }}
}}
{body}"#
        )
    };
    // p-limit is found through a node_modules beside the program.
    let dir = scratch("p-limit");
    std::os::unix::fs::symlink(root().join("tests/node_modules"), dir.join("node_modules")).unwrap();
    let parse = |run: &Run| -> Vec<(String, u64)> {
        assert_eq!(run.status, 0, "{}", run.stderr);
        run.lines().iter().map(|l| (l.split(' ').next().unwrap().to_string(), l.split(' ').nth(1).map_or(0, |n| n.parse().unwrap_or(0)))).collect()
    };
    let run = run_in(&dir, "limit.mjs", &program("console.log(`rejected: ${err.message}`);"));
    let events = parse(&run);
    let lines = run.lines();
    let starts: Vec<u64> = events.iter().filter(|(e, _)| e == "start").map(|(_, id)| *id).collect();
    assert_eq!(starts, (1..=60).collect::<Vec<u64>>(), "every call started once, in the order submitted");
    let most = lines.iter().filter_map(|l| l.split('(').nth(1)).filter_map(|l| l.split(' ').next()?.parse::<u64>().ok()).max();
    assert_eq!(most, Some(k), "the most migrations in flight at once");
    // After the first k, each start comes right after a settle.
    let mut after_rejected_settle = false;
    for (i, (event, _)) in events.iter().enumerate().skip(k as usize) {
        if event == "start" {
            assert!(events[i - 1].0 == "settled" || events[i - 1].0 == "rejected:", "line {i} starts without a settle before it: {lines:#?}");
            if events[i - 1].0 == "settled" && lines[i - 1].ends_with("(rejected)") {
                after_rejected_settle = true;
            }
        }
    }
    assert!(after_rejected_settle, "no call started right after a rejected one settled");
    let rejected = lines.iter().position(|l| l.starts_with("rejected: bad ")).expect("Promise.all rejected");
    assert!(events[rejected..].iter().any(|(e, _)| e == "start"), "nothing started after Promise.all rejected");

    let run = run_in(&dir, "clear.mjs", &program("console.log(`rejected: ${err.message}`);\n  limit.clearQueue();"));
    let events = parse(&run);
    let rejected = run.lines().iter().position(|l| l.starts_with("rejected: bad ")).expect("Promise.all rejected");
    assert!(!events[rejected..].iter().any(|(e, _)| e == "start"), "calls started after clearQueue(): {:#?}", run.lines());
}

fn semaphore_class(md: &str) -> String {
    block(md, "ts", "export class Semaphore")
}

/// "`acquire()` takes a free slot, or waits in a FIFO queue until one is released. `release()`
/// gives the slot directly to the oldest waiter", and "Handing the slot over keeps the order
/// fair and the count exact" (code that calls `acquire()` right after a release cannot take the
/// slot first).
#[test]
fn the_semaphore_hands_a_released_slot_to_the_oldest_waiter() {
    let md = lesson("bounded-concurrency");
    let class = semaphore_class(&md);
    let claim = prose(&md, "A semaphore is the primitive underneath a limiter.");
    assert!(claim.contains("waits in a FIFO queue") && claim.contains("gives the slot directly to the oldest waiter"), "{claim}");
    assert!(prose(&md, "The direct hand-off matters.").contains("keeps the order fair and the count exact"));
    let program = format!(
        r#"{class}
const slots = new Semaphore(2);
const got: string[] = [];
async function take(name: string): Promise<void> {{
  await slots.acquire();
  got.push(name);
}}
await take('first');
await take('second');
const waiting = [take('waiter A'), take('waiter B')];
slots.release();
const late = take('newcomer'); // calls acquire() right after the release
slots.release();
await Promise.all(waiting);
await new Promise((resolve) => setImmediate(resolve));
console.log(got.join('\n'));
slots.release();
await late;
console.log(got[got.length - 1]);
"#
    );
    let run = run("semaphore", "semaphore.mts", &program);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(run.lines(), ["first", "second", "waiter A", "waiter B", "newcomer"], "the order the slots went in");
}

/// "Measured in Node 20, a million calls queued in `pLimit(20)` held about 800 MB of heap before
/// the first one finished, more than the same million calls started at once with one timer each
/// (about 500 MB)." Heap sizes vary a little between runs and machines: within a third.
#[test]
fn a_million_queued_calls_cost_the_heap_more_than_a_million_timers() {
    let md = lesson("bounded-concurrency");
    let claim = prose(&md, "Measured in Node 20, a million calls queued in `pLimit(20)`");
    let queued = number_after(&claim, "`pLimit(20)` held about ");
    let unbounded = number_after(&claim, "with one timer each (about ");
    assert!(claim.contains("A limiter protects the downstream, not your heap"), "{claim}");
    let program = r#"import pLimit from 'p-limit';
const calls = 1_000_000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const before = process.memoryUsage().heapUsed;
let tasks;
if (process.argv[2] === 'limit') {
  const limit = pLimit(20);
  tasks = Array.from({ length: calls }, (_, i) => limit(() => sleep(10).then(() => i)));
} else {
  tasks = Array.from({ length: calls }, (_, i) => sleep(10).then(() => i));
}
globalThis.gc();
console.log(Math.round((process.memoryUsage().heapUsed - before) / 1e6));
process.exit(0);
"#;
    let dir = scratch("p-limit-heap");
    std::os::unix::fs::symlink(root().join("tests/node_modules"), dir.join("node_modules")).unwrap();
    std::fs::write(dir.join("heap.mjs"), program).unwrap();
    let _alone = EXCLUSIVE.write().unwrap_or_else(|e| e.into_inner());
    let measure = |mode: &str| -> u64 {
        let run = node_alone(&dir, &["--expose-gc", "--max-old-space-size=4096", "heap.mjs", mode]);
        assert_eq!(run.status, 0, "{}", run.stderr);
        run.stdout.trim().parse().unwrap()
    };
    let (limit_mb, timers_mb) = (measure("limit"), measure("timers"));
    let near = |seen: u64, said: u64| seen * 3 >= said * 2 && seen * 3 <= said * 4;
    assert!(near(limit_mb, queued), "queued in p-limit: {limit_mb} MB, the lesson says about {queued}");
    assert!(near(timers_mb, unbounded), "a million timers: {timers_mb} MB, the lesson says about {unbounded}");
    assert!(limit_mb > timers_mb, "{limit_mb} against {timers_mb} MB");
}

/// "Without `finally`, every failed task leaks a slot. After k failures every remaining task
/// waits forever: `Promise.all` still rejects on the first failure, but the rest never start, and
/// an `allSettled` or a pool never returns at all".
#[test]
fn without_finally_failed_tasks_leak_their_slots() {
    let md = lesson("bounded-concurrency");
    let class = semaphore_class(&md);
    let task = block(&md, "ts", "const migrationSlots = new Semaphore(");
    let k = number_after(&task, "new Semaphore(");
    let claim = prose(&md, "Without `finally`, every failed task leaks a slot.");
    assert!(claim.contains("After k failures every remaining task waits forever: `Promise.all` still rejects on the first failure, but the rest never start, and an `allSettled`"), "{claim}");
    // The same task without try/finally: release() only after a success.
    let lines: Vec<&str> = task.lines().collect();
    let at_try = position(&lines, "  try {");
    let at_finally = position(&lines, "  } finally {");
    assert_eq!(lines[at_finally + 2], "  }", "{task}");
    let leaky: String = lines
        .iter()
        .enumerate()
        .filter(|(i, _)| ![at_try, at_finally, at_finally + 2].contains(i))
        .map(|(_, l)| format!("{l}\n"))
        .collect();
    let failures = k;
    let total = k + 10;
    let harness = format!(
        r#"{SLEEP_TS}
let started = 0;
const profileService = {{
  async getProfile(id: string): Promise<string> {{
    started++;
    await sleep(1);
    if (id.startsWith('bad')) throw new Error(`no profile for ${{id}}`);
    return id;
  }},
}};
async function upsertProfile(id: string, profile: string): Promise<void> {{
  await sleep(1);
}}
process.on('exit', () => console.log(`started ${{started}} of {total}`));
"#
    );
    let driver = format!(
        r#"
const ids = Array.from({{ length: {total} }}, (_, i) => (i < {failures} ? `bad-${{i}}` : `good-${{i}}`));
const tasks = ids.map(migrateUser);
Promise.all(tasks).catch((err) => console.log(`Promise.all rejected: ${{err.message}}`));
const results = await Promise.allSettled(tasks);
console.log(`allSettled returned ${{results.length}} results`);
"#
    );
    let dir = scratch("leaked-slots");
    let with_finally = run_in(&dir, "finally.mts", &format!("{class}{harness}{task}{driver}"));
    assert_eq!(with_finally.status, 0, "{}", with_finally.stderr);
    assert_eq!(
        with_finally.lines(),
        ["Promise.all rejected: no profile for bad-0", &format!("allSettled returned {total} results"), &format!("started {total} of {total}")]
    );
    let without = run_in(&dir, "leaky.mts", &format!("{class}{harness}{leaky}{driver}"));
    assert_eq!(
        without.lines(),
        ["Promise.all rejected: no profile for bad-0", &format!("started {k} of {total}")],
        "without finally (status {}): {}",
        without.status,
        without.stderr
    );
    assert_eq!(without.status, 13, "an allSettled that never returns leaves the module's top-level await unsettled: {}", without.stderr);
    let said = prose(&md, "What the process does next depends on what else it holds.");
    for part in [
        "A script with nothing else to wait for simply ends, without an error: exit code 0 in CommonJS, with the rest of the work silently skipped, or 13 in an ES module, whose top-level `await` never settled.",
        "A server, or a script that holds a database pool open, keeps running and never finishes the job.",
    ] {
        assert!(said.contains(part), "{said}");
    }
    // CommonJS: no top-level await, so the script's end is the loop running dry.
    let cjs_driver = driver.replace("const results = await Promise.allSettled(tasks);\nconsole.log(`allSettled returned ${results.length} results`);", "Promise.allSettled(tasks).then((results) => console.log(`allSettled returned ${results.length} results`));");
    assert_ne!(cjs_driver, driver);
    let cjs_class = class.replace("export class", "class");
    let cjs = run_in(&dir, "leaky.cts", &format!("{cjs_class}{harness}{leaky}{cjs_driver}"));
    assert_eq!((cjs.status, cjs.lines()), (0, vec!["Promise.all rejected: no profile for bad-0", &format!("started {k} of {total}")]), "{}", cjs.stderr);
    // A pool's open sockets, played by an interval: the process keeps waiting.
    let pool = "const pool = setInterval(() => {}, 1000);\nsetTimeout(() => { console.log('still waiting'); process.exit(0); }, 300);\n";
    let held = run_in(&dir, "held.mts", &format!("{class}{harness}{leaky}{pool}{driver}"));
    assert_eq!((held.status, held.lines()), (0, vec!["Promise.all rejected: no profile for bad-0", "still waiting", &format!("started {k} of {total}")]), "{}", held.stderr);
}

/// The runner's prose: "Set the limit to 1 and the run becomes sequential; set it above the
/// number of tasks and it behaves like unbounded `Promise.all`. In between ... never more than
/// `LIMIT` calls of `work` wait on their timer at once, the others wait in line behind the
/// semaphore, and they start in the order they arrived."
#[test]
fn the_semaphore_runner_keeps_its_limit_and_its_order() {
    let md = lesson("bounded-concurrency");
    let info = fences(&md).into_iter().find(|(i, _)| i.starts_with("runner file=semaphore.ts")).expect("the semaphore runner");
    let (info, code) = info;
    let seed = number_after(&info, "seed=") as u32;
    let claim = prose(&md, "Try it below. This program is the whole demo");
    for part in [
        "Set the limit to 1 and the run becomes sequential",
        "set it above the number of tasks and it behaves like unbounded `Promise.all`",
        "never more than `LIMIT` calls of `work` wait on their timer at once",
        "they start in the order they arrived",
    ] {
        assert!(claim.contains(part), "{claim}");
    }
    // (id, starts at, in flight) for each start; (id) for each done, in the order printed.
    let parse = |stdout: &str| -> Vec<(bool, u64, u64, u64)> {
        stdout
            .lines()
            .filter(|l| l.contains(" task "))
            .map(|l| {
                let at = number_after(l.trim_start_matches(['[', ' ']), "");
                let id = number_after(l, "task ");
                if l.contains(" starts (") { (true, id, at, number_after(l, "starts (")) } else { (false, id, at, 0) }
            })
            .collect()
    };
    let tasks = 10;
    for limit in 1..=tasks + 2 {
        let program = with_knob(&with_knob(&code, "LIMIT", limit as i64).unwrap(), "TASKS", tasks as i64).unwrap();
        let run = run_virtual(&format!("semaphore-runner-{limit}"), "semaphore.ts", &program, seed);
        assert_eq!(run.status, 0, "{}", run.stderr);
        let events = parse(&run.stdout);
        let starts: Vec<&(bool, u64, u64, u64)> = events.iter().filter(|e| e.0).collect();
        assert_eq!(starts.iter().map(|e| e.1).collect::<Vec<_>>(), (1..=tasks).collect::<Vec<_>>(), "LIMIT {limit}: the order they started in");
        let most = starts.iter().map(|e| e.3).max().unwrap();
        assert_eq!(most, limit.min(tasks), "LIMIT {limit}: the most in flight at once");
        assert!(run.stdout.contains(&format!("peak {} in flight", limit.min(tasks))), "LIMIT {limit}: {}", run.stdout);
        if limit == 1 {
            // Sequential: each task starts after the one before it is done.
            for pair in events.chunks(2) {
                assert!(pair[0].0 && !pair[1].0 && pair[0].1 == pair[1].1, "LIMIT 1 is not sequential: {}", run.stdout);
            }
        }
        if limit > tasks {
            assert!(starts.iter().all(|e| e.2 == 0), "LIMIT {limit}: not every task started at once: {}", run.stdout);
            assert!(events[..tasks as usize].iter().all(|e| e.0), "LIMIT {limit}: a task finished before all had started");
        }
    }
}

/// "Async generators queue concurrent `next()` calls and answer them in order, so twenty workers
/// can share one without receiving the same ID twice", the comment "the others finish their
/// current item, then stop", and "The pool above stops pulling new items once one fails, and
/// passes `failed.signal` to `handle`: items already running finish unless `handle` honours that
/// signal.", and "When a worker fails ... `items.return()` ends it there, so its own `finally`
/// blocks run."
#[test]
fn the_worker_pool_shares_one_generator_and_stops_taking_items_after_a_failure() {
    let md = lesson("bounded-concurrency");
    let pool = block(&md, "ts", "export async function runPool<T>(");
    assert!(pool.contains("failed.abort(err); // the others finish their current item, then stop"), "{pool}");
    let source = block(&md, "ts", "async function* userIds(");
    let call = "await runPool(userIds(), 20, migrateUser); // the plain migrateUser from the top";
    let workers = number_after(call, "userIds(), ");
    assert!(source.contains(call), "{source}");
    let shared = prose(&md, "Async generators queue concurrent `next()` calls");
    assert!(shared.contains("so twenty workers can share one without receiving the same ID twice"), "{shared}");
    assert_eq!(workers, 20, "the prose counts twenty workers");
    let closing = prose(&md, "The `finally` in `runPool` matters with such a source.");
    assert!(closing.contains("`items.return()` ends it there, so its own `finally` blocks run."), "{closing}");
    // The source, wrapped so that the test sees it closed (`yield*` passes `return()` on).
    let tracked = "async function* tracked<T>(inner: AsyncIterable<T>): AsyncGenerator<T> {\n  try {\n    yield* inner;\n  } finally {\n    console.log('source closed');\n  }\n}\n";
    let source = format!("{tracked}{}", source.replace("runPool(userIds(),", "runPool(tracked(userIds()),"));
    let failing = prose(&md, "The pool above stops pulling new items once one fails");
    assert!(failing.contains("passes `failed.signal` to `handle`: items already running finish unless `handle` honours that signal"), "{failing}");

    // 2,500 IDs in a table, paged by the generator; each migration takes 1 to 4 ms and ignores
    // the signal. `FAILING` names the ID whose migration throws.
    let program = |failing: &str| {
        format!(
            r#"{pool}{SLEEP_TS}
const table = Array.from({{ length: 2500 }}, (_, i) => `user-${{String(i + 1).padStart(4, '0')}}`);
const pool = {{
  async query<T>(sql: string, [after, limit]: [string, number]): Promise<{{ rows: T[] }}> {{
    await sleep(2);
    return {{ rows: table.filter((id) => id > after).slice(0, limit).map((id) => ({{ id }})) as T[] }};
  }},
}};
let inFlight = 0;
let peak = 0;
async function migrateUser(id: string, signal: AbortSignal): Promise<void> {{
  inFlight++;
  peak = Math.max(peak, inFlight);
  console.log(`start ${{id}}`);
  try {{
    await sleep(1 + (Number(id.slice(5)) % 4));
    if (id === '{failing}') {{
      console.log(`fail ${{id}}`);
      throw new Error(`could not migrate ${{id}}`);
    }}
    console.log(`finish ${{id}} aborted=${{signal.aborted}}`);
  }} finally {{
    inFlight--;
  }}
}}
try {{
{source}}} catch (err) {{
  console.log(`runPool rejected: ${{(err as Error).message}}`);
}}
console.log(`peak ${{peak}}`);
"#
        )
    };
    let dir = scratch("worker-pool");
    let run = run_in(&dir, "pool.mts", &program("none"));
    assert_eq!(run.status, 0, "{}", run.stderr);
    let lines = run.lines();
    let started: Vec<&str> = lines.iter().filter_map(|l| l.strip_prefix("start ")).collect();
    let expected: Vec<String> = (1..=2500).map(|i| format!("user-{i:04}")).collect();
    assert_eq!(started, expected, "every ID once, in the generator's order");
    assert_eq!(lines.iter().filter(|l| l.starts_with("finish ")).count(), 2500);
    assert_eq!(lines.last(), Some(&format!("peak {workers}").as_str()));
    assert_eq!(lines.iter().filter(|l| **l == "source closed").count(), 1, "the source ran dry and closed once");

    let run = run_in(&dir, "failing.mts", &program("user-0100"));
    assert_eq!(run.status, 0, "{}", run.stderr);
    let lines = run.lines();
    let failed_at = position(&lines, "fail user-0100");
    let rejected = position(&lines, "runPool rejected: could not migrate user-0100");
    assert!(rejected > failed_at);
    let closed = position(&lines, "source closed");
    assert!(failed_at < closed && closed < rejected, "the source is closed before runPool settles: {lines:#?}");
    // The pool without its `finally` leaves the generator open.
    let unclosed = program("user-0100").replace("  try {\n    await Promise.all(Array.from({ length: workers }, worker));\n  } finally {\n    await items.return?.(); // close the source, even when a worker failed\n  }\n", "  await Promise.all(Array.from({ length: workers }, worker));\n");
    assert_ne!(unclosed, program("user-0100"));
    let without = run_in(&dir, "unclosed.mts", &unclosed);
    assert!(!without.lines().contains(&"source closed"), "{}", without.stdout);
    assert!(!lines[failed_at..].iter().any(|l| l.starts_with("start ")), "an item started after the failure: {lines:#?}");
    // The items running when it failed: started before, not finished before.
    let before = &lines[..failed_at];
    let running: Vec<&str> = before
        .iter()
        .filter_map(|l| l.strip_prefix("start "))
        .filter(|id| *id != "user-0100" && !before.iter().any(|l| l.starts_with(&format!("finish {id} "))))
        .collect();
    assert!(!running.is_empty(), "nothing else was running when the item failed");
    for id in &running {
        assert!(lines.contains(&format!("finish {id} aborted=true").as_str()), "{id}, running when user-0100 failed, did not finish with the signal aborted");
    }
}

/// `code` split into its `import` lines and the rest, so that the rest can go inside a block.
fn hoist_imports(code: &str) -> (String, String) {
    let (imports, rest): (Vec<&str>, Vec<&str>) = code.lines().partition(|l| l.starts_with("import "));
    (imports.iter().map(|l| format!("{l}\n")).collect(), rest.iter().map(|l| format!("{l}\n")).collect())
}

// ---------------------------------------------------------------------------------------------
// Backpressure


/// The table's byte default for Node 20: `16 KiB (16,384 bytes)`.
fn node_20_byte_default(md: &str) -> u64 {
    let text = cell(md, "Byte stream, Node 20");
    assert!(text.ends_with(" bytes)"), "{text}");
    number_after(&text, "(")
}

/// The table of default `highWaterMark`s for Node 20, "`stream.getDefaultHighWaterMark(false)`
/// reports the byte default", and "`writable.write(chunk)` returns ... `true` while the buffered
/// amount, counting the chunk just written and any chunk still being written, is below the
/// threshold, and `false` once it reaches it ... the `'drain'` event, which the stream emits once
/// its buffer has emptied."
#[test]
fn write_returns_false_once_the_buffer_reaches_the_node_20_default_threshold() {
    let md = lesson("backpressure");
    let bytes = node_20_byte_default(&md);
    let objects = number_after(&cell(&md, "Object mode, Node 20 and 22"), "");
    assert!(cell(&md, "Object mode, Node 20 and 22").ends_with(" objects"));
    // The paragraph's sentence (the quiz on the same default repeats it).
    let sentence: Vec<&str> = md.lines().filter(|l| l.starts_with("`stream.getDefaultHighWaterMark(false)` reports")).collect();
    assert_eq!(sentence.len(), 1, "{sentence:?}");
    assert!(sentence[0].contains("the byte default of the running Node"));
    let rule = prose(&md, "Every writable stream keeps an internal buffer");
    assert!(rule.contains("`true` while the buffered amount, counting the chunk just written and any chunk still being written, is below the threshold, and `false` once it reaches it"), "{rule}");
    assert!(rule.contains("the `'drain'` event, which the stream emits once its buffer has emptied"), "{rule}");

    // Sizes that bring the buffer to just below the threshold, to it, and past it; the first
    // chunk is the one being written (its callback never comes).
    let sizes = [1000, bytes - 1001, 1, 5];
    let program = format!(
        r#"import {{ Writable, getDefaultHighWaterMark }} from 'node:stream';
console.log(`defaults ${{getDefaultHighWaterMark(false)}} ${{getDefaultHighWaterMark(true)}}`);
console.log(`streams ${{new Writable().writableHighWaterMark}} ${{new Writable({{ objectMode: true }}).writableHighWaterMark}}`);
const held = new Writable({{ write() {{}} }});
for (const size of {sizes:?}) {{
  const ok = held.write(Buffer.alloc(size));
  console.log(`write ${{size}} ${{ok}} ${{held.writableLength}}`);
}}
const slow = new Writable({{ write(chunk, encoding, done) {{ setTimeout(done, 1); }} }});
while (slow.write(Buffer.alloc(1000)));
slow.on('drain', () => console.log(`drain ${{slow.writableLength}}`));
"#
    );
    let run = run("write-threshold", "threshold.mjs", &program);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let lines = run.lines();
    assert_eq!(lines[0], format!("defaults {bytes} {objects}"), "Node 20's defaults against the table");
    assert_eq!(lines[1], format!("streams {bytes} {objects}"), "a new stream's threshold against the table");
    let mut total = 0;
    for (line, size) in lines[2..2 + sizes.len()].iter().zip(sizes) {
        total += size;
        let below = total < bytes;
        assert_eq!(*line, format!("write {size} {below} {total}"), "the chunk is accepted; the boolean says whether the buffer is below {bytes}");
    }
    assert_eq!(lines.last(), Some(&"drain 0"), "'drain' came with data still buffered");
}

/// The table's `fs.createReadStream()` row, and "file write streams, sockets and `PassThrough`
/// keep the 16 KiB default".
#[test]
fn a_file_read_stream_reads_64_kib_and_the_other_byte_streams_keep_16() {
    let md = lesson("backpressure");
    let text = cell(&md, "`fs.createReadStream()`, Node 20");
    assert!(text.ends_with(" bytes)"), "{text}");
    let read = number_after(&text, "(");
    let byte_default = node_20_byte_default(&md);
    let rule = prose(&md, "A file read stream is the exception to it");
    assert!(rule.contains("`fs.createReadStream()` reads 64 KiB at a time even in Node 20, while file write streams, sockets and `PassThrough` keep the 16 KiB default"), "{rule}");
    assert_eq!(read, 64 * 1024, "the sentence and the table agree");
    let program = r#"import { createReadStream, createWriteStream } from 'node:fs';
import { Socket } from 'node:net';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
const here = fileURLToPath(import.meta.url);
const reader = createReadStream(here);
const writer = createWriteStream(here + '.out');
const socket = new Socket();
const pass = new PassThrough();
console.log(reader.readableHighWaterMark);
console.log([writer.writableHighWaterMark, socket.readableHighWaterMark, socket.writableHighWaterMark, pass.readableHighWaterMark, pass.writableHighWaterMark].join(' '));
reader.destroy();
writer.destroy();
"#;
    let run = run("read-stream-default", "defaults.mjs", program);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let lines = run.lines();
    assert_eq!(lines[0], read.to_string(), "createReadStream's threshold against the table");
    assert_eq!(lines[1], vec![byte_default.to_string(); 5].join(" "), "the others keep the byte default");
}

/// "five pushes of 4 KiB made before the loop reads come out as a single chunk of 20,480 bytes".
#[test]
fn for_await_takes_what_the_buffer_holds_not_one_chunk_per_push() {
    let md = lesson("backpressure");
    let rule = prose(&md, "Iterating a readable with `for await`");
    assert!(rule.contains("five pushes of 4 KiB made before the loop reads come out as a single chunk of 20,480 bytes"), "{rule}");
    let program = r#"import { Readable } from 'node:stream';
const source = new Readable({ read() {} });
for (let i = 0; i < 5; i++) source.push(Buffer.alloc(4096));
source.push(null);
const sizes = [];
for await (const chunk of source) sizes.push(chunk.length);
console.log(sizes.join(' '));
"#;
    let run = run("for-await-chunks", "chunks.mjs", program);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(run.lines(), vec!["20480"]);
}

/// `console.log(accepted, slowDisk.writableLength); // false 10485760`: the comment is what
/// Node prints.
#[test]
fn one_large_write_is_buffered_whole_as_the_comment_says() {
    let md = lesson("backpressure");
    let code = block(&md, "js", "const slowDisk = new Writable(");
    let line = code.lines().find(|l| l.starts_with("console.log(accepted")).expect("the line that prints");
    let claimed = line.split("// ").nth(1).expect("the comment with the output").trim();
    assert!(prose(&md, "One 10 MB write against a 16 KiB threshold").contains("is buffered whole"));
    let run = run("large-write", "large-write.mjs", &code);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(run.stdout.trim_end(), claimed);
}

/// The export loop that ignores `write()`'s boolean ("Everything in between piles up in the
/// response's buffer"), the one that awaits `'drain'`, and "If the client disconnects while the
/// loop waits, the response is destroyed, `'drain'` never fires, and unless an `'error'` is
/// emitted, `once()` never settles."
#[test]
fn ignoring_write_piles_up_awaiting_drain_bounds_it_and_a_destroyed_response_hangs_it() {
    let md = lesson("backpressure");
    let ignoring = block(&md, "ts", "res.write(toCsvLine(order)); // return value ignored");
    let honouring = block(&md, "ts", "await once(res, 'drain');");
    let piles = prose(&md, "The database hands over rows far faster");
    assert!(piles.contains("Everything in between piles up in the response's buffer, because `write()` keeps accepting chunks"), "{piles}");
    let hole = prose(&md, "It is better, and it still has a hole.");
    assert!(hole.contains("the response is destroyed, `'drain'` never fires, and unless an `'error'` is emitted, `once()` never settles"), "{hole}");

    // A client that takes one chunk a millisecond, and `ORDERS` rows of 64 bytes each.
    let harness = |orders: u32, end: &str| {
        format!(
            r#"import {{ Writable }} from 'node:stream';
const res = new Writable({{ write(chunk, encoding, done) {{ setTimeout(done, 1); }} }});
let peak = 0;
const write = res.write.bind(res);
res.write = (chunk: string) => {{
  const ok = write(chunk);
  peak = Math.max(peak, res.writableLength);
  return ok;
}};
async function* rows(): AsyncGenerator<{{ id: number }}> {{
  for (let id = 1; id <= {orders}; id++) yield {{ id }};
}}
const orders = rows();
const toCsvLine = (order: {{ id: number }}) => `${{String(order.id).padStart(8, '0')}},${{'x'.repeat(54)}}\n`;
{end}
"#
        )
    };
    let orders = 2000;
    let line_bytes = 64;
    let report = "process.on('exit', () => console.log(`peak ${peak} of ${res.writableHighWaterMark}`));";
    let dir = scratch("export-loop");
    let peak = |file: &str, fragment: &str| -> u64 {
        let run = run_in(&dir, file, &format!("{}{fragment}", harness(orders, report)));
        assert_eq!(run.status, 0, "{}", run.stderr);
        number_after(&run.stdout, "peak ")
    };
    let all = (orders * line_bytes) as u64;
    assert_eq!(peak("ignoring.mts", &ignoring), all, "ignoring the boolean, the whole export is buffered at once");
    let bounded = peak("honouring.mts", &honouring);
    let hwm = node_20_byte_default(&md);
    assert!(bounded < hwm + line_bytes as u64, "awaiting 'drain', the buffer still grew to {bytes} bytes", bytes = bounded);

    // The client goes away while the loop waits for 'drain': with no error, and with one.
    let (imports, body) = hoist_imports(&honouring);
    let hang = |file: &str, destroy: &str| -> Run {
        let end = format!(
            "{report}\nsetTimeout(() => {destroy}, 20);\nlet finished = false;\nprocess.on('exit', () => console.log(`destroyed ${{res.destroyed}}, loop finished ${{finished}}`));\n"
        );
        let program = format!("{imports}{}try {{\n{body}finished = true;\n}} catch (err) {{\n  console.log(`loop failed: ${{(err as Error).message}}`);\n}}\n", harness(1_000_000, &end));
        run_in(&dir, file, &program)
    };
    let quiet = hang("destroyed.mts", "res.destroy()");
    assert!(quiet.stdout.contains("destroyed true, loop finished false"), "{}{}", quiet.stdout, quiet.stderr);
    assert!(!quiet.stdout.contains("loop failed"), "{}", quiet.stdout);
    let failed = hang("errored.mts", "res.destroy(new Error('client went away'))");
    assert!(failed.stdout.contains("loop failed: client went away"), "with an 'error', once() rejects: {}{}", failed.stdout, failed.stderr);
}

/// "The generator is resumed only when the response can take more. If the client goes away,
/// `pipeline()` rejects with `ERR_STREAM_PREMATURE_CLOSE` and closes the generator, so its
/// `finally` blocks run and the cursor is released."
#[test]
fn pipeline_paces_the_generator_and_closes_it_when_the_client_goes_away() {
    let md = lesson("backpressure");
    let fragment = block(&md, "ts", "async function* csvLines(");
    let claim = prose(&md, "The generator is resumed only when the response can take more.");
    let code = claim.split('`').find(|w| w.starts_with("ERR_")).expect("the error code the prose names");
    assert!(claim.contains("closes the generator, so its `finally` blocks run and the cursor is released"), "{claim}");
    let last = "await pipeline(csvLines(orders), res);";
    let hwm = 1024;
    // The shortest line the generator makes: order 1, total 10, the fixed date.
    let shortest = "1,10,2026-01-01T00:00:00.000Z\n".len();
    let program = format!(
        r#"import {{ Writable }} from 'node:stream';
type Order = {{ id: number; total: number; createdAt: Date }};
let pulled = 0;
let written = 0;
let ahead = 0;
async function* cursor(): AsyncGenerator<Order> {{
  try {{
    for (let id = 1; ; id++) {{
      pulled++;
      ahead = Math.max(ahead, pulled - written);
      yield {{ id, total: id * 10, createdAt: new Date(Date.UTC(2026, 0, 1)) }};
    }}
  }} finally {{
    console.log('cursor released');
  }}
}}
const orders = cursor();
const res = new Writable({{
  highWaterMark: {hwm},
  write(chunk, encoding, done) {{
    setTimeout(() => {{
      written++;
      done();
    }}, 1);
  }},
}});
setTimeout(() => res.destroy(), 30);
{}console.log(`at most ${{ahead}} orders ahead of the client`);
"#,
        in_try(&fragment, last, "console.log(`pipeline rejected: ${(err as NodeJS.ErrnoException).code}`);")
    );
    let run = run("pipeline-generator", "export.mts", &program);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let lines = run.lines();
    position(&lines, &format!("pipeline rejected: {code}"));
    position(&lines, "cursor released");
    let ahead = number_after(&run.stdout, "at most ");
    let bound = (hwm / shortest + 3) as u64;
    assert!(ahead <= bound, "the generator ran {ahead} orders ahead of a client with a {hwm}-byte buffer");
}

/// "`push()` returns `false` once the readable's buffer reaches its `highWaterMark`, and Node
/// stops calling `_read()` until the buffer drops below it again ... A paused readable with a
/// full buffer asks its source for nothing more. Iterating a readable with `for await` takes
/// whatever the buffer holds at each step, and the next step waits for the loop body, so the body
/// sets the pace."
#[test]
fn a_readable_stops_reading_at_its_threshold_and_for_await_sets_the_pace() {
    let md = lesson("backpressure");
    let claim = prose(&md, "Readable streams have a threshold of their own.");
    for part in [
        "`push()` returns `false` once the readable's buffer reaches its `highWaterMark`, and Node stops calling `_read()` until the buffer drops below it again",
        "A paused readable with a full buffer asks its source for nothing more.",
        "Iterating a readable with `for await` takes whatever the buffer holds at each step, and the next step waits for the loop body, so the body sets the pace.",
    ] {
        assert!(claim.contains(part), "{claim}");
    }
    let hwm = 4;
    let program = format!(
        r#"import {{ Readable }} from 'node:stream';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
function numbers() {{
  let made = 0;
  return new Readable({{
    objectMode: true,
    highWaterMark: {hwm},
    read() {{
      const before = this.readableLength;
      made++;
      const more = this.push(made);
      console.log(`read ${{made}} before ${{before}} after ${{this.readableLength}} push ${{more}}`);
    }},
  }});
}}
const idle = numbers();
idle.read(0); // start filling, then consume nothing
await sleep(20);
console.log(`idle buffered ${{idle.readableLength}}`);
console.log('--- for await');
let consumed = 0;
for await (const n of numbers()) {{
  consumed++;
  console.log(`consumed ${{n}}`);
  await sleep(5);
  if (consumed === 10) break;
}}
"#
    );
    let run = run("readable", "readable.mjs", &program);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let lines = run.lines();
    let split = position(&lines, "--- for await");
    let reads = |part: &[&str]| -> Vec<(u64, u64, u64, bool)> {
        part.iter()
            .filter(|l| l.starts_with("read "))
            .map(|l| (number_after(l, "read "), number_after(l, "before "), number_after(l, "after "), l.ends_with("push true")))
            .collect()
    };
    for (made, _, after, more) in reads(&lines) {
        assert_eq!(more, after < hwm, "push({made}) with {after} buffered of {hwm}");
    }
    for (made, before, _, _) in reads(&lines[..split]) {
        assert!(before < hwm, "_read() was called for {made} with {before} already buffered");
    }
    // While iterating, `read()` calls `_read()` as it takes out the chunk that brings the buffer
    // below the threshold: that chunk is still counted then, and the next line is its consumer's.
    for (i, line) in lines.iter().enumerate().skip(split) {
        if line.starts_with("read ") {
            let before = number_after(line, "before ");
            assert!(before < hwm || (before == hwm && lines[i + 1].starts_with("consumed ")), "_read() was called with a full buffer: {line}");
        }
    }
    let idle = reads(&lines[..split]);
    assert_eq!(idle.len() as u64, hwm, "an idle readable asked its source for {} chunks", idle.len());
    assert_eq!(lines[split - 1], format!("idle buffered {hwm}"));
    // While iterating: never more than the threshold made ahead of the loop.
    let mut made = 0;
    let mut consumed = 0;
    for line in &lines[split..] {
        if line.starts_with("read ") {
            made += 1;
        } else if line.starts_with("consumed ") {
            consumed += 1;
        }
        assert!(made <= consumed + hwm + 1, "{made} made for {consumed} consumed: {lines:#?}");
    }
    assert_eq!(consumed, 10);
}

/// "Leaky: if gzip fails, only gzip is destroyed and both file streams stay open", "Safe: if
/// any stage fails, every stage is destroyed and the promise rejects once", and "With `.pipe()`,
/// an error in a middle stage destroys that stage alone and is not forwarded. The source and
/// destination stay alive ... and an `'error'` event with no listener crashes the process."
#[test]
fn pipe_leaves_the_file_streams_open_on_a_gzip_error_and_pipeline_destroys_every_stage() {
    let md = lesson("backpressure");
    let code = block(&md, "js", "import { createGzip } from 'node:zlib';");
    assert!(code.contains("// Leaky: if gzip fails, only gzip is destroyed and both file streams stay open."));
    assert!(code.contains("// Safe: if any stage fails, every stage is destroyed and the promise rejects once."));
    let claim = prose(&md, "With `.pipe()`, an error in a middle stage destroys that stage alone");
    assert!(claim.contains("is not forwarded. The source and destination stay alive") && claim.contains("an `'error'` event with no listener crashes the process"), "{claim}");
    let pipe_line = code.lines().find(|l| l.starts_with("// createReadStream(")).expect("the commented-out pipe() line");
    let pipeline_line = code.lines().find(|l| l.starts_with("await pipeline(")).expect("the pipeline() line");
    let leaky = code.replace(pipeline_line, "").replace(pipe_line, &pipe_line["// ".len()..]);
    let safe = in_try(&code, pipeline_line, "console.log(`rejected: ${err.message}`);");

    // Loaded before the program: gzip fails on its first chunk, and the file streams the program
    // makes, with the errors each one emits, are reported when the process exits.
    let harness = r#"import fs from 'node:fs';
import zlib from 'node:zlib';
import { syncBuiltinESMExports } from 'node:module';
const made = [];
for (const name of ['createReadStream', 'createWriteStream']) {
  const original = fs[name];
  fs[name] = (...args) => {
    const stream = original(...args);
    const entry = { name, stream, errors: 0 };
    stream.on('error', () => entry.errors++);
    made.push(entry);
    return stream;
  };
}
syncBuiltinESMExports();
zlib.Gzip.prototype._transform = function (chunk, encoding, callback) {
  made.push({ name: 'gzip', stream: this, errors: 0 });
  callback(new Error('gzip failed'));
};
process.on('exit', () => {
  for (const { name, stream, errors } of made) console.log(`${name} destroyed ${stream.destroyed} errors ${errors}`);
});
"#;
    let dir = scratch("pipe-pipeline");
    std::fs::write(dir.join("harness.mjs"), harness).unwrap();
    std::fs::write(dir.join("access.log"), "GET / 200\n".repeat(10_000)).unwrap();
    std::fs::write(dir.join("leaky.mjs"), leaky).unwrap();
    std::fs::write(dir.join("safe.mjs"), safe).unwrap();

    let run = node(&dir, &["--import", "./harness.mjs", "leaky.mjs"]);
    assert_ne!(run.status, 0, "the unhandled 'error' did not crash the process: {}", run.stdout);
    assert!(run.stderr.contains("gzip failed"), "{}", run.stderr);
    let mut report = run.lines();
    report.sort();
    assert_eq!(
        report,
        ["createReadStream destroyed false errors 0", "createWriteStream destroyed false errors 0", "gzip destroyed true errors 0"],
        "with pipe()"
    );

    let run = node(&dir, &["--import", "./harness.mjs", "safe.mjs"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let lines = run.lines();
    assert_eq!(lines.iter().filter(|l| l.starts_with("rejected: ")).count(), 1, "{lines:#?}");
    assert_eq!(lines[0], "rejected: gzip failed");
    assert!(lines[1..].iter().all(|l| l.contains(" destroyed true ")) && lines.len() == 4, "with pipeline(): {lines:#?}");
}

/// "a queue with a fixed capacity carries the same signal: `push()` settles at once while there
/// is room, and waits while the queue is full", with the class's comments "a consumer is already
/// waiting: hand the item over" and "the freed place goes to the oldest blocked producer".
#[test]
fn the_bounded_queue_settles_push_while_there_is_room_and_frees_places_in_order() {
    let md = lesson("backpressure");
    let class = block(&md, "ts", "export class BoundedQueue<T>");
    let claim = prose(&md, "Not every producer is a stream.");
    assert!(claim.contains("`push()` settles at once while there is room, and waits while the queue is full"), "{claim}");
    assert!(class.contains("// a consumer is already waiting: hand the item over"));
    assert!(class.contains("// the freed place goes to the oldest blocked producer"));
    let capacity = 2;
    let program = format!(
        r#"{class}
const queue = new BoundedQueue<number>({capacity});
const tick = () => new Promise((resolve) => setImmediate(resolve));
const push = (n: number) => queue.push(n).then(() => console.log(`push ${{n}} settled`));
for (let n = 1; n <= {capacity} + 2; n++) push(n);
await tick();
console.log('--- pushed');
for (let i = 0; i < {capacity} + 2; i++) {{
  console.log(`take ${{await queue.take()}}`);
  await tick();
}}
console.log('--- empty');
const waiting = queue.take().then((n) => console.log(`waiting take ${{n}}`));
push(99);
await waiting;
await tick();
"#
    );
    let run = run("bounded-queue", "queue.mts", &program);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let lines = run.lines();
    let pushed = position(&lines, "--- pushed");
    let settled = |n: u64| format!("push {n} settled");
    let mut at_once: Vec<String> = lines[..pushed].iter().map(|l| l.to_string()).collect();
    at_once.sort();
    assert_eq!(at_once, (1..=capacity).map(settled).collect::<Vec<_>>(), "the pushes that settled at once");
    let takes: Vec<&str> = lines.iter().filter_map(|l| l.strip_prefix("take ")).collect();
    assert_eq!(takes, (1..=capacity + 2).map(|n| n.to_string()).collect::<Vec<_>>(), "the items, first in first out");
    // The j-th blocked push settles during the j-th take (whose own line is printed after its
    // `await`): after the line of the take before it, and before the line of the take after it.
    for j in 1..=2 {
        let blocked = capacity + j;
        let at = position(&lines, &settled(blocked));
        let earliest = if j == 1 { pushed } else { position(&lines, &format!("take {}", j - 1)) };
        assert!(at > earliest, "push {blocked} settled before its place was free");
        assert!(at < position(&lines, &format!("take {}", j + 1)), "push {blocked} waited longer than one take");
    }
    assert!(position(&lines, &settled(capacity + 1)) < position(&lines, &settled(capacity + 2)), "the oldest blocked push is not the first freed");
    let empty = position(&lines, "--- empty");
    let mut handed: Vec<&str> = lines[empty + 1..].to_vec();
    handed.sort();
    assert_eq!(handed, ["push 99 settled", "waiting take 99"], "a waiting consumer gets the next push, which settles");
}

/// `await pending.push(event); // waits while 100 events are queued`, and "A producer that calls
/// `push()` without awaiting it has opted out".
#[test]
fn the_producer_waits_while_the_queue_is_full_and_opts_out_without_await() {
    let md = lesson("backpressure");
    let class = block(&md, "ts", "export class BoundedQueue<T>");
    let usage = block(&md, "ts", "await pending.push(event);");
    let capacity = number_after(&usage, "new BoundedQueue<OrderEvent>(");
    assert!(usage.contains(&format!("// waits while {capacity} events are queued")), "{usage}");
    assert!(prose(&md, "Memory is now bounded by the capacity").contains("A producer that calls `push()` without awaiting it has opted out"));
    let events = 3 * capacity;
    let harness = format!(
        r#"
type OrderEvent = {{ id: number }};
let made = 0;
let applied = 0;
let backlog = 0;
async function* orderEvents(): AsyncGenerator<OrderEvent> {{
  for (let id = 1; id <= {events}; id++) {{
    made++;
    backlog = Math.max(backlog, made - applied);
    yield {{ id }};
  }}
}}
async function applyEvent(event: OrderEvent): Promise<void> {{
  await new Promise((resolve) => setTimeout(resolve, 1));
  applied++;
}}
produce();
consume();
process.on('exit', () => console.log(`backlog ${{backlog}}, applied ${{applied}}`));
"#
    );
    let dir = scratch("queue-usage");
    let run_with = |file: &str, usage: &str| -> u64 {
        let run = run_in(&dir, file, &format!("{class}{usage}{harness}"));
        assert_eq!(run.status, 0, "{}", run.stderr);
        assert!(run.stdout.contains(&format!("applied {events}")), "{}", run.stdout);
        number_after(&run.stdout, "backlog ")
    };
    // Made but not yet applied: the queue, plus the event the consumer holds and the one the
    // producer is about to push.
    let awaited = run_with("awaited.mts", &usage);
    assert!(awaited >= capacity && awaited <= capacity + 2, "with await, {awaited} events were made ahead of the consumer");
    let opted_out = usage.replacen("await pending.push(event);", "pending.push(event);", 1);
    let unbounded = run_with("opted-out.mts", &opted_out);
    assert_eq!(unbounded, events, "without await, the producer made everything ahead of the consumer");
}

/// The runner's prose: "a producer that makes a job every 5 ms, a consumer that needs 20 ms for
/// each, and a queue of four places between them ... Once the queue is full, a `put` waits ...
/// Change the capacity and the depth follows it; the producer's pace does not change the
/// consumer's."
#[test]
fn the_bounded_queue_runner_fills_to_its_capacity_and_the_consumer_keeps_its_pace() {
    let md = lesson("backpressure");
    let (info, code) = fences(&md).into_iter().find(|(i, _)| i.starts_with("runner file=bounded-queue.ts")).expect("the queue runner");
    let claim = prose(&md, "Watch it happen below:");
    let every = number_after(&claim, "makes a job every ");
    let needs = number_after(&claim, "a consumer that needs ");
    assert!(claim.contains("a queue of four places") && code.contains("const CAPACITY = 4;"), "{claim}");
    assert!(code.contains(&format!("await sleep({every}); // a new job every {every} ms")));
    assert!(code.contains(&format!("await sleep({needs}); // each job takes {needs} ms")));
    assert!(claim.contains("Once the queue is full, a `put` waits") && claim.contains("Change the capacity and the depth follows it; the producer's pace does not change the consumer's"), "{claim}");
    let seed = if info.contains("seed=") { number_after(&info, "seed=") as u32 } else { 1 };
    let items = 30;
    for capacity in 1..=12 {
        let program = with_knob(&with_knob(&code, "CAPACITY", capacity).unwrap(), "ITEMS", items).unwrap();
        let run = run_virtual(&format!("queue-runner-{capacity}"), "bounded-queue.ts", &program, seed);
        assert_eq!(run.status, 0, "{}", run.stderr);
        let lines = run.lines();
        let depths: Vec<i64> = lines.iter().filter(|l| l.contains(" put #")).map(|l| number_after(l, "depth ") as i64).collect();
        assert_eq!(depths.len() as i64, items);
        assert_eq!(depths.iter().max(), Some(&capacity), "CAPACITY {capacity}: the deepest the queue got");
        assert!(run.stdout.contains(&format!("max depth {capacity} of {capacity}")), "{}", run.stdout);
        // A put that waited did so only once the queue was full.
        let first_wait = lines.iter().position(|l| l.contains(" put #") && l.contains("after waiting")).expect("no put waited");
        let full_at = lines.iter().position(|l| l.contains(" put #") && l.ends_with(&format!("depth {capacity}"))).unwrap();
        assert!(full_at < first_wait, "CAPACITY {capacity}: a put waited before the queue was full");
        let done: Vec<u64> = lines.iter().filter(|l| l.contains(" done #")).map(|l| number_after(l.trim_start(), "")).collect();
        assert!(done.windows(2).all(|w| w[1] - w[0] == needs), "CAPACITY {capacity}: the consumer's pace changed: {done:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Cancellation



/// "`abort()` is synchronous: it sets `aborted` and `reason` and runs every `'abort'` listener,
/// in the order they were added, before it returns. A second call does nothing; the first
/// reason stays", and the table of what each way of aborting leaves in `signal.reason`.
#[test]
fn abort_is_synchronous_and_idempotent_and_the_default_reasons_are_the_tables() {
    let md = lesson("cancellation");
    let claim = prose(&md, "`abort()` is synchronous");
    for part in ["runs every `'abort'` listener, in the order they were added, before it returns", "A second call does nothing; the first reason stays"] {
        assert!(claim.contains(part), "{claim}");
    }
    let manual = table_row(&md, "`controller.abort()`");
    let timeout = table_row(&md, "`AbortSignal.timeout(ms)`");
    let custom = table_row(&md, "`controller.abort(reason)`");
    let any = table_row(&md, "`AbortSignal.any(signals)`");
    assert_eq!((manual[1].as_str(), timeout[1].as_str()), ("a `DOMException`", "a `DOMException`"));
    assert!(custom[1].starts_with("`reason` itself") && any[1] == "the reason of the first source to abort", "{custom:?} {any:?}");

    let program = r#"
const show = (what, r) => console.log(`${what}|${r instanceof DOMException ? 'DOMException' : typeof r}|${r?.name}|${r?.message}`);
const manual = new AbortController();
const order = [];
manual.signal.addEventListener('abort', () => order.push('first'));
manual.signal.addEventListener('abort', () => order.push('second'));
manual.abort();
order.push('returned');
console.log(`order|${order.join(' ')}`);
show('manual', manual.signal.reason);
const first = manual.signal.reason;
manual.abort(new Error('again'));
console.log(`again|${manual.signal.reason === first}|${order.join(' ')}`);
const undef = new AbortController();
undef.abort(undefined);
show('undefined', undef.signal.reason);
const custom = new AbortController();
const reason = { why: 'mine' };
custom.abort(reason);
console.log(`custom|${custom.signal.reason === reason}`);
const a = new AbortController();
const b = new AbortController();
const any = AbortSignal.any([a.signal, b.signal]);
const bReason = new Error('b first');
b.abort(bReason);
a.abort(new Error('a later'));
console.log(`any|${any.reason === bReason}`);
const timed = AbortSignal.timeout(5);
setTimeout(() => show('timeout', timed.reason), 30);
"#;
    let run = run("abort-reasons", "reasons.js", program);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let lines = run.lines();
    assert!(lines.contains(&"order|first second returned"), "{lines:#?}");
    assert!(lines.contains(&"again|true|first second returned"), "a second abort() changed the reason or ran the listeners again: {lines:#?}");
    let expect = |what: &str, row: &[String]| format!("{what}|DOMException|{}|{}", code_cell(&row[2]), row[3]);
    assert!(lines.contains(&expect("manual", &manual).as_str()), "{lines:#?}");
    assert!(lines.contains(&expect("undefined", &manual).as_str()), "abort(undefined): {lines:#?}");
    assert!(lines.contains(&expect("timeout", &timeout).as_str()), "{lines:#?}");
    assert!(lines.contains(&"custom|true") && lines.contains(&"any|true"), "{lines:#?}");
}

/// "`timers/promises`, `events.once`, `fs` and stream `pipeline` reject with Node's own
/// `AbortError` (`code` `'ABORT_ERR'`, message "The operation was aborted") whose `cause` is the
/// signal's reason. `fetch` rejects with the reason itself, and `throwIfAborted()` throws it ...
/// a timeout seen through `timers/promises` is an `AbortError` caused by a `TimeoutError`."
#[test]
fn node_apis_reject_with_an_abort_error_caused_by_the_reason_and_fetch_with_the_reason() {
    let md = lesson("cancellation");
    let claim = prose(&md, "What an aborted API rejects with is another object.");
    for part in [
        "`timers/promises`, `events.once`, `fs` and stream `pipeline` reject with Node's own `AbortError` (`code` `'ABORT_ERR'`, message \"The operation was aborted\") whose `cause` is the signal's reason",
        "`fetch` rejects with the reason itself, and `throwIfAborted()` throws it",
        "a timeout seen through `timers/promises` is an `AbortError` caused by a `TimeoutError`",
    ] {
        assert!(claim.contains(part), "{claim}");
    }
    let program = r#"import { setTimeout as sleep } from 'node:timers/promises';
import { once, EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { Readable, Writable } from 'node:stream';
import { createServer } from 'node:http';

const server = createServer(() => {}); // never answers
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${server.address().port}/`;
const slowSink = () => new Writable({ write(chunk, encoding, done) { setTimeout(done, 100); } });
const apis = {
  'timers/promises': (signal) => sleep(1000, undefined, { signal }),
  'events.once': (signal) => once(new EventEmitter(), 'never', { signal }),
  fs: (signal) => readFile(new URL(import.meta.url), { signal }),
  pipeline: (signal) => pipeline(Readable.from(['a', 'b', 'c']), slowSink(), { signal }),
  fetch: (signal) => fetch(url, { signal }),
};
for (const [name, call] of Object.entries(apis)) {
  for (const when of ['before', 'during']) {
    const controller = new AbortController();
    const reason = new Error(`${name} gone`);
    if (when === 'before') controller.abort(reason);
    else setTimeout(() => controller.abort(reason), 5);
    try {
      await call(controller.signal);
      console.log(`${name}|${when}|settled`);
    } catch (err) {
      console.log(`${name}|${when}|${err === reason ? 'the reason' : `${err.name}|${err.code}|${err.message}|${err.cause === reason}`}`);
    }
  }
}
try {
  await sleep(1000, undefined, { signal: AbortSignal.timeout(5) });
} catch (err) {
  console.log(`timeout|${err.name}|${err.cause?.name}`);
}
const thrower = new AbortController();
const mine = new Error('mine');
thrower.abort(mine);
try {
  thrower.signal.throwIfAborted();
} catch (err) {
  console.log(`throwIfAborted|${err === mine}`);
}
server.closeAllConnections();
server.close();
"#;
    let run = run("api-errors", "apis.mjs", program);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let lines = run.lines();
    for name in ["timers/promises", "events.once", "fs", "pipeline"] {
        for when in ["before", "during"] {
            // fs reads this small file at once: only an abort before the call is sure to land.
            if name == "fs" && when == "during" {
                continue;
            }
            let line = format!("{name}|{when}|AbortError|ABORT_ERR|The operation was aborted|true");
            assert!(lines.contains(&line.as_str()), "{line}: {lines:#?}");
        }
    }
    assert!(lines.contains(&"fetch|before|the reason") && lines.contains(&"fetch|during|the reason"), "{lines:#?}");
    assert!(lines.contains(&"timeout|AbortError|TimeoutError") && lines.contains(&"throwIfAborted|true"), "{lines:#?}");
}

/// The incident ("the closed connection did not stop them, and when they finished, `res.end()`
/// wrote the report to a socket that was already gone, without an error"), the fixed handler
/// with its `'close'` check and deadline ("our deadline passed": 503), and the layers ("When the
/// client leaves during the fourth query, `fetch` closes its connection to the analytics
/// service, the query's promise rejects, and the loop never reaches the fifth"), run as written
/// against a stand-in analytics service, all in one Node process.
#[test]
fn the_handler_without_a_signal_runs_every_query_and_the_fixed_one_stops_at_the_disconnect_or_deadline() {
    let md = lesson("cancellation");
    let story = prose(&md, "At month end the queries slowed down.");
    assert!(story.contains("the closed connection did not stop them, and when they finished, `res.end()` wrote the report to a socket that was already gone, without an error"), "{story}");
    let layers_claim = prose(&md, "When the client leaves during the fourth query");
    assert!(layers_claim.contains("`fetch` closes its connection to the analytics service, the query's promise rejects, and the loop never reaches the fifth"), "{layers_claim}");
    let incident = block(&md, "ts", "const report = await buildReport(monthOf(req)); // ten queries, one after another");
    let fixed = block(&md, "ts", "if (!res.writableFinished) disconnected.abort(new Error('client disconnected'));");
    let layers = block(&md, "ts", "async function runQuery(");
    assert!(fixed.contains("res.statusCode = signal.aborted ? 503 : 500; // our deadline passed, or a real failure"), "{fixed}");
    let deadline = "AbortSignal.timeout(10_000)";
    assert!(fixed.contains(deadline), "{fixed}");

    // Ten queries of 80 ms each; the analytics service logs each one's start and end, and a
    // query whose connection closes before it has answered.
    let harness = r#"
import { createServer as analyticsServer } from 'node:http';
type ReportQuery = { title: string; sql: string };
type Section = { title: string; rows: unknown };
type Report = { month: string; sections: Section[] };
const REPORT_QUERIES: ReportQuery[] = Array.from({ length: 10 }, (_, i) => ({ title: `q${i + 1}`, sql: `select ${i + 1}` }));
const log = (line: string) => console.log(line);
const analytics = analyticsServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    const query = JSON.parse(body).sql.split(' ')[1];
    log(`query ${query} started`);
    if (query === process.env.LEAVE_DURING) setTimeout(() => (globalThis as any).leave(), 30);
    const timer = setTimeout(() => {
      res.end('[]');
      log(`query ${query} answered`);
    }, 80);
    res.on('close', () => {
      if (!res.writableFinished) {
        clearTimeout(timer);
        log(`query ${query} closed early`);
      }
    });
  });
});
await new Promise<void>((resolve) => analytics.listen(0, '127.0.0.1', () => resolve()));
const ANALYTICS_URL = `http://127.0.0.1:${(analytics.address() as { port: number }).port}`;
const monthOf = (req: { url?: string }) => req.url ?? '/';
"#;
    let client = r#"
// The report is over when buildReport settles, whichever way.
let reportSettled = () => {};
const settled = new Promise<void>((resolve) => (reportSettled = resolve));
const build = buildReport;
buildReport = (month: string, signal: AbortSignal) => build(month, signal).finally(() => reportSettled());
// Each query the report starts, and the moment the report's response closes.
const run = runQuery;
runQuery = (query: ReportQuery, month: string, signal: AbortSignal) => {
  log(`runQuery ${query.title}`);
  return run(query, month, signal);
};
server.on('request', (req, res) => res.on('close', () => log('report response closed')));
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
const reportUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/2026-01`;
const leaving = new AbortController();
(globalThis as any).leave = () => {
  log('client left');
  leaving.abort();
};
try {
  const response = await fetch(reportUrl, { signal: leaving.signal });
  log(`client got ${response.status}`);
} catch (err) {
  log(`client: ${(err as Error).name}`);
}
await settled;
await new Promise((resolve) => setTimeout(resolve, 200)); // the analytics service's last 'close'
log('end');
server.closeAllConnections();
server.close();
analytics.closeAllConnections();
analytics.close();
"#;
    let serve = |handler: &str| -> String {
        assert_eq!(handler.matches("createServer(async (req, res) => {").count(), 1, "{handler}");
        assert!(handler.ends_with("}).listen(8080);\n"), "{handler}");
        handler
            .replacen("createServer(async (req, res) => {", "const server = createServer(async (req, res) => {", 1)
            .replacen("}).listen(8080);\n", "});\n", 1)
    };
    let dir = scratch("report-server");
    // The client leaves 30 ms into query `leave_during` (of 80 ms), or waits for its answer.
    let report = |file: &str, handler: &str, leave_during: Option<u32>| -> Vec<String> {
        std::fs::write(dir.join(file), format!("{}{harness}{layers}{client}", serve(handler))).unwrap();
        let stripper = root().join("tests/oracle/run-stripped.mjs");
        let out = Command::new("node").arg(stripper).arg(file).env("LEAVE_DURING", leave_during.map(|q| q.to_string()).unwrap_or_default()).current_dir(&dir).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success() && stderr.is_empty(), "{file}: status {:?}, stderr {stderr}", out.status.code());
        String::from_utf8_lossy(&out.stdout).lines().map(String::from).collect()
    };
    let count = |lines: &[String], suffix: &str| lines.iter().filter(|l| l.ends_with(suffix)).count();
    // How many lines after the line `event` start with `prefix`.
    let after = |lines: &[String], event: &str, prefix: &str| -> usize {
        let at = lines.iter().position(|l| l == event).unwrap_or_else(|| panic!("no {event:?}: {lines:#?}"));
        lines[at..].iter().filter(|l| l.starts_with(prefix)).count()
    };

    // The incident: the handler has no signal to give (one that never aborts), and runs on.
    let never = incident.replacen("buildReport(monthOf(req))", "buildReport(monthOf(req), new AbortController().signal)", 1);
    let lines = report("incident.mts", &never, Some(2));
    assert_eq!((count(&lines, " started"), count(&lines, " answered")), (10, 10), "without a signal: {lines:#?}");
    assert!(after(&lines, "report response closed", "runQuery ") >= 5, "without a signal, the queries after the client left: {lines:#?}");
    assert!(lines.contains(&"client: AbortError".to_string()), "{lines:#?}");

    // The fixed handler: the client leaves during the fourth query; that query's connection
    // closes early and the report starts no other.
    let lines = report("fixed.mts", &fixed, Some(4));
    assert_eq!(after(&lines, "report response closed", "runQuery "), 0, "a query started after the client left: {lines:#?}");
    let started = count(&lines, " started");
    assert_eq!(started, lines.iter().filter(|l| l.starts_with("runQuery ")).count(), "{lines:#?}");
    assert!(started == 4 && count(&lines, " closed early") == 1 && count(&lines, " answered") == 3, "{lines:#?}");

    // The deadline: the same handler with a deadline of 100 ms, and a client who waits.
    // (It can expire between two queries: then none closes early.)
    let lines = report("deadline.mts", &fixed.replacen(deadline, "AbortSignal.timeout(200)", 1), None);
    assert!(lines.contains(&"client got 503".to_string()), "{lines:#?}");
    let started = count(&lines, " started");
    assert!(started < 10 && count(&lines, " closed early") <= 1 && count(&lines, " answered") + count(&lines, " closed early") == started, "{lines:#?}");
    assert_eq!(after(&lines, "client got 503", "runQuery "), 0, "{lines:#?}");
}

/// "Without the `await`, `signal.aborted` stays `false` for the whole loop, however far it runs
/// past the deadline: the timeout's timer cannot fire until the loop ends", and with it the loop
/// stops at its next check, with the reason itself (`throwIfAborted()` throws it).
#[test]
fn a_loop_that_never_yields_never_sees_the_timeout_and_one_that_yields_stops() {
    let md = lesson("cancellation");
    let claim = prose(&md, "Without the `await`, `signal.aborted` stays `false`");
    assert!(claim.contains("however far it runs past the deadline: the timeout's timer cannot fire until the loop ends"), "{claim}");
    let yielding = block(&md, "ts", "async function sumRows(");
    let await_line = "      await yieldToLoop(); // let timers and sockets run, so an abort can arrive\n";
    assert!(yielding.contains(await_line), "{yielding}");
    let never = yielding.replacen(await_line, "", 1);
    // Enough rows to run well past a 5 ms deadline.
    let harness = r#"
type Row = { amount: number };
const rows: Row[] = Array.from({ length: 3_000_000 }, (_, i) => ({ amount: i % 7 }));
const signal = AbortSignal.timeout(5);
const started = Date.now();
try {
  const total = await sumRows(rows, signal);
  console.log(`finished|${total}|${Date.now() - started}|${signal.aborted}`);
} catch (err) {
  console.log(`stopped|${(err as Error).name}|${err === signal.reason}`);
}
"#;
    let dir = scratch("sum-rows");
    let run_it = |file: &str, code: &str| -> String {
        let run = run_in(&dir, file, &format!("{code}{harness}"));
        assert_eq!(run.status, 0, "{}", run.stderr);
        run.stdout.trim().to_string()
    };
    assert_eq!(run_it("yielding.mts", &yielding), "stopped|TimeoutError|true");
    let line = run_it("never.mts", &never);
    let parts: Vec<&str> = line.split('|').collect();
    assert_eq!((parts[0], parts[3]), ("finished", "false"), "{line}");
    let ms: u64 = parts[2].parse().unwrap();
    assert!(ms > 5, "the loop took {ms} ms: it never ran past the deadline, so it shows nothing");
}

/// `cancellable` ("removed when the work ends"), `track` ("At the eleventh, Node 20 prints
/// `MaxListenersExceededWarning: ...` on stderr, once; the listeners keep piling up after it.
/// Raising the limit with `events.setMaxListeners()` only silences it"), "`AbortSignal.any(...)`,
/// which adds no `'abort'` listener to its sources", and "`timers/promises` `setTimeout` removes
/// its listener when its timer fires, so awaiting a hundred delays with one signal leaves no
/// listener behind".
#[test]
fn listeners_on_a_long_lived_signal_pile_up_and_warn_at_the_eleventh_unless_removed() {
    let md = lesson("cancellation");
    let claim = prose(&md, "Called per request, `track` adds a listener");
    let warning = claim.split("prints `").nth(1).and_then(|r| r.split('`').next()).expect("the warning in backticks");
    assert!(claim.contains("At the eleventh, Node 20 prints") && claim.contains("on stderr, once; the listeners keep piling up after it"), "{claim}");
    assert!(claim.contains("Raising the limit with `events.setMaxListeners()` only silences it"), "{claim}");
    assert!(claim.contains("`AbortSignal.any([shutdown.signal, disconnected.signal])`, which adds no `'abort'` listener to its sources"), "{claim}");
    let timers = prose(&md, "Node's APIs clean up after themselves");
    let delays = 100; // "a hundred"
    assert!(timers.contains("awaiting a hundred delays with one signal leaves no listener behind"), "{timers}");
    let cancellable = block(&md, "ts", "export async function cancellable<T>(");
    let track = block(&md, "ts", "function track(res: ServerResponse): void {");
    assert!(track.contains("process.once('SIGTERM', () => shutdown.abort());"), "{track}");

    let head = "import { getEventListeners, setMaxListeners } from 'node:events';\nimport { setTimeout as sleep } from 'node:timers/promises';\ntype ServerResponse = { destroy(): void };\nconst count = (signal: AbortSignal) => getEventListeners(signal, 'abort').length;\n";
    let dir = scratch("listeners");
    let go = |file: &str, code: String| -> Run {
        let run = run_in(&dir, file, &format!("{head}{code}"));
        assert_eq!(run.status, 0, "{file}: {}", run.stderr);
        run
    };
    let warnings = |run: &Run| run.stderr.matches("MaxListenersExceededWarning").count();

    // Ten requests: no warning. Twenty: one warning, with the lesson's text, and twenty listeners.
    for (requests, expected) in [(10, 0), (20, 1)] {
        let run = go(&format!("track-{requests}.mts"), format!("{track}for (let i = 0; i < {requests}; i++) track({{ destroy() {{}} }});\nconsole.log(count(shutdown.signal));\n"));
        assert_eq!(warnings(&run), expected, "{requests} requests: {}", run.stderr);
        if expected == 1 {
            assert!(run.stderr.contains(&format!("MaxListenersExceededWarning: {}", warning.trim_start_matches("MaxListenersExceededWarning: "))), "{}", run.stderr);
        }
        assert_eq!(run.stdout.trim(), requests.to_string(), "the listeners left on the signal");
    }
    // A raised limit: no warning, and the listeners are all still there.
    let run = go("raised.mts", format!("{track}setMaxListeners(1000, shutdown.signal);\nfor (let i = 0; i < 20; i++) track({{ destroy() {{}} }});\nconsole.log(count(shutdown.signal));\n"));
    assert_eq!((warnings(&run), run.stdout.trim()), (0, "20"), "{}", run.stderr);

    // cancellable: twenty finished works leave no listener; an abort calls cancel once.
    let run = go(
        "cancellable.mts",
        format!(
            r#"{cancellable}
const shutdown = new AbortController();
for (let i = 0; i < 20; i++) await cancellable(shutdown.signal, () => sleep(1), () => console.log('cancelled too early'));
console.log(`after 20|${{count(shutdown.signal)}}`);
let cancels = 0;
let stop = () => {{}};
const work = cancellable(shutdown.signal, () => new Promise<void>((resolve) => (stop = resolve)), () => {{ cancels++; stop(); }});
console.log(`during|${{count(shutdown.signal)}}`);
shutdown.abort();
shutdown.abort();
await work;
console.log(`aborted|${{cancels}}|${{count(shutdown.signal)}}`);
"#
        ),
    );
    assert_eq!((warnings(&run), run.lines()), (0, vec!["after 20|0", "during|1", "aborted|1|0"]), "{}", run.stderr);

    // AbortSignal.any and timers/promises leave no listener on the long-lived signal.
    let run = go(
        "derived.mts",
        format!(
            r#"const shutdown = new AbortController();
const kept = [];
for (let i = 0; i < 20; i++) kept.push(AbortSignal.any([shutdown.signal, new AbortController().signal]));
console.log(`any|${{count(shutdown.signal)}}`);
for (let i = 0; i < {delays}; i++) await sleep(1, undefined, {{ signal: shutdown.signal }});
console.log(`delays|${{count(shutdown.signal)}}`);
"#
        ),
    );
    assert_eq!((warnings(&run), run.lines()), (0, vec!["any|0", "delays|0"]), "{}", run.stderr);
}

/// "The caller gets its error on time, and the query goes on to the end, holding its
/// connection", for `withTimeout` as written.
#[test]
fn promise_race_against_a_timer_stops_the_waiting_not_the_work() {
    let md = lesson("cancellation");
    let code = block(&md, "ts", "function withTimeout<T>(");
    assert!(code.contains("// Stops the waiting, not the work."));
    assert!(prose(&md, "The caller gets its error on time").contains("the query goes on to the end, holding its connection"));
    let program = format!(
        r#"{code}
const started = Date.now();
let open = 0;
async function query(): Promise<string> {{
  open++;
  await new Promise((resolve) => setTimeout(resolve, 60));
  open--;
  console.log(`query finished at ${{Date.now() - started >= 60 ? 'the end' : 'once'}}`);
  return 'rows';
}}
try {{
  await withTimeout(query(), 10);
}} catch (err) {{
  console.log(`caller: ${{(err as Error).message}} with ${{open}} query open`);
}}
"#
    );
    let run = run("race", "race.mts", &program);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(run.lines(), ["caller: timed out after 10 ms with 1 query open", "query finished at the end"]);
}

/// "A signal from `AbortSignal.any()` aborts after its source's listeners have run. In Node 20,
/// a listener on the source that reads the combined signal still sees `aborted === false`."
#[test]
fn a_combined_signal_aborts_after_its_sources_listeners() {
    let md = lesson("cancellation");
    let claim = prose(&md, "A signal from `AbortSignal.any()` aborts after its source's listeners have run.");
    assert!(claim.contains("In Node 20, a listener on the source that reads the combined signal still sees `aborted === false`"), "{claim}");
    let program = r#"const source = new AbortController();
const combined = AbortSignal.any([source.signal, new AbortController().signal]);
combined.addEventListener('abort', () => console.log('combined listener'));
source.signal.addEventListener('abort', () => console.log(`source listener sees ${combined.aborted}`));
source.abort();
console.log(`after ${combined.aborted}`);
"#;
    let run = run("any-order", "any.js", program);
    assert_eq!(run.lines(), ["source listener sees false", "combined listener", "after true"], "{}", run.stderr);
}

/// "`AbortSignal.timeout(ms)` aborts after `ms` milliseconds; its timer is unref'd, so it does
/// not keep the process alive."
#[test]
fn a_timeout_signal_does_not_keep_the_process_alive() {
    let md = lesson("cancellation");
    assert!(prose(&md, "`AbortSignal.any()` aborts as soon as any").contains("its timer is unref'd, so it does not keep the process alive"));
    let program = r#"const started = Date.now();
const signal = AbortSignal.timeout(3000);
signal.addEventListener('abort', () => console.log('aborted'));
process.on('exit', () => console.log(`exit|${Date.now() - started < 1000}|${signal.aborted}`));
"#;
    let run = run("timeout-unref", "unref.js", program);
    assert_eq!((run.status, run.lines()), (0, vec!["exit|true|false"]), "{}", run.stderr);
}

/// The runner's prose: "With the signal passed on, the step in progress rejects at the abort and
/// the steps after it never start. Set `PASS_SIGNAL` to 0 and every step runs, for a client who
/// had left", across the range of its knob.
#[test]
fn the_runner_stops_at_the_abort_and_without_the_signal_runs_every_step() {
    let md = lesson("cancellation");
    let (info, code) = fences(&md).into_iter().find(|(i, _)| i.starts_with("runner file=report.ts")).expect("the report runner");
    let claim = prose(&md, "Below, a ten-step job serves one request");
    assert!(claim.contains("the step in progress rejects at the abort and the steps after it never start") && claim.contains("Set `PASS_SIGNAL` to 0 and every step runs"), "{claim}");
    assert!(info.contains("lanes=step") && claim.contains("Each call of `step` is a lane"), "{info}");
    assert!(code.contains("const STEPS = 10;"));
    let seed = if info.contains("seed=") { number_after(&info, "seed=") as u32 } else { 1 };
    let mut aborted_midway = 0;
    for disconnect in [0, 100, 250, 400, 700] {
        for pass in [0, 1] {
            let program = with_knob(&with_knob(&code, "DISCONNECT_MS", disconnect).unwrap(), "PASS_SIGNAL", pass).unwrap();
            let run = run_virtual(&format!("report-runner-{disconnect}-{pass}"), "report.ts", &program, seed);
            assert_eq!(run.status, 0, "{}", run.stderr);
            let lines = run.lines();
            let done: Vec<usize> = lines.iter().enumerate().filter(|(_, l)| l.contains("  step ") && l.contains(" done after ")).map(|(i, _)| i).collect();
            let abort = lines.iter().position(|l| l.contains("  abort: client disconnected"));
            let what = format!("DISCONNECT_MS {disconnect}, PASS_SIGNAL {pass}: {lines:#?}");
            match (pass, abort) {
                (_, None) => assert_eq!(done.len(), 10, "no disconnect, so every step: {what}"),
                (1, Some(at)) => {
                    aborted_midway += 1;
                    assert!(done.iter().all(|&i| i < at), "a step finished after the abort: {what}");
                    assert!(lines[at + 1].contains(&format!("stopped in step {}: AbortError (cause: client disconnected)", done.len() + 1)), "{what}");
                    assert!(!lines.iter().any(|l| l.contains("report sent")), "{what}");
                }
                (_, Some(at)) => {
                    assert_eq!(done.len(), 10, "{what}");
                    assert!(done.iter().any(|&i| i > at) && lines.iter().any(|l| l.contains("report sent to a closed connection")), "{what}");
                }
            }
        }
    }
    assert!(aborted_midway >= 3, "the knob's range hardly shows an abort midway");
}
