//! What the engine computes for a fixed set of inputs, written out in full: every model with its
//! default parameters, a smaller million-ID migration in all three regimes, and the interpreter on
//! each corpus program. The same text natively and in the browser is the invariant "same
//! parameters and seed, same trace" checked across targets (floating point, hashing, integer
//! widths and iteration order all differ between targets if the engine leans on them).

use inflight_engine::js;
use inflight_engine::models::{abort, bounded_queue, breaker, fanout, limiter, mmc, retry, webhook, writable};

/// Lines of `name: digest`, one per computation, so a difference names what differs.
pub fn fingerprints(programs: &[(&str, &str)]) -> String {
    let mut out = String::new();
    let mut line = |name: &str, value: String| {
        out.push_str(&format!("{name}: {:016x} ({} bytes)\n", fnv1a(value.as_bytes()), value.len()));
    };
    line("limiter", format!("{:?}", limiter::run(&limiter::LimiterParams::default())));
    line("bounded_queue", format!("{:?}", bounded_queue::run(&bounded_queue::QueueParams::default())));
    line("writable", format!("{:?}", writable::run(&writable::WritableParams::default())));
    line("abort", format!("{:?}", abort::run_job(&abort::JobParams::default())));
    line("breaker", format!("{:?}", breaker::run(&breaker::BreakerParams::default())));
    line("retry", format!("{:?}", retry::run(&retry::RetryParams::default())));
    line("webhook", format!("{:?}", webhook::run(&webhook::WebhookParams::default())));
    line("mmc", format!("{:?}", mmc::run(&mmc::MmcParams::default())));
    for regime in [fanout::Regime::Sequential, fanout::Regime::Unbounded, fanout::Regime::Bounded(20)] {
        let params = fanout::FanoutParams { tasks: 20_000, ..fanout::FanoutParams::migration(regime) };
        line(&format!("fanout {regime:?}"), format!("{:?}", fanout::run(&params)));
    }
    for (name, source) in programs {
        let value = match js::run_file(name, source) {
            Ok(r) => format!("{:?} {:?} {:?} {:?}", r.stdout, r.exit_code, r.race, r.trace),
            Err(e) => format!("refused: {e}"),
        };
        line(name, value);
    }
    out
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
}
