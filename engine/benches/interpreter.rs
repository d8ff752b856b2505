//! Times one program on the interpreter, natively: `cargo bench --bench interpreter -- FILE [RUNS]`.
//!
//! Runs the program RUNS times (5 by default) with the default limits and seed 1 and prints one
//! JSON line: the fastest and the median run in ms (parse, compile and the whole run, trace
//! included), the process's peak resident memory in KB (one program per process, so the peak is
//! that program's), the number of trace events and what the program printed. `cargo xtask bench`
//! runs it once per program and puts it beside Node, QuickJS and the wasm build.

use std::time::Instant;

use inflight_engine::js::{json_string, run_limited, Limits, SourceKind, DEFAULT_HEAP_LIMIT, DEFAULT_STEP_BUDGET};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let Some(path) = args.first() else {
        eprintln!("usage: cargo bench --bench interpreter -- FILE [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(5).max(1);
    let source = std::fs::read_to_string(path).unwrap_or_else(|e| {
        eprintln!("interpreter bench: cannot read {path}: {e}");
        std::process::exit(2);
    });
    let limits = Limits { steps: DEFAULT_STEP_BUDGET, seed: 1, heap_bytes: DEFAULT_HEAP_LIMIT, collect_every: None };
    let mut times = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs {
        let started = Instant::now();
        let run = run_limited(&source, SourceKind::from_path(path), limits);
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        last = Some(run);
    }
    let run = match last.expect("at least one run") {
        Ok(run) => run,
        Err(e) => {
            eprintln!("interpreter bench: {path}: {e}");
            std::process::exit(1);
        }
    };
    times.sort_by(f64::total_cmp);
    let stdout: String = run.stdout.iter().map(|l| format!("{l}\n")).collect();
    println!(
        "{{\"ms\":{:.3},\"median_ms\":{:.3},\"peak_kb\":{},\"trace_events\":{},\"exit_code\":{},\"stdout\":{}}}",
        times[0],
        times[times.len() / 2],
        peak_rss_kb(),
        run.trace.len(),
        run.exit_code,
        json_string(&stdout)
    );
}

/// The process's peak resident set (VmHWM in /proc/self/status), in KB; 0 where there is none.
fn peak_rss_kb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}
