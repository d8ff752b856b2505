//! A runner: a lesson's program, run in the reader's browser on the interpreter, and watched
//! step by step. The code the page shows is the code that runs.
//!
//! The interpreter runs in a Web Worker (`worker/runner.js`, the engine compiled to wasm), so a
//! program never blocks the page, and Stop ends it at once by ending the worker. The worker
//! sends back the whole recording (`inflight_engine::js::view::Report`); playback then walks its
//! steps, forwards and backwards, and every view shows the state after the current step.

use std::sync::Arc;
use std::time::Duration;

use inflight_engine::js::view::{Report, RefusalKind};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::hydrated;
use super::runner_views as views;

/// A knob as the island receives it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KnobData {
    pub name: String,
    pub label: String,
    pub min: i64,
    pub max: i64,
    pub value: i64,
}

/// A runner as the island receives it: serialized into the page by the prerender.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunnerData {
    pub id: String,
    pub title: String,
    pub file: String,
    pub code: String,
    pub lanes: Vec<String>,
    pub knobs: Vec<KnobData>,
    pub seed: u32,
    pub predict: bool,
    /// The programs a playground can start from; a lesson's runner has none. With choices the
    /// reader also picks the file kind and the lanes, and the code is kept in this browser.
    /// Each is `Choice::to_fields` (plain strings: a struct of its own would cost the page's
    /// wasm another serde deserializer).
    pub choices: Vec<Vec<String>>,
}

/// A program a playground can start from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    pub label: String,
    pub file: String,
    pub code: String,
    pub lanes: Vec<String>,
    pub seed: u32,
}

impl From<&inflight_course::Runner> for RunnerData {
    fn from(r: &inflight_course::Runner) -> Self {
        RunnerData {
            id: r.id.to_string(),
            title: r.title.to_string(),
            file: r.file.to_string(),
            code: r.code.to_string(),
            lanes: r.lanes.iter().map(|l| l.to_string()).collect(),
            knobs: r.knobs.iter().map(|k| KnobData { name: k.name.into(), label: k.label.into(), min: k.min, max: k.max, value: k.value }).collect(),
            seed: r.seed,
            predict: r.predict,
            choices: Vec::new(),
        }
    }
}

impl Choice {
    pub fn to_fields(&self) -> Vec<String> {
        vec![self.label.clone(), self.file.clone(), self.code.clone(), self.lanes.join(","), self.seed.to_string()]
    }

    pub fn from_fields(fields: &[String]) -> Option<Choice> {
        let [label, file, code, lanes, seed] = fields else { return None };
        Some(Choice { label: label.clone(), file: file.clone(), code: code.clone(), lanes: lane_names(lanes)?, seed: seed.parse().ok()? })
    }
}

/// What a share link holds: enough to reproduce a run exactly.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Shared {
    pub seed: u32,
    pub step: usize,
    pub knobs: Vec<(String, i64)>,
    /// The file name it runs under and its lanes, in a playground (where the reader picks them).
    pub file: Option<String>,
    pub lanes: Option<String>,
    /// The program, when the reader changed it (in a playground, always).
    pub code: Option<String>,
}

const SHARE_HEADER: &str = "inflight-run 1";

impl Shared {
    /// The text a link compresses: a header, `key value` lines, then `code` and the program.
    pub fn to_text(&self) -> String {
        let mut out = format!("{SHARE_HEADER}\nseed {}\nstep {}\n", self.seed, self.step);
        for (name, value) in &self.knobs {
            out.push_str(&format!("knob {name} {value}\n"));
        }
        if let Some(file) = &self.file {
            out.push_str(&format!("file {file}\n"));
        }
        if let Some(lanes) = &self.lanes {
            out.push_str(&format!("lanes {lanes}\n"));
        }
        if let Some(code) = &self.code {
            out.push_str("code\n");
            out.push_str(code);
        }
        out
    }

    /// `None` unless the text is one `to_text` wrote (lines it does not know are skipped).
    pub fn from_text(text: &str) -> Option<Shared> {
        let mut lines = text.split_inclusive('\n');
        if lines.next()?.trim_end() != SHARE_HEADER {
            return None;
        }
        let mut shared = Shared::default();
        let mut consumed = SHARE_HEADER.len() + 1;
        for line in lines {
            consumed += line.len();
            let mut words = line.trim_end().splitn(3, ' ');
            match (words.next(), words.next(), words.next()) {
                (Some("seed"), Some(v), None) => shared.seed = v.parse().ok()?,
                (Some("step"), Some(v), None) => shared.step = v.parse().ok()?,
                (Some("knob"), Some(name), Some(v)) => shared.knobs.push((name.to_string(), v.parse().ok()?)),
                (Some("file"), Some(name), None) if is_file_name(name) => shared.file = Some(name.to_string()),
                (Some("lanes"), lanes, None) if lane_names(lanes.unwrap_or("")).is_some() => shared.lanes = Some(lanes.unwrap_or("").to_string()),
                (Some("code"), None, None) => {
                    shared.code = Some(text.get(consumed..)?.to_string());
                    break;
                }
                _ => {}
            }
        }
        Some(shared)
    }
}

/// The extensions a program can run under, as Node reads them, with what each means.
pub const FILE_KINDS: [(&str, &str); 6] = [
    ("ts", "TypeScript, CommonJS (.ts)"),
    ("mts", "TypeScript, ES module (.mts)"),
    ("cts", "TypeScript, CommonJS (.cts)"),
    ("js", "JavaScript, CommonJS (.js)"),
    ("mjs", "JavaScript, ES module (.mjs)"),
    ("cjs", "JavaScript, CommonJS (.cjs)"),
];

/// A plain file name with one of `FILE_KINDS`' extensions: `main.ts`, not `../x` or `a.py`.
pub fn is_file_name(name: &str) -> bool {
    let Some((stem, ext)) = name.rsplit_once('.') else { return false };
    !stem.is_empty() && name.len() <= 64 && stem.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') && FILE_KINDS.iter().any(|(e, _)| *e == ext)
}

/// The function names of a lanes field (`work, put` or `work put`): `None` if one is not an
/// identifier.
pub fn lane_names(text: &str) -> Option<Vec<String>> {
    let names: Vec<String> = text.split(|c: char| c == ',' || c.is_whitespace()).filter(|n| !n.is_empty()).map(str::to_string).collect();
    let identifier = |n: &str| {
        let mut chars = n.chars();
        chars.next().is_some_and(|c| c.is_alphabetic() || c == '_' || c == '$') && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '$')
    };
    (names.len() <= 12 && names.iter().all(|n| n.len() <= 64 && identifier(n))).then_some(names)
}

/// Where the run is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    Idle,
    /// The worker has the program.
    Running,
    /// A recording is there to play.
    Ready,
}

impl Phase {
    fn name(self) -> &'static str {
        match self {
            Phase::Idle => "idle",
            Phase::Running => "running",
            Phase::Ready => "ready",
        }
    }
}

fn prefers_reduced_motion() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-reduced-motion: reduce)").ok().flatten())
        .is_some_and(|m| m.matches())
}

/// The worker's address, which the prerender writes into the page's head.
fn worker_url() -> Option<String> {
    super::worker::meta("inflight-worker")
}

/// Where a playground keeps the reader's program: a `Shared` text.
const PLAYGROUND_KEY: &str = "inflight-playground";

/// FNV-1a of the lesson's code: a saved edit belongs to the code it was made from.
fn fingerprint(code: &str) -> String {
    let hash = code.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    format!("{hash:016x}")
}

/// A saved edit as local storage holds it: a header, the lesson code's fingerprint, the code.
fn saved_edit(text: &str) -> Option<(&str, &str)> {
    let rest = text.strip_prefix("inflight-edit 1\n")?;
    rest.split_once('\n')
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// How long a step shows during playback at 1× (ms): a run plays in 2 to 12 seconds.
fn step_delay(steps: usize) -> f64 {
    (9000.0 / steps.max(1) as f64).clamp(12.0, 220.0)
}

/// A playback button's picture: one SVG path on a 24-unit square, in the text colour.
fn icon(path: &'static str) -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false"><path d=path fill="currentColor"/></svg>
    }
}

#[island]
pub fn Runner(runner: RunnerData, children: Children) -> impl IntoView {
    let data = Arc::new(runner);
    let id = data.id.clone();
    let ready = hydrated();
    let code = RwSignal::new(data.code.clone());
    // What Reset goes back to: the lesson's code, or the program a playground started from.
    let base = RwSignal::new(data.code.clone());
    let playground = !data.choices.is_empty();
    let file = RwSignal::new(data.file.clone());
    let lanes_text = RwSignal::new(data.lanes.join(", "));
    let lanes_value = move || lanes_text.with(|t| lane_names(t));
    let seed = RwSignal::new(data.seed.to_string());
    // A saved or shared playground program: its file and lanes, when they are valid.
    let apply_program = move |shared: &Shared| {
        if let Some(f) = shared.file.clone().filter(|f| is_file_name(f)) {
            file.set(f);
        }
        if let Some(l) = shared.lanes.as_deref().and_then(lane_names) {
            lanes_text.set(l.join(", "));
        }
        seed.set(shared.seed.to_string());
        if let Some(c) = &shared.code {
            code.set(c.clone());
        }
    };
    let knobs: Vec<RwSignal<String>> = data.knobs.iter().map(|k| RwSignal::new(k.value.to_string())).collect();
    let knobs = StoredValue::new(knobs);

    let phase = RwSignal::new(Phase::Idle);
    // The worker has run the lesson's program once, so V8 has compiled what it needs.
    let warmed = RwSignal::new(false);
    let report = RwSignal::new(None::<Arc<Report>>);
    let failure = RwSignal::new(None::<String>);
    let step = RwSignal::new(0usize);
    let playing = RwSignal::new(false);
    let speed = RwSignal::new(1.0f64);
    let run_ms = RwSignal::new(None::<f64>);
    let worker = StoredValue::new_local(None::<web_sys::Worker>);
    // The code editor's handle, once it has loaded.
    let editor = StoredValue::new_local(None::<wasm_bindgen::JsValue>);
    let file_stem = move || file.with_untracked(|f| f.rsplit_once('.').map_or(f.clone(), |(s, _)| s.to_string()));
    let ticker = StoredValue::new(None::<IntervalHandle>);

    let seed_value = move || seed.with(|s| s.trim().parse::<u32>().ok());
    let knob_errors = {
        let data = data.clone();
        Memo::new(move |_| {
            knobs.with_value(|fields| {
                data.knobs.iter().zip(fields).map(|(k, f)| f.with(|v| v.trim().parse::<i64>().ok().filter(|v| (k.min..=k.max).contains(v)).is_none())).collect::<Vec<bool>>()
            })
        })
    };
    let can_run = move || ready.get() && seed_value().is_some() && lanes_value().is_some() && !knob_errors.with(|e| e.iter().any(|b| *b));

    let stop_ticker = move || {
        if let Some(handle) = ticker.get_value() {
            handle.clear();
            ticker.set_value(None);
        }
        playing.set(false);
    };
    on_cleanup(stop_ticker);

    // Playback: one step per tick; the steps before the first console line go by quickly, so
    // the first line shows at once.
    let play = move || {
        stop_ticker();
        let Some(r) = report.get_untracked() else { return };
        let total = r.view.steps.len();
        if total == 0 {
            return;
        }
        if step.get_untracked() + 1 >= total {
            step.set(0);
        }
        playing.set(true);
        let first_line = r.view.console.first().map_or(0, |l| l.step as usize);
        // From the start, playback opens at the first console line (the steps before it are
        // the program setting up; step back to see them).
        if step.get_untracked() == 0 {
            step.set(first_line);
        }
        let delay = step_delay(total);
        let last = StoredValue::new(now_ms());
        let tick = move || {
            let now = now_ms();
            let at = step.get_untracked();
            let wait = if at < first_line { 0.0 } else { delay / speed.get_untracked() };
            if now - last.get_value() < wait {
                return;
            }
            last.set_value(now);
            if at + 1 >= total {
                stop_ticker();
                return;
            }
            let next = if at < first_line { first_line.min(at + 16) } else { at + 1 };
            step.set(next);
        };
        match set_interval_with_handle(tick, Duration::from_millis(10)) {
            Ok(handle) => ticker.set_value(Some(handle)),
            Err(_) => step.set(total - 1),
        }
    };

    // A share link's playhead, applied when its run comes back.
    let pending_step = StoredValue::new(None::<usize>);
    let show = move |decoded: Option<Report>, took: f64| {
        match decoded {
            Some(r) => {
                run_ms.set(Some(took));
                failure.set(None);
                if let Some(e) = editor.get_value() {
                    let marks = js_sys::Array::new();
                    if let Some(s) = r.stopped.as_ref().filter(|s| s.line > 0 && s.kind != RefusalKind::Limit) {
                        marks.push(&super::worker::diagnostic(s.line, s.column, &s.message));
                    }
                    super::worker::editor_call(&e, "setDiagnostics", &[marks.into()]);
                }
                let end = r.view.steps.len().saturating_sub(1);
                report.set(Some(Arc::new(r)));
                phase.set(Phase::Ready);
                step.set(0);
                if let Some(at) = pending_step.get_value() {
                    pending_step.set_value(None);
                    step.set(at.min(end));
                } else if prefers_reduced_motion() {
                    step.set(end);
                } else {
                    play();
                }
            }
            None => {
                phase.set(Phase::Idle);
                failure.set(Some("The interpreter sent back a recording this page cannot read: the page and the interpreter come from different builds. Reload the page.".into()));
            }
        }
    };
    // The recording is shown in a task of its own, after the one that read the message: the
    // first time, V8 compiles the wasm that draws it (it compiles functions as they are first
    // called), and the two together could hold the page past 50 ms.
    let received = move |decoded: Option<Report>, took: f64| {
        set_timeout(move || show(decoded, took), Duration::ZERO);
    };

    let ensure_worker = move || -> Option<web_sys::Worker> {
        if let Some(w) = worker.get_value() {
            return Some(w);
        }
        let url = worker_url()?;
        let w = super::worker::start(&url, received, move || warmed.set(true), move |message| {
            if let Some(w) = worker.get_value() {
                w.terminate();
            }
            worker.set_value(None);
            phase.set(Phase::Idle);
            failure.set(Some(message));
        })?;
        worker.set_value(Some(w.clone()));
        Some(w)
    };

    let current_code = move || code.get_untracked();
    let start_run = {
        move || {
            if !can_run() {
                return;
            }
            stop_ticker();
            let Some(w) = ensure_worker() else {
                failure.set(Some("The interpreter could not start in this browser (it needs Web Workers and WebAssembly).".into()));
                return;
            };
            let source = current_code();
            phase.set(Phase::Running);
            failure.set(None);
            let lanes = lanes_value().unwrap_or_default().join(",");
            super::worker::post(&w, &file.get_untracked(), &source, seed_value().unwrap_or(1), &lanes, false);
        }
    };


    // Editing: the editor loads when the reader starts editing (or when there is an edit to
    // show); every change is saved in this browser, under the page and the runner, with the
    // fingerprint of the lesson's code it was made from.
    let editing = RwSignal::new(false);
    let loading_editor = RwSignal::new(false);
    let edit_note = RwSignal::new(None::<String>);
    let storage_key = {
        let id = data.id.clone();
        move || {
            let path = web_sys::window().and_then(|w| w.location().pathname().ok()).unwrap_or_default();
            format!("inflight-edit:{path}#{id}")
        }
    };
    let sync_knobs = {
        let data = data.clone();
        move |text: &str| {
            knobs.with_value(|fields| {
                for (k, f) in data.knobs.iter().zip(fields) {
                    if let Some(v) = inflight_course::knob_value(text, &k.name) {
                        if f.get_untracked().trim().parse::<i64>().ok() != Some(v) {
                            f.set(v.to_string());
                        }
                    }
                }
            })
        }
    };
    let on_change = {
        let data = data.clone();
        let storage_key = storage_key.clone();
        let sync_knobs = sync_knobs.clone();
        move |doc: String| {
            // A playground's program is saved with its file and lanes (see below).
            if let Some(store) = super::worker::storage().filter(|_| !playground) {
                let key = storage_key();
                if doc == data.code {
                    let _ = store.remove_item(&key);
                } else {
                    let _ = store.set_item(&key, &format!("inflight-edit 1\n{}\n{doc}", fingerprint(&data.code)));
                }
            }
            sync_knobs(&doc);
            code.set(doc);
        }
    };
    let section_ref = NodeRef::<leptos::html::Section>::new();
    let open_editor = {
        let data = data.clone();
        let on_change = on_change.clone();
        let start = start_run.clone();
        move || {
            if let Some(e) = editor.get_value() {
                super::worker::editor_call(&e, "focus", &[]);
                return;
            }
            if loading_editor.get_untracked() {
                return;
            }
            let Some(host) = section_ref.get_untracked().and_then(|s| s.query_selector(".code-view").ok().flatten()) else { return };
            loading_editor.set(true);
            let label = format!("{} ({}), editable", data.title, file.get_untracked());
            let on_change = on_change.clone();
            let start = start.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let initial = code.get_untracked();
                match super::worker::mount_editor(&host, &initial, &label, on_change, move || start()).await {
                    Some(e) => {
                        // The code may have changed while the editor loaded (a share link, a
                        // program picked from a playground's menu).
                        let now = code.get_untracked();
                        if now != initial {
                            super::worker::editor_call(&e, "setDoc", &[wasm_bindgen::JsValue::from_str(&now)]);
                        }
                        super::worker::editor_call(&e, "focus", &[]);
                        editor.set_value(Some(e));
                        editing.set(true);
                    }
                    None => edit_note.set(Some("The editor could not load. Check your connection and try again.".into())),
                }
                loading_editor.set(false);
            });
        }
    };
    // A knob rewrites its constant in the code: in the editor, or in the code view's number.
    let set_knob = move |name: &str, value: i64| {
        let Some(changed) = code.with_untracked(|c| inflight_course::with_knob(c, name, value)) else { return };
        if code.with_untracked(|c| *c == changed) {
            return;
        }
        match editor.get_value() {
            Some(e) => super::worker::editor_call(&e, "setDoc", &[wasm_bindgen::JsValue::from_str(&changed)]),
            None => {
                if let Some(section) = section_ref.get_untracked() {
                    views::patch_knob(&section, name, value);
                }
                code.set(changed);
            }
        }
    };
    let reset = {
        let data = data.clone();
        let storage_key = storage_key.clone();
        move |_| {
            if let Some(store) = super::worker::storage().filter(|_| !playground) {
                let _ = store.remove_item(&storage_key());
            }
            let data_code = base.get_untracked();
            knobs.with_value(|fields| {
                for (k, f) in data.knobs.iter().zip(fields) {
                    f.set(k.value.to_string());
                }
            });
            match editor.get_value() {
                Some(e) => super::worker::editor_call(&e, "setDoc", &[wasm_bindgen::JsValue::from_str(&data_code)]),
                None => code.set(data_code.clone()),
            }
            code.set(data_code);
            edit_note.set(Some(if playground { "Back to the program you started from." } else { "Back to the lesson's code." }.into()));
        }
    };
    let edited = Memo::new(move |_| code.with(|c| base.with(|b| c != b)));
    {
        let data = data.clone();
        let open_editor = open_editor.clone();
        let sync_knobs = sync_knobs.clone();
        Effect::new(move |_| {
            if !ready.get() || playground {
                return;
            }
            let Some(store) = super::worker::storage() else { return };
            let key = storage_key();
            let Ok(Some(text)) = store.get_item(&key) else { return };
            match saved_edit(&text) {
                Some((print, saved)) if print == fingerprint(&data.code) => {
                    sync_knobs(saved);
                    code.set(saved.to_string());
                    edit_note.set(Some("This is your edited version, kept in this browser. Reset brings back the lesson's code.".into()));
                    open_editor();
                }
                _ => {
                    let _ = store.remove_item(&key);
                    edit_note.set(Some("The lesson's code has changed since you edited it here, so your edit was dropped.".into()));
                }
            }
        });
    }

    // A playground keeps the reader's program, its file, lanes and seed in this browser, and
    // opens with them (or, the first time, with its first program) in the editor.
    let chosen = RwSignal::new(Some(0usize));
    let restored = RwSignal::new(false);
    if playground {
        let open_editor = open_editor.clone();
        Effect::new(move |_| {
            if !ready.get() {
                return;
            }
            if let Some(text) = super::worker::storage().and_then(|s| s.get_item(PLAYGROUND_KEY).ok().flatten()) {
                match Shared::from_text(&text) {
                    Some(saved) => {
                        apply_program(&saved);
                        chosen.set(None);
                        edit_note.set(Some("Your program from last time, kept in this browser.".into()));
                    }
                    None => edit_note.set(Some("The program saved in this browser could not be read, so the playground starts afresh.".into())),
                }
            }
            restored.set(true);
            open_editor();
        });
        Effect::new(move |_| {
            let saved = Shared { seed: seed_value().unwrap_or(1), step: 0, knobs: Vec::new(), file: Some(file.get()), lanes: lanes_value().map(|l| l.join(",")), code: Some(code.get()) };
            if restored.get() {
                if let Some(store) = super::worker::storage() {
                    let _ = store.set_item(PLAYGROUND_KEY, &saved.to_text());
                }
            }
        });
    }
    let choose = {
        let data = data.clone();
        move |ev: web_sys::Event| {
            let Some(i) = event_target_value(&ev).parse::<usize>().ok() else { return };
            let Some(choice) = data.choices.get(i).and_then(|c| Choice::from_fields(c)) else { return };
            stop_ticker();
            let replaced = edited.get_untracked();
            base.set(choice.code.clone());
            file.set(choice.file.clone());
            lanes_text.set(choice.lanes.join(", "));
            seed.set(choice.seed.to_string());
            report.set(None);
            failure.set(None);
            chosen.set(Some(i));
            match editor.get_value() {
                Some(e) => super::worker::editor_call(&e, "setDoc", &[wasm_bindgen::JsValue::from_str(&choice.code)]),
                None => code.set(choice.code.clone()),
            }
            code.set(choice.code.clone());
            edit_note.set(Some(if replaced {
                format!("Started from {}. Your previous code is one undo away (Ctrl+Z or Cmd+Z in the editor).", choice.label)
            } else {
                format!("Started from {}.", choice.label)
            }));
        }
    };

    let stop = move |_| {
        if let Some(w) = worker.get_value() {
            w.terminate();
        }
        worker.set_value(None);
        warmed.set(false);
        phase.set(Phase::Idle);
        failure.set(Some("Stopped. The program's run was ended before it finished.".into()));
    };

    let warm = move || {
        if ready.get_untracked() {
            let _ = ensure_worker();
        }
    };
    // The worker starts (and compiles the interpreter) as the runner comes into view, so that a
    // click on Run only runs the program.
    let warm_up = {
        let data = data.clone();
        move || {
            if let Some(w) = ensure_worker() {
                super::worker::post(&w, &data.file, &data.code, data.seed, &data.lanes.join(","), true);
            }
        }
    };
    Effect::new(move |_| {
        if let (true, Some(section)) = (ready.get(), section_ref.get()) {
            super::worker::when_near_view(&section, warm_up.clone());
        }
    });

    // Share: the code (when edited), seed, knobs and playhead, compressed into the URL fragment
    // as `#<runner id>~<data>`; opening such a link restores them and runs.
    let share_note = RwSignal::new(None::<String>);
    let knob_values = {
        let data = data.clone();
        move || -> Vec<(String, i64)> {
            knobs.with_value(|fields| data.knobs.iter().zip(fields).filter_map(|(k, f)| Some((k.name.clone(), f.get_untracked().trim().parse().ok()?))).collect())
        }
    };
    let share = {
        let data = data.clone();
        let knob_values = knob_values.clone();
        move |_| {
            // A playground's link always holds the program, its file and its lanes.
            let edited = code.with_untracked(|c| (playground || *c != data.code).then(|| c.clone()));
            let (file, lanes) = if playground { (Some(file.get_untracked()), lanes_value().map(|l| l.join(","))) } else { (None, None) };
            let text = Shared { seed: seed_value().unwrap_or(data.seed), step: step.get_untracked(), knobs: knob_values(), file, lanes, code: edited }.to_text();
            let id = data.id.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let Some(packed) = super::worker::compress(&text).await else {
                    share_note.set(Some("This browser cannot make the link (it lacks CompressionStream).".into()));
                    return;
                };
                let Some(window) = web_sys::window() else { return };
                let location = window.location();
                let here = format!("{}{}{}", location.origin().unwrap_or_default(), location.pathname().unwrap_or_default(), location.search().unwrap_or_default());
                let link = format!("{here}#{id}~{packed}");
                if let Ok(history) = window.history() {
                    let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&link));
                }
                let copied = super::worker::copy(&link).await;
                share_note.set(Some(if copied {
                    "Link copied. It opens this page with this code, seed, knobs and step.".into()
                } else {
                    "The link is in the address bar. It opens this page with this code, seed, knobs and step.".into()
                }));
            });
        }
    };
    {
        let data = data.clone();
        let start = start_run.clone();
        let open_editor = open_editor.clone();
        Effect::new(move |_| {
            if !ready.get() {
                return;
            }
            let hash = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
            let Some(packed) = hash.strip_prefix(&format!("#{}~", data.id)).map(str::to_string) else { return };
            let data = data.clone();
            let start = start.clone();
            let open_editor = open_editor.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let shared = match super::worker::decompress(&packed).await {
                    Some(text) => Shared::from_text(&text),
                    None => None,
                };
                let Some(shared) = shared else {
                    failure.set(Some("This page's link holds a run this page cannot read: it may be cut short. The lesson's own program is shown.".into()));
                    return;
                };
                seed.set(shared.seed.to_string());
                knobs.with_value(|fields| {
                    for (name, value) in &shared.knobs {
                        if let Some(i) = data.knobs.iter().position(|k| &k.name == name) {
                            fields[i].set(value.to_string());
                        }
                    }
                });
                if playground {
                    apply_program(&shared);
                    chosen.set(None);
                    open_editor();
                } else if let Some(c) = shared.code {
                    code.set(c);
                    open_editor();
                }
                pending_step.set_value(Some(shared.step));
                if let Some(section) = section_ref.get_untracked() {
                    section.scroll_into_view();
                }
                start();
            });
        });
    }
    let total = Memo::new(move |_| report.with(|r| r.as_ref().map_or(0, |r| r.view.steps.len())));
    let back = move |_| {
        stop_ticker();
        step.update(|s| *s = s.saturating_sub(1));
    };
    let forward = move |_| {
        stop_ticker();
        let n = total.get_untracked();
        step.update(|s| *s = (*s + 1).min(n.saturating_sub(1)));
    };
    let to_start = move |_| {
        stop_ticker();
        step.set(0);
    };
    let to_end = move |_| {
        stop_ticker();
        step.set(total.get_untracked().saturating_sub(1));
    };
    let toggle = move |_| {
        if playing.get_untracked() {
            stop_ticker();
        } else {
            play();
        }
    };

    // The views: markup put into these containers at every step (see `runner_views`).
    let console_ref = NodeRef::<leptos::html::Ol>::new();
    let loop_ref = NodeRef::<leptos::html::Div>::new();
    let lanes_ref = NodeRef::<leptos::html::Figure>::new();
    let table_ref = NodeRef::<leptos::html::Tbody>::new();
    let table_open = RwSignal::new(false);
    let shown = StoredValue::new((0usize, 0usize)); // (the report drawn, console lines shown)
    Effect::new(move |_| {
        let i = step.get();
        let open = table_open.get();
        report.with(|r| {
            let Some(r) = r else { return };
            let id = Arc::as_ptr(r) as usize;
            let (drawn, mut lines) = shown.get_value();
            let (Some(console), Some(lanes), Some(table)) = (console_ref.get(), lanes_ref.get(), table_ref.get()) else { return };
            if drawn != id {
                console.set_inner_html("");
                lines = 0;
                match views::lanes(r) {
                    Some(html) => {
                        lanes.set_inner_html(&html);
                        lanes.set_hidden(false);
                    }
                    None => {
                        lanes.set_inner_html("");
                        lanes.set_hidden(true);
                    }
                }
                table.set_inner_html("");
            }
            if open && table.child_element_count() == 0 {
                table.set_inner_html(&views::event_rows(r));
            }
            let want = views::lines_until(r, i);
            if want > lines {
                let html: String = (lines..want).map(|l| views::console_line(r, l)).collect();
                let _ = console.insert_adjacent_html("beforeend", &html);
            } else {
                for _ in want..lines {
                    if let Some(last) = console.last_element_child() {
                        last.remove();
                    }
                }
            }
            console.set_scroll_top(console.scroll_height());
            shown.set_value((id, want));
            if let (Some(el), Some(s)) = (loop_ref.get(), r.view.steps.get(i)) {
                el.set_inner_html(&views::event_loop(r, s));
            }
            views::move_playhead(&lanes, r, i);
            if open {
                views::mark_row(&table, i);
            }
        });
    });
    let scrub = move |ev: web_sys::MouseEvent| {
        use wasm_bindgen::JsCast;
        let svg = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).and_then(|t| t.closest("svg.timeline").ok().flatten());
        let Some(svg) = svg else { return };
        let rect = svg.get_bounding_client_rect();
        if rect.width() <= 0.0 {
            return;
        }
        let sx = (f64::from(ev.client_x()) - rect.left()) / rect.width() * views::WIDTH;
        report.with_untracked(|r| {
            if let Some(r) = r {
                stop_ticker();
                step.set(views::Scale::new(r).step_at(r, sx));
            }
        });
    };
    let go_to_row = move |ev: web_sys::MouseEvent| {
        use wasm_bindgen::JsCast;
        let target = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
        if let Some(i) = target.and_then(|t| t.get_attribute("data-step")).and_then(|v| v.parse::<usize>().ok()) {
            stop_ticker();
            step.set(i);
        }
    };
    let toggle_table = move |ev: web_sys::Event| {
        use wasm_bindgen::JsCast;
        let open = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlDetailsElement>().ok()).is_some_and(|d| d.open());
        table_open.set(open);
    };
    let download = move |_| {
        report.with_untracked(|r| {
            if let Some(r) = r {
                super::worker::download(&format!("{}-trace.json", file_stem()), &r.view.chrome_trace(), "application/json");
            }
        });
    };

    let status = move || match phase.get() {
        Phase::Running => "Running…".to_string(),
        Phase::Ready => report.with(|r| {
            let Some(r) = r else { return String::new() };
            let lines = r.view.console.len();
            let ended = match (&r.stopped, r.exit_code) {
                (Some(s), _) => format!("stopped: {}", s.message),
                (None, 0) => "exit status 0".to_string(),
                (None, code) => format!("exit status {code}"),
            };
            let took = run_ms.get().map(|ms| format!(", ran in {} ms", ms.round() as i64)).unwrap_or_default();
            format!("Finished at {} ms of virtual time: {lines} console line{}, {ended}{took}.", r.ended_at, if lines == 1 { "" } else { "s" })
        }),
        Phase::Idle => String::new(),
    };
    let refusal = move || {
        report.with(|r| {
            r.as_ref().and_then(|r| r.stopped.clone()).map(|s| {
                let place = if s.line > 0 { format!("line {}, column {}: ", s.line, s.column) } else { String::new() };
                let kind = match s.kind {
                    RefusalKind::Syntax => "Syntax error",
                    RefusalKind::Unsupported => "Not supported here",
                    RefusalKind::Limit => "Stopped by a limit",
                };
                format!("{kind}: {place}{}", s.message)
            })
        })
    };

    let knob_fields = data
        .knobs
        .iter()
        .enumerate()
        .map(|(i, k)| {
            let field = knobs.with_value(|f| f[i]);
            let input_id = format!("{id}-knob-{}", k.name);
            let hint_id = format!("{input_id}-hint");
            let invalid = move || knob_errors.with(|e| e.get(i).copied().unwrap_or(false));
            let (name, min, max) = (k.name.clone(), k.min, k.max);
            view! {
                <div class="field">
                    <label for=input_id.clone()>{k.label.clone()}</label>
                    <input id=input_id type="number" inputmode="numeric" min=k.min max=k.max step="1" value=k.value
                        aria-describedby=hint_id.clone()
                        aria-invalid=move || if invalid() { "true" } else { "false" }
                        prop:value=move || field.get()
                        on:input=move |ev| {
                            let text = event_target_value(&ev);
                            if let Some(v) = text.trim().parse::<i64>().ok().filter(|v| (min..=max).contains(v)) {
                                set_knob(&name, v);
                            }
                            field.set(text);
                        }/>
                    <small id=hint_id class="hint">{format!("const {} in the code, {}–{}", k.name, k.min, k.max)}</small>
                </div>
            }
        })
        .collect_view();
    let seed_id = format!("{id}-seed");

    let title_id = format!("{id}-title");
    let labelled_by = title_id.clone();

    view! {
        <section class="runner" node_ref=section_ref aria-labelledby=labelled_by data-runner=id.clone() data-state=move || phase.get().name() data-warm=move || warmed.get().to_string()
            on:pointerenter=move |_| warm() on:focusin=move |_| warm()>
            <h3 id=title_id class="runner-title">
                <span class="runner-kicker">"Run it"</span>
                {data.title.clone()}
            </h3>
            {data.predict.then(|| view! {
                <p class="predict">"Before you run it: write down the order you expect the lines in. Then run it and step through what happened."</p>
            })}
            <div class="runner-code">
                <div class="code-bar">
                    <p class="code-file">{move || file.get()}</p>
                    <button type="button" class="edit" hidden=move || editing.get() || !ready.get() on:click={
                        let open_editor = open_editor.clone();
                        move |_| open_editor()
                    }>{move || if loading_editor.get() { "Loading the editor…" } else { "Edit the code" }}</button>
                    <button type="button" class="reset" hidden=move || !edited.get() on:click=reset>"Reset"</button>
                </div>
                <div class="code-host" on:dblclick={
                    let open_editor = open_editor.clone();
                    move |_| open_editor()
                }>{children()}</div>
                <p class="edit-note" role="status">{move || edit_note.get()}</p>
            </div>
            <p class="needs-js" hidden=move || ready.get()>
                "This program runs in your browser, on the same interpreter as the rest of the course. Turn on JavaScript to run it."
            </p>
            <form class="params" novalidate on:submit={
                let start = start_run.clone();
                move |ev| {
                    ev.prevent_default();
                    start();
                }
            }>
                {playground.then(|| {
                    let (from_id, kind_id, lanes_id) = (format!("{id}-from"), format!("{id}-kind"), format!("{id}-lanes"));
                    // The options are markup: one view per option would cost the page's wasm for
                    // what never changes. Before hydration the first program is the one shown.
                    let choices: String = data.choices.iter().enumerate().map(|(i, c)| format!("<option value=\"{i}\">{}</option>", views::esc(c.first().map_or("", String::as_str)))).collect();
                    let choices = format!("<option value=\"\" disabled>Your program</option>{choices}");
                    let start_kind = data.file.rsplit_once('.').map_or("", |(_, e)| e);
                    let kinds: String = FILE_KINDS.iter().map(|(ext, label)| format!("<option value=\"{ext}\"{}>{label}</option>", if *ext == start_kind { " selected" } else { "" })).collect();
                    let set_kind = move |ev: web_sys::Event| {
                        let ext = event_target_value(&ev);
                        file.update(|f| {
                            let stem = f.rsplit_once('.').map_or(f.as_str(), |(s, _)| s).to_string();
                            *f = format!("{stem}.{ext}");
                        });
                    };
                    let kind = move || file.with(|f| f.rsplit_once('.').map_or(String::new(), |(_, e)| e.to_string()));
                    view! {
                        <div class="field field-wide">
                            <label for=from_id.clone()>"Start from"</label>
                            <select id=from_id inner_html=choices on:change=choose.clone()
                                prop:value=move || chosen.get().map_or(String::new(), |i| i.to_string())></select>
                        </div>
                        <div class="field field-kind">
                            <label for=kind_id.clone()>"Run as"</label>
                            <select id=kind_id inner_html=kinds on:change=set_kind prop:value=kind></select>
                        </div>
                        <div class="field">
                            <label for=lanes_id.clone()>"Lanes"</label>
                            <input id=lanes_id.clone() type="text" spellcheck="false" autocomplete="off" aria-describedby=format!("{lanes_id}-hint")
                                aria-invalid=move || if lanes_value().is_none() { "true" } else { "false" }
                                prop:value=move || lanes_text.get() on:input=move |ev| lanes_text.set(event_target_value(&ev))/>
                            <small id=format!("{lanes_id}-hint") class="hint">"Functions whose calls get a timeline lane, comma-separated"</small>
                        </div>
                    }
                })}
                {knob_fields}
                <div class="field field-seed">
                    <label for=seed_id.clone()>"Seed"</label>
                    <input id=seed_id type="number" inputmode="numeric" min="0" max="4294967295" step="1" value=data.seed
                        aria-invalid=move || if seed_value().is_none() { "true" } else { "false" }
                        prop:value=move || seed.get() on:input=move |ev| seed.set(event_target_value(&ev))/>
                    <small class="hint">"Math.random() starts from it"</small>
                </div>
                <div class="actions">
                    <button type="submit" class="run" disabled=move || !can_run() || phase.get() == Phase::Running>
                        {move || if report.with(Option::is_some) { "Run again" } else { "Run" }}
                    </button>
                    <button type="button" class="stop" on:click=stop hidden=move || phase.get() != Phase::Running>"Stop"</button>
                </div>
            </form>
            <p class="run-error" role="alert">{move || failure.get()}</p>
            <p class="run-status" role="status">{status}</p>
            <p class="run-refusal" hidden=move || refusal().is_none()>{refusal}</p>
            <div class="runner-output" hidden=move || report.with(Option::is_none)>
                <div class="playback" role="group" aria-label="Playback">
                    <button type="button" on:click=to_start aria-label="First step" title="First step">{icon("M5 4h2v16H5zM19 4v16L8 12z")}</button>
                    <button type="button" on:click=back aria-label="Step back" title="Step back">{icon("M17 4v16L6 12zM4 4h2v16H4z")}</button>
                    <button type="button" class="play" on:click=toggle aria-label=move || if playing.get() { "Pause" } else { "Play" }>
                        <span hidden=move || !playing.get()>{icon("M6 4h4v16H6zM14 4h4v16h-4z")}</span>
                        <span hidden=move || playing.get()>{icon("M7 4v16l13-8z")}</span>
                    </button>
                    <button type="button" on:click=forward aria-label="Step forward" title="Step forward">{icon("M7 4v16l11-8zM18 4h2v16h-2z")}</button>
                    <button type="button" on:click=to_end aria-label="Last step" title="Last step">{icon("M5 4v16l11-8zM17 4h2v16h-2z")}</button>
                    <label class="speed">"Speed "
                        <select on:change=move |ev| speed.set(match event_target_value(&ev).as_str() {
                            "0.5" => 0.5,
                            "2" => 2.0,
                            "4" => 4.0,
                            _ => 1.0,
                        })>
                            <option value="0.5">"0.5×"</option>
                            <option value="1" selected>"1×"</option>
                            <option value="2">"2×"</option>
                            <option value="4">"4×"</option>
                        </select>
                    </label>
                    <input type="range" class="scrub" min="0" aria-label="Step"
                        max=move || total.get().saturating_sub(1)
                        prop:value=move || step.get().to_string()
                        on:input=move |ev| {
                            stop_ticker();
                            step.set(event_target_value(&ev).parse().unwrap_or(0));
                        }/>
                    <span class="step-count">{move || {
                        let n = total.get();
                        report.with(|r| r.as_ref().and_then(|r| r.view.steps.get(step.get()).map(|s| format!("step {} of {n} · {} ms", step.get() + 1, s.at)))).unwrap_or_default()
                    }}</span>
                </div>
                <div class="runner-panes">
                    <div class="pane console-pane">
                        <h4 class="pane-title">"Console"</h4>
                        <ol class="console" node_ref=console_ref aria-label="Console output up to the current step" tabindex="0"></ol>
                    </div>
                    <div class="pane loop-pane">
                        <h4 class="pane-title">"Event loop"</h4>
                        <div node_ref=loop_ref></div>
                    </div>
                </div>
                <figure class="pane lanes-pane" node_ref=lanes_ref hidden on:click=scrub></figure>
                <details class="pane events-pane" on:toggle=toggle_table>
                    <summary>{move || format!("Every event, as a table ({})", total.get())}</summary>
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
                            <tbody node_ref=table_ref on:click=go_to_row></tbody>
                        </table>
                    </div>
                </details>
                <p class="runner-extras">
                    <button type="button" class="download" on:click=share>"Copy a link to this run"</button>
                    " "
                    <button type="button" class="download" on:click=download>"Download the trace (Chrome trace JSON, opens in Perfetto)"</button>
                </p>
                <p class="share-note" role="status">{move || share_note.get()}</p>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::Shared;

    #[test]
    fn a_share_link_gives_back_what_it_was_made_from_and_nothing_else() {
        let s = Shared { seed: 7, step: 41, knobs: vec![("LIMIT".into(), 1), ("TASKS".into(), -3)], file: None, lanes: None, code: Some("const LIMIT = 1;\ncode\nseed 9\n".into()) };
        assert_eq!(Shared::from_text(&s.to_text()), Some(s.clone()));
        let plain = Shared { code: None, ..s.clone() };
        assert_eq!(Shared::from_text(&plain.to_text()), Some(plain));
        // A playground's link also holds the file and the lanes (none is a lanes line too).
        let played = Shared { file: Some("main.mjs".into()), lanes: Some("work,put".into()), ..s.clone() };
        assert_eq!(Shared::from_text(&played.to_text()), Some(played));
        let no_lanes = Shared { file: Some("main.ts".into()), lanes: Some(String::new()), ..s.clone() };
        assert_eq!(Shared::from_text(&no_lanes.to_text()), Some(no_lanes));
        // A file name that is not a plain name with a known extension is not taken from a link.
        for bad in ["../x.ts", "a.py", "x", ".ts", "a b.ts"] {
            let text = format!("inflight-run 1\nseed 1\nfile {bad}\n");
            assert_eq!(Shared::from_text(&text).and_then(|s| s.file), None, "{bad:?}");
        }
        assert_eq!(super::lane_names("work, put  get"), Some(vec!["work".into(), "put".into(), "get".into()]));
        assert_eq!(super::lane_names(""), Some(vec![]));
        for bad in ["1x", "a-b", "work;", "a.b"] {
            assert_eq!(super::lane_names(bad), None, "{bad:?}");
        }
        for bad in ["", "inflight-run 2\nseed 1\n", "seed 1\n", "inflight-run 1\nseed x\n", "inflight-run 1\nstep -1\n"] {
            assert_eq!(Shared::from_text(bad), None, "{bad:?}");
        }
    }
}
