//! What the lessons say a plain code block prints, or in what order things happen, checked
//! against real Node 20. A claim that comes with a complete program is a runner (and
//! `runners_node.rs` checks it); the claims here are about fragments, about programs whose output
//! depends on the machine, or about a runner's output in prose. Each test reads the fragment and
//! the claim out of `content/*.md`, runs a complete program around the fragment in Node, and
//! compares what Node did with what the lesson says. Nothing Node prints is written down here.
//! Needs `node` (Node 20) and the npm packages in `tests/`, which `cargo xtask test` installs.

use std::path::{Path, PathBuf};
use std::process::Command;

use inflight_course::with_knob;


fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn lesson(slug: &str) -> String {
    std::fs::read_to_string(root().join("content").join(format!("{slug}.md"))).unwrap()
}

/// The fenced blocks of a lesson, as (info string, code).
fn fences(md: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut open: Option<(String, String)> = None;
    for line in md.lines() {
        match &mut open {
            None => {
                if let Some(info) = line.strip_prefix("```") {
                    open = Some((info.trim().to_string(), String::new()));
                }
            }
            Some((_, code)) if line.trim_end() == "```" => {
                let _ = code;
                out.push(open.take().unwrap());
            }
            Some((_, code)) => {
                code.push_str(line);
                code.push('\n');
            }
        }
    }
    assert!(open.is_none(), "a fenced block is never closed");
    out
}

/// The one fenced block whose info string is `info` (or, for a runner, starts with it) and
/// whose code contains `marker`.
fn block(md: &str, info: &str, marker: &str) -> String {
    let found: Vec<String> = fences(md)
        .into_iter()
        .filter(|(i, code)| (i == info || (info.starts_with("runner") && i.starts_with(info))) && code.contains(marker))
        .map(|(_, code)| code)
        .collect();
    assert_eq!(found.len(), 1, "expected one ```{info} block containing {marker:?}, found {}", found.len());
    found.into_iter().next().unwrap()
}

/// The one line of prose (a paragraph is one line in these lessons) that contains `needle`.
fn prose(md: &str, needle: &str) -> String {
    let found: Vec<&str> = md.lines().filter(|l| l.contains(needle)).collect();
    assert_eq!(found.len(), 1, "expected one line containing {needle:?}, found {found:#?}");
    found[0].to_string()
}

/// The whole number that follows `before` in `text`.
fn number_after(text: &str, before: &str) -> u64 {
    let at = text.find(before).unwrap_or_else(|| panic!("{before:?} is not in {text:?}")) + before.len();
    let digits: String = text[at..].chars().take_while(|c| c.is_ascii_digit() || *c == ',').filter(|c| *c != ',').collect();
    digits.parse().unwrap_or_else(|_| panic!("no number after {before:?} in {text:?}"))
}

struct Run {
    stdout: String,
    stderr: String,
    status: i32,
}

impl Run {
    fn lines(&self) -> Vec<&str> {
        self.stdout.lines().collect()
    }
}

/// A fresh folder for one test's programs, in the repository's `target/` (no package.json
/// above it decides a module kind).
fn scratch(tag: &str) -> PathBuf {
    let dir = root().join("target/claims-node").join(tag);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs `node ARGS...` in `dir`.
fn node(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new("node").args(args).current_dir(dir).output().expect("`node` must be on PATH (Node 20)");
    Run {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        status: out.status.code().unwrap_or(-1),
    }
}

/// Writes `code` as `dir/file` and runs it in Node: JavaScript as it is, TypeScript with its
/// types stripped (`tests/oracle/run-stripped.mjs`, which keeps the module kind of the extension).
fn run_in(dir: &Path, file: &str, code: &str) -> Run {
    std::fs::write(dir.join(file), code).unwrap();
    if file.ends_with("ts") {
        assert!(root().join("tests/node_modules/sucrase").is_dir(), "the Node oracle's packages are missing: run `cargo xtask test` (it runs `npm ci` in tests/)");
        let stripper = root().join("tests/oracle/run-stripped.mjs");
        node(dir, &[stripper.to_str().unwrap(), file])
    } else {
        node(dir, &[file])
    }
}

fn run(tag: &str, file: &str, code: &str) -> Run {
    run_in(&scratch(tag), file, code)
}

/// Runs a runner's code in Node on the virtual clock, as `runners_node.rs` does.
fn run_virtual(tag: &str, file: &str, code: &str, seed: u32) -> Run {
    let dir = scratch(tag);
    std::fs::write(dir.join(file), code).unwrap();
    let harness = root().join("tests/oracle/run-virtual.mjs");
    let out = Command::new("node").arg(harness).arg(file).env("SEED", seed.to_string()).current_dir(&dir).output().expect("`node` must be on PATH");
    Run { stdout: String::from_utf8_lossy(&out.stdout).into_owned(), stderr: String::from_utf8_lossy(&out.stderr).into_owned(), status: out.status.code().unwrap_or(-1) }
}

/// A line of JavaScript that keeps the thread busy for `ms` milliseconds.
fn busy(ms: u32) -> String {
    format!("{{ const until = Date.now() + {ms}; while (Date.now() < until); }}\n")
}

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

/// "Node converts the delay to a number, then turns anything below 1 ms, anything above
/// 2147483647 and `NaN` into 1 ms ... `setTimeout(fn, '3')` waits 3 ms."
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
    // A timer of `string_delay - 1` ms armed first: the 1 ms timers fire before it, whenever
    // they were armed; `string_delay` ms fires after it; `max` ms never fires here.
    let reference = string_delay - 1;
    let mut code = format!("const fired = [];\nsetTimeout(() => fired.push('reference'), {reference});\n");
    for (delay, _) in &delays {
        code.push_str(&format!("setTimeout(() => fired.push({delay:?}), {delay}).unref();\n"));
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
    assert!(prose(&md, "The race exists when both are scheduled outside").contains("inside a setImmediate callback"));
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
    assert_ne!(without.status, 0, "an allSettled that never returns leaves the module's top-level await unsettled");
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
/// signal."
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

    let run = run_in(&dir, "failing.mts", &program("user-0100"));
    assert_eq!(run.status, 0, "{}", run.stderr);
    let lines = run.lines();
    let failed_at = position(&lines, "fail user-0100");
    assert!(position(&lines, "runPool rejected: could not migrate user-0100") > failed_at);
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
