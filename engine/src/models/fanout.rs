//! Fan-out: N tasks one at a time, all at once, or k at a time, against a limited downstream.
//!
//! **The rule.** A task is *in flight* from the moment it starts until it settles, and holds
//! `bytes_per_task` of heap all that time; when the process's live memory (a baseline plus the
//! in-flight tasks' memory) goes over `heap_limit_bytes`, the process is killed on the spot and
//! nothing after that runs. Each task opens a connection to a downstream that answers at most
//! `accepts_per_ms` connection attempts per ms, first come first served, and keeps at most
//! `max_connections` open: an attempt answered while all are taken is refused, and the task fails.
//! An accepted task holds its connection for a seeded latency, then finishes (or fails with
//! probability `error_rate`). Task ids come from a source yielding `ids_per_ms` per ms. The regime
//! decides when a task starts: **Sequential** starts the next when the last settles;
//! **Unbounded** (`Promise.all` over everything) starts each id as soon as the source yields it;
//! **Bounded(k)** keeps at most k in flight, starting the next id as one settles.
//!
//! Unbounded fan-out fails by Little's law: when ids arrive faster than the downstream answers,
//! the attempts waiting for an answer pile up, each holding memory, until the heap gives out.
//!
//! The run keeps no per-task state: tasks are counted, not stored, and the output is a summary
//! plus a [`Downsampled`] series, so the simulation's own memory grows with the number in flight
//! (one pending event each) and the fixed series budget, never with N.

use super::clock::Agenda;
use super::error::{check_fraction, check_range};
use super::series::Downsampled;
use super::ModelError;
use crate::rng::SeededRandom;
use crate::trace::Millis;

/// When the next task starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Regime {
    /// `for (const id of ids) await migrate(id)`: one in flight.
    Sequential,
    /// `Promise.all(ids.map(migrate))`: every id starts as soon as it is read.
    Unbounded,
    /// A limiter or worker pool of k: at most k in flight.
    Bounded(u32),
}

impl Regime {
    fn limit(self) -> u32 {
        match self {
            Regime::Sequential => 1,
            Regime::Unbounded => u32::MAX,
            Regime::Bounded(k) => k,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FanoutParams {
    pub tasks: u32,
    pub regime: Regime,
    /// How fast the source (a cursor, a file) yields ids.
    pub ids_per_ms: u32,
    /// The downstream's connection limit.
    pub max_connections: u32,
    /// How many connection attempts the downstream answers (accepts or refuses) per ms.
    pub accepts_per_ms: u32,
    /// An accepted task's latency is `base_latency_ms + floor(random() * (jitter_ms + 1))`.
    pub base_latency_ms: Millis,
    pub jitter_ms: Millis,
    /// The chance that an accepted task's work fails anyway.
    pub error_rate: f64,
    /// Heap held by each task in flight.
    pub bytes_per_task: u64,
    /// Heap in use with nothing in flight.
    pub baseline_bytes: u64,
    /// Above this much live heap, the process is killed.
    pub heap_limit_bytes: u64,
    /// The most points the series keeps.
    pub max_points: u32,
    pub seed: u32,
}

/// The most tasks a run accepts.
pub const MAX_TASKS: u32 = 100_000_000;
/// The most points a series may ask for.
pub const MAX_POINTS: u32 = 100_000;

const MIB: u64 = 1024 * 1024;

impl FanoutParams {
    /// The million-id migration: 1,000,000 ids read at 1,000 per ms, each holding 16 KiB while in
    /// flight, against a database with 20 connections answering 100 attempts per ms, with a 2 GiB
    /// heap (`--max-old-space-size=2048`).
    pub fn migration(regime: Regime) -> Self {
        Self {
            tasks: 1_000_000,
            regime,
            ids_per_ms: 1_000,
            max_connections: 20,
            accepts_per_ms: 100,
            base_latency_ms: 5,
            jitter_ms: 10,
            error_rate: 0.0,
            bytes_per_task: 16 * 1024,
            baseline_bytes: 50 * MIB,
            heap_limit_bytes: 2048 * MIB,
            max_points: 600,
            seed: 42,
        }
    }

    fn check(&self) -> Result<(), ModelError> {
        check_range("tasks", u64::from(self.tasks), 1, u64::from(MAX_TASKS))?;
        if let Regime::Bounded(k) = self.regime {
            check_range("k", u64::from(k), 1, u64::from(u32::MAX))?;
        }
        check_range("ids_per_ms", u64::from(self.ids_per_ms), 1, u64::from(u32::MAX))?;
        check_range("max_connections", u64::from(self.max_connections), 1, u64::from(u32::MAX))?;
        check_range("accepts_per_ms", u64::from(self.accepts_per_ms), 1, u64::from(u32::MAX))?;
        check_range("base_latency_ms", self.base_latency_ms, 0, u64::from(u32::MAX))?;
        check_range("jitter_ms", self.jitter_ms, 0, u64::from(u32::MAX) - 1)?;
        check_fraction("error_rate", self.error_rate)?;
        if self.heap_limit_bytes <= self.baseline_bytes {
            return Err(ModelError::new(
                "heap_limit_bytes",
                format!(
                    "`heap_limit_bytes` must be above `baseline_bytes` ({}), or the process dies before it starts (got {}).",
                    self.baseline_bytes, self.heap_limit_bytes
                ),
            ));
        }
        check_range("max_points", u64::from(self.max_points), 2, u64::from(MAX_POINTS))
    }
}

/// How the run ended, in counts. Invariant:
/// `finished + failed + refused + killed_in_flight + never_started == tasks`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FanoutSummary {
    pub regime: Regime,
    pub tasks: u32,
    /// Work done.
    pub finished: u32,
    /// Accepted, but the work failed.
    pub failed: u32,
    /// The connection was refused.
    pub refused: u32,
    /// In flight when the process was killed: their work is lost.
    pub killed_in_flight: u32,
    /// Never started, because the process was killed first.
    pub never_started: u32,
    pub peak_in_flight: u32,
    pub peak_memory: u64,
    pub killed_at: Option<Millis>,
    /// When the last task settled, or when the process was killed.
    pub makespan: Millis,
}

/// One bucket of the series: maxima and end-of-bucket values, and running totals at its end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FanoutPoint {
    pub from: Millis,
    pub to: Millis,
    pub in_flight_max: u32,
    pub in_flight_last: u32,
    pub memory_max: u64,
    pub memory_last: u64,
    /// Failed plus refused, so far.
    pub failures: u32,
    pub finished: u32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FanoutReport {
    pub summary: FanoutSummary,
    pub series: Vec<FanoutPoint>,
}

/// The series' quantities, in this order.
const IN_FLIGHT: usize = 0;
const MEMORY: usize = 1;
const FAILURES: usize = 2;
const FINISHED: usize = 3;

enum Due {
    /// The source has yielded the id the regime is waiting for.
    IdReady,
    /// The downstream answers the oldest connection attempt waiting for it.
    Answer,
    /// An accepted task's work is over.
    Done { ok: bool },
}

pub fn run(p: &FanoutParams) -> Result<FanoutReport, ModelError> {
    p.check()?;
    let mut run = Run {
        p: *p,
        limit: p.regime.limit(),
        agenda: Agenda::new(),
        random: SeededRandom::new(p.seed),
        started: 0,
        id_ready_pending: false,
        in_flight: 0,
        open_connections: 0,
        answering_ms: 0,
        answered_this_ms: 0,
        finished: 0,
        failed: 0,
        refused: 0,
        peak_in_flight: 0,
        peak_memory: p.baseline_bytes,
        killed_at: None,
        series: Downsampled::new(p.max_points as usize, [0, p.baseline_bytes, 0, 0]),
    };
    run.start_ready(0);
    let mut end = 0;
    while run.killed_at.is_none() {
        let Some((now, due)) = run.agenda.pop() else { break };
        end = now;
        match due {
            Due::IdReady => run.id_ready_pending = false,
            Due::Answer => run.answer(now),
            Due::Done { ok } => {
                run.open_connections -= 1;
                if ok {
                    run.finished += 1;
                } else {
                    run.failed += 1;
                }
                run.settle(now);
            }
        }
        run.start_ready(now);
    }
    let end = run.killed_at.unwrap_or(end);
    let killed_in_flight = if run.killed_at.is_some() { run.in_flight } else { 0 };
    let summary = FanoutSummary {
        regime: p.regime,
        tasks: p.tasks,
        finished: run.finished,
        failed: run.failed,
        refused: run.refused,
        killed_in_flight,
        never_started: p.tasks - run.started,
        peak_in_flight: run.peak_in_flight,
        peak_memory: run.peak_memory,
        killed_at: run.killed_at,
        makespan: end,
    };
    let series = run
        .series
        .finish(end)
        .into_iter()
        .map(|b| FanoutPoint {
            from: b.from,
            to: b.to,
            in_flight_max: b.max[IN_FLIGHT] as u32,
            in_flight_last: b.last[IN_FLIGHT] as u32,
            memory_max: b.max[MEMORY],
            memory_last: b.last[MEMORY],
            failures: b.last[FAILURES] as u32,
            finished: b.last[FINISHED] as u32,
        })
        .collect();
    Ok(FanoutReport { summary, series })
}

struct Run {
    p: FanoutParams,
    /// The most tasks the regime lets be in flight.
    limit: u32,
    /// One pending event per task in flight, plus at most one `IdReady`.
    agenda: Agenda<Due>,
    random: SeededRandom,
    /// Ids taken from the source so far; the next id is `started`.
    started: u32,
    /// Whether an `IdReady` is already on the agenda, so that at most one ever is.
    id_ready_pending: bool,
    /// Started and not settled. Invariant: `in_flight <= limit`, and memory in use is
    /// `baseline_bytes + in_flight * bytes_per_task`.
    in_flight: u32,
    /// Invariant: `open_connections <= max_connections` and `<= in_flight`.
    open_connections: u32,
    /// The downstream answers attempts in arrival order: the last one was answered at
    /// `answering_ms`, the `answered_this_ms`-th of that millisecond.
    answering_ms: Millis,
    answered_this_ms: u32,
    finished: u32,
    failed: u32,
    refused: u32,
    peak_in_flight: u32,
    peak_memory: u64,
    killed_at: Option<Millis>,
    series: Downsampled<4>,
}

impl Run {
    fn memory(&self) -> u64 {
        let held = u128::from(self.in_flight) * u128::from(self.p.bytes_per_task);
        u64::try_from(held).unwrap_or(u64::MAX).saturating_add(self.p.baseline_bytes)
    }

    /// When the source yields id `index` (counting from 0).
    fn ready_at(&self, index: u32) -> Millis {
        u64::from(index / self.p.ids_per_ms)
    }

    /// Starts every task the regime allows and the source has yielded by `now`; if the regime
    /// wants more than the source has yielded, wakes up when the next id is ready.
    fn start_ready(&mut self, now: Millis) {
        while self.killed_at.is_none() && self.in_flight < self.limit && self.started < self.p.tasks {
            let ready_at = self.ready_at(self.started);
            if ready_at > now {
                if !self.id_ready_pending {
                    self.agenda.schedule_at(ready_at, Due::IdReady);
                    self.id_ready_pending = true;
                }
                return;
            }
            self.start(now);
        }
    }

    fn start(&mut self, now: Millis) {
        self.started += 1;
        self.in_flight += 1;
        self.peak_in_flight = self.peak_in_flight.max(self.in_flight);
        let memory = self.memory();
        self.peak_memory = self.peak_memory.max(memory);
        self.record(now);
        if memory > self.p.heap_limit_bytes {
            self.killed_at = Some(now);
            return;
        }
        // First come, first answered, at most `accepts_per_ms` answers per ms.
        if self.answering_ms < now {
            self.answering_ms = now;
            self.answered_this_ms = 0;
        }
        if self.answered_this_ms == self.p.accepts_per_ms {
            self.answering_ms += 1;
            self.answered_this_ms = 0;
        }
        self.answered_this_ms += 1;
        self.agenda.schedule_at(self.answering_ms, Due::Answer);
    }

    fn answer(&mut self, now: Millis) {
        if self.open_connections == self.p.max_connections {
            self.refused += 1;
            self.settle(now);
            return;
        }
        self.open_connections += 1;
        let latency = self.random.next_in(self.p.base_latency_ms, self.p.jitter_ms + 1);
        let ok = self.random.next_f64() >= self.p.error_rate;
        self.agenda.schedule_at(now + latency, Due::Done { ok });
    }

    /// A task settled, whichever way: its memory is freed.
    fn settle(&mut self, now: Millis) {
        self.in_flight -= 1;
        self.record(now);
    }

    fn record(&mut self, now: Millis) {
        let values =
            [u64::from(self.in_flight), self.memory(), u64::from(self.failed + self.refused), u64::from(self.finished)];
        self.series.record(now, values);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small(regime: Regime) -> FanoutParams {
        // Ids arrive at 50 per ms and are answered at 10 per ms; the heap holds 400 tasks.
        FanoutParams {
            tasks: 2_000,
            ids_per_ms: 50,
            accepts_per_ms: 10,
            heap_limit_bytes: 50 * MIB + 400 * 16 * 1024,
            ..FanoutParams::migration(regime)
        }
    }

    fn accounted(s: &FanoutSummary) -> u32 {
        s.finished + s.failed + s.refused + s.killed_in_flight + s.never_started
    }

    #[test]
    fn unbounded_is_refused_climbs_in_memory_and_is_killed() {
        let r = run(&small(Regime::Unbounded)).unwrap();
        let s = r.summary;
        assert!(s.refused > 0, "{s:?}");
        let killed_at = s.killed_at.expect("the heap runs out");
        assert!(killed_at > 5, "memory climbs over time before the kill: {s:?}");
        assert_eq!(s.peak_memory, 50 * MIB + 401 * 16 * 1024);
        assert_eq!(s.killed_in_flight, 401, "killed by the task that crossed the limit");
        assert!(s.never_started > 0);
        assert_eq!(accounted(&s), s.tasks);
        assert_eq!(s.makespan, killed_at);
        // Memory climbs: the series' level goes up from bucket to bucket until the kill.
        let levels: Vec<u64> = r.series.iter().map(|p| p.memory_max).collect();
        assert!(levels.windows(2).all(|w| w[0] <= w[1]), "{levels:?}");
        assert_eq!(r.series.last().unwrap().memory_max, s.peak_memory);
    }

    #[test]
    fn bounded_at_the_pool_size_finishes_everything_with_no_refusals() {
        let s = run(&small(Regime::Bounded(20))).unwrap().summary;
        assert_eq!((s.finished, s.refused, s.killed_at), (2_000, 0, None));
        assert_eq!(s.peak_in_flight, 20);
        assert_eq!(accounted(&s), s.tasks);
    }

    #[test]
    fn bounded_above_the_pool_size_gets_refusals() {
        let s = run(&small(Regime::Bounded(30))).unwrap().summary;
        assert!(s.refused > 0);
        assert_eq!(s.killed_at, None);
        assert_eq!(s.finished + s.refused, 2_000);
    }

    #[test]
    fn sequential_is_safe_and_slow() {
        let seq = run(&small(Regime::Sequential)).unwrap().summary;
        let pool = run(&small(Regime::Bounded(20))).unwrap().summary;
        assert_eq!((seq.finished, seq.peak_in_flight, seq.killed_at), (2_000, 1, None));
        // Latency is 5..=15 ms: at least 5 ms per task when one runs at a time.
        assert!(seq.makespan >= 2_000 * 5);
        assert!(seq.makespan > 10 * pool.makespan, "{} vs {}", seq.makespan, pool.makespan);
    }

    #[test]
    fn the_series_stays_within_its_budget_for_a_long_run() {
        let p = FanoutParams { tasks: 50_000, max_points: 100, ..FanoutParams::migration(Regime::Bounded(20)) };
        let r = run(&p).unwrap();
        assert!(r.series.len() <= 100);
        assert_eq!(r.series.last().unwrap().finished, 50_000);
        assert_eq!(r.series.last().unwrap().to, r.summary.makespan);
        assert_eq!(r.series.iter().map(|p| p.in_flight_max).max(), Some(20));
    }

    #[test]
    fn the_million_id_migration_unbounded_dies_within_a_fraction_of_a_second() {
        let s = run(&FanoutParams::migration(Regime::Unbounded)).unwrap().summary;
        let killed_at = s.killed_at.expect("killed");
        assert!((100..200).contains(&killed_at), "{s:?}");
        assert!(s.refused > 10_000, "{s:?}");
        assert_eq!(accounted(&s), 1_000_000);
    }

    #[test]
    fn errors_count_as_failed() {
        let p = FanoutParams { error_rate: 1.0, ..small(Regime::Bounded(5)) };
        let s = run(&p).unwrap().summary;
        assert_eq!((s.failed, s.finished), (2_000, 0));
    }

    #[test]
    fn out_of_range_parameters_are_refused_by_name() {
        let base = small(Regime::Bounded(3));
        let field = |p: FanoutParams| run(&p).unwrap_err().field;
        assert_eq!(field(FanoutParams { regime: Regime::Bounded(0), ..base }), "k");
        assert_eq!(field(FanoutParams { tasks: 0, ..base }), "tasks");
        assert_eq!(field(FanoutParams { max_connections: 0, ..base }), "max_connections");
        assert_eq!(field(FanoutParams { accepts_per_ms: 0, ..base }), "accepts_per_ms");
        assert_eq!(field(FanoutParams { ids_per_ms: 0, ..base }), "ids_per_ms");
        assert_eq!(field(FanoutParams { error_rate: f64::NAN, ..base }), "error_rate");
        assert_eq!(field(FanoutParams { heap_limit_bytes: base.baseline_bytes, ..base }), "heap_limit_bytes");
        assert_eq!(field(FanoutParams { max_points: 1, ..base }), "max_points");
        // Extremes that are allowed still run without overflow.
        let huge = FanoutParams { bytes_per_task: u64::MAX, heap_limit_bytes: u64::MAX - 1, tasks: 10, ..base };
        assert_eq!(run(&huge).unwrap().summary.killed_at, Some(0));
    }
}
