//! The four simulations: each one's parameters, its run of an engine model, and its charts and
//! table.

use inflight_engine::models::breaker::BreakerConfig;
use inflight_engine::models::fanout::{self, FanoutParams, FanoutReport, Regime};
use inflight_engine::models::mmc::{self, MmcParams, MmcReport};
use inflight_engine::models::retry::{self, Backoff, Jitter, RetryParams, RetryReport};
use inflight_engine::models::writable::{self, Producer, Sink, WritableParams, WritableReport};

use crate::chart::{self, Dot, Ink, Line, Plot, Rule};
use crate::format::{bytes, count, duration, trim};
use crate::{escape, Choice, Kind, Param};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Model {
    /// The million-ID migration: sequential, `Promise.all`, or k at a time (`fanout`).
    Migration,
    /// A producer writing to a slow Writable, honouring `false` or not (`writable`).
    Writable,
    /// Clients retrying against a downstream that is down, then overloaded (`retry`).
    RetryStorm,
    /// An M/M/c queue at a chosen utilisation (`mmc`).
    Queueing,
}

const fn number(name: &'static str, label: &'static str, min: i64, max: i64, step: i64, unit: &'static str, default: i64) -> Param {
    Param { name, label, kind: Kind::Number { min, max, step, unit }, default }
}

const fn choice(name: &'static str, label: &'static str, choices: &'static [Choice], default: i64) -> Param {
    Param { name, label, kind: Kind::Choice(choices), default }
}

const REGIMES: &[Choice] = &[
    Choice { key: "sequential", label: "one at a time (for … await)" },
    Choice { key: "unbounded", label: "all at once (Promise.all)" },
    Choice { key: "bounded", label: "k at a time (a limiter)" },
];

const MIGRATION: &[Param] = &[
    choice("regime", "How tasks start", REGIMES, 1),
    number("k", "k, the limit (when k at a time)", 1, 1_000, 1, "", 20),
    number("tasks", "Tasks (IDs to migrate)", 1_000, 1_000_000, 1_000, "", 1_000_000),
    number("connections", "Database connections", 1, 1_000, 1, "", 20),
    number("heap_mb", "Heap limit", 64, 8_192, 1, "MB", 2_048),
    number("task_kib", "Heap held per task in flight", 1, 1_024, 1, "KiB", 16),
];

const PRODUCERS: &[Choice] = &[
    Choice { key: "honours", label: "waits for 'drain' when write() returns false" },
    Choice { key: "ignores", label: "ignores what write() returns" },
];

const WRITABLE: &[Param] = &[
    choice("producer", "The producer", PRODUCERS, 0),
    number("chunks", "Chunks written", 10, 200_000, 10, "", 20_000),
    number("chunk_kib", "Chunk size", 1, 1_024, 1, "KiB", 4),
    number("hwm_kib", "highWaterMark", 1, 1_024, 1, "KiB", 16),
    number("every_ms", "The producer makes a chunk every", 0, 100, 1, "ms", 1),
    number("sink_ms", "The sink takes at least, per chunk", 1, 100, 1, "ms", 2),
];

const STRATEGIES: &[Choice] = &[
    Choice { key: "immediate", label: "retry at once" },
    Choice { key: "exponential", label: "exponential backoff, no jitter" },
    Choice { key: "jitter", label: "exponential backoff, full jitter" },
    Choice { key: "breaker", label: "full jitter behind a circuit breaker" },
];

const RETRY: &[Param] = &[
    choice("strategy", "How clients retry", STRATEGIES, 0),
    number("clients", "Clients", 10, 100_000, 10, "", 2_000),
    number("outage_ms", "The downstream is down for", 0, 10_000, 100, "ms", 2_000),
    number("capacity", "Then it answers, per ms, at most", 1, 1_000, 1, "attempts", 5),
    number("attempts", "Attempts per client, at most", 1, 20, 1, "", 10),
];

const QUEUEING: &[Param] = &[
    number("utilisation", "Utilisation ρ", 5, 99, 1, "%", 80),
    number("servers", "Servers sharing one queue (c)", 1, 64, 1, "", 1),
    number("service_ms", "Mean service time S", 1, 1_000, 1, "ms", 10),
    number("requests", "Requests", 10_000, 1_000_000, 10_000, "", 200_000),
];

/// One run's report, with the parameters it ran with.
pub enum Outcome {
    Migration(FanoutParams, FanoutReport),
    Writable(WritableParams, WritableReport),
    Retry(RetryParams, RetryReport),
    Queueing(MmcParams, MmcReport),
}

impl Model {
    pub const ALL: [Model; 4] = [Model::Migration, Model::Writable, Model::RetryStorm, Model::Queueing];

    /// The name a `simulation` block gives: `model=migration`.
    pub fn name(self) -> &'static str {
        match self {
            Model::Migration => "migration",
            Model::Writable => "writable",
            Model::RetryStorm => "retry-storm",
            Model::Queueing => "queueing",
        }
    }

    pub fn from_name(name: &str) -> Option<Model> {
        Model::ALL.into_iter().find(|m| m.name() == name)
    }

    pub fn params(self) -> &'static [Param] {
        match self {
            Model::Migration => MIGRATION,
            Model::Writable => WRITABLE,
            Model::RetryStorm => RETRY,
            Model::Queueing => QUEUEING,
        }
    }

    /// The model's rule, in one sentence, as the page prints it under the charts.
    pub fn rule(self) -> &'static str {
        match self {
            Model::Migration => "Each task holds its memory from the moment it starts until it settles and needs one of the database's connections (an attempt when all are taken is refused), so the regime decides how many are in flight, and once the baseline heap plus their memory passes the limit the process is killed on the spot.",
            Model::Writable => "write() queues the chunk and returns false once the buffered bytes reach highWaterMark; a producer that then waits for 'drain' keeps the buffer near the mark, while one that ignores false grows it by however much faster it makes chunks than the sink takes them.",
            Model::RetryStorm => "Every failed attempt sleeps as its backoff says and tries again, so the downstream gets the first attempts plus every retry on top, more than its capacity until the herd thins out; a breaker that is open fails attempts at once without sending them.",
            Model::Queueing => "Requests arrive at random (Poisson) and each takes a random (exponential) service time on one of c servers sharing a queue, so as utilisation ρ nears 1 the wait grows like 1/(1 − ρ), and the tail (p99) grows with it.",
        }
    }
}

fn pick(values: &[i64], i: usize) -> i64 {
    values.get(i).copied().unwrap_or(0)
}

/// Runs one setting (already checked against the model's bounds).
pub fn run(model: Model, v: &[i64], seed: u32) -> Result<Outcome, String> {
    let mib = |n: i64| n as u64 * 1024 * 1024;
    let kib = |n: i64| n as u64 * 1024;
    match model {
        Model::Migration => {
            let regime = match pick(v, 0) {
                0 => Regime::Sequential,
                1 => Regime::Unbounded,
                _ => Regime::Bounded(pick(v, 1) as u32),
            };
            let p = FanoutParams {
                tasks: pick(v, 2) as u32,
                max_connections: pick(v, 3) as u32,
                heap_limit_bytes: mib(pick(v, 4)),
                bytes_per_task: kib(pick(v, 5)),
                baseline_bytes: mib(pick(v, 4).min(50 * 4) / 4),
                // A point per two pixels of the chart: the page carries the prerendered charts.
                max_points: WIDTH / 2,
                seed,
                ..FanoutParams::migration(regime)
            };
            fanout::run(&p).map(|r| Outcome::Migration(p, r)).map_err(|e| e.to_string())
        }
        Model::Writable => {
            let producer = if pick(v, 0) == 0 { Producer::HonoursBackpressure } else { Producer::IgnoresBackpressure };
            let sink_ms = pick(v, 5) as u64;
            let p = WritableParams {
                chunks: pick(v, 1) as u32,
                chunk_bytes: kib(pick(v, 2)),
                high_water_mark: kib(pick(v, 3)),
                produce_every_ms: pick(v, 4) as u64,
                producer,
                sink: Sink::Async { min_ms: sink_ms, span_ms: sink_ms + 1 },
                seed,
                ..WritableParams::default()
            };
            writable::run(&p).map(|r| Outcome::Writable(p, r)).map_err(|e| e.to_string())
        }
        Model::RetryStorm => {
            let attempts = pick(v, 4) as u32;
            let backoff = match pick(v, 0) {
                0 => Backoff { base_ms: 1, cap_ms: 1, jitter: Jitter::None, max_attempts: attempts },
                1 => Backoff { base_ms: 50, cap_ms: 5_000, jitter: Jitter::None, max_attempts: attempts },
                _ => Backoff { base_ms: 50, cap_ms: 5_000, jitter: Jitter::Full, max_attempts: attempts },
            };
            let breaker = (pick(v, 0) == 3).then(|| BreakerConfig { cooldown_ms: 500, ..BreakerConfig::default() });
            let p = RetryParams {
                backoff,
                clients: pick(v, 1) as u32,
                recovers_at_ms: pick(v, 2) as u64,
                capacity_per_ms: pick(v, 3) as u32,
                attempt_ms: 5,
                breaker,
                seed,
            };
            retry::run(&p).map(|r| Outcome::Retry(p, r)).map_err(|e| e.to_string())
        }
        Model::Queueing => {
            let rho = pick(v, 0) as f64 / 100.0;
            let servers = pick(v, 1) as u32;
            let service = pick(v, 2) as f64;
            let requests = pick(v, 3) as u32;
            let p = MmcParams {
                arrival_rate_per_ms: rho * f64::from(servers) / service,
                mean_service_ms: service,
                servers,
                requests,
                warmup: requests / 20,
                seed,
            };
            mmc::run(&p).map(|r| Outcome::Queueing(p, r)).map_err(|e| e.to_string())
        }
    }
}

// A panel is drawn at about the width it is shown at, beside the other on a wide screen or
// alone on a phone, so its text is read at about its drawn size (13 px, which plotters writes
// as 10.5 units).
const WIDTH: u32 = 330;
const HEIGHT: u32 = 175;
/// Points per line: enough for a smooth line 520 px wide.
const POINTS: usize = 260;

/// The results block: a figure per setting, side by side, and the table of both.
pub fn html(_model: Model, a: &Outcome, b: Option<&Outcome>) -> String {
    let mut out = String::from("<div class=\"sim-panels\">");
    for (name, outcome) in [("A", Some(a)), ("B", b)] {
        let Some(outcome) = outcome else { continue };
        let (caption, svg) = panel(name, outcome);
        out.push_str(&format!(
            "<figure class=\"sim-panel\" data-setting=\"{name}\"><figcaption><span class=\"sim-tag\">{name}</span> {}</figcaption>{svg}</figure>",
            escape(&caption)
        ));
    }
    out.push_str("</div>");
    let rows_a = rows(a);
    let rows_b = b.map(rows);
    // In a scroll box of its own, as the lessons' tables are: at 360 px a long value could
    // otherwise widen the page.
    out.push_str("<div class=\"table-wrap\" tabindex=\"0\"><table class=\"sim-table\"><caption>The numbers behind the charts");
    out.push_str(if b.is_some() { ", A beside B (same seed)" } else { "" });
    out.push_str("</caption><thead><tr><th scope=\"col\">Measure</th><th scope=\"col\">A</th>");
    if b.is_some() {
        out.push_str("<th scope=\"col\">B</th>");
    }
    out.push_str("</tr></thead><tbody>");
    for (i, (label, value)) in rows_a.iter().enumerate() {
        out.push_str(&format!("<tr><th scope=\"row\">{}</th><td>{}</td>", escape(label), escape(value)));
        if let Some(rb) = &rows_b {
            out.push_str(&format!("<td>{}</td>", escape(rb.get(i).map_or("", |r| r.1.as_str()))));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div>");
    out
}

fn ms_axis(x: f64) -> String {
    duration(x)
}

fn panel(name: &str, outcome: &Outcome) -> (String, String) {
    match outcome {
        Outcome::Migration(p, r) => migration_panel(name, p, r),
        Outcome::Writable(p, r) => writable_panel(name, p, r),
        Outcome::Retry(p, r) => retry_panel(name, p, r),
        Outcome::Queueing(p, r) => queueing_panel(name, p, r),
    }
}

fn regime_words(regime: Regime) -> String {
    match regime {
        Regime::Sequential => "one at a time".into(),
        Regime::Unbounded => "all at once (Promise.all)".into(),
        Regime::Bounded(k) => format!("{} at a time", count(i64::from(k))),
    }
}

fn migration_panel(name: &str, p: &FanoutParams, r: &FanoutReport) -> (String, String) {
    let s = &r.summary;
    let end = s.makespan.max(1) as f64;
    let mb = |b: u64| b as f64 / (1024.0 * 1024.0);
    let heap: Vec<(f64, f64)> = r.series.iter().map(|pt| (pt.to as f64, mb(pt.memory_max))).collect();
    let in_flight: Vec<(f64, f64)> = r.series.iter().map(|pt| (pt.to as f64, f64::from(pt.in_flight_max))).collect();
    let done: Vec<(f64, f64)> = r.series.iter().map(|pt| (pt.to as f64, f64::from(pt.finished))).collect();
    let failed: Vec<(f64, f64)> = r.series.iter().map(|pt| (pt.to as f64, f64::from(pt.failures))).collect();
    let killed = s.killed_at.map(|t| Rule { at: t as f64, vertical: true, ink: Ink::Danger, label: format!("killed at {}", duration(t as f64)) });
    let mb_axis = |y: f64| format!("{} MB", trim(y, 0));
    let n_axis = |y: f64| count(y.round() as i64);
    let plots = [
        Plot {
            title: "Heap used, against the limit".into(),
            x_max: end,
            y_max: mb(p.heap_limit_bytes).max(mb(s.peak_memory)),
            x_label: &ms_axis,
            y_label: &mb_axis,
            lines: vec![Line { points: heap, ink: Ink::Series, area: true, dashed: false }],
            bars: vec![],
            rules: [Some(Rule { at: mb(p.heap_limit_bytes), vertical: false, ink: Ink::Limit, label: format!("heap limit {} MB", count((p.heap_limit_bytes >> 20) as i64)) }), killed]
                .into_iter()
                .flatten()
                .collect(),
            dots: vec![],
        },
        Plot {
            title: "Tasks in flight".into(),
            x_max: end,
            y_max: f64::from(s.peak_in_flight.max(1)),
            x_label: &ms_axis,
            y_label: &n_axis,
            lines: vec![Line { points: in_flight, ink: Ink::Series, area: true, dashed: false }],
            bars: vec![],
            rules: vec![],
            dots: vec![],
        },
        Plot {
            title: "Completed (solid), refused or failed (dashed)".into(),
            x_max: end,
            y_max: f64::from(s.finished.max(s.failed + s.refused).max(1)),
            x_label: &ms_axis,
            y_label: &n_axis,
            lines: vec![
                Line { points: done, ink: Ink::Series, area: false, dashed: false },
                Line { points: failed, ink: Ink::Second, area: false, dashed: true },
            ],
            bars: vec![],
            rules: vec![],
            dots: vec![],
        },
    ];
    let caption = format!("{}, {} tasks", regime_words(p.regime), count(i64::from(p.tasks)));
    let outcome = match s.killed_at {
        Some(t) => format!("the process was killed for memory at {}", duration(t as f64)),
        None => format!("all settled by {}", duration(end)),
    };
    let label = format!("Setting {name}: heap used, tasks in flight, and tasks completed or refused over {}; {outcome}. The numbers are in the table below.", duration(end));
    (caption, chart::svg(WIDTH, HEIGHT, &plots, &label))
}

fn writable_panel(name: &str, p: &WritableParams, r: &WritableReport) -> (String, String) {
    let steps: Vec<(f64, f64)> = r.trace.buffered_steps().into_iter().map(|(t, b)| (t as f64, b as f64 / 1024.0)).collect();
    let end = r.finished_at.max(1) as f64;
    let hwm = p.high_water_mark as f64 / 1024.0;
    let kib_axis = |y: f64| bytes((y * 1024.0) as u64);
    let plots = [Plot {
        title: "Buffered bytes (writableLength)".into(),
        x_max: end,
        y_max: (r.peak_length as f64 / 1024.0).max(hwm),
        x_label: &ms_axis,
        y_label: &kib_axis,
        lines: vec![Line { points: chart::squeeze(&steps, POINTS), ink: Ink::Series, area: true, dashed: false }],
        bars: vec![],
        rules: vec![Rule { at: hwm, vertical: false, ink: Ink::Limit, label: format!("highWaterMark {}", bytes(p.high_water_mark)) }],
        dots: vec![],
    }];
    let caption = match p.producer {
        Producer::HonoursBackpressure => "waits for 'drain'".to_string(),
        Producer::IgnoresBackpressure => "ignores write()'s false".to_string(),
    };
    let label = format!(
        "Setting {name}: buffered bytes over {} against a highWaterMark of {}; the peak was {}. The numbers are in the table below.",
        duration(end),
        bytes(p.high_water_mark),
        bytes(r.peak_length)
    );
    (caption, chart::svg(WIDTH, HEIGHT + 40, &plots, &label))
}

/// The width of a retry chart's buckets for a run this long: at most 100 buckets (the page
/// carries the prerendered charts, two points per bucket).
fn retry_bucket(end: u64) -> u64 {
    [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000].into_iter().find(|b| end / b <= 100).unwrap_or(10_000)
}

fn retry_panel(name: &str, p: &RetryParams, r: &RetryReport) -> (String, String) {
    let end = r.attempt_times.last().copied().unwrap_or(0).max(r.rejected_times.last().copied().unwrap_or(0)).max(r.last_success_at).max(1);
    let bucket = retry_bucket(end);
    let as_line = |counts: Vec<u32>| -> Vec<(f64, f64)> {
        let mut pts = Vec::with_capacity(counts.len() * 2);
        for (i, c) in counts.iter().enumerate() {
            pts.push(((i as u64 * bucket) as f64, f64::from(*c)));
            pts.push((((i as u64 + 1) * bucket) as f64, f64::from(*c)));
        }
        pts
    };
    let sent = retry::bucket_counts(&r.attempt_times, bucket);
    let rejected = retry::bucket_counts(&r.rejected_times, bucket);
    let peak = sent.iter().chain(&rejected).copied().max().unwrap_or(1);
    let capacity = f64::from(p.capacity_per_ms) * bucket as f64;
    let n_axis = |y: f64| count(y.round() as i64);
    let mut lines = vec![Line { points: as_line(sent), ink: Ink::Series, area: false, dashed: false }];
    if !r.rejected_times.is_empty() {
        lines.push(Line { points: as_line(rejected), ink: Ink::Second, area: false, dashed: true });
    }
    let title = if r.rejected_times.is_empty() {
        format!("Attempts sent, per {}", duration(bucket as f64))
    } else {
        format!("Sent (solid), failed fast (dashed), per {}", duration(bucket as f64))
    };
    let plots = [Plot {
        title,
        x_max: (end + bucket) as f64,
        y_max: f64::from(peak).max(capacity.min(f64::from(peak) * 1.5)),
        x_label: &ms_axis,
        y_label: &n_axis,
        lines,
        bars: vec![],
        rules: vec![
            Rule { at: p.recovers_at_ms as f64, vertical: true, ink: Ink::Danger, label: "back up".into() },
            Rule { at: capacity, vertical: false, ink: Ink::Limit, label: format!("capacity {}", count(capacity as i64)) },
        ],
        dots: vec![],
    }];
    let caption = match (p.breaker.is_some(), p.backoff.jitter, p.backoff.cap_ms) {
        (true, _, _) => "full jitter behind a breaker".to_string(),
        (false, Jitter::Full, _) => "exponential backoff with full jitter".to_string(),
        (false, _, 1) => "retry at once".to_string(),
        _ => "exponential backoff, no jitter".to_string(),
    };
    let label = format!(
        "Setting {name}: attempts reaching the downstream over time against its capacity; {} attempts for {} clients, {} served. The numbers are in the table below.",
        count(r.attempt_times.len() as i64),
        count(i64::from(p.clients)),
        count(i64::from(r.succeeded))
    );
    (caption, chart::svg(WIDTH, HEIGHT + 40, &plots, &label))
}

fn queueing_panel(name: &str, p: &MmcParams, r: &MmcReport) -> (String, String) {
    let h = &r.histogram;
    let bars: Vec<f64> = h.counts.iter().map(|&c| f64::from(c)).collect();
    let peak = bars.iter().copied().fold(1.0, f64::max);
    let l = &r.latency;
    let n_axis = |y: f64| count(y.round() as i64);
    let s = p.mean_service_ms;
    let c = p.servers;
    // Mean response against utilisation: the M/M/1 formula S / (1 − ρ), and Erlang C's M/M/c.
    let curve = |f: &dyn Fn(f64) -> Option<f64>| -> Vec<(f64, f64)> {
        (0..=97).filter_map(|i| {
            let rho = f64::from(i) / 100.0;
            f(rho).map(|m| (rho * 100.0, m))
        })
        .collect()
    };
    let m1 = curve(&|rho| Some(s / (1.0 - rho)));
    let mc = curve(&|rho| if rho == 0.0 { Some(s) } else { mmc::theory(rho * f64::from(c) / s, s, c).map(|t| t.mean_ms) });
    let y_top = (s / (1.0 - 0.97)).max(l.mean_ms);
    let pct_axis = |x: f64| format!("{}%", trim(x, 0));
    let ms_y = |y: f64| duration(y);
    let mut lines = vec![Line { points: m1, ink: Ink::Limit, area: false, dashed: true }];
    if c > 1 {
        lines.push(Line { points: mc, ink: Ink::Second, area: false, dashed: false });
    }
    let plots = [
        Plot {
            title: "Latency: requests per duration".into(),
            x_max: h.to_ms,
            y_max: peak,
            x_label: &ms_axis,
            y_label: &n_axis,
            lines: vec![],
            bars,
            rules: vec![
                Rule { at: l.p50_ms, vertical: true, ink: Ink::Text, label: format!("p50 {}", duration(l.p50_ms)) },
                Rule { at: l.p95_ms, vertical: true, ink: Ink::Second, label: format!("p95 {}", duration(l.p95_ms)) },
                Rule { at: l.p99_ms, vertical: true, ink: Ink::Danger, label: format!("p99 {}", duration(l.p99_ms)) },
            ],
            dots: vec![],
        },
        Plot {
            title: if c > 1 { "Mean vs ρ: M/M/1 dashed, M/M/c solid, measured dot".into() } else { "Mean vs ρ: S/(1 − ρ) dashed, measured dot".into() },
            x_max: 100.0,
            y_max: y_top,
            x_label: &pct_axis,
            y_label: &ms_y,
            lines,
            bars: vec![],
            rules: vec![],
            dots: vec![Dot { at: (r.utilization * 100.0, l.mean_ms), ink: Ink::Series, label: format!("measured {}", duration(l.mean_ms)) }],
        },
    ];
    let caption = format!("ρ = {}%, {} server{}, S = {}", trim(r.utilization * 100.0, 0), c, if c == 1 { "" } else { "s" }, duration(s));
    let label = format!(
        "Setting {name}: a histogram of {} latencies with p50 {}, p95 {} and p99 {}; and mean response time against utilisation. The numbers are in the table below.",
        count(i64::from(p.requests)),
        duration(l.p50_ms),
        duration(l.p95_ms),
        duration(l.p99_ms)
    );
    (caption, chart::svg(WIDTH, HEIGHT + 20, &plots, &label))
}

fn rows(outcome: &Outcome) -> Vec<(String, String)> {
    let row = |label: &str, value: String| (label.to_string(), value);
    match outcome {
        Outcome::Migration(p, r) => {
            let s = &r.summary;
            vec![
                row("How it ended", match s.killed_at {
                    Some(t) => format!("killed for memory at {}", duration(t as f64)),
                    None => format!("every task settled by {}", duration(s.makespan as f64)),
                }),
                row("Completed", count(i64::from(s.finished))),
                row("Refused a connection", count(i64::from(s.refused))),
                row("Lost (in flight or never started when killed)", count(i64::from(s.killed_in_flight + s.never_started))),
                row("Most in flight at once", count(i64::from(s.peak_in_flight))),
                row("Most heap used", format!("{} of {}", bytes(s.peak_memory), bytes(p.heap_limit_bytes))),
            ]
        }
        Outcome::Writable(p, r) => {
            let falses = r.writes.iter().filter(|w| !w.returned).count();
            vec![
                row("Most bytes buffered", {
                    let times = r.peak_length as f64 / p.high_water_mark.max(1) as f64;
                    format!("{} ({}× highWaterMark)", bytes(r.peak_length), trim(times, if times < 10.0 { 1 } else { 0 }))
                }),
                row("write() returned false", format!("{} of {} times", count(falses as i64), count(r.writes.len() as i64))),
                row("'drain' events", count(r.drains.len() as i64)),
                row("'finish' at", duration(r.finished_at as f64)),
            ]
        }
        Outcome::Retry(p, r) => vec![
            row("Attempts sent to the downstream", count(r.attempt_times.len() as i64)),
            row("Failed fast by the breaker", count(r.rejected_times.len() as i64)),
            row("Attempts sent per client", trim(r.amplification, 2)),
            row("Most retries sent in one ms", count(i64::from(r.peak_retries_per_ms))),
            row("Clients served", format!("{} of {}", count(i64::from(r.succeeded)), count(i64::from(p.clients)))),
            row("Clients that gave up", count(i64::from(r.gave_up))),
            row("Last client served at", if r.succeeded > 0 { duration(r.last_success_at as f64) } else { "never".into() }),
        ],
        Outcome::Queueing(p, r) => {
            let l = &r.latency;
            let t = r.theory;
            let rho = r.utilization;
            vec![
                row("Utilisation ρ", format!("{}%", trim(rho * 100.0, 1))),
                row("p50 / p95 / p99", format!("{} / {} / {}", duration(l.p50_ms), duration(l.p95_ms), duration(l.p99_ms))),
                row("Mean response, measured", duration(l.mean_ms)),
                row("Mean response, M/M/c theory (Erlang C)", t.map_or("no steady state".into(), |t| duration(t.mean_ms))),
                row("M/M/1's S/(1 − ρ) at this ρ", if rho < 1.0 { duration(p.mean_service_ms / (1.0 - rho)) } else { "no steady state".into() }),
                row("Requests that waited for a server", format!("{}%", trim(r.waited_fraction * 100.0, 1))),
            ]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulate;

    fn run_default(model: Model, text: &str) -> Outcome {
        let v = model.parse(text, "A").unwrap();
        run(model, &v, 42).unwrap()
    }

    #[test]
    fn the_million_id_migration_dies_unbounded_and_finishes_bounded() {
        let Outcome::Migration(_, all) = run_default(Model::Migration, "regime=unbounded") else { panic!() };
        let Outcome::Migration(_, bounded) = run_default(Model::Migration, "regime=bounded k=20") else { panic!() };
        assert!(all.summary.killed_at.is_some(), "{:?}", all.summary);
        assert!(all.summary.refused > 0);
        assert_eq!(bounded.summary.killed_at, None);
        assert_eq!(bounded.summary.finished, 1_000_000);
        assert_eq!(bounded.summary.peak_in_flight, 20);
    }

    #[test]
    fn ignoring_false_buffers_without_bound_and_honouring_stays_near_the_mark() {
        let Outcome::Writable(p, honours) = run_default(Model::Writable, "producer=honours") else { panic!() };
        let Outcome::Writable(_, ignores) = run_default(Model::Writable, "producer=ignores") else { panic!() };
        assert!(honours.peak_length <= p.high_water_mark + p.chunk_bytes, "{}", honours.peak_length);
        assert!(ignores.peak_length > 100 * p.high_water_mark, "{}", ignores.peak_length);
    }

    #[test]
    fn retries_at_once_serve_nobody_and_jitter_behind_a_breaker_serves_all_sending_least() {
        let outcome = |s: &str| match run_default(Model::RetryStorm, &format!("strategy={s}")) {
            Outcome::Retry(_, r) => r,
            _ => unreachable!(),
        };
        let (storm, lockstep, jitter, calm) = (outcome("immediate"), outcome("exponential"), outcome("jitter"), outcome("breaker"));
        // 2,000 clients, 10 attempts each, a 2 s outage, then 5 attempts per ms.
        assert_eq!(storm.attempt_times.len(), 20_000, "every attempt spent inside the outage");
        assert_eq!(storm.succeeded, 0);
        assert_eq!(lockstep.peak_retries_per_ms, 2_000, "without jitter every retry wave lands at once");
        assert!(lockstep.succeeded < 100, "{}", lockstep.succeeded);
        assert!(jitter.succeeded > 1_900 && jitter.peak_retries_per_ms < 100, "{} {}", jitter.succeeded, jitter.peak_retries_per_ms);
        assert!(calm.succeeded >= jitter.succeeded - 10);
        assert!(calm.attempt_times.len() * 3 < jitter.attempt_times.len(), "{} vs {}", calm.attempt_times.len(), jitter.attempt_times.len());
        assert!(!calm.rejected_times.is_empty() && jitter.rejected_times.is_empty());
    }

    #[test]
    fn queueing_near_saturation_has_a_far_longer_tail() {
        let Outcome::Queueing(_, at80) = run_default(Model::Queueing, "utilisation=80") else { panic!() };
        let Outcome::Queueing(_, at95) = run_default(Model::Queueing, "utilisation=95") else { panic!() };
        assert!(at95.latency.p99_ms > 3.0 * at80.latency.p99_ms);
        let within = |got: f64, want: f64| (got - want).abs() < 0.1 * want;
        assert!(within(at80.latency.mean_ms, 50.0), "S/(1−ρ) = 10/0.2 = 50 ms, got {}", at80.latency.mean_ms);
    }

    #[test]
    fn every_model_draws_two_panels_and_a_table_with_both_columns() {
        for model in Model::ALL {
            let d = model.defaults();
            let html = simulate(model, &d, Some(&d), 7).unwrap();
            assert_eq!(html.matches("<figure class=\"sim-panel\"").count(), 2, "{}", model.name());
            assert_eq!(html.matches("<svg class=\"sim-chart\"").count(), 2);
            assert!(html.contains("<th scope=\"col\">B</th>"));
            let same = simulate(model, &d, Some(&d), 7).unwrap();
            assert_eq!(html, same, "{}: the same seed draws the same", model.name());
            let alone = simulate(model, &d, None, 7).unwrap();
            assert_eq!(alone.matches("<figure").count(), 1);
        }
    }
}
