//! Differential testing against Node, shared by the corpus (which must match) and the pending
//! list (which must not yet): each program is run by its Node oracle and by the interpreter, and
//! stdout, the exit status and the first line of stderr are compared. No expected output is
//! stored anywhere.
//!
//! A program may say on its first line which oracle runs it; without one, JavaScript runs in
//! plain Node and TypeScript as the JavaScript sucrase erases it to, with real timers:
//!
//! - `// oracle: node` runs `node FILE`;
//! - `// oracle: virtual` runs `node tests/oracle/run-virtual.mjs FILE`: types stripped by
//!   sucrase, Date and performance.now on a virtual clock from 2026-01-01T00:00:00.000Z and 0 ms,
//!   Math.random seeded, timers run in due order with microtasks drained between them.
//!
//! A program that is meant to fail says so on a header line `// exit: N`; every other program
//! must exit with 0. An oracle run that ends with any other status fails the test.
//!
//! "First line of stderr": for Node's uncaught-error reports, the line after the source excerpt
//! (the `FILE:LINE`, source line and caret, which name a machine-specific path).
#![allow(dead_code)]

use std::io::Read;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::thread;
use std::time::{Duration, Instant};

use inflight_engine::js::run_file;

/// Oracle runs at once: the machine has two cores, and Node spends part of each run waiting.
const THREADS: usize = 3;
/// A single oracle run taking longer than this is a hang.
const ORACLE_TIMEOUT: Duration = Duration::from_secs(60);
const EXTENSIONS: [&str; 6] = ["js", "mjs", "cjs", "ts", "mts", "cts"];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Oracle {
    /// `node FILE`.
    Node,
    /// `node tests/oracle/run-virtual.mjs FILE`: fake timers from 2026-01-01, seeded random.
    Virtual,
    /// `node tests/oracle/run-stripped.mjs FILE`: TypeScript erased by sucrase, real timers.
    Stripped,
}

pub struct Program {
    pub name: String,
    pub path: PathBuf,
    pub source: String,
    pub oracle: Oracle,
    /// The exit status the program declares with `// exit: N` (0 when it declares none).
    pub exit: i32,
}

/// What one side did, reduced to what is compared.
#[derive(Debug, PartialEq, Eq)]
pub struct Observed {
    stdout: String,
    exit: i32,
    stderr_first_line: Option<String>,
}

pub enum Verdict {
    Matches,
    Differs(String),
}

pub fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The programs of `tests/evloop/<folder>/`, in name order.
pub fn programs(folder: &str) -> Vec<Program> {
    let dir = manifest_dir().join("tests/evloop").join(folder);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().and_then(|x| x.to_str()).is_some_and(|x| EXTENSIONS.contains(&x)))
        .collect();
    paths.sort();
    paths.into_iter().map(|path| parse_program(&path)).collect()
}

fn parse_program(path: &Path) -> Program {
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    let source = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{name}: {e}"));
    let extension = path.extension().unwrap().to_string_lossy();
    let typescript = matches!(&*extension, "ts" | "mts" | "cts");
    // Without a header, JavaScript runs in plain Node and TypeScript as sucrase's erasure.
    let oracle = match source.lines().next().map(str::trim_end) {
        Some("// oracle: node") if !typescript => Oracle::Node,
        Some("// oracle: node") => panic!("{name}: TypeScript cannot run in plain Node: use `// oracle: virtual` or no header"),
        Some("// oracle: virtual") => Oracle::Virtual,
        _ if typescript => Oracle::Stripped,
        _ => Oracle::Node,
    };
    let header = source.lines().take_while(|l| l.starts_with("//"));
    let exit = header
        .filter_map(|l| l.strip_prefix("// exit:"))
        .map(|n| n.trim().parse::<i32>().unwrap_or_else(|_| panic!("{name}: bad `// exit: N` line")))
        .last()
        .unwrap_or(0);
    Program { name, path: path.to_path_buf(), source, oracle, exit }
}

/// The first line of stderr that says what went wrong. Node starts an uncaught-error report with
/// the place it was thrown (`/path/file.js:3` or `node:internal/...:389`), the source line and a
/// caret line, then a blank line: those are skipped. Empty stderr has no first line.
pub fn stderr_first_line(stderr: &str) -> Option<String> {
    let lines: Vec<&str> = stderr.lines().collect();
    let mut i = lines.iter().position(|l| !l.trim().is_empty())?;
    if is_location(lines[i]) {
        // The caret closes the excerpt; without one (`<anonymous_script>:0`) only the location goes.
        i = (i + 1..lines.len().min(i + 4)).find(|&j| is_caret(lines[j])).unwrap_or(i) + 1;
        while i < lines.len() && lines[i].trim().is_empty() {
            i += 1;
        }
    }
    lines.get(i).map(|l| l.to_string())
}

fn is_location(line: &str) -> bool {
    let Some((place, number)) = line.rsplit_once(':') else { return false };
    !number.is_empty()
        && number.bytes().all(|b| b.is_ascii_digit())
        && ["/", "file://", "node:", "<"].iter().any(|p| place.starts_with(p))
}

fn is_caret(line: &str) -> bool {
    line.contains('^') && line.chars().all(|c| c == '^' || c == ' ' || c == '\t')
}

/// Runs the program's oracle; an Err is an oracle run that failed as an oracle.
pub fn oracle(program: &Program) -> Result<Observed, String> {
    let (stdout, stderr, status) = run_oracle(program)?;
    let observed = Observed { stdout, exit: status, stderr_first_line: stderr_first_line(&stderr) };
    if status != program.exit {
        let what = match (program.oracle, status) {
            (Oracle::Virtual, 2 | 3) => "the harness failed",
            _ if program.exit == 0 => "the program is not valid for Node, or declares no `// exit: N`",
            _ => "the program does not fail the way it declares",
        };
        return Err(format!(
            "{}: the oracle exited with status {status} but the program declares {}: {what}\n--- stderr ---\n{stderr}",
            program.name, program.exit
        ));
    }
    Ok(observed)
}

/// The program's oracle run as it is: stdout, stderr and the exit status.
pub fn run_oracle(program: &Program) -> Result<(String, String, i32), String> {
    let mut command = Command::new("node");
    match program.oracle {
        Oracle::Virtual => {
            command.arg(manifest_dir().join("../tests/oracle/run-virtual.mjs"));
        }
        Oracle::Stripped => {
            command.arg(manifest_dir().join("../tests/oracle/run-stripped.mjs"));
        }
        Oracle::Node => {}
    }
    // The engine's clock has no time zone: Node runs in UTC so that local time is the same.
    command.arg(&program.path).env_remove("SEED").env("TZ", "UTC").current_dir(manifest_dir());
    run_with_timeout(command)
}

fn run_with_timeout(mut command: Command) -> Result<(String, String, i32), String> {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start `node` (Node 20 must be on PATH): {e}"))?;
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out_reader = thread::spawn(move || {
        let mut s = Vec::new();
        out.read_to_end(&mut s).map(|_| s)
    });
    let err_reader = thread::spawn(move || {
        let mut s = Vec::new();
        err.read_to_end(&mut s).map(|_| s)
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        if started.elapsed() > ORACLE_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("the oracle ran for more than {} s", ORACLE_TIMEOUT.as_secs()));
        }
        thread::sleep(Duration::from_millis(5));
    };
    let stdout = String::from_utf8_lossy(&out_reader.join().unwrap().map_err(|e| e.to_string())?).to_string();
    let stderr = String::from_utf8_lossy(&err_reader.join().unwrap().map_err(|e| e.to_string())?).to_string();
    let code = status.code().ok_or_else(|| format!("the oracle was killed by a signal ({status})\n--- stderr ---\n{stderr}"))?;
    Ok((stdout, stderr, code))
}

/// Runs the interpreter and compares; a refusal or a panic is a difference like any other.
pub fn compare(program: &Program, node: &Observed) -> Verdict {
    let result = match catch_unwind(AssertUnwindSafe(|| run_file(&program.name, &program.source))) {
        Err(panic) => {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            return Verdict::Differs(format!("panicked: {}", one_line(&message)));
        }
        // A program Node also rejects before running it: exit 1, `SyntaxError: ...` on stderr.
        Ok(Err(e)) if e.kind == inflight_engine::js::ErrorKind::Syntax => {
            let got = Observed { stdout: String::new(), exit: 1, stderr_first_line: Some(format!("SyntaxError: {}", e.message)) };
            return if got == *node { Verdict::Matches } else { Verdict::Differs(format!("refused: {}", one_line(&e.to_string()))) };
        }
        Ok(Err(e)) => return Verdict::Differs(format!("refused: {}", one_line(&e.to_string()))),
        Ok(Ok(result)) => result,
    };
    // console.error lines come before an uncaught error's report, as on Node's stderr.
    let stderr: String = result.console_errors.iter().map(|l| format!("{l}\n")).chain(result.stderr.clone()).collect();
    let got = Observed {
        stdout: result.stdout.iter().map(|l| format!("{l}\n")).collect(),
        exit: result.exit_code,
        stderr_first_line: stderr_first_line(&stderr),
    };
    if got == *node {
        return Verdict::Matches;
    }
    if got.stdout != node.stdout {
        let (want, have): (Vec<&str>, Vec<&str>) = (node.stdout.lines().collect(), got.stdout.lines().collect());
        let n = want.iter().zip(&have).take_while(|(a, b)| a == b).count();
        let show = |lines: &[&str]| lines.get(n).map_or("<end of output>".to_string(), |l| format!("`{}`", one_line(l)));
        return Verdict::Differs(format!("differs at stdout line {}: node {}, interpreter {}", n + 1, show(&want), show(&have)));
    }
    if got.exit != node.exit {
        return Verdict::Differs(format!("exit status {}, node {}", got.exit, node.exit));
    }
    let show = |l: &Option<String>| l.as_deref().map_or("nothing".to_string(), |l| format!("`{}`", one_line(l)));
    Verdict::Differs(format!(
        "stderr's first line: interpreter {}, node {}",
        show(&got.stderr_first_line),
        show(&node.stderr_first_line)
    ))
}

pub fn one_line(s: &str) -> String {
    let line = s.lines().next().unwrap_or("");
    if line.chars().count() > 110 {
        format!("{}...", line.chars().take(110).collect::<String>())
    } else {
        line.to_string()
    }
}


/// Every program's oracle and comparison, on a few threads; the time it took.
pub fn run_all(programs: &[Program]) -> (Vec<Result<Verdict, String>>, Duration) {
    let needs_packages = programs.iter().any(|p| p.oracle != Oracle::Node);
    if needs_packages {
        let modules = manifest_dir().join("../tests/node_modules");
        for package in ["sucrase", "@sinonjs/fake-timers"] {
            assert!(modules.join(package).is_dir(), "tests/node_modules/{package} is missing: run `cargo xtask test` (it runs npm ci in tests/)");
        }
    }
    let started = Instant::now();
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<Verdict, String>>>> = Mutex::new((0..programs.len()).map(|_| None).collect());
    thread::scope(|scope| {
        for _ in 0..THREADS {
            thread::Builder::new()
                .stack_size(64 << 20)
                .spawn_scoped(scope, || loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(program) = programs.get(i) else { break };
                    let outcome = oracle(program).map(|node| compare(program, &node));
                    results.lock().unwrap()[i] = Some(outcome);
                })
                .unwrap();
        }
    });
    let results = results.into_inner().unwrap().into_iter().map(Option::unwrap).collect();
    (results, started.elapsed())
}
