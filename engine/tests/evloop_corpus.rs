//! Differential tests: every program in `tests/evloop/corpus/` is run by real Node and by the
//! interpreter (TypeScript as the JavaScript it erases to); stdout must match line for line, and
//! both must agree on success or failure.
//! No expected output is stored: Node is the oracle on every run. Programs in
//! `tests/evloop/races/` race in real Node; the interpreter must flag them.

use std::path::{Path, PathBuf};
use std::process::Command;

use inflight_engine::js::run_file;

fn programs(folder: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/evloop").join(folder);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| ["js", "mjs", "cjs", "ts", "mts", "cts"].iter().any(|e| x == *e)))
        .collect();
    files.sort();
    files
}

/// What Node prints on stdout, and whether it exited with 0. TypeScript runs as the JavaScript
/// that sucrase erases it to (`tests/oracle/run-stripped.mjs`), with the same module rules.
pub fn node(path: &Path) -> (String, bool) {
    let typescript = path.extension().is_some_and(|x| x == "ts" || x == "mts" || x == "cts");
    let mut cmd = Command::new("node");
    if typescript {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        assert!(root.join("tests/node_modules/sucrase").is_dir(), "sucrase is missing: run `cargo xtask test` (it runs npm ci in tests/)");
        cmd.arg(root.join("tests/oracle/run-stripped.mjs"));
    }
    let out = cmd.arg(path).output().expect("`node` (Node 20) must be on PATH");
    (String::from_utf8_lossy(&out.stdout).to_string(), out.status.success())
}

#[test]
fn the_interpreter_prints_what_node_prints_for_every_corpus_program() {
    let files = programs("corpus");
    assert!(files.len() >= 80, "the corpus should hold at least 80 programs, it has {}", files.len());
    let mut failures = Vec::new();
    let mut flipped = Vec::new();
    for path in &files {
        let source = std::fs::read_to_string(path).unwrap();
        let (expected, node_ok) = node(path);
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        match run_file(&name, &source) {
            Err(e) => failures.push(format!("{name}: the interpreter refused it: {e}\n--- node ---\n{expected}")),
            Ok(result) => {
                let got: String = result.stdout.iter().map(|l| format!("{l}\n")).collect();
                let agrees = |(out, ok): &(String, bool)| *out == got && (result.exit_code == 0) == *ok;
                if !agrees(&(expected.clone(), node_ok)) && (0..2).any(|_| agrees(&node(path))) {
                    // Node itself gave two answers: the program's timing margins are too thin for
                    // a loaded machine. Say so loudly; `tests/oracle/corpus-stability.mjs` finds
                    // such programs, and they get wider margins or move to races/.
                    flipped.push(name.clone());
                    continue;
                }
                if got != expected || (result.exit_code == 0) != node_ok {
                    failures.push(format!(
                        "{name}: differs (node exit ok: {node_ok}, interpreter exit code: {})\n--- program ---\n{source}\n--- node ---\n{expected}--- interpreter ---\n{got}",
                        result.exit_code
                    ));
                }
            }
        }
    }
    if !flipped.is_empty() {
        eprintln!(
            "warning: real Node printed two different things for {} (the interpreter matched one of them); \
             run `node tests/oracle/corpus-stability.mjs` and widen their margins",
            flipped.join(", ")
        );
    }
    if !failures.is_empty() {
        panic!("{} of {} programs differ from Node:\n\n{}", failures.len(), files.len(), failures.join("\n\n"));
    }
}

#[test]
fn races_in_real_node_are_flagged() {
    for path in programs("races") {
        let source = std::fs::read_to_string(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let result = run_file(&name, &source).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(result.race.is_some(), "{name}: a race in real Node, but the interpreter did not flag it");
    }
}
