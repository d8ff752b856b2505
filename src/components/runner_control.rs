//! What brings a runner's prerendered markup to life: its state, the worker, the editor,
//! playback, and the drawing of every view at the playhead.
//!
//! The state is plain data in one `RefCell`; every handler changes it, then `refresh` writes
//! the controls from it and `draw` the views. A borrow is never held across a call that can call
//! back into this module (the editor's `setDoc` reports the change at once; `focus` fires
//! `focusin`), so each handler reads what it needs, lets go, then acts.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use inflight_engine::js::view::{RefusalKind, Report};
use leptos::prelude::{set_interval_with_handle, set_timeout, IntervalHandle};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlSelectElement};

use super::runner::{is_file_name, lane_names, Choice, Phase, RunnerData, Shared};
use super::runner_views as views;
use super::worker;

/// Where a playground keeps the reader's program: a `Shared` text.
const PLAYGROUND_KEY: &str = "inflight-playground";

fn prefers_reduced_motion() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-reduced-motion: reduce)").ok().flatten())
        .is_some_and(|m| m.matches())
}

use inflight_progress::{fingerprint, migrate_legacy, Edit, LEGACY_EDIT_PREFIX};

use super::progress_store as store;

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// How long a step shows during playback at 1× (ms): a run plays in 2 to 12 seconds.
fn step_delay(steps: usize) -> f64 {
    (9000.0 / steps.max(1) as f64).clamp(12.0, 220.0)
}

/// The elements a runner changes, found once in its markup.
struct Ui {
    section: Element,
    code_host: Element,
    file: Element,
    edit: HtmlElement,
    reset: HtmlElement,
    edit_note: Element,
    needs_js: HtmlElement,
    run: Element,
    stop: HtmlElement,
    error: Element,
    status: Element,
    refusal: HtmlElement,
    output: HtmlElement,
    play: Element,
    pause_icon: HtmlElement,
    play_icon: HtmlElement,
    scrub: HtmlInputElement,
    step_count: Element,
    console: Element,
    event_loop: Element,
    lanes: HtmlElement,
    table: Element,
    summary: Element,
    share_note: Element,
    seed: HtmlInputElement,
    knobs: Vec<HtmlInputElement>,
    from: Option<HtmlSelectElement>,
    kind: Option<HtmlSelectElement>,
    lanes_input: Option<HtmlInputElement>,
}

fn find<T: JsCast>(root: &Element, selector: &str) -> Option<T> {
    root.query_selector(selector).ok()??.dyn_into::<T>().ok()
}

impl Ui {
    fn find(section: Element, knobs: usize, playground: bool) -> Option<Ui> {
        let s = &section;
        let knobs = (0..knobs).map(|i| find::<HtmlInputElement>(s, &format!("[data-knob=\"{i}\"]"))).collect::<Option<Vec<_>>>()?;
        let (from, kind, lanes_input) = if playground {
            (Some(find(s, "[data-act=from]")?), Some(find(s, "[data-act=kind]")?), Some(find(s, "[data-act=lanes]")?))
        } else {
            (None, None, None)
        };
        Some(Ui {
            code_host: find(s, ".code-view")?,
            file: find(s, ".code-file")?,
            edit: find(s, "[data-act=edit]")?,
            reset: find(s, "[data-act=reset]")?,
            edit_note: find(s, ".edit-note")?,
            needs_js: find(s, ".needs-js")?,
            run: find(s, "button.run")?,
            stop: find(s, "[data-act=stop]")?,
            error: find(s, ".run-error")?,
            status: find(s, ".run-status")?,
            refusal: find(s, ".run-refusal")?,
            output: find(s, ".runner-output")?,
            play: find(s, "[data-act=toggle]")?,
            pause_icon: find(s, ".pause-icon")?,
            play_icon: find(s, ".play-icon")?,
            scrub: find(s, "[data-act=scrub]")?,
            step_count: find(s, ".step-count")?,
            console: find(s, "ol.console")?,
            event_loop: find(s, ".loop-view")?,
            lanes: find(s, ".lanes-pane")?,
            table: find(s, "table.events tbody")?,
            summary: find(s, ".events-pane > summary")?,
            share_note: find(s, ".share-note")?,
            seed: find(s, "[data-act=seed]")?,
            knobs,
            from,
            kind,
            lanes_input,
            section,
        })
    }
}

/// Sets an element's text, leaving it alone when it already says that (a live region would
/// announce it again).
fn set_text(el: &Element, text: &str) {
    if el.text_content().as_deref() != Some(text) {
        el.set_text_content(Some(text));
    }
}

fn set_attr(el: &Element, name: &str, value: &str) {
    if el.get_attribute(name).as_deref() != Some(value) {
        let _ = el.set_attribute(name, value);
    }
}

fn set_flag(el: &Element, name: &str, on: bool) {
    if on {
        set_attr(el, name, "");
    } else if el.has_attribute(name) {
        let _ = el.remove_attribute(name);
    }
}

fn invalid(el: &Element, bad: bool) {
    set_attr(el, "aria-invalid", if bad { "true" } else { "false" });
}

struct State {
    code: String,
    /// What Reset goes back to: the lesson's code, or the program a playground started from.
    base: String,
    file: String,
    lanes_text: String,
    seed_text: String,
    knobs: Vec<String>,
    phase: Phase,
    /// The worker has run the lesson's program once, so V8 has compiled what it needs.
    warmed: bool,
    report: Option<Rc<Report>>,
    failure: Option<String>,
    step: usize,
    playing: bool,
    speed: f64,
    run_ms: Option<f64>,
    worker: Option<web_sys::Worker>,
    /// The code editor's handle, once it has loaded.
    editor: Option<JsValue>,
    ticker: Option<IntervalHandle>,
    loading_editor: bool,
    edit_note: Option<String>,
    share_note: Option<String>,
    /// A share link's playhead, applied when its run comes back.
    pending_step: Option<usize>,
    table_open: bool,
    /// The report drawn (its address) and how many console lines are shown.
    shown: (usize, usize),
    /// The report whose other views (its lanes, the event loop) are drawn: a new recording's
    /// console is drawn first and painted, and they follow in the next frame.
    views: usize,
    /// Those views are to be drawn once the frame is painted.
    finishing: bool,
    chosen: Option<usize>,
    /// A playground has read what this browser kept, so it may save over it.
    restored: bool,
}

impl State {
    fn seed_value(&self) -> Option<u32> {
        self.seed_text.trim().parse().ok()
    }

    fn lanes_value(&self) -> Option<Vec<String>> {
        lane_names(&self.lanes_text)
    }

    fn knob_errors(&self, data: &RunnerData) -> Vec<bool> {
        data.knobs.iter().zip(&self.knobs).map(|(k, v)| v.trim().parse::<i64>().ok().filter(|v| (k.min..=k.max).contains(v)).is_none()).collect()
    }

    fn can_run(&self, data: &RunnerData) -> bool {
        self.seed_value().is_some() && self.lanes_value().is_some() && !self.knob_errors(data).iter().any(|b| *b)
    }

    fn edited(&self) -> bool {
        self.code != self.base
    }

    fn status(&self) -> String {
        match (self.phase, &self.report) {
            (Phase::Running, _) => "Running…".to_string(),
            (Phase::Ready, Some(r)) => {
                let lines = r.view.console.len();
                let ended = match (&r.stopped, r.exit_code) {
                    (Some(s), _) => format!("stopped: {}", s.message),
                    (None, 0) => "exit status 0".to_string(),
                    (None, code) => format!("exit status {code}"),
                };
                let took = self.run_ms.map(|ms| format!(", ran in {} ms", ms.round() as i64)).unwrap_or_default();
                format!("Finished at {} ms of virtual time: {lines} console line{}, {ended}{took}.", r.ended_at, if lines == 1 { "" } else { "s" })
            }
            _ => String::new(),
        }
    }

    fn refusal(&self) -> Option<String> {
        let s = self.report.as_ref()?.stopped.as_ref()?;
        let place = if s.line > 0 { format!("line {}, column {}: ", s.line, s.column) } else { String::new() };
        let kind = match s.kind {
            RefusalKind::Syntax => "Syntax error",
            RefusalKind::Unsupported => "Not supported here",
            RefusalKind::Limit => "Stopped by a limit",
        };
        Some(format!("{kind}: {place}{}", s.message))
    }
}

struct Ctl {
    data: RunnerData,
    playground: bool,
    ui: Ui,
    st: RefCell<State>,
}

type C = Rc<Ctl>;

/// Brings the runner `data.id` to life. Without its markup (which the prerender always writes)
/// it does nothing.
/// Attaches every runner on the page that is not attached yet (each island's effect calls this;
/// the first one does the work).
pub fn attach_all() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let Ok(list) = doc.query_selector_all("section[data-runner-data]:not([data-attached])") else { return };
    for i in 0..list.length() {
        let Some(section) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else { continue };
        let _ = section.set_attribute("data-attached", "");
        if let Some(mut data) = section.get_attribute("data-runner-data").as_deref().and_then(RunnerData::from_text) {
            // The program is the code view's text (see `runner::Runner`).
            data.code = section.query_selector(".code-view code").ok().flatten().and_then(|c| c.text_content()).unwrap_or_default();
            attach(section, data);
        }
    }
}

fn attach(section: Element, data: RunnerData) {
    let playground = !data.choices.is_empty();
    let Some(ui) = Ui::find(section, data.knobs.len(), playground) else { return };
    let st = State {
        code: data.code.clone(),
        base: data.code.clone(),
        file: data.file.clone(),
        lanes_text: data.lanes.join(", "),
        seed_text: data.seed.to_string(),
        knobs: data.knobs.iter().map(|k| k.value.to_string()).collect(),
        phase: Phase::Idle,
        warmed: false,
        report: None,
        failure: None,
        step: 0,
        playing: false,
        speed: 1.0,
        run_ms: None,
        worker: None,
        editor: None,
        ticker: None,
        loading_editor: false,
        edit_note: None,
        share_note: None,
        pending_step: None,
        table_open: false,
        shown: (0, 0),
        views: 0,
        finishing: false,
        chosen: Some(0),
        restored: false,
    };
    let c: C = Rc::new(Ctl { data, playground, ui, st: RefCell::new(st) });
    listen(&c);
    if playground {
        restore_playground(&c);
    } else {
        restore_edit(&c);
    }
    {
        let c2 = c.clone();
        worker::when_near_view(&c.ui.section, move || warm_up(&c2));
    }
    restore_link(&c);
    refresh(&c);
}

/// One listener per kind of event on the section, which tells the controls apart by
/// `data-act`.
fn listen(c: &C) {
    let on = |name: &str, capture: bool, f: Box<dyn Fn(&C, web_sys::Event)>| {
        let own = c.clone();
        let closure = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| f(&own, ev));
        let options = web_sys::AddEventListenerOptions::new();
        options.set_capture(capture);
        let _ = c.ui.section.add_event_listener_with_callback_and_add_event_listener_options(name, closure.as_ref().unchecked_ref(), &options);
        // It lives as long as the page.
        closure.forget();
    };
    on("click", false, Box::new(clicked));
    on("input", false, Box::new(typed));
    on("change", false, Box::new(changed));
    on(
        "submit",
        false,
        Box::new(|c, ev| {
            ev.prevent_default();
            start_run(c);
        }),
    );
    // `toggle` does not bubble.
    on(
        "toggle",
        true,
        Box::new(|c, ev| {
            if let Some(details) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlDetailsElement>().ok()) {
                c.st.borrow_mut().table_open = details.open();
                draw(c);
            }
        }),
    );
    on("pointerenter", false, Box::new(|c, _| warm(c)));
    on("focusin", false, Box::new(|c, _| warm(c)));
    on(
        "dblclick",
        false,
        Box::new(|c, ev| {
            if target(&ev).and_then(|t| t.closest(".code-host").ok().flatten()).is_some() {
                open_editor(c);
            }
        }),
    );
}

fn target(ev: &web_sys::Event) -> Option<Element> {
    ev.target()?.dyn_into::<Element>().ok()
}

fn act(ev: &web_sys::Event) -> Option<(Element, String)> {
    let el = target(ev)?.closest("[data-act], [data-knob], [data-step]").ok()??;
    let name = el.get_attribute("data-act").unwrap_or_default();
    Some((el, name))
}

fn clicked(c: &C, ev: web_sys::Event) {
    if let Some((el, name)) = act(&ev) {
        if let Some(step) = el.get_attribute("data-step").and_then(|v| v.parse::<usize>().ok()) {
            go_to(c, step);
            return;
        }
        match name.as_str() {
            "edit" => open_editor(c),
            "reset" => reset(c),
            "stop" => stop(c),
            "first" => go_to(c, 0),
            "back" => {
                let at = c.st.borrow().step;
                go_to(c, at.saturating_sub(1));
            }
            "forward" => {
                let at = c.st.borrow().step;
                go_to(c, at + 1);
            }
            "last" => go_to(c, usize::MAX),
            "toggle" => {
                if c.st.borrow().playing {
                    stop_ticker(c);
                    draw(c);
                } else {
                    play(c);
                }
            }
            "share" => share(c),
            "download" => download(c),
            _ => {}
        }
        return;
    }
    // A click on the timeline moves the playhead there.
    let Some(svg) = target(&ev).and_then(|t| t.closest("svg.timeline").ok().flatten()) else { return };
    let Some(mouse) = ev.dyn_ref::<web_sys::MouseEvent>() else { return };
    let rect = svg.get_bounding_client_rect();
    if rect.width() <= 0.0 {
        return;
    }
    let sx = (f64::from(mouse.client_x()) - rect.left()) / rect.width() * views::WIDTH;
    let Some(r) = c.st.borrow().report.clone() else { return };
    go_to(c, views::Scale::new(&r).step_at(&r, sx));
}

fn value_of(el: &Element) -> String {
    if let Some(input) = el.dyn_ref::<HtmlInputElement>() {
        input.value()
    } else if let Some(select) = el.dyn_ref::<HtmlSelectElement>() {
        select.value()
    } else {
        String::new()
    }
}

fn typed(c: &C, ev: web_sys::Event) {
    let Some((el, name)) = act(&ev) else { return };
    let text = value_of(&el);
    if let Some(i) = el.get_attribute("data-knob").and_then(|v| v.parse::<usize>().ok()) {
        let Some(k) = c.data.knobs.get(i) else { return };
        if let Some(v) = text.trim().parse::<i64>().ok().filter(|v| (k.min..=k.max).contains(v)) {
            set_knob(c, &k.name, v);
        }
        if let Some(slot) = c.st.borrow_mut().knobs.get_mut(i) {
            *slot = text;
        }
        refresh(c);
        return;
    }
    match name.as_str() {
        "seed" => c.st.borrow_mut().seed_text = text,
        "lanes" => c.st.borrow_mut().lanes_text = text,
        "scrub" => {
            go_to(c, text.parse().unwrap_or(0));
            return;
        }
        _ => return,
    }
    save_playground(c);
    refresh(c);
}

fn changed(c: &C, ev: web_sys::Event) {
    let Some((el, name)) = act(&ev) else { return };
    let text = value_of(&el);
    match name.as_str() {
        "speed" => {
            c.st.borrow_mut().speed = match text.as_str() {
                "0.5" => 0.5,
                "2" => 2.0,
                "4" => 4.0,
                _ => 1.0,
            }
        }
        "from" => {
            if let Ok(i) = text.parse::<usize>() {
                choose(c, i);
            }
        }
        "kind" => {
            {
                let mut s = c.st.borrow_mut();
                let stem = s.file.rsplit_once('.').map_or(s.file.as_str(), |(s, _)| s).to_string();
                s.file = format!("{stem}.{text}");
            }
            save_playground(c);
            refresh(c);
        }
        _ => {}
    }
}

/// Writes every control from the state (the views at the playhead are `draw`'s).
fn refresh(c: &Ctl) {
    let ui = &c.ui;
    let s = c.st.borrow();
    set_attr(&ui.section, "data-state", s.phase.name());
    set_attr(&ui.section, "data-warm", if s.warmed { "true" } else { "false" });
    ui.needs_js.set_hidden(true);
    set_text(&ui.file, &s.file);
    ui.edit.set_hidden(s.editor.is_some());
    set_text(&ui.edit, if s.loading_editor { "Loading the editor…" } else { "Edit the code" });
    ui.reset.set_hidden(!s.edited());
    set_text(&ui.edit_note, s.edit_note.as_deref().unwrap_or(""));
    let errors = s.knob_errors(&c.data);
    for (input, bad) in ui.knobs.iter().zip(&errors) {
        invalid(input, *bad);
    }
    invalid(&ui.seed, s.seed_value().is_none());
    if let Some(lanes) = &ui.lanes_input {
        invalid(lanes, s.lanes_value().is_none());
    }
    if let Some(kind) = &ui.kind {
        let ext = s.file.rsplit_once('.').map_or("", |(_, e)| e);
        if kind.value() != ext {
            kind.set_value(ext);
        }
    }
    if let Some(from) = &ui.from {
        let want = s.chosen.map_or(String::new(), |i| i.to_string());
        if from.value() != want {
            from.set_value(&want);
        }
    }
    set_flag(&ui.run, "disabled", !s.can_run(&c.data) || s.phase == Phase::Running);
    set_text(&ui.run, if s.report.is_some() { "Run again" } else { "Run" });
    ui.stop.set_hidden(s.phase != Phase::Running);
    set_text(&ui.error, s.failure.as_deref().unwrap_or(""));
    set_text(&ui.status, &s.status());
    let refusal = s.refusal();
    ui.refusal.set_hidden(refusal.is_none());
    set_text(&ui.refusal, refusal.as_deref().unwrap_or(""));
    set_text(&ui.share_note, s.share_note.as_deref().unwrap_or(""));
}

/// Draws the views for the step at the playhead.
fn draw(c: &C) {
    let ui = &c.ui;
    let (report, i, open, (drawn, mut lines), playing, running, views_of) = {
        let s = c.st.borrow();
        (s.report.clone(), s.step, s.table_open, s.shown, s.playing, s.phase == Phase::Running, s.views)
    };
    // Open once a run has started (see `start_run`).
    ui.output.set_hidden(report.is_none() && !running);
    set_attr(&ui.play, "aria-label", if playing { "Pause" } else { "Play" });
    ui.pause_icon.set_hidden(!playing);
    ui.play_icon.set_hidden(playing);
    let total = report.as_ref().map_or(0, |r| r.view.steps.len());
    set_attr(&ui.scrub, "max", &total.saturating_sub(1).to_string());
    if ui.scrub.value() != i.to_string() {
        ui.scrub.set_value(&i.to_string());
    }
    set_text(&ui.summary, &format!("Every event, as a table ({total})"));
    let Some(r) = report else {
        set_text(&ui.step_count, "");
        return;
    };
    set_text(&ui.step_count, &r.view.steps.get(i).map(|s| format!("step {} of {total} · {} ms", i + 1, s.at)).unwrap_or_default());
    let id = Rc::as_ptr(&r) as usize;
    let (console, table) = (&ui.console, &ui.table);
    if drawn != id {
        console.set_inner_html("");
        lines = 0;
        table.set_inner_html("");
    }
    if open && table.child_element_count() == 0 {
        table.set_inner_html(&views::event_rows(&r));
    }
    let want = views::lines_until(&r, i);
    if want > lines {
        let html: String = (lines..want).map(|l| views::console_line(&r, l)).collect();
        let _ = console.insert_adjacent_html("beforeend", &html);
    } else {
        for _ in want..lines {
            if let Some(last) = console.last_element_child() {
                last.remove();
            }
        }
    }
    let finish = {
        let mut s = c.st.borrow_mut();
        s.shown = (id, want);
        let finish = views_of != id && !s.finishing;
        s.finishing |= finish;
        finish
    };
    if views_of == id {
        if let Some(s) = r.view.steps.get(i) {
            ui.event_loop.set_inner_html(&views::event_loop(&r, s));
        }
        views::move_playhead(&ui.lanes, &r, i);
        if open {
            views::mark_row(table, i);
        }
    } else if finish {
        // A new recording: its console lines are what the reader waits for, so they are laid
        // out and painted first. The lanes and the event loop take as long again to lay out
        // (20 to 50 ms on a first run here, measured), and follow once that frame is painted.
        let c = c.clone();
        worker::after_paint(Box::new(move || finish_run(&c)));
    }
    // Keeps the last line in view, once the console has lines enough to overflow. Reading the
    // height lays the page out at once, so it comes after every other change: the frame then
    // reuses that layout. (Read before the views above changed, the page was laid out twice per
    // draw, and on a first run that was most of the draw: 14 to 22 ms, measured.)
    if want > 3 {
        console.set_scroll_top(console.scroll_height());
    }
}

fn stop_ticker(c: &Ctl) {
    let handle = {
        let mut s = c.st.borrow_mut();
        s.playing = false;
        s.ticker.take()
    };
    if let Some(h) = handle {
        h.clear();
    }
}

/// Moves the playhead to `step` (clamped to the recording), pausing playback.
fn go_to(c: &C, step: usize) {
    stop_ticker(c);
    {
        let mut s = c.st.borrow_mut();
        let total = s.report.as_ref().map_or(0, |r| r.view.steps.len());
        s.step = step.min(total.saturating_sub(1));
    }
    draw(c);
}

/// Playback: one step per tick; the steps before the first console line go by quickly, so the
/// first line shows at once.
fn play(c: &C) {
    stop_ticker(c);
    let Some(r) = c.st.borrow().report.clone() else { return };
    let total = r.view.steps.len();
    if total == 0 {
        return;
    }
    let first_line = r.view.console.first().map_or(0, |l| l.step as usize);
    {
        let mut s = c.st.borrow_mut();
        if s.step + 1 >= total {
            s.step = 0;
        }
        s.playing = true;
        // From the start, playback opens at the first console line (the steps before it are
        // the program setting up; step back to see them).
        if s.step == 0 {
            s.step = first_line;
        }
    }
    draw(c);
    let delay = step_delay(total);
    let last = std::cell::Cell::new(now_ms());
    let ticking = c.clone();
    let tick = move || {
        let c = &ticking;
        let now = now_ms();
        let (at, speed) = {
            let s = c.st.borrow();
            (s.step, s.speed)
        };
        let wait = if at < first_line { 0.0 } else { delay / speed };
        if now - last.get() < wait {
            return;
        }
        last.set(now);
        if at + 1 >= total {
            stop_ticker(c);
            draw(c);
            return;
        }
        c.st.borrow_mut().step = if at < first_line { first_line.min(at + 16) } else { at + 1 };
        draw(c);
    };
    match set_interval_with_handle(tick, Duration::from_millis(10)) {
        Ok(handle) => c.st.borrow_mut().ticker = Some(handle),
        Err(_) => go_to(c, total - 1),
    }
}

fn show(c: &C, decoded: Option<Report>, took: f64) {
    let Some(r) = decoded else {
        {
            let mut s = c.st.borrow_mut();
            s.phase = Phase::Idle;
            s.failure = Some("The interpreter sent back a recording this page cannot read: the page and the interpreter come from different builds. Reload the page.".into());
        }
        refresh(c);
        return;
    };
    let end = r.view.steps.len().saturating_sub(1);
    // The run stays `Running` until every view is drawn (`finish_run`).
    let pending = {
        let mut s = c.st.borrow_mut();
        s.run_ms = Some(took);
        s.failure = None;
        s.report = Some(Rc::new(r));
        s.step = 0;
        s.pending_step.take()
    };
    match pending {
        Some(at) => go_to(c, at.min(end)),
        None if prefers_reduced_motion() => go_to(c, end),
        None => play(c),
    }
}

/// Draws the views that follow a new recording's console (see `draw`): its lanes, then every
/// view at the playhead; the run is then over. What only bookkeeping needs (the editor's marks,
/// the reader's run count) waits until here too.
fn finish_run(c: &C) {
    let (report, editor) = {
        let mut s = c.st.borrow_mut();
        s.finishing = false;
        if s.phase == Phase::Running {
            s.phase = Phase::Ready;
        }
        (s.report.clone(), s.editor.clone())
    };
    let Some(r) = report else { return };
    match views::lanes(&r) {
        Some(html) => {
            c.ui.lanes.set_inner_html(&html);
            c.ui.lanes.set_hidden(false);
        }
        None => {
            c.ui.lanes.set_inner_html("");
            c.ui.lanes.set_hidden(true);
        }
    }
    c.st.borrow_mut().views = Rc::as_ptr(&r) as usize;
    if let Some(e) = editor {
        let marks = js_sys::Array::new();
        if let Some(s) = r.stopped.as_ref().filter(|s| s.line > 0 && s.kind != RefusalKind::Limit) {
            marks.push(&worker::diagnostic(s.line, s.column, &s.message));
        }
        worker::editor_call(&e, "setDiagnostics", &[marks.into()]);
    }
    let key = progress_key(c);
    store::update(|p| p.record_run(&key, store::now()));
    refresh(c);
    draw(c);
}

fn ensure_worker(c: &C) -> Option<web_sys::Worker> {
    if let Some(w) = c.st.borrow().worker.clone() {
        return Some(w);
    }
    let url = worker::meta("inflight-worker")?;
    let (on_report, on_warm, on_crash) = (c.clone(), c.clone(), c.clone());
    let w = worker::start(
        &url,
        // The recording's console is drawn in the task that read the message; V8 has compiled
        // that code already (see `rehearse`), and the slower views follow in a later frame.
        move |decoded, took| show(&on_report, decoded, took),
        move |report| {
            // In a task of its own, the page rehearses drawing the warm-up's recording, so V8
            // has compiled that code too when the reader's first run comes back; then the
            // runner is warm.
            let c = on_warm.clone();
            set_timeout(
                move || {
                    if let Some(r) = report {
                        rehearse(&r);
                    }
                    c.st.borrow_mut().warmed = true;
                    refresh(&c);
                },
                Duration::ZERO,
            );
        },
        move |message| {
            let old = {
                let mut s = on_crash.st.borrow_mut();
                s.phase = Phase::Idle;
                s.failure = Some(message);
                s.worker.take()
            };
            if let Some(w) = old {
                w.terminate();
            }
            refresh(&on_crash);
        },
    )?;
    c.st.borrow_mut().worker = Some(w.clone());
    Some(w)
}

/// Builds every view of `r` and throws them away.
fn rehearse(r: &Report) {
    let mut size = views::lanes(r).map_or(0, |h| h.len());
    size += (0..r.view.console.len().min(8)).map(|l| views::console_line(r, l).len()).sum::<usize>();
    let last = r.view.steps.len().saturating_sub(1);
    for i in [0, last / 2, last] {
        if let Some(s) = r.view.steps.get(i) {
            size += views::event_loop(r, s).len() + views::lines_until(r, i);
        }
    }
    // Keeps the work from being optimised away.
    std::hint::black_box(size);
}

fn start_run(c: &C) {
    if !c.st.borrow().can_run(&c.data) {
        return;
    }
    stop_ticker(c);
    let Some(w) = ensure_worker(c) else {
        c.st.borrow_mut().failure = Some("The interpreter could not start in this browser (it needs Web Workers and WebAssembly).".into());
        refresh(c);
        return;
    };
    let (file, source, seed, lanes) = {
        let mut s = c.st.borrow_mut();
        s.phase = Phase::Running;
        s.failure = None;
        (s.file.clone(), s.code.clone(), s.seed_value().unwrap_or(1), s.lanes_value().unwrap_or_default().join(","))
    };
    worker::post(&w, &file, &source, seed, &lanes, false);
    refresh(c);
    // The output opens as the run starts: laying the page out around it then happens while the
    // worker runs the program. Nothing else is drawn: the frame is the worker's time.
    c.ui.output.set_hidden(false);
}

fn stop(c: &C) {
    let old = {
        let mut s = c.st.borrow_mut();
        s.warmed = false;
        s.phase = Phase::Idle;
        s.failure = Some("Stopped. The program's run was ended before it finished.".into());
        s.worker.take()
    };
    if let Some(w) = old {
        w.terminate();
    }
    refresh(c);
}

fn warm(c: &C) {
    let _ = ensure_worker(c);
}

/// The worker starts (and compiles the interpreter) as the runner comes into view, so that a
/// click on Run only runs the program.
fn warm_up(c: &C) {
    if let Some(w) = ensure_worker(c) {
        let d = &c.data;
        worker::post(&w, &d.file, &d.code, d.seed, &d.lanes.join(","), true);
    }
}

/// The runner in the reader's progress (its runs, its edit): the page's path and the runner.
fn progress_key(c: &Ctl) -> String {
    let path = web_sys::window().and_then(|w| w.location().pathname().ok()).unwrap_or_default();
    format!("{path}#{}", c.data.id)
}

/// Knob fields follow the constants in `text`.
fn sync_knobs(c: &Ctl, text: &str) {
    for (i, k) in c.data.knobs.iter().enumerate() {
        let Some(v) = inflight_course::knob_value(text, &k.name) else { continue };
        let mut s = c.st.borrow_mut();
        let Some(slot) = s.knobs.get_mut(i) else { continue };
        if slot.trim().parse::<i64>().ok() != Some(v) {
            *slot = v.to_string();
            if let Some(input) = c.ui.knobs.get(i) {
                input.set_value(slot);
            }
        }
    }
}

/// The editor's document changed: it is saved in this browser (a lesson's edit with the
/// fingerprint of the code it was made from; a playground's with its file and lanes).
fn on_change(c: &C, doc: String) {
    if !c.playground {
        let key = progress_key(c);
        if doc == c.data.code {
            store::update(|p| p.drop_edit(&key, store::now()));
        } else {
            store::update(|p| p.save_edit(&key, &fingerprint(&c.data.code), &doc, store::now()));
        }
    }
    sync_knobs(c, &doc);
    c.st.borrow_mut().code = doc;
    save_playground(c);
    refresh(c);
}

/// Loads the editor over the code view (or focuses it once loaded).
fn open_editor(c: &C) {
    let (editor, loading, initial, file) = {
        let s = c.st.borrow();
        (s.editor.clone(), s.loading_editor, s.code.clone(), s.file.clone())
    };
    if let Some(e) = editor {
        worker::editor_call(&e, "focus", &[]);
        return;
    }
    if loading {
        return;
    }
    c.st.borrow_mut().loading_editor = true;
    refresh(c);
    let label = format!("{} ({file}), editable", c.data.title);
    let c = c.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let (changes, submits) = (c.clone(), c.clone());
        let mounted = worker::mount_editor(&c.ui.code_host, &initial, &label, move |doc| on_change(&changes, doc), move || start_run(&submits)).await;
        match mounted {
            Some(e) => {
                // The code may have changed while the editor loaded (a share link, a program
                // picked from a playground's menu).
                let now = c.st.borrow().code.clone();
                if now != initial {
                    worker::editor_call(&e, "setDoc", &[JsValue::from_str(&now)]);
                }
                c.st.borrow_mut().editor = Some(e.clone());
                worker::editor_call(&e, "focus", &[]);
            }
            None => c.st.borrow_mut().edit_note = Some("The editor could not load. Check your connection and try again.".into()),
        }
        c.st.borrow_mut().loading_editor = false;
        refresh(&c);
    });
}

/// Puts `code` in the editor, or (before it has loaded) in the state.
fn replace_code(c: &C, code: &str) {
    let editor = c.st.borrow().editor.clone();
    if let Some(e) = editor {
        worker::editor_call(&e, "setDoc", &[JsValue::from_str(code)]);
    }
    c.st.borrow_mut().code = code.to_string();
}

/// A knob rewrites its constant in the code: in the editor, or in the code view's number.
fn set_knob(c: &C, name: &str, value: i64) {
    let (changed, has_editor) = {
        let s = c.st.borrow();
        (inflight_course::with_knob(&s.code, name, value).filter(|changed| *changed != s.code), s.editor.is_some())
    };
    let Some(changed) = changed else { return };
    if !has_editor {
        views::patch_knob(&c.ui.section, name, value);
    }
    replace_code(c, &changed);
}

fn reset(c: &C) {
    if !c.playground {
        let key = progress_key(c);
        store::update(|p| p.drop_edit(&key, store::now()));
    }
    {
        let mut s = c.st.borrow_mut();
        for (i, k) in c.data.knobs.iter().enumerate() {
            s.knobs[i] = k.value.to_string();
            c.ui.knobs[i].set_value(&s.knobs[i]);
        }
    }
    let base = c.st.borrow().base.clone();
    replace_code(c, &base);
    c.st.borrow_mut().edit_note = Some(if c.playground { "Back to the program you started from." } else { "Back to the lesson's code." }.into());
    save_playground(c);
    refresh(c);
}

/// A lesson runner opens with the reader's saved edit, when it was made from today's code. An
/// edit saved the older way, under a key of its own, moves into the progress first.
fn restore_edit(c: &C) {
    let key = progress_key(c);
    if let Some(storage) = worker::storage() {
        let legacy = format!("{LEGACY_EDIT_PREFIX}{key}");
        if let Ok(Some(text)) = storage.get_item(&legacy) {
            let (moved, remove) = migrate_legacy([(legacy.clone(), text)], store::now());
            store::update(|p| p.merge_imported(moved));
            for k in remove {
                let _ = storage.remove_item(&k);
            }
        }
    }
    let print = fingerprint(&c.data.code);
    let saved = store::read(|p| match p.edit(&key, &print) {
        Edit::Current(code) => Some(Some(code.to_string())),
        Edit::Stale => Some(None),
        Edit::None => None,
    });
    match saved {
        Some(Some(saved)) => {
            sync_knobs(c, &saved);
            {
                let mut s = c.st.borrow_mut();
                s.code = saved;
                s.edit_note = Some("This is your edited version, kept in this browser. Reset brings back the lesson's code.".into());
            }
            open_editor(c);
        }
        Some(None) => {
            store::update(|p| p.drop_edit(&key, store::now()));
            c.st.borrow_mut().edit_note = Some("The lesson's code has changed since you edited it here, so your edit was dropped.".into());
        }
        None => {}
    }
}

/// A saved or shared playground program: its file and lanes, when they are valid.
fn apply_program(c: &C, shared: &Shared) {
    let mut s = c.st.borrow_mut();
    if let Some(f) = shared.file.clone().filter(|f| is_file_name(f)) {
        s.file = f;
    }
    if let Some(l) = shared.lanes.as_deref().and_then(lane_names) {
        s.lanes_text = l.join(", ");
    }
    s.seed_text = shared.seed.to_string();
    if let Some(code) = &shared.code {
        s.code = code.clone();
    }
    s.chosen = None;
    write_fields(c, &s);
}

/// The text fields, from the state, after the state changed them.
fn write_fields(c: &Ctl, s: &State) {
    c.ui.seed.set_value(&s.seed_text);
    if let Some(lanes) = &c.ui.lanes_input {
        lanes.set_value(&s.lanes_text);
    }
}

/// A playground keeps the reader's program, its file, lanes and seed in this browser, and opens
/// with them (or, the first time, with its first program) in the editor.
fn restore_playground(c: &C) {
    if let Some(text) = worker::storage().and_then(|s| s.get_item(PLAYGROUND_KEY).ok().flatten()) {
        match Shared::from_text(&text) {
            Some(saved) => {
                apply_program(c, &saved);
                c.st.borrow_mut().edit_note = Some("Your program from last time, kept in this browser.".into());
            }
            None => c.st.borrow_mut().edit_note = Some("The program saved in this browser could not be read, so the playground starts afresh.".into()),
        }
    }
    c.st.borrow_mut().restored = true;
    save_playground(c);
    open_editor(c);
}

fn save_playground(c: &Ctl) {
    if !c.playground {
        return;
    }
    let s = c.st.borrow();
    if !s.restored {
        return;
    }
    let saved = Shared { seed: s.seed_value().unwrap_or(1), step: 0, knobs: Vec::new(), file: Some(s.file.clone()), lanes: s.lanes_value().map(|l| l.join(",")), code: Some(s.code.clone()) };
    if let Some(store) = worker::storage() {
        let _ = store.set_item(PLAYGROUND_KEY, &saved.to_text());
    }
}

/// A playground starts from program `i` of its menu.
fn choose(c: &C, i: usize) {
    let Some(choice) = c.data.choices.get(i).and_then(|f| Choice::from_fields(f)) else { return };
    stop_ticker(c);
    let replaced = {
        let mut s = c.st.borrow_mut();
        let replaced = s.edited();
        s.base = choice.code.clone();
        s.file = choice.file.clone();
        s.lanes_text = choice.lanes.join(", ");
        s.seed_text = choice.seed.to_string();
        s.report = None;
        s.failure = None;
        s.chosen = Some(i);
        write_fields(c, &s);
        replaced
    };
    replace_code(c, &choice.code);
    c.st.borrow_mut().edit_note = Some(if replaced {
        format!("Started from {}. Your previous code is one undo away (Ctrl+Z or Cmd+Z in the editor).", choice.label)
    } else {
        format!("Started from {}.", choice.label)
    });
    save_playground(c);
    refresh(c);
    draw(c);
}

/// Share: the code (when edited), seed, knobs and playhead, compressed into the URL fragment as
/// `#<runner id>~<data>`; opening such a link restores them and runs.
fn share(c: &C) {
    let text = {
        let s = c.st.borrow();
        let d = &c.data;
        // A playground's link always holds the program, its file and its lanes.
        let code = (c.playground || s.code != d.code).then(|| s.code.clone());
        let (file, lanes) = if c.playground { (Some(s.file.clone()), s.lanes_value().map(|l| l.join(","))) } else { (None, None) };
        let knobs = d.knobs.iter().zip(&s.knobs).filter_map(|(k, v)| Some((k.name.clone(), v.trim().parse().ok()?))).collect();
        Shared { seed: s.seed_value().unwrap_or(d.seed), step: s.step, knobs, file, lanes, code }.to_text()
    };
    let c = c.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let note = match worker::compress(&text).await {
            None => "This browser cannot make the link (it lacks CompressionStream).".to_string(),
            Some(packed) => {
                let Some(window) = web_sys::window() else { return };
                let location = window.location();
                let here = format!("{}{}{}", location.origin().unwrap_or_default(), location.pathname().unwrap_or_default(), location.search().unwrap_or_default());
                let link = format!("{here}#{}~{packed}", c.data.id);
                if let Ok(history) = window.history() {
                    let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&link));
                }
                if worker::copy(&link).await {
                    "Link copied. It opens this page with this code, seed, knobs and step.".to_string()
                } else {
                    "The link is in the address bar. It opens this page with this code, seed, knobs and step.".to_string()
                }
            }
        };
        c.st.borrow_mut().share_note = Some(note);
        refresh(&c);
    });
}

/// Opens a share link meant for this runner: its code, seed, knobs and playhead, then runs.
fn restore_link(c: &C) {
    let hash = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
    let Some(packed) = hash.strip_prefix(&format!("#{}~", c.data.id)).map(str::to_string) else { return };
    let c = c.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let shared = match worker::decompress(&packed).await {
            Some(text) => Shared::from_text(&text),
            None => None,
        };
        let Some(shared) = shared else {
            c.st.borrow_mut().failure = Some("This page's link holds a run this page cannot read: it may be cut short. The lesson's own program is shown.".into());
            refresh(&c);
            return;
        };
        {
            let mut s = c.st.borrow_mut();
            s.seed_text = shared.seed.to_string();
            for (name, value) in &shared.knobs {
                if let Some(i) = c.data.knobs.iter().position(|k| &k.name == name) {
                    s.knobs[i] = value.to_string();
                    c.ui.knobs[i].set_value(&s.knobs[i]);
                }
            }
            write_fields(&c, &s);
        }
        if c.playground {
            apply_program(&c, &shared);
            open_editor(&c);
        } else if let Some(code) = &shared.code {
            c.st.borrow_mut().code = code.clone();
            open_editor(&c);
        }
        c.st.borrow_mut().pending_step = Some(shared.step);
        c.ui.section.scroll_into_view();
        start_run(&c);
    });
}

fn download(c: &C) {
    let Some(r) = c.st.borrow().report.clone() else { return };
    let file = c.st.borrow().file.clone();
    let stem = file.rsplit_once('.').map_or(file.as_str(), |(s, _)| s);
    worker::download(&format!("{stem}-trace.json"), &r.view.chrome_trace(), "application/json");
}
