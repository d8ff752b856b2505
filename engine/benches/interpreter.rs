//! Times one program on the interpreter, natively: `cargo bench --bench interpreter -- FILE [RUNS]`.
//!
//! Runs the program with the default limits and seed 1, once, then in RUNS batches (5 by
//! default) of at least 60 ms of CPU time each, and prints one JSON line: the CPU time of a run
//! in ms (the fastest batch's mean) (parse, compile and the whole run, trace included; the thread's own time from
//! /proc/thread-self/schedstat, so another process on the machine does not count) and the
//! median wall-clock time, the peak resident memory of the first run in KB (one program per
//! process, read before the other runs), the number of trace events and what the program
//! printed. `cargo xtask bench` runs it once per program and puts it beside Node,
//! QuickJS and the wasm build.

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
    // The first run alone gives the peak memory. Then RUNS batches, each of enough runs to take
    // BATCH_NS of CPU time (the kernel's count advances in scheduler ticks, too coarsely for one
    // short run): a run's time is the fastest batch's mean.
    let mut last = Some(run_limited(&source, SourceKind::from_path(path), limits));
    let peak_kb = peak_rss_kb();
    let mut times = Vec::with_capacity(runs);
    let mut cpu_ms = f64::INFINITY;
    for _ in 0..runs {
        let (started, mut count) = (cpu_ns(), 0u32);
        while count == 0 || cpu_ns() - started < BATCH_NS {
            let wall = std::time::Instant::now();
            last = Some(run_limited(&source, SourceKind::from_path(path), limits));
            times.push(wall.elapsed().as_secs_f64() * 1000.0);
            count += 1;
        }
        cpu_ms = cpu_ms.min((cpu_ns() - started) as f64 / 1e6 / f64::from(count));
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
        "{{\"ms\":{:.3},\"median_wall_ms\":{:.3},\"peak_kb\":{},\"trace_events\":{},\"exit_code\":{},\"stdout\":{}}}",
        cpu_ms,
        times[times.len() / 2],
        peak_kb,
        run.trace.len(),
        run.exit_code,
        json_string(&stdout)
    );
}

/// The CPU time this thread has used, in ns (the first field of /proc/thread-self/schedstat).
/// How much CPU time a batch of timed runs takes at least.
const BATCH_NS: u64 = 60_000_000;

fn cpu_ns() -> u64 {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap_or_default();
    stat.split_whitespace().next().and_then(|n| n.parse().ok()).unwrap_or(0)
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
