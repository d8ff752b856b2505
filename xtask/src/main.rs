//! `cargo xtask <command>`: the project's commands. Each first makes sure the tools it needs are
//! installed (pinned versions, skipping what is present), then does its job.
//!
//!   cargo xtask serve [--port 8080] [--host 127.0.0.1] [--public-url /] [--release] [--no-build]
//!   cargo xtask build [--public-url /sub/path/]
//!   cargo xtask test
//!   cargo xtask bench
//!   cargo xtask setup [--browser]

mod bench;
mod editor;
mod site;
mod serve;
mod test;
mod toolchain;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage:
  cargo xtask serve [--port N] [--host ADDR] [--public-url /path/] [--release] [--no-build]
                    build the site, serve it (default http://127.0.0.1:8080/) and rebuild on change;
                    --no-build serves dist/ as it is
  cargo xtask build [--public-url /path/]
                    the release site in dist/, ready for any static host
  cargo xtask test [--e2e-only]
                    every test: engine, content, Node oracle, end-to-end in headless Chromium;
                    --e2e-only reruns the browser suite against the last test build in dist/
  cargo xtask bench [--interpreter]  the engine's benchmarks, natively and as wasm; the interpreter beside Node and QuickJS
  cargo xtask setup [--browser]
                    only install the tools (and the test browser with --browser)";

/// The repository root (xtask lives one level below it).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask is inside the repository").to_path_buf()
}

/// A failure with a message meant for the person at the terminal.
#[derive(Debug)]
pub struct Failure(pub String);

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure(e.to_string())
    }
}

pub type Result<T = ()> = std::result::Result<T, Failure>;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let outcome = match args.first().map(String::as_str) {
        Some("serve") => serve::command(&args[1..]),
        Some("build") => site::command(&args[1..]),
        Some("test") => test::command(&args[1..]),
        Some("setup") => toolchain::command(&args[1..]),
        Some("bench") => bench::command(&args[1..]),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            Ok(())
        }
        _ => Err(Failure(USAGE.to_string())),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure(message)) => {
            eprintln!("\nxtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Flag parsing shared by the commands: `--name value` pairs and bare `--switch`es.
pub struct Flags {
    args: Vec<String>,
}

impl Flags {
    pub fn new(args: &[String], known_values: &[&str], known_switches: &[&str]) -> Result<Flags> {
        let mut i = 0;
        while i < args.len() {
            let a = args[i].as_str();
            if known_values.contains(&a) {
                if i + 1 >= args.len() {
                    return Err(Failure(format!("{a} needs a value\n\n{USAGE}")));
                }
                i += 2;
            } else if known_switches.contains(&a) {
                i += 1;
            } else {
                return Err(Failure(format!("unknown argument `{a}`\n\n{USAGE}")));
            }
        }
        Ok(Flags { args: args.to_vec() })
    }

    pub fn value(&self, name: &str) -> Option<&str> {
        self.args.iter().position(|a| a == name).and_then(|i| self.args.get(i + 1)).map(String::as_str)
    }

    pub fn switch(&self, name: &str) -> bool {
        self.args.iter().any(|a| a == name)
    }
}

/// `/sub/path/` from what a person typed (`sub/path`, `/sub/path`, `/`...).
pub fn normalize_public_url(raw: &str) -> Result<String> {
    let trimmed = raw.trim().trim_matches('/');
    if trimmed.contains("://") || trimmed.contains(['?', '#', ' ']) {
        return Err(Failure(format!("--public-url takes a path such as /inflight/, not `{raw}`")));
    }
    Ok(if trimmed.is_empty() { "/".to_string() } else { format!("/{trimmed}/") })
}
