//! The interpreter's target list, checked against Node on every run: every program in
//! `tests/evloop/pending/` is run by its Node oracle and by the interpreter (see
//! `common/differential.rs`), and the test prints which ones the interpreter already matches.
//!
//! The ratchet: when the interpreter matches a pending program, the test fails until the
//! program moves to `tests/evloop/corpus/` (the corpus is the set that must pass; pending is the
//! list still to do). Refusals and differences are expected and only reported. Every pending
//! program must be valid for Node: a failing oracle run fails the test.

#[path = "common/differential.rs"]
mod differential;

use std::io::Write as _;

use differential::*;

#[test]
fn pending_programs_are_valid_for_node_and_none_already_matches() {
    let programs = programs("pending");
    assert!(!programs.is_empty(), "tests/evloop/pending/ holds no programs");
    let (results, elapsed) = run_all(&programs);
    let mut report = String::new();
    let mut broken_oracles = Vec::new();
    let mut now_matching = Vec::new();
    for (program, result) in programs.iter().zip(&results) {
        match result {
            Err(e) => broken_oracles.push(e.clone()),
            Ok(Verdict::Matches) => now_matching.push(format!("{} now matches Node: move it to tests/evloop/corpus/", program.name)),
            Ok(Verdict::Differs(why)) => report.push_str(&format!("  {}: {why}\n", program.name)),
        }
    }
    let count = |o: Oracle| programs.iter().filter(|p| p.oracle == o).count();
    let matching = results.iter().filter(|r| matches!(r, Ok(Verdict::Matches))).count();
    let summary = format!(
        "evloop pending: the interpreter matches Node on {matching} of {} pending programs ({} node, {} virtual, {} stripped); {:.1} s",
        programs.len(),
        count(Oracle::Node),
        count(Oracle::Virtual),
        count(Oracle::Stripped),
        elapsed.as_secs_f64()
    );
    // Straight to stderr, past the test harness's capture: the report is the point of the test.
    let _ = writeln!(std::io::stderr(), "\n{summary}\n{report}");
    let mut failures = Vec::new();
    if !broken_oracles.is_empty() {
        failures.push(format!("{} oracle runs failed:\n\n{}", broken_oracles.len(), broken_oracles.join("\n\n")));
    }
    if !now_matching.is_empty() {
        failures.push(now_matching.join("\n"));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_first_line_of_stderr_skips_nodes_source_excerpt() {
    let uncaught = "/tmp/x/prog.js:3\n  throw new Error('boom');\n  ^\n\nError: boom\n    at Object.<anonymous> (/tmp/x/prog.js:3:9)\n";
    assert_eq!(stderr_first_line(uncaught).as_deref(), Some("Error: boom"));
    let string = "\nfile:///tmp/prog.mjs:1\nthrow 'boom';\n^\nboom\n(Use `node --trace-uncaught ...` to show where the exception was thrown)\n";
    assert_eq!(stderr_first_line(string).as_deref(), Some("boom"));
    let rejection = "node:internal/process/promises:389\n      new UnhandledPromiseRejection(reason);\n      ^\n\nUnhandledPromiseRejection: This error originated ...\n";
    assert_eq!(stderr_first_line(rejection).as_deref(), Some("UnhandledPromiseRejection: This error originated ..."));
    let no_caret = "\n<anonymous_script>:0\n\nboom\n(Use `node --trace-uncaught ...` to show where the exception was thrown)\n";
    assert_eq!(stderr_first_line(no_caret).as_deref(), Some("boom"));
    let syntax = "/a/b.js:10\nlet attempts = 3;\n    ^\n\nSyntaxError: Identifier 'attempts' has already been declared\n";
    assert_eq!(stderr_first_line(syntax).as_deref(), Some("SyntaxError: Identifier 'attempts' has already been declared"));
    assert_eq!(stderr_first_line("warn goes to stderr\nsecond\n").as_deref(), Some("warn goes to stderr"));
    assert_eq!(stderr_first_line("Error: boom").as_deref(), Some("Error: boom"));
    assert_eq!(stderr_first_line(""), None);
}
