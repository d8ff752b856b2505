//! What a runner shows of a recording at the current step: the console up to it, the event
//! loop (phase, call stack, the four queues), the lanes on a timeline with the count in flight,
//! and every event as a table, which is also the text alternative of the other views.

use std::sync::Arc;

use inflight_engine::js::view::{LaneState, Phase, Report, Span, Step};
use leptos::prelude::*;

/// An SVG coordinate with one decimal, written with integer arithmetic (formatting floats would
/// pull Rust's float printing into the wasm).
fn n(v: f64) -> String {
    let tenths = (v * 10.0).round() as i64;
    let sign = if tenths < 0 { "-" } else { "" };
    let t = tenths.unsigned_abs();
    format!("{sign}{}.{}", t / 10, t % 10)
}

/// How many console lines the steps up to `step` wrote.
fn lines_until(report: &Report, step: usize) -> usize {
    report.view.console.partition_point(|l| l.step as usize <= step)
}

#[component]
pub fn Console(report: Arc<Report>, step: Signal<usize>) -> impl IntoView {
    let r = report.clone();
    let visible = Memo::new(move |_| lines_until(&r, step.get()));
    let r = report.clone();
    view! {
        <div class="pane console-pane">
            <h4 class="pane-title">"Console"</h4>
            <ol class="console" aria-label="Console output up to the current step" tabindex="0">
                <For each=move || 0..visible.get() key=|i| *i children=move |i| {
                    let line = &r.view.console[i];
                    view! {
                        <li class:stderr=line.stderr>
                            <span class="at">{format!("{} ms", line.at)}</span>
                            <span class="text">{line.text.clone()}</span>
                        </li>
                    }
                }/>
            </ol>
        </div>
    }
}

const PHASES: [(Phase, &str, &str); 4] = [
    (Phase::Main, "main", "the script or module"),
    (Phase::Timers, "timers", "due timers"),
    (Phase::Poll, "poll", "I/O; waits for the next timer"),
    (Phase::Check, "check", "setImmediate callbacks"),
];

fn queue_view(title: &'static str, class: &'static str, entries: Vec<String>, size: u32) -> impl IntoView {
    let more = size as usize - entries.len().min(size as usize);
    view! {
        <div class=format!("queue queue-{class}")>
            <h5>{title}" "<span class="count">{size}</span></h5>
            {if entries.is_empty() {
                view! { <p class="empty">"empty"</p> }.into_any()
            } else {
                view! {
                    <ol class="chips">
                        {entries.into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}
                        {(more > 0).then(|| view! { <li class="more">{format!("+{more} more")}</li> })}
                    </ol>
                }
                .into_any()
            }}
        </div>
    }
}

#[component]
pub fn EventLoop(report: Arc<Report>, step: Signal<usize>) -> impl IntoView {
    let r = report.clone();
    let current = Memo::new(move |_| r.view.steps.get(step.get()).cloned());
    let r = report.clone();
    let describe = move || current.get().map(|s| r.view.describe(&s)).unwrap_or_default();
    let r = report.clone();
    let body = move || {
        let Some(s): Option<Step> = current.get() else { return ().into_any() };
        let label = |i: &u32| r.view.label(*i).to_string();
        let stack: Vec<String> = s.stack.iter().rev().map(label).collect();
        let timers: Vec<String> = s.timers.iter().map(|t| format!("{} · {} ms{}", r.view.label(t.label), t.due, if t.repeat { " ↻" } else { "" })).collect();
        view! {
            <ol class="phases" aria-label="Event loop phases">
                {PHASES.iter().map(|(p, name, what)| view! {
                    <li class:active=s.phase == *p aria-current=if s.phase == *p { Some("step") } else { None }>
                        <span class="phase-name">{*name}</span><span class="phase-what">{*what}</span>
                    </li>
                }).collect_view()}
            </ol>
            <div class="stack">
                <h5>"Call stack" <span class="count">{stack.len()}</span></h5>
                {if stack.is_empty() {
                    view! { <p class="empty">"empty: the loop is between callbacks"</p> }.into_any()
                } else {
                    view! { <ol class="frames">{stack.into_iter().map(|f| view! { <li>{f}</li> }).collect_view()}</ol> }.into_any()
                }}
            </div>
            <div class="queues">
                {queue_view("nextTick queue", "tick", s.ticks.iter().map(label).collect(), s.sizes[0])}
                {queue_view("Promise jobs", "job", s.jobs.iter().map(label).collect(), s.sizes[1])}
                {queue_view("Timers", "timer", timers, s.sizes[2])}
                {queue_view("Immediates", "immediate", s.immediates.iter().map(label).collect(), s.sizes[3])}
            </div>
        }
        .into_any()
    };
    view! {
        <div class="pane loop-pane">
            <h4 class="pane-title">"Event loop"</h4>
            <p class="now"><span class="now-label">"Now: "</span>{describe}</p>
            {body}
        </div>
    }
}

const WIDTH: f64 = 640.0;
const LABEL: f64 = 96.0;
const RIGHT: f64 = 12.0;
const PITCH: f64 = 18.0;
const BAR: f64 = 12.0;
const AXIS: f64 = 20.0;
const CHART: f64 = 60.0;
const GAP: f64 = 30.0;

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

#[component]
pub fn Lanes(report: Arc<Report>, step: RwSignal<usize>) -> impl IntoView {
    if report.view.lanes.is_empty() {
        return ().into_any();
    }
    let view_ = &report.view;
    let spans: Vec<Span> = view_.lane_spans();
    let end = view_.steps.last().map_or(1, |s| s.at).max(1);
    let plot = WIDTH - LABEL - RIGHT;
    let x = move |t: u64| LABEL + t.min(end) as f64 / end as f64 * plot;
    let time_of = {
        let r = report.clone();
        move |i: u32| r.view.steps.get(i as usize).map_or(end, |s| s.at)
    };
    let rows = view_.lanes.len() as f64;
    let chart_top = AXIS + rows * PITCH + GAP;
    let height = chart_top + CHART + 22.0;
    let in_flight = view_.in_flight();
    let peak = in_flight.iter().copied().max().unwrap_or(0).max(1);
    let y_count = move |c: u32| chart_top + CHART - f64::from(c) / f64::from(peak) * CHART;
    let ticks: Vec<u64> = (0..=end).step_by(tick_step(end) as usize).collect();

    let bars = spans
        .iter()
        .map(|s| {
            let y = AXIS + f64::from(s.lane) * PITCH;
            let x0 = x(time_of(s.from));
            let x1 = x(time_of(s.to)).max(x0 + 2.0);
            view! { <rect class=format!("span span-{}", state_class(s.state)) x=n(x0) y=n(y) width=n(x1 - x0) height=n(BAR) rx="2"/> }
        })
        .collect_view();
    let labels = view_
        .lanes
        .iter()
        .enumerate()
        .map(|(i, l)| view! { <text class="lane-label" x=n(LABEL - 6.0) y=n(AXIS + i as f64 * PITCH + BAR - 2.0) text-anchor="end">{l.label.clone()}</text> })
        .collect_view();
    // The count in flight as a step line over time.
    let mut points = format!("{},{}", n(x(0)), n(y_count(0)));
    let mut last = 0u32;
    for (s, c) in view_.steps.iter().zip(&in_flight) {
        if *c != last {
            points.push_str(&format!(" {},{} {},{}", n(x(s.at)), n(y_count(last)), n(x(s.at)), n(y_count(*c))));
            last = *c;
        }
    }
    points.push_str(&format!(" {},{}", n(x(end)), n(y_count(last))));
    let axis = ticks
        .iter()
        .map(|t| view! {
            <line class="tick" x1=n(x(*t)) x2=n(x(*t)) y1=n(AXIS - 4.0) y2=n(chart_top + CHART)/>
            <text class="tick-label" x=n(x(*t)) y=n(AXIS - 7.0) text-anchor="middle">{format!("{t} ms")}</text>
        })
        .collect_view();
    let r = report.clone();
    let playhead_x = Memo::new(move |_| x(r.view.steps.get(step.get()).map_or(0, |s| s.at)));
    let r = report.clone();
    let scrub = move |ev: web_sys::MouseEvent| {
        use wasm_bindgen::JsCast;
        let Some(target) = ev.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
        let rect = target.get_bounding_client_rect();
        if rect.width() <= 0.0 {
            return;
        }
        let sx = (f64::from(ev.client_x()) - rect.left()) / rect.width() * WIDTH;
        let t = ((sx - LABEL) / plot * end as f64).max(0.0);
        let i = r.view.steps.partition_point(|s| (s.at as f64) <= t).saturating_sub(1);
        step.set(i);
    };
    let summary = view_
        .lanes
        .iter()
        .enumerate()
        .map(|(lane, l)| {
            let parts: Vec<String> = spans
                .iter()
                .filter(|s| s.lane as usize == lane)
                .map(|s| format!("{} {}–{} ms", s.state.name(), time_of(s.from), time_of(s.to)))
                .collect();
            view! { <tr><th scope="row">{l.label.clone()}</th><td>{parts.join("; ")}</td></tr> }
        })
        .collect_view();
    view! {
        <figure class="pane lanes-pane">
            <figcaption class="pane-title">"Every call of "{report.view.lanes.first().map(|l| l.function.clone()).unwrap_or_default()}", over virtual time"</figcaption>
            <ul class="legend">
                {LEGEND.iter().map(|s| view! { <li><span class=format!("swatch span-{}", state_class(*s))></span>{s.name()}</li> }).collect_view()}
            </ul>
            <svg class="timeline" viewBox=format!("0 0 {} {}", n(WIDTH), n(height)) role="img"
                aria-label="Timeline of the lanes and the count in flight; the table below holds the same facts"
                on:click=scrub>
                {axis}
                {labels}
                {bars}
                <text class="chart-label" x=n(LABEL - 6.0) y=n(chart_top + 10.0) text-anchor="end">"in flight"</text>
                <text class="chart-label" x=n(LABEL - 6.0) y=n(chart_top + CHART) text-anchor="end">{format!("0–{peak}")}</text>
                <polyline class="in-flight" points=points fill="none"/>
                <rect class="future" x=move || n(playhead_x.get()) y="0" width=move || n((WIDTH - RIGHT - playhead_x.get()).max(0.0)) height=n(height)/>
                <line class="playhead" x1=move || n(playhead_x.get()) x2=move || n(playhead_x.get()) y1="0" y2=n(height)/>
            </svg>
            <details class="lanes-table">
                <summary>"The lanes as a table"</summary>
                <table>
                    <thead><tr><th scope="col">"Call"</th><th scope="col">"What it did"</th></tr></thead>
                    <tbody>{summary}</tbody>
                </table>
            </details>
        </figure>
    }
    .into_any()
}

/// Rows the event table shows at most (a lesson's demo has a few hundred events).
const MAX_ROWS: usize = 2_000;

#[component]
pub fn EventTable(report: Arc<Report>, step: RwSignal<usize>) -> impl IntoView {
    let open = RwSignal::new(false);
    let total = report.view.steps.len();
    let r = report.clone();
    let rows = move || {
        if !open.get() {
            return ().into_any();
        }
        r.view
            .steps
            .iter()
            .take(MAX_ROWS)
            .enumerate()
            .map(|(i, s)| {
                let top = s.stack.last().map(|l| r.view.label(*l).to_string()).unwrap_or_default();
                let sizes = format!("{} · {} · {} · {}", s.sizes[0], s.sizes[1], s.sizes[2], s.sizes[3]);
                let current = move || step.get() == i;
                view! {
                    <tr class:current=current aria-current=move || current().then_some("step")>
                        <td><button type="button" class="go" on:click=move |_| step.set(i) aria-label=format!("Go to step {}", i + 1)>{i + 1}</button></td>
                        <td>{s.at}</td>
                        <td>{s.phase.name()}</td>
                        <td>{r.view.describe(s)}</td>
                        <td>{top}</td>
                        <td>{sizes}</td>
                    </tr>
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <details class="pane events-pane" on:toggle=move |ev| {
            use wasm_bindgen::JsCast;
            let is_open = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlDetailsElement>().ok()).is_some_and(|d| d.open());
            open.set(is_open);
        }>
            <summary>{format!("Every event, as a table ({total})")}</summary>
            {(total > MAX_ROWS).then(|| view! { <p class="hint">{format!("The first {MAX_ROWS} events.")}</p> })}
            <div class="table-wrap" tabindex="0">
                <table class="events">
                    <thead>
                        <tr>
                            <th scope="col">"#"</th>
                            <th scope="col">"ms"</th>
                            <th scope="col">"Phase"</th>
                            <th scope="col">"Event"</th>
                            <th scope="col">"Running"</th>
                            <th scope="col">"Queued: ticks · jobs · timers · immediates"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </details>
    }
}
