//! Properties every model keeps, whatever the parameters: the rule each module states holds on
//! random inputs, the same seed gives the same run, and no input makes a model panic.

use proptest::prelude::*;

use inflight_engine::models::{abort, bounded_queue, breaker, fanout, limiter, retry, webhook, writable};
use inflight_engine::trace::{EventKind, Trace};

/// The most tasks running at once, counted from starts and ends in the trace.
fn max_running(trace: &Trace) -> u32 {
    let (mut running, mut max) = (0i64, 0i64);
    for e in trace.events() {
        match e.kind {
            EventKind::TaskStarted(_) => running += 1,
            EventKind::TaskFinished(_) | EventKind::TaskFailed(_) => running -= 1,
            _ => {}
        }
        max = max.max(running);
    }
    max as u32
}

fn starts(trace: &Trace) -> Vec<u32> {
    trace
        .events()
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::TaskStarted(id) => Some(id),
            _ => None,
        })
        .collect()
}

/// A Writable and what its caller can keep track of from outside, checked on every call: each
/// chunk reaches the sink once, in write order, one at a time (a synchronous sink takes each at
/// once); `length` is the units written less those the sink called back for; the sink may call
/// back only while it holds a chunk; `'drain'` comes only after a false, at length 0.
struct SinkWatch {
    stream: writable::Writable,
    object_mode: bool,
    sync: bool,
    /// The units of each chunk written, in write order.
    units: Vec<u64>,
    /// Units written and not yet called back for.
    outstanding: u64,
    /// How many chunks have reached the sink.
    handed: u32,
    /// The number (from 1) of the chunk an asynchronous sink holds.
    in_sink: Option<u32>,
    false_since_drain: bool,
}

impl SinkWatch {
    fn new(hwm: u64, object_mode: bool, sync: bool) -> Self {
        let callback = if sync { writable::Callback::Sync } else { writable::Callback::Async };
        Self {
            stream: writable::Writable::new(hwm, object_mode, callback),
            object_mode,
            sync,
            units: Vec::new(),
            outstanding: 0,
            handed: 0,
            in_sink: None,
            false_since_drain: false,
        }
    }

    fn write(&mut self, bytes: u64) -> Result<(), TestCaseError> {
        let units = if self.object_mode { 1 } else { bytes };
        self.units.push(units);
        self.outstanding += units;
        let out = self.stream.write(bytes).unwrap();
        match out.to_sink {
            Some(chunk) => {
                prop_assert_eq!(self.in_sink, None, "one chunk in the sink at a time");
                self.reaches_the_sink(chunk)?;
                if self.sync {
                    self.outstanding -= units;
                } else {
                    self.in_sink = Some(chunk.id);
                }
            }
            None => prop_assert!(!self.sync, "a synchronous sink takes every chunk at once"),
        }
        prop_assert_eq!(out.length, self.outstanding);
        prop_assert_eq!(self.stream.length(), self.outstanding);
        self.false_since_drain |= !out.returned;
        Ok(())
    }

    /// The sink calls back, if it holds a chunk. False if it held none.
    fn ack(&mut self) -> Result<bool, TestCaseError> {
        let answer = self.stream.acknowledge();
        let Some(done) = self.in_sink.take() else {
            prop_assert!(answer.is_err(), "a callback from a sink holding nothing was taken");
            return Ok(false);
        };
        prop_assert!(answer.is_ok(), "the sink called back for chunk {} and was refused", done);
        let ack = answer.unwrap();
        self.outstanding -= self.units[done as usize - 1];
        if let Some(chunk) = ack.to_sink {
            self.reaches_the_sink(chunk)?;
            self.in_sink = Some(chunk.id);
        }
        prop_assert_eq!(self.stream.length(), self.outstanding);
        if ack.drain {
            prop_assert!(self.false_since_drain, "'drain' without a false before it");
            prop_assert_eq!(self.stream.length(), 0, "'drain' before the buffer emptied");
            self.false_since_drain = false;
        }
        Ok(true)
    }

    fn reaches_the_sink(&mut self, chunk: writable::Chunk) -> Result<(), TestCaseError> {
        self.handed += 1;
        prop_assert_eq!(chunk.id, self.handed, "chunks reach the sink in write order, each once");
        prop_assert_eq!(chunk.units, self.units[chunk.id as usize - 1]);
        Ok(())
    }
}

fn regime() -> impl Strategy<Value = fanout::Regime> {
    prop_oneof![
        Just(fanout::Regime::Sequential),
        Just(fanout::Regime::Unbounded),
        (1u32..40).prop_map(fanout::Regime::Bounded),
    ]
}

fn fanout_params() -> impl Strategy<Value = fanout::FanoutParams> {
    (
        1u32..400,
        regime(),
        1u32..50,
        1u32..30,
        1u32..20,
        0u64..20,
        0u64..20,
        0.0f64..=1.0,
        0u64..5_000,
        1u64..400_000,
        2u32..50,
        any::<u32>(),
    )
        .prop_map(
            |(
                tasks,
                regime,
                ids_per_ms,
                max_connections,
                accepts_per_ms,
                base,
                jitter,
                error_rate,
                bytes,
                headroom,
                points,
                seed,
            )| {
                fanout::FanoutParams {
                    tasks,
                    regime,
                    ids_per_ms,
                    max_connections,
                    accepts_per_ms,
                    base_latency_ms: base,
                    jitter_ms: jitter,
                    error_rate,
                    bytes_per_task: bytes,
                    baseline_bytes: 1_000,
                    heap_limit_bytes: 1_000 + headroom,
                    max_points: points,
                    seed,
                }
            },
        )
}

fn concurrency() -> impl Strategy<Value = limiter::Concurrency> {
    prop_oneof![(1u32..12).prop_map(limiter::Concurrency::AtMost), Just(limiter::Concurrency::Unlimited)]
}

/// 64 cases a property by default, to keep `cargo test` quick; `PROPTEST_CASES=5000` for a
/// deeper search.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(64);
    ProptestConfig::with_cases(cases)
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn limiter_never_more_than_k_in_flight_and_starts_in_call_order(
        tasks in 1u32..60, k in 1u32..12, span in 0u64..100, failure_rate in 0.0f64..=1.0, seed in any::<u32>(),
    ) {
        let p = limiter::LimiterParams {
            tasks, concurrency: limiter::Concurrency::AtMost(k), work_span_ms: span, failure_rate, seed,
            ..limiter::LimiterParams::default()
        };
        let r = limiter::run(&p).unwrap();
        prop_assert!(max_running(&r.trace) <= k);
        prop_assert!(r.trace.peak_in_flight() <= k);
        prop_assert_eq!(starts(&r.trace), (1..=tasks).collect::<Vec<_>>());
        prop_assert!(r.outcomes.iter().all(|o| matches!(o, limiter::Outcome::Fulfilled | limiter::Outcome::Rejected)));
        prop_assert_eq!(&r, &limiter::run(&p).unwrap());
    }

    #[test]
    fn limiter_with_actions_accounts_for_every_call(
        tasks in 1u32..40, start in concurrency(), actions in prop::collection::vec((0u64..400, prop_oneof![
            concurrency().prop_map(limiter::Action::SetConcurrency), Just(limiter::Action::ClearQueue),
        ]), 0..4), reject_on_clear in any::<bool>(), seed in any::<u32>(),
    ) {
        let p = limiter::LimiterParams { tasks, concurrency: start, actions, reject_on_clear, seed, ..limiter::LimiterParams::default() };
        let r = limiter::run(&p).unwrap();
        let dropped = r.trace.events().iter().filter(|e| matches!(e.kind, EventKind::TaskDropped(_))).count();
        prop_assert_eq!(starts(&r.trace).len() + dropped, tasks as usize, "every call starts or is cleared");
    }

    #[test]
    fn fanout_every_task_is_accounted_for_and_bounded_stays_bounded(p in fanout_params()) {
        let r = fanout::run(&p).unwrap();
        let s = r.summary;
        prop_assert_eq!(s.finished + s.failed + s.refused + s.killed_in_flight + s.never_started, p.tasks);
        prop_assert!(r.series.len() <= p.max_points as usize);
        match p.regime {
            fanout::Regime::Bounded(k) => {
                prop_assert!(s.peak_in_flight <= k);
                prop_assert!(r.series.iter().all(|b| b.in_flight_max <= k));
            }
            fanout::Regime::Sequential => prop_assert!(s.peak_in_flight <= 1),
            fanout::Regime::Unbounded => {}
        }
        match s.killed_at {
            Some(at) => {
                prop_assert!(s.peak_memory > p.heap_limit_bytes);
                prop_assert_eq!(s.makespan, at);
            }
            None => {
                prop_assert!(s.peak_memory <= p.heap_limit_bytes);
                prop_assert_eq!(s.killed_in_flight + s.never_started, 0);
            }
        }
        prop_assert_eq!(&r, &fanout::run(&p).unwrap());
    }

    #[test]
    fn a_bounded_queue_never_holds_more_than_its_capacity(
        capacity in 1u32..8, producers in 1u32..4, items in 1u32..40, every in 0u64..5,
        consumers in 1u32..3, min in 0u64..6, span in 0u64..6, seed in any::<u32>(),
    ) {
        let p = bounded_queue::QueueParams {
            capacity: bounded_queue::Capacity::Bounded(capacity), producers, items_per_producer: items,
            produce_every_ms: every, consumers, consume_min_ms: min, consume_span_ms: span, seed,
        };
        let r = bounded_queue::run(&p).unwrap();
        prop_assert!(r.peak_depth <= capacity);
        let deepest = r.trace.events().iter().filter_map(|e| match e.kind {
            EventKind::Waiting(n) => Some(n),
            _ => None,
        }).max();
        prop_assert!(deepest.unwrap_or(0) <= capacity);
        let spans = r.trace.task_spans();
        prop_assert_eq!(spans.len() as u32, producers * items);
        prop_assert!(spans.iter().all(|s| s.finished.is_some()), "every item is consumed");
        prop_assert!(max_running(&r.trace) <= consumers);
        prop_assert_eq!(&r, &bounded_queue::run(&p).unwrap());
    }

    #[test]
    fn a_breaker_only_makes_legal_transitions(
        threshold in 0.0f64..=100.0, above in any::<bool>(), window in 1u32..30, volume_pct in 0u32..=100,
        cooldown in 0u64..400, lazy in any::<bool>(), probes in 1u32..4, timeout in prop::option::of(1u64..80),
        reset in any::<bool>(), calls in 1u32..400, every in 0u64..20, failure_rate in 0.0f64..=1.0,
        outage in prop::option::of((0u64..2_000, 0u64..2_000, 0.0f64..=1.0, 0u64..100)), seed in any::<u32>(),
    ) {
        use breaker::BreakerState::*;
        let config = breaker::BreakerConfig {
            failure_threshold_pct: threshold,
            trip_rule: if above { breaker::TripRule::Above } else { breaker::TripRule::AtLeast },
            window_size: window,
            minimum_volume: window * volume_pct / 100,
            cooldown_ms: cooldown,
            half_open_trigger: if lazy { breaker::HalfOpenTrigger::NextCall } else { breaker::HalfOpenTrigger::Timer },
            half_open_probes: probes,
            call_timeout_ms: timeout,
            reset_stats_on_close: reset,
        };
        let outage = outage.map(|(from_ms, length, failure_rate, extra_latency_ms)| breaker::Outage {
            from_ms, to_ms: from_ms + length, failure_rate, extra_latency_ms,
        });
        let p = breaker::BreakerParams { config, calls, call_every_ms: every, failure_rate, outage, seed, ..breaker::BreakerParams::default() };
        let r = breaker::run(&p).unwrap();
        let mut state = Closed;
        for t in &r.transitions {
            prop_assert_eq!(t.from, state, "transitions chain");
            let legal = matches!((t.from, t.to), (Closed, Open) | (Open, HalfOpen) | (HalfOpen, Closed) | (HalfOpen, Open));
            prop_assert!(legal, "{:?} → {:?}", t.from, t.to);
            state = t.to;
        }
        prop_assert_eq!(r.successes + r.failures + r.rejected, r.fired);
        prop_assert_eq!(r.fired, calls);
        prop_assert_eq!(&r, &breaker::run(&p).unwrap());
    }

    /// What `write()` answers is checked against real Node (`models_node_oracle.rs`); here, what
    /// a caller can keep track of from outside (see [`SinkWatch`]).
    #[test]
    fn a_writable_feeds_its_sink_in_order_and_drains_only_after_a_false(
        hwm in 0u64..64, object_mode in any::<bool>(), sync in any::<bool>(),
        ops in prop::collection::vec(prop_oneof![(0u64..40).prop_map(Some), Just(None)], 1..120),
    ) {
        let mut watch = SinkWatch::new(hwm, object_mode, sync);
        for op in ops {
            match op {
                Some(bytes) => watch.write(bytes)?,
                None => {
                    watch.ack()?;
                }
            }
        }
        // The sink calls back until it holds nothing: everything is written, every false answered.
        while watch.ack()? {}
        prop_assert_eq!(watch.handed as usize, watch.units.len(), "every chunk reaches the sink");
        prop_assert_eq!(watch.stream.length(), 0);
        prop_assert!(!watch.false_since_drain, "a false that no 'drain' answered");
    }

    #[test]
    fn writable_runs_drain_no_more_often_than_they_are_told_false(
        hwm in 0u64..20_000, chunks in 1u32..200, chunk_bytes in 0u64..4_000, every in 0u64..4,
        honours in any::<bool>(), sync_sink in any::<bool>(), min in 0u64..5, span in 0u64..5, seed in any::<u32>(),
    ) {
        let p = writable::WritableParams {
            high_water_mark: hwm, object_mode: false, chunks, chunk_bytes, produce_every_ms: every,
            producer: if honours { writable::Producer::HonoursBackpressure } else { writable::Producer::IgnoresBackpressure },
            sink: if sync_sink { writable::Sink::Sync } else { writable::Sink::Async { min_ms: min, span_ms: span } },
            seed,
        };
        let r = writable::run(&p).unwrap();
        let falses = r.writes.iter().filter(|w| !w.returned).count();
        prop_assert!(r.drains.len() <= falses);
        prop_assert_eq!(r.writes.len() as u32, chunks, "a producer that waits for 'drain' gets it");
        if sync_sink {
            prop_assert_eq!(falses, 0, "a synchronous sink never pushes back");
        }
        prop_assert_eq!(r.trace.buffered_steps().last().map(|s| s.1), Some(0), "everything is written in the end");
        prop_assert_eq!(&r, &writable::run(&p).unwrap());
    }

    #[test]
    fn backoff_sleeps_stay_within_cap_and_runs_repeat(
        base in 1u64..1_000, extra in 0u64..100_000, attempts in 1u32..20, jitter in 0usize..4, clients in 1u32..60, seed in any::<u32>(),
    ) {
        let jitter = [retry::Jitter::None, retry::Jitter::Full, retry::Jitter::Equal, retry::Jitter::Decorrelated][jitter];
        let backoff = retry::Backoff { base_ms: base, cap_ms: base + extra, jitter, max_attempts: attempts };
        let sleeps = backoff.sleeps(seed).unwrap();
        prop_assert_eq!(sleeps.len() as u32, attempts - 1);
        prop_assert!(sleeps.iter().all(|&s| s <= base + extra));
        let p = retry::RetryParams { backoff, clients, seed, ..retry::RetryParams::default() };
        let r = retry::run(&p).unwrap();
        prop_assert_eq!(r.succeeded + r.gave_up, clients);
        prop_assert!(r.attempt_times.len() as u64 <= u64::from(clients) * u64::from(attempts));
        prop_assert_eq!(&r, &retry::run(&p).unwrap());
    }

    #[test]
    fn the_atomic_webhook_handler_applies_every_event_exactly_once(
        events in 1u32..150, every in 0u64..20, duplicate_rate in 0.0f64..=1.0, delay in 0u64..100,
        apply in 0u64..50, redeliver in 1u64..100, seed in any::<u32>(),
    ) {
        let p = webhook::WebhookParams {
            events, event_every_ms: every, duplicate_rate, delivery_delay_ms: delay, apply_ms: apply,
            redeliver_after_ms: redeliver, handler: webhook::Handler::Atomic, seed,
        };
        let r = webhook::run(&p).unwrap();
        prop_assert_eq!((r.side_effects, r.applied_more_than_once, r.never_applied), (events, 0, 0));
        let naive = webhook::run(&webhook::WebhookParams { handler: webhook::Handler::Naive, ..p }).unwrap();
        prop_assert_eq!(naive.side_effects, events + naive.duplicates_sent);
        prop_assert_eq!(&r, &webhook::run(&p).unwrap());
    }

    #[test]
    fn a_job_that_checks_its_signal_starts_no_step_after_the_abort(
        steps in 1u32..20, min in 0u64..30, span in 0u64..30, abort_at in prop::option::of(0u64..400),
        timeout in prop::option::of(0u64..400), cooperation in 0usize..3, v22 in any::<bool>(), seed in any::<u32>(),
    ) {
        let cooperation = [abort::Cooperation::Ignores, abort::Cooperation::ChecksBetweenSteps, abort::Cooperation::ListensInSteps][cooperation];
        let version = if v22 { abort::NodeVersion::V22 } else { abort::NodeVersion::V20 };
        let p = abort::JobParams { steps, step_min_ms: min, step_span_ms: span, abort_at, timeout_ms: timeout, cooperation, version, seed };
        let r = abort::run_job(&p).unwrap();
        if cooperation != abort::Cooperation::Ignores {
            prop_assert_eq!(r.steps_started_after_abort, 0);
        }
        match &r.outcome {
            abort::JobOutcome::Completed { .. } => prop_assert_eq!(r.steps_finished, steps),
            abort::JobOutcome::Failed { at, .. } => prop_assert!(r.aborted_at.is_some_and(|a| a <= *at)),
        }
        let spans = r.trace.task_spans();
        prop_assert_eq!(spans.len() as u32, steps);
        prop_assert_eq!(&r, &abort::run_job(&p).unwrap());
    }

    /// Out-of-range values come back as errors naming a field; nothing panics.
    #[test]
    fn no_parameters_make_a_model_panic(
        a in any::<u32>(), b in any::<u64>(), c in any::<u64>(), f in prop_oneof![any::<f64>(), Just(f64::NAN), Just(-1.0), Just(2.0)],
        small in 0u32..30, seed in any::<u32>(),
    ) {
        let limited = limiter::LimiterParams {
            tasks: small, concurrency: limiter::Concurrency::AtMost(a % 5), min_work_ms: b, work_span_ms: c, failure_rate: f, seed,
            ..limiter::LimiterParams::default()
        };
        let _ = limiter::run(&limited);
        let fan = fanout::FanoutParams {
            tasks: small, regime: fanout::Regime::Bounded(a % 4), ids_per_ms: a % 3, max_connections: small % 3,
            accepts_per_ms: small % 4, base_latency_ms: b, jitter_ms: c, error_rate: f, bytes_per_task: b,
            baseline_bytes: c, heap_limit_bytes: b, max_points: a % 10, seed,
        };
        let _ = fanout::run(&fan);
        let queue = bounded_queue::QueueParams {
            capacity: bounded_queue::Capacity::Bounded(a % 3), producers: small % 3, items_per_producer: small,
            produce_every_ms: b % 1_000_000, consumers: a % 3, consume_min_ms: c, consume_span_ms: b, seed,
        };
        let _ = bounded_queue::run(&queue);
        let stream = writable::WritableParams {
            high_water_mark: b, object_mode: a % 2 == 0, chunks: small, chunk_bytes: c, produce_every_ms: b % 10,
            producer: writable::Producer::IgnoresBackpressure, sink: writable::Sink::Async { min_ms: c, span_ms: b }, seed,
        };
        let _ = writable::run(&stream);
        let config = breaker::BreakerConfig {
            failure_threshold_pct: f, window_size: a % 50, minimum_volume: small, cooldown_ms: b, half_open_probes: a % 3,
            call_timeout_ms: Some(c), ..breaker::BreakerConfig::default()
        };
        let _ = breaker::run(&breaker::BreakerParams { config, calls: small, failure_rate: f, ..breaker::BreakerParams::default() });
        let backoff = retry::Backoff { base_ms: b, cap_ms: c, jitter: retry::Jitter::Decorrelated, max_attempts: a % 2_000 };
        let _ = retry::run(&retry::RetryParams { backoff, clients: small, attempt_ms: b, recovers_at_ms: c, ..retry::RetryParams::default() });
        let hook = webhook::WebhookParams {
            events: small, event_every_ms: b, duplicate_rate: f, delivery_delay_ms: c, apply_ms: b % 100,
            redeliver_after_ms: c % 100, handler: webhook::Handler::Atomic, seed,
        };
        let _ = webhook::run(&hook);
        let job = abort::JobParams {
            steps: small, step_min_ms: b, step_span_ms: c, abort_at: Some(b), timeout_ms: Some(c), seed, ..abort::JobParams::default()
        };
        let _ = abort::run_job(&job);
        let queueing = inflight_engine::models::mmc::MmcParams {
            arrival_rate_per_ms: f, mean_service_ms: f, servers: a % 3, requests: small, warmup: small, seed,
        };
        let _ = inflight_engine::models::mmc::run(&queueing);
    }
}
