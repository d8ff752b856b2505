//! A live demo: the code it models, its parameters, a Run button, the console lines in simulated
//! time and the timeline. The engine computes the whole run at once (it is quick); playback then
//! reveals it over a few seconds, or at once when the reader prefers reduced motion.

use std::sync::Arc;
use std::time::Duration;

use inflight_engine::demo::{Demo, ParamError};
use inflight_engine::trace::{Millis, TaskSpan, Trace};
use leptos::either::Either;
use leptos::prelude::*;

use super::hydrated;
use super::timeline::Timeline;

/// What the views need from one run, computed once from the trace.
#[derive(Debug, PartialEq)]
pub struct RunData {
    pub lines: Vec<(Millis, String)>,
    pub spans: Vec<TaskSpan>,
    pub in_flight: Vec<(Millis, u32)>,
    pub end: Millis,
    pub peak: u32,
    /// The demo's `limit` parameter, if it has one: drawn as a line on the in-flight chart.
    pub limit: Option<u32>,
}

impl RunData {
    fn new(demo: Demo, values: &[u32], trace: &Trace) -> Self {
        let limit = demo.params().iter().position(|p| p.key == "limit").map(|i| values[i]);
        RunData {
            lines: trace.console_lines().map(|(at, l)| (at, l.to_string())).collect(),
            spans: trace.task_spans(),
            in_flight: trace.in_flight_steps(),
            end: trace.end(),
            peak: trace.peak_in_flight(),
            limit,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Playback {
    Idle,
    Playing,
    Done,
}

impl Playback {
    fn name(self) -> &'static str {
        match self {
            Playback::Idle => "idle",
            Playback::Playing => "playing",
            Playback::Done => "done",
        }
    }
}

fn prefers_reduced_motion() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-reduced-motion: reduce)").ok().flatten())
        .is_some_and(|m| m.matches())
}

/// A live demo, hydrated as an island. Its props (the demo's name and starting values) are
/// serialized into the page by the prerender.
#[island]
pub fn Runner(id: String, demo: String, values: Vec<u32>) -> impl IntoView {
    let Some(demo) = Demo::from_name(&demo).filter(|d| d.check(&values).is_ok()) else {
        // Either, not AnyView: an AnyView compiles async-hydration code for the whole runner.
        return Either::Left(view! { <p class="run-error">{format!("This page asks for a demo `{demo}` with values the site does not know.")}</p> });
    };
    let starting: Arc<[u32]> = values.into();
    let ready = hydrated();
    let inputs: Vec<RwSignal<String>> = starting.iter().map(|v| RwSignal::new(v.to_string())).collect();
    let inputs = StoredValue::new(inputs);

    // Per-field parse results, then the values of the last complete valid set.
    let parsed = Memo::new(move |_| {
        inputs.with_value(|fields| {
            demo.params().iter().zip(fields).map(|(p, f)| p.parse(f.get().trim())).collect::<Vec<Result<u32, ParamError>>>()
        })
    });
    let fallback = starting.clone();
    let valid = Memo::new(move |previous: Option<&Vec<u32>>| {
        let all: Result<Vec<u32>, ParamError> = parsed.get().into_iter().collect();
        all.unwrap_or_else(|_| previous.cloned().unwrap_or_else(|| fallback.to_vec()))
    });
    let has_errors = move || parsed.with(|p| p.iter().any(Result::is_err));
    let code = Memo::new(move |_| demo.code(&valid.get()));

    let run = RwSignal::new(None::<Arc<RunData>>);
    let playhead = RwSignal::new(0.0f64);
    let state = RwSignal::new(Playback::Idle);
    let failure = RwSignal::new(None::<String>);
    let ticker = StoredValue::new(None::<IntervalHandle>);

    let stop_ticker = move || {
        if let Some(handle) = ticker.get_value() {
            handle.clear();
            ticker.set_value(None);
        }
    };
    on_cleanup(stop_ticker);

    let start = move || {
        if has_errors() {
            return;
        }
        stop_ticker();
        let values = valid.get_untracked();
        let data = match demo.run(&values) {
            Ok(trace) => Arc::new(RunData::new(demo, &values, &trace)),
            Err(e) => {
                failure.set(Some(e.message));
                return;
            }
        };
        failure.set(None);
        let end = data.end as f64;
        run.set(Some(data));
        if prefers_reduced_motion() || end == 0.0 {
            playhead.set(end);
            state.set(Playback::Done);
            return;
        }
        // About 4 ms of real time per simulated ms, kept between 1.2 and 5 seconds.
        let duration = (end * 4.0).clamp(1200.0, 5000.0);
        let began = js_sys::Date::now();
        playhead.set(0.0);
        state.set(Playback::Playing);
        let tick = move || {
            let progress = ((js_sys::Date::now() - began) / duration).min(1.0);
            playhead.set(end * progress);
            if progress >= 1.0 {
                state.set(Playback::Done);
                if let Some(handle) = ticker.get_value() {
                    handle.clear();
                    ticker.set_value(None);
                }
            }
        };
        match set_interval_with_handle(tick, Duration::from_millis(16)) {
            Ok(handle) => ticker.set_value(Some(handle)),
            Err(_) => {
                playhead.set(end);
                state.set(Playback::Done);
            }
        }
    };
    let run_button = NodeRef::<leptos::html::Button>::new();
    let skip = move |_| {
        // The Skip button hides itself: hand focus to Run so the keyboard keeps its place.
        if let Some(button) = run_button.get() {
            let _ = button.focus();
        }
        stop_ticker();
        if let Some(data) = run.get_untracked() {
            playhead.set(data.end as f64);
        }
        state.set(Playback::Done);
    };

    let visible_lines = Memo::new(move |_| {
        let at = playhead.get();
        run.with(|r| r.as_ref().map_or(0, |d| d.lines.iter().take_while(|(t, _)| *t as f64 <= at).count()))
    });
    let status = move || match (state.get(), run.get()) {
        (Playback::Done, Some(d)) => format!(
            "Finished at {} ms: {} tasks, at most {} in flight{}.",
            d.end,
            d.spans.len(),
            d.peak,
            d.limit.map(|k| format!(" (limit {k})")).unwrap_or_default()
        ),
        (Playback::Playing, _) => "Running…".to_string(),
        _ => String::new(),
    };

    let fields = demo
        .params()
        .iter()
        .enumerate()
        .map(|(i, param)| {
            let field = inputs.with_value(|f| f[i]);
            let initial = starting[i].to_string();
            let input_id = format!("{id}-{}", param.key);
            let hint_id = format!("{input_id}-hint");
            let error_id = format!("{input_id}-error");
            let error = move || parsed.with(|p| p[i].as_ref().err().map(|e| e.message.clone()));
            view! {
                <div class="field">
                    <label for=input_id.clone()>{param.label}</label>
                    <input
                        id=input_id
                        type="text"
                        inputmode="numeric"
                        autocomplete="off"
                        spellcheck="false"
                        required
                        aria-describedby=format!("{hint_id} {error_id}")
                        aria-invalid=move || if error().is_some() { "true" } else { "false" }
                        value=initial
                        prop:value=move || field.get()
                        on:input=move |ev| field.set(event_target_value(&ev))
                    />
                    <small id=hint_id class="hint">{format!("{} ({}–{})", param.hint, param.min, param.max)}</small>
                    <p id=error_id class="field-error">{error}</p>
                </div>
            }
        })
        .collect_view();

    Either::Right(view! {
        <section class="runner" aria-labelledby=format!("{id}-title") data-demo=demo.name() data-state=move || state.get().name()>
            <h3 id=format!("{id}-title") class="runner-title">
                <span class="runner-kicker">"Live demo"</span>
                {demo.title()}
            </h3>
            <p class="needs-js" hidden=move || ready.get()>
                "This demo runs in your browser. Turn on JavaScript to run it; the code below is what it runs."
            </p>
            <form class="params" novalidate on:submit=move |ev| {
                ev.prevent_default();
                start();
            }>
                {fields}
                <div class="actions">
                    <button type="submit" class="run" node_ref=run_button disabled=move || !ready.get() || has_errors()>
                        {move || if run.get().is_some() { "Run again" } else { "Run" }}
                    </button>
                    <button type="button" class="skip" on:click=skip hidden=move || state.get() != Playback::Playing>
                        "Skip to the end"
                    </button>
                </div>
            </form>
            <p class="run-error" role="alert">{move || failure.get()}</p>
            // Outside the output, which starts hidden, so the first result is announced too.
            <p class="run-status" role="status">{status}</p>
            <div class="runner-output" hidden=move || run.with(Option::is_none)>
                <h4 class="output-title">"Console"</h4>
                <ol class="console" aria-label="Console output" tabindex="0">
                    {move || run.get().map(|d| {
                        d.lines[..visible_lines.get()].iter().map(|(_, line)| view! { <li>{line.clone()}</li> }).collect_view()
                    })}
                </ol>
                {move || run.get().map(|d| view! { <Timeline data=d playhead=playhead.into()/> })}
            </div>
            <details class="runner-code" open>
                <summary>"The code this demo runs (TypeScript)"</summary>
                <pre tabindex="0"><code class="language-ts">{move || code.get()}</code></pre>
                <p class="hint">
                    "Runs as is in Node 20 once the types are stripped (save it as an .mts file and use a "
                    "TypeScript runner, or remove the annotations). Under a virtual clock Node prints exactly "
                    "these lines, and the tests check that; on a real clock the times drift by a millisecond or two."
                </p>
            </details>
        </section>
    })
}
