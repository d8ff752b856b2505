//! `cargo xtask test`: every test, in the order that fails fastest.
//!
//! 1. `cargo test --workspace`: the engine (including the Node oracle), the content pipeline
//!    (which also checks every lesson in content/), the app's routes and xtask itself.
//! 2. The release site, built for the sub-path `/inflight/` into `target/e2e-dist/` (so `dist/`
//!    keeps what `build` made) and served by the same static server as `serve`, tested end to
//!    end in headless Chromium by `tests/e2e/*.test.mjs`.

use std::net::TcpListener;

use crate::site::{self, Profile};
use crate::{root, serve, toolchain, toolchain::run, Flags, Result};

/// The sub-path the end-to-end suite serves the site under, as a GitHub Pages project site is.
pub const TEST_PUBLIC_URL: &str = "/inflight/";

pub fn command(args: &[String]) -> Result {
    let flags = Flags::new(args, &[], &["--e2e-only"])?;
    let tools = toolchain::ensure(true)?;
    // While iterating on the browser suite: reuse the dist/ of the last full run.
    if flags.switch("--e2e-only") {
        return end_to_end(&tools);
    }

    println!("\nxtask: unit, content and Node-oracle tests (cargo test --workspace)");
    // The content compiler and the server renderer sit behind features; test them too.
    let features = "inflight-course/compile,inflight/ssr";
    run(tools.command("cargo").args(["test", "--workspace", "--features", features]), "cargo test --workspace")?;

    println!("\nxtask: building the release site under {TEST_PUBLIC_URL} for the end-to-end suite");
    site::build(&tools, TEST_PUBLIC_URL, Profile::Release, &e2e_dist())?;
    site::report_size(&e2e_dist())?;
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
    run(
        tools
            .command("node")
            .args(["--test", "--test-reporter=spec", "--test-concurrency=1"])
            .args(&suites)
            .env("SITE_URL", &url)
            .env("CHROMIUM", toolchain::CHROMIUM)
            .env("SCREENSHOTS", &screenshots),
        "the end-to-end suite",
    )?;
    println!("\nxtask: every test passed; screenshots are in target/screenshots/");
    Ok(())
}

fn e2e_dist() -> std::path::PathBuf {
    root().join("target/e2e-dist")
}
