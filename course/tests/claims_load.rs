//! The claims of the lesson "Load, queueing and tail latency" (`content/load.md`). Two kinds:
//! figures the lesson computes from a formula (M/M/1, Erlang C, Little's law, fan-out, retries,
//! Pollaczek–Khinchine), recomputed here from the formula and compared with the figure as the
//! lesson writes it; and what Node does (the event-loop histogram and utilisation, CPU work in a
//! handler, worker threads, the cluster primary, the admission-control fragment, the two
//! runners), checked by running complete programs in Node 20 around the lesson's fragments.
//! Nothing Node prints is written down here.

mod support;

use inflight_course::with_knob;
use inflight_engine::js::view::{LaneState, ViewOptions, DEFAULT_MAX_STEPS};
use inflight_engine::js::{report, Limits, DEFAULT_HEAP_LIMIT, DEFAULT_STEP_BUDGET};
use support::*;

// ---------------------------------------------------------------------------------------------
// Reading figures out of the prose

/// The decimal number that follows `before` in `text` (digits, `,` between thousands, one `.`).
fn decimal_after(text: &str, before: &str) -> f64 {
    let at = text.find(before).unwrap_or_else(|| panic!("{before:?} is not in {text:?}")) + before.len();
    let mut digits: String = text[at..].chars().take_while(|c| c.is_ascii_digit() || *c == ',' || *c == '.').filter(|c| *c != ',').collect();
    while digits.ends_with('.') {
        digits.pop(); // a full stop after the number
    }
    digits.parse().unwrap_or_else(|_| panic!("no number after {before:?} in {text:?}"))
}

/// A table cell such as `1,000 ms`, `80%` or `9`, as a number.
fn cell_number(cell: &str) -> f64 {
    let digits: String = cell.chars().filter(|c| c.is_ascii_digit() || *c == '.').collect();
    digits.parse().unwrap_or_else(|_| panic!("{cell:?} is not a number"))
}

/// Equal but for floating-point rounding.
fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// The whole number that follows `before`, written with `_` or `,` between digit groups.
fn int_after(text: &str, before: &str) -> u64 {
    let at = text.find(before).unwrap_or_else(|| panic!("{before:?} is not in {text:?}")) + before.len();
    let digits: String = text[at..].chars().take_while(|c| c.is_ascii_digit() || *c == '_' || *c == ',').filter(|c| c.is_ascii_digit()).collect();
    digits.parse().unwrap_or_else(|_| panic!("no number after {before:?} in {text:?}"))
}

/// `value` rounded as the lesson writes it: whole milliseconds, or whole percent.
fn round(value: f64) -> f64 {
    value.round()
}

// ---------------------------------------------------------------------------------------------
// The models, computed here

const LN_100: f64 = 4.605_170_185_988_091;

/// M/M/1: mean response time.
fn mm1_mean(s: f64, rho: f64) -> f64 {
    s / (1.0 - rho)
}

/// M/M/1: the response time's quantile `p` (it is exponential with mean S/(1 − ρ)).
fn mm1_quantile(s: f64, rho: f64, p: f64) -> f64 {
    -(1.0 - p).ln() * mm1_mean(s, rho)
}

/// Erlang C: the chance that a request waits, c servers each at utilisation ρ.
fn erlang_c(c: u32, rho: f64) -> f64 {
    let a = f64::from(c) * rho;
    let mut term = 1.0; // a^k / k!
    let mut sum = 0.0;
    for k in 0..c {
        sum += term;
        term *= a / f64::from(k + 1);
    }
    let top = term / (1.0 - rho);
    top / (sum + top)
}

/// M/M/c: mean response time.
fn mmc_mean(c: u32, rho: f64, s: f64) -> f64 {
    s + erlang_c(c, rho) * s / (f64::from(c) * (1.0 - rho))
}

/// M/M/c: P(T > t), service (rate μ) plus, with probability C, a wait exponential with rate
/// θ = cμ − λ. Written as the convolution of the two exponentials, independently of the runner's
/// form.
fn mmc_tail(c: u32, rho: f64, s: f64, t: f64) -> f64 {
    let mu = 1.0 / s;
    let theta = f64::from(c) * mu * (1.0 - rho);
    let both = if (theta - mu).abs() < 1e-12 {
        (-mu * t).exp() * (1.0 + mu * t)
    } else {
        (theta * (-mu * t).exp() - mu * (-theta * t).exp()) / (theta - mu)
    };
    let c_wait = erlang_c(c, rho);
    (1.0 - c_wait) * (-mu * t).exp() + c_wait * both
}

fn mmc_quantile(c: u32, rho: f64, s: f64, p: f64) -> f64 {
    let (mut lo, mut hi) = (0.0, 1e6);
    for _ in 0..200 {
        let mid = (lo + hi) / 2.0;
        if mmc_tail(c, rho, s, mid) > 1.0 - p {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    lo
}

/// Pollaczek–Khinchine: the mean wait in the queue of M/G/1, with Cₛ the service time's
/// coefficient of variation.
fn pk_wait(rho: f64, s: f64, cs: f64) -> f64 {
    rho * s * (1.0 + cs * cs) / (2.0 * (1.0 - rho))
}

// ---------------------------------------------------------------------------------------------
// The formulas and their tables

/// The M/M/1 bullet list, the table at S = 10 ms ("| ρ | mean W | p50 | p99 | p99 in service
/// times |"), and the reading of it: "From half busy to 90% busy the p99 gets five times worse,
/// for 80% more throughput, and from 90% to 99% ten times worse again."
#[test]
fn the_mm1_table_is_the_formula() {
    let md = lesson("load");
    assert!(md.contains("- the mean response time, waiting plus service, is **W = S / (1 − ρ)**;"));
    let bullet = prose(&md, "so the p50 is ln 2 ≈");
    assert_eq!(decimal_after(&bullet, "ln 2 ≈ "), (2f64.ln() * 100.0).round() / 100.0, "{bullet}");
    assert_eq!(decimal_after(&bullet, "ln 100 ≈ "), (LN_100 * 10.0).round() / 10.0, "{bullet}");
    assert!(bullet.contains(&format!("**p99 ≈ {:.1} · S / (1 − ρ)**", LN_100)), "{bullet}");
    let quantile = prose(&md, "the response time is itself exponentially distributed");
    assert!(quantile.contains("e^(−t·(1 − ρ)/S)") && quantile.contains("−ln(1 − p) · S / (1 − ρ)"), "{quantile}");
    // The survival function and the quantile agree with each other.
    for rho in [0.5, 0.9] {
        let t = mm1_quantile(10.0, rho, 0.99);
        assert!(((-t * (1.0 - rho) / 10.0).exp() - 0.01).abs() < 1e-12);
    }
    let s = decimal_after(&prose(&md, "With S = 10 ms:"), "With S = ");
    for rho in ["0.5", "0.8", "0.9", "0.95", "0.99"] {
        let row = table_row(&md, rho);
        let r: f64 = rho.parse().unwrap();
        let expect = [mm1_mean(s, r), mm1_quantile(s, r, 0.5), mm1_quantile(s, r, 0.99), mm1_quantile(s, r, 0.99) / s];
        for (i, want) in expect.iter().enumerate() {
            assert_eq!(cell_number(&row[i + 1]), round(*want), "ρ = {rho}, column {}: {row:?}", i + 1);
        }
        for (i, unit) in [(1, " ms"), (2, " ms"), (3, " ms")] {
            assert!(row[i].ends_with(unit), "{row:?}");
        }
    }
    let reading = prose(&md, "Read down the p99 column.");
    let p99 = |r: f64| mm1_quantile(s, r, 0.99);
    assert!(reading.contains("From half busy to 90% busy the p99 gets five times worse, for 80% more throughput, and from 90% to 99% ten times worse again"), "{reading}");
    assert!((p99(0.9) / p99(0.5) - 5.0).abs() < 1e-9 && (0.9f64 / 0.5 - 1.8).abs() < 1e-12 && (p99(0.99) / p99(0.9) - 10.0).abs() < 1e-9);
    let summary = prose(&md, "- M/M/1: W = S/(1 − ρ)");
    assert!(summary.contains("From 50% to 90% busy the p99 gets five times worse, and from 90% to 99% ten times worse again"), "{summary}");
}

/// The incident: "a process could serve at most 100 quotes a second ... 240 requests a second,
/// 60 per process, with a mean response time of 25 ms and a p99 of 115 ms"; at 370 requests a
/// second, "92.5%", "a mean of 133 ms", "614 ms"; "about 10.5% of calls took longer than
/// 300 ms ... more than 10% extra traffic, which took every process past the 100 requests a
/// second it could serve"; the load test's "50 requests a second ... a p99 of 92 ms"; and the
/// M/M/1 section's "The incident's figures are this formula's".
#[test]
fn the_incidents_figures_are_mm1s() {
    let md = lesson("load");
    let first = prose(&md, "A quote service ran as four Node processes");
    let processes = 4.0;
    let s = decimal_after(&first, "Computing a quote took about ");
    let capacity = decimal_after(&first, "could serve at most ");
    assert_eq!(capacity, 1000.0 / s, "{first}");
    let normal = decimal_after(&first, "the service took ");
    let per_process = decimal_after(&first, "requests a second, ");
    assert_eq!(per_process, normal / processes);
    let rho_normal = per_process * s / 1000.0;
    assert_eq!(decimal_after(&first, "mean response time of "), round(mm1_mean(s, rho_normal)), "{first}");
    assert_eq!(decimal_after(&first, "a p99 of "), round(mm1_quantile(s, rho_normal, 0.99)), "{first}");

    let spike = prose(&md, "A promotion raised the traffic to ");
    let rho_spike = decimal_after(&spike, "raised the traffic to ") / processes * s / 1000.0;
    assert!(close(decimal_after(&spike, "CPU went to ") / 100.0, rho_spike), "{spike}");
    assert_eq!(decimal_after(&spike, "8% headroom, a mean of "), round(mm1_mean(s, rho_spike)), "{spike}");
    assert!(spike.contains("8% headroom") && round((1.0 - rho_spike) * 100.0 + 1e-9) == 8.0);
    assert_eq!(decimal_after(&spike, "was "), round(mm1_quantile(s, rho_spike, 0.99)), "{spike}");

    let retries = prose(&md, "The checkout called the service with a ");
    let timeout = decimal_after(&retries, "with a ");
    let slower = (-timeout * (1.0 - rho_spike) / s).exp();
    assert_eq!(decimal_after(&retries, "At that load about "), (slower * 1000.0).round() / 10.0, "{retries}");
    assert!(retries.contains(&format!("took longer than {timeout} ms")), "{retries}");
    assert!(retries.contains("more than 10% extra traffic") && slower > 0.10, "{retries}");
    assert!(retries.contains(&format!("past the {capacity} requests a second it could serve")));
    assert!(rho_spike * (1.0 + slower) > 1.0, "the retries alone do not take a process past its capacity");

    let test = prose(&md, "A load test a month earlier");
    let rho_test = decimal_after(&test, "driven one process at ") * s / 1000.0;
    assert_eq!(decimal_after(&test, "measured a p99 of "), round(mm1_quantile(s, rho_test, 0.99)), "{test}");

    let recap = prose(&md, "The incident's figures are this formula's");
    assert_eq!(decimal_after(&recap, "at ρ = "), rho_normal);
    assert!(recap.contains(&format!("a mean of {} ms and a p99 of {} ms", round(mm1_mean(s, rho_normal)), round(mm1_quantile(s, rho_normal, 0.99)))), "{recap}");
    assert!(recap.contains(&format!("at {rho_spike}, {} ms and {} ms", round(mm1_mean(s, rho_spike)), round(mm1_quantile(s, rho_spike, 0.99)))), "{recap}");
    let exponent = decimal_after(&recap, "one-in-e^");
    assert!((exponent - timeout * (1.0 - rho_spike) / s).abs() < 1e-9, "{recap}");
    assert!(recap.contains(&format!("{}%, of taking longer than {timeout} ms", (slower * 1000.0).round() / 10.0)), "{recap}");
}

/// "**ρ = λ·S** ... At 92.5 requests a second and 10 ms each, ρ = 0.925."
#[test]
fn utilisation_is_rate_times_service_time() {
    let md = lesson("load");
    let line = prose(&md, "At 92.5 requests a second and 10 ms each");
    assert_eq!(decimal_after(&line, "At ") * decimal_after(&line, "a second and ") / 1000.0, decimal_after(&line, "ρ = "));
}

/// Erlang C and the pooling table at 80% and S = 10 ms: separate queues are M/M/1 in every row;
/// one shared queue has Erlang C's chance of waiting, its mean and its p99. "For c = 1 the chance
/// of waiting is ρ and W is M/M/1's", and "sixteen pooled servers at 80% answer faster on
/// average than one server at 50%".
#[test]
fn erlang_c_and_the_pooling_table() {
    let md = lesson("load");
    let intro = prose(&md, "A shared queue, at the same ");
    let rho = decimal_after(&intro, "at the same ") / 100.0;
    let s = decimal_after(&intro, "and S = ");
    assert!(md.contains("| Servers | Own queue each: mean, p99 | One shared queue: chance of waiting | mean | p99 |"));
    for c in [1u32, 2, 4, 8, 16] {
        let row = table_row(&md, &c.to_string());
        assert_eq!(row[1], format!("{} ms, {} ms", round(mm1_mean(s, rho)), round(mm1_quantile(s, rho, 0.99))), "{c} servers: {row:?}");
        assert_eq!(cell_number(&row[2]), round(100.0 * erlang_c(c, rho)), "{c} servers: {row:?}");
        assert_eq!(cell_number(&row[3]), round(mmc_mean(c, rho, s)), "{c} servers: {row:?}");
        assert_eq!(cell_number(&row[4]), round(mmc_quantile(c, rho, s, 0.99)), "{c} servers: {row:?}");
    }
    // c = 1 is M/M/1, by both routes.
    for r in [0.3, 0.5, 0.8, 0.95] {
        assert!((erlang_c(1, r) - r).abs() < 1e-12);
        assert!((mmc_mean(1, r, s) - mm1_mean(s, r)).abs() < 1e-9);
        assert!((mmc_quantile(1, r, s, 0.99) - mm1_quantile(s, r, 0.99)).abs() < 1e-6);
    }
    let c1 = prose(&md, "For c = 1 the chance of waiting is ρ");
    assert!(c1.contains("W is M/M/1's"), "{c1}");
    let claim = prose(&md, "sixteen pooled servers at 80% answer faster on average than one server at 50%");
    assert!(claim.contains("so a large pool can run hotter"), "{claim}");
    assert!(mmc_mean(16, 0.8, s) < mm1_mean(s, 0.5));
    let why = prose(&md, "Random arrivals see the server as it is on average");
    assert!(why.contains("why Erlang C at c = 1 is ρ"), "{why}");
}

/// Little's law and the pool of 20: "2,000 × 0.05 = 100", "20 / 0.05 = 400", "at ρ = 5",
/// "2,000 × 0.008 = 16 connections are busy on average, 80% of the pool", "26% of queries then
/// wait for a connection, about half a millisecond on average, where a single connection 80%
/// busy would make its queries wait 32 ms"; backwards: "300 jobs drained at 100 a second means the
/// newest waits 3 s" and "20 / 100 = 200 ms"; the admission limit "100 × 0.2 = 20".
#[test]
fn littles_law_and_the_pool_of_twenty() {
    let md = lesson("load");
    let first = prose(&md, "A service at 2,000 requests a second with a mean latency of 50 ms");
    let (rate, latency) = (2000.0, 0.05);
    assert_eq!(decimal_after(&first, "has 2,000 × 0.05 = "), rate * latency);
    let pool = prose(&md, "Say each of those requests queries a database through a pool of ");
    let size = decimal_after(&pool, "through a pool of ");
    assert_eq!(decimal_after(&pool, "the service needs "), rate * latency);
    assert_eq!(decimal_after(&pool, "20 / 0.05 = "), size / latency);
    assert_eq!(decimal_after(&pool, "at ρ = "), rate * latency / size);
    let query = decimal_after(&pool, "only for its ") / 1000.0;
    let busy = rate * query;
    assert!(close(decimal_after(&pool, "2,000 × 0.008 = "), busy));
    let rho = busy / size;
    assert!(close(decimal_after(&pool, "are busy on average, ") / 100.0, rho), "{pool}");
    let waits = erlang_c(size as u32, rho);
    assert_eq!(decimal_after(&pool, "Erlang C says "), round(100.0 * waits), "{pool}");
    let mean_wait_ms = waits * query * 1000.0 / (size * (1.0 - rho));
    assert!(pool.contains("about half a millisecond on average") && (mean_wait_ms - 0.5).abs() < 0.05, "mean wait {mean_wait_ms} ms: {pool}");
    let single = rho * query * 1000.0 / (1.0 - rho); // M/M/1's wait in the queue
    assert_eq!(decimal_after(&pool, "would make its queries wait "), round(single), "{pool}");
    assert!(pool.contains(&format!("a single connection {}% busy", round(rho * 100.0))));

    let back = prose(&md, "It works backwards too.");
    assert_eq!(decimal_after(&back, "A backlog of ") / decimal_after(&back, "jobs drained at "), decimal_after(&back, "the newest waits "));
    assert_eq!(decimal_after(&back, "admits at most ") / decimal_after(&back, "a process that serves ") * 1000.0, decimal_after(&back, "20 / 100 = "));

    let fragment = block(&md, "js", "const MAX_IN_FLIGHT = ");
    let limit = number_after(&fragment, "const MAX_IN_FLIGHT = ") as f64;
    let comment = decimal_after(&fragment, "; // ");
    let budget = decimal_after(&fragment, "requests a second × a ");
    assert_eq!(comment * budget / 1000.0, limit, "{fragment}");
    let why = prose(&md, "The limit comes from Little's law");
    assert!(why.contains(&format!("{comment} requests a second with a latency budget of {budget} ms should hold at most 100 × 0.2 = {limit}")), "{why}");
}

/// "1 − 0.99^10 ≈ 9.6%: nearly one page view in ten. With a hundred backends it is 63%. The
/// leaf's p99 is about the p90 of the page that calls ten of them."
#[test]
fn fan_out_makes_the_tail_common() {
    let md = lesson("load");
    let line = prose(&md, "Fan-out makes the tail everybody's problem.");
    let ten = 1.0 - 0.99f64.powi(10);
    assert_eq!(decimal_after(&line, "1 − 0.99^10 ≈ "), (ten * 1000.0).round() / 10.0);
    assert!(line.contains("nearly one page view in ten") && ten < 0.1);
    assert_eq!(decimal_after(&line, "With a hundred backends it is "), round(100.0 * (1.0 - 0.99f64.powi(100))));
    assert!(line.contains("about the p90 of the page that calls ten of them") && (0.99f64.powi(10) - 0.90).abs() < 0.01);
}

/// "At ρ = 0.9 with S = 10 ms, 5% of the traffic coming back as retries pushes ρ to 0.945 and
/// the mean response time from 100 ms to 182 ms", and "three attempts at each of five layers is
/// 3^5 = 243 calls".
#[test]
fn retries_push_utilisation_and_layers_multiply_them() {
    let md = lesson("load");
    let line = prose(&md, "Refusing only helps if clients take it well.");
    let rho = decimal_after(&line, "At ρ = ");
    let s = decimal_after(&line, "with S = ");
    let extra = decimal_after(&line, "10 ms, ") / 100.0;
    let pushed = decimal_after(&line, "pushes ρ to ");
    assert!((rho * (1.0 + extra) - pushed).abs() < 1e-12, "{line}");
    assert_eq!(decimal_after(&line, "the mean response time from "), round(mm1_mean(s, rho)));
    assert_eq!(decimal_after(&line, "ms to "), round(mm1_mean(s, pushed)), "{line}");
    assert!(line.contains("three attempts at each of five layers is 3^5 = "));
    assert_eq!(decimal_after(&line, "3^5 = "), 3f64.powi(5));
}

/// Why this works: "ten requests more than usual take 10 × 10 / 0.1 = 1,000 ms to clear, though
/// serving them takes 100 ms"; Pollaczek–Khinchine: "Exponential service has Cₛ = 1, which gives
/// M/M/1's wait; identical service times, Cₛ = 0, halve it. An endpoint where one request in a
/// hundred takes 100 times as long as the rest has Cₛ ≈ 5, and waits about 13 times as long as
/// M/M/1 with the same mean and utilisation"; and Kingman with Cₐ = Cₛ = 1 is M/M/1's wait.
#[test]
fn the_backlog_and_the_variability_figures() {
    let md = lesson("load");
    let drain = prose(&md, "A backlog drains at the difference between the two rates");
    let rho = decimal_after(&drain, "At ρ = ");
    let s = decimal_after(&drain, "and S = ");
    let extra = 10.0;
    assert!(drain.contains("ten requests more than usual take 10 × 10 / 0.1 = ") && (1.0 - rho - 0.1).abs() < 1e-12 && s == 10.0, "{drain}");
    assert_eq!(decimal_after(&drain, "10 × 10 / 0.1 = "), round(extra * s / (1.0 - rho)));
    assert_eq!(decimal_after(&drain, "though serving them takes "), extra * s);

    let pk = prose(&md, "Variability counts as much as the mean.");
    assert!(pk.contains("**ρ·S·(1 + Cₛ²) / (2·(1 − ρ))**"), "{pk}");
    for r in [0.5, 0.9] {
        assert!((pk_wait(r, s, 1.0) - (mm1_mean(s, r) - s)).abs() < 1e-9, "Cₛ = 1 is not M/M/1's wait");
        assert!((pk_wait(r, s, 0.0) * 2.0 - pk_wait(r, s, 1.0)).abs() < 1e-9, "Cₛ = 0 does not halve it");
    }
    // One request in a hundred takes 100 times as long as the rest.
    let (p, k): (f64, f64) = (0.01, 100.0);
    let mean = (1.0 - p) + p * k;
    let second = (1.0 - p) + p * k * k;
    let cs = (second - mean * mean).sqrt() / mean;
    assert!(pk.contains("one request in a hundred takes 100 times as long as the rest"), "{pk}");
    assert_eq!(decimal_after(&pk, "has Cₛ ≈ "), cs.round(), "Cₛ = {cs}");
    assert_eq!(decimal_after(&pk, "and waits about "), (pk_wait(0.8, 1.0, cs) / pk_wait(0.8, 1.0, 1.0)).round(), "{pk}");
    assert!(pk.contains("times as long as M/M/1 with the same mean and utilisation"), "{pk}");
    assert!(pk.contains("**W_q ≈ ρ/(1 − ρ) · (Cₐ² + Cₛ²)/2 · S**"), "{pk}");
    let kingman = |r: f64, ca: f64, cs: f64| r / (1.0 - r) * (ca * ca + cs * cs) / 2.0 * s;
    assert!((kingman(0.9, 1.0, 1.0) - pk_wait(0.9, s, 1.0)).abs() < 1e-9);
}

/// The figures in the questions: 60% to 90% "About four times", "from 115 ms to 461 ms";
/// 90 requests a second at 10 ms: 100 ms; the review prompt's "at 70% is about 4.6 × 10 / 0.3 ≈
/// 154 ms; at 90% it is about 461 ms, three times worse, while the bill shrinks by less than a
/// quarter"; and "1/(1 − ρ) goes from 2.5 to 10".
#[test]
fn the_questions_figures() {
    let md = lesson("load");
    let s = 10.0;
    let quiz = block(&md, "quiz id=sixty-to-ninety", "?");
    assert!(quiz.contains("- [x] About four times"), "{quiz}");
    assert!((mm1_quantile(s, 0.9, 0.99) / mm1_quantile(s, 0.6, 0.99) - 4.0).abs() < 1e-9);
    assert!(quiz.contains(&format!("the p99 goes from {} ms to {} ms", round(mm1_quantile(s, 0.6, 0.99)), round(mm1_quantile(s, 0.9, 0.99)))), "{quiz}");
    assert!(quiz.contains("1/(1 − ρ) goes from 2.5 to 10"), "{quiz}");
    assert!((1.0 / (1.0 - 0.6f64) - 2.5).abs() < 1e-12 && (1.0 / (1.0 - 0.9f64) - 10.0).abs() < 1e-9);

    let short = block(&md, "quiz short id=mean-at-ninety-per-second", "?");
    let rate = decimal_after(&short, "receives ");
    let service = decimal_after(&short, "spends ");
    assert_eq!(decimal_after(&short, "\n= "), round(mm1_mean(service, rate * service / 1000.0)), "{short}");

    let review = block(&md, "quiz review id=raise-the-cpu-target", "?");
    let at70 = mm1_quantile(s, 0.7, 0.99);
    let at90 = mm1_quantile(s, 0.9, 0.99);
    assert!(review.contains(&format!("at 70% is about 4.6 × 10 / 0.3 ≈ {} ms", round(at70))), "{review}");
    assert!(review.contains(&format!("at 90% it is about {} ms, three times worse", round(at90))), "{review}");
    assert!((at90 / at70 - 3.0).abs() < 1e-9);
    let spike = decimal_after(&review, "left to drain into: ") / 100.0;
    assert!(review.contains("A spike then has a tenth of the capacity left") && 0.9 * (1.0 + spike) > 1.0 && 0.9 * (1.0 + spike - 0.01) <= 1.0, "{review}");
    let pool = block(&md, "quiz review id=pool-of-twenty", "?");
    let rate = decimal_after(&pool, "takes ");
    let size = decimal_after(&pool, "through a pool of ");
    let hold = decimal_after(&pool, "holds its connection for ") / 1000.0;
    assert!(close(decimal_after(&pool, "ms, "), rate * hold) && close(rate * hold, size), "{pool}");
    assert!(pool.contains(&format!("are busy at {} requests a second: the pool is at 100%", "2,000")), "{pool}");
    // Instances scale with 1/target: from 1/0.7 to 1/0.9.
    let saved = 1.0 - 0.7 / 0.9;
    assert!(review.contains("the bill shrinks by less than a quarter") && saved < 0.25 && saved > 0.2, "{saved}");
}

// ---------------------------------------------------------------------------------------------
// Node: the event loop as a server

/// Runs `code` in Node with no other Node program of this file running: for the claims about
/// timing, which two busy cores would skew.
fn run_alone(tag: &str, file: &str, code: &str) -> Run {
    let _alone = EXCLUSIVE.write().unwrap_or_else(|e| e.into_inner());
    let dir = scratch(tag);
    std::fs::write(dir.join(file), code).unwrap();
    node_alone(&dir, &[file])
}

/// `run_virtual`, alongside the other programs but never beside a timing claim.
fn run_virtual_shared(tag: &str, file: &str, code: &str, seed: u32) -> Run {
    let _shared = EXCLUSIVE.read().unwrap_or_else(|e| e.into_inner());
    run_virtual(tag, file, code, seed)
}

fn gauges(run: &Run) -> Vec<(String, f64)> {
    run.lines()
        .into_iter()
        .filter_map(|l| l.strip_prefix("gauge "))
        .map(|l| {
            let (name, value) = l.split_once(' ').unwrap();
            (name.to_string(), value.parse().unwrap())
        })
        .collect()
}

fn gauge(all: &[(String, f64)], name: &str) -> f64 {
    all.iter().find(|(n, _)| n == name).unwrap_or_else(|| panic!("no gauge {name} in {all:?}")).1
}

/// The monitoring fragment, run as written for one ten-second window with a 200 ms stall in
/// it: "the histogram counts nanoseconds", "samples every 10 ms by default", "an idle process
/// reads about 10 ms, the default resolution, and never less", "one long stall in a ten-second
/// window is one sample among about a thousand: it shows in `max`, not in the p99", and the
/// utilisation of that window is the stall's share of it.
#[test]
fn the_loop_delay_counts_nanoseconds_includes_its_resolution_and_shows_a_stall_in_max() {
    let md = lesson("load");
    let fragment = block(&md, "js", "monitorEventLoopDelay(); // samples every 10 ms by default");
    assert!(fragment.contains("const ms = (ns) => Math.round(ns / 1e6); // the histogram counts nanoseconds"), "{fragment}");
    let window = int_after(&fragment, "}, ");
    let claim = prose(&md, "Two things to know about the delay's numbers.");
    assert!(claim.contains("an idle process reads about 10 ms, the default resolution, not 0: subtract it"), "{claim}");
    assert!(claim.contains("one long stall in a ten-second window is one sample among about a thousand: it shows in `max`, not in the p99"), "{claim}");
    assert_eq!(window, 10_000, "the claim is about a ten-second window");
    let stall = 200;

    // The window as written, with its count logged before the reset, and a stall at 3 s.
    let program = format!(
        "const metrics = {{ gauge: (name, value) => console.log(`gauge ${{name}} ${{value}}`) }};\n{}\nsetTimeout(() => {{ {} }}, 3000);\nsetTimeout(() => {{}}, {});\n",
        fragment.replacen("  loopDelay.reset();", "  console.log(`gauge count ${loopDelay.count}`);\n  console.log(`gauge p50_ns ${loopDelay.percentile(50)}`);\n  loopDelay.reset();", 1),
        busy(stall),
        window + 300
    );
    let run = run_alone("loop-delay", "monitor.mjs", &program);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let g = gauges(&run);
    let max = gauge(&g, "event_loop.delay_max_ms");
    let p99 = gauge(&g, "event_loop.delay_p99_ms");
    assert!(max >= f64::from(stall), "the {stall} ms stall did not show in max: {g:?}");
    assert!(p99 < f64::from(stall) / 4.0, "the stall showed in the p99: {g:?}");
    let count = gauge(&g, "count");
    assert!((700.0..=1001.0).contains(&count), "{count} samples in ten seconds is not about a thousand");
    // Nanoseconds, and about the 10 ms resolution for a loop that is idle nearly all the time.
    let p50 = gauge(&g, "p50_ns");
    assert!(p50 >= 9.5e6 && p50 < 11.5e6, "the median is {p50} ns, not about 10 ms in nanoseconds");
    // The ms() helper turns nanoseconds into the right milliseconds.
    assert!(max < f64::from(stall) + 100.0, "max {max} ms");
    // One 200 ms stall in ten seconds: about 2% of the loop's time, the idle rest hardly any.
    let utilisation = gauge(&g, "event_loop.utilisation");
    assert!(utilisation > 0.015 && utilisation < 0.1, "utilisation {utilisation} for a 200 ms stall in 10 s");
}

/// "`performance.eventLoopUtilization()` measures ρ itself, the share of time the loop spent
/// running code rather than waiting for something to do": the fragment's gauge, over windows of
/// one second while the loop runs 40 ms of every 100 ms.
#[test]
fn event_loop_utilisation_is_the_busy_share_of_the_window() {
    let md = lesson("load");
    let fragment = block(&md, "js", "monitorEventLoopDelay(); // samples every 10 ms by default");
    let claim = prose(&md, "Measure the loop, not only the CPU.");
    assert!(claim.contains("`performance.eventLoopUtilization()` measures ρ itself, the share of time the loop spent running code rather than waiting for something to do"), "{claim}");
    let one_second = fragment.replacen("}, 10_000).unref();", "}, 1_000).unref();", 1);
    assert_ne!(one_second, fragment);
    let program = format!(
        "const metrics = {{ gauge: (name, value) => console.log(`gauge ${{name}} ${{value}}`) }};\n{one_second}\nconst load = setInterval(() => {{ {} }}, 100);\nsetTimeout(() => clearInterval(load), 2_500);\n",
        busy(40)
    );
    let run = run_alone("loop-utilisation", "utilisation.mjs", &program);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let values: Vec<f64> = gauges(&run).into_iter().filter(|(n, _)| n == "event_loop.utilisation").map(|(_, v)| v).collect();
    assert_eq!(values.len(), 2, "{}", run.stdout);
    for u in values {
        assert!((0.3..=0.6).contains(&u), "a loop busy 40 ms in every 100 reported utilisation {u}");
    }
}

/// "Ten requests that arrive together at a handler that spends 20 ms on the CPU are answered one
/// after another: the first after about 20 ms, the tenth after about 200 ms." The server runs in
/// a process of its own; the client sends the ten requests at once, each on its own connection.
#[test]
fn ten_requests_to_a_busy_handler_are_answered_one_after_another() {
    let md = lesson("load");
    let claim = prose(&md, "CPU work in a handler adds directly to the wait of every request queued behind it.");
    let requests = 10;
    assert!(claim.contains("Ten requests that arrive together"), "{claim}");
    let cpu = number_after(&claim, "a handler that spends ");
    let first = number_after(&claim, "the first after about ");
    let tenth = number_after(&claim, "the tenth after about ");
    assert_eq!((first, tenth), (cpu, cpu * requests), "{claim}");
    let program = format!(
        r#"
import {{ createServer, get }} from 'node:http';
import {{ fork }} from 'node:child_process';

if (process.argv[2] === 'server') {{
  const server = createServer((req, res) => {{
    {busy}
    res.end('quote');
  }});
  server.listen(0, () => process.send(server.address().port));
}} else {{
  const child = fork(new URL(import.meta.url).pathname, ['server']);
  const port = await new Promise((resolve) => child.once('message', resolve));
  // One request first, so that the server's first-request costs are paid before the burst.
  await new Promise((resolve) => get({{ port, agent: false }}, (res) => res.resume().on('end', resolve)));
  const started = performance.now();
  const times = await Promise.all(Array.from({{ length: {requests} }}, () => new Promise((resolve, reject) => {{
    get({{ port, agent: false }}, (res) => {{
      res.resume();
      res.on('end', () => resolve(performance.now() - started));
    }}).on('error', reject);
  }})));
  child.kill();
  console.log(times.sort((a, b) => a - b).map((t) => t.toFixed(1)).join(' '));
}}
"#,
        busy = busy(cpu as u32)
    );
    let run = run_alone("busy-handler", "busy-handler.mjs", &program);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let times: Vec<f64> = run.stdout.split_whitespace().map(|t| t.parse().unwrap()).collect();
    assert_eq!(times.len(), requests as usize);
    let (cpu, tenth) = (cpu as f64, tenth as f64);
    // Opening ten connections costs a few ms, more on a busy machine: the slack is for that.
    assert!(times[0] >= cpu && times[0] < cpu + 60.0, "the first answer came after {} ms: {times:?}", times[0]);
    assert!(times[9] >= tenth && times[9] < tenth + 150.0, "the tenth answer came after {} ms: {times:?}", times[9]);
    // One after another: the server answers one request per handler's time, so the k-th answer
    // cannot come before k handlers' time has passed since the burst (a client busy with other
    // answers can only delay what it measures, so gaps between answers are not checked).
    for (k, t) in times.iter().enumerate() {
        assert!(*t >= cpu * (k as f64 + 1.0) * 0.95, "answer {} came after {t} ms, before {} handlers' time: {times:?}", k + 1, k + 1);
    }
}

/// "a timer on the main thread keeps firing on time while a worker computes": a 10 ms interval
/// on the main thread while a worker thread spins for 300 ms, and the same spin on the main
/// thread for contrast.
#[test]
fn a_worker_thread_computes_without_holding_the_main_loop() {
    let md = lesson("load");
    let claim = prose(&md, "When one loop is too busy there are two ways out");
    assert!(claim.contains("`worker_threads` move CPU-heavy work") && claim.contains("a timer on the main thread keeps firing on time while a worker computes"), "{claim}");
    let spin = 300;
    let program = format!(
        r#"
import {{ Worker }} from 'node:worker_threads';

// The longest gap between ticks of a 10 ms interval while `work` runs.
async function longestGap(work) {{
  let last = performance.now();
  let longest = 0;
  const tick = setInterval(() => {{
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }}, 10);
  await new Promise((resolve) => setTimeout(resolve, 50));
  await work();
  await new Promise((resolve) => setTimeout(resolve, 50));
  clearInterval(tick);
  return Math.round(longest);
}}

const inWorker = await longestGap(() => new Promise((resolve, reject) => {{
  const worker = new Worker('{spin_code}', {{ eval: true }});
  worker.once('message', (spun) => (spun >= {spin} ? resolve() : reject(new Error(`spun ${{spun}} ms`))));
  worker.once('error', reject);
}}));
const onMain = await longestGap(async () => {{ {busy} }});
console.log(`${{inWorker}} ${{onMain}}`);
"#,
        spin_code = format!(
            "const {{ parentPort }} = require(\"node:worker_threads\"); const t = Date.now(); {} parentPort.postMessage(Date.now() - t);",
            busy(spin).trim()
        ),
        busy = busy(spin),
    );
    let run = run_alone("worker-thread", "worker.mjs", &program);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let gaps: Vec<u32> = run.stdout.split_whitespace().map(|t| t.parse().unwrap()).collect();
    assert!(gaps[0] < 80, "the main loop's timer was held {} ms while the worker computed", gaps[0]);
    assert!(gaps[1] >= spin, "the spin on the main thread held the timer only {} ms", gaps[1]);
}

/// "The `cluster` module's primary deals new connections out to its workers in turn
/// (round-robin, the default everywhere but Windows). It knows whether a worker has picked up
/// the last connection it was handed, not how many requests that worker is serving, and every
/// request on a keep-alive connection goes to the worker that holds the connection."
#[test]
fn the_cluster_primary_deals_connections_in_turn_to_busy_workers_too() {
    let md = lesson("load");
    let claim = prose(&md, "The `cluster` module's primary");
    for part in [
        "deals new connections out to its workers in turn (round-robin, the default everywhere but Windows)",
        "It knows whether a worker has picked up the last connection it was handed, not how many requests that worker is serving",
        "every request on a keep-alive connection goes to the worker that holds the connection",
    ] {
        assert!(claim.contains(part), "{claim}");
    }
    // The default, here and in Node's own source for Windows.
    let policy = run(
        "cluster-policy",
        "policy.cjs",
        "const cluster = require('node:cluster');\nconst source = process.binding('natives')['internal/cluster/primary'];\nconst windows = /else if \\(process\\.platform === 'win32'\\) \\{[^}]*schedulingPolicy = SCHED_NONE;\\s*\\} else\\s*schedulingPolicy = SCHED_RR;/.test(source);\nconsole.log(process.platform, cluster.schedulingPolicy === cluster.SCHED_RR, windows);\n",
    );
    assert_eq!(policy.stdout.trim(), "linux true true", "{}{}", policy.stdout, policy.stderr);

    // Two workers. A request that keeps its worker's loop busy for 600 ms, then four quick
    // requests on new connections: the busy worker is dealt one of them anyway. Then five
    // requests on one keep-alive connection: all to one worker.
    let program = r#"
const cluster = require('node:cluster');
const http = require('node:http');

if (cluster.isPrimary) {
  const workers = [cluster.fork(), cluster.fork()];
  let listening = 0;
  cluster.on('listening', (worker, address) => {
    if (++listening === 2) client(address.port).then(() => workers.forEach((w) => w.kill()));
  });
} else {
  http.createServer((req, res) => {
    if (req.url === '/slow') {
      const until = Date.now() + 600;
      while (Date.now() < until);
    }
    res.end(String(process.pid));
  }).listen(0);
}

function ask(port, path, agent) {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    http.get({ port, path, agent }, (res) => {
      let pid = '';
      res.on('data', (chunk) => (pid += chunk));
      res.on('end', () => resolve({ pid, ms: Date.now() - started }));
    }).on('error', reject);
  });
}

async function client(port) {
  const slow = ask(port, '/slow', false);
  await new Promise((resolve) => setTimeout(resolve, 100));
  const quick = await Promise.all([1, 2, 3, 4].map(() => ask(port, '/quick', false)));
  const busyPid = (await slow).pid;
  const held = quick.filter((q) => q.pid === busyPid && q.ms >= 300).length;
  const free = quick.filter((q) => q.pid !== busyPid && q.ms < 300).length;
  console.log(`quick requests held by the busy worker: ${held}; answered at once by the other: ${free}`);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const pids = [];
  for (let i = 0; i < 5; i++) pids.push((await ask(port, '/quick', agent)).pid);
  agent.destroy();
  console.log(`workers serving one keep-alive connection: ${new Set(pids).size}`);
}
"#;
    let run = run_alone("cluster", "cluster.cjs", program);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let lines = run.lines();
    let held = number_after(lines[0], "held by the busy worker: ");
    let free = number_after(lines[0], "answered at once by the other: ");
    assert!(held >= 1, "the busy worker was dealt no connection: {}", run.stdout);
    assert_eq!(held + free, 4, "{}", run.stdout);
    assert_eq!(lines[1], "workers serving one keep-alive connection: 1");
}

/// The admission-control fragment, run with a handler that answers after 300 ms: with more
/// requests at once than `MAX_IN_FLIGHT`, exactly the excess get a 503 with `Retry-After: 1`;
/// "The response's `'close'` event fires after the answer has been sent and also when the client
/// goes away first, so the count comes down either way": after answered requests, and after
/// requests whose clients hung up, a full batch is admitted again.
#[test]
fn the_admission_counter_refuses_the_excess_and_comes_down_either_way() {
    let md = lesson("load");
    let fragment = block(&md, "js", "const MAX_IN_FLIGHT = ");
    let claim = prose(&md, "The response's `'close'` event fires after the answer has been sent");
    assert!(claim.contains("and also when the client goes away first, so the count comes down either way"), "{claim}");
    let limit = number_after(&fragment, "const MAX_IN_FLIGHT = ");
    assert!(fragment.contains("}).listen(8080);"), "{fragment}");
    let import = "import { createServer } from 'node:http';\n";
    assert!(fragment.starts_with(import), "{fragment}");
    let server = fragment[import.len()..]
        .replacen("}).listen(8080);", "}).listen(0, () => process.send(server.address().port));", 1)
        .replacen("createServer((req, res) => {", "const server = createServer((req, res) => {", 1);
    let program = format!(
        r#"
import {{ createServer, get }} from 'node:http';
import {{ fork }} from 'node:child_process';

if (process.argv[2] === 'server') {{
  const handle = (req, res) => setTimeout(() => res.end('quote'), 300);
{server}
}} else {{
  const child = fork(new URL(import.meta.url).pathname, ['server']);
  const port = await new Promise((resolve) => child.once('message', resolve));
  const ask = () => new Promise((resolve, reject) => {{
    get({{ port, agent: false }}, (res) => {{
      res.resume();
      res.on('end', () => resolve(`${{res.statusCode}} ${{res.headers['retry-after'] ?? '-'}}`));
    }}).on('error', reject);
  }});
  const count = (answers) => Object.entries(answers.reduce((n, a) => ((n[a] = (n[a] ?? 0) + 1), n), {{}})).sort().map(([a, n]) => `${{a}} x${{n}}`).join(', ');
  console.log(`burst: ${{count(await Promise.all(Array.from({{ length: {burst} }}, ask)))}}`);
  console.log(`after the answers: ${{count(await Promise.all(Array.from({{ length: {limit} }}, ask)))}}`);
  // Clients that hang up before their answer.
  const gone = Array.from({{ length: {limit} }}, () => get({{ port, agent: false }}).on('error', () => {{}}));
  await new Promise((resolve) => setTimeout(resolve, 100));
  gone.forEach((req) => req.destroy());
  await new Promise((resolve) => setTimeout(resolve, 100));
  console.log(`after the hang-ups: ${{count(await Promise.all(Array.from({{ length: {limit} }}, ask)))}}`);
  child.kill();
}}
"#,
        burst = limit + 7
    );
    let run = run_alone("admission", "admission.mjs", &program);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(
        run.lines(),
        [format!("burst: 200 - x{limit}, 503 1 x7"), format!("after the answers: 200 - x{limit}"), format!("after the hang-ups: 200 - x{limit}")],
        "{}",
        run.stderr
    );
}

// ---------------------------------------------------------------------------------------------
// The runners

fn runner(md: &str, file: &str) -> (String, String) {
    fences(md).into_iter().find(|(i, _)| i.starts_with(&format!("runner file={file}"))).unwrap_or_else(|| panic!("no runner {file}"))
}

/// One run of the queue runner: (measured, model), each [mean, p50, p95, p99, waited %, busy %].
fn queue_run(code: &str, utilisation: i64, servers: i64, seed: u32) -> ([f64; 6], [f64; 6]) {
    let program = with_knob(&with_knob(code, "UTILISATION", utilisation).unwrap(), "SERVERS", servers).unwrap();
    let run = run_virtual_shared(&format!("queue-{utilisation}-{servers}-{seed}"), "queue.js", &program, seed);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let row = |prefix: &str| -> [f64; 6] {
        let line = run.lines().into_iter().find(|l| l.starts_with(prefix)).unwrap_or_else(|| panic!("no {prefix} line: {}", run.stdout));
        let numbers: Vec<f64> = line[prefix.len()..].split_whitespace().filter(|w| *w != "ms").map(|w| w.trim_end_matches('%').parse().unwrap()).collect();
        numbers.try_into().unwrap_or_else(|n| panic!("{n:?}"))
    };
    (row("measured"), row(&format!("M/M/{servers}")))
}

/// The queue runner's prose. Its model line is M/M/1's closed form for one server ("at the
/// default 80% the formula's p99 is 230 ms ... at 95, where the formula says 921 ms") and this
/// file's M/M/c for more; "At 50% the measured mean and p99 land close to the formula's"; "at
/// 95% the p99 moves by a factor of two or more from one seed to the next, and stays well below
/// the formula's 921 ms"; "each run's own utilisation lands a few points off its target"; "With
/// one server, `waited` stays close to `busy`"; and with four servers "the p99 drops to about a
/// third at 80%, and below a third at 90% and 95%".
#[test]
fn the_queue_runner_shows_what_the_lesson_says() {
    let md = lesson("load");
    let (info, code) = runner(&md, "queue.js");
    let seed = number_after(&info, "seed=") as u32;
    assert!(info.contains("lanes=server") && info.contains("knob=\"UTILISATION 10..95 ") && info.contains("knob=\"SERVERS 1..8 "), "{info}");
    assert!(code.contains("const UTILISATION = 80;") && code.contains("const SERVERS = 1;") && code.contains("const REQUESTS = 1000;") && code.contains("const SERVICE_MS = 10;"));
    let intro = prose(&md, "The program below is that queue.");
    assert!(intro.contains("It draws a thousand requests") && intro.contains("`-Math.log(1 - Math.random()) / rate`") && intro.contains("Each call of `server` is a lane"), "{intro}");
    assert!(code.contains("t += -Math.log(1 - Math.random()) / rate;"));
    let ask = prose(&md, "Before you run it: at the default 80%");
    let s = 10.0;

    // "Each call of `server` is a lane: waiting on a timer while it serves, on a promise while it
    // is idle": the recording the page shows, on the interpreter.
    let limits = Limits { steps: DEFAULT_STEP_BUDGET, seed, heap_bytes: DEFAULT_HEAP_LIMIT, collect_every: None };
    let recorded = report("queue.js", &code, limits, &ViewOptions { lanes: vec!["server".into()], max_steps: DEFAULT_MAX_STEPS });
    assert!(recorded.stopped.is_none() && !recorded.view.truncated);
    assert_eq!(recorded.view.lanes.len(), 1);
    let states: Vec<LaneState> = recorded.view.lane_spans().into_iter().map(|span| span.state).collect();
    assert!(intro.contains("waiting on a timer while it serves, on a promise while it is idle"), "{intro}");
    assert!(states.contains(&LaneState::Timer) && states.contains(&LaneState::Waiting), "{states:?}");

    // The model line.
    for u in [10, 50, 80, 95] {
        let (_, model) = queue_run(&code, u, 1, seed);
        let r = u as f64 / 100.0;
        let want = [mm1_mean(s, r), mm1_quantile(s, r, 0.5), mm1_quantile(s, r, 0.95), mm1_quantile(s, r, 0.99), 100.0 * r, 100.0 * r];
        assert_eq!(model, want.map(round), "the M/M/1 line at {u}%");
        if u == 80 {
            assert_eq!(decimal_after(&ask, "the formula's p99 is "), model[3], "{ask}");
        }
        if u == 95 {
            assert_eq!(decimal_after(&ask, "where the formula says "), model[3], "{ask}");
        }
    }
    for (u, c) in [(50, 2), (75, 4), (80, 4), (95, 8)] {
        let (_, model) = queue_run(&code, u, c, seed);
        let r = u as f64 / 100.0;
        let c = c as u32;
        let want = [mmc_mean(c, r, s), mmc_quantile(c, r, s, 0.5), mmc_quantile(c, r, s, 0.95), mmc_quantile(c, r, s, 0.99), 100.0 * erlang_c(c, r), 100.0 * r];
        assert_eq!(model, want.map(round), "the M/M/{c} line at {u}%");
    }

    let settle = prose(&md, "At 50% the measured mean and p99 land close to the formula's.");
    let (measured, model) = queue_run(&code, 50, 1, seed);
    assert!((measured[0] / model[0] - 1.0).abs() <= 0.15 && (measured[3] / model[3] - 1.0).abs() <= 0.2, "at 50%: {measured:?} against {model:?}");
    assert!(settle.contains("at 95% the p99 moves by a factor of two or more from one seed to the next, and stays well below the formula's 921 ms"), "{settle}");
    assert!(settle.contains("each run's own utilisation lands a few points off its target"), "{settle}");
    let runs: Vec<([f64; 6], [f64; 6])> = (seed..seed + 10).map(|sd| queue_run(&code, 95, 1, sd)).collect();
    let p99s: Vec<f64> = runs.iter().map(|(m, _)| m[3]).collect();
    let (lo, hi) = (p99s.iter().cloned().fold(f64::MAX, f64::min), p99s.iter().cloned().fold(0.0, f64::max));
    assert!(hi >= 2.0 * lo, "at 95% the p99 across ten seeds: {p99s:?}");
    assert!(hi <= 0.75 * runs[0].1[3], "at 95% a seed's p99 came near the formula's: {p99s:?}");
    let busy: Vec<f64> = runs.iter().map(|(m, _)| m[5]).collect();
    assert!(busy.iter().all(|b| (b - 95.0).abs() <= 8.0) && busy.iter().any(|b| (b - 95.0).abs() >= 2.0), "busy at 95% across seeds: {busy:?}");

    let waited = prose(&md, "With one server, `waited` stays close to `busy`");
    assert!(waited.contains("set `SERVERS` to 4"), "{waited}");
    for u in (10..=95).step_by(5) {
        let (m, _) = queue_run(&code, u, 1, seed);
        assert!((m[4] - m[5]).abs() <= 5.0, "at {u}% with one server, waited {} and busy {}", m[4], m[5]);
    }

    let pooled = prose(&md, "Four servers, each as busy as the one was, with four times the traffic");
    assert!(pooled.contains("the p99 drops to about a third at 80%, and below a third at 90% and 95%"), "{pooled}");
    let ratio = |u: i64| queue_run(&code, u, 4, seed).0[3] / queue_run(&code, u, 1, seed).0[3];
    let at80 = ratio(80);
    assert!((0.28..=0.4).contains(&at80), "at 80% four servers' p99 is {at80} of one server's");
    for u in [90, 95] {
        let r = ratio(u);
        assert!(r < 1.0 / 3.0, "at {u}% four servers' p99 is {r} of one server's");
    }
}

/// One run of the shedding runner: the numbers of its report.
struct Shed {
    longest: u64,
    rejected: u64,
    served: u64,
    p99: u64,
    late: u64,
    useful: u64,
}

fn shed_run(code: &str, utilisation: i64, limit: i64, seed: u32) -> Shed {
    let program = with_knob(&with_knob(code, "UTILISATION", utilisation).unwrap(), "QUEUE_LIMIT", limit).unwrap();
    let run = run_virtual_shared(&format!("shed-{utilisation}-{limit}-{seed}"), "shed.js", &program, seed);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let out = &run.stdout;
    Shed {
        longest: number_after(out, "the longest queue: "),
        rejected: number_after(out, "turned away at once with a 503: "),
        served: number_after(out, "served: "),
        p99: number_after(out, "p99 "),
        late: number_after(out, "timeout: "),
        useful: number_after(out, "useful answers: "),
    }
}

/// The shedding runner's prose, for the lesson's seed and nine more: "Without a limit the queue
/// grows for the whole run, and most of what the server serves arrives after the client's
/// timeout"; "With a limit of 20, about one request in six is turned away at once, and every
/// request served is answered in time, within a few hundred milliseconds"; "A longer queue (try
/// 100) turns fewer away, answers some too late, and ends with fewer useful answers than the
/// limit of 20."
#[test]
fn the_shedding_runner_shows_what_the_lesson_says() {
    let md = lesson("load");
    let (info, code) = runner(&md, "shed.js");
    let seed = number_after(&info, "seed=") as u32;
    assert!(info.contains("lanes=server") && info.contains("knob=\"UTILISATION 80..150 ") && info.contains("knob=\"QUEUE_LIMIT 0..100 "), "{info}");
    assert!(code.contains("const UTILISATION = 120;") && code.contains("const QUEUE_LIMIT = 0;") && code.contains("const REQUESTS = 2000;") && code.contains("const CLIENT_TIMEOUT_MS = 1000;"));
    let ask = prose(&md, "The program below is one server under a load you choose");
    assert!(ask.contains("clients that give up after a second") && ask.contains("At the default 120% with no queue limit") && ask.contains("of the two thousand requests") && ask.contains("set `QUEUE_LIMIT` to 20"), "{ask}");
    let claim = prose(&md, "Without a limit the queue grows for the whole run");
    for part in [
        "most of what the server serves arrives after the client's timeout",
        "With a limit of 20, about one request in six is turned away at once, and every request served is answered in time, within a few hundred milliseconds",
        "A longer queue (try 100) turns fewer away, answers some too late, and ends with fewer useful answers than the limit of 20",
    ] {
        assert!(claim.contains(part), "{claim}");
    }
    for sd in seed..seed + 10 {
        let none = shed_run(&code, 120, 0, sd);
        assert!(none.rejected == 0 && none.served == 2000 && none.longest >= 250, "seed {sd}: the queue did not grow: {}", none.longest);
        assert!(2 * none.late > none.served, "seed {sd}: {} of {} served late", none.late, none.served);
        let twenty = shed_run(&code, 120, 20, sd);
        assert!(twenty.longest == 20 && twenty.late == 0 && twenty.p99 < 500, "seed {sd}: limit 20: late {}, p99 {}", twenty.late, twenty.p99);
        let share = twenty.rejected as f64 / 2000.0;
        assert!((1.0 / 8.0..=1.0 / 5.0).contains(&share), "seed {sd}: {share} turned away is not about one in six");
        let hundred = shed_run(&code, 120, 100, sd);
        assert!(hundred.rejected < twenty.rejected && hundred.late > 0 && hundred.useful < twenty.useful, "seed {sd}: limit 100");
        assert_eq!(twenty.useful, twenty.served);
    }
}

/// The predict question's explanation: "The second worker answers A at 10 ms and C at 20 ms; the
/// first answers the export at 100 ms, and lookup B, a 10 ms request, only at 110 ms, while the
/// second worker has been idle since 20 ms", and "With one shared queue ... lookup B would start
/// at 10 ms on the second worker and be answered at 20 ms, and C at 30 ms." The question's
/// program with the time of each answer, and the same requests through one shared queue.
#[test]
fn the_predict_questions_times_with_own_queues_and_with_a_shared_one() {
    let md = lesson("load");
    let code = block(&md, "quiz predict id=separate-queues-order file=workers.js", "const requests = ");
    let code = &code[code.find("---\n").map_or(0, |i| i + 4)..];
    let quiz = block(&md, "quiz predict id=separate-queues-order file=workers.js", "const requests = ");
    let own_claim = quiz.lines().find(|l| l.contains("The second worker answers A at")).unwrap();
    let shared_claim = quiz.lines().find(|l| l.contains("With one shared queue")).unwrap();
    let log = "    console.log(`${name} answered`);";
    assert!(code.contains(log), "{code}");
    let timed = format!("const t0 = Date.now();\n{}", code.replacen(log, "    console.log(`${name} ${Date.now() - t0}`);", 1));
    let run = run_virtual_shared("predict-own", "own.js", &timed, 1);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let at = |out: &str, name: &str| -> u64 {
        let line = out.lines().find(|l| l.starts_with(&format!("{name} "))).unwrap_or_else(|| panic!("no {name} in {out}"));
        number_after(line, &format!("{name} "))
    };
    let own = run.stdout;
    assert!(own_claim.contains(&format!("answers A at {} ms and C at {} ms", at(&own, "lookup A"), at(&own, "lookup C"))), "{own}");
    assert!(own_claim.contains(&format!("the export at {} ms, and lookup B, a 10 ms request, only at {} ms", at(&own, "export"), at(&own, "lookup B"))), "{own}");
    assert!(own_claim.contains(&format!("idle since {} ms", at(&own, "lookup C"))), "{own}");
    // One shared queue: each worker takes the next request as it comes free.
    let requests = code.lines().find(|l| l.starts_with("const requests = ")).unwrap();
    let shared = format!(
        "const t0 = Date.now();\nconst sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));\n{requests}\nconst queue = [...requests];\nasync function worker(id) {{\n  while (queue.length > 0) {{\n    const [name, ms] = queue.shift();\n    if (name === 'lookup B') console.log(`start lookup B on ${{id}} ${{Date.now() - t0}}`);\n    await sleep(ms);\n    console.log(`${{name}} ${{Date.now() - t0}}`);\n  }}\n}}\nworker('first');\nworker('second');\n"
    );
    let run = run_virtual_shared("predict-shared", "shared.js", &shared, 1);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let out = run.stdout;
    assert!(out.contains("start lookup B on second 10"), "{out}");
    assert!(shared_claim.contains("lookup B would start at 10 ms on the second worker"), "{shared_claim}");
    assert!(shared_claim.contains(&format!("answered at {} ms, and C at {} ms", at(&out, "lookup B"), at(&out, "lookup C"))), "{out}");
}
