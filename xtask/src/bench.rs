//! `cargo xtask bench`: the engine's benchmarks, natively and compiled to wasm, so the two can be
//! compared on one machine; and the interpreter beside Node 20 and QuickJS on the same programs.
//! `--interpreter` runs only the interpreter's part.

use std::path::PathBuf;
use std::process::Command;

use crate::toolchain::{self, run, Toolchain};
use crate::{root, Failure, Flags, Result};

pub fn command(args: &[String]) -> Result {
    let flags = Flags::new(args, &[], &["--interpreter"])?;
    let tools = toolchain::ensure(true)?;
    if !flags.switch("--interpreter") {
        models(&tools)?;
    }
    interpreter(&tools)
}

fn models(tools: &Toolchain) -> Result {
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

/// The programs the interpreter is measured on: four that stress one thing each, then the
/// course's five demos (which the corpus test also checks against Node).
fn programs() -> Result<Vec<PathBuf>> {
    let engine = root().join("engine");
    let mut list: Vec<PathBuf> =
        ["await-chain.js", "promise-all.js", "arith-loop.js", "class-sim.js"].iter().map(|p| engine.join("benches/js").join(p)).collect();
    let mut demos: Vec<PathBuf> = std::fs::read_dir(engine.join("tests/evloop/demos"))?.map(|e| e.map(|e| e.path())).collect::<std::io::Result<_>>()?;
    demos.sort();
    list.extend(demos);
    Ok(list)
}

fn interpreter(tools: &Toolchain) -> Result {
    let programs = programs()?;
    println!("\nxtask: the interpreter, natively (cargo bench --bench interpreter, one process per program)");
    let mut lines = String::new();
    for program in &programs {
        let out = tools
            .command("cargo")
            .args(["bench", "--quiet", "-p", "inflight-engine", "--bench", "interpreter", "--"])
            .arg(program)
            .output()?;
        if !out.status.success() {
            return Err(Failure(format!("the native interpreter failed on {}:\n{}", program.display(), String::from_utf8_lossy(&out.stderr))));
        }
        lines.push_str(String::from_utf8_lossy(&out.stdout).trim());
        lines.push('\n');
    }
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root().join("target"), PathBuf::from);
    let native = target.join("bench-interpreter-native.jsonl");
    std::fs::write(&native, lines)?;
    println!("xtask: the interpreter compiled to wasm (opt-level 3), for Node (wasm-bindgen --target nodejs)");
    run(
        tools.wasm_command("cargo").args(["build", "--quiet", "--profile", "bench", "--target", "wasm32-unknown-unknown", "-p", "inflight-engine-wasm"]),
        "building the interpreter for wasm",
    )?;
    let out_dir = target.join("bench-interpreter-wasm");
    run(
        tools
            .command("wasm-bindgen")
            .args(["--target", "nodejs", "--out-dir"])
            .arg(&out_dir)
            .arg(target.join("wasm32-unknown-unknown/release/inflight_engine_wasm.wasm")),
        "wasm-bindgen for the interpreter",
    )?;
    println!("xtask: wasm, QuickJS (quickjs-emscripten) and Node 20 on the same programs (tests/bench/interpreters.mjs)");
    let mut node = Command::new("node");
    node.current_dir(root()).arg("tests/bench/interpreters.mjs").arg("--wasm").arg(&out_dir).arg("--native").arg(&native).args(&programs);
    run(&mut node, "the interpreter benchmark")
}
