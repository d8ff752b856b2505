//! Claims added or reframed by the second reading of three lessons: where nextTick and promise
//! reactions queued together run (the rule is whether the scheduling code runs inside a
//! microtask, and an ES module's top level is one case of it), the timers' delay rules, the
//! `setTimeout(0)`/`setImmediate` race by module kind, and the semaphore whose `release()` frees
//! the slot before waking its waiter. Each test reads the claim out of `content/*.md`, runs a
//! program in Node 20 and compares; nothing Node prints is written down here.

mod support;

use support::*;

/// Where `line` is in `lines`; it must be there exactly once.
fn at(lines: &[&str], line: &str) -> usize {
    let found: Vec<usize> = lines.iter().enumerate().filter(|(_, l)| **l == line).map(|(i, _)| i).collect();
    assert_eq!(found.len(), 1, "{line:?} should be printed once, in {lines:#?}");
    found[0]
}

/// A tick and a promise reaction queued one after the other, tick first, by the same code.
const TICK_THEN_REACTION: &str = "process.nextTick(() => console.log('tick'));\nPromise.resolve().then(() => console.log('then'));\n";

/// Runs `code` as `file` and says which of the two callbacks of `TICK_THEN_REACTION` ran first.
fn first_of_the_two(dir: &std::path::Path, file: &str, code: &str) -> String {
    let run = run_in(dir, file, code);
    assert_eq!(run.status, 0, "{file}: {}", run.stderr);
    let lines = run.lines();
    let (tick, then) = (at(&lines, "tick"), at(&lines, "then"));
    if tick < then { "tick".into() } else { "then".into() }
}

// ---------------------------------------------------------------------------------------------
// The event loop will not stop you: inside a microtask, promises go first

/// The runner `after-await.cjs` and "Before the `await` ... its tick comes first. After the
/// `await` ... its reaction runs in that same drain, and its tick waits", in a CommonJS file.
#[test]
fn after_an_await_in_commonjs_the_reaction_runs_before_the_tick() {
    let md = lesson("event-loop");
    let runner = block(&md, "runner file=after-await.cjs", "await null;");
    let claim = prose(&md, "Before the `await`, `handle` is still running");
    assert!(claim.contains("its tick comes first") && claim.contains("its reaction runs in that same drain, and its tick waits"), "{claim}");
    assert!(claim.contains("The file is CommonJS"), "{claim}");

    let run = run("after-await", "after-await.cjs", &runner);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let lines = run.lines();
    assert!(
        at(&lines, "tick queued before the await") < at(&lines, "then queued before the await"),
        "before the await, the reaction ran first: {lines:#?}"
    );
    assert!(
        at(&lines, "then queued after the await") < at(&lines, "tick queued after the await"),
        "after the await, the tick ran first: {lines:#?}"
    );
}

/// "\"nextTick first\" is only true for code that runs in a macrotask: a CommonJS script, a
/// timer, an I/O callback ... Every `.then` callback is such code, and so is everything after an
/// `await`", and the table's row: "a reaction queued from inside a microtask runs before a tick
/// queued there".
#[test]
fn code_in_a_macrotask_sees_the_tick_first_and_code_in_a_microtask_the_reaction() {
    let md = lesson("event-loop");
    let rule = prose(&md, "\"nextTick first\" is only true for code that runs in a macrotask");
    assert!(rule.contains("a CommonJS script, a timer, an I/O callback"), "{rule}");
    assert!(rule.contains("Every `.then` callback is such code, and so is everything after an `await`"), "{rule}");
    let row = table_row(&md, "Microtask queue");
    assert!(row[2].contains("after the nextTick queue; but a reaction queued from inside a microtask runs before a tick queued there"), "{row:?}");

    let indented: String = TICK_THEN_REACTION.lines().map(|l| format!("  {l}\n")).collect();
    let macrotasks = [
        ("script.cjs", TICK_THEN_REACTION.to_string()),
        ("timer.cjs", format!("setTimeout(() => {{\n{indented}}}, 0);\n")),
        ("io.cjs", format!("require('node:fs').readFile(__filename, () => {{\n{indented}}});\n")),
    ];
    let microtasks = [
        ("then.cjs", format!("Promise.resolve().then(() => {{\n{indented}}});\n")),
        ("await.cjs", format!("(async () => {{\n  await null;\n{indented}}})();\n")),
        // An await on real I/O and on a timer: the continuation is a promise job all the same.
        ("await-io.cjs", format!("(async () => {{\n  await require('node:fs/promises').readFile(__filename);\n{indented}}})();\n")),
        ("await-timer.cjs", format!("(async () => {{\n  await new Promise((resolve) => setTimeout(resolve, 5));\n{indented}}})();\n")),
        ("microtask.cjs", format!("queueMicrotask(() => {{\n{indented}}});\n")),
    ];
    let dir = scratch("where-it-runs");
    for (file, code) in &macrotasks {
        assert_eq!(first_of_the_two(&dir, file, code), "tick", "{file}: code in a macrotask\n{code}");
    }
    for (file, code) in &microtasks {
        assert_eq!(first_of_the_two(&dir, file, code), "then", "{file}: code in a microtask\n{code}");
    }
}

/// "The top level of an ES module is one case of that rule ... its top-level code already runs
/// inside a microtask, as if it came after an `await`", and "a timer callback in an ES module
/// is a macrotask like any other, and a tick it queues runs before a promise reaction it queues".
#[test]
fn an_es_modules_top_level_orders_like_code_after_an_await_and_its_timers_do_not() {
    let md = lesson("event-loop");
    let case = prose(&md, "The top level of an ES module is one case of that rule.");
    assert!(case.contains("already runs inside a microtask, as if it came after an `await`"), "{case}");
    let timers = prose(&md, "The CommonJS script is a macrotask, so its tick runs first.");
    assert!(timers.contains("a timer callback in an ES module is a macrotask like any other, and a tick it queues runs before a promise reaction it queues"), "{timers}");
    assert!(timers.contains("the tick runs last"), "{timers}");
    let four = block(&md, "runner file=tick.mjs", "console.log('sync')");

    let dir = scratch("module-top-level");
    let module = run_in(&dir, "tick.mjs", &four);
    assert_eq!(module.status, 0, "{}", module.stderr);
    assert_eq!(module.lines().last(), Some(&"nextTick"), "the module's tick did not run last: {:?}", module.stdout);
    let indented: String = four.lines().map(|l| format!("  {l}\n")).collect();
    let after_await = run_in(&dir, "after-await.cjs", &format!("(async () => {{\n  await null;\n{indented}}})();\n"));
    assert_eq!(after_await.stdout, module.stdout, "the four lines after an await in CommonJS and at a module's top level");
    let in_timer = format!("setTimeout(() => {{\n{indented}}}, 0);\n");
    let cjs_timer = run_in(&dir, "timer.cjs", &in_timer);
    let mjs_timer = run_in(&dir, "timer.mjs", &in_timer);
    assert_eq!(mjs_timer.stdout, cjs_timer.stdout, "a timer callback orders the four lines differently in a module");
    let ticks_first = mjs_timer.lines().iter().position(|l| *l == "nextTick") < mjs_timer.lines().iter().position(|l| *l == "promise");
    assert!(ticks_first, "in a module's timer callback the tick did not run before the reaction: {:?}", mjs_timer.stdout);
}

/// The question `tick-after-an-await`: after `await users.find(id)` a CommonJS handler queues
/// `process.nextTick(a)` and then `queueMicrotask(b)`, and `b` runs first, whatever the lookup
/// waited on.
#[test]
fn after_an_awaited_lookup_the_microtask_runs_before_the_tick() {
    let md = lesson("event-loop");
    let quiz = block(&md, "quiz id=tick-after-an-await", "users.find");
    assert!(quiz.contains("- [x] `b`, because the code after the `await` runs inside a microtask"), "{quiz}");
    let dir = scratch("awaited-lookup");
    let lookups = [
        ("resolved", "async (id) => ({ id })"),
        ("timer", "(id) => new Promise((resolve) => setTimeout(() => resolve({ id }), 3))"),
        ("file", "(id) => require('node:fs/promises').readFile(__filename).then(() => ({ id }))"),
        ("immediate", "(id) => new Promise((resolve) => setImmediate(() => resolve({ id })))"),
    ];
    for (what, find) in lookups {
        let code = format!(
            "const users = {{ find: {find} }};\nconst a = () => console.log('a');\nconst b = () => console.log('b');\n\
             async function handler(id) {{\n  const user = await users.find(id);\n  process.nextTick(a);\n  queueMicrotask(b);\n}}\nhandler(7);\n"
        );
        let run = run_in(&dir, &format!("{what}.cjs"), &code);
        assert_eq!(run.status, 0, "{}", run.stderr);
        assert_eq!(run.lines(), ["b", "a"], "after a lookup that waits on {what}");
    }
}

// ---------------------------------------------------------------------------------------------
// The event loop will not stop you: timers

/// "Node converts the delay to a number and keeps it only if it lies between 1 and 2147483647
/// ... Only the overflow says so, with a `TimeoutOverflowWarning` on stderr; the other cases
/// change the delay silently." (Which delays become 1 ms is checked in claims_node.rs.)
#[test]
fn only_an_overflowing_delay_prints_a_timeout_overflow_warning() {
    let md = lesson("event-loop");
    let claim = prose(&md, "does not mean \"next\"");
    let max = number_after(&claim, "lies between 1 and ");
    assert_eq!(max, number_after(&claim, "anything above "), "{claim}");
    assert!(claim.contains("Only the overflow says so, with a `TimeoutOverflowWarning` on stderr; the other cases change the delay silently"), "{claim}");
    let string_delay = number_after(&claim, "`setTimeout(fn, '");

    let dir = scratch("overflow-warning");
    let arm = |file: &str, delay: &str| {
        let run = run_in(&dir, file, &format!("setTimeout(() => console.log('fired'), {delay});\n"));
        assert_eq!((run.status, run.stdout.as_str()), (0, "fired\n"), "setTimeout with {delay}: {}", run.stderr);
        run.stderr
    };
    let warned = arm("over.js", &format!("{}", max + 1));
    assert!(warned.contains("TimeoutOverflowWarning"), "a delay of {} printed {warned:?}", max + 1);
    for (i, delay) in ["0", "0.5", "-5", "'soon'", "undefined", "NaN", &format!("'{string_delay}'"), "1"].iter().enumerate() {
        assert_eq!(arm(&format!("quiet-{i}.js"), delay), "", "setTimeout with {delay} wrote to stderr");
    }
}

/// "In 600 runs of the two lines saved as an `.mjs` file, 300 of them while another process kept
/// a core busy, `immediate` came first 600 times." Fewer runs here, half of them with a busy
/// process beside them.
#[test]
fn an_es_module_entry_point_puts_the_immediate_first_under_load_too() {
    let md = lesson("event-loop");
    let claim = prose(&md, "An ES module entry point does not race in Node 20.");
    let runs = number_after(&claim, "In ");
    assert!(claim.contains(&format!("`immediate` came first {runs} times")), "{claim}");
    let loaded = number_after(&claim, "file, ");
    assert!(loaded < runs && claim.contains("while another process kept a core busy"), "{claim}");
    let quiz = block(&md, "quiz id=timeout-or-immediate-in-io", "Either one: it is a race");
    assert!(quiz.contains("In Node 20 an ES module entry point does not race"), "{quiz}");
    let code = block(&md, "js", "setImmediate(() => console.log('immediate'));");

    // Held alone: the busy process must not skew the other tests' timing, nor they this one's.
    let _alone = EXCLUSIVE.write().unwrap_or_else(|e| e.into_inner());
    let dir = scratch("module-race-load");
    std::fs::write(dir.join("race.mjs"), &code).unwrap();
    let immediate_first = "immediate\ntimeout\n";
    for i in 0..10 {
        assert_eq!(node_alone(&dir, &["race.mjs"]).stdout, immediate_first, "run {i}, idle");
    }
    let mut load = std::process::Command::new("node")
        .args(["-e", "const until = Date.now() + 60000; while (Date.now() < until);"])
        .spawn()
        .expect("node");
    let results: Vec<String> = (0..10).map(|_| node_alone(&dir, &["race.mjs"]).stdout).collect();
    let _ = load.kill();
    let _ = load.wait();
    for (i, out) in results.iter().enumerate() {
        assert_eq!(out, immediate_first, "run {i}, beside a busy process");
    }
}

// ---------------------------------------------------------------------------------------------
// Quiz options that do not give their answer away

/// The options of a single-choice question, as (right, text).
fn options(quiz: &str) -> Vec<(bool, String)> {
    quiz.lines()
        .filter_map(|l| l.strip_prefix("- [x] ").map(|t| (true, t)).or_else(|| l.strip_prefix("- [ ] ").map(|t| (false, t))))
        .map(|(right, t)| (right, t.to_string()))
        .collect()
}

/// In the questions the second reading found cued by length, the right option is not the longest,
/// and every wrong one is about as long as it (within a fifth).
#[test]
fn the_right_option_is_not_the_longest_in_the_questions_that_were_cued() {
    for (slug, id) in [
        ("bounded-concurrency", "promise-all-took-the-job-down"),
        ("bounded-concurrency", "what-sets-the-limit"),
        ("backpressure", "why-pipeline"),
    ] {
        let quiz = block(&lesson(slug), &format!("quiz id={id}"), "- [x] ");
        let options = options(&quiz);
        let right = options.iter().find(|(r, _)| *r).map(|(_, t)| t.chars().count()).unwrap();
        let longest = options.iter().map(|(_, t)| t.chars().count()).max().unwrap();
        assert!(longest > right, "{slug}/{id}: the right option is the longest ({right} characters)\n{quiz}");
        for (_, wrong) in options.iter().filter(|(r, _)| !*r) {
            let n = wrong.chars().count();
            assert!(n * 5 >= right * 4 && n * 5 <= right * 6, "{slug}/{id}: {wrong:?} is {n} characters against the right option's {right}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Bounded concurrency: a release that frees the slot before waking the waiter

/// Each `NAME starts at T ms: N inside, F free` line of a run, as (name, t, inside, free).
fn start_lines(stdout: &str) -> Vec<(String, u64, u64, i64)> {
    stdout
        .lines()
        .map(|l| {
            let name = l.split(' ').next().unwrap().to_string();
            let free: i64 = l.rsplit(", ").next().unwrap().trim_end_matches(" free").parse().unwrap_or_else(|_| panic!("{l}"));
            (name, number_after(l, "starts at "), number_after(l, "ms: "), free)
        })
        .collect()
}

fn runner_code(md: &str, file: &str) -> String {
    block(md, &format!("runner file={file}"), "batch(['b1']);")
}

/// The eager runner and its prose: "`b1` has been waiting since 0 ms, and `a2` only asks at
/// 30 ms ... yet `a2` takes the slot in the gap and starts first ... by the time `a2` starts the
/// free count is -1. Then `b1` starts beside `a2`: two tasks inside a semaphore of one", and
/// "Checking again after waking, with `while` in place of `if`, keeps the count right but not
/// the order".
#[test]
fn a_release_that_frees_the_slot_first_lets_two_tasks_into_a_semaphore_of_one() {
    let md = lesson("bounded-concurrency");
    let eager = runner_code(&md, "eager-release.ts");
    assert!(eager.contains("new EagerSemaphore(1)") && eager.contains("this.available++; // free for"), "{eager}");
    let info = fences(&md).into_iter().find(|(i, _)| i.starts_with("runner file=eager-release.ts")).unwrap().0;
    assert!(info.contains("lanes=query"), "{info}");
    let claim = prose(&md, "`b1` has been waiting since 0 ms");
    let asks = number_after(&claim, "`a2` only asks at ");
    for part in ["`a2` takes the slot in the gap and starts first", "the free count is -1", "two tasks inside a semaphore of one"] {
        assert!(claim.contains(part), "{claim}");
    }
    assert!(claim.contains("with `while` in place of `if`, keeps the count right but not the order: `b1` goes back to the end of the line, and `a2` still runs before it"), "{claim}");

    // On the virtual clock, as the page and `runners_node.rs` run it, so the times are exact.
    let run = run_virtual("eager-release", "eager-release.ts", &eager, 1);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let starts = start_lines(&run.stdout);
    let names: Vec<&str> = starts.iter().map(|(n, ..)| n.as_str()).collect();
    assert_eq!(names, ["a1", "a2", "b1"], "{}", run.stdout);
    let (a2, b1) = (&starts[1], &starts[2]);
    assert_eq!((starts[0].1, a2.1), (0, asks), "a1 at 0 ms, a2 when a1 ends: {}", run.stdout);
    assert_eq!(a2.3, -1, "the free count when a2 starts: {}", run.stdout);
    assert_eq!(b1.2, 2, "b1 did not start beside a2: {}", run.stdout);
    assert_eq!(b1.1, a2.1, "b1 did not start in the same moment as a2: {}", run.stdout);

    let rechecks = eager.replacen("if (this.available === 0) {", "while (this.available === 0) {", 1);
    assert_ne!(rechecks, eager);
    let run = run_virtual("eager-release-while", "eager-while.ts", &rechecks, 1);
    let starts = start_lines(&run.stdout);
    let names: Vec<&str> = starts.iter().map(|(n, ..)| n.as_str()).collect();
    assert_eq!(names, ["a1", "a2", "b1"], "with while: {}", run.stdout);
    assert!(starts.iter().all(|(_, _, inside, free)| *inside == 1 && *free == 0), "with while, the count went wrong: {}", run.stdout);
}

/// "`b1` starts when `a1` ends, and `a2`, which asked later, waits for `b1`. One task inside at
/// a time, in the order they asked, and the free count never goes below 0."
#[test]
fn a_release_that_hands_the_slot_over_keeps_one_inside_in_the_order_asked() {
    let md = lesson("bounded-concurrency");
    let eager = runner_code(&md, "eager-release.ts");
    let fixed = runner_code(&md, "hand-off.ts");
    assert!(fixed.contains("new Semaphore(1)") && fixed.contains("if (oldest) oldest();"), "{fixed}");
    let info = fences(&md).into_iter().find(|(i, _)| i.starts_with("runner file=hand-off.ts")).unwrap().0;
    assert!(info.contains("lanes=query"), "{info}");
    // The same tasks: everything after the class is the eager runner's.
    let tail = |code: &str| code[code.find("const sleep").unwrap()..].to_string();
    assert_eq!(tail(&fixed), tail(&eager), "the two runners should differ only in their semaphore");
    let claim = prose(&md, "`b1` starts when `a1` ends");
    assert!(claim.contains("One task inside at a time, in the order they asked, and the free count never goes below 0"), "{claim}");

    let run = run_virtual("hand-off", "hand-off.ts", &fixed, 1);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let starts = start_lines(&run.stdout);
    let names: Vec<&str> = starts.iter().map(|(n, ..)| n.as_str()).collect();
    assert_eq!(names, ["a1", "b1", "a2"], "{}", run.stdout);
    assert!(starts.iter().all(|(_, _, inside, free)| *inside == 1 && *free >= 0), "{}", run.stdout);
    assert!(starts[1].1 == 30, "b1 did not start when a1 ended: {}", run.stdout);
}
