//! `cargo xtask bench`: the engine's benchmarks, natively and compiled to wasm in headless
//! Chromium, so the two can be compared on one machine.

use crate::toolchain::{self, run};
use crate::{root, Flags, Result};

pub fn command(args: &[String]) -> Result {
    Flags::new(args, &[], &[])?;
    let tools = toolchain::ensure(false)?;
    toolchain::ensure_chromedriver()?;
    println!("\nxtask: native benchmarks (cargo bench, opt-level 3)");
    for bench in ["migration", "event_queue"] {
        run(tools.command("cargo").args(["bench", "--quiet", "-p", "inflight-engine", "--bench", bench]), "cargo bench")?;
    }
    println!("\nxtask: the migration compiled to wasm, in headless Chromium (wasm-bindgen-test)");
    run(
        tools
            .wasm_command("cargo")
            .current_dir(root().join("engine"))
            .args(["test", "--profile", "bench", "--target", "wasm32-unknown-unknown", "--test", "wasm_migration", "--", "--nocapture"])
            .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER", "wasm-bindgen-test-runner")
            .env("CHROMEDRIVER", "/usr/bin/chromedriver"),
        "the wasm benchmark",
    )
}
