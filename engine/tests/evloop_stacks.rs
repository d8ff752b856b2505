//! Error stacks against Node: every program in `tests/evloop/stacks/` prints `err.stack` and
//! `console.log(err)` for several cases; it runs in plain Node (see `common/differential.rs`)
//! and in the interpreter, and the outputs must be identical once Node's are normalised:
//!
//! - the program's absolute path (and its `file://` URL) becomes the program's name, which is
//!   the name the interpreter runs it under;
//! - Node's internal frames are removed (the one known difference, see
//!   `engine/src/js/vm/stack_trace.rs`): a line `at ...` that contains `node:internal`,
//!   `(node:` (a built-in module such as `node:events`), `Module._compile`, `Module.load`,
//!   `Module._load`, `runMain`, `process.processTicksAndRejections` or `listOnTimeout`, and
//!   the `... N lines matching cause stack trace ...` lines util.inspect writes for them. A
//!   removed line that ended with ` {` (the brace before an error's properties) or `,` (the
//!   comma after an error in an object or array) leaves it to the line kept before it.
//!
//! Stdout, the exit status and the first line of stderr are compared.

#[path = "common/differential.rs"]
mod differential;

use differential::*;
use inflight_engine::js::run_file;

/// Text in a frame line that makes it one of Node's internal frames.
const INTERNAL_FRAMES: [&str; 8] =
    ["node:internal", "(node:", "Module._compile", "Module.load", "Module._load", "runMain", "process.processTicksAndRejections", "listOnTimeout"];

/// Whether a line of Node's output is an internal frame (or inspect's count of them).
fn is_internal_line(line: &str) -> bool {
    let text = line.trim_start();
    (text.starts_with("at ") && INTERNAL_FRAMES.iter().any(|m| text.contains(m)))
        || (text.starts_with("... ") && text.ends_with(" lines matching cause stack trace ..."))
}

/// Node's output as the interpreter should print it (see the module docs).
fn normalise(node: &str, program: &Program) -> String {
    let mut text = node.to_string();
    let mut paths = vec![program.path.to_string_lossy().into_owned()];
    if let Ok(real) = program.path.canonicalize() {
        paths.push(real.to_string_lossy().into_owned());
    }
    for path in &paths {
        text = text.replace(&format!("file://{path}"), &program.name).replace(path.as_str(), &program.name);
    }
    let mut kept: Vec<String> = Vec::new();
    for line in text.lines() {
        if !is_internal_line(line) {
            kept.push(line.to_string());
        } else if let Some(tail) = [" {", ","].into_iter().find(|t| line.ends_with(t)) {
            if let Some(last) = kept.last_mut() {
                last.push_str(tail);
            }
        }
    }
    kept.iter().map(|l| format!("{l}\n")).collect()
}

/// The first line where two outputs differ, for the failure message.
fn first_difference(want: &str, have: &str) -> String {
    let (w, h): (Vec<&str>, Vec<&str>) = (want.lines().collect(), have.lines().collect());
    let n = w.iter().zip(&h).take_while(|(a, b)| a == b).count();
    let show = |lines: &[&str]| lines.get(n).map_or("<end of output>".to_string(), |l| format!("`{l}`"));
    format!("line {}: node {}, interpreter {}", n + 1, show(&w), show(&h))
}

/// One program: `Err` says how the interpreter differs from Node.
fn check(program: &Program) -> Result<(), String> {
    let (stdout, stderr, status) = run_oracle(program)?;
    if status != program.exit {
        return Err(format!("{}: node exited with {status}\n{stderr}", program.name));
    }
    let want = normalise(&stdout, program);
    let run = run_file(&program.name, &program.source).map_err(|e| format!("{}: refused: {e}", program.name))?;
    let have: String = run.stdout.iter().map(|l| format!("{l}\n")).collect();
    if want != have {
        return Err(format!("{}: stdout differs at {}", program.name, first_difference(&want, &have)));
    }
    if run.exit_code != status {
        return Err(format!("{}: exit status {}, node {status}", program.name, run.exit_code));
    }
    let node_first = stderr_first_line(&stderr);
    let ours: String = run.console_errors.iter().map(|l| format!("{l}\n")).chain(run.stderr.clone()).collect();
    if stderr_first_line(&ours) != node_first {
        return Err(format!("{}: stderr's first line {:?}, node {:?}", program.name, stderr_first_line(&ours), node_first));
    }
    Ok(())
}

#[test]
fn error_stacks_match_node_but_for_its_internal_frames() {
    let programs = programs("stacks");
    assert!(!programs.is_empty(), "tests/evloop/stacks/ holds no programs");
    let failures: Vec<String> = programs.iter().filter_map(|p| check(p).err()).collect();
    assert!(failures.is_empty(), "{} of {} stack programs differ from Node:\n{}", failures.len(), programs.len(), failures.join("\n"));
}

#[test]
fn internal_frames_are_recognised() {
    assert!(is_internal_line("    at Module._compile (node:internal/modules/cjs/loader:1521:14)"));
    assert!(is_internal_line("      at EventEmitter.emit (node:events:536:35)"));
    assert!(is_internal_line("    ... 4 lines matching cause stack trace ..."));
    assert!(!is_internal_line("    at Object.<anonymous> (a.js:1:1)"));
    assert!(!is_internal_line("runMain is a word in a message"));
}
