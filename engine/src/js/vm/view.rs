//! Recording a run for a runner's views (`super::super::view`): when the machine has a
//! [`Recorder`], each event below adds a step with a snapshot of the queues and the call stack.
//! Without one every hook returns at its first line, so plain runs pay one branch per event.

use std::collections::HashMap;

use super::super::format::{format_log_line, function_name, lookup, quote};
pub(super) use super::super::view::Queue;
use super::super::view::{ConsoleLine, Lane, Outcome, Phase, Step, TimerEntry, View, ViewOptions, What, MAX_CONSOLE_LINES};
use super::stack_trace::Activation;
use super::*;

/// The longest label a lane gets from its call's arguments.
const MAX_LANE_LABEL: usize = 60;
/// Entries of each queue a step shows (its size says how many there are), and frames of the
/// stack (the innermost).
const MAX_SHOWN: usize = 40;

pub(super) struct Recorder {
    pub view: View,
    lanes: Vec<String>,
    max_steps: usize,
    interned: HashMap<String, u32>,
    /// Lanes by the promise that ends them: an async call's, or the one a plain call returned.
    /// These promises are roots for the collector, so an id is never reused while it is here.
    pub lane_promises: HashMap<ObjId, u32>,
    /// Lanes of plain (not async) calls while their frame runs, by the frame's first scope.
    lane_scopes: HashMap<ScopeId, u32>,
    /// The lane that started each timer still pending.
    timer_lanes: HashMap<u64, u32>,
    phase: Option<&'static str>,
}

impl Recorder {
    pub fn new(options: &ViewOptions) -> Recorder {
        Recorder {
            view: View::default(),
            lanes: options.lanes.clone(),
            max_steps: options.max_steps,
            interned: HashMap::new(),
            lane_promises: HashMap::new(),
            lane_scopes: HashMap::new(),
            timer_lanes: HashMap::new(),
            phase: None,
        }
    }

    fn intern(&mut self, label: String) -> u32 {
        if let Some(&i) = self.interned.get(&label) {
            return i;
        }
        let i = self.view.labels.len() as u32;
        self.view.labels.push(label.clone());
        self.interned.insert(label, i);
        i
    }
}

/// What a snapshot holds before its labels are interned.
struct Snapshot {
    sizes: [u32; 4],
    stack: Vec<String>,
    ticks: Vec<String>,
    jobs: Vec<String>,
    timers: Vec<(String, u64, bool)>,
    immediates: Vec<String>,
}

impl Vm {
    /// Starts recording a run for the views.
    pub fn record_view(&mut self, options: &ViewOptions) {
        self.recorder = Some(Box::new(Recorder::new(options)));
    }

    /// The recording so far, taken out of the machine.
    pub fn take_view(&mut self) -> Option<View> {
        self.recorder.take().map(|r| r.view)
    }

    #[inline]
    pub(super) fn recording(&self) -> bool {
        self.recorder.is_some()
    }

    /// Adds a step for `what`, preceded by a phase step when the loop has moved on since the
    /// last one. (`labels` interns what `what` needs before the snapshot is taken.)
    pub(super) fn view_step(&mut self, what: impl FnOnce(&mut Recorder) -> What) {
        let Some(rec) = self.recorder.as_ref() else { return };
        if rec.view.steps.len() >= rec.max_steps {
            self.recorder.as_mut().unwrap().view.truncated = true;
            return;
        }
        let phase_moved = rec.phase.is_some_and(|p| p != self.phase);
        let snapshot = self.snapshot();
        let at = self.now;
        let phase = Phase::from_name(self.phase);
        let rec = self.recorder.as_mut().unwrap();
        let stack: Vec<u32> = snapshot.stack.into_iter().map(|l| rec.intern(l)).collect();
        let ticks: Vec<u32> = snapshot.ticks.into_iter().map(|l| rec.intern(l)).collect();
        let jobs: Vec<u32> = snapshot.jobs.into_iter().map(|l| rec.intern(l)).collect();
        let timers: Vec<TimerEntry> = snapshot.timers.into_iter().map(|(l, due, repeat)| TimerEntry { label: rec.intern(l), due, repeat }).collect();
        let immediates: Vec<u32> = snapshot.immediates.into_iter().map(|l| rec.intern(l)).collect();
        let sizes = snapshot.sizes;
        rec.phase = Some(self.phase);
        let what = what(rec);
        if phase_moved && what != What::Phase {
            let (ticks, jobs, timers, immediates) = (ticks.clone(), jobs.clone(), timers.clone(), immediates.clone());
            rec.view.steps.push(Step { at, phase, what: What::Phase, stack: vec![], ticks, jobs, timers, immediates, sizes });
        }
        rec.view.steps.push(Step { at, phase, what, stack, ticks, jobs, timers, immediates, sizes });
    }

    fn snapshot(&self) -> Snapshot {
        let skip = self.activations.len().saturating_sub(MAX_SHOWN);
        let stack = self
            .activations
            .iter()
            .skip(skip)
            .filter_map(|a| match a {
                Activation::Builtin(label) => Some(label.to_string()),
                Activation::Code(c) if c.proto.internal => None,
                Activation::Code(c) => {
                    let label = if c.func.is_none() { "top level".to_string() } else { self.frame_label(c) };
                    let line = c.pc.checked_sub(1).and_then(|at| c.proto.position(at)).map(|p| p.line);
                    Some(match line {
                        Some(line) => format!("{label} · line {line}"),
                        None => label,
                    })
                }
            })
            .collect();
        let ticks = self.ticks.iter().take(MAX_SHOWN).map(|(f, _, _)| self.callback_label(f)).collect();
        let jobs = self.microtasks.iter().take(MAX_SHOWN).map(|j| self.job_label(j)).collect();
        let mut timers: Vec<(u64, u64, &Timer)> = self.timers.iter().filter(|(_, t)| t.active).map(|(id, t)| (t.start + t.duration, *id, t)).collect();
        let timer_count = timers.len();
        timers.sort_by_key(|(due, id, _)| (*due, *id));
        let timers = timers.into_iter().take(MAX_SHOWN).map(|(due, _, t)| (self.callback_label(&t.callback), due, t.repeat)).collect();
        let live_immediates = || self.immediates.iter().filter(|(id, ..)| !self.cleared_immediates.contains(id));
        let immediates = live_immediates().take(MAX_SHOWN).map(|(_, f, _, _)| self.callback_label(f)).collect();
        let sizes = [self.ticks.len(), self.microtasks.len(), timer_count, live_immediates().count()].map(|n| n as u32);
        Snapshot { sizes, stack, ticks, jobs, timers, immediates }
    }

    /// A callback as a queue shows it: its name, or where an anonymous function was written.
    pub(super) fn callback_label(&self, f: &Value) -> String {
        let Value::Obj(id) = f else { return self.to_display(f) };
        match &self.heap[*id].kind {
            ObjKind::Function(Callable::Closure { proto, .. }) => {
                if proto.internal {
                    return "(Node internals)".to_string();
                }
                let mut name = function_name(&self.heap, *id);
                if name.is_empty() {
                    name = proto.debug_name.to_string();
                }
                let line = proto.positions.first().map(|(_, p)| p.line);
                match (name.is_empty(), line) {
                    (true, Some(line)) => format!("anonymous · line {line}"),
                    (true, None) => "anonymous".to_string(),
                    (false, _) => name,
                }
            }
            ObjKind::Function(Callable::Native(Native::Resolving { reject: false, .. })) => "resolve".to_string(),
            ObjKind::Function(Callable::Native(Native::Resolving { reject: true, .. })) => "reject".to_string(),
            ObjKind::Function(Callable::Native(Native::CombinatorElement { record, index, .. })) => {
                let kind = match self.combinators.get(*record).map(|c| c.kind) {
                    Some(Combinator::All) => "all",
                    Some(Combinator::AllSettled) => "allSettled",
                    Some(Combinator::Race) => "race",
                    Some(Combinator::Any) => "any",
                    None => "all",
                };
                format!("Promise.{kind} element {index}")
            }
            ObjKind::Function(Callable::Native(Native::ThenFinally { .. } | Native::CatchFinally { .. })) => "finally handler".to_string(),
            ObjKind::Function(_) => {
                let name = function_name(&self.heap, *id);
                if name.is_empty() { "(built-in)".to_string() } else { name }
            }
            _ => self.to_display(f),
        }
    }

    fn job_label(&self, job: &Job) -> String {
        match job {
            Job::Reaction { reaction, .. } => match &reaction.handler {
                Handler::Await { cont, .. } => match self.suspended.get(*cont).and_then(Option::as_ref) {
                    Some(frame) if frame.proto.internal => "(Node internals)".to_string(),
                    Some(frame) => match (frame.func, self.lane_of(frame.promise)) {
                        (_, Some(lane)) => format!("resume {}", self.recorder.as_ref().map_or("?", |r| r.view.lane_label(lane))),
                        (Some(func), None) => format!("resume {}", self.callback_label(&Value::Obj(func))),
                        (None, None) => "resume top level".to_string(),
                    },
                    None => "resume".to_string(),
                },
                Handler::Callable(Value::Undefined) => "pass a result on".to_string(),
                Handler::Callable(f) => format!("then → {}", self.callback_label(f)),
            },
            Job::ResolveThenable { .. } => "adopt a thenable".to_string(),
            Job::Callback { f, .. } => self.callback_label(f),
        }
    }

    /// The lane of the innermost followed call on the stack.
    fn current_lane(&self) -> Option<u32> {
        let rec = self.recorder.as_ref()?;
        self.activations.iter().rev().find_map(|a| match a {
            Activation::Code(c) => c.promise.and_then(|p| rec.lane_promises.get(&p)).or_else(|| rec.lane_scopes.get(&c.scope)).copied(),
            Activation::Builtin(_) => None,
        })
    }

    pub(super) fn view_log(&mut self, stderr: bool, text: &str) {
        let Some(rec) = self.recorder.as_mut() else { return };
        if rec.view.console.len() >= MAX_CONSOLE_LINES {
            rec.view.truncated = true;
            return;
        }
        let line = rec.view.console.len() as u32;
        let step = rec.view.steps.len() as u32;
        rec.view.console.push(ConsoleLine { step, at: self.now, stderr, text: text.to_string() });
        self.view_step(|_| What::Log { line });
    }

    pub(super) fn view_schedule(&mut self, queue: Queue, callback: &Value) {
        if !self.recording() {
            return;
        }
        let label = self.callback_label(callback);
        self.view_step(|r| What::Schedule { queue, label: r.intern(label) });
    }

    pub(super) fn view_timer_created(&mut self, id: u64) {
        if !self.recording() {
            return;
        }
        if let Some(lane) = self.current_lane() {
            self.recorder.as_mut().unwrap().timer_lanes.insert(id, lane);
        }
    }

    /// The loop takes `callback` from `queue` (`timer`: the timer's id, for the lane that set it).
    pub(super) fn view_run(&mut self, queue: Queue, callback: &Value, timer: Option<u64>) {
        if !self.recording() {
            return;
        }
        let label = self.callback_label(callback);
        let lane = timer.and_then(|id| self.recorder.as_mut().unwrap().timer_lanes.remove(&id));
        self.view_step(|r| What::Run { queue, label: r.intern(label), lane });
    }

    pub(super) fn view_run_job(&mut self, job: &Job) {
        if !self.recording() {
            return;
        }
        let label = self.job_label(job);
        self.view_step(|r| What::Run { queue: Queue::Job, label: r.intern(label), lane: None });
    }

    /// A closure is entered: a call of a followed function starts a lane.
    pub(super) fn view_call(&mut self, func: ObjId, proto: &Proto, args: &[Value], promise: Option<ObjId>, scope: ScopeId) {
        let Some(rec) = self.recorder.as_ref() else { return };
        if proto.internal || rec.lanes.is_empty() {
            return;
        }
        let name = function_name(&self.heap, func);
        let name = if name.is_empty() { proto.name.to_string() } else { name };
        if !rec.lanes.contains(&name) {
            return;
        }
        let shown: Vec<String> = args.iter().map(|a| if let Value::Str(s) = a { quote(s) } else { format_log_line(&self.heap, std::slice::from_ref(a)) }).collect();
        let mut label = format!("{name}({})", shown.join(", "));
        if label.chars().count() > MAX_LANE_LABEL {
            label = label.chars().take(MAX_LANE_LABEL - 2).collect::<String>() + "…)";
        }
        let rec = self.recorder.as_mut().unwrap();
        let lane = rec.view.lanes.len() as u32;
        rec.view.lanes.push(Lane { label, function: name });
        match promise {
            Some(p) => rec.lane_promises.insert(p, lane),
            None => rec.lane_scopes.insert(scope, lane),
        };
        self.view_step(|_| What::Call { lane });
    }

    /// An async frame whose promise is `promise` stops at an `await`.
    pub(super) fn view_await(&mut self, promise: Option<ObjId>) {
        let Some(lane) = self.lane_of(promise) else { return };
        self.view_step(|_| What::Await { lane });
    }

    pub(super) fn view_resume(&mut self, promise: Option<ObjId>) {
        let Some(lane) = self.lane_of(promise) else { return };
        self.view_step(|_| What::Resume { lane });
    }

    fn lane_of(&self, promise: Option<ObjId>) -> Option<u32> {
        self.recorder.as_ref()?.lane_promises.get(&promise?).copied()
    }

    /// A plain frame that started in `scope` ends with `result` (`None`: it threw). A followed
    /// call that returned a promise goes on until that settles; anything else ends its lane.
    pub(super) fn view_return(&mut self, scope: ScopeId, result: Option<&Value>) {
        let Some(rec) = self.recorder.as_mut() else { return };
        let Some(lane) = rec.lane_scopes.remove(&scope) else { return };
        match result {
            Some(v @ Value::Obj(p)) if self.is_promise(v) => {
                let p = *p;
                self.recorder.as_mut().unwrap().lane_promises.insert(p, lane);
                // Settling it is the wait's end (a plain function never resumes).
                self.view_step(|_| What::Await { lane });
            }
            Some(_) => self.view_step(|_| What::Settle { lane, outcome: Outcome::Fulfilled }),
            None => self.view_step(|_| What::Settle { lane, outcome: Outcome::Rejected }),
        }
    }

    /// A promise settles: a lane's ends the lane.
    pub(super) fn view_settle(&mut self, p: ObjId, rejected: Option<&Value>) {
        let Some(rec) = self.recorder.as_mut() else { return };
        let Some(lane) = rec.lane_promises.remove(&p) else { return };
        let outcome = match rejected {
            None => Outcome::Fulfilled,
            Some(reason) if self.is_abort_reason(reason) => Outcome::Aborted,
            Some(_) => Outcome::Rejected,
        };
        self.view_step(|_| What::Settle { lane, outcome });
    }

    /// An aborted signal's reason: a DOMException named AbortError or TimeoutError (or an
    /// AbortError of timers/promises), read without running any getter.
    fn is_abort_reason(&self, v: &Value) -> bool {
        let Value::Obj(id) = v else { return false };
        matches!(lookup(&self.heap, *id, "name"), Some(Value::Str(s)) if &*s == "AbortError" || &*s == "TimeoutError")
    }

    /// The loop has moved to another phase (the poll phase after it waited for the next timer).
    pub(super) fn view_phase(&mut self) {
        if self.recorder.as_ref().is_some_and(|r| r.phase != Some(self.phase)) {
            self.view_step(|_| What::Phase);
        }
    }

    pub(super) fn view_start(&mut self) {
        self.view_step(|_| What::Start);
    }

    /// The run is over: the last step, and an uncaught error's text as a console line.
    pub fn view_end(&mut self, uncaught: Option<&str>) {
        if let Some(text) = uncaught {
            let Some(rec) = self.recorder.as_mut() else { return };
            let line = rec.view.console.len() as u32;
            let step = rec.view.steps.len() as u32;
            rec.view.console.push(ConsoleLine { step, at: self.now, stderr: true, text: text.to_string() });
            self.view_step(|_| What::Log { line });
        }
        let Some(rec) = self.recorder.as_mut() else { return };
        // The end is recorded even past the limit, so a player always has it.
        rec.max_steps = rec.max_steps.max(rec.view.steps.len() + 1);
        rec.phase = Some(self.phase);
        self.view_step(|_| What::End);
    }
}
