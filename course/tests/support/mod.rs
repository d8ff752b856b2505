//! What every claims test needs: the lessons' text, their fenced blocks and prose, and Node 20
//! to run programs in. Each `claims_*.rs` test file takes it in with `mod support;`.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

pub fn lesson(slug: &str) -> String {
    std::fs::read_to_string(root().join("content").join(format!("{slug}.md"))).unwrap()
}

/// The fenced blocks of a lesson, as (info string, code).
pub fn fences(md: &str) -> Vec<(String, String)> {
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
pub fn block(md: &str, info: &str, marker: &str) -> String {
    let found: Vec<String> = fences(md)
        .into_iter()
        .filter(|(i, code)| (i == info || (info.starts_with("runner") && i.starts_with(info))) && code.contains(marker))
        .map(|(_, code)| code)
        .collect();
    assert_eq!(found.len(), 1, "expected one ```{info} block containing {marker:?}, found {}", found.len());
    found.into_iter().next().unwrap()
}

/// The one line of prose (a paragraph is one line in these lessons) that contains `needle`.
pub fn prose(md: &str, needle: &str) -> String {
    let found: Vec<&str> = md.lines().filter(|l| l.contains(needle)).collect();
    assert_eq!(found.len(), 1, "expected one line containing {needle:?}, found {found:#?}");
    found[0].to_string()
}

/// The whole number that follows `before` in `text`.
pub fn number_after(text: &str, before: &str) -> u64 {
    let at = text.find(before).unwrap_or_else(|| panic!("{before:?} is not in {text:?}")) + before.len();
    let digits: String = text[at..].chars().take_while(|c| c.is_ascii_digit() || *c == ',').filter(|c| *c != ',').collect();
    digits.parse().unwrap_or_else(|_| panic!("no number after {before:?} in {text:?}"))
}

pub struct Run {
    pub stdout: String,
    pub stderr: String,
    pub status: i32,
}

impl Run {
    pub fn lines(&self) -> Vec<&str> {
        self.stdout.lines().collect()
    }
}

/// A fresh folder for one test's programs, in the repository's `target/` (no package.json
/// above it decides a module kind).
pub fn scratch(tag: &str) -> PathBuf {
    let dir = root().join("target/claims-node").join(tag);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs `node ARGS...` in `dir`.
/// Held shared by every Node run, and alone by a run heavy enough to skew the timing of the
/// others (a million promises); the tests run in parallel.
pub static EXCLUSIVE: std::sync::RwLock<()> = std::sync::RwLock::new(());

pub fn node(dir: &Path, args: &[&str]) -> Run {
    let _shared = EXCLUSIVE.read().unwrap_or_else(|e| e.into_inner());
    node_alone(dir, args)
}

/// `node`, for a caller that holds `EXCLUSIVE` itself.
pub fn node_alone(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new("node").args(args).current_dir(dir).output().expect("`node` must be on PATH (Node 20)");
    Run {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        status: out.status.code().unwrap_or(-1),
    }
}

/// Writes `code` as `dir/file` and runs it in Node: JavaScript as it is, TypeScript with its
/// types stripped (`tests/oracle/run-stripped.mjs`, which keeps the module kind of the extension).
pub fn run_in(dir: &Path, file: &str, code: &str) -> Run {
    std::fs::write(dir.join(file), code).unwrap();
    if file.ends_with("ts") {
        assert!(root().join("tests/node_modules/sucrase").is_dir(), "the Node oracle's packages are missing: run `cargo xtask test` (it runs `npm ci` in tests/)");
        let stripper = root().join("tests/oracle/run-stripped.mjs");
        node(dir, &[stripper.to_str().unwrap(), file])
    } else {
        node(dir, &[file])
    }
}

pub fn run(tag: &str, file: &str, code: &str) -> Run {
    run_in(&scratch(tag), file, code)
}

/// Runs a runner's code in Node on the virtual clock, as `runners_node.rs` does.
pub fn run_virtual(tag: &str, file: &str, code: &str, seed: u32) -> Run {
    let dir = scratch(tag);
    std::fs::write(dir.join(file), code).unwrap();
    let harness = root().join("tests/oracle/run-virtual.mjs");
    let out = Command::new("node").arg(harness).arg(file).env("SEED", seed.to_string()).current_dir(&dir).output().expect("`node` must be on PATH");
    Run { stdout: String::from_utf8_lossy(&out.stdout).into_owned(), stderr: String::from_utf8_lossy(&out.stderr).into_owned(), status: out.status.code().unwrap_or(-1) }
}

/// A line of JavaScript that keeps the thread busy for `ms` milliseconds.
pub fn busy(ms: u32) -> String {
    format!("{{ const until = Date.now() + {ms}; while (Date.now() < until); }}\n")
}

/// The cells of the one table row of `md` that starts with `| first |`, trimmed.
pub fn table_row(md: &str, first: &str) -> Vec<String> {
    let start = format!("| {first} |");
    let rows: Vec<&str> = md.lines().filter(|l| l.starts_with(&start)).collect();
    assert_eq!(rows.len(), 1, "expected one table row starting with {start:?}, found {rows:#?}");
    rows[0].trim().trim_matches('|').split(" | ").map(|c| c.trim().to_string()).collect()
}

/// A cell of the form `` `Name` ``, without its backticks.
pub fn code_cell(cell: &str) -> &str {
    cell.strip_prefix('`').and_then(|c| c.strip_suffix('`')).unwrap_or_else(|| panic!("{cell:?} is not one code span"))
}

/// The second cell of the table row that starts with `row`.
pub fn cell(md: &str, row: &str) -> String {
    let line = prose(md, &format!("| {row} |"));
    line.split('|').nth(2).unwrap().trim().to_string()
}
