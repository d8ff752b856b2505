//! An M/M/c queue: Poisson arrivals, exponential service, c servers sharing one FIFO queue.
//!
//! **The rule.** Requests arrive with exponential gaps of mean `1 / arrival_rate_per_ms` and
//! need exponential service of mean `mean_service_ms`. They are served in arrival order by
//! whichever of the `servers` servers frees first, starting at `max(arrival, that server free)`,
//! which is exactly one shared FIFO queue. A request's latency is its wait plus its service. With
//! utilization `ρ = λS / c` below 1 the queue is stable, and for c = 1 latency is exponential with
//! mean `W = S / (1 − ρ)`: p50 ≈ 0.69·W, p90 ≈ 2.3·W, p99 ≈ 4.6·W. The tail grows like
//! `1 / (1 − ρ)`. Times here are fractional milliseconds, since a queue of 10 ms services cannot
//! be measured on a whole-millisecond clock.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

use super::error::{check_positive, check_range};
use super::ModelError;
use crate::rng::SeededRandom;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MmcParams {
    /// λ, requests per ms.
    pub arrival_rate_per_ms: f64,
    /// S = 1/μ.
    pub mean_service_ms: f64,
    pub servers: u32,
    /// Requests measured.
    pub requests: u32,
    /// Requests simulated first and not measured, so the queue starts from its steady state.
    pub warmup: u32,
    pub seed: u32,
}

/// The most requests a run measures: it keeps every latency to sort.
pub const MAX_REQUESTS: u32 = 5_000_000;
pub const MAX_SERVERS: u32 = 10_000;

impl Default for MmcParams {
    /// One server, S = 10 ms, ρ = 0.8.
    fn default() -> Self {
        Self {
            arrival_rate_per_ms: 0.08,
            mean_service_ms: 10.0,
            servers: 1,
            requests: 200_000,
            warmup: 10_000,
            seed: 42,
        }
    }
}

/// Latency percentiles, in ms.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Latency {
    pub mean_ms: f64,
    pub p50_ms: f64,
    pub p90_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
}

/// How many requests' latencies fall in each of `counts.len()` equal bins from 0 to `to_ms`
/// (the last bin also holds every latency above it).
#[derive(Clone, Debug, PartialEq)]
pub struct Histogram {
    pub to_ms: f64,
    pub counts: Vec<u32>,
}

/// The bins of [`MmcReport::histogram`], which spans 0 to the 99.9th percentile.
pub const HISTOGRAM_BINS: usize = 60;

#[derive(Clone, Debug, PartialEq)]
pub struct MmcReport {
    /// ρ = λS / c.
    pub utilization: f64,
    pub latency: Latency,
    pub max_ms: f64,
    pub mean_wait_ms: f64,
    /// Requests that found every server busy.
    pub waited_fraction: f64,
    /// The textbook values, when the queue is stable.
    pub theory: Option<Theory>,
    pub histogram: Histogram,
}

/// Steady-state results for M/M/c (Erlang C).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Theory {
    /// The chance an arrival waits: Erlang C.
    pub wait_probability: f64,
    pub mean_wait_ms: f64,
    pub mean_ms: f64,
    /// Percentiles of latency, known in closed form for one server: `−ln(1 − p) · S / (1 − ρ)`.
    pub one_server: Option<Latency>,
}

/// The textbook M/M/c values, or `None` if `ρ >= 1` (no steady state) or an input is not a
/// positive finite number.
pub fn theory(arrival_rate_per_ms: f64, mean_service_ms: f64, servers: u32) -> Option<Theory> {
    if check_positive("", arrival_rate_per_ms).is_err() || check_positive("", mean_service_ms).is_err() || servers == 0
    {
        return None;
    }
    let offered = arrival_rate_per_ms * mean_service_ms;
    let c = f64::from(servers);
    let rho = offered / c;
    if rho >= 1.0 {
        return None;
    }
    // Erlang B by its stable recursion, then Erlang C from it.
    let blocking = (1..=servers).fold(1.0, |b, k| offered * b / (f64::from(k) + offered * b));
    let wait_probability = blocking / (1.0 - rho * (1.0 - blocking));
    let mean_wait_ms = wait_probability * mean_service_ms / (c - offered);
    let mean_ms = mean_wait_ms + mean_service_ms;
    let one_server = (servers == 1).then(|| {
        let w = mean_service_ms / (1.0 - rho);
        let quantile = |p: f64| -libm::log(1.0 - p) * w;
        Latency { mean_ms: w, p50_ms: quantile(0.5), p90_ms: quantile(0.9), p95_ms: quantile(0.95), p99_ms: quantile(0.99) }
    });
    Some(Theory { wait_probability, mean_wait_ms, mean_ms, one_server })
}

/// A server's free time, ordered so that a heap can hold them.
#[derive(Clone, Copy, Debug, PartialEq)]
struct FreeAt(f64);

impl Eq for FreeAt {}

impl PartialOrd for FreeAt {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for FreeAt {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.total_cmp(&other.0)
    }
}

/// An exponential draw of the given mean, from one uniform number.
fn exponential(random: &mut SeededRandom, mean: f64) -> f64 {
    -libm::log(1.0 - random.next_f64()) * mean
}

pub fn run(p: &MmcParams) -> Result<MmcReport, ModelError> {
    check_positive("arrival_rate_per_ms", p.arrival_rate_per_ms)?;
    check_positive("mean_service_ms", p.mean_service_ms)?;
    check_range("servers", u64::from(p.servers), 1, u64::from(MAX_SERVERS))?;
    check_range("requests", u64::from(p.requests), 1, u64::from(MAX_REQUESTS))?;
    check_range("warmup", u64::from(p.warmup), 0, u64::from(MAX_REQUESTS))?;
    let mut random = SeededRandom::new(p.seed);
    let mean_gap = 1.0 / p.arrival_rate_per_ms;
    // Invariant: one entry per server, the earliest free on top.
    let mut servers: BinaryHeap<Reverse<FreeAt>> = (0..p.servers).map(|_| Reverse(FreeAt(0.0))).collect();
    let mut latencies = Vec::with_capacity(p.requests as usize);
    let (mut arrival, mut wait_sum, mut waited) = (0.0f64, 0.0f64, 0u32);
    for n in 0..(p.warmup + p.requests) {
        arrival += exponential(&mut random, mean_gap);
        let service = exponential(&mut random, p.mean_service_ms);
        let Some(Reverse(FreeAt(free))) = servers.pop() else { break };
        let start = arrival.max(free);
        servers.push(Reverse(FreeAt(start + service)));
        if n >= p.warmup {
            wait_sum += start - arrival;
            waited += u32::from(free > arrival);
            latencies.push(start + service - arrival);
        }
    }
    latencies.sort_unstable_by(f64::total_cmp);
    let count = latencies.len() as f64;
    let percentile = |q: f64| latencies[((q * count).ceil() as usize).clamp(1, latencies.len()) - 1];
    let latency = Latency {
        mean_ms: latencies.iter().sum::<f64>() / count,
        p50_ms: percentile(0.5),
        p90_ms: percentile(0.9),
        p95_ms: percentile(0.95),
        p99_ms: percentile(0.99),
    };
    let to_ms = percentile(0.999).max(f64::MIN_POSITIVE);
    let mut counts = vec![0u32; HISTOGRAM_BINS];
    for &l in &latencies {
        let bin = ((l / to_ms) * HISTOGRAM_BINS as f64) as usize;
        counts[bin.min(HISTOGRAM_BINS - 1)] += 1;
    }
    Ok(MmcReport {
        utilization: p.arrival_rate_per_ms * p.mean_service_ms / f64::from(p.servers),
        latency,
        max_ms: latencies.last().copied().unwrap_or(0.0),
        mean_wait_ms: wait_sum / count,
        waited_fraction: f64::from(waited) / count,
        theory: theory(p.arrival_rate_per_ms, p.mean_service_ms, p.servers),
        histogram: Histogram { to_ms, counts },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(got: f64, want: f64, tolerance: f64) -> bool {
        (got - want).abs() <= tolerance * want
    }

    #[test]
    fn the_theory_matches_the_worked_numbers() {
        // M/M/1's response time is exponential with mean S/(1−ρ), so its p99 is ln(100)·S/(1−ρ):
        // S = 10 ms gives ρ 0.5 → mean 20, p99 92.1; ρ 0.9 → mean 100, p99 460.5.
        let half = theory(0.05, 10.0, 1).unwrap().one_server.unwrap();
        assert!(close(half.mean_ms, 20.0, 1e-9) && close(half.p99_ms, 92.1, 0.001));
        let busy = theory(0.09, 10.0, 1).unwrap().one_server.unwrap();
        assert!(close(busy.mean_ms, 100.0, 1e-9) && close(busy.p99_ms, 460.5, 0.001));
        assert!(close(theory(0.05, 10.0, 1).unwrap().wait_probability, 0.5, 1e-9), "one server: P(wait) = ρ");
        assert_eq!(theory(0.1, 10.0, 1), None, "ρ = 1 has no steady state");
        assert_eq!(theory(f64::NAN, 10.0, 1), None);
    }

    #[test]
    fn m_m_1_simulation_agrees_with_theory_at_half_and_eighty_percent_load() {
        for (rate, mean_tol, p99_tol) in [(0.05, 0.04, 0.06), (0.08, 0.06, 0.08)] {
            let p = MmcParams { arrival_rate_per_ms: rate, requests: 400_000, warmup: 20_000, ..MmcParams::default() };
            let r = run(&p).unwrap();
            let t = r.theory.unwrap().one_server.unwrap();
            assert!(
                close(r.latency.mean_ms, t.mean_ms, mean_tol),
                "ρ {}: mean {} vs {}",
                r.utilization,
                r.latency.mean_ms,
                t.mean_ms
            );
            assert!(close(r.latency.p50_ms, t.p50_ms, p99_tol), "p50 {} vs {}", r.latency.p50_ms, t.p50_ms);
            assert!(
                close(r.latency.p99_ms, t.p99_ms, p99_tol),
                "ρ {}: p99 {} vs {}",
                r.utilization,
                r.latency.p99_ms,
                t.p99_ms
            );
            assert!(close(r.latency.p95_ms, t.p95_ms, p99_tol), "p95 {} vs {}", r.latency.p95_ms, t.p95_ms);
            assert!(close(r.latency.p99_ms / r.latency.mean_ms, 4.6, 0.1), "p99 ≈ 4.6 W");
            // An exponential's histogram falls: the first bin holds the most, and every request is in one.
            let h = &r.histogram;
            assert_eq!(h.counts.iter().map(|&c| u64::from(c)).sum::<u64>(), u64::from(p.requests));
            assert!(h.counts[0] > h.counts[HISTOGRAM_BINS / 2] && h.counts[HISTOGRAM_BINS / 2] > h.counts[HISTOGRAM_BINS - 2]);
            assert!(close(r.waited_fraction, r.utilization, 0.03));
        }
    }

    #[test]
    fn four_servers_sharing_a_queue_match_erlang_c_and_beat_four_separate_queues() {
        let shared = MmcParams { arrival_rate_per_ms: 0.32, servers: 4, requests: 300_000, ..MmcParams::default() };
        let r = run(&shared).unwrap();
        let t = r.theory.unwrap();
        assert!(close(r.latency.mean_ms, t.mean_ms, 0.05), "{} vs {}", r.latency.mean_ms, t.mean_ms);
        assert!(close(r.waited_fraction, t.wait_probability, 0.05));
        let separate = run(&MmcParams { arrival_rate_per_ms: 0.08, servers: 1, ..shared }).unwrap();
        assert!(
            r.latency.p99_ms < 0.6 * separate.latency.p99_ms,
            "{} vs {}",
            r.latency.p99_ms,
            separate.latency.p99_ms
        );
    }

    #[test]
    fn an_overloaded_queue_still_runs_and_has_no_theory() {
        let r =
            run(&MmcParams { arrival_rate_per_ms: 0.2, requests: 1_000, warmup: 0, ..MmcParams::default() }).unwrap();
        assert!(r.utilization > 1.0 && r.theory.is_none());
        assert!(r.latency.p99_ms.is_finite());
    }

    #[test]
    fn same_seed_same_numbers_and_bad_rates_are_refused() {
        let p = MmcParams { requests: 5_000, ..MmcParams::default() };
        assert_eq!(run(&p).unwrap(), run(&p).unwrap());
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            assert_eq!(run(&MmcParams { arrival_rate_per_ms: bad, ..p }).unwrap_err().field, "arrival_rate_per_ms");
            assert_eq!(run(&MmcParams { mean_service_ms: bad, ..p }).unwrap_err().field, "mean_service_ms");
        }
        assert_eq!(run(&MmcParams { servers: 0, ..p }).unwrap_err().field, "servers");
        assert_eq!(run(&MmcParams { requests: 0, ..p }).unwrap_err().field, "requests");
    }
}
