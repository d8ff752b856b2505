//! The timeline of one run, drawn as SVG up to the playhead: one bar per task (waiting, then
//! running) and the in-flight count over time with the limit. A table carries the same facts for
//! screen readers and for anyone who wants the numbers.

use std::sync::Arc;

use inflight_engine::trace::Millis;
use leptos::prelude::*;

use super::runner::RunData;

const WIDTH: f64 = 640.0;
const LABEL: f64 = 56.0;
const RIGHT: f64 = 14.0;
const PITCH: f64 = 18.0;
const BAR: f64 = 12.0;
const AXIS: f64 = 22.0;
const CHART: f64 = 84.0;
const GAP: f64 = 34.0;

/// An SVG coordinate with one decimal, written with integer arithmetic: formatting floats would
/// pull Rust's float printing (some 15 KB) into the wasm for no visible gain.
fn n(v: f64) -> String {
    let tenths = (v * 10.0).round() as i64;
    let sign = if tenths < 0 { "-" } else { "" };
    let t = tenths.unsigned_abs();
    format!("{sign}{}.{}", t / 10, t % 10)
}

/// A tick spacing of 1, 2 or 5 times a power of ten giving about five ticks.
fn tick_step(end: Millis) -> Millis {
    let rough = (end as f64 / 5.0).max(1.0);
    let power = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0].into_iter().map(|m| m * power).find(|s| *s >= rough).unwrap_or(10.0 * power);
    step as Millis
}

#[component]
pub fn Timeline(data: Arc<RunData>, playhead: Signal<f64>) -> impl IntoView {
    let end = data.end.max(1) as f64;
    let plot = WIDTH - LABEL - RIGHT;
    let x = move |t: f64| LABEL + t.min(end) / end * plot;
    let rows = data.spans.len() as f64;
    let chart_top = AXIS + rows * PITCH + GAP;
    let height = chart_top + CHART + 24.0;
    let max_count = data.peak.max(data.limit.unwrap_or(0)).max(1) as f64;
    let y_count = move |n: f64| chart_top + CHART - n / max_count * CHART;
    let step = tick_step(data.end.max(1));
    let ticks: Vec<Millis> = (0..=data.end.max(1)).step_by(step as usize).collect();

    let bars = data
        .spans
        .iter()
        .enumerate()
        .map(|(row, span)| {
            let y = AXIS + row as f64 * PITCH;
            let queued = span.queued as f64;
            let started = span.started.map_or(end, |s| s as f64);
            let finished = span.finished.map_or(end, |f| f as f64);
            let wait_w = move || (x(playhead.get().min(started)) - x(queued)).max(0.0);
            let run_w = move || if playhead.get() <= started { 0.0 } else { x(playhead.get().min(finished)) - x(started) };
            view! {
                <g class="task-row">
                    <text class="row-label" x=n(LABEL - 8.0) y=n(y + BAR - 2.0) text-anchor="end">{format!("task {}", span.id)}</text>
                    <rect class="bar-wait" x=n(x(queued)) y=n(y + 3.0) height=n(BAR - 6.0) width=move || n(wait_w())></rect>
                    <rect class="bar-run" x=n(x(started)) y=n(y) height=n(BAR) width=move || n(run_w()) rx="2"></rect>
                </g>
            }
        })
        .collect_view();

    let steps = data.in_flight.clone();
    let in_flight_path = move || {
        let head = playhead.get();
        let mut d = format!("M{},{}", n(x(0.0)), n(y_count(0.0)));
        for &(t, count) in steps.iter().filter(|(t, _)| *t as f64 <= head) {
            d.push_str(&format!(" H{} V{}", n(x(t as f64)), n(y_count(count as f64))));
        }
        d.push_str(&format!(" H{}", n(x(head))));
        d
    };

    let summary = format!(
        "Timeline: {} tasks over {} ms. At most {} ran at once{}.",
        data.spans.len(),
        data.end,
        data.peak,
        data.limit.map(|k| format!(", with a limit of {k}")).unwrap_or_default()
    );
    let table_rows = data
        .spans
        .iter()
        .map(|s| {
            let waited = s.started.map(|st| st - s.queued);
            view! {
                <tr>
                    <th scope="row">{format!("task {}", s.id)}</th>
                    <td>{waited.map(|w| format!("{w} ms")).unwrap_or_else(|| "never started".into())}</td>
                    <td>{s.started.map(|t| format!("{t} ms")).unwrap_or_default()}</td>
                    <td>{s.finished.map(|t| format!("{t} ms")).unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();

    view! {
        <figure class="timeline">
            <div class="timeline-scroll" tabindex="0">
            <svg viewBox=format!("0 0 {} {}", n(WIDTH), n(height)) role="img" aria-label=summary.clone() preserveAspectRatio="xMinYMin meet">
                <g class="axis">
                    {ticks.iter().map(|&t| view! {
                        <g>
                            <line class="grid" x1=n(x(t as f64)) x2=n(x(t as f64)) y1=n(AXIS - 4.0) y2=n(chart_top + CHART)></line>
                            <text class="tick" x=n(x(t as f64)) y=n(AXIS - 8.0) text-anchor="middle">{format!("{t} ms")}</text>
                        </g>
                    }).collect_view()}
                </g>
                {bars}
                <text class="chart-label" x=n(LABEL) y=n(chart_top - 8.0) text-anchor="start">"tasks in flight"</text>
                <line class="baseline" x1=n(LABEL) x2=n(WIDTH - RIGHT) y1=n(y_count(0.0)) y2=n(y_count(0.0))></line>
                {data.limit.map(|k| view! {
                    <line class="limit-line" x1=n(LABEL) x2=n(WIDTH - RIGHT) y1=n(y_count(k as f64)) y2=n(y_count(k as f64))></line>
                    <text class="limit-label" x=n(WIDTH - RIGHT) y=n(y_count(k as f64) - 4.0) text-anchor="end">{format!("limit {k}")}</text>
                })}
                <text class="count-label" x=n(LABEL - 8.0) y=n(y_count(max_count) + 4.0) text-anchor="end">{(max_count as u32).to_string()}</text>
                <text class="count-label" x=n(LABEL - 8.0) y=n(y_count(0.0) + 4.0) text-anchor="end">"0"</text>
                <path class="in-flight" d=in_flight_path></path>
                <line class="playhead" x1=move || n(x(playhead.get())) x2=move || n(x(playhead.get())) y1=n(AXIS - 4.0) y2=n(chart_top + CHART)></line>
            </svg>
            </div>
            <figcaption>
                <span class="legend"><span class="swatch swatch-wait"></span>"waiting for a slot"</span>
                <span class="legend"><span class="swatch swatch-run"></span>"running"</span>
                <span class="legend"><span class="swatch swatch-line"></span>"tasks in flight"</span>
            </figcaption>
            <details class="timeline-table">
                <summary>"The timeline as a table"</summary>
                <div class="table-wrap" tabindex="0">
                <table>
                    <caption>{summary}</caption>
                    <thead><tr><th scope="col">"Task"</th><th scope="col">"Waited"</th><th scope="col">"Started at"</th><th scope="col">"Done at"</th></tr></thead>
                    <tbody>{table_rows}</tbody>
                </table>
                </div>
            </details>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coordinates_have_one_decimal() {
        assert_eq!(n(0.0), "0.0");
        assert_eq!(n(12.345), "12.3");
        assert_eq!(n(-0.26), "-0.3");
        assert_eq!(n(640.0), "640.0");
        assert_eq!(tick_step(473), 100);
        assert_eq!(tick_step(5), 1);
    }
}
