//! An event-loop interpreter for a subset of JavaScript that prints what Node 20 prints.
//!
//! `run(source, kind)` parses the program, compiles it and runs it on a virtual clock with
//! Node's queues: the nextTick queue, the promise-job queue, timers grouped by duration,
//! immediates and I/O completions, in libuv's phase order (see `vm/mod.rs` for the rules). The
//! result is the console output, the exit code Node would give, whether the program contains a
//! race that real Node may resolve either way, and a trace of what ran when.
//!
//! Anything outside the subset is an [`Error`] with a line and column; a runaway program stops
//! at a step budget. Nothing here panics on any input.

mod ast;
mod builtins;
mod call_printer;
mod compile;
mod format;
mod lexer;
mod parser;
pub mod value;
pub mod view;
pub mod view_wire;
mod vm;

use std::fmt;
use std::rc::Rc;

pub use ast::Pos;

/// How Node treats the file: `.js` is CommonJS, `.mjs` an ES module.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ModuleKind {
    CommonJs,
    EsModule,
}

impl ModuleKind {
    /// The kind a file's extension fixes: `.mjs`/`.mts` are modules, anything else CommonJS.
    /// (A `.js` or `.ts` file with module syntax is a module too: see [`SourceKind`].)
    pub fn from_path(path: &str) -> ModuleKind {
        if path.ends_with(".mjs") || path.ends_with(".mts") {
            ModuleKind::EsModule
        } else {
            ModuleKind::CommonJs
        }
    }
}

/// How a file is read, from its name: JavaScript or TypeScript, and the module system. `.ts` and
/// `.cts` follow the rules of `.js` and `.cjs`, `.mts` those of `.mjs`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SourceKind {
    pub typescript: bool,
    /// `None` for `.js`/`.ts`: a module if the program has module syntax (`import`, `export`,
    /// `import.meta`, top-level `await`, or a top-level `const require`-like declaration), else
    /// CommonJS, as Node 20.20 decides for a file outside any package with a `"type"`.
    pub module: Option<ModuleKind>,
}

impl SourceKind {
    pub fn from_path(path: &str) -> SourceKind {
        let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
        let (typescript, module) = match ext {
            "mjs" => (false, Some(ModuleKind::EsModule)),
            "cjs" => (false, Some(ModuleKind::CommonJs)),
            "mts" => (true, Some(ModuleKind::EsModule)),
            "cts" => (true, Some(ModuleKind::CommonJs)),
            "ts" => (true, None),
            _ => (false, None),
        };
        SourceKind { typescript, module }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    Syntax,
    Unsupported,
    /// One of the engine's limits: the step budget or the heap limit.
    Limit,
}

/// A program the interpreter will not run, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    pub kind: ErrorKind,
    pub pos: Pos,
    pub message: String,
}

impl Error {
    pub fn syntax(pos: Pos, message: String) -> Error {
        Error { kind: ErrorKind::Syntax, pos, message }
    }

    pub fn unsupported(pos: Pos, what: &str) -> Error {
        Error { kind: ErrorKind::Unsupported, pos, message: format!("{what} is outside the supported subset of JavaScript") }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.kind {
            ErrorKind::Syntax => "syntax error",
            ErrorKind::Unsupported => "unsupported",
            ErrorKind::Limit => "stopped",
        };
        if self.pos.line == 0 {
            write!(f, "{kind}: {}", self.message)
        } else {
            write!(f, "{}:{}: {kind}: {}", self.pos.line, self.pos.column, self.message)
        }
    }
}

/// One thing that happened, for `evloop --trace` and the visualizer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TraceEvent {
    /// Virtual time in ms.
    pub at: u64,
    /// The loop phase: main, timers, poll, check.
    pub phase: &'static str,
    /// What ran: timer, immediate, io, tick, microtask, log, enqueue, phase.
    pub kind: &'static str,
    /// What kind of microtask, which phase, the line logged (made once, not per event, where
    /// it is always the same text).
    pub detail: std::borrow::Cow<'static, str>,
    /// Queue lengths just before the event: nextTick, promise jobs, immediates, active timers.
    pub queues: Queues,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Queues {
    pub ticks: usize,
    pub microtasks: usize,
    pub immediates: usize,
    pub timers: usize,
}

impl TraceEvent {
    pub fn to_json(&self) -> String {
        let q = &self.queues;
        format!(
            "{{\"t\":{},\"phase\":\"{}\",\"event\":\"{}\",\"detail\":{},\"queues\":{{\"nextTick\":{},\"microtasks\":{},\"immediates\":{},\"timers\":{}}}}}",
            self.at,
            self.phase,
            self.kind,
            json_string(&self.detail),
            q.ticks,
            q.microtasks,
            q.immediates,
            q.timers
        )
    }
}

/// `s` as a JSON string literal.
pub fn json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// What a program did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    /// One entry per `console.log` call, as Node prints it (without the final newline).
    pub stdout: Vec<String>,
    /// What Node would write on stderr (an uncaught error or unhandled rejection), if anything.
    pub stderr: Option<String>,
    /// One entry per `console.error`/`console.warn` call (Node writes them to stderr).
    pub console_errors: Vec<String>,
    /// 0, or 1 after an uncaught error; 13 for an unsettled top-level await.
    pub exit_code: i32,
    /// Set when the program's order depends on a race in real Node; the run shows one outcome.
    pub race: Option<String>,
    /// Virtual time when the program ended, in ms.
    pub ended_at: u64,
    pub trace: Vec<TraceEvent>,
    /// How many times the collector ran.
    pub collections: usize,
    /// How many variable accesses found their binding by a search instead of at the slot the
    /// compiler gave them: 0 unless the compiler's model of the scopes is wrong somewhere.
    pub slot_misses: usize,
}

/// How many machine steps a program may take before it is stopped as a runaway: enough for a
/// one-million-iteration loop whose body takes up to 100 operations. (A page runs programs off
/// its main thread, where a long run costs the reader nothing but the wait, and can stop them.)
pub const DEFAULT_STEP_BUDGET: u64 = 100_000_000;

/// Parses and checks a program without running it.
pub fn check(source: &str, kind: ModuleKind) -> Result<(), Error> {
    prepare(source, SourceKind { typescript: false, module: Some(kind) }).map(|_| ())
}

/// Runs a program to completion (or to its first uncaught error) and reports what it did.
pub fn run(source: &str, kind: ModuleKind) -> Result<Run, Error> {
    run_with_budget(source, kind, DEFAULT_STEP_BUDGET)
}

pub fn run_with_budget(source: &str, kind: ModuleKind, budget: u64) -> Result<Run, Error> {
    run_source(source, SourceKind { typescript: false, module: Some(kind) }, budget)
}

/// Runs a file as Node would run it under this name: `.js`, `.mjs`, `.cjs`, `.ts`, `.mts`, `.cts`.
/// Error stacks name the file `path`.
pub fn run_file(path: &str, source: &str) -> Result<Run, Error> {
    let limits = Limits { steps: DEFAULT_STEP_BUDGET, seed: 1, heap_bytes: DEFAULT_HEAP_LIMIT, collect_every: None };
    run_file_limited(path, source, limits)
}

/// [`run_file`] with [`Limits`].
pub fn run_file_limited(path: &str, source: &str, limits: Limits) -> Result<Run, Error> {
    run_named(path, source, SourceKind::from_path(path), limits)
}

/// Parses and compiles: the program's main function, and whether it is a module.
fn prepare(source: &str, kind: SourceKind) -> Result<(Rc<compile::Proto>, bool), Error> {
    let goal = match kind.module {
        Some(ModuleKind::CommonJs) => parser::Goal::Script,
        Some(ModuleKind::EsModule) => parser::Goal::Module,
        None => parser::Goal::Detect,
    };
    let program = parser::parse(source, parser::Options { goal, typescript: kind.typescript })?;
    let is_module = match kind.module {
        Some(k) => k == ModuleKind::EsModule,
        None => program.module_syntax.is_some(),
    };
    Ok((compile::compile(&program.body, is_module)?, is_module))
}

pub fn run_source(source: &str, kind: SourceKind, budget: u64) -> Result<Run, Error> {
    run_seeded(source, kind, budget, 1)
}

/// Runs with `Math.random()` seeded by `seed` (xorshift32, as the course's demos seed theirs).
pub fn run_seeded(source: &str, kind: SourceKind, budget: u64, seed: u32) -> Result<Run, Error> {
    run_limited(source, kind, Limits { steps: budget, seed, heap_bytes: DEFAULT_HEAP_LIMIT, collect_every: None })
}

/// The most memory a program may hold by default: 512 MiB, small enough for a browser tab.
pub const DEFAULT_HEAP_LIMIT: u64 = vm::DEFAULT_HEAP_LIMIT;

/// What a run may use, and `Math.random()`'s seed.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub steps: u64,
    pub seed: u32,
    pub heap_bytes: u64,
    /// How many new objects and scopes between collections (`None`: the machine's default).
    pub collect_every: Option<usize>,
}

/// Error stacks name the file `<anonymous>`.
pub fn run_limited(source: &str, kind: SourceKind, limits: Limits) -> Result<Run, Error> {
    run_named("<anonymous>", source, kind, limits)
}

/// Runs a program whose error stacks name the file `file`.
fn run_named(file: &str, source: &str, kind: SourceKind, limits: Limits) -> Result<Run, Error> {
    let (machine, ended) = execute(file, source, kind, limits, None)?;
    let (stderr, exit_code) = ended?;
    Ok(Run {
        stdout: machine.output,
        stderr,
        console_errors: machine.errors,
        exit_code,
        race: machine.race,
        ended_at: machine.now,
        trace: machine.trace,
        collections: machine.collections,
        slot_misses: machine.slot_misses,
    })
}

/// Compiles and runs a program: the machine afterwards, and how the run ended (an uncaught
/// error's text and the exit status, or the limit that stopped it). Only a program that does
/// not compile is an `Err` at once.
#[allow(clippy::type_complexity)]
fn execute(file: &str, source: &str, kind: SourceKind, limits: Limits, view: Option<&view::ViewOptions>) -> Result<(vm::Vm, Result<(Option<String>, i32), Error>), Error> {
    let budget = limits.steps;
    let (main, is_module) = prepare(source, kind)?;
    let kind = if is_module { ModuleKind::EsModule } else { ModuleKind::CommonJs };
    let mut machine = vm::Vm::new(kind == ModuleKind::EsModule, budget);
    machine.seed(limits.seed);
    machine.file_name(file);
    machine.heap_limit(limits.heap_bytes);
    if let Some(n) = limits.collect_every {
        machine.collect_every(n);
    }
    if let Some(options) = view {
        machine.record_view(options);
    }
    let outcome = machine.run_program(main);
    let ended = match outcome {
        Ok(()) => Ok((None, 0)),
        // Node 20.20 exits with 13 and prints nothing when the main module's top-level await
        // can never settle.
        Err(vm::Stop::UnsettledTopLevelAwait) => Ok((None, 13)),
        Err(vm::Stop::Uncaught(text)) => Ok((Some(text), 1)),
        Err(vm::Stop::HeapLimit(bytes)) => Err(Error {
            kind: ErrorKind::Limit,
            pos: Pos::default(),
            message: format!(
                "the program ran past the heap limit ({} MiB): it keeps more memory alive than a browser tab should hold",
                bytes / (1024 * 1024)
            ),
        }),
        Err(vm::Stop::Budget) => Err(Error {
            kind: ErrorKind::Limit,
            pos: Pos::default(),
            message: format!("the program ran past the step budget ({budget} steps): an endless loop or microtask chain?"),
        }),
        Err(vm::Stop::Unsupported(e)) => Err(e),
    };
    Ok((machine, ended))
}

/// A run recorded for a runner's views.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Viewed {
    pub view: view::View,
    /// What the program wrote with `console.log`.
    pub stdout: Vec<String>,
    /// An uncaught error or unhandled rejection, as Node prints it.
    pub stderr: Option<String>,
    pub exit_code: i32,
    /// The limit that stopped the run, or the construct outside the subset it reached; the
    /// view holds what happened until then.
    pub stopped: Option<Error>,
    pub race: Option<String>,
    /// Virtual time at the end, ms.
    pub ended_at: u64,
}

/// [`run_viewed`] as a runner's worker reports it: a program that does not compile is a
/// report too, with the refusal and its position.
pub fn report(path: &str, source: &str, limits: Limits, options: &view::ViewOptions) -> view::Report {
    match run_viewed(path, source, limits, options) {
        Ok(v) => view::Report { view: v.view, exit_code: v.exit_code, stopped: v.stopped.as_ref().map(view::Refusal::from_error), ended_at: v.ended_at, race: v.race },
        Err(e) => view::Report { exit_code: 2, stopped: Some(view::Refusal::from_error(&e)), ..view::Report::default() },
    }
}

/// Runs a file as [`run_file_limited`] does, recording every event for the views; the calls of
/// the functions `options.lanes` names become lanes.
pub fn run_viewed(path: &str, source: &str, limits: Limits, options: &view::ViewOptions) -> Result<Viewed, Error> {
    let (mut machine, ended) = execute(path, source, SourceKind::from_path(path), limits, Some(options))?;
    let (stderr, exit_code, stopped) = match ended {
        Ok((stderr, code)) => (stderr, code, None),
        Err(e) => (None, 2, Some(e)),
    };
    machine.view_end(stderr.as_deref());
    Ok(Viewed {
        view: machine.take_view().unwrap_or_default(),
        stdout: std::mem::take(&mut machine.output),
        stderr,
        exit_code,
        stopped,
        race: machine.race.take(),
        ended_at: machine.now,
    })
}
