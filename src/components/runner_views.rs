//! What a runner shows of a recording at the current step: the console up to it, the event
//! loop (phase, call stack, the four queues), the lanes on a timeline with the count in flight,
//! and every event as a table, which is also the text alternative of the other views.
//!
//! These views are written as markup and put into their containers by the runner (`Views`),
//! not built from `view!` templates: they change wholesale from one step to the next, and as
//! templates they cost the page's wasm some 56 KB gzip (measured), a quarter of its budget. Every
//! text from the program (console lines, labels) goes through [`esc`].

use std::fmt::Write as _;

use inflight_engine::js::view::{LaneState, Phase, Report, Span, Step};
use wasm_bindgen::JsCast;

/// Text made safe to put in markup, in an element or a quoted attribute.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// An SVG coordinate with one decimal, written with integer arithmetic (formatting floats would
/// pull Rust's float printing into the wasm).
fn n(v: f64) -> String {
    let tenths = (v * 10.0).round() as i64;
    let sign = if tenths < 0 { "-" } else { "" };
    let t = tenths.unsigned_abs();
    format!("{sign}{}.{}", t / 10, t % 10)
}

/// How many console lines the steps up to `step` wrote.
pub fn lines_until(report: &Report, step: usize) -> usize {
    report.view.console.partition_point(|l| l.step as usize <= step)
}

/// Console line `i` as a list item.
pub fn console_line(report: &Report, i: usize) -> String {
    let l = &report.view.console[i];
    format!(
        "<li{}><span class=\"at\">{} ms</span><span class=\"text\">{}</span></li>",
        if l.stderr { " class=\"stderr\"" } else { "" },
        l.at,
        esc(&l.text)
    )
}

const PHASES: [(Phase, &str, &str); 4] = [
    (Phase::Main, "main", "the script or module"),
    (Phase::Timers, "timers", "due timers"),
    (Phase::Poll, "poll", "I/O; waits for the next timer"),
    (Phase::Check, "check", "setImmediate callbacks"),
];

fn queue(out: &mut String, title: &str, class: &str, entries: &[String], size: u32) {
    let _ = write!(out, "<div class=\"queue queue-{class}\"><h5>{title} <span class=\"count\">{size}</span></h5>");
    if entries.is_empty() {
        out.push_str("<p class=\"empty\">empty</p>");
    } else {
        out.push_str("<ol class=\"chips\">");
        for e in entries {
            let _ = write!(out, "<li>{}</li>", esc(e));
        }
        let more = (size as usize).saturating_sub(entries.len());
        if more > 0 {
            let _ = write!(out, "<li class=\"more\">+{more} more</li>");
        }
        out.push_str("</ol>");
    }
    out.push_str("</div>");
}

/// The event loop at step `s`: what just happened, the phase, the call stack and the queues.
pub fn event_loop(report: &Report, s: &Step) -> String {
    let v = &report.view;
    let mut out = format!("<p class=\"now\"><span class=\"now-label\">Now: </span>{}</p>", esc(&v.describe(s)));
    out.push_str("<ol class=\"phases\" aria-label=\"Event loop phases\">");
    for (p, name, what) in PHASES {
        let active = if s.phase == p { " class=\"active\" aria-current=\"step\"" } else { "" };
        let _ = write!(out, "<li{active}><span class=\"phase-name\">{name}</span><span class=\"phase-what\">{what}</span></li>");
    }
    out.push_str("</ol>");
    let _ = write!(out, "<div class=\"stack\"><h5>Call stack <span class=\"count\">{}</span></h5>", s.stack.len());
    if s.stack.is_empty() {
        out.push_str("<p class=\"empty\">empty: the loop is between callbacks</p>");
    } else {
        out.push_str("<ol class=\"frames\">");
        for l in s.stack.iter().rev() {
            let _ = write!(out, "<li>{}</li>", esc(v.label(*l)));
        }
        out.push_str("</ol>");
    }
    out.push_str("</div><div class=\"queues\">");
    let labels = |ids: &[u32]| ids.iter().map(|i| v.label(*i).to_string()).collect::<Vec<_>>();
    queue(&mut out, "nextTick queue", "tick", &labels(&s.ticks), s.sizes[0]);
    queue(&mut out, "Promise jobs", "job", &labels(&s.jobs), s.sizes[1]);
    let timers: Vec<String> = s.timers.iter().map(|t| format!("{} · {} ms{}", v.label(t.label), t.due, if t.repeat { " ↻" } else { "" })).collect();
    queue(&mut out, "Timers", "timer", &timers, s.sizes[2]);
    queue(&mut out, "Immediates", "immediate", &labels(&s.immediates), s.sizes[3]);
    out.push_str("</div>");
    out
}

pub const WIDTH: f64 = 640.0;
pub const LABEL: f64 = 96.0;
const RIGHT: f64 = 12.0;
const PITCH: f64 = 18.0;
const BAR: f64 = 12.0;
const AXIS: f64 = 20.0;
const CHART: f64 = 60.0;
const GAP: f64 = 30.0;
/// Characters of a lane's label that fit its column (the table and the tooltip give it whole).
const MAX_LABEL: usize = 14;

fn state_class(s: LaneState) -> &'static str {
    match s {
        LaneState::Running => "running",
        LaneState::Timer => "timer",
        LaneState::Waiting => "waiting",
        LaneState::Fulfilled => "fulfilled",
        LaneState::Rejected => "rejected",
        LaneState::Aborted => "aborted",
    }
}

const LEGEND: [LaneState; 6] = [LaneState::Running, LaneState::Timer, LaneState::Waiting, LaneState::Fulfilled, LaneState::Rejected, LaneState::Aborted];

/// A tick spacing of 1, 2 or 5 times a power of ten giving about five ticks.
fn tick_step(end: u64) -> u64 {
    let rough = (end / 5).max(1);
    let mut power = 1u64;
    while power * 10 <= rough {
        power *= 10;
    }
    [1, 2, 5, 10].into_iter().map(|m| m * power).find(|s| *s >= rough).unwrap_or(10 * power)
}

/// The timeline's scale: virtual ms to SVG x.
pub struct Scale {
    pub end: u64,
    pub height: f64,
}

impl Scale {
    pub fn new(report: &Report) -> Scale {
        let end = report.view.steps.last().map_or(1, |s| s.at).max(1);
        let height = AXIS + report.view.lanes.len() as f64 * PITCH + GAP + CHART + 22.0;
        Scale { end, height }
    }

    pub fn x(&self, t: u64) -> f64 {
        LABEL + t.min(self.end) as f64 / self.end as f64 * (WIDTH - LABEL - RIGHT)
    }

    /// The last step at or before the time under SVG x `sx`.
    pub fn step_at(&self, report: &Report, sx: f64) -> usize {
        let t = ((sx - LABEL) / (WIDTH - LABEL - RIGHT) * self.end as f64).max(0.0);
        report.view.steps.partition_point(|s| (s.at as f64) <= t).saturating_sub(1)
    }
}

/// The lanes' figure: legend, timeline (SVG) and its table. `None` when the runner follows no
/// function. The playhead and the mask over the future are moved by [`move_playhead`].
pub fn lanes(report: &Report) -> Option<String> {
    let v = &report.view;
    if v.lanes.is_empty() {
        return None;
    }
    let spans: Vec<Span> = v.lane_spans();
    let scale = Scale::new(report);
    let time_of = |i: u32| v.steps.get(i as usize).map_or(scale.end, |s| s.at);
    let chart_top = AXIS + v.lanes.len() as f64 * PITCH + GAP;
    let in_flight = v.in_flight();
    let peak = in_flight.iter().copied().max().unwrap_or(0).max(1);
    let y_count = |c: u32| chart_top + CHART - f64::from(c) / f64::from(peak) * CHART;
    let mut out = String::new();
    let function = v.lanes.first().map(|l| l.function.as_str()).unwrap_or("");
    let _ = write!(out, "<figcaption class=\"pane-title\">Every call of {}, over virtual time</figcaption><ul class=\"legend\">", esc(function));
    for s in LEGEND {
        let _ = write!(out, "<li><span class=\"swatch span-{}\"></span>{}</li>", state_class(s), s.name());
    }
    let _ = write!(
        out,
        "</ul><svg class=\"timeline\" viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"Timeline of the lanes and the count in flight; the table below holds the same facts\">",
        n(WIDTH),
        n(scale.height)
    );
    for t in (0..=scale.end).step_by(tick_step(scale.end) as usize) {
        // A label at the right edge ends there rather than being cut off by it.
        let anchor = if scale.x(t) > WIDTH - 28.0 { "end" } else { "middle" };
        let x = n(scale.x(t));
        let _ = write!(out, "<line class=\"tick\" x1=\"{x}\" x2=\"{x}\" y1=\"{}\" y2=\"{}\"/><text class=\"tick-label\" x=\"{x}\" y=\"{}\" text-anchor=\"{anchor}\">{t} ms</text>", n(AXIS - 4.0), n(chart_top + CHART), n(AXIS - 7.0));
    }
    for (i, l) in v.lanes.iter().enumerate() {
        let short = if l.label.chars().count() > MAX_LABEL { l.label.chars().take(MAX_LABEL - 1).collect::<String>() + "…" } else { l.label.clone() };
        let _ = write!(out, "<text class=\"lane-label\" x=\"{}\" y=\"{}\" text-anchor=\"end\"><title>{}</title>{}</text>", n(LABEL - 6.0), n(AXIS + i as f64 * PITCH + BAR - 2.0), esc(&l.label), esc(&short));
    }
    for s in &spans {
        let y = AXIS + f64::from(s.lane) * PITCH;
        let x0 = scale.x(time_of(s.from));
        let x1 = scale.x(time_of(s.to)).max(x0 + 2.0);
        // After its end a lane is a thin line in its end state, so the calls still open stand out.
        let ended = matches!(s.state, LaneState::Fulfilled | LaneState::Rejected | LaneState::Aborted);
        let (y, h) = if ended { (y + BAR / 2.0 - 1.5, 3.0) } else { (y, BAR) };
        let _ = write!(out, "<rect class=\"span span-{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"1.5\"/>", state_class(s.state), n(x0), n(y), n(x1 - x0), n(h));
    }
    let mut points = format!("{},{}", n(scale.x(0)), n(y_count(0)));
    let mut last = 0u32;
    for (s, c) in v.steps.iter().zip(&in_flight) {
        if *c != last {
            let x = n(scale.x(s.at));
            let _ = write!(points, " {x},{} {x},{}", n(y_count(last)), n(y_count(*c)));
            last = *c;
        }
    }
    let _ = write!(points, " {},{}", n(scale.x(scale.end)), n(y_count(last)));
    let _ = write!(
        out,
        "<text class=\"chart-label\" x=\"{x}\" y=\"{}\" text-anchor=\"end\">in flight</text><text class=\"chart-label\" x=\"{x}\" y=\"{}\" text-anchor=\"end\">0–{peak}</text><polyline class=\"in-flight\" fill=\"none\" points=\"{points}\"/><rect class=\"future\" x=\"{}\" y=\"0\" width=\"0\" height=\"{h}\"/><line class=\"playhead\" x1=\"{}\" x2=\"{}\" y1=\"0\" y2=\"{h}\"/></svg>",
        n(chart_top + 10.0),
        n(chart_top + CHART),
        n(LABEL),
        n(LABEL),
        n(LABEL),
        x = n(LABEL - 6.0),
        h = n(scale.height),
    );
    out.push_str("<details class=\"lanes-table\"><summary>The lanes as a table</summary><table><thead><tr><th scope=\"col\">Call</th><th scope=\"col\">What it did</th></tr></thead><tbody>");
    for (lane, l) in v.lanes.iter().enumerate() {
        let parts: Vec<String> = spans.iter().filter(|s| s.lane as usize == lane).map(|s| format!("{} {}–{} ms", s.state.name(), time_of(s.from), time_of(s.to))).collect();
        let _ = write!(out, "<tr><th scope=\"row\">{}</th><td>{}</td></tr>", esc(&l.label), esc(&parts.join("; ")));
    }
    out.push_str("</tbody></table></details>");
    Some(out)
}

/// Moves the timeline's playhead, and the mask over what has not happened yet, to step `step`.
pub fn move_playhead(figure: &web_sys::Element, report: &Report, step: usize) {
    let scale = Scale::new(report);
    let x = scale.x(report.view.steps.get(step).map_or(0, |s| s.at));
    if let Ok(Some(line)) = figure.query_selector(".playhead") {
        let _ = line.set_attribute("x1", &n(x));
        let _ = line.set_attribute("x2", &n(x));
    }
    if let Ok(Some(mask)) = figure.query_selector(".future") {
        let _ = mask.set_attribute("x", &n(x));
        let _ = mask.set_attribute("width", &n((WIDTH - RIGHT - x).max(0.0)));
    }
}

/// Shows a knob's new value in the prerendered code view (before the editor has loaded): the
/// number on the first line that declares `const NAME`, as `inflight_course::with_knob` finds it.
pub fn patch_knob(section: &web_sys::Element, name: &str, value: i64) {
    let Ok(lines) = section.query_selector_all(".code-view .code-line") else { return };
    for i in 0..lines.length() {
        let Some(line) = lines.item(i).and_then(|l| l.dyn_into::<web_sys::Element>().ok()) else { continue };
        let text = line.text_content().unwrap_or_default();
        let Some(rest) = text.trim_start().strip_prefix("const ").map(str::trim_start).and_then(|r| r.strip_prefix(name)) else { continue };
        if rest.starts_with(|c: char| c.is_alphanumeric() || c == '_' || c == '$') {
            continue;
        }
        if let Ok(Some(number)) = line.query_selector(".tok-num") {
            number.set_text_content(Some(&value.to_string()));
        }
        return;
    }
}

/// Rows the event table shows at most (a lesson's demo has a few hundred events).
pub const MAX_ROWS: usize = 2_000;

/// Every event as table rows; each row's first cell is a button that goes to its step
/// (`data-step`).
pub fn event_rows(report: &Report) -> String {
    let v = &report.view;
    let mut out = String::new();
    for (i, s) in v.steps.iter().take(MAX_ROWS).enumerate() {
        let top = s.stack.last().map(|l| v.label(*l)).unwrap_or("");
        let _ = write!(
            out,
            "<tr><td><button type=\"button\" class=\"go\" data-step=\"{i}\" aria-label=\"Go to step {}\">{}</button></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{} · {} · {} · {}</td></tr>",
            i + 1,
            i + 1,
            s.at,
            s.phase.name(),
            esc(&v.describe(s)),
            esc(top),
            s.sizes[0],
            s.sizes[1],
            s.sizes[2],
            s.sizes[3]
        );
    }
    out
}

/// Marks row `step` of the event table as the current one.
pub fn mark_row(table: &web_sys::Element, step: usize) {
    if let Ok(Some(old)) = table.query_selector("tr.current") {
        let _ = old.class_list().remove_1("current");
        let _ = old.remove_attribute("aria-current");
    }
    if let Some(row) = table.query_selector_all("tbody tr").ok().and_then(|rows| rows.item(step as u32)).and_then(|r| r.dyn_into::<web_sys::Element>().ok()) {
        let _ = row.class_list().add_1("current");
        let _ = row.set_attribute("aria-current", "step");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_from_the_program_is_escaped() {
        assert_eq!(esc("<img src=x onerror=\"a\">&'"), "&lt;img src=x onerror=&quot;a&quot;&gt;&amp;&#39;");
        let limits = inflight_engine::js::Limits { steps: 1_000_000, seed: 1, heap_bytes: 64 << 20, collect_every: None };
        let options = inflight_engine::js::view::ViewOptions { lanes: vec!["f".into()], max_steps: 1000 };
        let src = "function f(x) { return x; }\nf('<b>');\nconsole.log('<script>alert(1)</script>');\nsetTimeout(function \"\"() {}, 1);";
        let src = src.replace("function \"\"()", "() =>");
        let r = inflight_engine::js::report("x.js", &src, limits, &options);
        let all = format!(
            "{}{}{}{}",
            (0..r.view.console.len()).map(|i| console_line(&r, i)).collect::<String>(),
            r.view.steps.iter().map(|s| event_loop(&r, s)).collect::<String>(),
            lanes(&r).unwrap(),
            event_rows(&r)
        );
        assert!(!all.contains("<script") && !all.contains("<b>"), "{all}");
        assert!(all.contains("&lt;script&gt;") && all.contains("f(&#39;&lt;b&gt;&#39;)"), "{all}");
    }
}
