//! The interpreter on hostile input: random text, mangled programs, endless loops, deep
//! recursion. It must answer every time (a result or an error with a position) without
//! panicking, without overflowing its stack, without running forever and within its memory
//! budget, and the engine's own stops (step budget, heap limit, unsupported) are typed errors
//! that no program can catch.
//!
//! **How the fuzzing runs.** Each fuzzing test runs in a process of its own (this test binary
//! again, filtered to that one test, with its address space capped by `ulimit -v`): a stack
//! overflow or an allocation failure aborts the process, and the parent then reports the test as
//! failed with the case that was running, instead of taking every other test (or the machine)
//! down with it. Inside, each case runs on a thread of its own with a wall-clock watchdog. Every
//! test prints `fuzz: <strategy>: N cases, M ms` and asserts that at least its configured number
//! of cases ran; when all of them ran in one invocation, the last one to finish prints
//! `fuzz: N cases, M ms` for the whole file (`cargo test --test evloop_robustness --
//! --nocapture` shows the lines).
//!
//! Each line also says how the cases ended (ran, threw, syntax error, unsupported, stopped at a
//! limit) and how long a case takes. `INFLIGHT_FUZZ_SCALE=10` runs ten times as many cases,
//! `INFLIGHT_FUZZ_SEED=n` replays a run (the seed is printed) and `INFLIGHT_FUZZ_VERBOSE=1` prints
//! every case and what it did.
//!
//! **Stacks.** Cases run on 64 MiB threads, as the tests here always did: natives that call back
//! into JavaScript (`map`, `sort`, getters, `toString`) nest the machine on the Rust stack up to
//! `MAX_CALL_DEPTH` = 100 times, and in a debug build that takes about 7.7 MiB (`[1].map(f)`
//! recursion; a release build at opt-level z fits it in 1 MiB, measured), more than a 2 MiB
//! thread has.

use std::collections::hash_map::RandomState;
use std::fmt;
use std::hash::{BuildHasher, Hasher};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Mutex, Once, OnceLock};
use std::time::{Duration, Instant};

use inflight_engine::js::{run_file, run_limited, run_source, run_with_budget, Error, ErrorKind, Limits, ModuleKind, Run, SourceKind};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestRunner};

const BUDGET: u64 = 50_000;

/// A generated program's limits: a small step budget and a 16 MiB heap, so a case takes
/// milliseconds and a runaway one stops quickly.
const FUZZ_HEAP: u64 = 16 << 20;

/// No case may take longer than this (the slowest legitimate one, 10^5 nested template literals
/// in a debug build, takes about 2 s).
const WATCHDOG: Duration = Duration::from_secs(10);

/// What a debug build needs for the deepest nesting of natives and JavaScript the machine
/// allows (see the top of the file).
const BIG_STACK: usize = 64 << 20;

/// The address space a fuzzing process may use (`ulimit -v`, KiB): a program that escapes the
/// heap limit fails its test instead of exhausting the machine.
const ADDRESS_SPACE_KIB: u64 = 4 << 20;

/// The whole of one fuzzing process may take this long (times `INFLIGHT_FUZZ_SCALE`).
const CHILD_DEADLINE: Duration = Duration::from_secs(300);

// ------------------------------------------------------------------------------------------
// One case: a program, how it is read, and its limits.

#[derive(Clone)]
struct Case {
    src: String,
    kind: SourceKind,
    limits: Limits,
}

impl fmt::Debug for Case {
    // The source as it is, so a failing case can be copied out of the report.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let k = self.kind;
        let l = self.limits;
        write!(
            f,
            "Case (typescript: {}, module: {:?}, steps: {}, heap: {} MiB, collect_every: {:?}, seed: {}):\n-----\n{}\n-----",
            k.typescript,
            k.module,
            l.steps,
            l.heap_bytes >> 20,
            l.collect_every,
            l.seed,
            self.src
        )
    }
}

fn js(module: Option<ModuleKind>) -> SourceKind {
    SourceKind { typescript: false, module }
}

fn limits(steps: u64, heap_bytes: u64) -> Limits {
    Limits { steps, seed: 1, heap_bytes, collect_every: None }
}

fn case(src: impl Into<String>, kind: SourceKind, limits: Limits) -> Case {
    Case { src: src.into(), kind, limits }
}

/// What became of a case.
enum Verdict {
    Done(Result<Run, Error>),
    Panicked(String),
    /// No answer within this long.
    Hung(Duration),
}

impl fmt::Debug for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Verdict::Done(Ok(r)) => write!(f, "ran: exit {}, stdout {:?}, stderr {:?}", r.exit_code, r.stdout, r.stderr),
            Verdict::Done(Err(e)) => write!(f, "error {:?}: {e}", e.kind),
            Verdict::Panicked(m) => write!(f, "PANIC: {m}"),
            Verdict::Hung(d) => write!(f, "HANG: no answer within {d:?}"),
        }
    }
}

static LAST_PANIC: Mutex<Option<String>> = Mutex::new(None);

/// Panics on a case thread are recorded with the head of their backtrace (the engine's frames);
/// every other panic is reported as usual.
fn install_panic_hook() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if std::thread::current().name() == Some("fuzz-case") {
                let trace = std::backtrace::Backtrace::force_capture().to_string();
                let head: Vec<&str> = trace.lines().filter(|l| l.contains("inflight_engine::") || l.contains("engine/src/")).take(12).collect();
                *LAST_PANIC.lock().unwrap_or_else(|e| e.into_inner()) = Some(format!("{info}\n{}", head.join("\n")));
            } else {
                default(info);
            }
        }));
    });
}

/// Runs a case on a thread of `stack` bytes and waits at most `watchdog` for it. A case that
/// does not answer is left running (a thread cannot be stopped) and reported as a hang.
fn execute_with(c: &Case, stack: usize, watchdog: Duration) -> Verdict {
    install_panic_hook();
    if let Ok(path) = std::env::var(CASE_FILE) {
        // The parent shows this file if the process dies during the case.
        let _ = std::fs::write(path, format!("{c:?}"));
    }
    let (tx, rx) = mpsc::channel();
    let (src, kind, limits) = (c.src.clone(), c.kind, c.limits);
    let handle = std::thread::Builder::new()
        .name("fuzz-case".into())
        .stack_size(stack)
        .spawn(move || {
            let _ = tx.send(run_limited(&src, kind, limits));
        })
        .expect("a thread");
    match rx.recv_timeout(watchdog) {
        Ok(result) => {
            let _ = handle.join();
            Verdict::Done(result)
        }
        Err(RecvTimeoutError::Timeout) => Verdict::Hung(watchdog),
        Err(RecvTimeoutError::Disconnected) => {
            let payload = handle.join().err();
            let recorded = LAST_PANIC.lock().unwrap_or_else(|e| e.into_inner()).take();
            let message = payload
                .as_ref()
                .and_then(|p| p.downcast_ref::<String>().cloned().or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string())))
                .unwrap_or_default();
            Verdict::Panicked(recorded.unwrap_or(message))
        }
    }
}

fn execute(c: &Case) -> Verdict {
    execute_with(c, BIG_STACK, WATCHDOG)
}

/// What every case must satisfy, whatever the program: no panic, no hang, a stop of the engine
/// says which limit it hit, and a run that ended reports itself consistently.
fn sound(v: &Verdict) -> Result<(), String> {
    match v {
        Verdict::Panicked(m) => Err(format!("the engine panicked: {m}")),
        Verdict::Hung(d) => Err(format!("no answer within {d:?}")),
        Verdict::Done(Err(e)) if e.kind == ErrorKind::Limit && !(e.message.contains("step budget") || e.message.contains("heap limit")) => {
            Err(format!("a limit stop that names no limit: {e}"))
        }
        Verdict::Done(Ok(r)) if ![0, 1, 13].contains(&r.exit_code) || r.stderr.is_some() != (r.exit_code == 1) => {
            Err(format!("an inconsistent run: exit {} with stderr {:?}", r.exit_code, r.stderr))
        }
        Verdict::Done(_) => Ok(()),
    }
}

// ------------------------------------------------------------------------------------------
// Fuzzing processes and the count of cases.

const CHILD: &str = "INFLIGHT_FUZZ_CHILD";
const CASE_FILE: &str = "INFLIGHT_FUZZ_CASE_FILE";

/// Every test that reports cases; when all have finished in one invocation, the last prints
/// the total.
const REPORTING_TESTS: &[&str] = &[
    "random_text_never_panics",
    "token_soup_never_panics",
    "mangled_corpus_programs_never_panic",
];

static TOTAL_CASES: AtomicUsize = AtomicUsize::new(0);
static FINISHED: AtomicUsize = AtomicUsize::new(0);
static STARTED: OnceLock<Instant> = OnceLock::new();

/// Counts a test as finished (also when it fails) and prints the total after the last one.
struct Finished;

impl Drop for Finished {
    fn drop(&mut self) {
        if FINISHED.fetch_add(1, Ordering::SeqCst) + 1 == REPORTING_TESTS.len() {
            let ms = STARTED.get().map_or(0, |t| t.elapsed().as_millis());
            println!("fuzz: {} cases, {ms} ms", TOTAL_CASES.load(Ordering::SeqCst));
        }
    }
}

/// In the test's own process: returns true, and the caller runs the test's body. In the test
/// harness: runs the test `name` in a process of its own, prints and counts its `fuzz:` lines,
/// fails if it failed there, and returns false (the caller then returns).
fn in_own_process(name: &str) -> bool {
    if std::env::var(CHILD).as_deref() == Ok(name) {
        return true;
    }
    STARTED.get_or_init(Instant::now);
    let _finished = REPORTING_TESTS.contains(&name).then_some(Finished);
    let dir = std::env::temp_dir();
    let tag = format!("inflight-fuzz-{}-{name}", std::process::id());
    let (out_path, err_path, case_path) = (dir.join(format!("{tag}.out")), dir.join(format!("{tag}.err")), dir.join(format!("{tag}.case")));
    let _ = std::fs::remove_file(&case_path);
    let exe = std::env::current_exe().expect("the test binary");
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {ADDRESS_SPACE_KIB} 2>/dev/null; exec \"$0\" \"$@\""))
        .arg(&exe)
        .args([name, "--exact", "--include-ignored", "--nocapture", "--test-threads=1"])
        .env(CHILD, name)
        .env(CASE_FILE, &case_path)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).expect("a temporary file"))
        .stderr(std::fs::File::create(&err_path).expect("a temporary file"))
        .spawn()
        .expect("the test binary runs");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("the child") {
            break Some(status);
        }
        if started.elapsed() > CHILD_DEADLINE * scale() {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let read = |p: &PathBuf| std::fs::read_to_string(p).unwrap_or_default();
    let (stdout, stderr, last_case) = (read(&out_path), read(&err_path), read(&case_path));
    for p in [&out_path, &err_path, &case_path] {
        let _ = std::fs::remove_file(p);
    }
    // The harness prints "test <name> ... " without a newline before the test's own output.
    for line in stdout.lines().filter_map(|l| l.find("fuzz: ").map(|at| &l[at..])) {
        println!("{line}");
        if let Some(n) = line.split(": ").nth(2).and_then(|rest| rest.split(' ').next()).and_then(|n| n.parse::<usize>().ok()) {
            TOTAL_CASES.fetch_add(n, Ordering::SeqCst);
        }
    }
    let ok = status.is_some_and(|s| s.success()) && stdout.contains("test result: ok. 1 passed");
    if !ok {
        let tail = |s: &str, n: usize| s.lines().rev().take(n).collect::<Vec<_>>().into_iter().rev().collect::<Vec<_>>().join("\n");
        let what = match status {
            None => format!("did not finish within {:?}", CHILD_DEADLINE * scale()),
            Some(s) => format!("ended with {s}"),
        };
        let case = if last_case.len() > 6000 { format!("{}... ({} bytes)", cut(&last_case, 6000), last_case.len()) } else { last_case };
        panic!(
            "{name}: its process {what}\n--- stdout (tail) ---\n{}\n--- stderr (tail) ---\n{}\n--- the case it ran last ---\n{case}",
            tail(&stdout, 40),
            tail(&stderr, 60)
        );
    }
    false
}

fn scale() -> u32 {
    std::env::var("INFLIGHT_FUZZ_SCALE").ok().and_then(|s| s.parse().ok()).unwrap_or(1).max(1)
}

fn seed() -> u64 {
    std::env::var("INFLIGHT_FUZZ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| RandomState::new().build_hasher().finish())
}

/// How the cases of a run ended.
#[derive(Clone, Copy, Default)]
struct Outcomes {
    ran: usize,
    uncaught: usize,
    syntax: usize,
    unsupported: usize,
    limit: usize,
}

impl Outcomes {
    fn count(&mut self, v: &Verdict) {
        match v {
            Verdict::Done(Ok(r)) if r.exit_code == 1 => self.uncaught += 1,
            Verdict::Done(Ok(_)) => self.ran += 1,
            Verdict::Done(Err(e)) => match e.kind {
                ErrorKind::Syntax => self.syntax += 1,
                ErrorKind::Unsupported => self.unsupported += 1,
                ErrorKind::Limit => self.limit += 1,
            },
            _ => {}
        }
    }
}

impl fmt::Debug for Outcomes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ran, {} threw, {} syntax errors, {} unsupported, {} stopped at a limit", self.ran, self.uncaught, self.syntax, self.unsupported, self.limit)
    }
}

fn known_bugs() -> bool {
    std::env::var_os("INFLIGHT_FUZZ_KNOWN_BUGS").is_some()
}

/// What the fuzzing runs: the case, with what would only find a known bug again rewritten
/// (unless `INFLIGHT_FUZZ_KNOWN_BUGS`): an empty template substitution, `${}` (or `${ }`, or
/// `${/* */}`), panics the parser (a subtraction overflow at parser.rs:1846, the next commit's
/// `bug_an_empty_template_substitution_panics`), so it gets a `0`.
fn steered(mut c: Case) -> Case {
    if known_bugs() || !c.src.contains("${") {
        return c;
    }
    let src = std::mem::take(&mut c.src);
    let mut out = String::with_capacity(src.len() + 8);
    let mut rest = src.as_str();
    while let Some(at) = rest.find("${") {
        out.push_str(&rest[..at + 2]);
        rest = &rest[at + 2..];
        // Skip what the lexer skips: white space, line terminators and comments.
        let mut inner = rest;
        loop {
            let trimmed = inner.trim_start_matches(|ch: char| ch.is_whitespace() || ch == '\u{feff}');
            if let Some(after) = trimmed.strip_prefix("/*") {
                inner = after.find("*/").map_or("", |end| &after[end + 2..]);
            } else if let Some(after) = trimmed.strip_prefix("//") {
                inner = after.find(['\n', '\r', '\u{2028}', '\u{2029}']).map_or("", |end| &after[end..]);
            } else {
                inner = trimmed;
                break;
            }
        }
        if inner.is_empty() || inner.starts_with('}') {
            out.push('0');
        }
    }
    out.push_str(rest);
    c.src = out;
    c
}

/// Runs `cases` cases of `strategy` (times `INFLIGHT_FUZZ_SCALE`), each checked by [`sound`]
/// and by `check`. A failing case is shrunk to a small one; a hang ends the process at once
/// (shrinking it would wait on the watchdog again and again), with the case in the report.
fn fuzz(name: &str, cases: u32, strategy: impl Strategy<Value = Case>, check: impl Fn(&Case, &Verdict) -> Result<(), String>) -> Outcomes {
    let cases = cases * scale();
    let seed = seed();
    let count = AtomicUsize::new(0);
    let times = Mutex::new(Vec::new());
    let outcomes = Mutex::new(Outcomes::default());
    let config = Config { cases, failure_persistence: None, rng_seed: RngSeed::Fixed(seed), max_shrink_iters: 2000, max_shrink_time: 60_000, ..Config::default() };
    let mut runner = TestRunner::new(config);
    let started = Instant::now();
    let result = runner.run(&strategy.prop_map(steered), |c| {
        count.fetch_add(1, Ordering::SeqCst);
        let t = Instant::now();
        let verdict = execute(&c);
        times.lock().unwrap().push((t.elapsed().as_micros() as u64, c.src.len()));
        outcomes.lock().unwrap().count(&verdict);
        if std::env::var_os("INFLIGHT_FUZZ_VERBOSE").is_some() {
            println!("{:>8.1} ms  {:?}\n{}", t.elapsed().as_secs_f64() * 1000.0, verdict, c.src);
        }
        if matches!(verdict, Verdict::Hung(_)) {
            println!("fuzz: {name}: {} cases, {} ms (seed {seed})", count.load(Ordering::SeqCst), started.elapsed().as_millis());
            eprintln!("{name}: HANG (seed {seed}): no answer within {WATCHDOG:?} from\n{c:?}");
            std::process::exit(3);
        }
        sound(&verdict).and_then(|()| check(&c, &verdict)).map_err(|m| TestCaseError::fail(format!("{m}\n{verdict:?}")))
    });
    let ran = count.load(Ordering::SeqCst);
    let outcomes = *outcomes.lock().unwrap();
    println!("fuzz: {name}: {ran} cases, {} ms (seed {seed}; {outcomes:?}{})", started.elapsed().as_millis(), timing(&mut times.lock().unwrap()));
    if let Err(e) = result {
        panic!("{name} (seed {seed}, INFLIGHT_FUZZ_SEED={seed} replays it): {e}");
    }
    assert!(ran >= cases as usize, "{name}: only {ran} of {cases} cases ran");
    outcomes
}

/// The median and slowest case, for the report line.
fn timing(times: &mut [(u64, usize)]) -> String {
    if times.is_empty() {
        return String::new();
    }
    times.sort_unstable();
    let (median, slowest) = (times[times.len() / 2], times[times.len() - 1]);
    format!("; a case takes {:.1} ms, the slowest {:.1} ms ({} bytes)", median.0 as f64 / 1000.0, slowest.0 as f64 / 1000.0, slowest.1)
}

/// At most `n` bytes of `s`, cut at a character boundary.
fn cut(s: &str, n: usize) -> &str {
    let mut end = n.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

fn no_check(_: &Case, _: &Verdict) -> Result<(), String> {
    Ok(())
}

// ------------------------------------------------------------------------------------------
// The older strategies: random text, token soup, mangled corpus programs.

fn corpus() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/evloop/corpus");
    let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files.iter().map(|p| std::fs::read_to_string(p).unwrap()).collect()
}

const PIECES: &[&str] = &[
    "(", ")", "{", "}", "[", "]", ";", ",", ".", "=>", "=", "+", "-", "*", "/", "%", "<", "===", "!", "&&", "||", "?", ":", "++", "--",
    "async", "await", "function", "return", "const", "let", "if", "else", "for", "while", "try", "catch", "finally", "throw",
    "new Promise", "Promise.resolve", ".then", "setTimeout", "setImmediate", "process.nextTick", "queueMicrotask", "console.log",
    "x", "y", "1", "0", "'s'", "`t${x}`", "null", "undefined", "true", "\n", " ",
];

fn module_kind(module: bool) -> SourceKind {
    js(Some(if module { ModuleKind::EsModule } else { ModuleKind::CommonJs }))
}

#[test]
fn random_text_never_panics() {
    if !in_own_process("random_text_never_panics") {
        return;
    }
    let strategy = ("\\PC{0,200}", any::<bool>()).prop_map(|(src, module)| case(src, module_kind(module), limits(BUDGET, FUZZ_HEAP)));
    fuzz("random-text", 400, strategy, no_check);
}

#[test]
fn token_soup_never_panics() {
    if !in_own_process("token_soup_never_panics") {
        return;
    }
    let strategy = (prop::collection::vec(0..PIECES.len(), 0..80), any::<bool>()).prop_map(|(picks, module)| {
        let src: String = picks.iter().map(|&i| PIECES[i]).collect::<Vec<_>>().join(" ");
        case(src, module_kind(module), limits(BUDGET, FUZZ_HEAP))
    });
    fuzz("token-soup", 400, strategy, no_check);
}

#[test]
fn mangled_corpus_programs_never_panic() {
    if !in_own_process("mangled_corpus_programs_never_panic") {
        return;
    }
    let programs = corpus();
    let strategy = (any::<prop::sample::Index>(), any::<prop::sample::Index>(), 0usize..40, 0..PIECES.len()).prop_map(move |(which, cut, len, insert)| {
        let src = &programs[which.index(programs.len())];
        let chars: Vec<char> = src.chars().collect();
        let at = cut.index(chars.len().max(1));
        let end = (at + len).min(chars.len());
        let mangled: String = chars[..at].iter().collect::<String>() + PIECES[insert] + &chars[end..].iter().collect::<String>();
        case(mangled, js(Some(ModuleKind::CommonJs)), limits(BUDGET, FUZZ_HEAP))
    });
    fuzz("mangled-corpus", 400, strategy, no_check);
}

// ------------------------------------------------------------------------------------------
// Endless programs, recursion, unsupported constructs, forged stops, the collector.

fn budget_error(src: &str) -> String {
    match run_with_budget(src, ModuleKind::CommonJs, 200_000) {
        Err(e) => e.to_string(),
        Ok(r) => panic!("expected the step budget to stop this program, it ran: {:?}", r.stdout.len()),
    }
}

#[test]
fn endless_programs_stop_at_the_step_budget() {
    for src in [
        "while (true) {}",
        "let i = 0; while (i >= 0) { i++; }",
        "function spin() { Promise.resolve().then(spin); } spin();",
        "function tick() { process.nextTick(tick); } tick();",
        "function again() { setImmediate(again); } again();",
        "setInterval(console.log, 1);",
        "setInterval(() => {}, 5);",
        "(async () => { while (true) { await null; } })();",
    ] {
        let msg = budget_error(src);
        assert!(msg.contains("step budget"), "{src}: {msg}");
    }
}

#[test]
fn recursion_through_natives_is_a_range_error_too() {
    // Each level goes through Array.prototype.map, which calls back into JavaScript.
    let src = "let n = 0;\nfunction f() { n++; return [1].map(f); }\ntry { f(); } catch (e) { console.log(e.message, n > 50); }".to_string();
    let out = std::thread::Builder::new()
        .stack_size(64 * 1024 * 1024)
        .spawn(move || run_with_budget(&src, ModuleKind::CommonJs, 1_000_000).map(|r| r.stdout))
        .unwrap()
        .join()
        .expect("no stack overflow")
        .expect("runs");
    assert_eq!(out, ["Maximum call stack size exceeded true"]);
}

#[test]
fn deep_recursion_is_a_range_error_not_a_crash() {
    // JavaScript frames live on the machine's heap: thousands of them fit in a thread with a
    // 1 MiB stack (a browser's, even in a debug build), and the runaway one is a RangeError.
    let handle = std::thread::Builder::new()
        .stack_size(1024 * 1024)
        .spawn(|| {
            let src = "let n = 0;\nfunction f() { n++; return f(); }\ntry { f(); } catch (e) { console.log(e.message, n >= 5000); }";
            run_with_budget(src, ModuleKind::CommonJs, 1_000_000).map(|r| r.stdout)
        })
        .unwrap();
    let out = handle.join().expect("no stack overflow").expect("runs");
    assert_eq!(out, ["Maximum call stack size exceeded true"]);
}

#[test]
fn unsupported_constructs_name_themselves_with_a_position() {
    for (src, needle) in [
        ("function* g() {}", "1:9: unsupported: generator functions"),
        ("const o = {a: 1};\nwith (o) {}", "2:1: unsupported: `with`"),
        ("for await (const x of []) {}", "1:1: unsupported: `for await`"),
        ("const o = { get [k]() { return 1; } };", "unsupported: computed accessor names"),
        ("let s = /x/;", "unsupported: regular expressions"),
        ("new WeakMap();", "1:5: unsupported: `WeakMap`"),
        ("import('x');", "1:1: unsupported: dynamic `import()`"),
        ("console.log(Reflect.ownKeys({}));", "1:13: unsupported: `Reflect`"),
        ("const a = [1, 2];\na.copyWithin(0, 1);", "2:13: unsupported: the method `array.copyWithin()`"),
        ("console.log('abc'.normalize());", "1:28: unsupported: the method `string.normalize()`"),
        ("'a-b'.replace(/-/, '+');", "unsupported: regular expressions"),
        ("require('http');", "unsupported: the module 'http'"),
        ("console.log(1", "syntax error"),
    ] {
        let msg = run_with_budget(src, ModuleKind::CommonJs, BUDGET).map(|_| "ran".to_string()).unwrap_or_else(|e| e.to_string());
        assert!(msg.contains(needle), "{src}: got `{msg}`, wanted `{needle}`");
    }
}

#[test]
fn typescript_that_would_change_behaviour_is_refused_where_it_is() {
    for (src, needle) in [
        ("const a = 1;\nenum Color { Red }", "2:1: unsupported: TypeScript `enum`"),
        ("const enum Flag { A }", "1:1: unsupported: TypeScript `enum`"),
        ("namespace Util { export const x = 1; }", "1:1: unsupported: TypeScript namespaces"),
        ("declare const x: number;", "1:1: unsupported: TypeScript `declare`"),
        ("@sealed\nclass A {}", "1:1: unsupported: decorators"),
        ("class A {\n  declare x: number;\n}", "2:3: unsupported: TypeScript `declare` fields"),
        ("let x: = 1;", "syntax error"),
    ] {
        let kind = SourceKind { typescript: true, module: Some(ModuleKind::CommonJs) };
        let msg = run_source(src, kind, BUDGET).map(|_| "ran".to_string()).unwrap_or_else(|e| e.to_string());
        assert!(msg.contains(needle), "{src}: got `{msg}`, wanted `{needle}`");
    }
    // The same text as JavaScript is a syntax error: types are TypeScript only.
    let js = run_source("let x: number = 1;", SourceKind { typescript: false, module: None }, BUDGET).unwrap_err();
    assert!(js.to_string().contains("syntax error"), "{js}");
}

#[test]
fn a_program_cannot_forge_the_engines_own_stops() {
    // Strings that once meant "budget" or "unsupported" inside the machine are plain strings to
    // a program: thrown and caught, or uncaught with exit status 1, never a stop of the engine.
    for marker in ["\\u0000budget", "\\u0000unsupported", "\\u0000uncaught"] {
        let src = format!("try {{ throw '{marker}'; }} catch (e) {{ console.log('caught', e.length); }}\nthrow '{marker}';");
        let run = run_with_budget(&src, ModuleKind::CommonJs, BUDGET).unwrap_or_else(|e| panic!("{marker}: the engine stopped: {e}"));
        assert_eq!(run.stdout.len(), 1, "{marker}");
        assert!(run.stdout[0].starts_with("caught "), "{marker}: {:?}", run.stdout);
        assert_eq!(run.exit_code, 1, "{marker}");
    }
    let missing = run_with_budget("try { nope; } catch (e) { console.log(e.message, typeof e); }", ModuleKind::CommonJs, BUDGET).unwrap();
    assert_eq!(missing.stdout, ["nope is not defined object"], "a ReferenceError is an object with a message");
}

fn limited(src: &str, heap_mib: u64, collect_every: Option<usize>) -> Result<inflight_engine::js::Run, String> {
    let limits = Limits { steps: 50_000_000, seed: 1, heap_bytes: heap_mib << 20, collect_every };
    run_limited(src, SourceKind { typescript: false, module: None }, limits).map_err(|e| e.to_string())
}

#[test]
fn short_lived_objects_are_collected_and_a_memory_bomb_stops_at_the_heap_limit() {
    // 400 turns of the loop, each making 2,000 objects it drops: 800,000 in all, far more
    // than an 8 MiB heap (32,768 objects and scopes) holds at once.
    let churn = "let total = 0;\nfunction tick(n) {\n  const garbage = [];\n  for (let i = 0; i < 2000; i++) garbage.push({ i });\n  total += garbage.length;\n  if (n > 0) setTimeout(() => tick(n - 1), 1); else console.log('done', total);\n}\ntick(400);";
    let run = limited(churn, 8, None).expect("the churn fits in 8 MiB because dropped objects are collected");
    assert_eq!(run.stdout, ["done 802000"]);
    assert!(run.collections > 5, "collections: {}", run.collections);
    let bomb = "const keep = [];\nwhile (true) keep.push({ n: keep.length });";
    let stop = limited(bomb, 8, None).unwrap_err();
    assert!(stop.contains("heap limit (8 MiB)"), "{stop}");
    // The stop is the engine's: the program's own catch never sees it.
    let caught = limited("try { const keep = []; while (true) keep.push({}); } catch (e) { console.log('caught', e); }", 8, None);
    assert!(caught.unwrap_err().contains("heap limit"));
}

#[test]
fn collecting_at_every_safe_point_changes_nothing_a_program_prints() {
    // The corpus runs are checked against Node elsewhere; here each runs again with the
    // collector at every turn of the loop, and must print exactly the same.
    for path in std::fs::read_dir(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/evloop/corpus")).unwrap() {
        let path = path.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let source = std::fs::read_to_string(&path).unwrap();
        let (name2, source2) = (name.clone(), source.clone());
        let normal = std::thread::Builder::new().stack_size(64 << 20).spawn(move || run_file(&name2, &source2)).unwrap().join().unwrap();
        let kind = SourceKind::from_path(&name);
        let limits = Limits { steps: inflight_engine::js::DEFAULT_STEP_BUDGET, seed: 1, heap_bytes: inflight_engine::js::DEFAULT_HEAP_LIMIT, collect_every: Some(1) };
        let eager = std::thread::Builder::new().stack_size(64 << 20).spawn(move || run_limited(&source, kind, limits)).unwrap().join().unwrap();
        match (normal, eager) {
            (Ok(a), Ok(b)) => {
                assert_eq!(a.stdout, b.stdout, "{name}");
                assert_eq!(a.exit_code, b.exit_code, "{name}");
                assert_eq!(a.stderr, b.stderr, "{name}");
            }
            (a, b) => assert_eq!(a.is_ok(), b.is_ok(), "{name}"),
        }
    }
}

