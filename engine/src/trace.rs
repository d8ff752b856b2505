//! The trace: what a model returns and what the app and the tests read.
//!
//! A trace is a list of events in the order they happened, each stamped with virtual time in
//! milliseconds. Events at the same millisecond keep their causal order, which is the order the
//! console lines of the real program come out in.

pub type Millis = u64;
pub type TaskId = u32;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EventKind {
    /// A line the program prints with `console.log`.
    Console(String),
    /// The task exists and wants a slot.
    TaskQueued(TaskId),
    /// The task holds a slot and its work has begun.
    TaskStarted(TaskId),
    /// The task's work is over and its slot is released.
    TaskFinished(TaskId),
    /// The number of tasks holding a slot changed to this value.
    InFlight(u32),
    /// The task's work ended in an error (rejected, refused, timed out); its slot is released.
    TaskFailed(TaskId),
    /// The task left without ever starting: its queue was cleared, its call was rejected, or the
    /// process died first. It never runs.
    TaskDropped(TaskId),
    /// The number of items waiting in a queue, not yet holding a slot, changed to this value.
    Waiting(u32),
    /// The amount buffered (bytes, or objects in object mode) changed to this value.
    Buffered(u64),
    /// The model's named state changed to this one, e.g. a circuit breaker's `"OPEN"`.
    State(&'static str),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    pub at: Millis,
    pub kind: EventKind,
}

/// One task's life, derived from the trace: waiting from `queued` to `started`, then working
/// until `finished`, whether its work succeeded ([`EventKind::TaskFinished`]) or failed
/// ([`EventKind::TaskFailed`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TaskSpan {
    pub id: TaskId,
    pub queued: Millis,
    pub started: Option<Millis>,
    pub finished: Option<Millis>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Trace {
    events: Vec<Event>,
}

impl Trace {
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends an event. Time never runs backwards in a trace.
    pub fn push(&mut self, at: Millis, kind: EventKind) {
        debug_assert!(self.events.last().is_none_or(|last| last.at <= at));
        self.events.push(Event { at, kind });
    }

    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// The time of the last event: when the run was over.
    pub fn end(&self) -> Millis {
        self.events.last().map_or(0, |e| e.at)
    }

    pub fn console_lines(&self) -> impl Iterator<Item = (Millis, &str)> {
        self.events.iter().filter_map(|e| match &e.kind {
            EventKind::Console(line) => Some((e.at, line.as_str())),
            _ => None,
        })
    }

    /// Every task's span, ordered by task id.
    pub fn task_spans(&self) -> Vec<TaskSpan> {
        let mut spans: Vec<TaskSpan> = Vec::new();
        for e in &self.events {
            match e.kind {
                EventKind::TaskQueued(id) => spans.push(TaskSpan { id, queued: e.at, started: None, finished: None }),
                EventKind::TaskStarted(id) => {
                    if let Some(s) = spans.iter_mut().find(|s| s.id == id) {
                        s.started = Some(e.at);
                    }
                }
                EventKind::TaskFinished(id) | EventKind::TaskFailed(id) => {
                    if let Some(s) = spans.iter_mut().find(|s| s.id == id) {
                        s.finished = Some(e.at);
                    }
                }
                _ => {}
            }
        }
        spans.sort_by_key(|s| s.id);
        spans
    }

    /// The in-flight count as a step function: `(time, count from then on)`. When the count
    /// changes several times within one millisecond, only the last value is kept, so a slot
    /// handed straight from one task to the next does not draw a dip.
    pub fn in_flight_steps(&self) -> Vec<(Millis, u32)> {
        let mut steps: Vec<(Millis, u32)> = vec![(0, 0)];
        for e in &self.events {
            if let EventKind::InFlight(n) = e.kind {
                match steps.last_mut() {
                    Some(last) if last.0 == e.at => last.1 = n,
                    _ => steps.push((e.at, n)),
                }
            }
        }
        steps.dedup_by(|later, earlier| later.1 == earlier.1);
        steps
    }

    /// The queue depth as a step function, read like [`Trace::in_flight_steps`].
    pub fn waiting_steps(&self) -> Vec<(Millis, u64)> {
        self.steps_of(|kind| match kind {
            EventKind::Waiting(n) => Some(u64::from(*n)),
            _ => None,
        })
    }

    /// The amount buffered as a step function, read like [`Trace::in_flight_steps`].
    pub fn buffered_steps(&self) -> Vec<(Millis, u64)> {
        self.steps_of(|kind| match kind {
            EventKind::Buffered(n) => Some(*n),
            _ => None,
        })
    }

    /// Every change of named state, in order, with its time.
    pub fn states(&self) -> Vec<(Millis, &'static str)> {
        self.events
            .iter()
            .filter_map(|e| match e.kind {
                EventKind::State(name) => Some((e.at, name)),
                _ => None,
            })
            .collect()
    }

    /// A quantity as a step function from 0: the last value of each millisecond, repeats dropped.
    fn steps_of(&self, value: impl Fn(&EventKind) -> Option<u64>) -> Vec<(Millis, u64)> {
        let mut steps: Vec<(Millis, u64)> = vec![(0, 0)];
        for e in &self.events {
            if let Some(n) = value(&e.kind) {
                match steps.last_mut() {
                    Some(last) if last.0 == e.at => last.1 = n,
                    _ => steps.push((e.at, n)),
                }
            }
        }
        steps.dedup_by(|later, earlier| later.1 == earlier.1);
        steps
    }

    /// The highest in-flight count the run reached, counting every change.
    pub fn peak_in_flight(&self) -> u32 {
        self.events
            .iter()
            .filter_map(|e| match e.kind {
                EventKind::InFlight(n) => Some(n),
                _ => None,
            })
            .max()
            .unwrap_or(0)
    }
}
