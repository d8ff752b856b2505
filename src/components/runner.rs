//! A runner: a lesson's program, run in the reader's browser on the interpreter, and watched
//! step by step. The code the page shows is the code that runs.
//!
//! The interpreter runs in a Web Worker (`worker/runner.js`, the engine compiled to wasm), so a
//! program never blocks the page, and Stop ends it at once by ending the worker. The worker
//! sends back the whole recording (`inflight_engine::js::view::Report`); playback then walks its
//! steps, forwards and backwards, and every view shows the state after the current step.
//!
//! The runner's markup is rendered here, on the server, in the state it has before a run; the
//! island around it (`RunnerControl`) only attaches `runner_control`, which updates that markup
//! directly. As `view!` templates with reactive bindings the same controls cost the page's wasm
//! 38 KiB gzip more (172.2 against
//! 134.4 KiB, measured by the build's size report when this was changed).
//!
//! Search indexes a runner's title, file name and program: the program is the lesson's own
//! text, and where it names the APIs it is about. The controls and the output panes, the same
//! words on every runner, are left out (`data-pagefind-ignore`).

use leptos::prelude::*;

use inflight_course::Lang;

use super::code::CodeView;
use super::runner_views as views;

/// A knob as the controller receives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KnobData {
    pub name: String,
    pub label: String,
    pub min: i64,
    pub max: i64,
    pub value: i64,
}

/// A runner as the controller receives it: written into the page by the prerender
/// (`data-runner-data`, see [`RunnerData::to_text`]).
#[derive(Clone, Debug, PartialEq, Eq)]
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
    /// Each is `Choice::to_fields`.
    pub choices: Vec<Vec<String>>,
}

/// Writes `text` as `<length in bytes>:<text>`.
fn field(out: &mut String, text: &str) {
    out.push_str(&text.len().to_string());
    out.push(':');
    out.push_str(text);
}

/// Reads the fields [`field`] wrote, one at a time.
struct Fields<'a>(&'a str);

impl<'a> Fields<'a> {
    fn next(&mut self) -> Option<&'a str> {
        let (len, rest) = self.0.split_once(':')?;
        let len: usize = len.parse().ok()?;
        let text = rest.get(..len)?;
        self.0 = &rest[len..];
        Some(text)
    }

    fn number<T: std::str::FromStr>(&mut self) -> Option<T> {
        self.next()?.parse().ok()
    }
}

impl RunnerData {
    /// The runner as one attribute's text: every field as `<length>:<text>`, lists with their
    /// count first. A serde deserializer for island props cost the page's wasm about 9 KiB gzip
    /// (measured), for what these few lines do.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for f in [&self.id, &self.title, &self.file, &self.code, &self.lanes.join(","), &self.seed.to_string(), &u8::from(self.predict).to_string(), &self.knobs.len().to_string()] {
            field(&mut out, f);
        }
        for k in &self.knobs {
            for f in [&k.name, &k.label, &k.min.to_string(), &k.max.to_string(), &k.value.to_string()] {
                field(&mut out, f);
            }
        }
        field(&mut out, &self.choices.len().to_string());
        for c in &self.choices {
            field(&mut out, &c.len().to_string());
            for f in c {
                field(&mut out, f);
            }
        }
        out
    }

    /// Reads what [`RunnerData::to_text`] wrote (`None` for anything else).
    pub fn from_text(text: &str) -> Option<RunnerData> {
        let mut f = Fields(text);
        let (id, title, file, code) = (f.next()?.to_string(), f.next()?.to_string(), f.next()?.to_string(), f.next()?.to_string());
        let lanes = f.next()?;
        let lanes = if lanes.is_empty() { Vec::new() } else { lanes.split(',').map(str::to_string).collect() };
        let (seed, predict, count): (u32, u8, usize) = (f.number()?, f.number()?, f.number()?);
        let mut knobs = Vec::new();
        for _ in 0..count {
            knobs.push(KnobData { name: f.next()?.to_string(), label: f.next()?.to_string(), min: f.number()?, max: f.number()?, value: f.number()? });
        }
        let mut choices = Vec::new();
        for _ in 0..f.number::<usize>()? {
            let n: usize = f.number()?;
            let mut c = Vec::new();
            for _ in 0..n {
                c.push(f.next()?.to_string());
            }
            choices.push(c);
        }
        f.0.is_empty().then_some(RunnerData { id, title, file, code, lanes, knobs, seed, predict: predict == 1, choices })
    }
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
    pub fn name(self) -> &'static str {
        match self {
            Phase::Idle => "idle",
            Phase::Running => "running",
            Phase::Ready => "ready",
        }
    }
}


/// A playback button's picture: one SVG path on a 24-unit square, in the text colour.
fn icon(path: &'static str) -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false"><path d=path fill="currentColor"/></svg>
    }
}

/// The island: it renders nothing of its own and has no props (island props need a serde
/// deserializer in the wasm). Once the page has hydrated it has the controller attach every
/// runner not yet attached, each from its `data-runner-data`.
#[island]
fn RunnerControl(children: Children) -> impl IntoView {
    Effect::new(move |_| super::runner_control::attach_all());
    children()
}

/// A runner: the program's code view, its fields, and the empty output panes, as markup; the
/// island brings them to life. Every control a script changes carries `data-act` (or
/// `data-knob`), which is how the controller finds it.
///
/// The program is in the page once, as the code view's text (which is exactly the program; the
/// end-to-end tests check it): `data-runner-data` leaves the code out, and the controller reads
/// it from the view. Written twice, a lesson page carried 0.4 to 2.1 KB gzip more (measured).
#[component]
pub fn Runner(runner: RunnerData, lang: Lang) -> impl IntoView {
    let id = runner.id.clone();
    let playground = !runner.choices.is_empty();
    let knob_fields = runner
        .knobs
        .iter()
        .enumerate()
        .map(|(i, k)| {
            let input_id = format!("{id}-knob-{}", k.name);
            let hint_id = format!("{input_id}-hint");
            view! {
                <div class="field">
                    <label for=input_id.clone()>{k.label.clone()}</label>
                    <input id=input_id type="number" inputmode="numeric" min=k.min max=k.max step="1" value=k.value
                        aria-describedby=hint_id.clone() aria-invalid="false" data-knob=i.to_string()/>
                    <small id=hint_id class="hint">{format!("const {} in the code, {}–{}", k.name, k.min, k.max)}</small>
                </div>
            }
        })
        .collect_view();
    let playground_fields = playground.then(|| {
        let (from_id, kind_id, lanes_id) = (format!("{id}-from"), format!("{id}-kind"), format!("{id}-lanes"));
        // The options are markup: one view per option would only cost the prerender time.
        let choices: String = runner.choices.iter().enumerate().map(|(i, c)| format!("<option value=\"{i}\"{}>{}</option>", if i == 0 { " selected" } else { "" }, views::esc(c.first().map_or("", String::as_str)))).collect();
        let choices = format!("<option value=\"\" disabled>Your program</option>{choices}");
        let start_kind = runner.file.rsplit_once('.').map_or("", |(_, e)| e);
        let kinds: String = FILE_KINDS.iter().map(|(ext, label)| format!("<option value=\"{ext}\"{}>{label}</option>", if *ext == start_kind { " selected" } else { "" })).collect();
        view! {
            <div class="field field-wide">
                <label for=from_id.clone()>"Start from"</label>
                <select id=from_id inner_html=choices data-act="from"></select>
            </div>
            <div class="field field-kind">
                <label for=kind_id.clone()>"Run as"</label>
                <select id=kind_id inner_html=kinds data-act="kind"></select>
            </div>
            <div class="field">
                <label for=lanes_id.clone()>"Lanes"</label>
                <input id=lanes_id.clone() type="text" spellcheck="false" autocomplete="off" aria-describedby=format!("{lanes_id}-hint")
                    aria-invalid="false" value=runner.lanes.join(", ") data-act="lanes"/>
                <small id=format!("{lanes_id}-hint") class="hint">"Functions whose calls get a timeline lane, comma-separated"</small>
            </div>
        }
    });
    let seed_id = format!("{id}-seed");
    let title_id = format!("{id}-title");
    let labelled_by = title_id.clone();
    let (title, file, seed, predict) = (runner.title.clone(), runner.file.clone(), runner.seed, runner.predict);

    view! {
        <RunnerControl>
        <section class="runner" aria-labelledby=labelled_by data-runner=id data-runner-data=RunnerData { code: String::new(), ..runner.clone() }.to_text() data-state="idle" data-warm="false">
            <h3 id=title_id class="runner-title">
                <span class="runner-kicker" data-pagefind-ignore>"Run it"</span>
                {title}
            </h3>
            {predict.then(|| view! {
                <p class="predict">"Before you run it: write down the order you expect the lines in. Then run it and step through what happened."</p>
            })}
            <div class="runner-code">
                <div class="code-bar">
                    <p class="code-file">{file}</p>
                    <button type="button" class="edit" hidden data-act="edit" data-pagefind-ignore>"Edit the code"</button>
                    <button type="button" class="reset" hidden data-act="reset" data-pagefind-ignore>"Reset"</button>
                </div>
                <div class="code-host"><CodeView code=runner.code.clone() lang=lang/></div>
                <p class="edit-note" role="status"></p>
            </div>
            <p class="needs-js" data-pagefind-ignore>
                "This program runs in your browser, on the same interpreter as the rest of the course. Turn on JavaScript to run it."
            </p>
            <form class="params" novalidate>
                {playground_fields}
                {knob_fields}
                <div class="field field-seed">
                    <label for=seed_id.clone()>"Seed"</label>
                    <input id=seed_id type="number" inputmode="numeric" min="0" max="4294967295" step="1" value=seed
                        aria-invalid="false" data-act="seed"/>
                    <small class="hint">"Math.random() starts from it"</small>
                </div>
                <div class="actions">
                    <button type="submit" class="run" disabled>"Run"</button>
                    <button type="button" class="stop" hidden data-act="stop">"Stop"</button>
                </div>
            </form>
            <p class="run-error" role="alert"></p>
            <p class="run-status" role="status"></p>
            <p class="run-refusal" hidden></p>
            <div class="runner-output" hidden data-pagefind-ignore>
                <div class="playback" role="group" aria-label="Playback">
                    <button type="button" data-act="first" aria-label="First step" title="First step">{icon("M5 4h2v16H5zM19 4v16L8 12z")}</button>
                    <button type="button" data-act="back" aria-label="Step back" title="Step back">{icon("M17 4v16L6 12zM4 4h2v16H4z")}</button>
                    <button type="button" class="play" data-act="toggle" aria-label="Play">
                        <span class="pause-icon" hidden>{icon("M6 4h4v16H6zM14 4h4v16h-4z")}</span>
                        <span class="play-icon">{icon("M7 4v16l13-8z")}</span>
                    </button>
                    <button type="button" data-act="forward" aria-label="Step forward" title="Step forward">{icon("M7 4v16l11-8zM18 4h2v16h-2z")}</button>
                    <button type="button" data-act="last" aria-label="Last step" title="Last step">{icon("M5 4v16l11-8zM17 4h2v16h-2z")}</button>
                    <label class="speed">"Speed "
                        <select data-act="speed">
                            <option value="0.5">"0.5×"</option>
                            <option value="1" selected>"1×"</option>
                            <option value="2">"2×"</option>
                            <option value="4">"4×"</option>
                        </select>
                    </label>
                    <input type="range" class="scrub" min="0" max="0" value="0" aria-label="Step" data-act="scrub"/>
                    <span class="step-count"></span>
                </div>
                <div class="runner-panes">
                    <div class="pane console-pane">
                        <h4 class="pane-title">"Console"</h4>
                        <ol class="console" aria-label="Console output up to the current step" tabindex="0"></ol>
                    </div>
                    <div class="pane loop-pane">
                        <h4 class="pane-title">"Event loop"</h4>
                        <div class="loop-view"></div>
                    </div>
                </div>
                <figure class="pane lanes-pane" hidden></figure>
                <details class="pane events-pane">
                    <summary>"Every event, as a table (0)"</summary>
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
                            <tbody></tbody>
                        </table>
                    </div>
                </details>
                <p class="runner-extras">
                    <button type="button" class="download" data-act="share">"Copy a link to this run"</button>
                    " "
                    <button type="button" class="download" data-act="download">"Download the trace (Chrome trace JSON, opens in Perfetto)"</button>
                </p>
                <p class="share-note" role="status"></p>
            </div>
        </section>
        </RunnerControl>
    }
}

#[cfg(test)]
mod tests {
    use super::{RunnerData, Shared};

    /// Every runner of the course, and the playground with its menu, read back from the text the
    /// page carries exactly as they were; cut or padded text does not read.
    #[test]
    fn runner_data_reads_back_from_its_text() {
        let mut all: Vec<RunnerData> = crate::course::LESSONS
            .iter()
            .flat_map(|l| l.body.iter())
            .filter_map(|b| if let inflight_course::Block::Runner(r) = b { Some(RunnerData::from(r)) } else { None })
            .collect();
        assert!(all.iter().any(|r| !r.knobs.is_empty() && r.code.contains('\n')));
        let choices = super::super::playground::choices();
        all.push(RunnerData { id: "playground".into(), lanes: Vec::new(), choices: choices.iter().map(|c| c.to_fields()).collect(), ..all[0].clone() });
        all.push(RunnerData { title: "ünïcødé: 1:2 \u{1f600}".into(), code: String::new(), ..all[0].clone() });
        for r in &all {
            let text = r.to_text();
            assert_eq!(RunnerData::from_text(&text).as_ref(), Some(r));
            assert_eq!(RunnerData::from_text(&text[..text.len() - 1]), None);
            assert_eq!(RunnerData::from_text(&format!("{text}x")), None);
        }
        assert_eq!(RunnerData::from_text(""), None);
        assert_eq!(RunnerData::from_text("99:short"), None);
    }

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
