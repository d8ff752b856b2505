//! The course's content model: what a lesson is once its markdown has been compiled.
//!
//! Lessons are written in `content/*.md` and compiled at build time (feature `compile`, used by
//! the app's build script) into static data of these types, so the browser never parses
//! markdown. Everything here is `&'static`: the compiled course is Rust source, baked into the
//! binary. Directive blocks (`runner`, `quiz`, `simulation`, `diagram`) are typed nodes, never HTML; raw HTML in a lesson
//! arrives here as plain text.

#[cfg(feature = "compile")]
pub mod compile;
#[cfg(feature = "highlight")]
pub mod highlight;
#[cfg(feature = "compile")]
pub mod svg;

/// The languages code is highlighted in (by `highlight`, feature `highlight`). TypeScript adds
/// its keywords and type names to JavaScript.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    TypeScript,
    JavaScript,
}

impl Lang {
    /// The language a fenced code block names, if the highlighter knows it.
    pub fn from_fence(name: &str) -> Option<Lang> {
        match name {
            "ts" | "typescript" | "mts" | "cts" => Some(Lang::TypeScript),
            "js" | "javascript" | "mjs" | "cjs" => Some(Lang::JavaScript),
            _ => None,
        }
    }

    /// The short name pages use (`data-lang`): `ts` or `js`.
    pub fn short(self) -> &'static str {
        match self {
            Lang::TypeScript => "ts",
            Lang::JavaScript => "js",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lesson {
    pub slug: &'static str,
    pub title: &'static str,
    pub summary: &'static str,
    pub level: Level,
    pub minutes: u32,
    pub order: u32,
    /// Slugs of related lessons; each one exists (checked at build time).
    pub related: &'static [&'static str],
    /// The `##` and `###` headings, in order.
    pub toc: &'static [TocEntry],
    pub body: &'static [Block],
    /// The file the lesson came from, for messages.
    pub source: &'static str,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Junior,
    Middle,
    Senior,
}

impl Level {
    pub fn name(self) -> &'static str {
        match self {
            Level::Junior => "junior",
            Level::Middle => "middle",
            Level::Senior => "senior",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TocEntry {
    pub level: u8,
    pub id: &'static str,
    pub text: &'static str,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Block {
    Heading { level: u8, id: &'static str, content: &'static [Inline] },
    Paragraph(&'static [Inline]),
    Code { lang: &'static str, code: &'static str },
    List { start: Option<u64>, items: &'static [&'static [Block]] },
    Quote(&'static [Block]),
    Callout { kind: CalloutKind, body: &'static [Block] },
    Table { align: &'static [Align], head: &'static [&'static [Inline]], rows: &'static [&'static [&'static [Inline]]] },
    Rule,
    Runner(Runner),
    Quiz(Quiz),
    Simulation(Simulation),
    Diagram(Diagram),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Inline {
    Text(&'static str),
    Code(&'static str),
    Emphasis(&'static [Inline]),
    Strong(&'static [Inline]),
    Strike(&'static [Inline]),
    /// `href` is either an external URL or a site path such as `/lessons/backpressure/`, which the
    /// app prefixes with the site's base path.
    Link { href: &'static str, content: &'static [Inline] },
    LineBreak,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CalloutKind {
    Note,
    Tip,
    Important,
    Warning,
    Caution,
}

impl CalloutKind {
    pub fn name(self) -> &'static str {
        match self {
            CalloutKind::Note => "note",
            CalloutKind::Tip => "tip",
            CalloutKind::Important => "important",
            CalloutKind::Warning => "warning",
            CalloutKind::Caution => "caution",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CalloutKind::Note => "Note",
            CalloutKind::Tip => "Tip",
            CalloutKind::Important => "Important",
            CalloutKind::Warning => "Warning",
            CalloutKind::Caution => "Caution",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    None,
    Left,
    Center,
    Right,
}

/// A program the reader can run, edit and watch: the code is what runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Runner {
    /// Unique in its lesson: `run-<file stem>`, then `run-<stem>-2`, ...; a predict question's
    /// program is `quiz-<question id>-run`. The prefix of its element ids, and the key its edits
    /// are saved under.
    pub id: &'static str,
    pub title: &'static str,
    /// The name it runs under, which fixes the language and the module kind as Node's file
    /// extensions do: `.ts`, `.mts`, `.js`, `.mjs`, `.cts`, `.cjs`.
    pub file: &'static str,
    pub code: &'static str,
    /// Functions whose calls become timeline lanes.
    pub lanes: &'static [&'static str],
    pub knobs: &'static [Knob],
    /// `Math.random()`'s starting seed.
    pub seed: u32,
    /// Ask the reader to predict the output before running it.
    pub predict: bool,
    /// How the tests run it in Node: on fake timers with the seeded random (`Virtual`), or
    /// as it is (`Node`: a program whose order depends on libuv's phases).
    pub oracle: Oracle,
}

/// A model run at scale with two settings side by side (`inflight-sims` draws it): the values
/// are the model's parameters in its order, checked against its bounds at build time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Simulation {
    /// `sim-<model>`, then `sim-<model>-2`, ...: the prefix of its element ids.
    pub id: &'static str,
    /// The model's name in `inflight_sims::Model`: `migration`, `writable`, ...
    pub model: &'static str,
    pub title: &'static str,
    pub a: &'static [i64],
    pub b: &'static [i64],
    pub seed: u32,
}

/// A picture drawn by hand: a ```` ```diagram file=NAME.svg ```` block, whose body is the
/// caption. The SVG comes from `content/diagrams/` and was checked and rewritten at build time
/// (see `svg`, feature `compile`): it holds only drawing elements, no script, event handler or
/// reference outside itself, its ids start with `id`, and its root has `role="img"` and an
/// `aria-label` of `label`. Its colours come from classes the site's stylesheet themes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Diagram {
    /// `diagram-<file stem>`, then `diagram-<stem>-2`, ...: the figure's id, and the prefix of
    /// every id inside the SVG.
    pub id: &'static str,
    /// The file's name in `content/diagrams/`.
    pub file: &'static str,
    /// The markup the page inserts as it is.
    pub svg: &'static str,
    /// The text alternative: what the picture shows, for a reader who cannot see it.
    pub label: &'static str,
    pub caption: &'static [Inline],
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Oracle {
    Virtual,
    Node,
}

/// A constant of the code bound to a form field: `const NAME = 3;` at the start of a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Knob {
    pub name: &'static str,
    pub label: &'static str,
    pub min: i64,
    pub max: i64,
    /// The value in the lesson's code.
    pub value: i64,
}

/// Where `const NAME = <integer>` is in `code`: the byte range of the integer. The first line
/// that declares `NAME` counts; `None` if that line does not give it a plain integer.
fn knob_literal(code: &str, name: &str) -> Option<std::ops::Range<usize>> {
    let mut offset = 0;
    for line in code.split_inclusive('\n') {
        let line_start = offset;
        offset += line.len();
        let Some(rest) = line.trim_start().strip_prefix("const") else { continue };
        if !rest.starts_with(char::is_whitespace) {
            continue;
        }
        let Some(rest) = rest.trim_start().strip_prefix(name) else { continue };
        if rest.starts_with(|c: char| c.is_alphanumeric() || c == '_' || c == '$') {
            continue; // a longer name
        }
        let value = rest.trim_start().strip_prefix('=')?.trim_start();
        let at = line_start + line.len() - value.len();
        let len = value.bytes().enumerate().take_while(|&(i, b)| b.is_ascii_digit() || (i == 0 && b == b'-')).count();
        return (len > 0 && &value[..len] != "-").then_some(at..at + len);
    }
    None
}

/// The value of the knob `name` in `code`, if the code still declares it.
pub fn knob_value(code: &str, name: &str) -> Option<i64> {
    let r = knob_literal(code, name)?;
    code[r].parse().ok()
}

/// `code` with the knob `name` set to `value`, or `None` when the code no longer declares it.
pub fn with_knob(code: &str, name: &str, value: i64) -> Option<String> {
    let r = knob_literal(code, name)?;
    Some(format!("{}{value}{}", &code[..r.start], &code[r.end..]))
}

/// A question of a lesson's "check yourself" part: a ```` ```quiz ```` block.
///
/// Text fields (the question, options, hints, explanations, model answers) are plain strings as
/// the author wrote them: a part between single backticks (`` `write()` ``) is code, which
/// [`code_spans`] splits out for the page. Nothing in them is markdown or HTML.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quiz {
    /// Written by the author on the info string (`id=checkpoint-order`), unique across the
    /// course (checked at build time), and kept when the question is edited: what a reader's
    /// saved answer is stored under. The page's element ids start with `quiz-<id>`.
    pub id: &'static str,
    /// 16 hex digits, a hash of everything that defines the question and its answer (see
    /// [`Quiz::fingerprint_of`]): a saved answer whose fingerprint differs belongs to an older
    /// version of the question. Hints and explanations are not part of it.
    pub fingerprint: &'static str,
    pub question: &'static str,
    /// Shown on request, before the answer is revealed.
    pub hint: Option<&'static str>,
    /// Why the answer is right, shown after the reader answers. Required for every kind but a
    /// review prompt, whose revealed text is its model answer.
    pub explanation: Option<&'static str>,
    pub kind: QuizKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuizKind {
    /// Pick one option: exactly one is right.
    Single(&'static [QuizOption]),
    /// Pick every right option: one or more are right.
    Multiple(&'static [QuizOption]),
    /// Put in order, or type, the lines a program prints.
    Predict(Predict),
    /// Type a number or a word; see [`short_answer_matches`].
    Short(ShortAnswer),
    /// Write an answer, then compare it with the model answer and rate it yourself.
    Review(Review),
}

impl QuizKind {
    /// The kind's name as the info string writes it (`single` for a plain ```` ```quiz ````).
    pub fn name(&self) -> &'static str {
        match self {
            QuizKind::Single(_) => "single",
            QuizKind::Multiple(_) => "multiple",
            QuizKind::Predict(_) => "predict",
            QuizKind::Short(_) => "short",
            QuizKind::Review(_) => "review",
        }
    }
}

/// An option of a single-choice or multiple-select question, in the order the author wrote
/// them (the page may shuffle them for each reader).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QuizOption {
    pub text: &'static str,
    pub right: bool,
    /// Why this option is right or wrong, shown after the reader answers.
    pub explanation: Option<&'static str>,
}

/// A predict-the-output question. The answer is what the interpreter printed when the build
/// ran the program; the tests check it against Node 20.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Predict {
    /// The program, as a runner shows it once the reader has answered: its file name, code,
    /// seed and lanes. It has no knobs, and its `predict` is false (the question is the
    /// prediction).
    pub program: Runner,
    pub input: PredictInput,
    /// The lines the program prints on stdout, in order: the answer key.
    pub answer: &'static [&'static str],
    /// The exit status the program ends with: 0, or 1 for a question about an uncaught error.
    pub exit_code: i32,
}

/// How the reader gives a prediction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PredictInput {
    /// The printed lines are shown shuffled; the reader puts them in order.
    Arrange,
    /// The reader types the lines.
    Type,
}

impl PredictInput {
    pub fn name(self) -> &'static str {
        match self {
            PredictInput::Arrange => "arrange",
            PredictInput::Type => "type",
        }
    }
}

/// A short-answer question's key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ShortAnswer {
    /// The accepted answers; the first is the one shown as the answer. None is empty, and no two
    /// are the same once normalised.
    pub accepted: &'static [&'static str],
}

/// An open review prompt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Review {
    /// Revealed once the reader has written an answer. Paragraphs are separated by a blank line
    /// (`"\n\n"`).
    pub model_answer: &'static str,
}

impl Quiz {
    /// The fingerprint of a question: FNV-1a (64 bits) over its kind, its question and what
    /// decides the answer (the options' texts and which are right; the program's file, code,
    /// seed and oracle, the input mode, the answer lines and exit status; the accepted answers;
    /// the model answer), each field length-prefixed so no two different questions run together
    /// into the same bytes.
    pub fn fingerprint_of(question: &str, kind: &QuizKind) -> String {
        let mut fields: Vec<String> = vec![kind.name().into(), question.into()];
        match kind {
            QuizKind::Single(options) | QuizKind::Multiple(options) => {
                for o in options.iter() {
                    fields.push(o.text.into());
                    fields.push(if o.right { "right" } else { "wrong" }.into());
                }
            }
            QuizKind::Predict(p) => {
                let oracle = match p.program.oracle {
                    Oracle::Virtual => "virtual",
                    Oracle::Node => "node",
                };
                fields.extend([p.program.file.into(), p.program.code.into(), p.program.seed.to_string(), oracle.into()]);
                fields.extend([p.input.name().into(), p.exit_code.to_string()]);
                fields.extend(p.answer.iter().map(|l| l.to_string()));
            }
            QuizKind::Short(s) => fields.extend(s.accepted.iter().map(|a| a.to_string())),
            QuizKind::Review(r) => fields.push(r.model_answer.into()),
        }
        let mut hash = 0xcbf2_9ce4_8422_2325u64;
        for field in &fields {
            for b in (field.len() as u64).to_le_bytes().iter().chain(field.as_bytes()) {
                hash = (hash ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3);
            }
        }
        format!("{hash:016x}")
    }
}

/// A quiz text split into plain parts and code parts: the code parts are what stood between
/// single backticks, without them. `"Call `write()` again"` is `[("Call ", false), ("write()",
/// true), (" again", false)]`. An unclosed backtick is kept as text (the build refuses one).
pub fn code_spans(text: &str) -> Vec<(&str, bool)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('`') {
        let Some(len) = rest[open + 1..].find('`') else { break };
        if open > 0 {
            out.push((&rest[..open], false));
        }
        out.push((&rest[open + 1..open + 1 + len], true));
        rest = &rest[open + 2 + len..];
    }
    if !rest.is_empty() {
        out.push((rest, false));
    }
    out
}

/// Whether a reader's short answer matches one of the accepted answers. Both sides are
/// normalised the same way ([`normalize_short_answer`]): surrounding whitespace is dropped,
/// every run of whitespace inside becomes one space, and letters are compared without case.
/// When both are numbers ([`parse_number`]) they are compared as numbers instead, so `16384`,
/// `16,384`, `16_384`, `16384.0` and `1.6384e4` are all the same answer. An empty answer
/// matches nothing.
pub fn short_answer_matches<S: AsRef<str>>(given: &str, accepted: &[S]) -> bool {
    short_answer_matches_with(given, accepted, str::to_lowercase, |plain| plain.parse().ok())
}

/// [`short_answer_matches`], with the two steps that are large in WebAssembly given by the
/// caller: `lower` maps a text to lowercase (Rust's Unicode tables), `to_f64` reads a plain
/// decimal number (`-16384.5e-3`, as [`plain_number`] writes it; Rust's float parser). The page
/// passes the browser's own, which give the same results.
pub fn short_answer_matches_with<S: AsRef<str>>(given: &str, accepted: &[S], lower: impl Fn(&str) -> String, to_f64: impl Fn(&str) -> Option<f64>) -> bool {
    let normalize = |text: &str| lower(&text.split_whitespace().collect::<Vec<_>>().join(" "));
    let number = |text: &str| plain_number(text).and_then(|p| to_f64(&p));
    let given_text = normalize(given);
    if given_text.is_empty() {
        return false;
    }
    let given_number = number(&given_text);
    accepted.iter().any(|a| {
        let a = normalize(a.as_ref());
        match (given_number, number(&a)) {
            (Some(x), Some(y)) => x == y,
            _ => a == given_text,
        }
    })
}

/// A short answer as it is compared: trimmed, whitespace runs collapsed to one space, lowercase.
pub fn normalize_short_answer(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// A short answer read as a number, if it is one: an optional sign, digits (grouped by `,`
/// in threes, `16,384`, or by `_`, `16_384`), an optional fraction (`.5`, `2.`), an optional
/// exponent (`e4`, `E-3`). Nothing else: no `inf` or `NaN`, no hex, units or inner spaces.
pub fn parse_number(text: &str) -> Option<f64> {
    plain_number(text)?.parse().ok()
}

/// What [`parse_number`] reads, as a plain decimal (signs, digits, `.`, `e`): `16,384` is
/// `16384`. `None` when it is not a number.
pub fn plain_number(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let mut i = 0;
    let mut plain = String::new();
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        plain.push(b[i] as char);
        i += 1;
    }
    let mut digits = 0;
    while i < b.len() {
        match b[i] {
            c if c.is_ascii_digit() => {
                plain.push(c as char);
                digits += 1;
            }
            // `_` stands between two digits; `,` before a group of exactly three (so `1,5` is
            // not a number: it would read as 15).
            b'_' if digits > 0 && b.get(i + 1).is_some_and(u8::is_ascii_digit) => {}
            b',' if digits > 0 && b.len() >= i + 4 && b[i + 1..i + 4].iter().all(u8::is_ascii_digit) && !b.get(i + 4).is_some_and(u8::is_ascii_digit) => {}
            _ => break,
        }
        i += 1;
    }
    if i < b.len() && b[i] == b'.' {
        plain.push('.');
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            plain.push(b[i] as char);
            digits += 1;
            i += 1;
        }
    }
    if digits == 0 {
        return None;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        plain.push('e');
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            plain.push(b[i] as char);
            i += 1;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            plain.push(b[i] as char);
            i += 1;
        }
        if i == start {
            return None;
        }
    }
    if i != b.len() {
        return None;
    }
    Some(plain)
}

/// Helpers over the whole course, shared by the app and the tests.
pub trait Course {
    fn lesson(&self, slug: &str) -> Option<&Lesson>;
    fn neighbours(&self, slug: &str) -> (Option<&Lesson>, Option<&Lesson>);
}

impl Course for [Lesson] {
    fn lesson(&self, slug: &str) -> Option<&Lesson> {
        self.iter().find(|l| l.slug == slug)
    }

    /// The lessons before and after this one in course order (lessons are stored in order).
    fn neighbours(&self, slug: &str) -> (Option<&Lesson>, Option<&Lesson>) {
        match self.iter().position(|l| l.slug == slug) {
            Some(i) => (i.checked_sub(1).map(|p| &self[p]), self.get(i + 1)),
            None => (None, None),
        }
    }
}
