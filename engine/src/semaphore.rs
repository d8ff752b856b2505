//! A FIFO semaphore, and the demo that limits async tasks with it.
//!
//! **The rule.** At most `limit` holders at any moment. A task that finds no free slot waits in a
//! queue, and waiters are served strictly in arrival order: a released slot passes straight to the
//! oldest waiter (it is never returned to the pool while someone waits), so a newcomer can never
//! take it first. This is the semaphore the lesson's TypeScript implements, and the order in which
//! p-limit and tokio's `Semaphore` hand out single permits.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

use crate::rng::SeededRandom;
use crate::trace::{EventKind, Millis, TaskId, Trace};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Acquire {
    Granted,
    Queued,
}

#[derive(Clone, Debug)]
pub struct Semaphore {
    /// Slots nobody holds. Invariant: `available > 0` implies `waiters` is empty.
    available: u32,
    /// Tasks waiting for a slot, oldest first.
    waiters: VecDeque<TaskId>,
}

impl Semaphore {
    pub fn new(limit: u32) -> Self {
        Self { available: limit, waiters: VecDeque::new() }
    }

    pub fn acquire(&mut self, task: TaskId) -> Acquire {
        if self.available > 0 {
            self.available -= 1;
            Acquire::Granted
        } else {
            self.waiters.push_back(task);
            Acquire::Queued
        }
    }

    /// Releases one slot. Returns the waiter that now holds it, if anyone was waiting.
    pub fn release(&mut self) -> Option<TaskId> {
        let next = self.waiters.pop_front();
        if next.is_none() {
            self.available += 1;
        }
        next
    }

    pub fn waiting(&self) -> usize {
        self.waiters.len()
    }
}

/// Parameters of the "limit async tasks with a semaphore" demo.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LimitedTasks {
    pub limit: u32,
    pub tasks: u32,
    pub seed: u32,
}

/// Each task's simulated work takes `MIN_WORK_MS + floor(random() * WORK_SPAN_MS)` ms.
pub const MIN_WORK_MS: u64 = 50;
pub const WORK_SPAN_MS: u64 = 150;

/// Runs the demo exactly as Node runs `demo_code/semaphore.ts` under a virtual clock.
///
/// Ordering, matching the program: all tasks are created in one synchronous loop; those that got
/// a slot start one microtask later, in creation order. Timers fire by due time, ties in creation
/// order. When a task's timer fires it releases its slot and prints "done" synchronously; the
/// waiter it woke starts a few microtasks later, in the same millisecond.
pub fn run(p: LimitedTasks) -> Trace {
    let mut random = SeededRandom::new(p.seed);
    let mut sim = Run {
        trace: Trace::new(),
        slots: Semaphore::new(p.limit),
        timers: BinaryHeap::new(),
        timers_created: 0,
        in_flight: 0,
        peak: 0,
        work_ms: vec![0],
    };

    let mut granted = Vec::new();
    for id in 1..=p.tasks {
        sim.work_ms.push(random.next_in(MIN_WORK_MS, WORK_SPAN_MS));
        sim.trace.push(0, EventKind::TaskQueued(id));
        if sim.slots.acquire(id) == Acquire::Granted {
            granted.push(id);
        }
    }
    for id in granted {
        sim.start(id, 0);
    }

    let mut now = 0;
    while let Some(Reverse((due, _, id))) = sim.timers.pop() {
        now = due;
        sim.finish(id, now);
    }
    let line = format!("{} all {} tasks done; peak in flight: {}", stamp(now), p.tasks, sim.peak);
    sim.trace.push(now, EventKind::Console(line));
    sim.trace
}

struct Run {
    trace: Trace,
    slots: Semaphore,
    /// Pending `setTimeout`s: (due, creation order, task). Ties fire in creation order.
    timers: BinaryHeap<Reverse<(Millis, u64, TaskId)>>,
    timers_created: u64,
    in_flight: u32,
    peak: u32,
    /// Work time of each task, indexed by task id (index 0 unused).
    work_ms: Vec<Millis>,
}

impl Run {
    fn start(&mut self, id: TaskId, now: Millis) {
        self.in_flight += 1;
        self.peak = self.peak.max(self.in_flight);
        let ms = self.work_ms[id as usize];
        self.trace.push(now, EventKind::TaskStarted(id));
        self.trace.push(now, EventKind::InFlight(self.in_flight));
        let line = format!("{} task {id} starts ({ms} ms), {} in flight", stamp(now), self.in_flight);
        self.trace.push(now, EventKind::Console(line));
        self.timers.push(Reverse((now + ms, self.timers_created, id)));
        self.timers_created += 1;
    }

    fn finish(&mut self, id: TaskId, now: Millis) {
        self.in_flight -= 1;
        self.trace.push(now, EventKind::TaskFinished(id));
        self.trace.push(now, EventKind::InFlight(self.in_flight));
        let next = self.slots.release();
        self.trace.push(now, EventKind::Console(format!("{} task {id} done", stamp(now))));
        if let Some(waiter) = next {
            self.start(waiter, now);
        }
    }
}

fn stamp(now: Millis) -> String {
    format!("[{now:>4} ms]")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trace::EventKind;

    fn max_in_flight_by_events(trace: &Trace) -> u32 {
        let mut running = 0i64;
        let mut max = 0i64;
        for e in trace.events() {
            match e.kind {
                EventKind::TaskStarted(_) => running += 1,
                EventKind::TaskFinished(_) => running -= 1,
                _ => {}
            }
            max = max.max(running);
        }
        max as u32
    }

    #[test]
    fn bounded_at_three_ten_tasks_never_more_than_three_in_flight() {
        let trace = run(LimitedTasks { limit: 3, tasks: 10, seed: 1 });
        assert_eq!(max_in_flight_by_events(&trace), 3);
        assert_eq!(trace.peak_in_flight(), 3);
    }

    #[test]
    fn every_task_is_queued_started_and_finished_once() {
        for (limit, tasks, seed) in [(1, 1, 0), (1, 7, 3), (4, 4, 9), (10, 30, 123), (3, 25, u32::MAX)] {
            let trace = run(LimitedTasks { limit, tasks, seed });
            let spans = trace.task_spans();
            assert_eq!(spans.len(), tasks as usize);
            for s in &spans {
                let started = s.started.expect("every task starts");
                let finished = s.finished.expect("every task finishes");
                assert!(s.queued <= started && started < finished);
            }
            assert!(max_in_flight_by_events(&trace) <= limit);
        }
    }

    #[test]
    fn waiters_start_in_arrival_order() {
        let trace = run(LimitedTasks { limit: 2, tasks: 12, seed: 5 });
        let starts: Vec<TaskId> = trace
            .events()
            .iter()
            .filter_map(|e| match e.kind {
                EventKind::TaskStarted(id) => Some(id),
                _ => None,
            })
            .collect();
        assert_eq!(starts, (1..=12).collect::<Vec<_>>());
    }

    #[test]
    fn limit_one_is_sequential_and_takes_the_sum_of_all_work() {
        let trace = run(LimitedTasks { limit: 1, tasks: 6, seed: 11 });
        let spans = trace.task_spans();
        let total: u64 = spans.iter().map(|s| s.finished.unwrap() - s.started.unwrap()).sum();
        assert_eq!(trace.end(), total);
        assert_eq!(trace.peak_in_flight(), 1);
    }

    #[test]
    fn same_parameters_same_trace_and_the_seed_matters() {
        let p = LimitedTasks { limit: 3, tasks: 8, seed: 42 };
        assert_eq!(run(p), run(p));
        assert_ne!(run(p), run(LimitedTasks { seed: 43, ..p }));
    }

    #[test]
    fn a_released_slot_never_returns_to_the_pool_while_someone_waits() {
        let mut s = Semaphore::new(1);
        assert_eq!(s.acquire(1), Acquire::Granted);
        assert_eq!(s.acquire(2), Acquire::Queued);
        assert_eq!(s.acquire(3), Acquire::Queued);
        assert_eq!(s.release(), Some(2));
        assert_eq!(s.acquire(4), Acquire::Queued, "a newcomer must not take a handed-over slot");
        assert_eq!(s.release(), Some(3));
        assert_eq!(s.release(), Some(4));
        assert_eq!(s.release(), None);
        assert_eq!(s.acquire(5), Acquire::Granted);
        assert_eq!(s.waiting(), 0);
    }
}
