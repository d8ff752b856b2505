//! Differential tests: every program in `tests/evloop/corpus/` is run by real Node and by the
//! interpreter; stdout must match line for line, and both must agree on success or failure.
//! No expected output is stored: Node is the oracle on every run. Programs in
//! `tests/evloop/races/` race in real Node; the interpreter must flag them.

use std::path::{Path, PathBuf};
use std::process::Command;

use inflight_engine::js::{run, ModuleKind};

fn programs(folder: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/evloop").join(folder);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "js" || x == "mjs"))
        .collect();
    files.sort();
    files
}

/// What Node prints on stdout, and whether it exited with 0.
pub fn node(path: &Path) -> (String, bool) {
    let out = Command::new("node").arg(path).output().expect("`node` (Node 20) must be on PATH");
    (String::from_utf8_lossy(&out.stdout).to_string(), out.status.success())
}

#[test]
fn the_interpreter_prints_what_node_prints_for_every_corpus_program() {
    let files = programs("corpus");
    assert!(files.len() >= 80, "the corpus should hold at least 80 programs, it has {}", files.len());
    let mut failures = Vec::new();
    for path in &files {
        let source = std::fs::read_to_string(path).unwrap();
        let (expected, node_ok) = node(path);
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        match run(&source, ModuleKind::from_path(&name)) {
            Err(e) => failures.push(format!("{name}: the interpreter refused it: {e}\n--- node ---\n{expected}")),
            Ok(result) => {
                let got: String = result.stdout.iter().map(|l| format!("{l}\n")).collect();
                if got != expected || (result.exit_code == 0) != node_ok {
                    failures.push(format!(
                        "{name}: differs (node exit ok: {node_ok}, interpreter exit code: {})\n--- program ---\n{source}\n--- node ---\n{expected}--- interpreter ---\n{got}",
                        result.exit_code
                    ));
                }
            }
        }
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
        let result = run(&source, ModuleKind::from_path(&name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(result.race.is_some(), "{name}: a race in real Node, but the interpreter did not flag it");
    }
}
