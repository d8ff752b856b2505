//! What a runner shows of a run, step by step: the loop's phase, the call stack, the contents of
//! Node's queues (nextTick, promise jobs, timers with their due times, immediates) and the
//! console, after every event; and one lane per call of the functions the runner follows
//! (`work(3)`), with what the call was doing between its events.
//!
//! The machine records a [`Step`] at each event when it is asked to (`run_viewed`), with a
//! snapshot of the queues, so a player can show any step, backwards as well as forwards, without
//! replaying the run. [`View::lane_spans`] then says, for every lane, what it was doing from one
//! event to the next: running, waiting on a timer or I/O it started itself, waiting on another
//! promise (queued behind a semaphore, a full queue), and how it ended.

/// Which calls become lanes, and how much to record.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ViewOptions {
    /// Names of the functions whose calls become lanes.
    pub lanes: Vec<String>,
    /// Steps recorded at most; the run goes on past them, unrecorded (`View::truncated`).
    pub max_steps: usize,
}

/// What a runner's worker sends the page after a run: the recording and how the run ended.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub view: View,
    /// Node's exit status (0, 1 after an uncaught error, 13 for an unsettled top-level await);
    /// 2 when the engine refused or stopped the program.
    pub exit_code: i32,
    /// Why the program did not run to its end: a syntax error or a construct outside the
    /// subset (with its position), or a limit.
    pub stopped: Option<Refusal>,
    /// Virtual time at the end, ms.
    pub ended_at: u64,
    /// Set when real Node may order this program's callbacks either way.
    pub race: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    pub kind: RefusalKind,
    /// 1-based; 0 when the refusal has no place in the code (a limit).
    pub line: u32,
    pub column: u32,
    pub message: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RefusalKind {
    Syntax,
    Unsupported,
    Limit,
}

impl Refusal {
    pub fn from_error(e: &super::Error) -> Refusal {
        let kind = match e.kind {
            super::ErrorKind::Syntax => RefusalKind::Syntax,
            super::ErrorKind::Unsupported => RefusalKind::Unsupported,
            super::ErrorKind::Limit => RefusalKind::Limit,
        };
        Refusal { kind, line: e.pos.line, column: e.pos.column, message: e.message.clone() }
    }
}

/// Steps a runner records unless it asks for fewer: a lesson's demo makes a few hundred.
pub const DEFAULT_MAX_STEPS: usize = 20_000;

/// Console lines kept at most (the run goes on; `View::truncated` says lines are missing).
pub const MAX_CONSOLE_LINES: usize = 5_000;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct View {
    pub steps: Vec<Step>,
    /// Every label a step names, by index: callbacks, stack frames.
    pub labels: Vec<String>,
    pub console: Vec<ConsoleLine>,
    pub lanes: Vec<Lane>,
    /// Steps or console lines were left out past the limits.
    pub truncated: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// Virtual time, ms.
    pub at: u64,
    pub phase: Phase,
    pub what: What,
    /// The call stack, outermost first (labels).
    pub stack: Vec<u32>,
    /// The queues just after the event, each in the order it runs.
    pub ticks: Vec<u32>,
    pub jobs: Vec<u32>,
    pub timers: Vec<TimerEntry>,
    pub immediates: Vec<u32>,
    /// How many entries each queue holds (ticks, jobs, timers, immediates): the lists above
    /// show the first 40.
    pub sizes: [u32; 4],
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimerEntry {
    pub label: u32,
    /// When it is due, ms.
    pub due: u64,
    pub repeat: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// The main script or module, before the loop starts.
    Main,
    Timers,
    Poll,
    Check,
}

impl Phase {
    pub fn from_name(name: &str) -> Phase {
        match name {
            "timers" => Phase::Timers,
            "poll" => Phase::Poll,
            "check" => Phase::Check,
            _ => Phase::Main,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Phase::Main => "main",
            Phase::Timers => "timers",
            Phase::Poll => "poll",
            Phase::Check => "check",
        }
    }
}

/// The queue a callback waits in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Queue {
    Tick,
    /// The promise-job (microtask) queue.
    Job,
    Timer,
    Immediate,
    Io,
}

impl Queue {
    pub fn name(self) -> &'static str {
        match self {
            Queue::Tick => "nextTick",
            Queue::Job => "promise job",
            Queue::Timer => "timer",
            Queue::Immediate => "immediate",
            Queue::Io => "I/O",
        }
    }
}

/// What happened at a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum What {
    /// The main script or module starts.
    Start,
    /// The loop moved to the step's phase.
    Phase,
    /// The program queued a callback (setTimeout, setImmediate, nextTick, queueMicrotask).
    Schedule { queue: Queue, label: u32 },
    /// The loop took a callback from a queue and runs it. `lane`: for a timer or an I/O
    /// completion, the lane that started it.
    Run { queue: Queue, label: u32, lane: Option<u32> },
    /// A console line (index into `View::console`).
    Log { line: u32 },
    /// A followed function was called: lane `lane` starts.
    Call { lane: u32 },
    /// The lane's async function stopped at an `await`.
    Await { lane: u32 },
    /// It continues after the `await`.
    Resume { lane: u32 },
    /// The call's promise settled (or the plain function returned or threw).
    Settle { lane: u32, outcome: Outcome },
    /// The program ended (or was stopped).
    End,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Fulfilled,
    Rejected,
    /// Rejected with an `AbortError` or a `TimeoutError` (an aborted signal's reason).
    Aborted,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsoleLine {
    pub step: u32,
    pub at: u64,
    /// `console.error`/`console.warn`, or the uncaught error that ended the run.
    pub stderr: bool,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lane {
    /// The call as the program made it: `work(3)`.
    pub label: String,
    /// The function's name (the runner's `lanes=` entry it matched).
    pub function: String,
}

/// What a lane does between two of its events.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LaneState {
    /// Its code runs (or it waits only for promise jobs of the same turn).
    Running,
    /// Waiting on a timer or an I/O operation it started itself.
    Timer,
    /// Waiting on a promise something else settles: queued behind a semaphore, a full queue,
    /// a lock, another task.
    Waiting,
    Fulfilled,
    Rejected,
    Aborted,
}

impl LaneState {
    pub fn name(self) -> &'static str {
        match self {
            LaneState::Running => "running",
            LaneState::Timer => "waiting on a timer",
            LaneState::Waiting => "waiting on another promise",
            LaneState::Fulfilled => "settled",
            LaneState::Rejected => "rejected",
            LaneState::Aborted => "aborted",
        }
    }
}

/// A stretch of a lane's life: from step `from` to step `to` (exclusive), in one state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    pub lane: u32,
    pub from: u32,
    pub to: u32,
    pub state: LaneState,
}

impl View {
    pub fn label(&self, i: u32) -> &str {
        self.labels.get(i as usize).map_or("?", String::as_str)
    }

    pub fn lane_label(&self, lane: u32) -> &str {
        self.lanes.get(lane as usize).map_or("?", |l| l.label.as_str())
    }

    /// A step in words, for the event table and `evloop --view`.
    pub fn describe(&self, step: &Step) -> String {
        match step.what {
            What::Start => "the program starts".to_string(),
            What::Phase if step.phase == Phase::Poll => "the loop polls for I/O, waiting until the next timer is due".to_string(),
            What::Phase => format!("the loop enters the {} phase", step.phase.name()),
            What::Schedule { queue, label } => format!("{} goes on the {} queue", self.label(label), queue.name()),
            What::Run { queue, label, .. } => format!("the loop runs {} from the {} queue", self.label(label), queue.name()),
            What::Log { line } => match self.console.get(line as usize) {
                Some(l) if l.stderr => format!("stderr: {}", l.text),
                Some(l) => format!("console: {}", l.text),
                None => "console".to_string(),
            },
            What::Call { lane } => format!("{} is called", self.lane_label(lane)),
            What::Await { lane } => format!("{} waits", self.lane_label(lane)),
            What::Resume { lane } => format!("{} resumes", self.lane_label(lane)),
            What::Settle { lane, outcome } => format!(
                "{} {}",
                self.lane_label(lane),
                match outcome {
                    Outcome::Fulfilled => "settles",
                    Outcome::Rejected => "rejects",
                    Outcome::Aborted => "is aborted",
                }
            ),
            What::End => "the program ends".to_string(),
        }
    }

    /// Each lane's life as spans of steps, in lane order then time order. A wait ends at the
    /// lane's next resume; it was on a timer (or I/O) when that resume came in the turn of a
    /// timer or I/O completion the lane itself started, a wait on another promise when it came
    /// in any other later turn, and no wait at all when it came within the same turn (an
    /// `await` of something already settled). A wait that never ends lasts to the last step;
    /// a settled lane stays in its end state from then on.
    pub fn lane_spans(&self) -> Vec<Span> {
        let n = self.lanes.len();
        // Per lane: the step its current state began, that state, and the turn it awaited in.
        let mut open: Vec<Option<(u32, LaneState, u32)>> = vec![None; n];
        let mut spans = Vec::new();
        // The turn: how many callbacks the loop has taken from the timer, immediate and I/O
        // queues (and who started the current one).
        let mut turn = 0u32;
        let mut turn_lane: Option<u32> = None;
        let mut turn_queue = Queue::Job;
        let end = self.steps.len() as u32;
        let close = |spans: &mut Vec<Span>, lane: u32, from: u32, to: u32, state: LaneState| {
            if to > from {
                spans.push(Span { lane, from, to, state });
            }
        };
        // How a wait that ends now was spent (a state other than Waiting is kept).
        let wait_kind = |lane: u32, state: LaneState, awaited_in: u32, turn: u32, turn_lane: Option<u32>, turn_queue: Queue| {
            if state != LaneState::Waiting {
                state
            } else if turn == awaited_in {
                LaneState::Running
            } else if turn_lane == Some(lane) && matches!(turn_queue, Queue::Timer | Queue::Io) {
                LaneState::Timer
            } else {
                LaneState::Waiting
            }
        };
        for (i, step) in self.steps.iter().enumerate() {
            let i = i as u32;
            match step.what {
                What::Run { queue: q @ (Queue::Timer | Queue::Immediate | Queue::Io), lane, .. } => {
                    turn += 1;
                    turn_lane = lane;
                    turn_queue = q;
                }
                What::Call { lane } => {
                    if let Some(slot) = open.get_mut(lane as usize) {
                        *slot = Some((i, LaneState::Running, turn));
                    }
                }
                What::Await { lane } => {
                    if let Some(Some((from, state, _))) = open.get(lane as usize).copied() {
                        close(&mut spans, lane, from, i, state);
                        // The kind of wait is known when it ends; until then it is marked Waiting.
                        open[lane as usize] = Some((i, LaneState::Waiting, turn));
                    }
                }
                What::Resume { lane } => {
                    if let Some(Some((from, state, awaited_in))) = open.get(lane as usize).copied() {
                        close(&mut spans, lane, from, i, wait_kind(lane, state, awaited_in, turn, turn_lane, turn_queue));
                        open[lane as usize] = Some((i, LaneState::Running, turn));
                    }
                }
                What::Settle { lane, outcome } => {
                    if let Some(Some((from, state, awaited_in))) = open.get(lane as usize).copied() {
                        // A plain function's promise settles without a resume: its wait ends here.
                        close(&mut spans, lane, from, i, wait_kind(lane, state, awaited_in, turn, turn_lane, turn_queue));
                        let done = match outcome {
                            Outcome::Fulfilled => LaneState::Fulfilled,
                            Outcome::Rejected => LaneState::Rejected,
                            Outcome::Aborted => LaneState::Aborted,
                        };
                        close(&mut spans, lane, i, end, done);
                        open[lane as usize] = None;
                    }
                }
                _ => {}
            }
        }
        for (lane, slot) in open.into_iter().enumerate() {
            if let Some((from, state, _)) = slot {
                close(&mut spans, lane as u32, from, end, state);
            }
        }
        spans.sort_by_key(|s| (s.lane, s.from));
        // Neighbours in one state are one span (a run of code across promise jobs of one turn).
        let mut merged: Vec<Span> = Vec::with_capacity(spans.len());
        for s in spans {
            match merged.last_mut() {
                Some(last) if last.lane == s.lane && last.state == s.state && last.to == s.from => last.to = s.to,
                _ => merged.push(s),
            }
        }
        merged
    }

    /// The recording as Chrome's trace-event JSON (which Perfetto and `chrome://tracing` open):
    /// each lane an async track (`ph: "b"`/`"e"` pairs with the lane's id) holding a slice per
    /// state, each callback the loop ran and each console line an instant event. Virtual ms
    /// become trace µs; events of the same ms are a µs apart, in order.
    pub fn chrome_trace(&self) -> String {
        let mut ts = Vec::with_capacity(self.steps.len());
        let (mut ms, mut k) = (u64::MAX, 0u64);
        for s in &self.steps {
            if s.at != ms {
                ms = s.at;
                k = 0;
            }
            ts.push(s.at * 1000 + k.min(999));
            k += 1;
        }
        let end = ts.last().copied().unwrap_or(0);
        let at = |step: u32| ts.get(step as usize).copied().unwrap_or(end);
        let mut events: Vec<String> = Vec::new();
        let quote = super::json_string;
        events.push(r#"{"name":"process_name","ph":"M","pid":1,"args":{"name":"inflight runner (virtual time)"}}"#.to_string());
        events.push(r#"{"name":"thread_name","ph":"M","pid":1,"tid":1,"args":{"name":"event loop"}}"#.to_string());
        let spans = self.lane_spans();
        for (lane, l) in self.lanes.iter().enumerate() {
            let mine: Vec<&Span> = spans.iter().filter(|s| s.lane as usize == lane).collect();
            let (Some(first), Some(last)) = (mine.first(), mine.last()) else { continue };
            let id = lane + 1;
            let name = quote(&l.label);
            events.push(format!(r#"{{"name":{name},"cat":"lane","ph":"b","id":{id},"pid":1,"tid":1,"ts":{}}}"#, at(first.from)));
            for s in &mine {
                let state = quote(s.state.name());
                events.push(format!(r#"{{"name":{state},"cat":"lane","ph":"b","id":{id},"pid":1,"tid":1,"ts":{}}}"#, at(s.from)));
                events.push(format!(r#"{{"name":{state},"cat":"lane","ph":"e","id":{id},"pid":1,"tid":1,"ts":{}}}"#, at(s.to)));
            }
            events.push(format!(r#"{{"name":{name},"cat":"lane","ph":"e","id":{id},"pid":1,"tid":1,"ts":{}}}"#, at(last.to)));
        }
        for (i, s) in self.steps.iter().enumerate() {
            let name = match s.what {
                What::Run { .. } | What::Log { .. } | What::Phase => self.describe(s),
                _ => continue,
            };
            events.push(format!(r#"{{"name":{},"cat":"{}","ph":"i","s":"t","pid":1,"tid":1,"ts":{},"args":{{"phase":"{}"}}}}"#, quote(&name), if matches!(s.what, What::Log { .. }) { "console" } else { "loop" }, ts[i], s.phase.name()));
        }
        format!("{{\"traceEvents\":[\n{}\n],\"displayTimeUnit\":\"ms\"}}\n", events.join(",\n"))
    }

    /// How many lanes had started and not settled after each step.
    pub fn in_flight(&self) -> Vec<u32> {
        let mut n = 0u32;
        self.steps
            .iter()
            .map(|s| {
                match s.what {
                    What::Call { .. } => n += 1,
                    What::Settle { .. } => n = n.saturating_sub(1),
                    _ => {}
                }
                n
            })
            .collect()
    }
}
