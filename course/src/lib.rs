//! The course's content model: what a lesson is once its markdown has been compiled.
//!
//! Lessons are written in `content/*.md` and compiled at build time (feature `compile`, used by
//! the app's build script) into static data of these types, so the browser never parses
//! markdown. Everything here is `&'static`: the compiled course is Rust source, baked into the
//! binary. Directive blocks (`runner`, `quiz`) are typed nodes, never HTML; raw HTML in a lesson
//! arrives here as plain text.

#[cfg(feature = "compile")]
pub mod compile;
#[cfg(feature = "highlight")]
pub mod highlight;

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
    /// Unique in its lesson: `run-<file stem>`, then `run-<stem>-2`, ... The prefix of its
    /// element ids, and the key its edits are saved under.
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

/// A multiple-choice question with exactly one right answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quiz {
    /// Stable while the question and its options are unchanged: editing a question changes its id.
    pub id: &'static str,
    pub question: &'static str,
    pub options: &'static [&'static str],
    pub answer: usize,
    pub explanation: &'static str,
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
