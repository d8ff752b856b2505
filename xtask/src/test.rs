//! `cargo xtask test`: every test, in the order that fails fastest.
//!
//! 1. `cargo test --workspace`: the engine (including the Node oracle), the content pipeline
//!    (which also checks every lesson in content/), the app's routes and xtask itself. A suite
//!    that runs zero tests fails the run.
//! 2. The engine compiled to wasm in headless Chromium: it must compute what the native build
//!    computed in step 1 (`engine/tests/cross_target.rs`).
//! 3. The release site, built for the sub-path `/inflight/` into `target/e2e-dist/` (so `dist/`
//!    keeps what `build` made) and served by the same static server as `serve`, tested end to
//!    end in headless Chromium by `tests/e2e/*.test.mjs`.

use std::net::TcpListener;

use crate::site::{self, Profile};
use crate::{root, serve, toolchain, toolchain::run, Flags, Result};

/// The end-to-end files with tests that measure time (a first click within 100 ms, a million
/// tasks within 2 s, no main-thread task over 50 ms, a page responsive during a runaway program).
const TIMED_SUITES: &[&str] = &["simulation.test.mjs", "site.test.mjs"];

/// The sub-path the end-to-end suite serves the site under, as a GitHub Pages project site is.
pub const TEST_PUBLIC_URL: &str = "/inflight/";

pub fn command(args: &[String]) -> Result {
    let flags = Flags::new(args, &[], &["--e2e-only"])?;
    let mut clock = Phases::default();
    let outcome = phases(&flags, &mut clock);
    clock.report();
    outcome
}

/// How long each phase took, printed at the end (passed or failed) so a slow CI run says where
/// its minutes went.
#[derive(Default)]
struct Phases {
    done: Vec<(&'static str, std::time::Duration)>,
    started: Option<(&'static str, std::time::Instant)>,
}

impl Phases {
    fn start(&mut self, name: &'static str) {
        self.stop();
        self.started = Some((name, std::time::Instant::now()));
    }

    fn stop(&mut self) {
        if let Some((name, at)) = self.started.take() {
            self.done.push((name, at.elapsed()));
        }
    }

    fn report(&mut self) {
        self.stop();
        let total: f64 = self.done.iter().map(|(_, d)| d.as_secs_f64()).sum();
        println!("\nxtask: time by phase ({total:.0} s in all)");
        for (name, d) in &self.done {
            println!("  {:>6.1} s  {name}", d.as_secs_f64());
        }
    }
}

fn phases(flags: &Flags, clock: &mut Phases) -> Result {
    clock.start("tools (install what is missing, cargo fetch, browser, npm ci)");
    let tools = toolchain::ensure(true)?;
    // While iterating on the browser suite: reuse the dist/ of the last full run.
    if flags.switch("--e2e-only") {
        clock.start("end-to-end suite");
        return end_to_end(&tools);
    }

    // Plain `cargo test`, as anyone would type it: the crates' dev-dependencies switch on the
    // features their tests need, so nothing here is needed that a person would not pass.
    println!("\nxtask: unit, content and Node-oracle tests (cargo test --workspace)");
    clock.start("cargo test --workspace (compile and run)");
    run_counting_tests(tools.command("cargo").args(["test", "--workspace"]), "cargo test --workspace")?;

    // The native run above wrote its fingerprints; the wasm build must compute the same.
    println!("\nxtask: the engine compiled to wasm, in headless Chromium, against the native run");
    clock.start("the engine's wasm test (chromedriver, compile, run)");
    toolchain::ensure_chromedriver()?;
    run(
        tools
            .wasm_command("cargo")
            .args(["test", "-p", "inflight-engine", "--target", "wasm32-unknown-unknown", "--test", "cross_target"])
            .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER", "wasm-bindgen-test-runner")
            .env("CHROMEDRIVER", "/usr/bin/chromedriver"),
        "the engine's wasm test",
    )?;

    println!("\nxtask: building the release site under {TEST_PUBLIC_URL} for the end-to-end suite");
    clock.start("release site build (trunk, workers, prerender, search index)");
    site::build(&tools, TEST_PUBLIC_URL, Profile::Release, &e2e_dist())?;
    site::report_size(&e2e_dist())?;
    clock.start("end-to-end suite");
    end_to_end(&tools)
}

fn end_to_end(tools: &toolchain::Toolchain) -> Result {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let port = listener.local_addr()?.port();
    let dist = e2e_dist();
    if !dist.join("index.html").exists() {
        return Err(crate::Failure(format!("{} has no build yet: run `cargo xtask test` once in full", dist.display())));
    }
    std::thread::spawn(move || serve::serve(listener, dist, TEST_PUBLIC_URL.to_string()));
    let url = format!("http://127.0.0.1:{port}{TEST_PUBLIC_URL}");

    println!("\nxtask: end-to-end tests in headless Chromium against {url}");
    let screenshots = root().join("target/screenshots");
    std::fs::create_dir_all(&screenshots)?;
    let mut suites: Vec<_> = std::fs::read_dir(root().join("tests/e2e"))?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".test.mjs"))
        .collect();
    suites.sort();
    // Files whose tests measure time run one at a time, alone on the machine; the rest, two at
    // a time (two Chromiums at once keep both cores busy).
    let (timed, untimed): (Vec<_>, Vec<_>) = suites.into_iter().partition(|p| p.file_name().is_some_and(|n| TIMED_SUITES.iter().any(|t| n == *t)));
    let mut failed = Vec::new();
    for (files, concurrency) in [(untimed, "2"), (timed, "1")] {
        if files.is_empty() {
            continue;
        }
        let outcome = run(
            tools
                .command("node")
                .args(["--test", "--test-reporter=spec", &format!("--test-concurrency={concurrency}")])
                .args(&files)
                .env("SITE_URL", &url)
                .env("CHROMIUM", toolchain::CHROMIUM)
                .env("SCREENSHOTS", &screenshots),
            "the end-to-end suite",
        );
        if let Err(crate::Failure(message)) = outcome {
            failed.push(message);
        }
    }
    if !failed.is_empty() {
        return Err(crate::Failure(failed.join("\n")));
    }
    println!("\nxtask: every test passed; screenshots are in target/screenshots/");
    Ok(())
}

/// Runs `cargo test`, echoing what it prints, and fails if any test binary ran no test at all: a
/// suite that compiles to nothing (a `cfg` that is never on, a feature nobody passes) would
/// otherwise pass in silence. Targets with nothing to test say so in their manifest
/// (`test = false`, `doctest = false`), so every suite that runs must count at least one test.
fn run_counting_tests(cmd: &mut std::process::Command, doing: &str) -> Result {
    use std::io::{BufRead, BufReader};
    let (reader, writer) = std::io::pipe()?;
    cmd.stdout(writer.try_clone()?).stderr(writer);
    let mut child = cmd.spawn().map_err(|e| crate::Failure(format!("{doing}: could not start cargo: {e}")))?;
    // Let go of this side's copies of the writer, so the pipe ends when cargo exits.
    cmd.stdout(std::process::Stdio::null());
    cmd.stderr(std::process::Stdio::null());
    let mut output = String::new();
    for line in BufReader::new(reader).lines() {
        let line = line?;
        println!("{line}");
        output.push_str(&line);
        output.push('\n');
    }
    let status = child.wait()?;
    if !status.success() {
        return Err(crate::Failure(format!("{doing} failed ({status}); the command was:\n  {}", toolchain::describe(cmd))));
    }
    let suites = test_counts(&output);
    if suites.is_empty() {
        return Err(crate::Failure(format!("{doing} ran no test binary at all")));
    }
    let empty: Vec<&str> = suites.iter().filter(|(_, n)| *n == 0).map(|(name, _)| name.as_str()).collect();
    if !empty.is_empty() {
        return Err(crate::Failure(format!(
            "these test suites ran zero tests, so they check nothing: {}\n\
             Make their tests compile under a plain `cargo test`, or mark the target `test = false` \
             (or `doctest = false`) in its Cargo.toml if it has nothing to test.",
            empty.join(", ")
        )));
    }
    let total: usize = suites.iter().map(|(_, n)| n).sum();
    println!("xtask: {} test suites, {total} tests, none empty", suites.len());
    Ok(())
}

/// Each test binary `cargo test` ran, named as cargo names it, with the number of tests it ran.
fn test_counts(output: &str) -> Vec<(String, usize)> {
    let mut suites = Vec::new();
    let mut current: Option<String> = None;
    for line in output.lines().map(str::trim) {
        if let Some(rest) = line.strip_prefix("Running ") {
            // "Running tests/pipeline.rs (target/debug/deps/pipeline-…)"
            current = Some(rest.split(" (").next().unwrap_or(rest).to_string());
        } else if let Some(rest) = line.strip_prefix("Doc-tests ") {
            current = Some(format!("doc-tests of {rest}"));
        } else if let Some(count) = line.strip_prefix("running ").and_then(|r| r.strip_suffix(" tests").or(r.strip_suffix(" test"))) {
            if let (Some(name), Ok(n)) = (current.take(), count.parse()) {
                suites.push((name, n));
            }
        }
    }
    suites
}

#[cfg(test)]
mod tests {
    use super::test_counts;

    #[test]
    fn suites_that_ran_nothing_are_found_in_real_cargo_output() {
        // Printed by `cargo test -p inflight-course` while its lib had no tests and no doctests.
        let output = include_str!("fixtures/cargo-test-course.txt");
        assert_eq!(
            test_counts(output),
            [
                ("unittests src/lib.rs".to_string(), 0),
                ("tests/pipeline.rs".to_string(), 10),
                ("doc-tests of inflight_course".to_string(), 0),
            ]
        );
    }

    /// Comments and docs must stand on their own: the planning notes beside the repository are
    /// not part of it, so a reference to them points nowhere for anyone who clones it.
    #[test]
    fn nothing_in_the_repository_cites_files_outside_it() {
        // Spelled in pieces so that this file does not match itself.
        let outside = [["../", "shared/"].concat(), ["NODE-", "SEMANTICS"].concat(), ["LESSON-", "FACTS"].concat(), ["TOOLCHAIN", ".md"].concat(), ["RESEARCH-", "NOTES"].concat()];
        let mut found = Vec::new();
        let mut folders = vec![crate::root()];
        while let Some(dir) = folders.pop() {
            for entry in std::fs::read_dir(&dir).unwrap().map(Result::unwrap) {
                let path = entry.path();
                let name = entry.file_name().to_string_lossy().to_string();
                if path.is_dir() {
                    if !matches!(name.as_str(), "target" | "node_modules" | "dist" | ".git" | ".tools") {
                        folders.push(path);
                    }
                } else if let Ok(text) = std::fs::read_to_string(&path) {
                    for (n, line) in text.lines().enumerate() {
                        if outside.iter().any(|o| line.contains(o.as_str())) {
                            found.push(format!("{}:{}: {}", path.strip_prefix(crate::root()).unwrap().display(), n + 1, line.trim()));
                        }
                    }
                }
            }
        }
        assert!(found.is_empty(), "state the fact or link to Node's docs instead:\n{}", found.join("\n"));
    }

    #[test]
    fn one_test_is_counted_too() {
        assert_eq!(test_counts("     Running tests/a.rs (x)\n\nrunning 1 test\n"), [("tests/a.rs".to_string(), 1)]);
    }
}

fn e2e_dist() -> std::path::PathBuf {
    root().join("target/e2e-dist")
}
