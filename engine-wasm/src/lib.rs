//! The interpreter for JavaScript hosts: `run(path, source, seed)` runs a program to its end on
//! the virtual clock and returns what it printed, its exit status and the size of its trace, or
//! the reason it did not run; `run_view` runs it for a runner and returns the whole recording as
//! words and strings. Built with wasm-bindgen for Node (`cargo xtask bench`) and for the page's Web Worker
//! (`worker/runner.js`).

use inflight_engine::js::view::{ViewOptions, DEFAULT_MAX_STEPS};
use inflight_engine::js::view_wire;
use inflight_engine::js::{report, run_limited, Limits, SourceKind, DEFAULT_HEAP_LIMIT, DEFAULT_STEP_BUDGET};
use wasm_bindgen::prelude::*;

/// What one run did.
#[wasm_bindgen]
pub struct Outcome {
    stdout: String,
    stderr: String,
    exit_code: i32,
    trace_events: usize,
    refused: Option<String>,
}

#[wasm_bindgen]
impl Outcome {
    /// Every line the program wrote with `console.log`, each ending in a newline.
    #[wasm_bindgen(getter)]
    pub fn stdout(&self) -> String {
        self.stdout.clone()
    }

    /// What Node would write on stderr: `console.error` lines, then an uncaught error.
    #[wasm_bindgen(getter)]
    pub fn stderr(&self) -> String {
        self.stderr.clone()
    }

    #[wasm_bindgen(getter)]
    pub fn exit_code(&self) -> i32 {
        self.exit_code
    }

    /// How many events the trace recorded (the visualizer's input).
    #[wasm_bindgen(getter)]
    pub fn trace_events(&self) -> usize {
        self.trace_events
    }

    /// Why the program did not run or was stopped (syntax, unsupported, a limit), if it was.
    #[wasm_bindgen(getter)]
    pub fn refused(&self) -> Option<String> {
        self.refused.clone()
    }
}

/// Runs the program in `source`, read as the file `path` names it (`.ts`, `.mjs`, ...), with
/// `Math.random` seeded by `seed` and the default step budget and heap limit.
#[wasm_bindgen]
pub fn run(path: &str, source: &str, seed: u32) -> Outcome {
    let limits = Limits { steps: DEFAULT_STEP_BUDGET, seed, heap_bytes: DEFAULT_HEAP_LIMIT, collect_every: None };
    match run_limited(source, SourceKind::from_path(path), limits) {
        Ok(run) => {
            let lines = |v: &[String]| v.iter().map(|l| format!("{l}\n")).collect::<String>();
            let mut stderr = lines(&run.console_errors);
            if let Some(e) = &run.stderr {
                stderr.push_str(e);
                stderr.push('\n');
            }
            Outcome { stdout: lines(&run.stdout), stderr, exit_code: run.exit_code, trace_events: run.trace.len(), refused: None }
        }
        Err(e) => Outcome { stdout: String::new(), stderr: String::new(), exit_code: 2, trace_events: 0, refused: Some(e.to_string()) },
    }
}

/// A run recorded for a runner, as the page reads it (`inflight_engine::js::view_wire`).
#[wasm_bindgen]
pub struct Recording {
    words: Vec<u32>,
    strings: Vec<String>,
}

#[wasm_bindgen]
impl Recording {
    #[wasm_bindgen(getter)]
    pub fn words(&self) -> Vec<u32> {
        self.words.clone()
    }

    #[wasm_bindgen(getter)]
    pub fn strings(&self) -> Vec<String> {
        self.strings.clone()
    }
}

/// Runs `source` as the file `path` names it, seeded by `seed`, recording every event; the calls
/// of the functions named in `lanes` (comma-separated) become lanes. `max_steps` and
/// `max_heap_mb` of 0 mean the defaults.
#[wasm_bindgen]
pub fn run_view(path: &str, source: &str, seed: u32, lanes: &str, max_steps: u32, max_heap_mb: u32) -> Recording {
    let heap_bytes = if max_heap_mb == 0 { DEFAULT_HEAP_LIMIT } else { u64::from(max_heap_mb) * 1024 * 1024 };
    let steps = if max_steps == 0 { DEFAULT_STEP_BUDGET } else { u64::from(max_steps) };
    let limits = Limits { steps, seed, heap_bytes, collect_every: None };
    let options = ViewOptions { lanes: lanes.split(',').map(str::trim).filter(|l| !l.is_empty()).map(String::from).collect(), max_steps: DEFAULT_MAX_STEPS };
    let (words, strings) = view_wire::encode(&report(path, source, limits, &options));
    Recording { words, strings }
}

/// The size of this module's linear memory in bytes. Wasm memory only grows, so after a run it is
/// the most the runs so far needed (0 when not compiled to wasm).
#[wasm_bindgen]
pub fn memory_bytes() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        (core::arch::wasm32::memory_size(0) * 65536) as f64
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0.0
    }
}
