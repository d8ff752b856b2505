//! The document as text: saving, loading whatever is stored, export and import, and the
//! migration of the runner's older keys.
//!
//! The document's shape and the rules of loading are in the crate docs.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::{EditRecord, LessonRecord, Millis, Progress, QuestionRecord, Review, RunRecord, Visit, BOX_DAYS, MAX_TIME, VERSION};

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

#[derive(Serialize)]
struct Document<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    format: Option<&'static str>,
    version: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    exported_at: Option<Millis>,
    #[serde(flatten)]
    progress: &'a Progress,
}

impl Progress {
    /// The document to store under [`crate::KEY`].
    pub fn save(&self) -> String {
        let doc = Document { format: None, version: VERSION, exported_at: None, progress: self };
        serde_json::to_string(&doc).expect("string keys and plain fields always serialize")
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
    let doc = match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(doc)) => doc,
        Ok(_) => return unreadable("it is not a progress document"),
        Err(e) => return unreadable(&format!("it is not valid JSON: {}", short(&e.to_string()))),
    };
    match doc.get("version").map(Value::as_u64) {
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
    let doc = Document { format: Some(EXPORT_FORMAT), version: VERSION, exported_at: Some(now), progress };
    serde_json::to_string_pretty(&doc).expect("string keys and plain fields always serialize")
}

/// Reads an export file. Unlike [`load`] it takes all or nothing: the reader chose this file,
/// and is told what is wrong with it. Take the result in with [`Progress::merge_imported`] or
/// [`Progress::replace_with_imported`].
pub fn import(text: &str) -> Result<Progress, ImportError> {
    let doc = match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(doc)) if doc.get("format").and_then(Value::as_str) == Some(EXPORT_FORMAT) => doc,
        Ok(_) => return Err(ImportError::NotInflight),
        Err(e) => return Err(ImportError::Corrupt(format!("it is not valid JSON ({})", short(&e.to_string())))),
    };
    match doc.get("version").and_then(Value::as_u64) {
        Some(VERSION) => match read_v1(&doc) {
            (progress, problems) if problems.is_empty() => Ok(progress),
            (_, problems) => Err(ImportError::Corrupt(describe(&problems))),
        },
        Some(newer) if newer > VERSION => Err(ImportError::Newer(newer)),
        _ => Err(ImportError::Corrupt("it has no version this site knows".to_string())),
    }
}

/// Reads a version 1 document, leaving out what does not read; returns what was left out.
fn read_v1(doc: &Map<String, Value>) -> (Progress, Vec<String>) {
    let mut problems = Vec::new();
    let progress = Progress {
        reset_at: field(doc, "reset_at", valid_time, &mut problems).unwrap_or(0),
        questions: section(doc, "questions", "question", QuestionRecord::valid, &mut problems),
        lessons: section(doc, "lessons", "lesson", LessonRecord::valid, &mut problems),
        runs: section(doc, "runs", "runner", RunRecord::valid, &mut problems),
        edits: section(doc, "edits", "edit", EditRecord::valid, &mut problems),
        last_visit: field(doc, "last_visit", Visit::valid, &mut problems),
    };
    (progress, problems)
}

/// A single value of the document; missing or `null` is `None`.
fn field<T: DeserializeOwned>(doc: &Map<String, Value>, name: &str, valid: fn(&T) -> bool, problems: &mut Vec<String>) -> Option<T> {
    let value = doc.get(name).filter(|v| !v.is_null())?;
    read(value, valid).map_err(|why| problems.push(format!("the {} ({why})", name.replace('_', " ")))).ok()
}

/// A map of records; a record that does not read is left out, and reported.
fn section<T: DeserializeOwned>(
    doc: &Map<String, Value>,
    name: &str,
    one: &str,
    valid: fn(&T) -> bool,
    problems: &mut Vec<String>,
) -> BTreeMap<String, T> {
    match doc.get(name) {
        None | Some(Value::Null) => BTreeMap::new(),
        Some(Value::Object(records)) => records
            .iter()
            .filter_map(|(key, value)| match read(value, valid) {
                Ok(record) => Some((key.clone(), record)),
                Err(why) => {
                    problems.push(format!("{one} \u{201c}{}\u{201d} ({why})", short(key)));
                    None
                }
            })
            .collect(),
        Some(_) => {
            problems.push(format!("the {name} (not an object)"));
            BTreeMap::new()
        }
    }
}

fn valid_time(t: &Millis) -> bool {
    (0..=MAX_TIME).contains(t)
}

impl Review {
    fn valid(&self) -> bool {
        (1..=BOX_DAYS.len()).contains(&usize::from(self.level)) && valid_time(&self.due)
    }
}

impl QuestionRecord {
    fn valid(&self) -> bool {
        self.tries >= 1 && valid_time(&self.first_at) && valid_time(&self.last_at) && self.review.as_ref().is_none_or(Review::valid)
    }
}

impl LessonRecord {
    fn valid(&self) -> bool {
        self.read.as_ref().is_none_or(valid_time) && self.done.as_ref().is_none_or(valid_time)
    }
}

impl RunRecord {
    fn valid(&self) -> bool {
        valid_time(&self.last)
    }
}

impl EditRecord {
    fn valid(&self) -> bool {
        valid_time(&self.at)
    }
}

impl Visit {
    fn valid(&self) -> bool {
        valid_time(&self.at)
    }
}

fn read<T: DeserializeOwned>(value: &Value, valid: fn(&T) -> bool) -> Result<T, String> {
    match T::deserialize(value) {
        Ok(t) if valid(&t) => Ok(t),
        Ok(_) => Err("a number out of range".to_string()),
        Err(e) => Err(short(&e.to_string())),
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
