//! A circuit breaker: CLOSED, OPEN and HALF_OPEN.
//!
//! **The rule.** CLOSED lets every call through and records its outcome in a window of the last
//! `window_size` calls; after a failure, if the window holds at least `minimum_volume` calls and
//! its failure rate passes `failure_threshold_pct` (strictly, as opossum does, or at least, as
//! resilience4j and Polly do), the breaker goes OPEN. OPEN rejects every call at once (the
//! fallback answers, if there is one) until `cooldown_ms` have passed, then goes HALF_OPEN, either
//! by its own timer (opossum) or at the next call (resilience4j's default, Polly). HALF_OPEN lets
//! `half_open_probes` calls through and rejects the rest; once all probes are back, their failure
//! rate decides: over the threshold, OPEN again for another cooldown; otherwise CLOSED. No other
//! transition exists. A call slower than `call_timeout_ms` fails at the timeout and counts as a
//! failure, although the work behind it goes on. Closing clears the window unless
//! `reset_stats_on_close` is off, as in opossum, where one failure right after closing can
//! re-open the breaker.
//!
//! **Against opossum.** With opossum's rule (over the threshold, one probe, the timer, stats
//! kept on close) `engine/tests/models_packages_oracle.rs` fires scripts of calls at the real
//! opossum (the version pinned in `tests/package.json`) on a fake clock and requires the same
//! state changes and call outcomes. The rate is computed as opossum computes it, `failures /
//! calls * 100`, so the rounding agrees too (11 of 20 is over 55 %). Two differences are on
//! purpose, and the scripts keep them out of sight: opossum's window is time buckets and its
//! rate is failures over every call *fired*, counting the ones still running and the ones it
//! refused, where this window is the last `window_size` outcomes of calls let through; and in
//! opossum any call that comes back while HALF_OPEN decides, even one let through before the
//! breaker opened, where here only the probes do. Neither shows while no call is let through
//! as another runs and no rate is computed after a refusal; and with a call timeout shorter
//! than the cooldown, as in both defaults, no call from before the opening is still out when
//! the breaker half-opens.

use std::collections::VecDeque;

use super::clock::Agenda;
use super::error::{check_fraction, check_range};
use super::ModelError;
use crate::rng::SeededRandom;
use crate::trace::{EventKind, Millis, TaskId, Trace};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BreakerState {
    Closed,
    Open,
    HalfOpen,
}

impl BreakerState {
    pub fn name(self) -> &'static str {
        match self {
            BreakerState::Closed => "CLOSED",
            BreakerState::Open => "OPEN",
            BreakerState::HalfOpen => "HALF_OPEN",
        }
    }
}

/// How the failure rate is compared with the threshold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TripRule {
    /// `rate > threshold` (opossum).
    Above,
    /// `rate >= threshold` (resilience4j, Polly).
    AtLeast,
}

/// What moves an OPEN breaker to HALF_OPEN once the cooldown is over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HalfOpenTrigger {
    /// A timer set when it opened (opossum).
    Timer,
    /// The first call after the cooldown (resilience4j's default, Polly).
    NextCall,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BreakerConfig {
    pub failure_threshold_pct: f64,
    pub trip_rule: TripRule,
    /// The count-based window: the last this-many outcomes.
    pub window_size: u32,
    /// No trip while the window holds fewer calls.
    pub minimum_volume: u32,
    pub cooldown_ms: Millis,
    pub half_open_trigger: HalfOpenTrigger,
    pub half_open_probes: u32,
    pub call_timeout_ms: Option<Millis>,
    pub reset_stats_on_close: bool,
}

impl Default for BreakerConfig {
    /// opossum's rule (over 50 %, one probe, timer-driven), on a window of 20 calls with a
    /// minimum of 5, a 500 ms cooldown and a 100 ms call timeout; stats reset on close.
    fn default() -> Self {
        Self {
            failure_threshold_pct: 50.0,
            trip_rule: TripRule::Above,
            window_size: 20,
            minimum_volume: 5,
            cooldown_ms: 500,
            half_open_trigger: HalfOpenTrigger::Timer,
            half_open_probes: 1,
            call_timeout_ms: Some(100),
            reset_stats_on_close: true,
        }
    }
}

impl BreakerConfig {
    fn check(&self) -> Result<(), ModelError> {
        check_fraction("failure_threshold_pct", self.failure_threshold_pct / 100.0).map_err(|_| {
            ModelError::new(
                "failure_threshold_pct",
                format!("`failure_threshold_pct` must be a number from 0 to 100 (got {}).", self.failure_threshold_pct),
            )
        })?;
        check_range("window_size", u64::from(self.window_size), 1, 100_000)?;
        check_range("minimum_volume", u64::from(self.minimum_volume), 0, u64::from(self.window_size))?;
        check_range("cooldown_ms", self.cooldown_ms, 0, u64::from(u32::MAX))?;
        check_range("half_open_probes", u64::from(self.half_open_probes), 1, 100_000)?;
        if let Some(ms) = self.call_timeout_ms {
            check_range("call_timeout_ms", ms, 1, u64::from(u32::MAX))?;
        }
        Ok(())
    }

    fn trips(&self, failures: u32, calls: u32) -> bool {
        if calls == 0 {
            return false;
        }
        match self.trip_rule {
            // In opossum's order of operations, `failures / fires * 100`: in floating point 11
            // failures of 20 make 55.00000000000001, which is over a threshold of 55.
            TripRule::Above => f64::from(failures) / f64::from(calls) * 100.0 > self.failure_threshold_pct,
            TripRule::AtLeast => f64::from(failures) * 100.0 / f64::from(calls) >= self.failure_threshold_pct,
        }
    }
}

/// A state change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Transition {
    pub at: Millis,
    pub from: BreakerState,
    pub to: BreakerState,
}

/// What the breaker does with a call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Admission {
    Admitted,
    /// Admitted in HALF_OPEN: its outcome decides the next state.
    Probe,
    /// Failed fast (`EOPENBREAKER`, `CallNotPermittedException`).
    Rejected,
}

/// The last outcomes, oldest first, with a running count of failures.
#[derive(Clone, Debug)]
struct Window {
    size: usize,
    /// `true` for a failure. Invariant: `outcomes.len() <= size`.
    outcomes: VecDeque<bool>,
    /// Invariant: the number of `true`s in `outcomes`.
    failures: u32,
}

impl Window {
    fn push(&mut self, failed: bool) {
        if self.outcomes.len() == self.size && self.outcomes.pop_front() == Some(true) {
            self.failures -= 1;
        }
        self.outcomes.push_back(failed);
        self.failures += u32::from(failed);
    }

    fn clear(&mut self) {
        self.outcomes.clear();
        self.failures = 0;
    }
}

/// The breaker's state, without time: told about calls and outcomes, it says what happens.
#[derive(Clone, Debug)]
pub struct Breaker {
    config: BreakerConfig,
    state: BreakerState,
    window: Window,
    /// While OPEN: when the cooldown is over.
    open_until: Millis,
    /// While HALF_OPEN: probes let through, and those back, failed. Invariant:
    /// `probes_back <= probes_admitted <= half_open_probes`.
    probes_admitted: u32,
    probes_back: u32,
    probes_failed: u32,
}

impl Breaker {
    pub fn new(config: BreakerConfig) -> Result<Self, ModelError> {
        config.check()?;
        let window = Window { size: config.window_size as usize, outcomes: VecDeque::new(), failures: 0 };
        Ok(Self {
            config,
            state: BreakerState::Closed,
            window,
            open_until: 0,
            probes_admitted: 0,
            probes_back: 0,
            probes_failed: 0,
        })
    }

    pub fn state(&self) -> BreakerState {
        self.state
    }

    /// While OPEN, when the cooldown ends.
    pub fn open_until(&self) -> Option<Millis> {
        (self.state == BreakerState::Open).then_some(self.open_until)
    }

    /// OPEN to HALF_OPEN, if the cooldown is over by `now`.
    pub fn cooldown_over(&mut self, now: Millis) -> Option<Transition> {
        if self.state != BreakerState::Open || now < self.open_until {
            return None;
        }
        self.probes_admitted = 0;
        self.probes_back = 0;
        self.probes_failed = 0;
        Some(self.go(now, BreakerState::HalfOpen))
    }

    /// A call arrives at `now`.
    pub fn call(&mut self, now: Millis) -> (Admission, Option<Transition>) {
        let transition = match self.config.half_open_trigger {
            HalfOpenTrigger::NextCall => self.cooldown_over(now),
            HalfOpenTrigger::Timer => None,
        };
        let admission = match self.state {
            BreakerState::Closed => Admission::Admitted,
            BreakerState::Open => Admission::Rejected,
            BreakerState::HalfOpen if self.probes_admitted < self.config.half_open_probes => {
                self.probes_admitted += 1;
                Admission::Probe
            }
            BreakerState::HalfOpen => Admission::Rejected,
        };
        (admission, transition)
    }

    /// An admitted call's outcome comes back (a timeout is a failure).
    pub fn record(&mut self, now: Millis, admission: Admission, failed: bool) -> Option<Transition> {
        let probe = admission == Admission::Probe && self.state == BreakerState::HalfOpen;
        if !probe || !self.config.reset_stats_on_close {
            self.window.push(failed);
        }
        match self.state {
            BreakerState::Closed if failed => {
                let calls = self.window.outcomes.len() as u32;
                let volume_met = calls >= self.config.minimum_volume;
                (volume_met && self.config.trips(self.window.failures, calls)).then(|| self.open(now))
            }
            BreakerState::HalfOpen if probe => {
                self.probes_back += 1;
                self.probes_failed += u32::from(failed);
                if self.probes_back < self.config.half_open_probes {
                    return None;
                }
                if self.config.trips(self.probes_failed, self.probes_back) {
                    Some(self.open(now))
                } else {
                    if self.config.reset_stats_on_close {
                        self.window.clear();
                    }
                    Some(self.go(now, BreakerState::Closed))
                }
            }
            // Late outcomes of calls let through before a transition only add to the stats.
            _ => None,
        }
    }

    fn open(&mut self, now: Millis) -> Transition {
        self.open_until = now.saturating_add(self.config.cooldown_ms);
        self.go(now, BreakerState::Open)
    }

    fn go(&mut self, at: Millis, to: BreakerState) -> Transition {
        let from = std::mem::replace(&mut self.state, to);
        Transition { at, from, to }
    }
}

/// A stretch of time when the downstream is unwell: calls fired in `[from_ms, to_ms)` fail with
/// `failure_rate` and take `extra_latency_ms` longer.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Outage {
    pub from_ms: Millis,
    pub to_ms: Millis,
    pub failure_rate: f64,
    pub extra_latency_ms: Millis,
}

/// `calls` calls, one every `call_every_ms`, each taking `latency_min_ms + floor(random() *
/// latency_span_ms)` and failing with `failure_rate`, except during the outage.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BreakerParams {
    pub config: BreakerConfig,
    pub calls: u32,
    pub call_every_ms: Millis,
    pub latency_min_ms: Millis,
    pub latency_span_ms: Millis,
    pub failure_rate: f64,
    pub outage: Option<Outage>,
    pub fallback: bool,
    pub seed: u32,
}

/// The most calls a run accepts: the trace has a few events per call.
pub const MAX_CALLS: u32 = 1_000_000;

impl Default for BreakerParams {
    /// 600 calls 10 ms apart; the downstream fails every call from 1 s to 3 s.
    fn default() -> Self {
        Self {
            config: BreakerConfig::default(),
            calls: 600,
            call_every_ms: 10,
            latency_min_ms: 20,
            latency_span_ms: 20,
            failure_rate: 0.02,
            outage: Some(Outage { from_ms: 1_000, to_ms: 3_000, failure_rate: 1.0, extra_latency_ms: 0 }),
            fallback: true,
            seed: 42,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct BreakerReport {
    /// [`EventKind::State`] at every transition (and `"CLOSED"` at 0); per call: queued (fired),
    /// started (let through), finished, failed (error or timeout) or dropped (rejected).
    pub trace: Trace,
    pub transitions: Vec<Transition>,
    pub fired: u32,
    pub successes: u32,
    /// Errors and timeouts.
    pub failures: u32,
    pub timeouts: u32,
    pub rejected: u32,
    /// Calls answered by the fallback: rejected or failed, when there is one.
    pub fallbacks: u32,
}

enum Due {
    Fire(TaskId),
    Back { call: TaskId, admission: Admission, failed: bool, timed_out: bool },
    CooldownOver,
}

pub fn run(p: &BreakerParams) -> Result<BreakerReport, ModelError> {
    let mut breaker = Breaker::new(p.config)?;
    check_range("calls", u64::from(p.calls), 1, u64::from(MAX_CALLS))?;
    for (field, ms) in [
        ("call_every_ms", p.call_every_ms),
        ("latency_min_ms", p.latency_min_ms),
        ("latency_span_ms", p.latency_span_ms),
    ] {
        check_range(field, ms, 0, u64::from(u32::MAX))?;
    }
    check_fraction("failure_rate", p.failure_rate)?;
    if let Some(o) = p.outage {
        check_fraction("outage.failure_rate", o.failure_rate)?;
        check_range("outage.extra_latency_ms", o.extra_latency_ms, 0, u64::from(u32::MAX))?;
    }
    let mut random = SeededRandom::new(p.seed);
    let mut agenda = Agenda::new();
    let mut trace = Trace::new();
    trace.push(0, EventKind::State(BreakerState::Closed.name()));
    let mut r = BreakerReport {
        trace: Trace::new(),
        transitions: Vec::new(),
        fired: 0,
        successes: 0,
        failures: 0,
        timeouts: 0,
        rejected: 0,
        fallbacks: 0,
    };
    agenda.schedule_at(0, Due::Fire(1));

    while let Some((now, due)) = agenda.pop() {
        let transition = match due {
            Due::Fire(call) => {
                if call < p.calls {
                    agenda.schedule_in(p.call_every_ms, Due::Fire(call + 1));
                }
                r.fired += 1;
                trace.push(now, EventKind::TaskQueued(call));
                let (admission, transition) = breaker.call(now);
                if let Some(t) = transition {
                    note(&mut trace, &mut r.transitions, t);
                }
                if admission == Admission::Rejected {
                    r.rejected += 1;
                    r.fallbacks += u32::from(p.fallback);
                    trace.push(now, EventKind::TaskDropped(call));
                    None
                } else {
                    trace.push(now, EventKind::TaskStarted(call));
                    let unwell = p.outage.filter(|o| (o.from_ms..o.to_ms).contains(&now));
                    let (rate, extra) = unwell.map_or((p.failure_rate, 0), |o| (o.failure_rate, o.extra_latency_ms));
                    let latency = random.next_in(p.latency_min_ms, p.latency_span_ms) + extra;
                    let failed = random.next_f64() < rate;
                    match p.config.call_timeout_ms {
                        Some(limit) if latency > limit => {
                            agenda.schedule_in(limit, Due::Back { call, admission, failed: true, timed_out: true });
                        }
                        _ => agenda.schedule_in(latency, Due::Back { call, admission, failed, timed_out: false }),
                    }
                    None
                }
            }
            Due::Back { call, admission, failed, timed_out } => {
                if failed {
                    r.failures += 1;
                    r.timeouts += u32::from(timed_out);
                    r.fallbacks += u32::from(p.fallback);
                    trace.push(now, EventKind::TaskFailed(call));
                } else {
                    r.successes += 1;
                    trace.push(now, EventKind::TaskFinished(call));
                }
                breaker.record(now, admission, failed)
            }
            Due::CooldownOver => breaker.cooldown_over(now),
        };
        if let Some(t) = transition {
            note(&mut trace, &mut r.transitions, t);
            if let (BreakerState::Open, HalfOpenTrigger::Timer) = (t.to, p.config.half_open_trigger) {
                agenda.schedule_in(p.config.cooldown_ms, Due::CooldownOver);
            }
        }
    }
    r.trace = trace;
    Ok(r)
}

fn note(trace: &mut Trace, transitions: &mut Vec<Transition>, t: Transition) {
    trace.push(t.at, EventKind::State(t.to.name()));
    transitions.push(t);
}

#[cfg(test)]
mod tests {
    use super::*;
    use BreakerState::*;

    /// opossum's rule with a threshold of 50 %, a volume of 4, a 100 ms reset and no timeout.
    fn opossum_like() -> BreakerConfig {
        BreakerConfig {
            window_size: 100,
            minimum_volume: 4,
            cooldown_ms: 100,
            call_timeout_ms: None,
            reset_stats_on_close: false,
            ..BreakerConfig::default()
        }
    }

    #[test]
    fn the_cooldown_is_waited_out_and_half_open_admits_only_the_probes() {
        let mut b = Breaker::new(opossum_like()).unwrap();
        for t in 0..4 {
            b.call(t);
            b.record(t, Admission::Admitted, true);
        }
        let until = b.open_until().expect("four failures of four open it");
        assert_eq!(b.cooldown_over(until - 1), None, "not before the cooldown");
        assert_eq!(b.cooldown_over(until).map(|t| (t.from, t.to)), Some((Open, HalfOpen)));
        assert_eq!(b.call(until).0, Admission::Probe);
        assert_eq!(b.call(until).0, Admission::Rejected, "one probe at a time");
    }

    #[test]
    fn over_the_threshold_the_rate_is_rounded_as_opossum_rounds_it() {
        // opossum computes 11 / 20 * 100, which is 55.00000000000001 in floating point: over 55.
        let over = BreakerConfig { failure_threshold_pct: 55.0, ..opossum_like() };
        assert!(over.trips(11, 20));
        assert!(!BreakerConfig { failure_threshold_pct: 50.0, ..over }.trips(1, 2), "50 % is not over 50 %");
        // At least the threshold keeps the other order: 57 * 100 / 100 is 57, 57 / 100 * 100 is not.
        let at_least = BreakerConfig { trip_rule: TripRule::AtLeast, failure_threshold_pct: 57.0, ..over };
        assert!(at_least.trips(57, 100));
    }

    #[test]
    fn resetting_on_close_forgives_the_past() {
        let mut b = Breaker::new(BreakerConfig { reset_stats_on_close: true, ..opossum_like() }).unwrap();
        for t in 0..4 {
            b.call(t);
            b.record(t, Admission::Admitted, true);
        }
        b.cooldown_over(200);
        b.call(200);
        b.record(201, Admission::Probe, false);
        b.call(202);
        assert_eq!(b.record(203, Admission::Admitted, true), None);
        assert_eq!(b.state(), Closed);
    }

    #[test]
    fn several_probes_decide_together_and_the_lazy_trigger_waits_for_a_call() {
        let config = BreakerConfig {
            half_open_probes: 3,
            half_open_trigger: HalfOpenTrigger::NextCall,
            trip_rule: TripRule::AtLeast,
            minimum_volume: 2,
            ..opossum_like()
        };
        let mut b = Breaker::new(config).unwrap();
        b.call(0);
        b.record(0, Admission::Admitted, true);
        b.call(1);
        assert_eq!(b.record(1, Admission::Admitted, true).map(|t| t.to), Some(Open));
        assert_eq!(b.state(), Open);
        let (admission, t) = b.call(500);
        assert_eq!((admission, t.map(|t| t.to)), (Admission::Probe, Some(HalfOpen)));
        assert_eq!(b.call(500).0, Admission::Probe);
        assert_eq!(b.call(500).0, Admission::Probe);
        assert_eq!(b.call(500).0, Admission::Rejected);
        assert_eq!(b.record(510, Admission::Probe, true), None);
        assert_eq!(b.record(510, Admission::Probe, false), None);
        // 1 of 3 failed: 33 % is under 50 %.
        assert_eq!(b.record(511, Admission::Probe, false).map(|t| t.to), Some(Closed));
    }

    #[test]
    fn an_outage_opens_the_breaker_and_it_closes_after_recovery() {
        let r = run(&BreakerParams::default()).unwrap();
        let states: Vec<&str> = r.trace.states().into_iter().map(|(_, s)| s).collect();
        assert_eq!(states.first(), Some(&"CLOSED"));
        assert!(states.contains(&"OPEN") && states.contains(&"HALF_OPEN"));
        assert_eq!(states.last(), Some(&"CLOSED"), "{states:?}");
        let first_open = r.transitions.iter().find(|t| t.to == Open).unwrap().at;
        assert!((1_000..1_200).contains(&first_open), "{first_open}");
        assert!(r.rejected > 100, "failing fast while the downstream is down: {r:?}");
        assert_eq!(r.successes + r.failures + r.rejected, r.fired);
        assert_eq!(r.fallbacks, r.rejected + r.failures);
    }

    #[test]
    fn slow_calls_time_out_and_count_as_failures() {
        let p = BreakerParams {
            outage: Some(Outage { from_ms: 1_000, to_ms: 2_000, failure_rate: 0.0, extra_latency_ms: 500 }),
            ..BreakerParams::default()
        };
        let r = run(&p).unwrap();
        assert!(r.timeouts >= 5, "{r:?}");
        assert!(r.transitions.iter().any(|t| t.to == Open));
    }

    #[test]
    fn bad_configurations_are_refused() {
        let field = |c: BreakerConfig| Breaker::new(c).unwrap_err().field;
        let base = BreakerConfig::default();
        assert_eq!(field(BreakerConfig { failure_threshold_pct: f64::NAN, ..base }), "failure_threshold_pct");
        assert_eq!(field(BreakerConfig { failure_threshold_pct: 101.0, ..base }), "failure_threshold_pct");
        assert_eq!(field(BreakerConfig { window_size: 0, ..base }), "window_size");
        assert_eq!(field(BreakerConfig { minimum_volume: 21, ..base }), "minimum_volume");
        assert_eq!(field(BreakerConfig { half_open_probes: 0, ..base }), "half_open_probes");
        assert_eq!(field(BreakerConfig { call_timeout_ms: Some(0), ..base }), "call_timeout_ms");
        let p = BreakerParams { failure_rate: -1.0, ..BreakerParams::default() };
        assert_eq!(run(&p).unwrap_err().field, "failure_rate");
    }
}
