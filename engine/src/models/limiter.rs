//! A p-limit-style limiter (p-limit 7): at most `concurrency` functions running, the rest waiting.
//!
//! **The rule.** A call is enqueued, and if fewer than `concurrency` slots are active one slot is
//! taken at once and given to the *oldest* waiting call, so start order is strictly call order. A
//! slot is released when its function settles, fulfilled or rejected, and passes straight to the
//! oldest waiter. Lowering `concurrency` never interrupts a running function: new starts wait until
//! `active < concurrency`; raising it fills the new slots from the queue. `clear_queue` drops every
//! waiting call (they never run; their promises never settle, or reject with an `AbortError` when
//! `reject_on_clear` is set) and leaves running ones alone. p-limit hands a slot over a few
//! microtasks after the previous function settles, and calls the first functions only after the
//! synchronous code that called `limit` has run; on a millisecond clock both are "at once".
//!
//! `engine/tests/models_packages_oracle.rs` runs the same tasks and actions through the real
//! p-limit (the version pinned in `tests/package.json`) on a fake clock and requires the same
//! starts, ends, counts and outcomes.

use std::collections::VecDeque;

use super::clock::Agenda;
use super::error::{check_fraction, check_range};
use super::ModelError;
use crate::rng::SeededRandom;
use crate::trace::{EventKind, Millis, TaskId, Trace};

/// How many functions may run at once: a whole number ≥ 1, or `Infinity`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Concurrency {
    AtMost(u32),
    Unlimited,
}

impl Concurrency {
    fn admits(self, active: u32) -> bool {
        match self {
            Concurrency::AtMost(k) => active < k,
            Concurrency::Unlimited => true,
        }
    }

    /// p-limit throws a `TypeError` for anything but an integer ≥ 1 or `Infinity`.
    fn check(self) -> Result<Self, ModelError> {
        if let Concurrency::AtMost(k) = self {
            check_range("concurrency", u64::from(k), 1, u64::from(u32::MAX))?;
        }
        Ok(self)
    }
}

/// The limiter's state, without time: told about calls and settlements, it says who starts.
#[derive(Clone, Debug)]
pub struct Limiter {
    concurrency: Concurrency,
    /// p-limit's `activeCount`: slots in use. Invariant: once a method returns, `queue` is empty
    /// or `active >= concurrency`; `active` exceeds `concurrency` only after it was lowered.
    active: u32,
    /// Calls waiting for a slot, oldest first (p-limit's `pendingCount` is its length).
    queue: VecDeque<TaskId>,
}

impl Limiter {
    pub fn new(concurrency: Concurrency) -> Result<Self, ModelError> {
        Ok(Self { concurrency: concurrency.check()?, active: 0, queue: VecDeque::new() })
    }

    /// `limit(fn)`: enqueues the call. Returns the call that takes a slot now, if any: the oldest
    /// waiter, which with the invariant above is this very call.
    pub fn call(&mut self, task: TaskId) -> Option<TaskId> {
        self.queue.push_back(task);
        self.start_next()
    }

    /// A running function settled (either way). Returns the waiter that takes its slot, if any.
    /// Settling when nothing is active is a caller's mistake and an error.
    pub fn settle(&mut self) -> Result<Option<TaskId>, ModelError> {
        if self.active == 0 {
            return Err(ModelError::new("settle", "a function settled while no slot was active."));
        }
        self.active -= 1;
        Ok(self.start_next())
    }

    /// `limit.concurrency = n`: refills at once from the queue; returns the calls that start.
    pub fn set_concurrency(&mut self, concurrency: Concurrency) -> Result<Vec<TaskId>, ModelError> {
        self.concurrency = concurrency.check()?;
        Ok(std::iter::from_fn(|| self.start_next()).collect())
    }

    /// `limit.clearQueue()`: drops every waiting call, oldest first, and returns them.
    pub fn clear_queue(&mut self) -> Vec<TaskId> {
        self.queue.drain(..).collect()
    }

    pub fn active_count(&self) -> u32 {
        self.active
    }

    pub fn pending_count(&self) -> usize {
        self.queue.len()
    }

    pub fn concurrency(&self) -> Concurrency {
        self.concurrency
    }

    fn start_next(&mut self) -> Option<TaskId> {
        if !self.concurrency.admits(self.active) {
            return None;
        }
        let next = self.queue.pop_front()?;
        self.active += 1;
        Some(next)
    }
}

/// Something done to the limiter while tasks run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    SetConcurrency(Concurrency),
    ClearQueue,
}

/// A run: `tasks` calls made in one synchronous loop at time 0, each working for
/// `min_work_ms + floor(random() * work_span_ms)` ms and rejecting with probability
/// `failure_rate`; `actions` happen at their times, before any task settling at the same ms.
#[derive(Clone, Debug, PartialEq)]
pub struct LimiterParams {
    pub tasks: u32,
    pub concurrency: Concurrency,
    pub min_work_ms: Millis,
    pub work_span_ms: Millis,
    pub failure_rate: f64,
    pub reject_on_clear: bool,
    pub actions: Vec<(Millis, Action)>,
    pub seed: u32,
}

/// The most tasks a limiter run accepts: it keeps one outcome per task.
pub const MAX_TASKS: u32 = 1_000_000;

impl Default for LimiterParams {
    fn default() -> Self {
        Self {
            tasks: 8,
            concurrency: Concurrency::AtMost(3),
            min_work_ms: 50,
            work_span_ms: 150,
            failure_rate: 0.0,
            reject_on_clear: false,
            actions: Vec::new(),
            seed: 42,
        }
    }
}

/// How each call's promise ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Fulfilled,
    Rejected,
    /// Cleared from the queue with `reject_on_clear`: rejected with an `AbortError`.
    ClearedWithAbortError,
    /// Cleared from the queue without `reject_on_clear`: the promise never settles.
    NeverSettles,
}

#[derive(Clone, Debug, PartialEq)]
pub struct LimiterReport {
    /// Queued, started, finished / failed / dropped, in flight and waiting counts.
    pub trace: Trace,
    /// Indexed by task id - 1.
    pub outcomes: Vec<Outcome>,
    pub peak_active: u32,
    /// When the last function settled.
    pub makespan: Millis,
}

enum Due {
    Settle { task: TaskId, fulfilled: bool },
    Act(Action),
}

pub fn run(p: &LimiterParams) -> Result<LimiterReport, ModelError> {
    check_range("tasks", u64::from(p.tasks), 1, u64::from(MAX_TASKS))?;
    check_range("min_work_ms", p.min_work_ms, 0, u64::from(u32::MAX))?;
    check_range("work_span_ms", p.work_span_ms, 0, u64::from(u32::MAX))?;
    check_fraction("failure_rate", p.failure_rate)?;
    let mut random = SeededRandom::new(p.seed);
    // Drawn in call order, so a task's work and fate do not depend on when it starts.
    let work: Vec<TaskWork> = (0..p.tasks)
        .map(|_| TaskWork {
            ms: random.next_in(p.min_work_ms, p.work_span_ms),
            fulfils: random.next_f64() >= p.failure_rate,
        })
        .collect();
    run_tasks(&work, p.concurrency, p.reject_on_clear, &p.actions)
}

/// One function's work: how long it runs and whether it fulfils or rejects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TaskWork {
    pub ms: Millis,
    pub fulfils: bool,
}

/// Runs the given functions (task ids 1, 2, ... in this order) through one limiter.
pub fn run_tasks(
    work: &[TaskWork],
    concurrency: Concurrency,
    reject_on_clear: bool,
    actions: &[(Millis, Action)],
) -> Result<LimiterReport, ModelError> {
    check_range("tasks", work.len() as u64, 1, u64::from(MAX_TASKS))?;
    if let Some(w) = work.iter().find(|w| w.ms > u64::from(u32::MAX)) {
        check_range("work", w.ms, 0, u64::from(u32::MAX))?;
    }
    let mut limiter = Limiter::new(concurrency)?;
    for &(_, action) in actions {
        if let Action::SetConcurrency(c) = action {
            c.check()?;
        }
    }

    let mut outcomes = vec![Outcome::NeverSettles; work.len()];
    let mut trace = Trace::new();
    let mut agenda = Agenda::new();
    let mut actions = actions.to_vec();
    actions.sort_by_key(|&(at, _)| at);
    for (at, action) in actions {
        agenda.schedule_at(at, Due::Act(action));
    }

    let mut peak_active = 0;
    let mut makespan = 0;
    for task in 1..=work.len() as TaskId {
        trace.push(0, EventKind::TaskQueued(task));
        if let Some(started) = limiter.call(task) {
            begin(started, 0, limiter.active_count(), work, &mut agenda, &mut trace);
        }
        trace.push(0, EventKind::Waiting(limiter.pending_count() as u32));
        peak_active = peak_active.max(limiter.active_count());
    }

    while let Some((now, due)) = agenda.pop() {
        let started = match due {
            Due::Settle { task, fulfilled } => {
                makespan = now;
                outcomes[task as usize - 1] = if fulfilled { Outcome::Fulfilled } else { Outcome::Rejected };
                trace.push(now, if fulfilled { EventKind::TaskFinished(task) } else { EventKind::TaskFailed(task) });
                let next = limiter.settle()?;
                trace.push(now, EventKind::InFlight(limiter.active_count() - u32::from(next.is_some())));
                next.into_iter().collect()
            }
            Due::Act(Action::SetConcurrency(c)) => limiter.set_concurrency(c)?,
            Due::Act(Action::ClearQueue) => {
                for task in limiter.clear_queue() {
                    trace.push(now, EventKind::TaskDropped(task));
                    if reject_on_clear {
                        outcomes[task as usize - 1] = Outcome::ClearedWithAbortError;
                    }
                }
                Vec::new()
            }
        };
        // Report the count as each start happens, so every value the trace shows was real.
        let mut active = limiter.active_count() - started.len() as u32;
        for task in started {
            active += 1;
            begin(task, now, active, work, &mut agenda, &mut trace);
        }
        trace.push(now, EventKind::Waiting(limiter.pending_count() as u32));
        peak_active = peak_active.max(limiter.active_count());
    }
    Ok(LimiterReport { trace, outcomes, peak_active, makespan })
}

/// A call got its slot: its function starts now, `active` slots being in use with it.
fn begin(task: TaskId, now: Millis, active: u32, work: &[TaskWork], agenda: &mut Agenda<Due>, trace: &mut Trace) {
    let w = work[task as usize - 1];
    trace.push(now, EventKind::TaskStarted(task));
    trace.push(now, EventKind::InFlight(active));
    agenda.schedule_at(now + w.ms, Due::Settle { task, fulfilled: w.fulfils });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn starts(trace: &Trace) -> Vec<(Millis, TaskId)> {
        trace
            .events()
            .iter()
            .filter_map(|e| match e.kind {
                EventKind::TaskStarted(id) => Some((e.at, id)),
                _ => None,
            })
            .collect()
    }

    fn ok(ms: Millis) -> TaskWork {
        TaskWork { ms, fulfils: true }
    }

    #[test]
    fn counters_update_synchronously_as_in_version_seven() {
        let mut limit = Limiter::new(Concurrency::AtMost(3)).unwrap();
        let started: Vec<_> = (1..=10).filter_map(|t| limit.call(t)).collect();
        assert_eq!(started, [1, 2, 3]);
        assert_eq!((limit.active_count(), limit.pending_count()), (3, 7));
        assert_eq!(limit.settle(), Ok(Some(4)), "a freed slot goes to the oldest waiter");
        assert_eq!((limit.active_count(), limit.pending_count()), (3, 6));
    }

    #[test]
    fn bounded_at_three_ten_tasks_never_more_than_three_in_flight_and_fifo() {
        let r = run(&LimiterParams { tasks: 10, seed: 1, ..LimiterParams::default() }).unwrap();
        assert_eq!(r.peak_active, 3);
        assert_eq!(r.trace.peak_in_flight(), 3);
        let order: Vec<TaskId> = starts(&r.trace).into_iter().map(|(_, id)| id).collect();
        assert_eq!(order, (1..=10).collect::<Vec<_>>());
        assert!(r.outcomes.iter().all(|o| *o == Outcome::Fulfilled));
    }

    #[test]
    fn clear_queue_drops_waiters_and_leaves_running_tasks_alone() {
        let work = [ok(100); 6];
        let actions = [(10, Action::ClearQueue)];
        let silent = run_tasks(&work, Concurrency::AtMost(2), false, &actions).unwrap();
        use Outcome::*;
        assert_eq!(silent.outcomes, [Fulfilled, Fulfilled, NeverSettles, NeverSettles, NeverSettles, NeverSettles]);
        assert_eq!(silent.makespan, 100);
        let rejecting = run_tasks(&work, Concurrency::AtMost(2), true, &actions).unwrap();
        assert_eq!(rejecting.outcomes[2..], [ClearedWithAbortError; 4]);
        let dropped = rejecting.trace.events().iter().filter(|e| matches!(e.kind, EventKind::TaskDropped(_))).count();
        assert_eq!(dropped, 4);
        assert_eq!(rejecting.trace.waiting_steps().last(), Some(&(10, 0)));
    }

    #[test]
    fn raising_concurrency_fills_at_once_and_lowering_interrupts_nobody() {
        let work = [ok(100); 8];
        let actions = [
            (10, Action::SetConcurrency(Concurrency::AtMost(3))),
            (20, Action::SetConcurrency(Concurrency::AtMost(1))),
        ];
        let r = run_tasks(&work, Concurrency::AtMost(1), false, &actions).unwrap();
        let s = starts(&r.trace);
        assert_eq!(s[..3], [(0, 1), (10, 2), (10, 3)]);
        // Lowered to 1 at 20 while 3 run: nobody starts until only 0 remain active below 1.
        assert_eq!(s[3], (110, 4), "task 4 waits for all three to end");
        assert_eq!(r.peak_active, 3);
        let unlimited = run_tasks(&work, Concurrency::Unlimited, false, &[]).unwrap();
        assert_eq!(unlimited.peak_active, 8);
        assert_eq!(unlimited.makespan, 100);
    }

    #[test]
    fn bad_parameters_are_errors_that_name_the_field() {
        assert_eq!(Limiter::new(Concurrency::AtMost(0)).unwrap_err().field, "concurrency");
        let base = LimiterParams::default();
        assert_eq!(run(&LimiterParams { tasks: 0, ..base.clone() }).unwrap_err().field, "tasks");
        assert_eq!(run(&LimiterParams { failure_rate: f64::NAN, ..base.clone() }).unwrap_err().field, "failure_rate");
        let lowered_to_zero = vec![(5, Action::SetConcurrency(Concurrency::AtMost(0)))];
        assert_eq!(run(&LimiterParams { actions: lowered_to_zero, ..base }).unwrap_err().field, "concurrency");
        let mut idle = Limiter::new(Concurrency::Unlimited).unwrap();
        assert!(idle.settle().is_err());
    }
}
