//! Retries with capped exponential backoff and jitter, and the retry storm they prevent.
//!
//! **The rule.** A call is attempted at most `max_attempts` times. After failed attempt `n`
//! (counting from 0) the caller sleeps, per the AWS Architecture Blog's formulas, with
//! `temp = min(cap, base * 2^n)`: no jitter sleeps `temp`; full jitter a random whole number of
//! ms in `[0, temp]`; equal jitter `temp / 2` plus a random amount in `[0, temp / 2]`;
//! decorrelated jitter `min(cap, random in [base, 3 * previous sleep])`, the first previous
//! sleep being `base`. Random amounts are drawn from the run's seeded generator, inclusive at
//! both ends. Retries multiply load: r retries per layer over L layers send up to `(r + 1)^L`
//! requests for one, and without jitter every client that failed together retries together.
//!
//! **With a breaker in front** ([`RetryParams::breaker`]), every attempt first asks the one
//! breaker all clients share ([`super::breaker::Breaker`], half-opening at the first call after
//! its cooldown): a rejected attempt fails at once without reaching the downstream, and the
//! client sleeps and retries as after any failure; an admitted attempt's answer is recorded.

use super::breaker::{Admission, Breaker, BreakerConfig};
use super::clock::Agenda;
use super::error::check_range;
use super::ModelError;
use crate::rng::SeededRandom;
use crate::trace::Millis;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Jitter {
    None,
    Full,
    Equal,
    Decorrelated,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Backoff {
    pub base_ms: Millis,
    pub cap_ms: Millis,
    pub jitter: Jitter,
    /// Attempts in all, the first included.
    pub max_attempts: u32,
}

/// The longest cap a backoff may have: about 49 days.
pub const MAX_CAP_MS: Millis = u32::MAX as Millis;
/// The most attempts a call may make.
pub const MAX_ATTEMPTS: u32 = 1_000;

impl Backoff {
    pub fn check(&self) -> Result<(), ModelError> {
        check_range("base_ms", self.base_ms, 1, MAX_CAP_MS)?;
        check_range("cap_ms", self.cap_ms, self.base_ms, MAX_CAP_MS)?;
        check_range("max_attempts", u64::from(self.max_attempts), 1, u64::from(MAX_ATTEMPTS))
    }

    /// The sleep after failed attempt `attempt` (from 0), given the sleep before it (decorrelated
    /// jitter uses it; pass `base_ms` the first time).
    pub fn sleep(&self, attempt: u32, previous_ms: Millis, random: &mut SeededRandom) -> Millis {
        let doubled = 1u64.checked_shl(attempt).map_or(u64::MAX, |f| self.base_ms.saturating_mul(f));
        let temp = doubled.min(self.cap_ms);
        match self.jitter {
            Jitter::None => temp,
            Jitter::Full => between(random, 0, temp),
            Jitter::Equal => temp / 2 + between(random, 0, temp / 2),
            Jitter::Decorrelated => between(random, self.base_ms, previous_ms.saturating_mul(3)).min(self.cap_ms),
        }
    }

    /// Every sleep a call that keeps failing goes through: `max_attempts - 1` of them.
    pub fn sleeps(&self, seed: u32) -> Result<Vec<Millis>, ModelError> {
        self.check()?;
        let mut random = SeededRandom::new(seed);
        let mut previous = self.base_ms;
        Ok((0..self.max_attempts - 1)
            .map(|attempt| {
                previous = self.sleep(attempt, previous, &mut random);
                previous
            })
            .collect())
    }
}

/// A whole number in `[low, high]`; `low` if the range is empty.
fn between(random: &mut SeededRandom, low: Millis, high: Millis) -> Millis {
    if high <= low {
        return low;
    }
    random.next_in(low, high - low + 1).min(high)
}

/// How many requests one call can become when each of `layers` layers makes up to `retries`
/// retries: `(retries + 1)^layers`, saturating.
pub fn amplification(retries: u32, layers: u32) -> u64 {
    u64::from(retries).saturating_add(1).saturating_pow(layers)
}

/// `clients` clients call at time 0 a downstream that is down until `recovers_at_ms`, and from
/// then on answers at most `capacity_per_ms` attempts per ms, failing the rest (overload). An
/// attempt's answer comes back `attempt_ms` after it was sent.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RetryParams {
    pub backoff: Backoff,
    pub clients: u32,
    pub recovers_at_ms: Millis,
    pub capacity_per_ms: u32,
    pub attempt_ms: Millis,
    /// A circuit breaker every attempt goes through first (its `half_open_trigger` is taken as
    /// the next call: the run has no timers of its own).
    pub breaker: Option<BreakerConfig>,
    pub seed: u32,
}

/// The most clients a run accepts: it keeps every attempt's time.
pub const MAX_CLIENTS: u32 = 100_000;

impl Default for RetryParams {
    /// 100 clients, base 10 ms, cap 2 s, full jitter, 8 attempts; down for 100 ms, then 5 per ms.
    fn default() -> Self {
        Self {
            backoff: Backoff { base_ms: 10, cap_ms: 2_000, jitter: Jitter::Full, max_attempts: 8 },
            clients: 100,
            recovers_at_ms: 100,
            capacity_per_ms: 5,
            attempt_ms: 2,
            breaker: None,
            seed: 42,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct RetryReport {
    /// When every attempt was sent to the downstream, in order.
    pub attempt_times: Vec<Millis>,
    /// When every attempt the breaker failed fast was made, in order (none without a breaker).
    pub rejected_times: Vec<Millis>,
    pub succeeded: u32,
    pub gave_up: u32,
    /// Attempts sent to the downstream per client.
    pub amplification: f64,
    /// The most retries (attempts after the first) sent within one millisecond.
    pub peak_retries_per_ms: u32,
    /// When the last client succeeded (0 if none did).
    pub last_success_at: Millis,
    pub mean_success_at: f64,
}

impl RetryReport {
    /// Attempts sent per `bucket_ms`-wide bucket, from time 0 (a bucket of 0 is taken as 1).
    pub fn load(&self, bucket_ms: Millis) -> Vec<u32> {
        bucket_counts(&self.attempt_times, bucket_ms)
    }
}

/// How many of `times` fall in each `bucket_ms`-wide bucket from time 0 (a bucket of 0 is 1).
pub fn bucket_counts(times: &[Millis], bucket_ms: Millis) -> Vec<u32> {
    let bucket_ms = bucket_ms.max(1);
    let mut counts = Vec::new();
    for &t in times {
        let i = (t / bucket_ms) as usize;
        if counts.len() <= i {
            counts.resize(i + 1, 0);
        }
        counts[i] += 1;
    }
    counts
}

enum Due {
    /// The client sends attempt number `attempt` (from 0); `previous_sleep` feeds decorrelated jitter.
    Attempt { attempt: u32, previous_sleep: Millis },
    /// The answer to an attempt comes back (`admission`: what the breaker, if any, said).
    Answer { attempt: u32, previous_sleep: Millis, ok: bool, admission: Admission },
}

pub fn run(p: &RetryParams) -> Result<RetryReport, ModelError> {
    p.backoff.check()?;
    check_range("clients", u64::from(p.clients), 1, u64::from(MAX_CLIENTS))?;
    check_range("capacity_per_ms", u64::from(p.capacity_per_ms), 1, u64::from(u32::MAX))?;
    check_range("attempt_ms", p.attempt_ms, 0, u64::from(u32::MAX))?;
    check_range("recovers_at_ms", p.recovers_at_ms, 0, u64::from(u32::MAX))?;
    let mut breaker = match p.breaker {
        Some(config) => Some(Breaker::new(BreakerConfig { half_open_trigger: super::breaker::HalfOpenTrigger::NextCall, ..config })?),
        None => None,
    };
    let mut random = SeededRandom::new(p.seed);
    let mut agenda = Agenda::new();
    for _ in 0..p.clients {
        agenda.schedule_at(0, Due::Attempt { attempt: 0, previous_sleep: p.backoff.base_ms });
    }
    let mut report = RetryReport {
        attempt_times: Vec::new(),
        rejected_times: Vec::new(),
        succeeded: 0,
        gave_up: 0,
        amplification: 0.0,
        peak_retries_per_ms: 0,
        last_success_at: 0,
        mean_success_at: 0.0,
    };
    // Attempts, and retries among them, the downstream has seen in the millisecond `busy_ms`.
    let (mut busy_ms, mut seen_this_ms, mut retries_this_ms) = (0, 0u32, 0u32);
    let mut success_sum = 0u64;
    while let Some((now, due)) = agenda.pop() {
        match due {
            Due::Attempt { attempt, previous_sleep } => {
                let admission = breaker.as_mut().map_or(Admission::Admitted, |b| b.call(now).0);
                if admission == Admission::Rejected {
                    report.rejected_times.push(now);
                    agenda.schedule_in(0, Due::Answer { attempt, previous_sleep, ok: false, admission });
                    continue;
                }
                report.attempt_times.push(now);
                if now != busy_ms {
                    busy_ms = now;
                    seen_this_ms = 0;
                    retries_this_ms = 0;
                }
                seen_this_ms += 1;
                if attempt > 0 {
                    retries_this_ms += 1;
                    report.peak_retries_per_ms = report.peak_retries_per_ms.max(retries_this_ms);
                }
                let ok = now >= p.recovers_at_ms && seen_this_ms <= p.capacity_per_ms;
                agenda.schedule_in(p.attempt_ms, Due::Answer { attempt, previous_sleep, ok, admission });
            }
            Due::Answer { ok: true, admission, .. } => {
                if let Some(b) = breaker.as_mut() {
                    b.record(now, admission, false);
                }
                report.succeeded += 1;
                report.last_success_at = now;
                success_sum += now;
            }
            Due::Answer { attempt, previous_sleep, ok: false, admission } => {
                if let (Some(b), false) = (breaker.as_mut(), admission == Admission::Rejected) {
                    b.record(now, admission, true);
                }
                if attempt + 1 >= p.backoff.max_attempts {
                    report.gave_up += 1;
                } else {
                    let sleep = p.backoff.sleep(attempt, previous_sleep, &mut random);
                    agenda.schedule_in(sleep, Due::Attempt { attempt: attempt + 1, previous_sleep: sleep });
                }
            }
        }
    }
    report.amplification = report.attempt_times.len() as f64 / f64::from(p.clients);
    if report.succeeded > 0 {
        report.mean_success_at = success_sum as f64 / f64::from(report.succeeded);
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn backoff(jitter: Jitter) -> Backoff {
        Backoff { base_ms: 5, cap_ms: 2_000, jitter, max_attempts: 12 }
    }

    #[test]
    fn plain_exponential_doubles_up_to_the_cap() {
        let sleeps = backoff(Jitter::None).sleeps(1).unwrap();
        assert_eq!(sleeps, [5, 10, 20, 40, 80, 160, 320, 640, 1280, 2000, 2000]);
    }

    #[test]
    fn every_jitter_stays_within_its_formula() {
        for seed in 0..200 {
            for (i, s) in backoff(Jitter::Full).sleeps(seed).unwrap().into_iter().enumerate() {
                assert!(s <= (5u64 << i).min(2_000));
            }
            for (i, s) in backoff(Jitter::Equal).sleeps(seed).unwrap().into_iter().enumerate() {
                let temp = (5u64 << i).min(2_000);
                assert!((temp / 2..=temp).contains(&s), "{s} for temp {temp}");
            }
            let mut previous = 5;
            for s in backoff(Jitter::Decorrelated).sleeps(seed).unwrap() {
                assert!(s >= 5 && s <= (previous * 3).min(2_000), "{s} after {previous}");
                previous = s;
            }
        }
    }

    #[test]
    fn huge_attempt_numbers_saturate_instead_of_overflowing() {
        let b = Backoff { base_ms: 1, cap_ms: MAX_CAP_MS, jitter: Jitter::None, max_attempts: MAX_ATTEMPTS };
        let sleeps = b.sleeps(0).unwrap();
        assert_eq!(sleeps.last(), Some(&MAX_CAP_MS));
    }

    #[test]
    fn amplification_multiplies_across_layers() {
        assert_eq!(amplification(2, 5), 243);
        assert_eq!(amplification(3, 1), 4);
        assert_eq!(amplification(u32::MAX, u32::MAX), u64::MAX);
    }

    #[test]
    fn without_jitter_clients_retry_in_lockstep_with_jitter_they_spread_out() {
        let plain = run(&RetryParams {
            backoff: Backoff { jitter: Jitter::None, ..RetryParams::default().backoff },
            ..RetryParams::default()
        })
        .unwrap();
        let full = run(&RetryParams::default()).unwrap();
        assert_eq!(plain.peak_retries_per_ms, 100, "every retry wave hits at once");
        assert!(full.peak_retries_per_ms < 30, "{}", full.peak_retries_per_ms);
        assert!(full.succeeded > plain.succeeded, "{} vs {}", full.succeeded, plain.succeeded);
        assert!(full.amplification < plain.amplification);
        assert_eq!(plain.succeeded + plain.gave_up, 100);
        assert_eq!(full.load(1_000_000), [full.attempt_times.len() as u32]);
    }

    #[test]
    fn a_breaker_in_front_keeps_retries_off_the_failing_downstream() {
        let storm = RetryParams {
            backoff: Backoff { base_ms: 1, cap_ms: 1, jitter: Jitter::None, max_attempts: 50 },
            clients: 200,
            recovers_at_ms: 500,
            ..RetryParams::default()
        };
        let naive = run(&storm).unwrap();
        let guarded = run(&RetryParams { breaker: Some(BreakerConfig { cooldown_ms: 100, ..BreakerConfig::default() }), ..storm }).unwrap();
        let sent_during_outage = |r: &RetryReport| r.attempt_times.iter().filter(|&&t| t < 500).count();
        assert!(naive.rejected_times.is_empty());
        assert!(!guarded.rejected_times.is_empty());
        assert!(
            sent_during_outage(&guarded) * 10 < sent_during_outage(&naive),
            "{} sent with the breaker, {} without",
            sent_during_outage(&guarded),
            sent_during_outage(&naive)
        );
        // Every attempt was either sent or failed fast, and every client ended one way.
        assert_eq!(guarded.succeeded + guarded.gave_up, 200);
        assert_eq!(bucket_counts(&[0, 9, 10, 25], 10), [2, 1, 1]);
    }

    #[test]
    fn bad_backoffs_are_refused() {
        let b = backoff(Jitter::Full);
        assert_eq!(Backoff { base_ms: 0, ..b }.check().unwrap_err().field, "base_ms");
        assert_eq!(Backoff { cap_ms: 4, ..b }.check().unwrap_err().field, "cap_ms");
        assert_eq!(Backoff { max_attempts: 0, ..b }.check().unwrap_err().field, "max_attempts");
        assert_eq!(run(&RetryParams { clients: 0, ..RetryParams::default() }).unwrap_err().field, "clients");
    }
}
