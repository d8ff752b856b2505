//! The document as text: saving, loading whatever is stored, export and import, and the
//! migration of the runner's older keys.
//!
//! The document's shape and the rules of loading are in the crate docs.

use crate::json::{self, Json};
use crate::map::Map;
use crate::{
    EditRecord, LessonRecord, Millis, Progress, QuestionRecord, Rating, Response, Review, RunRecord, Visit, BOX_DAYS, MAX_TIME, VERSION,
};

/// The `"format"` field of an export file.
pub const EXPORT_FORMAT: &str = "inflight-progress-export";

/// The prefix of the runner's own keys before this crate: `inflight-edit:<page path>#<runner id>`.
pub const LEGACY_EDIT_PREFIX: &str = "inflight-edit:";

/// The header of a legacy edit's value, which goes on with the fingerprint, a newline, the code.
const LEGACY_EDIT_HEADER: &str = "inflight-edit 1\n";

/// How many dropped records a notice names before it only counts.
const NAMED_PROBLEMS: usize = 3;

/// What [`load`] made of the stored text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    /// Nothing was stored.
    Empty,
    /// The whole document was read.
    Read,
    /// Some records could not be read and were left out; the rest was read.
    Repaired,
    /// Nothing could be read: not JSON, not a progress document, or an unknown older version.
    Unreadable,
    /// Written by a newer version of the site: set aside, and this page must not overwrite it.
    Newer(u64),
}

/// The progress read from storage, and what to tell the reader.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Loaded {
    pub progress: Progress,
    pub status: Status,
    /// The stored text, when something in it was not taken: the site copies it under
    /// [`set_aside_key`] so that nothing vanishes.
    pub set_aside: Option<String>,
    /// A sentence for the reader when something was set aside.
    pub notice: Option<String>,
}

/// Where to copy stored text that could not be read (`inflight-progress-set-aside-<now>`).
pub fn set_aside_key(now: Millis) -> String {
    format!("{}-set-aside-{now}", crate::KEY)
}

impl Progress {
    /// The document to store under [`crate::KEY`].
    pub fn save(&self) -> String {
        self.document(None).to_text(false)
    }

    /// The document as JSON, its fields in the documented order; an export's two fields first.
    fn document(&self, exported_at: Option<Millis>) -> Json {
        let mut fields = Vec::new();
        if let Some(at) = exported_at {
            fields.push(("format", Json::String(EXPORT_FORMAT.to_string())));
            fields.push(("version", number(VERSION)));
            fields.push(("exported_at", number(at)));
        } else {
            fields.push(("version", number(VERSION)));
        }
        fields.push(("reset_at", number(self.reset_at)));
        fields.push(("questions", map(&self.questions, QuestionRecord::to_json)));
        fields.push(("lessons", map(&self.lessons, LessonRecord::to_json)));
        fields.push(("runs", map(&self.runs, RunRecord::to_json)));
        fields.push(("edits", map(&self.edits, EditRecord::to_json)));
        if let Some(visit) = &self.last_visit {
            fields.push(("last_visit", object([("lesson", Json::String(visit.lesson.clone())), ("at", number(visit.at))])));
        }
        object(fields)
    }
}

fn number(n: impl std::fmt::Display) -> Json {
    Json::Number(n.to_string())
}

/// An object to write, its members in the order given (an object read from text is sorted).
fn object<'a>(fields: impl IntoIterator<Item = (&'a str, Json)>) -> Json {
    Json::Object(fields.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

fn map<T>(records: &Map<T>, to_json: fn(&T) -> Json) -> Json {
    Json::Object(records.iter().map(|(k, r)| (k.clone(), to_json(r))).collect())
}

/// Optional fields are left out when they have no value.
fn some<'a>(name: &'a str, value: Option<Json>) -> Option<(&'a str, Json)> {
    value.map(|v| (name, v))
}

impl Rating {
    fn name(self) -> &'static str {
        match self {
            Rating::GotIt => "got_it",
            Rating::Partly => "partly",
            Rating::Missed => "missed",
        }
    }
}

impl Response {
    fn to_json(&self) -> Json {
        let strings = |lines: &[String]| Json::Array(lines.iter().cloned().map(Json::String).collect());
        let (kind, name, value) = match self {
            Response::Choice { option } => ("choice", "option", number(option)),
            Response::Choices { options } => ("choices", "options", Json::Array(options.iter().map(number).collect())),
            Response::Predict { lines } => ("predict", "lines", strings(lines)),
            Response::Short { text } => ("short", "text", Json::String(text.clone())),
            Response::Open { text } => ("open", "text", Json::String(text.clone())),
        };
        object([("kind", Json::String(kind.to_string())), (name, value)])
    }
}

impl QuestionRecord {
    fn to_json(&self) -> Json {
        let rating = |r: Option<Rating>| r.map(|r| Json::String(r.name().to_string()));
        let review = self.review.map(|r| object([("box", number(r.level)), ("due", number(r.due))]));
        let fields = [
            Some(("fingerprint", Json::String(self.fingerprint.clone()))),
            Some(("response", self.response.to_json())),
            some("first", rating(self.first)),
            Some(("first_at", number(self.first_at))),
            some("last", rating(self.last)),
            Some(("last_at", number(self.last_at))),
            Some(("tries", number(self.tries))),
            some("review", review),
        ];
        object(fields.into_iter().flatten())
    }
}

impl LessonRecord {
    fn to_json(&self) -> Json {
        object([some("read", self.read.map(number)), some("done", self.done.map(number))].into_iter().flatten())
    }
}

impl RunRecord {
    fn to_json(&self) -> Json {
        object([("count", number(self.count)), ("last", number(self.last))])
    }
}

impl EditRecord {
    fn to_json(&self) -> Json {
        let code = self.code.clone().map_or(Json::Null, Json::String);
        object([("base", Json::String(self.base.clone())), ("code", code), ("at", number(self.at))])
    }
}

/// Reads the text stored under [`crate::KEY`] (`None` when there is none). Never fails: see
/// the module docs for what is set aside.
pub fn load(stored: Option<&str>) -> Loaded {
    let Some(text) = stored else {
        return Loaded { progress: Progress::new(), status: Status::Empty, set_aside: None, notice: None };
    };
    let set_aside = |status, notice: String| Loaded {
        progress: Progress::new(),
        status,
        set_aside: Some(text.to_string()),
        notice: Some(notice),
    };
    let unreadable = |why: &str| {
        let notice = format!("Your saved progress could not be read ({why}), so it was set aside and you start afresh.");
        set_aside(Status::Unreadable, notice)
    };
    let doc = match json::parse(text) {
        Ok(doc @ Json::Object(_)) => doc,
        Ok(_) => return unreadable("it is not a progress document"),
        Err(e) => return unreadable(&format!("it is not valid JSON: {}", short(&e))),
    };
    match doc.get("version").map(version) {
        None | Some(None) => unreadable("it has no version number"),
        Some(Some(VERSION)) => match read_v1(&doc) {
            (progress, problems) if problems.is_empty() => Loaded { progress, status: Status::Read, set_aside: None, notice: None },
            (progress, problems) => Loaded {
                progress,
                status: Status::Repaired,
                set_aside: Some(text.to_string()),
                notice: Some(format!("Part of your saved progress could not be read and was set aside: {}.", describe(&problems))),
            },
        },
        Some(Some(newer)) if newer > VERSION => set_aside(
            Status::Newer(newer),
            format!(
                "Your progress was saved by a newer version of this site (format {newer}). It was set aside untouched: reload the page to get the latest version."
            ),
        ),
        Some(Some(older)) => unreadable(&format!("its format {older} is not one this site knows")),
    }
}

/// Why an import file was not taken.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportError {
    /// Valid JSON, but not an inflight export.
    NotInflight,
    /// Exported by a newer version of the site.
    Newer(u64),
    /// Not JSON, no known version, or records that do not read (what went wrong).
    Corrupt(String),
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImportError::NotInflight => write!(f, "This file is not a progress export from this site."),
            ImportError::Newer(v) => write!(
                f,
                "This file comes from a newer version of this site (format {v}; this page reads format {VERSION}). Reload the page and import it again."
            ),
            ImportError::Corrupt(why) => write!(f, "This file is damaged, so nothing was imported: {why}."),
        }
    }
}

impl std::error::Error for ImportError {}

/// The progress as an export file, made at `now`.
pub fn export(progress: &Progress, now: Millis) -> String {
    progress.document(Some(now)).to_text(true)
}

/// Reads an export file. Unlike [`load`] it takes all or nothing: the reader chose this file,
/// and is told what is wrong with it. Take the result in with [`Progress::merge_imported`] or
/// [`Progress::replace_with_imported`].
pub fn import(text: &str) -> Result<Progress, ImportError> {
    let doc = match json::parse(text) {
        Ok(doc) if doc.get("format").and_then(Json::str) == Some(EXPORT_FORMAT) => doc,
        Ok(_) => return Err(ImportError::NotInflight),
        Err(e) => return Err(ImportError::Corrupt(format!("it is not valid JSON ({})", short(&e)))),
    };
    match doc.get("version").and_then(version) {
        Some(VERSION) => match read_v1(&doc) {
            (progress, problems) if problems.is_empty() => Ok(progress),
            (_, problems) => Err(ImportError::Corrupt(describe(&problems))),
        },
        Some(newer) if newer > VERSION => Err(ImportError::Newer(newer)),
        _ => Err(ImportError::Corrupt("it has no version this site knows".to_string())),
    }
}

/// A document's version: a whole number from 0.
fn version(v: &Json) -> Option<u64> {
    v.integer().and_then(|n| u64::try_from(n).ok())
}

/// Reads a version 1 document, leaving out what does not read; returns what was left out.
fn read_v1(doc: &Json) -> (Progress, Vec<String>) {
    let mut problems = Vec::new();
    let reset_at = single(doc, "reset_at", time, &mut problems).unwrap_or(0);
    let questions = section(doc, "questions", "question", QuestionRecord::read, &mut problems);
    let lessons = section(doc, "lessons", "lesson", LessonRecord::read, &mut problems);
    let runs = section(doc, "runs", "runner", RunRecord::read, &mut problems);
    let edits = section(doc, "edits", "edit", EditRecord::read, &mut problems);
    let visit = |v: &Json| Ok(Visit { lesson: Record(v).string("lesson")?, at: Record(v).time("at")? });
    let last_visit = single(doc, "last_visit", visit, &mut problems);
    (Progress { reset_at, questions, lessons, runs, edits, last_visit }, problems)
}

/// A single value of the document; missing or `null` is `None`.
fn single<T>(doc: &Json, name: &str, read: impl Fn(&Json) -> Result<T, String>, problems: &mut Vec<String>) -> Option<T> {
    let value = doc.get(name).filter(|v| **v != Json::Null)?;
    read(value).map_err(|why| problems.push(format!("the {} ({why})", name.replace('_', " ")))).ok()
}

/// A map of records; a record that does not read is left out, and reported.
fn section<T>(doc: &Json, name: &str, one: &str, read: fn(Record) -> Result<T, String>, problems: &mut Vec<String>) -> Map<T> {
    let mut out = Map::new();
    match doc.get(name) {
        None | Some(Json::Null) => {}
        Some(Json::Object(records)) => {
            for (key, value) in records {
                match read(Record(value)) {
                    Ok(record) => out.insert(key.clone(), record),
                    Err(why) => problems.push(format!("{one} \u{201c}{}\u{201d} ({why})", short(key))),
                }
            }
        }
        Some(_) => problems.push(format!("the {name} (not an object)")),
    }
    out
}

/// Out of range, whatever the field: a count below one, a time outside a `Date`'s, a box
/// other than 1 to 4.
const OUT_OF_RANGE: &str = "a number out of range";

/// A whole number in `range`.
fn whole<T: TryFrom<i128>>(v: &Json, range: std::ops::RangeInclusive<i128>) -> Result<T, String> {
    let n = v.integer().ok_or("not a whole number")?;
    range.contains(&n).then(|| T::try_from(n).ok()).flatten().ok_or_else(|| OUT_OF_RANGE.to_string())
}

fn time(v: &Json) -> Result<Millis, String> {
    whole(v, 0..=i128::from(MAX_TIME))
}

fn string(v: &Json) -> Result<String, String> {
    v.str().map(str::to_string).ok_or_else(|| "not a string".to_string())
}

/// One record of the document: an object whose fields are read by name. Unknown fields are
/// ignored; a missing or `null` optional field is `None`.
#[derive(Clone, Copy)]
struct Record<'a>(&'a Json);

impl<'a> Record<'a> {
    fn object(self) -> Result<(), String> {
        match self.0 {
            Json::Object(_) => Ok(()),
            _ => Err("not an object".to_string()),
        }
    }

    /// A field that must be there.
    fn read<T>(self, name: &str, read: impl Fn(&Json) -> Result<T, String>) -> Result<T, String> {
        self.maybe(name, read)?.ok_or_else(|| format!("no {name}"))
    }

    /// A field that may be left out (or `null`).
    fn maybe<T>(self, name: &str, read: impl Fn(&Json) -> Result<T, String>) -> Result<Option<T>, String> {
        self.object()?;
        let value = self.0.get(name).filter(|v| **v != Json::Null);
        value.map(|v| read(v).map_err(|why| if why == OUT_OF_RANGE { why } else { format!("{name}: {why}") })).transpose()
    }

    fn time(self, name: &str) -> Result<Millis, String> {
        self.read(name, time)
    }

    fn string(self, name: &str) -> Result<String, String> {
        self.read(name, string)
    }

    fn count(self, name: &str) -> Result<u32, String> {
        self.read(name, |v| whole(v, 1..=i128::from(u32::MAX)))
    }
}

fn list<T>(v: &Json, item: impl Fn(&Json) -> Result<T, String>) -> Result<Vec<T>, String> {
    match v {
        Json::Array(items) => items.iter().map(item).collect(),
        _ => Err("not a list".to_string()),
    }
}

fn rating(v: &Json) -> Result<Rating, String> {
    match v.str() {
        Some("got_it") => Ok(Rating::GotIt),
        Some("partly") => Ok(Rating::Partly),
        Some("missed") => Ok(Rating::Missed),
        _ => Err("not got_it, partly or missed".to_string()),
    }
}

fn response(v: &Json) -> Result<Response, String> {
    let r = Record(v);
    let index = |v: &Json| whole::<u32>(v, 0..=i128::from(u32::MAX));
    match r.string("kind")?.as_str() {
        "choice" => Ok(Response::Choice { option: r.read("option", index)? }),
        "choices" => Ok(Response::Choices { options: r.read("options", |v| list(v, index))? }),
        "predict" => Ok(Response::Predict { lines: r.read("lines", |v| list(v, string))? }),
        "short" => Ok(Response::Short { text: r.string("text")? }),
        "open" => Ok(Response::Open { text: r.string("text")? }),
        other => Err(format!("an unknown kind of response, \u{201c}{}\u{201d}", short(other))),
    }
}

impl QuestionRecord {
    fn read(r: Record) -> Result<QuestionRecord, String> {
        let review = r.maybe("review", |v| {
            let b = Record(v);
            Ok(Review { level: b.read("box", |v| whole(v, 1..=BOX_DAYS.len() as i128))?, due: b.time("due")? })
        })?;
        Ok(QuestionRecord {
            fingerprint: r.string("fingerprint")?,
            response: r.read("response", response)?,
            first: r.maybe("first", rating)?,
            first_at: r.time("first_at")?,
            last: r.maybe("last", rating)?,
            last_at: r.time("last_at")?,
            tries: r.count("tries")?,
            review,
        })
    }
}

impl LessonRecord {
    fn read(r: Record) -> Result<LessonRecord, String> {
        Ok(LessonRecord { read: r.maybe("read", time)?, done: r.maybe("done", time)? })
    }
}

impl RunRecord {
    fn read(r: Record) -> Result<RunRecord, String> {
        Ok(RunRecord { count: r.count("count")?, last: r.time("last")? })
    }
}

impl EditRecord {
    fn read(r: Record) -> Result<EditRecord, String> {
        Ok(EditRecord { base: r.string("base")?, code: r.maybe("code", string)?, at: r.time("at")? })
    }
}

/// The problems for a notice: the first few named, the rest counted.
fn describe(problems: &[String]) -> String {
    let mut text = problems.iter().take(NAMED_PROBLEMS).cloned().collect::<Vec<_>>().join(", ");
    if problems.len() > NAMED_PROBLEMS {
        text += &format!(" and {} more", problems.len() - NAMED_PROBLEMS);
    }
    text
}

/// A text cut to a length a notice can show (an id or a value in an error can be huge).
fn short(text: &str) -> String {
    const MAX: usize = 80;
    match text.char_indices().nth(MAX) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_string(),
    }
}

/// Moves the runner's legacy edits (version 0) into a progress: each key
/// `inflight-edit:<page path>#<runner id>` whose value is `"inflight-edit 1\n<fingerprint>\n<code>"`
/// becomes the edit of runner `<page path>#<runner id>`, made at `now` (the old format kept no
/// time). Returns that progress, to take in with [`Progress::merge_imported`], and the keys to
/// remove once it is saved. Other keys are ignored, and a legacy key whose value does not read
/// is left where it is.
pub fn migrate_legacy(entries: impl IntoIterator<Item = (String, String)>, now: Millis) -> (Progress, Vec<String>) {
    let mut progress = Progress::new();
    let mut remove = Vec::new();
    for (key, value) in entries {
        let Some(runner) = key.strip_prefix(LEGACY_EDIT_PREFIX).filter(|r| !r.is_empty()) else { continue };
        let Some((base, code)) = value.strip_prefix(LEGACY_EDIT_HEADER).and_then(|rest| rest.split_once('\n')) else { continue };
        if base.len() != 16 || !base.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
            continue;
        }
        progress.save_edit(runner, base, code, now);
        remove.push(key);
    }
    (progress, remove)
}
