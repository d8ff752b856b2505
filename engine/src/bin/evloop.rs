//! `evloop FILE.js|FILE.mjs` prints what `node FILE` prints on stdout, on the engine's
//! Node-accurate event loop. `evloop --trace FILE` prints the event trace as JSON lines.
//!
//! Exit status: what Node's would be (0, or 1 after an uncaught error, an unhandled rejection or
//! a syntax error); 2 when the program is outside the supported subset or one of the engine's
//! limits stopped it (the reason is on stderr).

use std::process::ExitCode;

use inflight_engine::js::view::{ViewOptions, DEFAULT_MAX_STEPS};
use inflight_engine::js::{run_file_limited, run_viewed, Limits, DEFAULT_HEAP_LIMIT, DEFAULT_STEP_BUDGET};

fn main() -> ExitCode {
    // JavaScript frames live on the machine's heap; natives that call back into JavaScript
    // (map, sort, getters) still nest on the Rust stack: give those room whatever the build.
    std::thread::Builder::new().stack_size(256 * 1024 * 1024).spawn(evloop).expect("a thread").join().unwrap_or(ExitCode::from(2))
}

fn evloop() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: evloop [--trace | --view LANES] [--seed N] [--max-steps N] [--max-heap-mb N] FILE.js|.mjs|.cjs|.ts|.mts|.cts\n  --view LANES: every event with the queues after it, then each lane's states; LANES names the functions whose calls are lanes (comma-separated, may be empty)";
    let (mut trace, mut seed, mut budget, mut heap, mut file) = (false, 1u32, DEFAULT_STEP_BUDGET, DEFAULT_HEAP_LIMIT, None);
    let mut view: Option<Vec<String>> = None;
    let mut i = 0;
    while i < args.len() {
        let value = |i: usize| args.get(i + 1).and_then(|v| v.parse::<u64>().ok());
        match args[i].as_str() {
            "--trace" => trace = true,
            "--view" => match args.get(i + 1) {
                Some(names) => {
                    view = Some(names.split(',').map(str::trim).filter(|n| !n.is_empty()).map(String::from).collect());
                    i += 1;
                }
                None => {
                    eprintln!("evloop: --view takes the names of the functions to follow (comma-separated, may be empty)\n{usage}");
                    return ExitCode::from(2);
                }
            },
            "--seed" => match value(i).and_then(|v| u32::try_from(v).ok()) {
                Some(v) => {
                    seed = v;
                    i += 1;
                }
                None => {
                    eprintln!("evloop: --seed takes a whole number from 0 to 4294967295\n{usage}");
                    return ExitCode::from(2);
                }
            },
            "--max-steps" => match value(i).filter(|v| *v > 0) {
                Some(v) => {
                    budget = v;
                    i += 1;
                }
                None => {
                    eprintln!("evloop: --max-steps takes a positive whole number\n{usage}");
                    return ExitCode::from(2);
                }
            },
            "--max-heap-mb" => match value(i).filter(|v| (1..=1 << 20).contains(v)) {
                Some(v) => {
                    heap = v * 1024 * 1024;
                    i += 1;
                }
                None => {
                    eprintln!("evloop: --max-heap-mb takes a whole number of MiB from 1 to 1048576\n{usage}");
                    return ExitCode::from(2);
                }
            },
            f if !f.starts_with("--") && file.is_none() => file = Some(f.to_string()),
            _ => {
                eprintln!("{usage}");
                return ExitCode::from(2);
            }
        }
        i += 1;
    }
    let Some(file) = file else {
        eprintln!("{usage}");
        return ExitCode::from(2);
    };
    let file = &file;
    let source = match std::fs::read_to_string(file) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("evloop: cannot read {file}: {e}");
            return ExitCode::from(2);
        }
    };
    let limits = Limits { steps: budget, seed, heap_bytes: heap, collect_every: None };
    if let Some(lanes) = view {
        return print_view(file, &source, limits, lanes);
    }
    match run_file_limited(&absolute(file), &source, limits) {
        Ok(result) => {
            if trace {
                for event in &result.trace {
                    println!("{}", event.to_json());
                }
                if let Some(race) = &result.race {
                    println!("{{\"race\":{race:?}}}");
                }
            } else {
                for line in &result.stdout {
                    println!("{line}");
                }
            }
            if let Some(race) = &result.race {
                eprintln!("evloop: note: {race}");
            }
            for line in &result.console_errors {
                eprintln!("{line}");
            }
            if let Some(err) = &result.stderr {
                eprintln!("{err}");
            }
            ExitCode::from(result.exit_code as u8)
        }
        // A syntax error is Node's too: it reports where, then the error, and exits with 1.
        Err(e) if e.kind == inflight_engine::js::ErrorKind::Syntax => {
            eprintln!("{file}:{}\n\nSyntaxError: {}", e.pos.line, e.message);
            ExitCode::from(1)
        }
        Err(e) => {
            eprintln!("{file}:{e}");
            ExitCode::from(2)
        }
    }
}

/// `--view`: each step in words with the queues after it, then the lanes' spans.
fn print_view(file: &str, source: &str, limits: Limits, lanes: Vec<String>) -> ExitCode {
    let options = ViewOptions { lanes, max_steps: DEFAULT_MAX_STEPS };
    let viewed = match run_viewed(&absolute(file), source, limits, &options) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("{file}:{e}");
            return ExitCode::from(if e.kind == inflight_engine::js::ErrorKind::Syntax { 1 } else { 2 });
        }
    };
    let v = &viewed.view;
    let names = |ids: &[u32]| ids.iter().map(|&i| v.label(i)).collect::<Vec<_>>().join(", ");
    for (i, step) in v.steps.iter().enumerate() {
        println!("{i:>4} {:>6} ms {:<7} {}", step.at, step.phase.name(), v.describe(step));
        if !step.stack.is_empty() {
            println!("{:>20}stack: {}", "", names(&step.stack));
        }
        let timers = step.timers.iter().map(|t| format!("{} @{}", v.label(t.label), t.due)).collect::<Vec<_>>().join(", ");
        println!("{:>20}ticks [{}] jobs [{}] timers [{}] immediates [{}]", "", names(&step.ticks), names(&step.jobs), timers, names(&step.immediates));
    }
    for span in v.lane_spans() {
        let at = |s: u32| v.steps.get(s as usize).map_or(viewed.ended_at, |s| s.at);
        println!("lane {} {}: steps {}..{} ({}..{} ms) {}", span.lane, v.lane_label(span.lane), span.from, span.to, at(span.from), at(span.to), span.state.name());
    }
    if v.truncated {
        println!("(truncated)");
    }
    if let Some(e) = &viewed.stopped {
        eprintln!("{file}:{e}");
        return ExitCode::from(2);
    }
    ExitCode::from(viewed.exit_code as u8)
}

/// The file's absolute path, as Node names it in error stacks (as given when it cannot be
/// made absolute).
fn absolute(file: &str) -> String {
    std::path::absolute(file).map_or_else(|_| file.to_string(), |p| p.to_string_lossy().into_owned())
}
