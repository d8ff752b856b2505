//! The interpreter on hostile input: random text, mangled programs, programs from a grammar,
//! memory bombs, deep nesting, hostile strings, spoofed control flow, endless loops, deep
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
//! `INFLIGHT_FUZZ_SEED=n` replays a run (the seed is printed), `INFLIGHT_FUZZ_VERBOSE=1` prints
//! every case and what it did, and `INFLIGHT_FUZZ_KNOWN_BUGS=1` lifts the generators' steering
//! away from the bugs the `#[ignore = "bug: ..."]` tests at the end of the file reproduce (see
//! [`Opts::known_bugs`]).
//!
//! **Stacks.** The deep-nesting tests run on 2 MiB threads (Rust's default for a spawned thread)
//! to show they do not depend on a big stack. Generated programs run on 64 MiB threads, as the
//! older tests here always did: natives that call back into JavaScript (`map`, `sort`, getters,
//! `toString`) nest the machine on the Rust stack up to `MAX_CALL_DEPTH` = 100 times, and in a
//! debug build that takes about 7.7 MiB (`[1].map(f)` recursion; a release build at opt-level z
//! fits it in 1 MiB, measured), more than a 2 MiB thread has.

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
use proptest::sample::select;
use proptest::strategy::Union;
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestRunner};

const BUDGET: u64 = 50_000;

/// A generated program's limits: a small step budget and a 16 MiB heap, so a case takes
/// milliseconds and a runaway one stops quickly.
const FUZZ_STEPS: u64 = 20_000;
const FUZZ_HEAP: u64 = 16 << 20;

/// No case may take longer than this (the slowest legitimate one, 10^5 nested template literals
/// in a debug build, takes about 2 s).
const WATCHDOG: Duration = Duration::from_secs(10);

/// A thread of Rust's default size for spawned threads: what the deep-nesting tests run on.
const SMALL_STACK: usize = 2 << 20;
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
    "generated_programs_never_panic",
    "generated_typescript_never_panics",
    "generated_programs_broken_slightly_never_panic",
    "builtins_called_with_hostile_arguments_never_panic",
    "hostile_text_in_every_context_never_panics",
    "memory_bombs_stop_at_the_heap_limit_with_bounded_memory",
    "deep_nesting_is_a_clean_error_on_a_2_mib_stack",
    "deep_structures_at_run_time_are_clean_on_a_2_mib_stack",
    "hostile_strings_never_panic",
    "spoofed_control_flow_cannot_catch_or_forge_the_engines_stops",
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

/// What the fuzzing runs. (Cases that would only find a known bug again are steered away where
/// they are generated; see [`Opts::known_bugs`].)
fn steered(c: Case) -> Case {
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

/// Runs fixed cases, each checked by [`sound`] and by `check`; all failures are reported
/// together. Returns how many ran.
fn run_cases(name: &str, cases: &[Case], stack: usize, check: impl Fn(&Case, &Verdict) -> Result<(), String>) {
    let started = Instant::now();
    let mut failures = Vec::new();
    let mut times = Vec::new();
    for c in cases {
        let t = Instant::now();
        let verdict = execute_with(c, stack, WATCHDOG);
        times.push((t.elapsed().as_micros() as u64, c.src.len()));
        if std::env::var_os("INFLIGHT_FUZZ_VERBOSE").is_some() {
            println!("{:>8.1} ms  {:?}  {}", t.elapsed().as_secs_f64() * 1000.0, verdict, cut(&c.src, 70).replace('\n', " "));
        }
        if let Err(m) = sound(&verdict).and_then(|()| check(c, &verdict)) {
            let mut shown = format!("{c:?}");
            if shown.len() > 1500 {
                shown = format!("{}... ({} bytes)", cut(&shown, 1500), shown.len());
            }
            failures.push(format!("{m}\n{verdict:?}\n{shown}"));
        }
        if matches!(verdict, Verdict::Hung(_)) {
            // It still runs, on a thread nobody can stop: the rest would compete with it.
            failures.push(format!("(the {} cases after it did not run)", cases.len() - times.len()));
            break;
        }
    }
    let ran = times.len();
    println!("fuzz: {name}: {ran} cases, {} ms ({})", started.elapsed().as_millis(), timing(&mut times).trim_start_matches("; "));
    assert!(failures.is_empty(), "{name}: {} of {} cases failed:\n\n{}", failures.len(), cases.len(), failures.join("\n\n"));
    assert_eq!(ran, cases.len(), "{name}: only {ran} of {} cases ran", cases.len());
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

/// A check that each case ran and printed its lines: `programs` pairs each case's source with
/// what Node 20 prints for it.
fn prints<'a>(programs: &'a [(&'a str, &'a [&'a str])]) -> impl Fn(&Case, &Verdict) -> Result<(), String> + 'a {
    move |c, v| {
        let expected = programs.iter().find(|(src, _)| *src == c.src).map(|(_, lines)| *lines).ok_or("a case with no expected output")?;
        match v {
            Verdict::Done(Ok(run)) if run.stdout == expected && run.exit_code == 0 => Ok(()),
            other => Err(format!("expected it to print {expected:?}, as Node does; got {other:?}")),
        }
    }
}

// ------------------------------------------------------------------------------------------
// Memory, and long inputs.

/// The process's peak resident memory since the last [`reset_peak_memory`], in bytes (Linux).
fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse::<u64>().ok().map(|kib| kib << 10)
}

fn current_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse::<u64>().ok().map(|kib| kib << 10)
}

/// Starts a new peak: writing 5 to clear_refs resets VmHWM to the current resident size.
fn reset_peak_memory() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// How much more than the heap limit a run may keep resident: the machine's own structures, the
/// objects' real sizes (a cell is counted as 256 bytes) and the allocator's slack.
fn memory_allowance(heap_bytes: u64) -> u64 {
    64 * (1 << 20) + 6 * heap_bytes
}

/// Runs each bomb in this process (the test's own, so the peaks are the bombs') and checks that
/// it stopped at the heap limit, and that the process's peak resident memory during the bomb is
/// within [`memory_allowance`] both of what it held just before and of what it held when the test
/// began (memory an earlier bomb freed stays resident, so the first alone could miss a bomb that
/// reuses it).
fn bombs_stop_at_the_heap_limit(name: &str, bombs: &[(&str, u64)]) {
    let started = Instant::now();
    let mut failures = Vec::new();
    let mut growth = Vec::new();
    let initial = current_memory().unwrap_or(0);
    let mut ran = 0;
    for &(src, heap) in bombs {
        let c = case(src, js(None), limits(50_000_000, heap));
        ran += 1;
        reset_peak_memory();
        let before = current_memory().unwrap_or(0);
        let t = Instant::now();
        let verdict = execute_with(&c, BIG_STACK, Duration::from_secs(60));
        if std::env::var_os("INFLIGHT_FUZZ_VERBOSE").is_some() {
            println!("{:>8.1} ms  {:?}  {}", t.elapsed().as_secs_f64() * 1000.0, verdict, cut(&c.src, 70));
        }
        let peak = peak_memory().unwrap_or(0);
        let (grown, above_initial) = (peak.saturating_sub(before), peak.saturating_sub(initial));
        growth.push(grown >> 20);
        let heap_mib = heap >> 20;
        let stopped = matches!(&verdict, Verdict::Done(Err(e)) if e.kind == ErrorKind::Limit && e.message.contains(&format!("heap limit ({heap_mib} MiB)")));
        if !stopped {
            failures.push(format!("expected the heap limit ({heap_mib} MiB) to stop it, got {verdict:?}\n{c:?}"));
        } else if grown.max(above_initial) > memory_allowance(heap) {
            failures.push(format!("the process's memory grew by {} MiB ({} MiB above where the test began) under a {heap_mib} MiB heap limit\n{c:?}", grown >> 20, above_initial >> 20));
        }
        if matches!(verdict, Verdict::Hung(_)) {
            break;
        }
    }
    println!("fuzz: {name}: {ran} cases, {} ms (peak growth per bomb, MiB: {growth:?}; the process began at {} MiB)", started.elapsed().as_millis(), initial >> 20);
    assert!(failures.is_empty(), "{name}: {} of {} bombs failed:\n\n{}", failures.len(), bombs.len(), failures.join("\n\n"));
    assert_eq!(ran, bombs.len(), "{name}: only {ran} of {} bombs ran", bombs.len());
}

const MIB: u64 = 1 << 20;

/// How deep the deep-nesting tests nest.
const DEEP: usize = 100_000;

fn rep(s: &str, n: usize) -> String {
    s.repeat(n)
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
// A grammar of JavaScript and TypeScript programs.

/// What the generator makes.
#[derive(Clone, Copy)]
struct Opts {
    typescript: bool,
    /// Off (the default): the generator steers away from the bugs the ignored tests reproduce,
    /// so that the fuzzing passes until they are fixed: every loop and every generated function
    /// body takes a turn from one shared allowance (`__g`), so no program grows a Map or an
    /// object by more than a few entries per step (`bug_growing_a_map_or_an_object_is_quadratic`).
    /// On (`INFLIGHT_FUZZ_KNOWN_BUGS=1`): none of that.
    known_bugs: bool,
}

impl Opts {
    fn new(typescript: bool) -> Opts {
        Opts { typescript, known_bugs: known_bugs() }
    }
    fn loop_guard(self) -> &'static str {
        if self.known_bugs {
            ""
        } else {
            "__g++ < 12 && "
        }
    }
    fn body_guard(self) -> &'static str {
        if self.known_bugs {
            ""
        } else {
            "if (__g++ > 12) return; "
        }
    }
    fn arrow_guard(self) -> &'static str {
        if self.known_bugs {
            ""
        } else {
            "__g++ > 12 ? undefined : "
        }
    }
}

/// Names the prelude of every generated program declares, after `E` (EventEmitter) and `tp9`
/// (timers/promises), which a module imports and CommonJS requires ([`prelude`]).
const PRELUDE_JS: &str = "var __g = 0;
var a = 1, b = 'two', x = [1, 2, 3], y = { k: 1, n: { m: [1, 'z'] } }, o = { p: 1, q: [2] }, s = 'str\\u00e9', n = 0, i = 0;
var m = new Map([[1, 'a'], ['k', {}]]), st = new Set([1, 2]), p = Promise.resolve(1), e = null, q = 0, r = 'r', z = [];
function f(...args) { return args.length ? args[0] : 42; }
async function g(v) { await null; return v; }
function h(cb) { return typeof cb === 'function' ? cb(1) : cb; }
class C { #priv = 1; static count = 0; constructor(v) { this.v = v; C.count++; } get w() { return this.#priv + this.v; } m(z) { return z ?? this.#priv; } }
class D extends C { constructor(v) { super(v); this.d = true; } m(z) { return super.m(z) + 1; } }
";

const IMPORTS_ESM: &str = "import { EventEmitter as E } from 'events'; import * as tp9 from 'timers/promises';\n";
const IMPORTS_CJS: &str = "const E = require('events'); const tp9 = require('timers/promises');\n";

fn prelude(typescript: bool, esm: bool) -> String {
    let body = if typescript {
        PRELUDE_JS.replace("function f(...args)", "function f(...args: any[]): any").replace("async function g(v)", "async function g(v: any)")
    } else {
        PRELUDE_JS.to_string()
    };
    format!("{}{body}", if esm { IMPORTS_ESM } else { IMPORTS_CJS })
}

/// Variables of the prelude (`__g`, the allowance, is not among them: programs do not touch it).
const VARS: &[&str] = &["a", "b", "x", "y", "o", "s", "n", "i", "m", "st", "p", "e"];
/// Names generated declarations use (a use before its declaration is a ReferenceError, which is
/// fine), parameters (the prelude declares them too), functions and classes.
const DECLS: &[&str] = &["t0", "t1", "t2", "t3", "t4", "u", "v", "w"];
const PARAMS: &[&str] = &["q", "r", "z"];
const FUNCS: &[&str] = &["f", "g", "h", "k0", "k1"];
const CLASSES: &[&str] = &["C", "D", "K1", "K2"];

const NUMBERS: &[&str] = &[
    "0", "1", "2", "3", "(-1)", "1.5", "NaN", "Infinity", "(-0)", "1e21", "0.1", "255", "0x1f", "(2 ** 53)", "4294967296", "1e-7", "(-1e300)", "0b101", "0o17",
    "1_000",
];
const STRINGS: &[&str] = &[
    "'a'", "'two'", "''", "\"q\"", "'\\u00e9'", "'\\uD800'", "'\\0'", "'\\n\\t'", "'😀'", "'\\u2028'", "'1e3'", "' 42 '", "'__proto__'", "'constructor'", "'toString'",
    "'then'", "'length'", "'\\x41'", "'\\u{1F600}'", "'\\\\'",
];
const LITERALS: &[&str] = &["null", "undefined", "true", "false", "this", "[]", "{}", "NaN"];
/// Leaves that are errors in most places (unsupported, or only valid in a module, a method or
/// CommonJS): one in some programs (a leaf of every expression would stop most of them).
const RARE: &[&str] = &["new.target", "import.meta", "super.x", "arguments", "globalThis", "Symbol", "module", "exports", "require", "eval", "WeakMap"];
const GLOBALS: &[&str] = &[
    "console", "Math", "JSON", "Object", "Array", "Promise", "Map", "Set", "Number", "String", "Error", "TypeError", "process", "Date", "Boolean", "Math.PI",
    "process.argv", "process.env",
];
const BINOPS: &[&str] = &[
    "+", "-", "*", "/", "%", "**", "==", "!=", "===", "!==", "<", ">", "<=", ">=", "&&", "||", "??", "&", "|", "^", "<<", ">>", ">>>", "in", "instanceof",
];
const PREFIX: &[&str] = &["!", "-", "+", "~", "typeof ", "void ", "delete ", "!!", "- -"];
const ASSIGN_OPS: &[&str] = &["=", "+=", "-=", "*=", "||=", "&&=", "??=", "**=", "<<=", "%="];
const PROPS: &[&str] = &[
    "length", "k", "n", "m", "p", "q", "v", "w", "d", "constructor", "__proto__", "prototype", "then", "toString", "valueOf", "size", "message", "name", "stack",
    "cause", "count",
];
/// Methods that do not put their arguments into their receiver.
const METHODS: &[&str] = &[
    "pop", "shift", "slice", "concat", "join", "indexOf", "lastIndexOf", "includes", "map", "filter", "forEach", "reduce", "reduceRight", "find", "findIndex",
    "findLast", "some", "every", "sort", "reverse", "flat", "flatMap", "at", "keys", "values", "entries", "toString", "toFixed", "split", "substring",
    "toUpperCase", "toLowerCase", "trim", "trimStart", "startsWith", "endsWith", "replace", "replaceAll", "charAt", "charCodeAt", "codePointAt", "then",
    "catch", "finally", "get", "has", "delete", "clear", "emit", "getTime", "toISOString", "valueOf", "hasOwnProperty", "m", "w", "normalize", "toPrecision",
];
/// Methods that may store an argument in the receiver (or call with one as `this`).
const MUTATORS: &[&str] = &["push", "unshift", "splice", "fill", "set", "add", "call", "apply", "bind", "on", "once"];
const CALLEES: &[&str] = &[
    "f", "g", "h", "k0", "k1", "console.log", "console.error", "Math.max", "Math.min", "Math.floor", "Math.round", "Math.abs", "Math.pow", "Math.sqrt", "Math.sign",
    "Math.imul", "Math.hypot", "JSON.stringify", "JSON.parse", "Object.keys", "Object.values", "Object.entries", "Object.freeze", "Object.isFrozen",
    "Object.create", "Object.getPrototypeOf", "Object.fromEntries", "Array.from", "Array.of", "Array.isArray", "Number", "String", "Boolean", "parseInt",
    "parseFloat", "isNaN", "isFinite", "Number.isInteger", "Promise.resolve", "Promise.reject", "Promise.all", "Promise.allSettled", "Promise.race",
    "Promise.any", "setTimeout", "setImmediate", "setInterval", "queueMicrotask", "process.nextTick", "clearTimeout", "clearInterval", "clearImmediate",
    "Date.now", "structuredClone", "Error", "C",
];
const CTORS: &[&str] = &["C", "D", "K1", "K2", "Map", "Set", "Error", "TypeError", "RangeError", "Promise", "Object", "Number", "String", "Boolean", "f", "Array", "AggregateError"];
const TYPES: &[&str] = &[
    "number", "string", "boolean", "unknown", "any", "never", "void", "null", "undefined", "object", "number[]", "Array<string>", "Record<string, number>",
    "{ k: number; n?: string }", "[number, string]", "string | null", "Promise<number>", "(q: number) => void", "typeof x", "keyof typeof y", "readonly number[]",
    "'lit' | 42", "Map<string, Set<number>>", "T", "Partial<{ a: 1 }>", "new () => object", "{ [key: string]: any }", "unique symbol",
];

fn pick(items: &'static [&'static str]) -> BoxedStrategy<String> {
    select(items).prop_map(String::from).boxed()
}

/// One of several strategies, by weight. (Not `Union`: when it picks an option it prepares every
/// option before it for shrinking, each with a copy of the runner, and with a grammar this size
/// that was most of the time a program took to make. A `Choice` shrinks within the option it
/// picked; the two-way `Union`s of [`exprs`] and [`stmts`] shrink a node to a leaf.)
#[derive(Clone, Debug)]
struct Choice {
    arms: std::sync::Arc<Vec<(u32, BoxedStrategy<String>)>>,
    total: u32,
}

impl Strategy for Choice {
    type Tree = Box<dyn proptest::strategy::ValueTree<Value = String>>;
    type Value = String;

    fn new_tree(&self, runner: &mut TestRunner) -> proptest::strategy::NewTree<Self> {
        let mut at = runner.rng().next_u32() % self.total;
        for (weight, arm) in self.arms.iter() {
            if at < *weight {
                return arm.new_tree(runner);
            }
            at -= weight;
        }
        unreachable!("the weights add up to the total")
    }
}

fn one_of(arms: Vec<(u32, BoxedStrategy<String>)>) -> BoxedStrategy<String> {
    let total = arms.iter().map(|(w, _)| w).sum();
    Choice { arms: std::sync::Arc::new(arms), total }.boxed()
}

fn leaf_or(leaf: BoxedStrategy<String>, node: BoxedStrategy<String>) -> BoxedStrategy<String> {
    Union::new_weighted(vec![(3, leaf), (2, node)]).boxed()
}

fn joined(items: BoxedStrategy<String>, count: std::ops::Range<usize>, sep: &'static str) -> BoxedStrategy<String> {
    prop::collection::vec(items, count).prop_map(move |v| v.join(sep)).boxed()
}

/// A receiver for `.`: a number literal gets parentheses (`1.5.x` does not parse here, see the
/// report of `generated_programs_never_panic`).
fn recv(a: &str) -> String {
    if a.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
        format!("({a})")
    } else {
        a.to_string()
    }
}

fn leaf() -> BoxedStrategy<String> {
    one_of(vec![
        (4, pick(NUMBERS)),
        (3, pick(STRINGS)),
        (2, pick(LITERALS)),
        (6, pick(VARS)),
        (1, pick(DECLS)),
        (2, pick(PARAMS)),
        (1, pick(FUNCS)),
        (1, pick(CLASSES)),
        (2, pick(GLOBALS)),
    ])
}

/// Expressions of one context, where `await` is allowed and where it is not.
#[derive(Clone)]
struct Exprs {
    sync: BoxedStrategy<String>,
    awaiting: BoxedStrategy<String>,
}

impl Exprs {
    fn of(&self, awaits: bool) -> BoxedStrategy<String> {
        if awaits {
            self.awaiting.clone()
        } else {
            self.sync.clone()
        }
    }
}

/// Expressions nested up to four deep. (Not `prop_recursive`: it builds its strategy again for
/// every value it makes, and with a grammar this size that took 50 ms a program.)
fn exprs(o: Opts) -> Exprs {
    let mut x = Exprs { sync: leaf(), awaiting: leaf() };
    for _ in 0..4 {
        x = Exprs { sync: leaf_or(leaf(), expr_node(o, false, &x)), awaiting: leaf_or(leaf(), expr_node(o, true, &x)) };
    }
    x
}

fn params(o: Opts) -> BoxedStrategy<String> {
    let mut arms = vec![(3, pick(&["", "q", "q, r", "q, r = 1", "...z", "{ k, n }", "[q, , r]", "q = {}", "{ k = 2, ...z }", "[q = 1, ...z]"]))];
    if o.typescript {
        arms.push((3, pick(&["q: number", "q: string, r?: number", "...z: any[]", "{ k }: { k: number }", "q: T", "q?: unknown"])));
    }
    one_of(arms)
}

fn ret_type(o: Opts) -> BoxedStrategy<String> {
    if o.typescript {
        one_of(vec![(2, Just(String::new()).boxed()), (1, pick(TYPES).prop_map(|t| format!(": {t}")).boxed())])
    } else {
        Just(String::new()).boxed()
    }
}

fn args(e: &BoxedStrategy<String>) -> BoxedStrategy<String> {
    let arg = one_of(vec![(5, e.clone()), (1, e.clone().prop_map(|a| format!("...{a}")).boxed())]);
    joined(arg, 0..4, ", ")
}

/// One level of expressions in a context where `await` is allowed or not; `x` is the level
/// below, in both contexts (a function's body is in its own).
fn expr_node(o: Opts, awaits: bool, x: &Exprs) -> BoxedStrategy<String> {
    let e = x.of(awaits);
    let assignable = one_of(vec![(3, pick(VARS)), (1, pick(DECLS)), (2, pick(PARAMS))]);
    let small = pick(&["0", "1", "3", "8", "-1", "NaN"]);
    let mut arms: Vec<(u32, BoxedStrategy<String>)> = vec![
        (
            6,
            (e.clone(), pick(BINOPS), e.clone(), any::<bool>())
                .prop_map(|(a, op, b, paren)| if paren { format!("({a} {op} {b})") } else { format!("{a} {op} {b}") })
                .boxed(),
        ),
        (2, (pick(PREFIX), e.clone()).prop_map(|(op, a)| format!("{op}{a}")).boxed()),
        (1, (assignable.clone(), pick(&["++", "--"]), any::<bool>()).prop_map(|(v, op, pre)| if pre { format!("{op}{v}") } else { format!("{v}{op}") }).boxed()),
        (3, (assignable, pick(ASSIGN_OPS), e.clone()).prop_map(|(v, op, x)| format!("({v} {op} {x})")).boxed()),
        (1, (pick(VARS), pick(PROPS), pick(ASSIGN_OPS), e.clone()).prop_map(|(v, k, op, x)| format!("({v}.{k} {op} {x})")).boxed()),
        (1, (e.clone(), e.clone(), e.clone()).prop_map(|(c, a, b)| format!("({c} ? {a} : {b})")).boxed()),
        (3, (e.clone(), pick(&[".", "?."]), pick(PROPS)).prop_map(|(a, dot, k)| format!("{}{dot}{k}", recv(&a))).boxed()),
        (1, (e.clone(), pick(&["", "?."]), e.clone()).prop_map(|(a, q, i)| format!("{a}{q}[{i}]")).boxed()),
        (1, (pick(VARS), e.clone(), e.clone()).prop_map(|(v, i, x)| format!("({v}[{i}] = {x})")).boxed()),
        (4, (e.clone(), pick(&[".", "?."]), pick(METHODS), args(&e)).prop_map(|(r, dot, mth, a)| format!("{}{dot}{mth}({a})", recv(&r))).boxed()),
        (2, (e.clone(), pick(MUTATORS), args(&e)).prop_map(|(r, mth, a)| format!("{}.{mth}({a})", recv(&r))).boxed()),
        (6, typed_call(&e)),
        (3, (pick(CALLEES), args(&e)).prop_map(|(c, a)| format!("{c}({a})")).boxed()),
        (1, (pick(CTORS), args(&e)).prop_map(|(c, a)| format!("new {c}({a})")).boxed()),
        (1, (pick(&["Object.assign", "Object.fromEntries"]), args(&e)).prop_map(|(c, a)| format!("{c}({a})")).boxed()),
        (1, (e.clone(), pick(&["padStart", "padEnd", "repeat"]), small, e.clone()).prop_map(|(r, mth, n, fill)| format!("{}.{mth}({n}, {fill})", recv(&r))).boxed()),
        (3, arrow(o, x)),
        (1, function_expr(o, x)),
        (2, object_literal(o, e.clone(), x)),
        (2, joined(one_of(vec![(5, e.clone()), (1, Just(String::new()).boxed()), (1, e.clone().prop_map(|a| format!("...{a}")).boxed())]), 0..5, ", ").prop_map(|v| format!("[{v}]")).boxed()),
        (1, (e.clone(), pick(&["", "a", "\\n", "\\u2028", "$", "{", "\\`", "}"]), e.clone()).prop_map(|(a, t, b)| format!("`x${{{a}}}{t}y${{{b}}}`")).boxed()),
        (1, class_expr(o, e.clone(), x)),
        (2, promise_expr(o, e.clone(), x)),
        (1, (e.clone(), e.clone()).prop_map(|(a, b)| format!("({a}, {b})")).boxed()),
        (1, e.clone().prop_map(|a| format!("{a}?.()")).boxed()),
        (1, (pick(&["new Date()", "new Date(0)", "new Date(86400000)", "new Date('2024-03-01T12:00:00Z')", "Date.UTC(2020, 1, 29)"]), pick(&[".getTime()", ".toISOString()", ".getUTCDay()", ".valueOf()", ""])).prop_map(|(d, mth)| format!("{d}{mth}")).boxed()),
    ];
    if awaits {
        arms.push((2, e.clone().prop_map(|a| format!("(await {a})")).boxed()));
    }
    if o.known_bugs {
        arms.push((1, (pick(&["Date.UTC", "new Date", "Date.parse"]), args(&e)).prop_map(|(c, a)| format!("{c}({a})")).boxed()));
    }
    if o.typescript {
        arms.push((
            3,
            (e.clone(), pick(TYPES), 0..5u8)
                .prop_map(|(a, t, form)| match form {
                    0 => format!("({a} as {t})"),
                    1 => format!("({a} as unknown as {t})"),
                    2 => format!("{a}!"),
                    3 => format!("({a} satisfies {t})"),
                    _ => format!("f<{t}>({a})"),
                })
                .boxed(),
        ));
    }
    one_of(arms)
}

const ARRAY_METHODS: &[&str] = &[
    "pop", "shift", "slice", "concat", "join", "indexOf", "lastIndexOf", "includes", "map", "filter", "forEach", "reduce", "reduceRight", "find", "findIndex",
    "findLast", "findLastIndex", "some", "every", "sort", "reverse", "flat", "flatMap", "at", "keys", "values", "entries", "toString",
];
const STRING_METHODS: &[&str] = &[
    "split", "slice", "substring", "toUpperCase", "toLowerCase", "trim", "trimStart", "trimEnd", "startsWith", "endsWith", "replace", "replaceAll", "charAt", "at",
    "charCodeAt", "codePointAt", "indexOf", "lastIndexOf", "includes", "concat", "padStart", "padEnd", "repeat", "toString",
];
/// Receivers of other kinds, with their methods.
const KINDS: &[(&str, &[&str])] = &[
    ("m", &["get", "has", "delete", "forEach", "keys", "values", "entries", "clear"]),
    ("st", &["has", "delete", "forEach", "values", "entries", "keys"]),
    ("p", &["then", "catch", "finally"]),
    ("g(1)", &["then", "catch", "finally"]),
    ("a", &["toFixed", "toString"]),
    ("(1.5)", &["toFixed", "toString"]),
    ("o", &["hasOwnProperty", "toString", "valueOf"]),
    ("new C(1)", &["m", "toString"]),
    ("new D(2)", &["m"]),
    ("new E()", &["emit", "on", "once", "listenerCount", "removeAllListeners", "eventNames"]),
    ("new Date(0)", &["getTime", "toISOString", "getUTCDay", "getUTCHours", "toJSON", "valueOf"]),
    ("Math", &["max", "min", "floor", "abs", "sign", "trunc", "hypot", "imul", "pow", "sqrt", "cbrt", "exp", "log", "round", "ceil", "sin"]),
    ("JSON", &["stringify", "parse"]),
    ("Object", &["keys", "values", "entries", "freeze", "isFrozen", "getPrototypeOf", "create", "fromEntries"]),
    ("Promise", &["resolve", "reject", "all", "allSettled", "race", "any"]),
    ("Number", &["isInteger", "isSafeInteger", "isFinite", "isNaN", "parseFloat", "parseInt"]),
    ("Array", &["from", "of", "isArray"]),
    ("process", &["nextTick"]),
];

/// `receiver.method`, the method one of the receiver's own kind: the machine reports a method
/// its receiver lacks as unsupported, which ends the program, so untyped calls alone mostly test
/// that. Receivers are the prelude's variables, or (`hostile`) literals on the edges.
fn kind_method(hostile: bool) -> BoxedStrategy<String> {
    let (arrays, strings, numbers): (&'static [&'static str], &'static [&'static str], &'static [&'static str]) = if hostile {
        (
            &["[3, 1, 2]", "[]", "[[1, [2]], 'a', null]", "[, , 1]", "[NaN, -0, 0]", "Array.from({ length: 3 })", "['b', 'a', '\\uD800']"],
            &["'abc'", "'\\uD83D\\uDE00x'", "''", "'\\uD800'", "'a-b-c'", "' \\t\\n '"],
            &["(255)", "(-0)", "(1.5)", "NaN", "(2 ** 53)", "(1e21)", "(-1e-7)"],
        )
    } else {
        (&["x", "z", "[3, 1, 2]", "y.n.m", "Array.from(s)", "[]"], &["s", "b", "'abc'", "String(a)", "`t${a}`"], &["a", "(1.5)"])
    };
    let pairs = |recvs: &'static [&'static str], methods: &'static [&'static str]| (select(recvs), select(methods)).prop_map(|(r, mth)| format!("{r}.{mth}")).boxed();
    let mut arms = vec![(4, pairs(arrays, ARRAY_METHODS)), (4, pairs(strings, STRING_METHODS)), (1, pairs(numbers, &["toFixed", "toString"]))];
    for &(r, methods) in KINDS {
        arms.push((1, select(methods).prop_map(move |mth| format!("{r}.{mth}")).boxed()));
    }
    one_of(arms)
}

/// A call of a method of the receiver's own kind ([`kind_method`]).
fn typed_call(e: &BoxedStrategy<String>) -> BoxedStrategy<String> {
    (kind_method(false), args(e)).prop_map(|(c, a)| format!("{c}({a})")).boxed()
}

fn arrow(o: Opts, x: &Exprs) -> BoxedStrategy<String> {
    let make = move |is_async: bool, body: BoxedStrategy<String>| {
        (params(o), ret_type(o), body.clone(), body, 0..3u8)
            .prop_map(move |(ps, rt, a, b, form)| {
                let (kw, aw) = if is_async { ("async ", "await ") } else { ("", "") };
                let (g, bg) = (o.arrow_guard(), o.body_guard());
                match form {
                    0 => format!("({kw}({ps}){rt} => {g}({a}))"),
                    1 => format!("({kw}({ps}){rt} => {{ {bg}const t2 = {a}; if (t2) return {b}; return t2; }})"),
                    _ => format!("({kw}({ps}){rt} => {{ {bg}try {{ return {aw}{a}; }} catch (err) {{ return {b}; }} }})"),
                }
            })
            .boxed()
    };
    one_of(vec![(3, make(false, x.sync.clone())), (1, make(true, x.awaiting.clone()))])
}

fn function_expr(o: Opts, x: &Exprs) -> BoxedStrategy<String> {
    let make = move |kw: &'static str, body: BoxedStrategy<String>| {
        (params(o), ret_type(o), body.clone(), body).prop_map(move |(ps, rt, a, b)| format!("({kw} ({ps}){rt} {{ {}if ({a}) {{ return {b}; }} return q; }})", o.body_guard())).boxed()
    };
    one_of(vec![(2, make("function", x.sync.clone())), (1, make("async function", x.awaiting.clone()))])
}

fn object_literal(o: Opts, e: BoxedStrategy<String>, x: &Exprs) -> BoxedStrategy<String> {
    let key = pick(&["k", "n", "toString", "valueOf", "then", "toJSON", "__proto__", "'quoted key'", "0", "length", "constructor", "get", "async"]);
    let g = o.body_guard();
    let prop = (key, e.clone(), e, x.sync.clone(), x.awaiting.clone(), 0..8u8).prop_map(move |(k, a, b, body, async_body, form)| match form {
        0 | 1 => format!("{k}: {a}"),
        2 => format!("[{a}]: {b}"),
        3 => format!("...{a}"),
        4 => format!("{k}() {{ {g}return {body}; }}"),
        5 => format!("get {k}() {{ {g}return {body}; }}"),
        6 => format!("set {k}(q) {{ {g}{body}; }}"),
        _ => format!("async {k}() {{ {g}return await {async_body}; }}"),
    });
    joined(prop.boxed(), 0..4, ", ").prop_map(|ps| format!("({{ {ps} }})")).boxed()
}

/// Members of a class: fields and static blocks (no `await` there), methods with bodies of
/// their own. Every class has `#x`, so `this.#x` and `#x in q` parse.
fn class_members(o: Opts, x: &Exprs) -> BoxedStrategy<String> {
    let g = o.body_guard();
    let ts = o.typescript;
    let member = (x.sync.clone(), x.sync.clone(), x.awaiting.clone(), 0..10u8).prop_map(move |(a, b, w, form)| match form {
        0 => format!("k = {a};"),
        1 => format!("static y = {a};"),
        2 => format!("constructor(q) {{ super(q); this.v = {a}; }}"),
        3 => format!("get v2() {{ {g}return this.#x ?? {a}; }}"),
        4 => format!("set v2(q) {{ {g}this.#x = q; }}"),
        5 => format!("m(q) {{ {g}return super.m ? super.m(q) : {a}; }}"),
        6 => format!("static {{ {a}; }}"),
        7 => format!("async am() {{ {g}await {w}; return {b}; }}"),
        8 if ts => format!("private readonly pr: number = {a}; public static ps?: string; protected pm(q: number): void {{ {g}{b}; }}"),
        8 => format!("#pm() {{ {g}return #x in this ? {a} : {b}; }}"),
        _ => format!("static #sp = {a}; static sm() {{ {g}return this.#sp; }}"),
    });
    joined(member.boxed(), 0..4, " ").prop_map(|m| format!("#x = 0; {m}")).boxed()
}

fn class_expr(o: Opts, e: BoxedStrategy<String>, x: &Exprs) -> BoxedStrategy<String> {
    let heritage = one_of(vec![
        (3, pick(&["", " extends C", " extends D", " extends Object", " extends null", " extends f", " extends (class {})"])),
        (1, e.prop_map(|h| format!(" extends ({h})")).boxed()),
    ]);
    (heritage, class_members(o, x))
        .prop_map(|(ext, body)| {
            let body = if ext.is_empty() { body.replace("super(q); ", "") } else { body };
            format!("(class{ext} {{ {body} }})")
        })
        .boxed()
}

fn promise_expr(o: Opts, e: BoxedStrategy<String>, x: &Exprs) -> BoxedStrategy<String> {
    let g = o.arrow_guard();
    (e.clone(), e, x.sync.clone(), x.awaiting.clone(), 0..9u8)
        .prop_map(move |(a, b, body, async_body, form)| match form {
            0 => format!("{}.then((q) => {g}{body})", recv(&a)),
            1 => format!("Promise.resolve({a}).catch((q) => {g}{body})"),
            2 => format!("Promise.reject({a}).finally(() => {g}{body})"),
            3 => format!("new Promise((q, r) => {g}({body}, q({body})))"),
            4 => format!("Promise.all([{a}, {b}, g({a})])"),
            5 => format!("(async () => {g}await {async_body})()"),
            6 => format!("({{ then(q, r) {{ q({body}); r({body}); }} }})"),
            7 => format!("Promise.race([p, {a}]).then(console.log, (q) => {body})"),
            _ => format!("tp9.setTimeout(1, {a})"),
        })
        .boxed()
}

/// Where a statement is: in a function (`return`), in a loop (`break`, `continue`), where
/// `await` is allowed.
#[derive(Clone, Copy)]
struct Ctx {
    func: bool,
    looped: bool,
    awaits: bool,
}

impl Ctx {
    const ALL: [Ctx; 8] = {
        let mut all = [Ctx { func: false, looped: false, awaits: false }; 8];
        let mut i = 0;
        while i < 8 {
            all[i] = Ctx { func: i & 1 != 0, looped: i & 2 != 0, awaits: i & 4 != 0 };
            i += 1;
        }
        all
    };
    fn index(self) -> usize {
        usize::from(self.func) | usize::from(self.looped) << 1 | usize::from(self.awaits) << 2
    }
    fn in_loop(self) -> Ctx {
        Ctx { looped: true, ..self }
    }
    fn function(awaits: bool) -> Ctx {
        Ctx { func: true, looped: false, awaits }
    }
}

/// Statements nested up to three deep, one strategy for each context.
fn stmts(o: Opts, x: &Exprs) -> Vec<BoxedStrategy<String>> {
    let leaves: Vec<BoxedStrategy<String>> = Ctx::ALL.iter().map(|&c| stmt_leaf(o, c, x)).collect();
    let mut level = leaves.clone();
    for _ in 0..3 {
        let below = level.clone();
        level = Ctx::ALL.iter().map(|&c| leaf_or(leaves[c.index()].clone(), stmt_node(o, c, x, &below))).collect();
    }
    level
}

fn decl(o: Opts, e: BoxedStrategy<String>) -> BoxedStrategy<String> {
    let ty = if o.typescript { one_of(vec![(1, Just(String::new()).boxed()), (1, pick(TYPES).prop_map(|t| format!(": {t}")).boxed())]) } else { Just(String::new()).boxed() };
    (pick(&["let", "const", "var", "var"]), pick(DECLS), ty, e).prop_map(|(kw, name, ty, v)| format!("{kw} {name}{ty} = {v};")).boxed()
}

fn stmt_leaf(o: Opts, c: Ctx, x: &Exprs) -> BoxedStrategy<String> {
    let e = x.of(c.awaits);
    let g = o.arrow_guard();
    let mut arms = vec![
        (5, e.clone().prop_map(|a| format!("{a};")).boxed()),
        (4, decl(o, e.clone())),
        (
            1,
            (e.clone(), e.clone(), any::<bool>())
                .prop_map(|(a, b, obj)| if obj { format!("var {{ k: d0, n: {{ m: [d1] = [] }} = {{}}, ...d2 }} = {a} ?? {{}};") } else { format!("var [d0, , d1 = {a}, ...d2] = {b};") })
                .boxed(),
        ),
        (4, joined(e.clone(), 0..3, ", ").prop_map(|a| format!("console.log({a});")).boxed()),
        (1, e.clone().prop_map(|a| format!("throw {a};")).boxed()),
        (1, pick(&[";", "debugger;", "{}"])),
        (
            3,
            (pick(&["setTimeout", "setImmediate", "process.nextTick", "queueMicrotask", "setInterval"]), x.sync.clone(), pick(&["", ", 0", ", 1", ", 5", ", -1", ", 1e21", ", 'x'"]))
                .prop_map(move |(t, a, delay)| {
                    let delay = if t == "setTimeout" || t == "setInterval" { delay.as_str() } else { "" };
                    if t == "setInterval" {
                        format!("{{ let t9 = 0; const ti = setInterval(() => {{ if (++t9 > 3) clearInterval(ti); {g}{a}; }}{delay}); }}")
                    } else {
                        format!("{t}(() => {g}{a}{delay});")
                    }
                })
                .boxed(),
        ),
        (1, (x.awaiting.clone(), x.awaiting.clone()).prop_map(|(a, b)| format!("(async () => {{ await {a}; console.log({b}); }})();")).boxed()),
        (1, (x.sync.clone(), e.clone()).prop_map(|(a, b)| format!("{{ const ee = new E(); ee.on('ev', (q) => {{ console.log('ev', q, {a}); }}); ee.emit('ev', {b}); }}")).boxed()),
        // Runaways that grow nothing the heap limit does not count: they end at a limit, which
        // the generated handlers around them must not catch.
        (
            1,
            pick(&[
                "while (true) {}",
                "for (;;) { n++; }",
                "do {} while (1);",
                "for (;;) { const t8 = { n }; }",
                "{ const t8 = []; for (;;) t8.push({}); }",
                "for (;;) { try { throw 1; } catch {} finally {} }",
                "while (true) { try { for (;;) {} } finally { n++; } }",
                "(async () => { for (;;) await null; })();",
                "setInterval(() => {}, 1);",
                "{ function k7() { Promise.resolve().then(k7); } k7(); }",
                "{ function k7() { process.nextTick(k7); } k7(); }",
                "{ function k7() { setImmediate(k7); } k7(); }",
                "{ function k7() { k7(); } k7(); }",
                "{ function k7(q) { q(); new Promise(k7); } new Promise(k7); }",
                "{ const ee = new E(); ee.on('x', () => ee.emit('x')); ee.emit('x'); }",
            ]),
        ),
    ];
    if c.func {
        arms.push((2, e.clone().prop_map(|a| format!("return {a};")).boxed()));
    }
    if c.looped {
        arms.push((2, (pick(&["break", "continue"]), e.clone()).prop_map(|(kw, a)| format!("if ({a}) {kw};")).boxed()));
    }
    if o.typescript {
        arms.push((
            3,
            (pick(TYPES), pick(TYPES), e, 0..7u8)
                .prop_map(|(t, u, a, form)| match form {
                    0 => format!("type T1 = {t} | {u};"),
                    1 => format!("interface I1 {{ k: {t}; m?(q: {u}): void; readonly [key: string]: any }}"),
                    2 => format!("let t0!: {t}; t0 = {a} as any;"),
                    3 => format!("function k0<T>(q: T, r?: {u}): {t} {{ return q as any; }}"),
                    4 => format!("function k1(q: number): {t}; function k1(q: any): any {{ return {a}; }}"),
                    5 => format!("abstract class K1 {{ abstract m(): {t}; k: {u} = {a} as any; }}"),
                    _ => "const t1 = <T,>(q: T): T => q;".to_string(),
                })
                .boxed(),
        ));
    }
    one_of(arms)
}

/// One level of statements in context `c`; `below` is the level below, by context.
fn stmt_node(o: Opts, c: Ctx, x: &Exprs, below: &[BoxedStrategy<String>]) -> BoxedStrategy<String> {
    let e = x.of(c.awaits);
    let block = |c: Ctx| joined(below[c.index()].clone(), 0..4, "\n");
    let (here, looped, sync_fn, async_fn) = (block(c), block(c.in_loop()), block(Ctx::function(false)), block(Ctx::function(true)));
    let lg = o.loop_guard();
    let bg = o.body_guard();
    let ts = o.typescript;
    let for_of_guard = if lg.is_empty() { "" } else { "if (__g++ > 12) break;" };
    let function_decl = move |kw: &'static str, body: BoxedStrategy<String>, ret: BoxedStrategy<String>| {
        (pick(&["k0", "k1", "f"]), params(o), ret_type(o), body, ret).prop_map(move |(name, ps, rt, b, r)| format!("{kw} {name}({ps}){rt} {{\n{bg}\n{b}\nreturn {r};\n}}")).boxed()
    };
    let arms = vec![
        (1, here.clone().prop_map(|b| format!("{{\n{b}\n}}")).boxed()),
        (3, (e.clone(), here.clone(), here.clone(), any::<bool>()).prop_map(|(c, a, b, els)| if els { format!("if ({c}) {{\n{a}\n}} else {{\n{b}\n}}") } else { format!("if ({c}) {{\n{a}\n}}") }).boxed()),
        (2, (pick(&["0", "1", "3", "n", "x.length", "-1"]), looped.clone()).prop_map(move |(n, b)| format!("for (let i = 0; {lg}i < {n}; i++) {{\n{b}\n}}")).boxed()),
        (
            2,
            (pick(&["const t0", "let [t0, t1]", "var t1", "const { k }"]), pick(&["of", "of", "in"]), e.clone(), looped.clone())
                .prop_map(move |(d, kw, it, b)| format!("for ({d} {kw} {it}) {{\n{for_of_guard}\n{b}\n}}"))
                .boxed(),
        ),
        (1, (e.clone(), looped.clone()).prop_map(move |(c, b)| format!("while ({lg}({c})) {{\n{b}\n}}")).boxed()),
        (1, (e.clone(), looped.clone()).prop_map(move |(c, b)| format!("do {{\n{b}\n}} while ({lg}({c}));")).boxed()),
        (
            1,
            (e.clone(), e.clone(), here.clone(), here.clone())
                .prop_map(|(v, c, a, b)| format!("switch ({v}) {{\ncase {c}:\n{a}\nbreak;\ncase 1: {{ let t0 = 1; }}\ndefault:\n{b}\n}}"))
                .boxed(),
        ),
        (
            1,
            (e.clone(), looped.clone()).prop_map(move |(c, b)| format!("L1: for (let j = 0; {lg}j < 3; j++) {{\nL2: for (;{lg}true;) {{\n{b}\nif ({c}) continue L1; break L2;\n}}\n}}")).boxed(),
        ),
        (
            3,
            (here.clone(), here.clone(), here.clone(), 0..5u8)
                .prop_map(|(t, c, f, form)| match form {
                    0 => format!("try {{\n{t}\n}} catch (err) {{\n{c}\n}}"),
                    1 => format!("try {{\n{t}\n}} catch {{\n{c}\n}} finally {{\n{f}\n}}"),
                    2 => format!("try {{\n{t}\n}} finally {{\n{f}\n}}"),
                    3 => format!("try {{\n{t}\n}} catch ({{ message, name: nm = 'x' }}) {{\nconsole.log(message, nm);\n{c}\n}}"),
                    _ => format!("try {{ try {{\n{t}\n}} finally {{ throw 'inner'; }} }} catch (err) {{ console.log('caught', err); {c} }}"),
                })
                .boxed(),
        ),
        (2, function_decl("function", sync_fn.clone(), x.sync.clone())),
        (1, function_decl("async function", async_fn.clone(), x.awaiting.clone())),
        (
            1,
            (pick(&["k0", "k1"]), params(o), async_fn, x.awaiting.clone())
                .prop_map(move |(name, ps, b, r)| format!("const {name} = async ({ps}) => {{\n{bg}\n{b}\nawait {r};\n}};"))
                .boxed(),
        ),
        (1, (sync_fn.clone(), x.sync.clone()).prop_map(move |(b, r)| format!("function k1() {{\n{bg}\ntry {{\n{b}\n}} finally {{\nreturn {r};\n}}\n}}\nconsole.log(k1());")).boxed()),
        (
            2,
            (pick(&["K1", "K2"]), pick(&["", " extends C", " extends D", " extends K1"]), class_members(o, x), sync_fn)
                .prop_map(move |(name, ext, members, b)| {
                    let ctor_params = if ts { "q: number" } else { "q" };
                    let tail = if ext.is_empty() { String::new() } else { format!(" constructor({ctor_params}) {{ super(q); this.k = q; }}") };
                    let members = if ext.is_empty() { members.replace("super(q); ", "") } else { members.replace("constructor(q) { super(q); this.v", "init(q) { this.v") };
                    format!("class {name}{ext} {{ {members}{tail} run() {{ {bg}\n{b}\n}} }}\nconsole.log(new {name}(1));")
                })
                .boxed(),
        ),
    ];
    one_of(arms)
}

/// Lines only a module allows, and lines only CommonJS does.
const MODULE_LINES: &[&str] = &[
    "",
    "",
    "export const t9 = 1;",
    "export default class {}",
    "import { EventEmitter as E2 } from 'events';",
    "import * as tp from 'timers/promises'; await tp.setTimeout(1);",
    "await null;",
    "await g(1);",
    "export function k9() {}",
    "import fs from 'fs'; fs.readFile('a.txt', (err) => console.log(err));",
];
const COMMONJS_LINES: &[&str] = &[
    "",
    "",
    "module.exports = { a };",
    "exports.k = 1;",
    "const E2 = require('events'); new E2().emit('x');",
    "require('fs').readFile('a.txt', (err, data) => console.log(err, data));",
    "console.log(typeof require, typeof module);",
    "const { setTimeout: st9 } = require('timers/promises'); st9(1).then(console.log);",
];

fn fuzz_limits() -> BoxedStrategy<Limits> {
    (prop_oneof![4 => Just(None), 1 => Just(Some(1usize)), 1 => Just(Some(97usize))], any::<u32>())
        .prop_map(|(collect_every, seed)| Limits { steps: FUZZ_STEPS, seed, heap_bytes: FUZZ_HEAP, collect_every })
        .boxed()
}

/// Whole programs: the prelude, a line or two that only a module or only CommonJS allows, and
/// generated statements; as a module, as CommonJS, or left to detection.
fn program_case(typescript: bool) -> BoxedStrategy<Case> {
    let o = Opts::new(typescript);
    let x = exprs(o);
    let s = stmts(o, &x);
    let program = move |module: Option<ModuleKind>| {
        let esm = module == Some(ModuleKind::EsModule);
        let top = s[Ctx { func: false, looped: false, awaits: esm }.index()].clone();
        // Left to detection, a program is mostly CommonJS, and a module when a line says so.
        let lines = match module {
            Some(ModuleKind::EsModule) => pick(MODULE_LINES),
            Some(ModuleKind::CommonJs) => pick(COMMONJS_LINES),
            None => one_of(vec![(1, pick(MODULE_LINES)), (3, pick(COMMONJS_LINES))]),
        };
        let rare = prop::option::weighted(0.05, select(RARE));
        (lines, joined(top, 1..8, "\n"), rare, fuzz_limits())
            .prop_map(move |(line, body, rare, limits)| {
                let imports = esm || (!line.is_empty() && MODULE_LINES.contains(&line.as_str()));
                let rare = rare.map_or(String::new(), |r| format!("console.log(typeof {r});\n"));
                Case { src: format!("{}{line}\n{body}\n{rare}", prelude(typescript, imports)), kind: SourceKind { typescript, module }, limits }
            })
            .boxed()
    };
    prop_oneof![program(None), program(Some(ModuleKind::CommonJs)), program(Some(ModuleKind::EsModule))].boxed()
}

#[test]
fn generated_programs_never_panic() {
    if !in_own_process("generated_programs_never_panic") {
        return;
    }
    let outcomes = fuzz("grammar-js", 1000, program_case(false), no_check);
    // The grammar is worth its cost only if its programs get past the parser, and some reach a
    // limit (the runaway statements) inside the generated handlers.
    assert!(outcomes.ran + outcomes.uncaught >= 300, "{outcomes:?}");
    assert!(outcomes.limit >= 10, "{outcomes:?}");
}

#[test]
fn generated_typescript_never_panics() {
    if !in_own_process("generated_typescript_never_panics") {
        return;
    }
    fuzz("grammar-ts", 400, program_case(true), no_check);
}

/// The same programs, slightly broken: a span deleted, a piece inserted, the end cut off, a
/// span repeated, or two characters swapped, somewhere after the prelude.
#[test]
fn generated_programs_broken_slightly_never_panic() {
    if !in_own_process("generated_programs_broken_slightly_never_panic") {
        return;
    }
    let strategy = (program_case(false), any::<bool>(), 0..5u8, any::<prop::sample::Index>(), 1usize..12, 0..PIECES.len()).prop_map(|(mut c, ts, how, at, len, piece)| {
        // After the prelude, whose last line declares `D`.
        let start = c.src.find("\nclass D extends C").and_then(|at| c.src[at + 1..].find('\n').map(|end| at + end + 2)).unwrap_or(0);
        let chars: Vec<char> = c.src[start..].chars().collect();
        let at = at.index(chars.len().max(1));
        let end = (at + len).min(chars.len());
        let (head, mid, tail): (String, String, String) = (chars[..at].iter().collect(), chars[at..end].iter().collect(), chars[end..].iter().collect());
        let body = match how {
            0 => head + &tail,
            1 => head + PIECES[piece] + &mid + &tail,
            2 => head,
            3 => head + &mid + &mid + &tail,
            _ => {
                let mut v = chars.clone();
                if end > at {
                    v.swap(at, end - 1);
                }
                v.into_iter().collect()
            }
        };
        c.src = format!("{}{body}", &c.src[..start]);
        c.kind.typescript = ts;
        c
    });
    fuzz("grammar-broken", 600, strategy, no_check);
}

/// Receivers and arguments chosen to sit on the edges of every built-in: NaN, -0, infinities,
/// 2^31, 2^32, 2^53, lone surrogates, objects whose conversions throw or spin, callbacks that
/// throw.
const HOSTILE_VALUES: &[&str] = &[
    "NaN", "-0", "Infinity", "-Infinity", "1e21", "-1e21", "2 ** 31", "2 ** 32", "2 ** 53", "-(2 ** 53)", "4294967295", "1.5", "-1.5", "1e-320", "0", "1", "-1", "100",
    "''", "'a'", "'\\uD800'", "'0x10'", "' 1 '", "'1e3'", "'-0'", "'\\u0000'", "'😀'", "undefined", "null", "true", "[]", "[1, [2, [3]]]", "{}", "{ length: 3 }",
    "{ length: -1 }", "{ length: 1e21 }", "{ valueOf() { return 2; } }", "{ toString() { throw new Error('ts'); } }", "{ valueOf() { throw 1; } }",
    "{ toString() { return {}; }, valueOf() { return {}; } }", "{ get length() { throw 2; } }", "() => 1", "(q, r) => r - q", "(q) => { throw q; }", "function () { return this; }",
    "new Map([[1, 2]])", "new Set([NaN])", "Promise.resolve(1)", "new Error('e')", "[, , 1]", "[undefined, null]", "'\\uDC00\\uD800'", "1e20", "'99999999999999999999'",
    "'2020-02-30T25:61:61.9999Z'", "8.64e15", "-8.64e15",
];
const HOSTILE_RECEIVERS: &[&str] = &[
    "[3, 1, 2]", "[]", "[[1, [2]], 'a', null]", "'abc'", "'\\uD83D\\uDE00x'", "''", "255", "-0", "1.5", "NaN", "{}", "new Map([[1, 2]])", "new Set([1])",
    "Promise.resolve(1)", "Math", "JSON", "Object", "Array", "Number", "String", "Promise", "Date", "new Date(0)", "process", "console", "(() => 1)", "new Error('x')",
    "Array.prototype", "Object.prototype", "String.prototype", "new (require('events'))()",
];
/// Every built-in method name the machine has, and a few it does not.
const HOSTILE_METHODS: &[&str] = &[
    "pop", "push", "shift", "unshift", "slice", "splice", "concat", "join", "indexOf", "lastIndexOf", "includes", "map", "filter", "forEach", "reduce", "reduceRight",
    "find", "findIndex", "findLast", "findLastIndex", "some", "every", "sort", "reverse", "fill", "flat", "flatMap", "at", "keys", "values", "entries",
    "toString", "isArray", "from", "of", "split", "substring", "toUpperCase", "toLowerCase", "trim", "trimStart", "trimEnd", "startsWith", "endsWith",
    "replace", "replaceAll", "charAt", "charCodeAt", "codePointAt", "toFixed", "isInteger", "isSafeInteger", "isFinite", "isNaN", "parseInt", "parseFloat", "abs",
    "floor", "ceil", "round", "trunc", "sign", "max", "min", "pow", "sqrt", "cbrt", "exp", "log", "random", "imul", "hypot", "sin", "cos", "tan", "stringify",
    "parse", "assign", "freeze", "isFrozen", "fromEntries", "create", "getPrototypeOf", "get", "set", "has", "delete", "clear", "add", "getTime", "valueOf",
    "toISOString", "toJSON", "toUTCString", "getFullYear", "getUTCDay", "getTimezoneOffset", "now", "resolve", "reject", "all", "allSettled", "race", "any", "then",
    "catch", "finally", "call", "apply", "bind", "hasOwnProperty", "emit", "on", "once", "off", "listenerCount", "setMaxListeners", "nextTick", "hrtime",
    "log", "error", "warn", "info", "debug", "toPrecision", "localeCompare", "normalize", "search", "match", "fromCharCode", "isPrototypeOf", "defineProperty",
    "UTC", "getUTCHours", "getMilliseconds", "toLocaleString", "at",
];
/// Constructors called with hostile arguments.
const HOSTILE_NUMBERS: &[&str] = &["NaN", "-0", "0", "1", "-1", "1.5", "12", "31", "1e20", "-1e20", "1e21", "2 ** 53", "2 ** 31", "8.64e15", "1e300", "-1e300", "275760", "-271821"];
const HOSTILE_CONSTRUCTORS: &[&str] = &["Date", "Map", "Set", "Error", "TypeError", "RangeError", "AggregateError", "Promise", "Array", "Object", "Number", "String", "Boolean"];
/// Methods that take a length, called with small ones too (hostile values are mostly huge).
const PADDING: &[&str] = &["padStart", "padEnd", "repeat"];
const PAD_RECEIVERS: &[&str] = &["'ab'", "''", "'\\uD800'", "'😀'"];
const PAD_LENGTHS: &[&str] = &["0", "-1", "5", "NaN", "100", "2.5", "'7'"];

#[test]
fn builtins_called_with_hostile_arguments_never_panic() {
    if !in_own_process("builtins_called_with_hostile_arguments_never_panic") {
        return;
    }
    let call = (select(HOSTILE_RECEIVERS), select(HOSTILE_METHODS), prop::collection::vec(select(HOSTILE_VALUES), 0..4), any::<bool>()).prop_map(move |(r, mth, args, construct)| {
        let args = args.join(", ");
        let call = if construct { format!("new ({r}).{mth}({args})") } else { format!("({r}).{mth}({args})") };
        format!("try {{ const out = {call}; console.log(typeof out, out); }} catch (err) {{ console.log('threw', err instanceof Error ? err.name : typeof err); }}")
    });
    let arg = prop_oneof![2 => select(HOSTILE_NUMBERS), 1 => select(HOSTILE_VALUES)];
    let construct = (select(HOSTILE_CONSTRUCTORS), prop::collection::vec(arg, 0..8), any::<bool>()).prop_map(move |(ctor, args, with_new)| {
        let args = args.join(", ");
        let call = if with_new { format!("new {ctor}({args})") } else { format!("{ctor}({args})") };
        format!("try {{ const out = {call}; console.log(typeof out, out, String(out)); }} catch (err) {{ console.log('threw', err instanceof Error ? err.name : typeof err); }}")
    });
    let small_pad = (select(PAD_RECEIVERS), select(PADDING), select(PAD_LENGTHS), select(HOSTILE_VALUES))
        .prop_map(|(r, mth, n, fill)| format!("try {{ console.log(({r}).{mth}({n}, {fill})); }} catch (err) {{ console.log('threw', err.name); }}"));
    let typed = (kind_method(true), prop::collection::vec(select(HOSTILE_VALUES), 0..4)).prop_map(move |(c, args)| {
        let call = format!("{c}({})", args.join(", "));
        format!("try {{ const out = {call}; console.log(typeof out, out); }} catch (err) {{ console.log('threw', err instanceof Error ? err.name : typeof err); }}")
    });
    let line = prop_oneof![2 => call.boxed(), 6 => typed.boxed(), 2 => construct.boxed(), 1 => small_pad.boxed()];
    // The prelude gives the receivers of `KINDS` their meaning.
    let strategy = (prop::collection::vec(line, 1..6), fuzz_limits()).prop_map(|(lines, limits)| case(format!("{}{}", prelude(false, false), lines.join("\n")), js(None), limits));
    fuzz("hostile-builtins", 600, strategy, no_check);
}

const HOSTILE_ATOMS: &[&str] = &[
            "\0", "\u{2028}", "\u{2029}", "\u{feff}", "\r", "\n", "\r\n", "\\", "'", "\"", "`", "$", "${", "{", "}", "/", "*", "*/", "/*", "//", "\\u", "\\uD800",
            "\\uDFFF", "\\u{", "\\u{10FFFF}", "\\u{110000}", "\\x", "\\x4", "\\0", "\\8", "😀", "\u{301}", "\u{200d}", "é", "a", "1", "9", "e", "_", "#", "\t", "\u{b}",
            "\u{c}", "\u{a0}", "\u{3000}", "<!--", "-->", "\u{fffe}", "\u{10ffff}", "0x", "1e", ".", "n",
        ];

/// Hostile characters in every place text can appear: strings, templates, comments,
/// identifiers, numbers, regular expressions, JSON, and the program's edges.
#[test]
fn hostile_text_in_every_context_never_panics() {
    if !in_own_process("hostile_text_in_every_context_never_panics") {
        return;
    }
    let atom = select(HOSTILE_ATOMS);
    let text = prop::collection::vec(atom, 0..12).prop_map(|v| v.concat());
    let strategy = (text, 0..12u8, any::<bool>(), any::<bool>()).prop_map(|(t, place, ts, module)| {
        let src = match place {
            0 => format!("console.log('{t}');"),
            1 => format!("console.log(\"{t}\".length);"),
            2 => format!("console.log(`{t}`);"),
            3 => format!("console.log(`a${{1}}{t}${{'b'}}`);"),
            4 => format!("/* {t} */ console.log(1);"),
            5 => format!("// {t}\nconsole.log(2);"),
            6 => format!("let a{t} = 1; console.log(a{t});"),
            7 => format!("console.log(1{t});"),
            8 => format!("console.log(/{t}/);"),
            9 => format!("try {{ console.log(JSON.parse('{t}')); }} catch (e) {{ console.log(e.name); }}"),
            10 => format!("{t}console.log(3){t}"),
            _ => format!("const k = {{ '{t}': 1, [`{t}`]: 2 }}; console.log(Object.keys(k), k['{t}']);"),
        };
        case(src, SourceKind { typescript: ts, module: Some(if module { ModuleKind::EsModule } else { ModuleKind::CommonJs }) }, limits(FUZZ_STEPS, FUZZ_HEAP))
    });
    fuzz("hostile-text", 600, strategy, no_check);
}

// ------------------------------------------------------------------------------------------
// Memory bombs.

/// Bombs made of objects, scopes, promises, queue entries and listeners: each cell is counted,
/// so each stops at the heap limit. (Sets, Maps and objects that grow get a small heap: adding to
/// one is linear in its size, see `bug_growing_a_map_or_an_object_is_quadratic`.)
const CELL_BOMBS: &[(&str, u64)] = &[
    ("let o = {}; while (true) o = { o, p: { q: o } };", 16 * MIB),
    ("const fs = []; while (true) { const big = [{}, {}, {}, {}]; fs.push(() => big); }", 16 * MIB),
    ("let p = Promise.resolve(); const keep = []; function grow() { for (let i = 0; i < 1000; i++) { p = p.then(() => {}); keep.push(p); } setTimeout(grow, 0); } grow();", 16 * MIB),
    ("const keep = []; function k() { keep.push(new Promise(() => {})); Promise.resolve().then(k); } k();", 16 * MIB),
    ("function chain(p) { return p.then(() => chain(new Promise((r) => setTimeout(r, 1)))); } const all = []; for (let i = 0; i < 100; i++) all.push(chain(Promise.resolve())); const keep = []; setInterval(() => { for (let i = 0; i < 500; i++) keep.push(Promise.resolve(i)); }, 1);", 16 * MIB),
    ("const m = new Map(); while (true) m.set({}, {});", 2 * MIB),
    ("const s = new Set(); while (true) s.add([]);", MIB),
    ("const maps = []; while (true) maps.push(new Map([[1, {}]]));", 16 * MIB),
    ("const o = {}; let i = 0; while (true) o['k' + i++] = {};", MIB),
    ("const keep = []; function mk(n) { let a = n, b = n; return () => a + b; } while (true) keep.push(mk(keep.length));", 16 * MIB),
    ("while (true) setTimeout(() => {}, 1000000);", 16 * MIB),
    ("while (true) queueMicrotask(() => {});", 16 * MIB),
    ("while (true) process.nextTick(() => {});", 16 * MIB),
    ("while (true) setImmediate(() => {});", 16 * MIB),
    ("const keep = []; while (true) keep.push(new Error('x'));", 16 * MIB),
    ("const keep = []; while (true) keep.push(class { #x = 1; m() { return this.#x; } });", 16 * MIB),
    ("const keep = []; async function hang() { await new Promise(() => {}); } while (true) keep.push(hang());", 16 * MIB),
    ("const E = require('events'); const e = new E(); e.setMaxListeners(0); while (true) e.on('x', () => {});", 16 * MIB),
    ("const keep = []; function tick() { for (let i = 0; i < 1000; i++) keep.push({ i }); setTimeout(tick, 1); } tick();", 16 * MIB),
    // The stop passes through the program's handlers without stopping in them.
    ("function f() { try { const k = []; while (true) k.push({}); } catch (e) { return 'caught'; } finally { return 'finally'; } } console.log(f());", 16 * MIB),
    ("for (;;) { try { const k = []; while (true) k.push({}); } catch (e) { console.log('caught'); } finally { } }", 16 * MIB),
    ("new Promise(() => { const k = []; while (true) k.push({}); }).catch(() => console.log('caught'));", 16 * MIB),
    ("(async () => { try { await null; const k = []; while (true) k.push([]); } catch { console.log('caught'); } })();", 16 * MIB),
    ("try { console.log(String({ toString() { const k = []; while (true) k.push({}); } })); } catch { console.log('caught'); }", 16 * MIB),
    ("try { [3, 2, 1].sort(() => { const k = []; while (true) k.push({}); }); } catch { console.log('caught'); }", 16 * MIB),
    ("const t = { then(r) { const k = []; while (true) k.push({}); } }; Promise.resolve(t).catch(() => console.log('caught'));", 16 * MIB),
];

#[test]
fn memory_bombs_stop_at_the_heap_limit_with_bounded_memory() {
    if !in_own_process("memory_bombs_stop_at_the_heap_limit_with_bounded_memory") {
        return;
    }
    bombs_stop_at_the_heap_limit("memory-bombs", CELL_BOMBS);
}

// ------------------------------------------------------------------------------------------
// Deep nesting.

/// Nesting 10^5 deep of the kinds the brief names (parentheses, brackets, arrow chains,
/// ternaries, unary operators, template literals) and of a few more, and 10^4 deep of every other
/// kind the parser bounds (10^5 of those would make the test slow, not stronger: a debug build
/// lexes about 10^5 tokens in 0.2 s, and every one stops at the same `MAX_DEPTH`). Each is a
/// clean syntax error ("nests too deeply") or runs, on a 2 MiB stack. Long left-associative
/// chains and nested statements have tests of their own at the end.
fn deep_programs() -> Vec<(&'static str, String, bool)> {
    let n = DEEP;
    let k = DEEP / 10;
    vec![
        ("parentheses", format!("{}1{}", rep("(", n), rep(")", n)), false),
        ("brackets", format!("{}{}", rep("[", n), rep("]", n)), false),
        ("objects", format!("x = {}1{}", rep("{a:", n), rep("}", n)), false),
        ("arrows", format!("f = {}1", rep("() => ", n)), false),
        ("ternaries", format!("x = {}c", rep("a ? b : ", n)), false),
        ("unary minus", format!("x = {}1", rep("-", n)), false),
        ("negations", format!("x = {}1", rep("!", n)), false),
        ("typeof", format!("x = {}1", rep("typeof ", n)), false),
        ("templates", format!("x = {}1{}", rep("`${", n), rep("}`", n)), false),
        ("await", format!("async function f() {{ {}1 }}", rep("await ", n)), false),
        ("new", format!("{}X", rep("new ", n)), false),
        ("spread", format!("[{}{}]", rep("...[", n), rep("]", n)), false),
        ("assignments", format!("{}1", rep("a = ", n)), false),
        ("exponents", format!("x = 2{}", rep(" ** 2", n)), false),
        ("call arguments", format!("f({}1{})", rep("f(", n), rep(")", n)), false),
        ("unclosed parentheses", rep("(", n), false),
        ("arrow parameter patterns", format!("f = ({}a{}) => 1", rep("[", k), rep("]", k)), false),
        ("nested ternaries", format!("x = {}1{}", rep("a ? (", k), rep(") : 2", k)), false),
        ("void and tilde", format!("x = {}1", rep("void ~", k)), false),
        ("prefix increments", format!("x = {}a", rep("++", k)), false),
        ("destructuring", format!("let {}a{} = 1", rep("[", k), rep("]", k)), false),
        ("object patterns", format!("let {}a{} = 1", rep("{a:", k), rep("}", k)), false),
        ("plain templates", format!("`{}{}`", rep("${`", k), rep("`}", k)), false),
        ("array arguments", format!("f({}{})", rep("[", k), rep("]", k)), false),
        // Each level looks ahead to its closing parenthesis to tell an arrow's parameters from
        // an expression: MAX_DEPTH scans of the input (7 s for 10^5 in a debug build).
        ("default parameters", format!("function f(a = {}1{}) {{}}", rep("(b = ", k), rep(") => b", k)), false),
        ("class heritage", format!("x = {}class {{}}{}", rep("class extends (", k), rep(") {}", k)), false),
        ("computed keys", format!("x = {}1{}", rep("{ [", k), rep("]: 1 }", k)), false),
        ("unclosed brackets", rep("[", k), false),
        ("unclosed templates", rep("`${", k), false),
        ("unclosed objects", format!("x = {}", rep("{a:", k)), false),
        ("closers", rep(")", k), false),
        ("closing braces", rep("}", k), false),
        ("slashes", rep("/", k), false),
        ("unterminated string", format!("'{}", rep("a", 10 * n)), false),
        ("comma list", format!("x = ({}1)", rep("1, ", k)), false),
        ("statements", rep("x = 1;", k), false),
        ("case clauses", format!("switch (1) {{ {} }}", rep("case 1: ", k)), false),
        ("array elements", format!("x = [{}];", rep("1, ", k)), false),
        ("parameters", format!("function f({}) {{}}", (0..k).map(|i| format!("a{i}, ")).collect::<String>()), false),
        ("arguments", format!("Math.max({});", rep("1, ", k)), false),
        ("comments", format!("{}1", rep("/* */", k)), false),
        ("TypeScript generics", format!("let x: {}B{} = 1;", rep("A<", n), rep(">", n)), true),
        ("TypeScript unions", format!("let x: A{} = 1;", rep(" | A", k)), true),
        ("TypeScript array types", format!("let x: number{} = 1;", rep("[]", k)), true),
        ("TypeScript object types", format!("let x: {}number{} = 1;", rep("{ a: ", k), rep(" }", k)), true),
        ("TypeScript function types", format!("let x: {}void = 1;", rep("() => ", k)), true),
        ("TypeScript tuples", format!("let x: {}number{} = 1;", rep("[", k), rep("]", k)), true),
        ("TypeScript casts", format!("x = 1{};", rep(" as any", k)), true),
        ("TypeScript non-null", format!("x = a{};", rep("!", k)), true),
    ]
}

#[test]
fn deep_nesting_is_a_clean_error_on_a_2_mib_stack() {
    if !in_own_process("deep_nesting_is_a_clean_error_on_a_2_mib_stack") {
        return;
    }
    let cases: Vec<Case> = deep_programs()
        .into_iter()
        .map(|(_, src, typescript)| case(src, SourceKind { typescript, module: Some(ModuleKind::CommonJs) }, limits(200_000, FUZZ_HEAP)))
        .collect();
    run_cases("deep-nesting", &cases, SMALL_STACK, no_check);
}

/// Structures built 10^5 deep at run time, which natives walk: `console.log`, `flat`, promise
/// resolution, thenables, prototype chains, error causes, recursion. (Not natives that call back
/// into JavaScript, such as an event listener that emits its own event: those nest the machine
/// on the Rust stack, `MAX_CALL_DEPTH` = 100 times, which needs about 7.7 MiB in a debug build;
/// the spoofing test runs them on a 64 MiB stack. A constructor that constructs is one of them.)
const DEEP_AT_RUN_TIME: &[(&str, u64)] = &[
    ("let a = []; for (let i = 0; i < 100000; i++) a = [a]; console.log(a);", 64 * MIB),
    ("let a = [1]; for (let i = 0; i < 100000; i++) a = [a]; console.log(a.flat(Infinity));", 64 * MIB),
    ("let o = {}; for (let i = 0; i < 100000; i++) o = { o }; console.log(o, Object.keys(o));", 64 * MIB),
    ("let p = Promise.resolve(1); for (let i = 0; i < 20000; i++) { const q = p; p = new Promise((r) => r(q)); } p.then((v) => console.log(v));", 64 * MIB),
    ("let t = 1; for (let i = 0; i < 20000; i++) { const inner = t; t = { then(r) { r(inner); } }; } Promise.resolve(t).then((v) => console.log(v));", 64 * MIB),
    ("let p = Promise.resolve(0); for (let i = 0; i < 20000; i++) p = p.then((v) => v + 1); p.then(console.log);", 64 * MIB),
    ("let o = {}; for (let i = 0; i < 100000; i++) o = Object.create(o); console.log(o.x, 'y' in o, String(o));", 64 * MIB),
    ("let e = new Error('x'); for (let i = 0; i < 100000; i++) e = new Error('y', { cause: e }); console.log(e);", 16 * MIB),
    ("let m = new Map(); for (let i = 0; i < 100000; i++) m = new Map([[m, m]]); console.log(m.size);", 16 * MIB),
    ("let n = 0; function f() { n++; f(); } try { f(); } catch (e) { console.log(e.message, n); }", 16 * MIB),
    ("async function f(n) { await null; return f(n + 1); } f(0);", 16 * MIB),
    ("function f(n) { process.nextTick(() => f(n + 1)); } f(0);", 16 * MIB),
    ("let a = []; for (let i = 0; i < 500; i++) a = [a]; console.log(JSON.stringify(a).length);", 16 * MIB),
    ("let s = '['.repeat(1000) + ']'.repeat(1000); try { JSON.parse(s); console.log('parsed'); } catch (e) { console.log(e.name); }", 16 * MIB),
    ("let a = []; for (let i = 0; i < 1000; i++) a = [a]; console.log(String(a).length, `${a}`.length, a.join('-').length);", 16 * MIB),
    ("const o = {}; o.o = o; const a = [o]; console.log(o, a, JSON.stringify([1]), Object.entries(o).length);", 16 * MIB),
];

#[test]
fn deep_structures_at_run_time_are_clean_on_a_2_mib_stack() {
    if !in_own_process("deep_structures_at_run_time_are_clean_on_a_2_mib_stack") {
        return;
    }
    // Natives that call back into JavaScript nest the machine on the Rust stack; these do not,
    // or not beyond what 2 MiB holds in a debug build.
    let cases: Vec<Case> = DEEP_AT_RUN_TIME.iter().map(|&(src, heap)| case(src, js(None), limits(2_000_000, heap))).collect();
    run_cases("deep-at-run-time", &cases, SMALL_STACK, no_check);
}

// ------------------------------------------------------------------------------------------
// Hostile strings.

fn hostile_strings() -> Vec<String> {
    let mut v: Vec<String> = [
        "const s = '\\uD800'; console.log(s.length, s.charCodeAt(0), s, JSON.stringify(s), [s], s + 'x', s.split(''), s.at(0), s.codePointAt(0));",
        "const s = 'a\\uDFFFb'; console.log(s.length, s.slice(1, 2), s.toUpperCase(), s.padStart(5, '\\uD800'));",
        "const s = '\\uD83D\\uDE00'; console.log(s.length, s[0], s[1], s.slice(0, 1) + s.slice(1), [...s].length, s.split(''), s.substring(1), s.charAt(1), Array.from(s));",
        "const s = '😀😀'; for (let i = 0; i <= s.length; i++) console.log(s.slice(0, i).length, s.slice(i).length, s.substring(i, i + 1), s.at(i), s.codePointAt(i));",
        "console.log('\\uD800\\uD800'.length, '\\uDC00\\uD800' < '\\uD800', '\\uD800'.localeCompare, '\\uD800' === '\\uD800', encodeURIComponent);",
        "console.log(JSON.parse('\"\\\\uD800\"').length, JSON.stringify('\\uDFFF'), JSON.stringify({ '\\uD800': '\\uDC00' }));",
        "console.log(String.fromCharCode(0xD800, 0x41, 0xDC00));",
        "console.log(String.fromCodePoint(0x10FFFF));",
        "const s = '\\u{110000}';",
        "const s = '\\u{41';",
        "console.log('\\x4', '\\u12');",
        "console.log('\\8', '\\09', '\\01');",
        "console.log('\\0'.length, '\\x00' === '\\0', `\\0`, '\\u0000'.length);",
        "const s = 'a\u{0}b'; console.log(s.length, s);",
        "let a\u{0}b = 1;",
        "console.log(1);\u{0}",
        "\u{feff}console.log('bom');",
        "console.log(1);\u{feff}console.log(2);",
        "console.log('\u{feff}'.length, '\\uFEFF'.trim().length);",
        "let a = 1;\r\nlet b = `x\r\ny`;\r\nconsole.log(b.length, b.charCodeAt(1));\r\n// c\r\n/* \r\n */ console.log(a)\r\n",
        "let a = 1;\rconsole.log(a)\r",
        "let a = 1;\u{2028}console.log(a);\u{2029}console.log('\u{2028}'.length, `\u{2028}`);",
        "// comment\u{2028}console.log('after');",
        "console.log('a\u{2028}b', \"\u{2029}\", `\u{2028}`);",
        "let \u{e9}t\u{e9} = 1, \u{4e2d} = 2; console.log(\u{e9}t\u{e9} + \u{4e2d});",
        "let \\u0061bc = 3; console.log(abc);",
        "let \\uD800 = 1;",
        "let 😀 = 1;",
        "let a\u{200d}b = 1;",
        "let \u{1d400} = 1; console.log(\u{1d400});",
        "console.log('\u{1}\u{2}\u{1b}[31m', '\u{7f}', '\u{85}', '\u{a0}');",
        "console.log(1e999999999999, 1e-99999999, 0b11111111111111111111111111111111111111111111111111111111111111111, 0o7777777777777777777777777);",
        "console.log(0x);",
        "console.log(1e);",
        "console.log(1__0);",
        "console.log(1_);",
        "console.log(08, 09.5, 0777, 07.5);",
        "console.log(.5, 5., 0.0e0, 1e+5, 1E-5, 0B1, 0O7, 0X1F);",
        "console.log(123n);",
        "console.log(0.1 + 0.2, 1 / 3, -0, 2 ** -1074, 2 ** 1024, Number.MAX_VALUE, Number.MIN_VALUE, Number.EPSILON);",
        "console.log(parseInt('9'.repeat(400)), parseFloat('1e400'), Number('0x' + 'f'.repeat(300)), Number('  12  '), (1e21).toFixed(2), (123.456).toFixed(100));",
        "for (const n of [-1, 101, NaN, Infinity, 1e9, 2 ** 53]) { try { console.log((1.5).toFixed(n)); } catch (e) { console.log(e.name); } }",
        "for (const r of [2, 36, 1, 37, 0, NaN, 2 ** 32]) { try { console.log((255.5).toString(r), (-1e300).toString(r), (2 ** -1074).toString(r)); } catch (e) { console.log(e.name); } }",
        "const s = 'abc'; console.log(s[1e10], s[-1], s.at(-1e10), s.slice(-1e20, 1e20), s.substring(NaN, Infinity), s.charAt(1e300), s.indexOf('', 1e9), s.lastIndexOf('c', -5));",
        "try { console.log('x'.repeat(2 ** 31).length); } catch (e) { console.log(e.name, e.message); }",
        "try { console.log('x'.repeat(-1)); } catch (e) { console.log(e.name, e.message); }",
        "const s = '\u{130}\u{df}\u{fb01}\u{3a3}'; console.log(s.toLowerCase(), s.toUpperCase(), s.toLowerCase().length, s.toUpperCase().length);",
        "console.log('abc",
        "console.log('abc\nxyz');",
        "console.log(\"abc\\",
        "console.log(`abc ${1 + ",
        "console.log(`abc",
        "console.log(`${`${`",
        "let r = /abc",
        "let r = /[/",
        "let x = 1; /* never ends",
        "let a = 4, g = 2, i = 1; console.log(a / g / i, a /g/ i);",
        "function t(s, ...v) { return s.raw.join('|') + v.join(','); } console.log(t`a${1}\\n${2}c`);",
        "console.log(`\\u{`);",
        "console.log(`\\unicode and \\xyz`);",
        "for (const s of ['', '{', '[1,]', '\"\\\\u', '1e999', '-', '{\"a\":1,}', 'nul', '\"\\u0000\"', '\\ufeff1', '\"\\\\uD800\\\\uDC00\"', '[' + '1,'.repeat(10000) + '1]']) { try { const v = JSON.parse(s); console.log(typeof v); } catch (e) { console.log(e.name); } }",
        "const o = { ['\\uD800']: 1, '\\u0000': 2, '': 3, '__proto__': 4 }; console.log(o, Object.keys(o), JSON.stringify(o));",
        "const m = new Map([['\\uD800', 1], ['\\uDC00', 2]]); console.log(m.get('\\uD800'), m.size, [...m.keys()].join('').length);",
        "console.log(['b', 'a', '\\uD800', '\\uFFFF', '😀', ''].sort(), ['10', '9', '1'].sort());",
        "console.log('a-b-c'.split('-', 2 ** 32 + 1), 'abc'.split(''), 'abc'.split('', 0), ''.split(''), ''.split('x'));",
        "console.log('aaa'.replaceAll('', '-'), 'abc'.replace('', '$&$&'), 'abc'.replace('b', '$1$`$\\''), 'x'.replaceAll('x', '$$'));",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    v.push(format!("let {} = 1; console.log({});", rep("a", 1_000_000), rep("a", 1_000_000)));
    v.push(format!("console.log({});", rep("9", DEEP)));
    v.push(format!("console.log(0.{});", rep("1", DEEP)));
    v.push(format!("console.log(0x{});", rep("f", DEEP)));
    v.push(format!("console.log(1e{});", rep("9", DEEP)));
    v.push(format!("const s = '{}'; console.log(s.length);", rep("x", 2_000_000)));
    v.push(format!("const s = '{}'; console.log(s.length);", rep("\\u0041", 200_000)));
    v.push(format!("const s = '\\u{{{}41}}'; console.log(s);", rep("0", DEEP)));
    v.push(format!("console.log(`{}`.length);", rep("${1}", 20_000)));
    v.push(format!("// {}\nconsole.log('after');", rep("\u{2028}", DEEP)));
    v.push(rep("\u{feff}", DEEP));
    v.push(rep("\r\n", DEEP));
    v.push(rep("\u{0}", DEEP));
    v
}

#[test]
fn hostile_strings_never_panic() {
    if !in_own_process("hostile_strings_never_panic") {
        return;
    }
    let mut cases = Vec::new();
    for src in hostile_strings() {
        // Each as CommonJS, as a module and as TypeScript; the big ones (a megabyte of one
        // identifier or string) only once.
        let kinds: &[SourceKind] = if src.len() > 100_000 {
            &[js(Some(ModuleKind::CommonJs))]
        } else {
            &[js(Some(ModuleKind::CommonJs)), js(Some(ModuleKind::EsModule)), SourceKind { typescript: true, module: None }]
        };
        for &kind in kinds {
            cases.push(case(src.clone(), kind, limits(FUZZ_STEPS * 10, FUZZ_HEAP)));
        }
    }
    run_cases("hostile-strings", &cases, BIG_STACK, no_check);
}

// ------------------------------------------------------------------------------------------
// Spoofed control flow.

/// What a spoofing program must end with.
#[derive(Clone, Copy, Debug)]
enum Expect {
    /// One of the engine's limits stopped it: the step budget, or the heap limit when the loop
    /// that spins makes a scope per turn (the collector runs only between turns of the event
    /// loop, so those pile up).
    Stop,
    /// The engine's heap limit stopped it.
    Heap,
    /// The engine refused a construct.
    Unsupported,
    /// It ran to an uncaught error whose text (on stderr, exit status 1) contains this.
    Uncaught(&'static str),
    /// It ran, printing this first.
    Prints(&'static str),
    /// Anything sound.
    Sound,
}

const SPIN: &str = "while (true) {}";
const BOMB: &str = "const k = []; while (true) k.push({});";

fn catch_all(body: &str) -> String {
    format!("try {{ {body} }} catch (e) {{ console.log('CAUGHT', e); }} finally {{ console.log('FINALLY'); }}")
}

fn spoofs() -> Vec<(String, Expect)> {
    use Expect::*;
    let mut v: Vec<(String, Expect)> = Vec::new();
    let mut add = |src: &str, expect: Expect| v.push((src.to_string(), expect));
    // Forged stops: plain values to the program and to the engine.
    add("throw new Error('stopped: the program ran past the step budget (50000 steps): an endless loop or microtask chain?');", Uncaught("step budget"));
    add("throw 'the program ran past the heap limit (16 MiB): it keeps more memory alive than a browser tab should hold';", Uncaught("heap limit"));
    add("throw { kind: 'Limit', message: 'step budget', pos: { line: 0, column: 0 } };", Uncaught("kind: 'Limit'"));
    add("class Unsupported extends Error {} throw new Unsupported('generator functions is outside the supported subset of JavaScript');", Uncaught("outside the supported subset"));
    add("Promise.reject(new RangeError('Maximum call stack size exceeded'));", Uncaught("Maximum call stack"));
    add("throw '\\u0000uncaught';", Uncaught("uncaught"));
    add("throw '\\u0000budget';", Uncaught("budget"));
    add("try { throw 'stopped: the program ran past the step budget'; } catch (e) { console.log('caught', e); }", Prints("caught stopped: the program ran past the step budget"));
    add("try { throw { kind: 'Limit' }; } catch (e) { console.log('caught', e.kind); } finally { console.log('fin'); }", Prints("caught Limit"));
    add("const e = new Error('heap limit'); e.name = 'Limit'; try { throw e; } catch (x) { console.log('caught', x.name); }", Prints("caught Limit"));
    add("Error = function () { return { message: 'step budget' }; }; RangeError = Error; function f() { f(); } try { f(); } catch (e) { console.log('caught', e.message); }", Prints("caught Maximum call stack size exceeded"));
    // The engine stops a program wherever it spins, and its handlers never see the stop.
    for body in [
        catch_all(SPIN),
        "for (;;) { try { for (;;) {} } catch (e) {} }".into(),
        "while (true) { try { while (true) {} } catch { } finally { } }".into(),
        "function f() { try { while (true) {} } finally { return 1; } } console.log(f());".into(),
        "out: for (;;) { try { while (true) {} } finally { break out; } } console.log('escaped');".into(),
        "function f() { try { try { while (true) {} } finally { throw 1; } } catch (e) { return e; } } console.log(f());".into(),
        "function f() { try { return 1; } finally { while (true) {} } } try { f(); } catch { console.log('caught'); }".into(),
        "Promise.prototype.then = function () { return this; }; (async () => { while (true) { await null; } })();".into(),
        "const orig = Promise.prototype.then; Promise.prototype.then = function (a, b) { return orig.call(this, a, () => console.log('swallowed')); }; (async () => { while (true) {} })().catch(() => console.log('caught'));".into(),
        "Object.prototype.then = function (r) { r(this); }; (async () => { const v = await {}; console.log('got', v); })();".into(),
        "Object.prototype.then = function (r) { r({}); }; Promise.resolve({}).then((v) => console.log(v));".into(),
        format!("Object.prototype.toString = function () {{ {SPIN} }}; {}", catch_all("console.log(`${{}}`);")),
        format!("Object.prototype.toJSON = function () {{ {SPIN} }}; {}", catch_all("console.log(JSON.stringify({}));")),
        format!("Array.prototype.push = function () {{ {SPIN} }}; {}", catch_all("[].push(1);")),
        format!("Array.prototype.slice = function () {{ {SPIN} }}; {}", catch_all("const E = require('events'); const e = new E(); e.on('x', () => {}); e.emit('x');")),
        catch_all("const o = { get x() { while (true) {} } }; console.log(o.x);"),
        catch_all("console.log('' + { toString() { while (true) {} } });"),
        catch_all("console.log(`${{ toString() { while (true) {} } }}`);"),
        catch_all("console.log({ valueOf() { while (true) {} } } < 1);"),
        catch_all("console.log(String({ toString() { while (true) {} } }));"),
        catch_all("[3, 2, 1].sort(() => { while (true) {} });"),
        catch_all("[1].map(() => { while (true) {} });"),
        catch_all("JSON.stringify({ toJSON() { while (true) {} } });"),
        catch_all("class A { constructor() { while (true) {} } } new A();"),
        catch_all("const o = { set x(v) { while (true) {} } }; o.x = 1;"),
        catch_all("Array.from({ length: 3 }, () => { while (true) {} });"),
        catch_all("new Map([[1, 2]]).forEach(() => { while (true) {} });"),
        "new Promise(() => { while (true) {} }).catch((e) => console.log('caught', e));".into(),
        "(async () => { try { await null; while (true) {} } catch (e) { console.log('caught'); } })();".into(),
        "(async () => { try { await Promise.reject(1); } finally { while (true) {} } })().catch(() => console.log('caught'));".into(),
        "const t = { then(r) { r(t); } }; Promise.resolve(t).then(() => console.log('done'));".into(),
        "const t = { then(r) { r(t); } }; (async () => { await t; console.log('done'); })();".into(),
        "const t = { get then() { while (true) {} } }; Promise.resolve(t).catch(() => console.log('caught'));".into(),
        "const t = { then(r) { Promise.resolve().then(() => r(t)); } }; Promise.resolve(t);".into(),
        "queueMicrotask(() => { try { while (true) {} } finally { queueMicrotask(() => console.log('after')); } });".into(),
        "process.nextTick(() => { try { while (true) {} } catch {} });".into(),
        "setTimeout(() => { try { while (true) {} } catch { console.log('caught'); } }, 0); setTimeout(() => console.log('later'), 5);".into(),
        "setInterval(() => { try { throw new Error('x'); } catch {} }, 1);".into(),
        "console.log = function () { while (true) {} }; try { console.log(1); } catch { }".into(),
        "function f() { try { f(); } catch (e) { f(); } } f();".into(),
        "function f() { try { return f(); } finally { f(); } } f();".into(),
        "let n = 0; while (true) { try { throw n++; } catch (e) { if (e > 1e9) break; } }".into(),
        "const { AsyncLocalStorage } = require('async_hooks'); const als = new AsyncLocalStorage(); als.run(1, () => { try { while (true) {} } catch { console.log('c'); } });".into(),
        "const E = require('events'); const e = new E(); e.on('x', () => { while (true) {} }); try { e.emit('x'); } catch (x) { console.log('caught'); }".into(),
        "const E = require('events'); const e = new E(); e.on('error', () => { throw new Error('again'); }); for (;;) { try { e.emit('error', 1); } catch {} }".into(),
        "const ac = new AbortController(); ac.signal.addEventListener('abort', () => { while (true) {} }); try { ac.abort(); } catch { console.log('caught'); }".into(),
        "require('timers/promises').setTimeout(1).then(() => { for (;;) {} }).catch(() => console.log('caught'));".into(),
    ] {
        add(&body, Stop);
    }
    // So does the heap limit.
    for body in [
        catch_all(BOMB),
        format!("function f() {{ try {{ {BOMB} }} finally {{ return 1; }} }} console.log(f());"),
        format!("new Promise(() => {{ {BOMB} }}).catch((e) => console.log('caught', e)).finally(() => console.log('fin'));"),
        format!("const o = {{ set x(v) {{ {BOMB} }} }}; try {{ o.x = 1; }} catch {{ console.log('caught'); }}"),
        format!("try {{ console.log(`${{{{ toString() {{ {BOMB} }} }}}}`); }} catch {{ console.log('caught'); }}"),
        "function go() { return Promise.reject(new Error('x')).catch(go); } go();".into(),
        format!("for (;;) {{ try {{ {BOMB} }} catch {{ }} finally {{ }} }}"),
        format!("Object.prototype.then = function (r) {{ {BOMB} }}; Promise.resolve({{}}).catch(() => console.log('caught'));"),
    ] {
        add(&body, Heap);
    }
    // An unsupported construct is the engine's stop too: no catch sees it.
    for body in [
        "try { new Proxy({}, {}); } catch (e) { console.log('caught', e); }",
        "try { null.x; } catch (e) { new WeakMap(); } finally { console.log('FINALLY'); }",
        "(async () => { try { await null; new WeakMap(); } catch (e) { console.log('caught'); } })();",
        "try { Object.prototype.x = eval('1'); } catch { console.log('caught'); }",
        "Promise.resolve().then(() => Reflect.ownKeys({})).catch(() => console.log('caught'));",
        "try { const a = [1]; a[100000] = 1; } catch { console.log('caught'); }",
        "try { const r = new WeakRef({}); } catch { console.log('caught'); }",
    ] {
        add(body, Unsupported);
    }
    // Anything, as long as it is sound: throwing from conversions and hooks while the engine
    // formats, pollution of what the prelude relies on.
    for body in [
        "console.log({ get x() { throw new Error('g'); } }, { toString() { throw 1; } }, { valueOf() { throw 2; } });",
        "Object.prototype.valueOf = function () { throw new Error('boom'); }; try { console.log({} + 1, {} < 1); } catch (e) { console.log('caught', e.message); }",
        "class K { static get name() { while (true) {} } } console.log(new K(), [new K()], { k: new K() });",
        "class K { get [Symbol.toStringTag]() { return 'x'; } }",
        "const o = { constructor: { get name() { throw new Error('n'); } } }; console.log(o);",
        "const e = new Error('x'); Object.defineProperty(e, 'message', { get() { throw 1; } }); console.log(e);",
        "const e = new Error('x'); e.stack = { toString() { throw 1; } }; console.log(e); throw e;",
        "const e = new Error('x'); e.name = { toString() { while (true) {} } }; throw e;",
        "const e = { get message() { throw new Error('m'); }, name: 'E' }; throw e;",
        "Promise.reject({ toString() { while (true) {} } });",
        "Promise.reject({ get message() { throw 1; } });",
        "Object.prototype.length = 1e9; console.log(Array.from({}), [].concat({}), Object.keys({}));",
        "Object.prototype[0] = 'polluted'; console.log([,].at(0), [].concat([,]), Array.from({ length: 1 }));",
        "Object.prototype.get = () => 'x'; Object.prototype.has = () => true; const E = require('events'); const e = new E(); e.on('x', () => console.log('x')); e.emit('x');",
        "Map.prototype.get = function () { throw new Error('polluted'); }; const E = require('events'); const e = new E(); try { e.on('x', () => {}); e.emit('x'); } catch (x) { console.log('caught', x.message); }",
        "Array.prototype.slice = () => { throw new Error('polluted'); }; const E = require('events'); const e = new E(); try { e.on('x', () => {}); e.emit('x'); } catch (x) { console.log('caught', x.message); }",
        "Function.prototype.call = function () { throw new Error('polluted'); }; Function.prototype.apply = Function.prototype.call; setTimeout(() => console.log('t'), 1); Promise.resolve(1).then(console.log);",
        "Promise.prototype.then = function () { throw new Error('polluted'); }; (async () => { await null; console.log('a'); })(); Promise.all([1]).catch(console.log);",
        "Promise.resolve = () => { throw new Error('polluted'); }; (async () => { await 1; console.log('ok'); })(); Promise.all([1]).then(console.log, console.log);",
        "Object.prototype.then = function (r) { r(1); }; (async () => { console.log(await {}, await [], await new Map()); })();",
        "Object.prototype.then = 1; Promise.resolve({}).then((v) => console.log(typeof v));",
        "Object.defineProperty(Object.prototype, 'then', { get() { throw new Error('getter'); } }); Promise.resolve({}).then(console.log, (e) => console.log('rejected', e.message));",
        "const t = { then(r, j) { r(1); throw new Error('late'); } }; Promise.resolve(t).then((v) => console.log('v', v), (e) => console.log('e', e.message));",
        "const t = { get then() { throw new Error('no then'); } }; Promise.resolve(t).catch((e) => console.log('caught', e.message));",
        "let n = 0; const t = { then(r) { n++; if (n < 1000) r(t); else r(n); } }; Promise.resolve(t).then((v) => console.log(v));",
        "const E = require('events'); const e = new E(); e.on('error', () => e.emit('error', 1)); try { e.emit('error', 1); } catch (x) { console.log('caught', x.message); }",
        "process.nextTick = null; queueMicrotask = undefined; setTimeout = 1; console.log(typeof setTimeout);",
        "console.log('%s %d %i %f %j %o %O %c %%', { toString() { throw 1; } }, { valueOf() { throw 2; } }, 'x', 'y', 1, 2, 3, 4);",
        "console.log('%s', { toString() { while (true) {} } });",
        "const o = {}; o[{ toString() { throw new Error('key'); } }] = 1; console.log(o);",
        "const fin = Promise.prototype.finally; Promise.prototype.finally = function (f) { return fin.call(this, () => { throw new Error('fin'); }); }; Promise.resolve(1).finally(() => {}).catch((e) => console.log(e.message));",
        "Symbol = 1;",
        "globalThis.x = 1;",
        "try { JSON.parse('[1]', () => { while (true) {} }); } catch { console.log('caught'); }",
        "try { undefinedFunction(); } catch (e) { e.constructor = null; e.message = null; throw e; }",
        "try { throw null; } catch (e) { console.log(e); } try { throw undefined; } catch (e) { console.log(e); } throw undefined;",
    ] {
        add(body, Sound);
    }
    v
}

fn spoof_check(c: &Case, v: &Verdict, expect: Expect) -> Result<(), String> {
    let got = match v {
        Verdict::Done(r) => r,
        _ => return Ok(()),
    };
    let fine = match (expect, got) {
        (Expect::Stop, Err(e)) => e.kind == ErrorKind::Limit,
        (Expect::Heap, Err(e)) => e.kind == ErrorKind::Limit && e.message.contains("heap limit"),
        (Expect::Unsupported, Err(e)) => e.kind == ErrorKind::Unsupported,
        (Expect::Uncaught(text), Ok(r)) => r.exit_code == 1 && r.stderr.as_deref().is_some_and(|s| s.contains(text)),
        (Expect::Prints(text), Ok(r)) => r.stdout.first().is_some_and(|s| s == text),
        (Expect::Sound, _) => true,
        _ => false,
    };
    if fine {
        Ok(())
    } else {
        Err(format!("expected {expect:?} from {:?}", c.src))
    }
}

#[test]
fn spoofed_control_flow_cannot_catch_or_forge_the_engines_stops() {
    if !in_own_process("spoofed_control_flow_cannot_catch_or_forge_the_engines_stops") {
        return;
    }
    let spoofs = spoofs();
    let mut cases = Vec::new();
    let mut expects = Vec::new();
    for (src, expect) in &spoofs {
        let budget = if matches!(expect, Expect::Heap) { 50_000_000 } else { 200_000 };
        // Each once as CommonJS, and once as a module (CommonJS again where it uses `require`)
        // with the collector at every safe point.
        let module = if src.contains("require") { ModuleKind::CommonJs } else { ModuleKind::EsModule };
        for (module, collect_every) in [(ModuleKind::CommonJs, None), (module, Some(1))] {
            cases.push(Case { src: src.clone(), kind: js(Some(module)), limits: Limits { steps: budget, seed: 1, heap_bytes: FUZZ_HEAP, collect_every } });
            expects.push(*expect);
        }
    }
    let expect_of = |c: &Case| expects[cases.iter().position(|d| std::ptr::eq(d, c)).expect("a case of this list")];
    run_cases("spoofed-control-flow", &cases, BIG_STACK, |c, v| spoof_check(c, v, expect_of(c)));
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
fn synchronous_code_that_churns_runs_in_constant_memory() {
    // One turn of the loop, no await: 300,000 iterations that each make an object and an array
    // and drop them (600,000 cells, 18 times what an 8 MiB heap holds), and a recursion that
    // makes garbage in every frame. The collector runs between steps of the synchronous code.
    let churn = "let kept = 0;\nfor (let i = 0; i < 300000; i++) {\n  const o = { id: i, tags: [i] };\n  if (o.id % 100000 === 0) kept++;\n}\nfunction deep(n) { const tmp = { n, list: [n, n] }; return n === 0 ? tmp.n : deep(n - 1) + tmp.list.length - 2; }\nlet sum = 0;\nfor (let r = 0; r < 100; r++) sum += deep(1000);\nconsole.log('done', kept, sum);";
    let run = limited(churn, 8, None).expect("dropped objects are collected inside synchronous code too");
    assert_eq!(run.stdout, ["done 3 0"]);
    assert!(run.collections > 10, "collections: {}", run.collections);
}

/// Cells made between collections in the eager runs: every turn of the loop, and inside
/// synchronous code as often as the machine allows (every 64 cells).
const EAGER_COLLECT_EVERY: usize = 1;

#[test]
fn collecting_eagerly_changes_nothing_a_program_prints() {
    // The corpus runs are checked against Node elsewhere; here each runs again with the
    // collector running every few cells made, at turns of the loop and between the steps of
    // synchronous code, and must print exactly the same.
    for path in std::fs::read_dir(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/evloop/corpus")).unwrap() {
        let path = path.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let source = std::fs::read_to_string(&path).unwrap();
        let (name2, source2) = (name.clone(), source.clone());
        let normal = std::thread::Builder::new().stack_size(64 << 20).spawn(move || run_file(&name2, &source2)).unwrap().join().unwrap();
        let kind = SourceKind::from_path(&name);
        let limits = Limits { steps: inflight_engine::js::DEFAULT_STEP_BUDGET, seed: 1, heap_bytes: inflight_engine::js::DEFAULT_HEAP_LIMIT, collect_every: Some(EAGER_COLLECT_EVERY) };
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

// ------------------------------------------------------------------------------------------
// Bugs the fuzzing and the probes behind the tests above found, each reduced to small inputs.
// Every test is ignored until its bug is fixed (then remove the `#[ignore]`, and the matching
// steering in `Opts::known_bugs` or `steered`); most run in a process of their own, so a stack
// overflow or an allocation failure fails the test with the input that caused it instead of
// aborting the others.

/// A left-associative chain (`1 + 1 + ...`, `a && a && ...`, `f()()...`, `a.b.b...`,
/// `a?.b?.b...`, `a[0][0]...`, `a.b().b()...`) is as long as the source makes it: the parser
/// builds it in a loop, so `MAX_DEPTH` does not bound it, and every pass over the tree walks its
/// links in a loop too (the compiler, the printer of callees for messages, dropping the tree,
/// also after a syntax error), so 10^5 links compile and run on a 2 MiB stack in a debug build.
/// (Node compiles `x = 1 + 1 + ...` with 10^5 terms; 10^4 calls or members in a chain overflow
/// V8's own stack.) The compiler once recursed once per link with a frame of 19 KiB: 106 terms
/// overflowed 2 MiB in a debug build, 2,709 the 1 MiB of the release wasm build.
#[test]
fn long_left_associative_chains_compile_without_recursion() {
    if !in_own_process("long_left_associative_chains_compile_without_recursion") {
        return;
    }
    let n = DEEP;
    let programs = [
        format!("x = 1{}", rep(" + 1", 106)),
        format!("x = 1{}", rep(" + 1", n)),
        format!("x = a{}", rep(" && a", n)),
        format!("f{}", rep("()", n)),
        format!("a{}", rep(".b", n)),
        format!("a{}", rep("?.b", n)),
        format!("a{}", rep("[0]", n)),
        format!("a{}", rep(".b()", n)),
        format!("x = 's'{}", rep(" + 's'", n)),
        format!("f{}", rep("?.()", n)),
        format!("a{}", rep("[0]()", n)),
        format!("x = a{}", rep(".b(1)[0]?.c + f()()", n / 10)),
        format!("a{} = 1", rep(".b", n)),
        format!("a{}++", rep(".b", n)),
        format!("const {{ x }} = a{}", rep(".b", n)),
        format!("(a{})()", rep(" + 1", n)),
        format!("x = 1{} +", rep(" + 1", n)),
        format!("f{} +", rep("()", n)),
        format!("function g() {{ const h = function () {{ return a{}; }}; }}", rep(".b()", n)),
        format!("switch (1) {{ case 1: x = a{}; }}", rep(".b()", n)),
        format!("class A {{ x = () => a{}; }}", rep(".b()", n)),
    ];
    let mut cases: Vec<Case> = programs.into_iter().map(|src| case(src, js(Some(ModuleKind::CommonJs)), limits(2_000_000, FUZZ_HEAP))).collect();
    cases.push(case(format!("export const x = a{};", rep(".b()", n)), js(Some(ModuleKind::EsModule)), limits(2_000_000, FUZZ_HEAP)));
    run_cases("long-chains", &cases, SMALL_STACK, |c, v| match v {
        Verdict::Done(Ok(_)) => Ok(()),
        Verdict::Done(Err(e)) if e.kind == ErrorKind::Syntax && c.src.ends_with(" +") => Ok(()),
        other => Err(format!("expected the program to run, got {other:?}")),
    });
}

/// Statements nest through the parser's and the compiler's recursive functions, which the
/// parser's `MAX_DEPTH` bounds (200 levels; a function's body counts two): 200 nested blocks,
/// 196 `if`s, 198 labels, 100 nested functions, 99 nested classes and the like run, and deeper
/// nesting is the syntax error "the program nests too deeply", on a 2 MiB stack in a debug
/// build. Each kind at its deepest needs at most 760 KiB in a debug build and 264 KiB natively
/// at opt-level z, measured (the wasm build runs each in a 256 KiB stack; a browser gives it
/// 1 MiB). Frames of 9 to 20 KiB a level once made 157 nested blocks overflow 2 MiB in a debug
/// build (153 nested functions, 158 `if`s, 161 labels, 103 classes).
#[test]
fn statements_nested_to_the_limit_run_on_a_2_mib_stack() {
    if !in_own_process("statements_nested_to_the_limit_run_on_a_2_mib_stack") {
        return;
    }
    let labels = |k: usize| (0..k).map(|i| format!("l{i}: ")).collect::<String>();
    // The deepest the parser accepts of each kind: each must run.
    let deepest = [
        format!("{}{}", rep("{", 200), rep("}", 200)),
        format!("{};", rep("if (1) ", 196)),
        format!("const a = 0; if (a) {{}} {}", rep("else if (a) {} ", 195)),
        format!("{}{}", rep("function f() {", 100), rep("}", 100)),
        format!("{}{}", rep("(() => {", 25), rep("})();", 25)),
        format!("{}{}", rep("while (0) {", 98), rep("}", 98)),
        format!("{}{}", rep("for (let i = 0; i < 0; i++) {", 98), rep("}", 98)),
        format!("{}{}", rep("try {", 200), rep("} finally {}", 200)),
        format!("{}{}", rep("try {} catch (e) {", 199), rep("}", 199)),
        format!("{}for (;;) break;", labels(198)),
        format!("class A {{ m() {{ {}{} }} }}", rep("class B { m() {", 99), rep("} }", 99)),
        format!("{}{}", rep("switch (1) { case 1: ", 196), rep("}", 196)),
        format!("x = {{ {}{} }}", rep("m() { return { ", 32), rep("}; } ", 32)),
        format!("x = {}1{}", rep("{a:", 64), rep("}", 64)),
        format!("x = {}{}", rep("[", 65), rep("]", 65)),
        format!("const f = (v) => v; x = {}1{}", rep("f(", 64), rep(")", 64)),
        format!("const a = 0; x = {}1{}", rep("a ? (", 38), rep(") : 2", 38)),
    ];
    let n = DEEP;
    let deeper = [
        format!("{}{}", rep("{", n), rep("}", n)),
        format!("{};", rep("if (1) ", n)),
        format!("if (a) {{}} {}", rep("else if (a) {} ", n)),
        format!("{}{}", rep("function f() {", n), rep("}", n)),
        format!("{}{}", rep("while (0) {", n), rep("}", n)),
        format!("{}{}", rep("try {", n), rep("} finally {}", n)),
        format!("{}for (;;) break;", labels(n / 10)),
        format!("class A {{ m() {{ {}{} }} }}", rep("class B { m() {", n / 10), rep("} }", n / 10)),
        format!("{}{}", rep("switch (1) { case 1: ", n / 10), rep("}", n / 10)),
        rep("{", n),
    ];
    let runs = deepest.len();
    let cases: Vec<Case> = deepest.into_iter().chain(deeper).map(|src| case(src, js(Some(ModuleKind::CommonJs)), limits(200_000, FUZZ_HEAP))).collect();
    let expect_run = |c: &Case| cases.iter().position(|d| std::ptr::eq(d, c)).is_some_and(|i| i < runs);
    run_cases("nested-statements", &cases, SMALL_STACK, |c, v| match v {
        Verdict::Done(Ok(r)) if expect_run(c) && r.exit_code == 0 => Ok(()),
        Verdict::Done(Err(e)) if !expect_run(c) && e.kind == ErrorKind::Syntax && e.message.contains("nests too deeply") => Ok(()),
        other if expect_run(c) => Err(format!("expected the program to run, got {other:?}")),
        other => Err(format!("expected \"the program nests too deeply\", got {other:?}")),
    });
}

/// `Vm::to_string` converts an array by converting each element, with no check for cycles or
/// depth: an array that contains itself recurses until the stack overflows, on any stack
/// (Node prints `1,` for the first program). A nested one overflows 2 MiB at 1,649 levels in a
/// debug build. Head of the backtrace: `vm::Vm::to_string (vm.rs:664)` /
/// `vm::{impl}::to_string::{closure} (vm.rs:669)` repeated.
#[test]
fn an_array_that_contains_itself_or_nests_deeply_converts_without_recursion() {
    if !in_own_process("an_array_that_contains_itself_or_nests_deeply_converts_without_recursion") {
        return;
    }
    let programs = [
        "const a = [1]; a.push(a); console.log(String(a));",
        "const a = [1]; a.push(a); console.log(a.join('-'));",
        "const a = []; a[0] = a; console.log('' + a);",
        "const a = [1]; a.push(a); console.log(`${a}`);",
        "const a = [1]; a.push(a); console.log(a == 'x');",
        "const a = [[]]; a[0].push(a); console.log([a, 1].sort().length);",
        "let a = []; for (let i = 0; i < 100000; i++) a = [a]; console.log(String(a).length);",
        "let a = []; for (let i = 0; i < 100000; i++) a = [a]; console.log([a].includes('x'), a == '');",
    ];
    let cases: Vec<Case> = programs.iter().map(|src| case(*src, js(None), limits(2_000_000, 64 * MIB))).collect();
    run_cases("bug-array-to-string", &cases, BIG_STACK, no_check);
}

/// JSON.parse keeps the arrays and objects it is inside on a stack of its own, so any depth
/// parses, as in Node; a reviver walks the result the same way, and values nested more deeply
/// than Node's stack allows (2,727) are a RangeError, as in Node. (The parser once recursed per
/// nested value: 1,120 levels overflowed a 2 MiB stack in a debug build, 10^5 overflowed 64 MiB.)
/// Each program must print what Node 20 prints for it.
#[test]
fn deeply_nested_json_parses_without_recursion() {
    if !in_own_process("deeply_nested_json_parses_without_recursion") {
        return;
    }
    let programs: &[(&str, &[&str])] = &[
        ("const n = 1120; try { JSON.parse('['.repeat(n) + ']'.repeat(n)); console.log('parsed'); } catch (e) { console.log(e.name); }", &["parsed"]),
        ("const n = 100000; try { JSON.parse('['.repeat(n) + ']'.repeat(n)); console.log('parsed'); } catch (e) { console.log(e.name); }", &["parsed"]),
        ("const n = 100000; try { JSON.parse('{\"a\":'.repeat(n) + '1' + '}'.repeat(n)); console.log('parsed'); } catch (e) { console.log(e.name); }", &["parsed"]),
        ("try { JSON.parse('['.repeat(100000)); } catch (e) { console.log(e.name); }", &["SyntaxError"]),
        ("try { JSON.parse('['.repeat(100000) + ']'.repeat(100000), (k, v) => v); console.log('revived'); } catch (e) { console.log(e.name); }", &["RangeError"]),
    ];
    let cases: Vec<Case> = programs.iter().map(|(src, _)| case(*src, js(None), limits(2_000_000, 64 * MIB))).collect();
    run_cases("json-parse-deep", &cases, SMALL_STACK, prints(programs));
}

/// JSON.stringify keeps the arrays and objects it is writing on a stack of its own, and calls a
/// value's `toJSON` once (§25.5.2.2: its result is written, not asked for a `toJSON` again), so
/// a `toJSON` that returns a new object with a `toJSON` writes `{}`, as in Node; arrays and
/// objects nested more deeply than Node's stack allows (4,184) are a RangeError, as in Node,
/// whether a `toJSON` made them or not. (It once called `toJSON` on each result again, which
/// recursed without end, and recursed per nested value: 611 levels overflowed a 2 MiB stack in
/// a debug build.) Each program must print what Node 20 prints for it.
#[test]
fn json_stringify_calls_to_json_once_and_nests_without_recursion() {
    if !in_own_process("json_stringify_calls_to_json_once_and_nests_without_recursion") {
        return;
    }
    let programs: &[(&str, &[&str])] = &[
        ("const mk = () => ({ toJSON: mk }); try { console.log(JSON.stringify(mk())); } catch (e) { console.log(e.name); }", &["{}"]),
        ("let a = []; for (let i = 0; i < 611; i++) a = [a]; console.log(JSON.stringify(a).length);", &["1224"]),
        ("let o = {}; for (let i = 0; i < 100000; i++) o = { o }; try { JSON.stringify(o); } catch (e) { console.log(e.name); }", &["RangeError"]),
        ("let c = 0; const mk = () => ({ toJSON() { return ++c < 100000 ? [mk()] : 1; } }); try { JSON.stringify(mk()); } catch (e) { console.log(e.name); }", &["RangeError"]),
    ];
    let cases: Vec<Case> = programs.iter().map(|(src, _)| case(*src, js(None), limits(2_000_000, 64 * MIB))).collect();
    run_cases("json-stringify-deep", &cases, SMALL_STACK, prints(programs));
}

/// `days_from_civil` multiplies the 400-year era in i64 without a check: a year past about
/// 2.5*10^16 overflows (a panic in a debug build, a wrong date in a release build). Head of the
/// backtrace: `natives::days_from_civil (natives.rs:1297)` <- `natives::make_time
/// (natives.rs:1332)` <- `natives::parse_date (natives.rs:1371)` or `Vm::construct`.
#[test]
fn a_date_with_a_huge_year_is_an_invalid_date() {
    let programs = [
        "console.log(Date.UTC(1e20, 0));",
        "console.log(String(new Date(1e20, 0)));",
        "console.log(String(new Date(2020, 1e20)));",
        "console.log(Date.parse('9'.repeat(30)));",
        "console.log(String(new Date('99999999999999999999-01-01')));",
        "console.log(Date.UTC(-1e20), Date.UTC(2 ** 63), Date.UTC(1e300, 1e300));",
    ];
    let cases: Vec<Case> = programs.iter().map(|src| case(*src, js(None), limits(FUZZ_STEPS, FUZZ_HEAP))).collect();
    run_cases("bug-date", &cases, BIG_STACK, no_check);
}

/// Strings and what objects hold count against the heap limit: a string's bytes once, where
/// it is made (by concatenation, a template, a built-in, a split, JSON, an error's message or
/// stack, a symbol's description), array elements, Map and Set entries and properties as they
/// are added, and what the program printed; something big is checked before it is made. So
/// each bomb here stops at the heap limit with the process's memory bounded. (The limit once
/// counted only objects and scopes: `let s = 'x'; while (true) s += s;` and `let a = [1];
/// while (true) a = a.concat(a);` aborted the process with "memory allocation of N bytes
/// failed" within a second, with a 16 MiB limit and the step budget far away.) The first bombs
/// stop after a few dozen doublings, so that they are safe to run without the fix.
#[test]
fn strings_and_array_elements_count_against_the_heap_limit() {
    if !in_own_process("strings_and_array_elements_count_against_the_heap_limit") {
        return;
    }
    bombs_stop_at_the_heap_limit(
        "uncounted-memory",
        &[
            ("let s = 'x'; for (let i = 0; i < 27; i++) s += s; console.log(s.length);", 16 * MIB),
            ("let s = 'x'; for (let i = 0; i < 27; i++) s = `${s}${s}`; console.log(s.length);", 16 * MIB),
            ("let s = 'x'; for (let i = 0; i < 27; i++) s = s.concat(s); console.log(s.length);", 16 * MIB),
            ("const keep = []; for (let i = 0; i < 3; i++) keep.push('ab'.repeat(5e7)); console.log(keep.length);", 16 * MIB),
            ("let a = ['xxxxxxxxxx']; for (let i = 0; i < 22; i++) a = [a.join(''), a.join('')]; console.log(a[0].length);", 16 * MIB),
            ("let a = [1]; for (let i = 0; i < 23; i++) a = a.concat(a); console.log(a.length);", 16 * MIB),
            ("let a = [1]; for (let i = 0; i < 23; i++) a = [...a, ...a]; console.log(a.length);", 16 * MIB),
            ("const a = []; for (let i = 0; i < 3000; i++) a[a.length + 9999] = 1; console.log(a.length);", 16 * MIB),
            ("const s = 'ab'.repeat(2e6); const keep = []; for (let i = 0; i < 2; i++) keep.push(s.split('')); console.log(keep.length);", 16 * MIB),
            ("const m = new Map(); let s = 'k'; for (let i = 0; i < 25; i++) { s += s; m.set(i, s); } console.log(m.size);", 16 * MIB),
            ("const fs = []; for (let i = 0; i < 5000; i++) { const big = 'x'.repeat(1000).split(''); fs.push(() => big); } console.log(fs.length);", 16 * MIB),
            // Unbounded, each through another way of making or holding something.
            ("let s = 'x'; while (true) s += s;", 16 * MIB),
            ("let a = [1]; while (true) a = a.concat(a);", 16 * MIB),
            ("const a = []; while (true) a.push(1);", 16 * MIB),
            ("const a = []; for (let i = 0; ; i++) a[i] = i;", 16 * MIB),
            ("let s = 'ab'; while (true) s = s.padEnd(s.length * 2, s);", 16 * MIB),
            ("const big = 'x'.repeat(1 << 20); const keep = []; while (true) keep.push(big + keep.length);", 16 * MIB),
            ("const big = 'x'.repeat(1 << 20); const keep = []; while (true) keep.push(`${big}!`);", 16 * MIB),
            ("const big = 'x'.repeat(1 << 20); const keep = []; while (true) keep.push(big.slice(1));", 16 * MIB),
            ("const big = 'x'.repeat(1 << 20); const keep = []; while (true) keep.push((big + 'q').replaceAll('q', 'yy'));", 16 * MIB),
            ("const big = 'x'.repeat(1 << 20); const keep = []; while (true) keep.push(JSON.stringify([big]));", 16 * MIB),
            ("const big = 'x'.repeat(1 << 20); const keep = []; while (true) keep.push(JSON.parse(JSON.stringify(big)));", 16 * MIB),
            ("const big = 'x'.repeat(1 << 20); const keep = []; while (true) keep.push(new Error(big));", 16 * MIB),
            ("const big = 'x'.repeat(1 << 20); const keep = []; while (true) keep.push(Symbol(big));", 16 * MIB),
            ("const big = 'x'.repeat(1 << 20); const keep = []; while (true) keep.push((big + ',' + big).split(','));", 16 * MIB),
            ("const big = 'x,'.repeat(1 << 16); const keep = []; while (true) keep.push(big.split(','));", 16 * MIB),
            ("const big = 'x'.repeat(1 << 16); const keep = []; while (true) keep.push([...big]);", 16 * MIB),
            ("const big = 'k'.repeat(1 << 16); const o = {}; for (let i = 0; ; i++) o[big + i] = i;", 16 * MIB),
            ("const big = 'x'.repeat(1 << 20); while (true) console.log(big);", 16 * MIB),
            ("const big = 'x'.repeat(1 << 20); const keep = []; while (true) keep.push(Array(4).join(big));", 16 * MIB),
            // One operation whose result does not fit: stopped before it is made.
            ("console.log('x'.repeat(2 ** 28).length);", 16 * MIB),
            ("console.log('x'.padStart(2 ** 28).length);", 16 * MIB),
            ("console.log([...'x'.repeat(1 << 24)].length);", 16 * MIB),
            ("console.log(Array.from({ length: 1e7 }).length);", 16 * MIB),
            ("let a = ['x'.repeat(1 << 16)]; for (let i = 0; i < 30; i++) a = [a, a]; console.log(String(a).length);", 16 * MIB),
            ("let a = ['x'.repeat(1 << 16)]; for (let i = 0; i < 30; i++) a = [a, a]; console.log(JSON.stringify(a).length);", 16 * MIB),
        ],
    );
}

/// Big strings that live briefly (2^18 bytes each, 75 MiB of them in a 16 MiB heap) are given
/// back as they are dropped, whether the collector can run (a loop) or not (a callback of
/// `forEach` or `reduce`, where the list of counted strings is swept instead): each program
/// prints what Node 20 prints for it, without reaching the heap limit, in bounded memory.
#[test]
fn short_lived_big_strings_are_given_back() {
    if !in_own_process("short_lived_big_strings_are_given_back") {
        return;
    }
    let programs: &[(&str, &[&str])] = &[
        ("let n = 0; for (let i = 0; i < 300; i++) { const t = 'x'.repeat(2 ** 18) + i; n += t.length; } console.log(n);", &["78643990"]),
        ("let n = 0; [...Array(300).keys()].forEach((i) => { const t = `${'y'.repeat(2 ** 18)}${i}`; n += t.length; }); console.log(n);", &["78643990"]),
        ("let kept; for (let i = 0; i < 300; i++) kept = ['w'.padEnd(2 ** 18, 'ab'), [i]]; console.log(kept[0].length, kept[1][0]);", &["262144 299"]),
        ("const m = new Map(); for (let i = 0; i < 300; i++) m.set(i % 3, 'v'.repeat(2 ** 18) + i); console.log(m.size, m.get(1).length);", &["3 262147"]),
        ("let out = 0; for (let i = 0; i < 100; i++) out += JSON.parse(JSON.stringify({ i, d: 'd'.repeat(2 ** 18) })).d.length; console.log(out);", &["26214400"]),
        ("let c = 0; for (let i = 0; i < 100; i++) c += 'ab,'.repeat(2 ** 15).split(',').join('-').length; console.log(c);", &["9830400"]),
        ("console.log([...Array(3000).keys()].reduce((acc, i) => acc + String(i % 10).repeat(100), '').length);", &["300000"]),
    ];
    let started = Instant::now();
    let check = prints(programs);
    let mut failures = Vec::new();
    let mut growth = Vec::new();
    let initial = current_memory().unwrap_or(0);
    for (src, _) in programs {
        let c = case(*src, js(None), limits(50_000_000, 16 * MIB));
        reset_peak_memory();
        let before = current_memory().unwrap_or(0);
        let verdict = execute_with(&c, BIG_STACK, Duration::from_secs(60));
        let peak = peak_memory().unwrap_or(0);
        let (grown, above_initial) = (peak.saturating_sub(before), peak.saturating_sub(initial));
        growth.push(grown >> 20);
        if let Err(m) = check(&c, &verdict) {
            failures.push(format!("{m}\n{c:?}"));
        } else if grown.max(above_initial) > memory_allowance(16 * MIB) {
            failures.push(format!("the process's memory grew by {} MiB ({} MiB above where the test began)\n{c:?}", grown >> 20, above_initial >> 20));
        }
    }
    println!("fuzz: short-lived-strings: {} cases, {} ms (peak growth per program, MiB: {growth:?})", programs.len(), started.elapsed().as_millis());
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Growing a Map, a Set, an object (string or symbol keys) or an array costs time linear in the
/// steps, and so do one object literal with many properties, `for ... in` and `Object.keys` over
/// one, and 10^5 declarations at the top level or in a body that runs: Maps, Sets, objects with
/// more than 32 properties and scopes with more than 32 bindings find a key through an index,
/// deleted Map entries are compacted away, `pop` and `push` take constant time and `shift`
/// moves the elements in place, with no copy of the array. (Each once scanned or copied everything: in a release build 10^6 steps of growing a
/// Map took 4.5 s and 2*10^6 steps of `a.push(a.pop())` on 10^5 elements 93 s, four times as
/// long for each doubling; the object literal with 10^5 properties took 42 s and 10^5 top-level
/// `let`s 37 s.) Each program here must end (at a budget of 2*10^6 steps, or done) within 30 s
/// in a debug build, where a linear implementation takes about 3. (The budget is explicit: the
/// default of 10^8 steps takes longer than that in a debug build at any speed.)
#[test]
fn growing_a_map_a_set_an_object_an_array_or_a_scope_is_linear() {
    if !in_own_process("growing_a_map_a_set_an_object_an_array_or_a_scope_is_linear") {
        return;
    }
    let programs = [
        "const m = new Map(); let i = 0; while (true) m.set(i++, i);",
        "const s = new Set(); let i = 0; while (true) s.add('k' + i++);",
        "const o = {}; let i = 0; while (true) o['k' + i++] = i;",
        "const o = {}; while (true) o[Symbol()] = 1;",
        "const m = new Map(); let i = 0; while (true) { m.set(i, 1); m.delete(i); i++; }",
        "const m = new Map(); while (m.size < 1e9) m.set(m.size, 1);",
        // A cache that drops its oldest entry: the deleted ones pile up at the front.
        "const m = new Map(); let i = 0; while (true) { m.set(i++, 1); if (m.size > 1000) m.delete(m.keys().next().value); }",
        "const o = {}; for (let i = 0; i < 100000; i++) o['k' + i] = i; let n = 0; for (const k in o) n++; for (const k of Object.keys(o)) n++; console.log(n);",
        "const o = {}; let i = 0; while (true) { o['k' + i] = i; if (i > 1000) delete o['k' + (i - 1000)]; i++; }",
        "const a = []; for (let i = 0; i < 100000; i++) a.push(i); while (true) a.push(a.pop());",
        "const a = []; for (let i = 0; i < 100000; i++) a.push(i); while (true) { a.at(-1); a.indexOf(0); a.includes(0); a.slice(0, 1); a.find((x) => x === 0); }",
    ];
    let many = |f: &dyn Fn(usize) -> String| (0..DEEP).map(f).collect::<String>();
    // One object literal with 10^5 properties; 10^5 declarations at the top level (`let`, `var`,
    // functions) and in a function body that runs.
    let generated = [
        format!("const o = {{ {} }}; console.log(Object.keys(o).length);", many(&|i| format!("a{i}: 1, "))),
        format!("{} console.log(a99999);", many(&|i| format!("let a{i} = {i};"))),
        format!("{} console.log(v0 + v99999);", many(&|i| format!("var v{i} = {i};"))),
        format!("{} console.log(f0() + f99999());", many(&|i| format!("function f{i}() {{ return {i}; }}"))),
        format!("function g() {{ {} return a99999; }} console.log(g());", many(&|i| format!("let a{i} = {i};"))),
    ];
    let programs: Vec<&str> = programs.iter().copied().chain(generated.iter().map(String::as_str)).collect();
    let started = Instant::now();
    let mut failures = Vec::new();
    for &src in &programs {
        let c = case(src, js(None), limits(2_000_000, inflight_engine::js::DEFAULT_HEAP_LIMIT));
        let t = Instant::now();
        let verdict = execute_with(&c, BIG_STACK, Duration::from_secs(30));
        if !matches!(&verdict, Verdict::Done(Err(e)) if e.message.contains("step budget")) && !matches!(&verdict, Verdict::Done(Ok(_))) {
            failures.push(format!("{}: {verdict:?} after {:?}", cut(src, 200), t.elapsed()));
            if matches!(verdict, Verdict::Hung(_)) {
                // It still runs, on a thread nobody can stop: timing the rest now would be unfair.
                failures.push("(the programs after it did not run)".into());
                break;
            }
        }
    }
    println!("fuzz: linear-growth: {} cases, {} ms", programs.len(), started.elapsed().as_millis());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// 10^5 declarations (`let`, `var`, `const`, function declarations) in one body compile in
/// linear time: all of it happens before the program runs, where the step budget cannot stop
/// it. (The redeclaration check, the `var` hoisting and the compiler's model of the scopes once
/// searched lists: 20,000 `let`s took 4.6 s in a debug build, 10^5 about two minutes.)
#[test]
fn declaring_many_names_compiles_in_linear_time() {
    if !in_own_process("declaring_many_names_compiles_in_linear_time") {
        return;
    }
    let names = |kw: &str| (0..DEEP).map(|i| format!("{kw} a{i} = 1;")).collect::<String>();
    let programs = [
        format!("function never() {{ {} }}", names("let")),
        format!("function never() {{ {} }}", names("var")),
        format!("{{ {} }}", names("const")),
        (0..DEEP).map(|i| format!("function f{i}() {{}}")).collect::<String>(),
    ];
    let cases: Vec<Case> = programs.into_iter().map(|src| case(src, js(Some(ModuleKind::CommonJs)), limits(FUZZ_STEPS, FUZZ_HEAP))).collect();
    run_cases("bug-quadratic-declarations", &cases, BIG_STACK, no_check);
}

/// `Parser::primary` steps back over the token it could not use (`self.i -= 1`, parser.rs:1846),
/// but a template substitution is parsed by a parser of its own, and when the substitution is
/// empty its token list is too: the index is 0 and the subtraction overflows (a panic in a debug
/// build; in a release build it wraps and happens to end in a syntax error). Node: "SyntaxError:
/// Unexpected token '}'". Found by `hostile_text_in_every_context_never_panics` at
/// `INFLIGHT_FUZZ_SCALE=5`, shrunk to `const k = { '${}': 1, [`${}`]: 2 };`. Head of the
/// backtrace: `parser::Parser::primary (parser.rs:1846)` <- `Parser::left_hand_side
/// (parser.rs:1608)` <- `Parser::unary_inner (parser.rs:1576)`.
#[test]
fn an_empty_template_substitution_is_a_syntax_error() {
    let programs = ["`${}`", "x = `a${ }b`;", "console.log(`${/* nothing */}`);", "`${\n}`", "`${`${}`}`"];
    let cases: Vec<Case> = programs.iter().map(|src| case(*src, js(None), limits(FUZZ_STEPS, FUZZ_HEAP))).collect();
    run_cases("bug-empty-substitution", &cases, BIG_STACK, |_, v| match v {
        Verdict::Done(Err(e)) if e.kind == ErrorKind::Syntax => Ok(()),
        other => Err(format!("expected a syntax error, got {other:?}")),
    });
}

/// `run_limited` turns an uncaught error whose text starts with "Warning: Detected unsettled
/// top-level await" into exit status 13 with nothing on stderr, so a program forges that ending
/// by throwing the string. Node prints the thrown value and exits with 1.
#[test]
fn a_thrown_string_cannot_forge_an_unsettled_top_level_await() {
    let programs = [
        "throw 'Warning: Detected unsettled top-level await';",
        "const e = new Error('x'); e.name = 'Warning: Detected unsettled top-level await'; throw e;",
        "Promise.reject('Warning: Detected unsettled top-level await');",
        "setTimeout(() => { throw 'Warning: Detected unsettled top-level await at file:///x.mjs:1'; }, 1);",
    ];
    let cases: Vec<Case> = programs.iter().map(|src| case(*src, js(Some(ModuleKind::CommonJs)), limits(FUZZ_STEPS, FUZZ_HEAP))).collect();
    run_cases("bug-forged-exit-13", &cases, BIG_STACK, |_, v| match v {
        Verdict::Done(Ok(r)) if r.exit_code == 1 && r.stderr.as_deref().is_some_and(|s| s.contains("unsettled")) => Ok(()),
        other => Err(format!("expected exit status 1 with the thrown text on stderr, got {other:?}")),
    });
}
