//! AbortController and AbortSignal, and a multi-step job that stops when its signal aborts.
//!
//! **The rule.** A signal aborts at most once: the first `abort(reason)` sets `reason` (an
//! `AbortError` DOMException, code 20, "This operation was aborted", when none is given) and,
//! synchronously, dispatches one `'abort'` event to the listeners in registration order,
//! removing `once` listeners as they run; a listener that throws does not stop the others. Later
//! calls do nothing. `AbortSignal.abort(reason)` is born aborted and fires nothing.
//! `AbortSignal.timeout(ms)` aborts after `ms` with a `TimeoutError` (code 23).
//! `AbortSignal.any(signals)` follows its sources: born aborted with the first aborted source's
//! reason, or aborted with the reason of the first source to abort, its listeners running after
//! that source's. Node 22 marks such a dependent aborted before any listener runs; Node 20.20
//! marks it only when its own turn comes. `throwIfAborted()` throws `reason` itself.
//!
//! A signal only asks; the work decides. [`run_job`] shows the three ways a job can treat it:
//! ignore it (every step runs, wasted after the abort), check it between steps (the running step
//! finishes, no step starts after the abort), or listen to it inside each step (the running step
//! is cancelled at the abort, as `timers/promises` `setTimeout(ms, v, { signal })` is).

use super::clock::Agenda;
use super::error::check_range;
use super::ModelError;
use crate::rng::SeededRandom;
use crate::trace::{EventKind, Millis, TaskId, Trace};

/// Why a signal aborted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason {
    /// `new DOMException('This operation was aborted', 'AbortError')`, code 20.
    AbortError,
    /// `new DOMException('The operation was aborted due to timeout', 'TimeoutError')`, code 23.
    TimeoutError,
    /// Whatever was passed to `abort(reason)`, stored as is.
    Custom(String),
}

impl Reason {
    /// The DOMException's `name`, if the reason is one.
    pub fn name(&self) -> Option<&'static str> {
        match self {
            Reason::AbortError => Some("AbortError"),
            Reason::TimeoutError => Some("TimeoutError"),
            Reason::Custom(_) => None,
        }
    }

    pub fn message(&self) -> &str {
        match self {
            Reason::AbortError => "This operation was aborted",
            Reason::TimeoutError => "The operation was aborted due to timeout",
            Reason::Custom(text) => text,
        }
    }

    /// The DOMException's legacy `code`.
    pub fn code(&self) -> Option<u16> {
        match self {
            Reason::AbortError => Some(20),
            Reason::TimeoutError => Some(23),
            Reason::Custom(_) => None,
        }
    }
}

/// Which Node's `AbortSignal.any` to follow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeVersion {
    /// 20.20: a dependent reads `aborted === false` inside its source's listeners.
    V20,
    /// 22 and the DOM spec today: dependents are aborted before any listener runs.
    V22,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SignalId(u32);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ListenerId(u32);

/// One listener call made by a dispatch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dispatch {
    pub signal: SignalId,
    pub listener: ListenerId,
    /// The listener threw: the others still ran, and the error surfaces as `uncaughtException`.
    pub threw: bool,
    /// Whether every signal depending on this one (through `any`) read `aborted === true` while
    /// this listener ran.
    pub dependents_aborted: bool,
}

#[derive(Clone, Debug)]
struct Listener {
    id: ListenerId,
    once: bool,
    throws: bool,
}

#[derive(Clone, Debug, Default)]
struct Signal {
    /// Set once and never changed: the first reason wins.
    reason: Option<Reason>,
    /// In registration order; `once` listeners leave after running.
    listeners: Vec<Listener>,
    /// The `onabort` handler's listener, which keeps the place of its first assignment.
    onabort: Option<ListenerId>,
    /// Signals made by `any` over this one.
    dependents: Vec<SignalId>,
    /// For a signal made by `any`: the signals it follows. Invariant: none of them was made by
    /// `any`, so dependents never have dependents.
    sources: Vec<SignalId>,
}

/// Every signal of one program, and the timers of `AbortSignal.timeout`.
#[derive(Clone, Debug)]
pub struct Signals {
    version: NodeVersion,
    signals: Vec<Signal>,
    /// `AbortSignal.timeout` timers, unref'd in Node: they never keep a program alive.
    timeouts: Agenda<SignalId>,
    listeners_added: u32,
}

impl Signals {
    pub fn new(version: NodeVersion) -> Self {
        Self { version, signals: Vec::new(), timeouts: Agenda::new(), listeners_added: 0 }
    }

    /// `new AbortController()`: its signal, which its `abort()` aborts.
    pub fn controller(&mut self) -> SignalId {
        self.make(None)
    }

    /// `AbortSignal.abort(reason)`: born aborted, so no event ever fires on it.
    pub fn aborted_signal(&mut self, reason: Option<Reason>) -> SignalId {
        self.make(Some(reason.unwrap_or(Reason::AbortError)))
    }

    /// `AbortSignal.timeout(ms)`, created at `now`.
    pub fn timeout(&mut self, now: Millis, ms: Millis) -> SignalId {
        let id = self.make(None);
        self.timeouts.schedule_at(now.saturating_add(ms), id);
        id
    }

    /// `AbortSignal.any(signals)`. A signal that was itself made by `any` is followed through
    /// its sources, as the DOM spec does.
    pub fn any(&mut self, signals: &[SignalId]) -> Result<SignalId, ModelError> {
        for &s in signals {
            self.get(s)?;
        }
        let already = signals.iter().find_map(|&s| self.signals[s.0 as usize].reason.clone());
        let id = self.make(already.clone());
        if already.is_none() {
            let mut sources = Vec::new();
            for &s in signals {
                let followed = &self.signals[s.0 as usize].sources;
                for source in if followed.is_empty() { vec![s] } else { followed.clone() } {
                    if !sources.contains(&source) {
                        sources.push(source);
                    }
                }
            }
            for &source in &sources {
                self.signals[source.0 as usize].dependents.push(id);
            }
            self.signals[id.0 as usize].sources = sources;
        }
        Ok(id)
    }

    /// `signal.addEventListener('abort', …, { once })`; `throws` makes the listener throw.
    /// On an aborted signal it is added but never called.
    pub fn add_listener(&mut self, signal: SignalId, once: bool, throws: bool) -> Result<ListenerId, ModelError> {
        self.get(signal)?;
        let id = ListenerId(self.listeners_added);
        self.listeners_added += 1;
        self.signals[signal.0 as usize].listeners.push(Listener { id, once, throws });
        Ok(id)
    }

    /// `signal.onabort = …`: the first assignment takes a place in the listener list; later ones
    /// replace the handler in that same place.
    pub fn set_onabort(&mut self, signal: SignalId) -> Result<ListenerId, ModelError> {
        if let Some(id) = self.get(signal)?.onabort {
            return Ok(id);
        }
        let id = self.add_listener(signal, false, false)?;
        self.signals[signal.0 as usize].onabort = Some(id);
        Ok(id)
    }

    /// `removeEventListener`. Returns whether it was there.
    pub fn remove_listener(&mut self, signal: SignalId, listener: ListenerId) -> Result<bool, ModelError> {
        self.get(signal)?;
        let listeners = &mut self.signals[signal.0 as usize].listeners;
        let before = listeners.len();
        listeners.retain(|l| l.id != listener);
        Ok(listeners.len() != before)
    }

    /// `controller.abort(reason)`: the listener calls it made, in order (none if already aborted).
    pub fn abort(&mut self, signal: SignalId, reason: Option<Reason>) -> Result<Vec<Dispatch>, ModelError> {
        if self.get(signal)?.reason.is_some() {
            return Ok(Vec::new());
        }
        let mut calls = Vec::new();
        self.abort_with(signal, reason.unwrap_or(Reason::AbortError), &mut calls);
        Ok(calls)
    }

    /// Runs the timeouts due by `now`, in due order: the listener calls they made.
    pub fn advance_to(&mut self, now: Millis) -> Vec<Dispatch> {
        let mut calls = Vec::new();
        while self.timeouts.next_due().is_some_and(|at| at <= now) {
            if let Some((_, id)) = self.timeouts.pop() {
                if self.signals[id.0 as usize].reason.is_none() {
                    self.abort_with(id, Reason::TimeoutError, &mut calls);
                }
            }
        }
        calls
    }

    /// When the next `AbortSignal.timeout` fires.
    pub fn next_timeout(&self) -> Option<Millis> {
        self.timeouts.next_due()
    }

    pub fn aborted(&self, signal: SignalId) -> Result<bool, ModelError> {
        Ok(self.get(signal)?.reason.is_some())
    }

    pub fn reason(&self, signal: SignalId) -> Result<Option<&Reason>, ModelError> {
        Ok(self.get(signal)?.reason.as_ref())
    }

    /// `signal.throwIfAborted()`: `Err(reason)`, the very reason, once aborted.
    pub fn throw_if_aborted(&self, signal: SignalId) -> Result<Result<(), Reason>, ModelError> {
        Ok(match &self.get(signal)?.reason {
            Some(reason) => Err(reason.clone()),
            None => Ok(()),
        })
    }

    fn make(&mut self, reason: Option<Reason>) -> SignalId {
        self.signals.push(Signal { reason, ..Signal::default() });
        SignalId(self.signals.len() as u32 - 1)
    }

    fn get(&self, signal: SignalId) -> Result<&Signal, ModelError> {
        self.signals
            .get(signal.0 as usize)
            .ok_or_else(|| ModelError::new("signal", format!("no signal {} in this program.", signal.0)))
    }

    /// Sets the reason, runs the listeners, then aborts the dependents that were not aborted.
    fn abort_with(&mut self, signal: SignalId, reason: Reason, calls: &mut Vec<Dispatch>) {
        self.signals[signal.0 as usize].reason = Some(reason.clone());
        let dependents: Vec<SignalId> = self.signals[signal.0 as usize]
            .dependents
            .iter()
            .copied()
            .filter(|d| self.signals[d.0 as usize].reason.is_none())
            .collect();
        if self.version == NodeVersion::V22 {
            for &d in &dependents {
                self.signals[d.0 as usize].reason = Some(reason.clone());
            }
        }
        let dependents_aborted = dependents.iter().all(|d| self.signals[d.0 as usize].reason.is_some());
        let listeners = std::mem::take(&mut self.signals[signal.0 as usize].listeners);
        for l in &listeners {
            calls.push(Dispatch { signal, listener: l.id, threw: l.throws, dependents_aborted });
        }
        self.signals[signal.0 as usize].listeners = listeners.into_iter().filter(|l| !l.once).collect();
        // Dependents have no dependents of their own (`any` follows sources), so this is one level.
        for d in dependents {
            self.abort_with(d, reason.clone(), calls);
        }
    }
}

/// How a job treats its signal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cooperation {
    /// Never looks at it: every step runs.
    Ignores,
    /// `signal.throwIfAborted()` before each step.
    ChecksBetweenSteps,
    /// Each step is `await setTimeout(ms, undefined, { signal })`: cancelled at the abort.
    ListensInSteps,
}

/// A job of `steps` steps, each `step_min_ms + floor(random() * step_span_ms)` long. Its signal
/// is the caller's (aborted at `abort_at`), its own deadline (`AbortSignal.timeout(timeout_ms)`),
/// or `AbortSignal.any` of both.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JobParams {
    pub steps: u32,
    pub step_min_ms: Millis,
    pub step_span_ms: Millis,
    pub abort_at: Option<Millis>,
    pub timeout_ms: Option<Millis>,
    pub cooperation: Cooperation,
    pub version: NodeVersion,
    pub seed: u32,
}

/// The most steps a job may have.
pub const MAX_STEPS: u32 = 100_000;

impl Default for JobParams {
    fn default() -> Self {
        Self {
            steps: 5,
            step_min_ms: 20,
            step_span_ms: 30,
            abort_at: Some(70),
            timeout_ms: None,
            cooperation: Cooperation::ChecksBetweenSteps,
            version: NodeVersion::V20,
            seed: 42,
        }
    }
}

/// What a cancelled job rejects with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JobError {
    /// `throwIfAborted()` threw the signal's reason itself.
    Reason(Reason),
    /// A Node API rejected with its own `AbortError` (`code: 'ABORT_ERR'`, "The operation was
    /// aborted"), the signal's reason as its `cause`.
    NodeAbortError { cause: Reason },
}

impl JobError {
    /// The `name` a `catch` sees, if the error is an `AbortError`-like one.
    pub fn name(&self) -> Option<&'static str> {
        match self {
            JobError::Reason(reason) => reason.name(),
            JobError::NodeAbortError { .. } => Some("AbortError"),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JobOutcome {
    Completed { at: Millis },
    Failed { at: Millis, error: JobError },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobReport {
    /// Step i is task i: queued at 0, then started and finished, failed (cancelled while
    /// running) or dropped (never run); [`EventKind::State`] `"aborted"` when the signal aborts.
    pub trace: Trace,
    pub outcome: JobOutcome,
    pub aborted_at: Option<Millis>,
    pub steps_finished: u32,
    /// Steps started after the signal had aborted: work nobody wanted any more.
    pub steps_started_after_abort: u32,
}

enum JobDue {
    StepDone(TaskId),
    CallerAborts,
}

pub fn run_job(p: &JobParams) -> Result<JobReport, ModelError> {
    check_range("steps", u64::from(p.steps), 1, u64::from(MAX_STEPS))?;
    check_range("step_min_ms", p.step_min_ms, 0, u64::from(u32::MAX))?;
    check_range("step_span_ms", p.step_span_ms, 0, u64::from(u32::MAX))?;
    let mut signals = Signals::new(p.version);
    let caller = signals.controller();
    let signal = match p.timeout_ms {
        Some(ms) => {
            let deadline = signals.timeout(0, ms);
            if p.abort_at.is_some() {
                signals.any(&[caller, deadline])?
            } else {
                deadline
            }
        }
        None => caller,
    };
    let listener = signals.add_listener(signal, true, false)?;
    let mut random = SeededRandom::new(p.seed);
    let mut agenda = Agenda::new();
    if let Some(at) = p.abort_at {
        agenda.schedule_at(at, JobDue::CallerAborts);
    }
    let mut trace = Trace::new();
    for step in 1..=p.steps {
        trace.push(0, EventKind::TaskQueued(step));
    }
    let mut report = JobReport {
        trace: Trace::new(),
        outcome: JobOutcome::Completed { at: 0 },
        aborted_at: None,
        steps_finished: 0,
        steps_started_after_abort: 0,
    };
    let mut running = Some(1);
    trace.push(0, EventKind::TaskStarted(1));
    agenda.schedule_at(random.next_in(p.step_min_ms, p.step_span_ms), JobDue::StepDone(1));

    let fail = |trace: &mut Trace, at: Millis, from_step: TaskId, error: JobError| {
        for step in from_step..=p.steps {
            trace.push(at, EventKind::TaskDropped(step));
        }
        JobOutcome::Failed { at, error }
    };

    loop {
        // Timeouts were created before any step's timer, so they go first within a millisecond.
        let timeout_first = match (signals.next_timeout(), agenda.next_due()) {
            (Some(t), Some(a)) => t <= a,
            (Some(_), None) => running.is_some(),
            _ => false,
        };
        let (now, calls) = if timeout_first {
            let Some(now) = signals.next_timeout() else { break };
            (now, signals.advance_to(now))
        } else {
            let Some((now, due)) = agenda.pop() else { break };
            match due {
                JobDue::CallerAborts => (now, signals.abort(caller, None)?),
                JobDue::StepDone(step) if running == Some(step) => {
                    trace.push(now, EventKind::TaskFinished(step));
                    report.steps_finished += 1;
                    if step == p.steps {
                        report.outcome = JobOutcome::Completed { at: now };
                        break;
                    }
                    let next = step + 1;
                    if p.cooperation == Cooperation::ChecksBetweenSteps {
                        if let Err(reason) = signals.throw_if_aborted(signal)? {
                            report.outcome = fail(&mut trace, now, next, JobError::Reason(reason));
                            break;
                        }
                    }
                    if report.aborted_at.is_some() {
                        report.steps_started_after_abort += 1;
                    }
                    running = Some(next);
                    trace.push(now, EventKind::TaskStarted(next));
                    agenda.schedule_in(random.next_in(p.step_min_ms, p.step_span_ms), JobDue::StepDone(next));
                    (now, Vec::new())
                }
                JobDue::StepDone(_) => (now, Vec::new()),
            }
        };
        if report.aborted_at.is_none() && signals.aborted(signal)? {
            report.aborted_at = Some(now);
            trace.push(now, EventKind::State("aborted"));
        }
        let heard = calls.iter().any(|c| c.listener == listener);
        if let (true, Cooperation::ListensInSteps, Some(step)) = (heard, p.cooperation, running) {
            let cause = signals.reason(signal)?.cloned().unwrap_or(Reason::AbortError);
            trace.push(now, EventKind::TaskFailed(step));
            report.outcome = fail(&mut trace, now, step + 1, JobError::NodeAbortError { cause });
            break;
        }
    }
    report.trace = trace;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abort_fires_once_in_registration_order_and_once_listeners_leave() {
        let mut s = Signals::new(NodeVersion::V20);
        let c = s.controller();
        assert_eq!((s.aborted(c), s.reason(c).unwrap()), (Ok(false), None));
        let a = s.add_listener(c, false, true).unwrap();
        let b = s.add_listener(c, true, false).unwrap();
        let calls = s.abort(c, None).unwrap();
        assert_eq!(calls.iter().map(|d| d.listener).collect::<Vec<_>>(), [a, b]);
        assert!(calls[0].threw, "a throwing listener does not stop the next one");
        assert_eq!(s.reason(c).unwrap(), Some(&Reason::AbortError));
        assert!(s.abort(c, Some(Reason::Custom("late".into()))).unwrap().is_empty(), "the first reason wins");
        assert_eq!(s.reason(c).unwrap(), Some(&Reason::AbortError));
        assert_eq!(s.signals[0].listeners.len(), 1, "the once listener left after running");
    }

    #[test]
    fn default_reasons_are_the_dom_exceptions_node_makes() {
        assert_eq!(Reason::AbortError.message(), "This operation was aborted");
        assert_eq!((Reason::AbortError.name(), Reason::AbortError.code()), (Some("AbortError"), Some(20)));
        assert_eq!((Reason::TimeoutError.name(), Reason::TimeoutError.code()), (Some("TimeoutError"), Some(23)));
        assert_eq!(Reason::Custom("stop".into()).message(), "stop");
        let mut s = Signals::new(NodeVersion::V22);
        let born = s.aborted_signal(Some(Reason::Custom("no".into())));
        s.add_listener(born, false, false).unwrap();
        assert!(s.abort(born, None).unwrap().is_empty(), "AbortSignal.abort() fires nothing, ever");
        assert_eq!(s.throw_if_aborted(born).unwrap(), Err(Reason::Custom("no".into())));
    }

    #[test]
    fn onabort_keeps_the_place_of_its_first_assignment() {
        let mut s = Signals::new(NodeVersion::V20);
        let c = s.controller();
        let first = s.add_listener(c, false, false).unwrap();
        let handler = s.set_onabort(c).unwrap();
        let last = s.add_listener(c, false, false).unwrap();
        assert_eq!(s.set_onabort(c).unwrap(), handler);
        let order: Vec<_> = s.abort(c, None).unwrap().iter().map(|d| d.listener).collect();
        assert_eq!(order, [first, handler, last]);
    }

    #[test]
    fn timeout_aborts_with_timeout_error_when_its_time_comes() {
        let mut s = Signals::new(NodeVersion::V20);
        let t = s.timeout(0, 20);
        let l = s.add_listener(t, false, false).unwrap();
        assert!(s.advance_to(19).is_empty());
        assert_eq!(s.throw_if_aborted(t).unwrap(), Ok(()));
        assert_eq!(s.advance_to(20).iter().map(|d| d.listener).collect::<Vec<_>>(), [l]);
        assert_eq!(s.reason(t).unwrap(), Some(&Reason::TimeoutError));
    }

    #[test]
    fn any_follows_the_first_source_and_node_versions_differ_inside_listeners() {
        for (version, seen) in [(NodeVersion::V20, false), (NodeVersion::V22, true)] {
            let mut s = Signals::new(version);
            let (a, b) = (s.controller(), s.controller());
            let both = s.any(&[a, b]).unwrap();
            let on_source = s.add_listener(b, false, false).unwrap();
            let on_any = s.add_listener(both, false, false).unwrap();
            let calls = s.abort(b, Some(Reason::Custom("b".into()))).unwrap();
            assert_eq!(calls.iter().map(|d| d.listener).collect::<Vec<_>>(), [on_source, on_any], "source first");
            assert_eq!(calls[0].dependents_aborted, seen, "{version:?}");
            assert_eq!(s.reason(both).unwrap(), Some(&Reason::Custom("b".into())));
            assert!(s.abort(a, None).unwrap().is_empty(), "a has no listeners and `both` is aborted already");
            assert_eq!(s.reason(both).unwrap(), Some(&Reason::Custom("b".into())));
        }
        let mut s = Signals::new(NodeVersion::V20);
        let done = s.aborted_signal(None);
        let open = s.controller();
        let any = s.any(&[open, done]).unwrap();
        assert_eq!(s.reason(any).unwrap(), Some(&Reason::AbortError), "born aborted");
        let inner = s.any(&[open]).unwrap();
        let nested = s.any(&[inner]).unwrap();
        s.abort(open, None).unwrap();
        assert!(s.aborted(nested).unwrap(), "any of any follows the source");
    }

    #[test]
    fn unknown_signals_are_errors_not_panics() {
        let mut other = Signals::new(NodeVersion::V20);
        other.controller();
        let stranger = other.controller();
        let mut s = Signals::new(NodeVersion::V20);
        assert_eq!(s.abort(stranger, None).unwrap_err().field, "signal");
        assert!(s.any(&[stranger]).is_err());
        assert!(s.add_listener(stranger, false, false).is_err());
    }

    #[test]
    fn a_job_that_checks_between_steps_never_starts_work_after_the_abort() {
        let ignores = run_job(&JobParams { cooperation: Cooperation::Ignores, ..JobParams::default() }).unwrap();
        let checks = run_job(&JobParams::default()).unwrap();
        let listens = run_job(&JobParams { cooperation: Cooperation::ListensInSteps, ..JobParams::default() }).unwrap();
        assert_eq!(ignores.aborted_at, Some(70));
        assert!(matches!(ignores.outcome, JobOutcome::Completed { .. }));
        assert!(ignores.steps_started_after_abort > 0);
        assert_eq!(ignores.steps_finished, 5);

        assert_eq!(checks.steps_started_after_abort, 0);
        let JobOutcome::Failed { at, error } = &checks.outcome else { panic!("{:?}", checks.outcome) };
        assert!(*at >= 70, "the running step finishes first");
        assert_eq!(error, &JobError::Reason(Reason::AbortError));

        let JobOutcome::Failed { at, error } = &listens.outcome else { panic!("{:?}", listens.outcome) };
        assert_eq!(*at, 70, "the running step is cancelled at the abort");
        assert_eq!(error, &JobError::NodeAbortError { cause: Reason::AbortError });
        assert_eq!(error.name(), Some("AbortError"));
        assert_eq!(listens.steps_started_after_abort, 0);
        assert!(listens.steps_finished <= checks.steps_finished);
    }

    #[test]
    fn a_deadline_through_any_cancels_with_timeout_error() {
        let p = JobParams {
            abort_at: Some(10_000),
            timeout_ms: Some(45),
            cooperation: Cooperation::ListensInSteps,
            ..JobParams::default()
        };
        let r = run_job(&p).unwrap();
        assert_eq!(r.aborted_at, Some(45));
        assert_eq!(
            r.outcome,
            JobOutcome::Failed { at: 45, error: JobError::NodeAbortError { cause: Reason::TimeoutError } }
        );
        assert_eq!(r.trace.states(), [(45, "aborted")]);
        let alone = run_job(&JobParams { abort_at: None, ..p }).unwrap();
        assert_eq!(alone.outcome, r.outcome);
        let never = run_job(&JobParams { abort_at: None, timeout_ms: None, ..p }).unwrap();
        assert!(matches!(never.outcome, JobOutcome::Completed { .. }));
        assert_eq!(run_job(&JobParams { steps: 0, ..p }).unwrap_err().field, "steps");
    }
}
