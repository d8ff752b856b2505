//! What the lessons say a plain code block prints, or in what order things happen, checked
//! against real Node 20. A claim that comes with a complete program is a runner (and
//! `runners_node.rs` checks it); the claims here are about fragments, about programs whose output
//! depends on the machine, or about a runner's output in prose. Each test reads the fragment and
//! the claim out of `content/*.md`, runs a complete program around the fragment in Node, and
//! compares what Node did with what the lesson says. Nothing Node prints is written down here.
//! Needs `node` (Node 20) and the npm packages in `tests/`, which `cargo xtask test` installs.

use std::path::{Path, PathBuf};
use std::process::Command;


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
