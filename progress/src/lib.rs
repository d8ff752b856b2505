//! The reader's progress through the course, kept as one JSON document in `localStorage`.
//!
//! This crate is the pure core: it knows nothing of the browser. The site reads the text stored
//! under [`KEY`], hands it to [`load`], changes the [`Progress`] through its methods as the
//! reader works, and writes [`Progress::save`] back under the same key.
//!
//! Time is always passed in. Every `now` and every stored time is a [`Millis`]: milliseconds
//! since the Unix epoch as an `i64`, what `Date.now()` gives (`js_sys::Date::now() as i64`).
//! The methods clamp the times they are given into `0..=`[`MAX_TIME`] (the range of a JavaScript
//! `Date`), so no arithmetic on them can overflow.
//!
//! # What is kept
//!
//! - per question id, a [`QuestionRecord`]: the question's fingerprint, the reader's latest
//!   [`Response`], the [`Rating`] of the first graded try apart from the latest one, the number
//!   of tries, their times, and the question's place in the review boxes ([`Review`]);
//! - per lesson slug, when it was read (scrolled to the end) and when it was marked done;
//! - per runner key, how often it was run and when last; and the reader's edit of its code,
//!   with the fingerprint of the lesson code it was made from;
//! - the last lesson visited, for "continue where you left off";
//! - when the progress was last reset (or replaced by an import), for merging with other tabs.
//!
//! A runner key is the page path and the runner id, `"<page path>#<runner id>"` (what the
//! runner's own storage keys held before this crate, see [`migrate_legacy`]).
//!
//! # The document in a page
//!
//! 1. `let loaded = load(storage.get(KEY))`. If `loaded.set_aside` is `Some`, copy it under
//!    [`set_aside_key`]`(now)` before anything writes [`KEY`], and show `loaded.notice`.
//! 2. `let (legacy, remove) = migrate_legacy(entries, now)`; `merge_imported(legacy)`, save,
//!    then remove the keys in `remove` (in that order: a crash between leaves a copy, never a loss).
//! 3. `reconcile` with the course's questions, so an edited question starts afresh.
//! 4. After every change, save.
//! 5. On a `storage` event for [`KEY`] (another tab wrote it): load the event's new value; if it
//!    reads, `mine = mine.merge(&theirs)` and reconcile, then save only if the text now stored
//!    differs from `mine.save()` (so tabs that agree stop writing). If it does not read (status
//!    [`Status::Newer`] above all: a tab of a newer site), stop saving and show the notice.
//!
//! # The document
//!
//! [`Progress::save`] writes a JSON object with a `"version"` field ([`VERSION`], 1); maps are
//! ordered by key, and fields without a value are left out:
//!
//! ```text
//! {"version":1,"reset_at":0,
//!  "questions":{"backpressure-buffer":{"fingerprint":"7d1c…","response":{"kind":"choice","option":2},
//!    "first":"missed","first_at":1700000000000,"last":"got_it","last_at":1700090000000,"tries":2,
//!    "review":{"box":2,"due":1700349200000}}},
//!  "lessons":{"backpressure":{"read":1700000000000}},
//!  "runs":{"/backpressure/#pump":{"count":3,"last":1700000100000}},
//!  "edits":{"/backpressure/#pump":{"base":"a3f9…","code":"const n = 8;","at":1700000050000}},
//!  "last_visit":{"lesson":"backpressure","at":1700090000000}}
//! ```
//!
//! A response's `"kind"` is `choice` (`option`), `choices` (`options`), `predict` (`lines`),
//! `short` or `open` (`text`); a rating is `got_it`, `partly` or `missed`. An [`export`] is the
//! same object, pretty-printed, with two fields before the rest: `"format":
//! "inflight-progress-export"` and `"exported_at"`.
//!
//! Loading never fails. Text that is not a readable document (not JSON, nested deeper than
//! the reader's limit of 128, not an object, no version, a version this site does not know)
//! gives an empty progress, with the text to set aside and a notice. In a version 1 document, a
//! record of the wrong shape or with a number out of range (a negative or zero count, a time
//! outside a `Date`'s range, a box other than 1 to 4) is left out alone: the rest loads, and the
//! whole text is set aside too. Unknown fields are ignored, and dropped at the next save.
//!
//! Version 0 was never a document: the runner kept each edit under a key of its own, which
//! [`migrate_legacy`] moves in. A later version adds its reader next to version 1's, converting
//! older documents as it goes.
//!
//! # Review (Leitner boxes, on the reader's own clock)
//!
//! A question enters review when a try of it is rated [`Rating::Partly`] or [`Rating::Missed`]:
//! it goes to box 1, due one day later. [`BOX_DAYS`] gives each box's interval, 1, 3, 7 and 21
//! days. A try rated [`Rating::GotIt`] while the question is due moves it up a box, due that
//! box's interval later; right in the last box (21 days) takes it out of review. A right try
//! before the due time changes nothing, and a question right on its first try never enters
//! review. A partly or missed try, at any time, sends the question back to box 1, due in a day.
//! [`Progress::due`] lists the questions whose due time has come.
//!
//! # Two tabs
//!
//! When a `storage` event shows that another tab wrote the document, the tab merges what it
//! holds with what the other wrote ([`Progress::merge`]). The merge is commutative and
//! idempotent, and merging its result with either side again changes nothing, so tabs end up
//! with the same document whatever order their writes and events come in. The rules:
//!
//! - A reset wins over what came before it. The later reset time is kept; from a side reset
//!   earlier, only what was done at or after that time is kept (a question by its latest try, a
//!   lesson's read and done times each, a runner by its last run, an edit and the last visit by
//!   their time). A replacing import counts as a reset.
//! - Questions: the union by id. For the same id and fingerprint, the latest try (response,
//!   rating, time and review box) comes from the side whose latest try is later, and the first
//!   try (its rating and time) from the side whose first graded try is earlier; the tries are
//!   the larger count (the sides share their history up to the moment they forked, so a sum
//!   would count it twice: the larger count is a lower bound). For different fingerprints, the
//!   whole record with the later latest try wins (the next `reconcile` drops it if it answers
//!   the outdated version).
//! - Lessons: read if either side read it, done if either side marked it, each at the earlier
//!   time.
//! - Runs: the larger count and the later last run.
//! - Edits: the later one, a dropped edit included (so an edit the reader dropped in one tab
//!   does not come back from the other).
//! - Last visit: the later one.
//!
//! Equal times are settled by comparing the values themselves, so no rule depends on which side
//! is `self`.

mod json;
mod map;
mod merge;
mod storage;

use map::Map;

pub use storage::{export, import, load, migrate_legacy, set_aside_key, ImportError, Loaded, Status, EXPORT_FORMAT, LEGACY_EDIT_PREFIX};

/// The `localStorage` key the document lives under.
pub const KEY: &str = "inflight-progress";

/// The document's format version, its `"version"` field.
pub const VERSION: u64 = 1;

/// Milliseconds since the Unix epoch.
pub type Millis = i64;

/// The latest time a JavaScript `Date` can hold (8.64e15 ms, the year 275760).
pub const MAX_TIME: Millis = 8_640_000_000_000_000;

/// One day, in milliseconds.
pub const DAY: Millis = 86_400_000;

/// The interval of each review box, in days: box 1 is due 1 day after the question was missed,
/// box 2 three days after box 1 was passed, and so on.
pub const BOX_DAYS: [Millis; 4] = [1, 3, 7, 21];

fn clamp(t: Millis) -> Millis {
    t.clamp(0, MAX_TIME)
}

/// How a try went. The site grades single choice, multiple select, predict-the-output and
/// short answers itself (right is `GotIt`, wrong is `Missed`); the reader rates an open prompt.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rating {
    GotIt,
    Partly,
    Missed,
}

/// The reader's response to a question, one variant per kind of question.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Response {
    /// Single choice: the index of the chosen option.
    Choice { option: u32 },
    /// Multiple select: the indexes of the chosen options (kept sorted, without repeats).
    Choices { options: Vec<u32> },
    /// Predict the output: the lines in the reader's order, arranged or typed.
    Predict { lines: Vec<String> },
    /// Short answer.
    Short { text: String },
    /// Open prompt: the reader's free text (the rating comes with the try, or later from
    /// [`Progress::self_rate`]).
    Open { text: String },
}

impl Response {
    fn normalized(mut self) -> Response {
        if let Response::Choices { options } = &mut self {
            // An insertion sort: a handful of indexes, and no sort routine in the wasm.
            let mut sorted: Vec<u32> = Vec::with_capacity(options.len());
            for &o in options.iter() {
                if let Err(at) = sorted.binary_search(&o) {
                    sorted.insert(at, o);
                }
            }
            *options = sorted;
        }
        self
    }
}

/// A question in review: its box (1 to 4, an index into [`BOX_DAYS`] plus one) and when it is
/// next due.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Review {
    pub level: u8,
    pub due: Millis,
}

/// The next review state after a try rated `rating` at `now` (the rules are in the crate docs).
fn schedule(review: Option<Review>, rating: Rating, now: Millis) -> Option<Review> {
    match (rating, review) {
        (Rating::Partly | Rating::Missed, _) => Some(Review { level: 1, due: clamp(now + DAY) }),
        (Rating::GotIt, Some(r)) if r.due <= now => {
            let next = usize::from(r.level); // the index of the box above
            BOX_DAYS.get(next).map(|days| Review { level: r.level + 1, due: clamp(now + days * DAY) })
        }
        (Rating::GotIt, review) => review,
    }
}

/// What the reader did with one question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuestionRecord {
    /// The fingerprint of the question this record answers: when the question is edited, its
    /// fingerprint changes and the record no longer counts.
    pub fingerprint: String,
    /// The latest try's response.
    pub response: Response,
    /// The rating of the first graded try, kept apart from later ones.
    pub first: Option<Rating>,
    /// When `first` was given (while no try is graded, the time of the first try).
    pub first_at: Millis,
    /// The latest try's rating; `None` while an open prompt waits for the reader's rating.
    pub last: Option<Rating>,
    /// When the latest try was made or rated.
    pub last_at: Millis,
    /// How many tries, at least 1.
    pub tries: u32,
    /// The question's review box, when it is in review.
    pub review: Option<Review>,
}

impl QuestionRecord {
    /// Whether the first graded try was right.
    pub fn first_try_right(&self) -> bool {
        self.first == Some(Rating::GotIt)
    }

    /// Whether the latest try was right.
    pub fn right(&self) -> bool {
        self.last == Some(Rating::GotIt)
    }
}

/// A lesson's reading state: when it was first read to the end, and first marked done.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LessonRecord {
    pub read: Option<Millis>,
    pub done: Option<Millis>,
}

/// How often a runner was run, and when last.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RunRecord {
    pub count: u32,
    pub last: Millis,
}

/// The reader's edit of a runner's code. `code` is `None` once the reader went back to the
/// lesson's code: the record stays, with its time, so that another tab's older edit does not
/// come back in a merge.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditRecord {
    /// The [`fingerprint`] of the lesson code the edit was made from.
    pub base: String,
    pub code: Option<String>,
    pub at: Millis,
}

/// A runner's saved edit, as [`Progress::edit`] finds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edit<'a> {
    /// No edit: the lesson's code.
    None,
    /// The reader's code, made from the lesson's current code.
    Current(&'a str),
    /// An edit made from lesson code that has changed since: the site says so and drops it.
    Stale,
}

/// The last lesson visited.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Visit {
    pub lesson: String,
    pub at: Millis,
}

/// A lesson's questions at a glance, for the index.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub total: usize,
    /// Answered at least once (in their current version).
    pub answered: usize,
    /// Right on the latest try.
    pub right: usize,
    /// Right on the first try.
    pub first_try_right: usize,
}

/// The reader's progress. Maps are ordered, so the saved text is the same for the same progress.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// When the progress was last reset or replaced by an import (0 if never): in a merge with a
    /// document reset earlier, only what the other side did since this time is kept.
    reset_at: Millis,
    questions: Map<QuestionRecord>,
    lessons: Map<LessonRecord>,
    runs: Map<RunRecord>,
    edits: Map<EditRecord>,
    last_visit: Option<Visit>,
}

impl Progress {
    /// No progress.
    pub fn new() -> Progress {
        Progress::default()
    }

    /// Whether nothing is recorded (a reset progress is empty).
    pub fn is_empty(&self) -> bool {
        self.questions.is_empty()
            && self.lessons.is_empty()
            && self.runs.is_empty()
            && self.edits.is_empty()
            && self.last_visit.is_none()
    }

    /// Records a try of question `id` in the version `fingerprint`, graded `rating` (`None` for
    /// an open prompt the reader has yet to rate). A record of another version of the question
    /// is replaced: this is then the first try.
    pub fn answer(&mut self, id: &str, fingerprint: &str, response: Response, rating: Option<Rating>, now: Millis) {
        let now = clamp(now);
        let response = response.normalized();
        match self.questions.get_mut(id) {
            Some(r) if r.fingerprint == fingerprint => {
                r.response = response;
                r.tries = r.tries.saturating_add(1);
                r.last = rating;
                r.last_at = now;
                if r.first.is_none() && rating.is_some() {
                    r.first = rating;
                    r.first_at = now;
                }
            }
            _ => {
                let fresh = QuestionRecord {
                    fingerprint: fingerprint.to_string(),
                    response,
                    first: rating,
                    first_at: now,
                    last: rating,
                    last_at: now,
                    tries: 1,
                    review: None,
                };
                self.questions.insert(id.to_string(), fresh);
            }
        }
        if let (Some(rating), Some(r)) = (rating, self.questions.get_mut(id)) {
            r.review = schedule(r.review, rating, now);
        }
    }

    /// The reader's rating of the latest try of an open prompt, recorded without one. Returns
    /// false (and changes nothing) when there is no such try: a try is rated once, and a change
    /// of mind is a new try.
    pub fn self_rate(&mut self, id: &str, rating: Rating, now: Millis) -> bool {
        let now = clamp(now);
        let Some(r) = self.questions.get_mut(id).filter(|r| r.last.is_none()) else { return false };
        r.last = Some(rating);
        r.last_at = now;
        if r.first.is_none() {
            r.first = Some(rating);
            r.first_at = now;
        }
        r.review = schedule(r.review, rating, now);
        true
    }

    /// The record of question `id`, if it answers the version `fingerprint`.
    pub fn question(&self, id: &str, fingerprint: &str) -> Option<&QuestionRecord> {
        self.questions.get(id).filter(|r| r.fingerprint == fingerprint)
    }

    /// All question records, by id.
    pub fn questions(&self) -> impl Iterator<Item = (&str, &QuestionRecord)> {
        self.questions.iter().map(|(id, r)| (id.as_str(), r))
    }

    /// Drops the record of every question whose fingerprint differs from its current one in
    /// `course` (the whole course's `(id, fingerprint)` pairs), and returns their ids. Records of
    /// unchanged questions stay, and so do records of ids the course does not list (a question
    /// taken out, or a page of another deployment): nothing is dropped on a guess.
    pub fn reconcile<'a>(&mut self, course: impl IntoIterator<Item = (&'a str, &'a str)>) -> Vec<String> {
        let mut dropped = Vec::new();
        for (id, fingerprint) in course {
            if self.questions.get(id).is_some_and(|r| r.fingerprint != fingerprint) && !dropped.iter().any(|d| d == id) {
                self.questions.remove(id);
                dropped.push(id.to_string());
            }
        }
        dropped
    }

    /// The questions due for review at `now`, the longest due first.
    pub fn due(&self, now: Millis) -> Vec<&str> {
        let mut due: Vec<(Millis, &str)> = self
            .questions
            .iter()
            .filter_map(|(id, r)| r.review.filter(|v| v.due <= now).map(|v| (v.due, id.as_str())))
            .collect();
        // An insertion sort, oldest first (few questions, and no sort routine in the wasm).
        for i in 1..due.len() {
            let mut j = i;
            while j > 0 && due[j - 1] > due[j] {
                due.swap(j - 1, j);
                j -= 1;
            }
        }
        due.into_iter().map(|(_, id)| id).collect()
    }

    /// When the next question in review falls due, if any is in review.
    pub fn next_due(&self) -> Option<Millis> {
        self.questions.values().filter_map(|r| r.review.map(|v| v.due)).min()
    }

    /// The counts for a lesson's questions, given as `(id, fingerprint)` pairs.
    pub fn summary<'a>(&self, questions: impl IntoIterator<Item = (&'a str, &'a str)>) -> Summary {
        questions.into_iter().fold(Summary::default(), |mut s, (id, fingerprint)| {
            s.total += 1;
            if let Some(r) = self.question(id, fingerprint) {
                s.answered += 1;
                s.right += usize::from(r.right());
                s.first_try_right += usize::from(r.first_try_right());
            }
            s
        })
    }

    /// The lesson was read to the end (the first time counts).
    pub fn mark_read(&mut self, slug: &str, now: Millis) {
        let lesson = self.lessons.get_or_insert_with(slug, LessonRecord::default);
        lesson.read.get_or_insert(clamp(now));
    }

    /// The reader marked the lesson done (the first time counts).
    pub fn mark_done(&mut self, slug: &str, now: Millis) {
        let lesson = self.lessons.get_or_insert_with(slug, LessonRecord::default);
        lesson.done.get_or_insert(clamp(now));
    }

    /// A lesson's reading state.
    pub fn lesson(&self, slug: &str) -> Option<&LessonRecord> {
        self.lessons.get(slug)
    }

    /// The reader opened a lesson: it becomes the place to continue from.
    pub fn visit(&mut self, slug: &str, now: Millis) {
        self.last_visit = Some(Visit { lesson: slug.to_string(), at: clamp(now) });
    }

    /// Where to continue from.
    pub fn last_visit(&self) -> Option<&Visit> {
        self.last_visit.as_ref()
    }

    /// A runner was run.
    pub fn record_run(&mut self, runner: &str, now: Millis) {
        let now = clamp(now);
        let run = self.runs.get_or_insert_with(runner, || RunRecord { count: 0, last: now });
        run.count = run.count.saturating_add(1);
        run.last = now;
    }

    /// How often a runner was run, and when last.
    pub fn runs(&self, runner: &str) -> Option<&RunRecord> {
        self.runs.get(runner)
    }

    /// Saves the reader's code for a runner, made from the lesson code whose [`fingerprint`] is
    /// `base`.
    pub fn save_edit(&mut self, runner: &str, base: &str, code: &str, now: Millis) {
        let edit = EditRecord { base: base.to_string(), code: Some(code.to_string()), at: clamp(now) };
        self.edits.insert(runner.to_string(), edit);
    }

    /// The reader went back to the lesson's code (or a stale edit is dropped).
    pub fn drop_edit(&mut self, runner: &str, now: Millis) {
        if let Some(edit) = self.edits.get_mut(runner) {
            edit.code = None;
            edit.at = clamp(now);
        }
    }

    /// A runner's saved edit, checked against the [`fingerprint`] of the lesson's current code.
    pub fn edit(&self, runner: &str, base: &str) -> Edit<'_> {
        match self.edits.get(runner) {
            Some(EditRecord { code: Some(code), base: made_from, .. }) if made_from == base => Edit::Current(code),
            Some(EditRecord { code: Some(_), .. }) => Edit::Stale,
            _ => Edit::None,
        }
    }

    /// Clears everything (after the reader confirmed). The reset reaches other tabs through
    /// [`Progress::merge`].
    pub fn reset(&mut self, now: Millis) {
        *self = Progress { reset_at: clamp(now).max(self.reset_at), ..Progress::default() };
    }

    /// Takes in an imported progress, keeping everything on both sides (as a merge would if
    /// neither side had been reset).
    pub fn merge_imported(&mut self, imported: Progress) {
        let imported = Progress { reset_at: self.reset_at, ..imported };
        *self = self.merge(&imported);
    }

    /// Replaces the progress with an imported one. Other tabs take the replacement as they take
    /// a reset: what they did before `now` is dropped.
    pub fn replace_with_imported(&mut self, imported: Progress, now: Millis) {
        let reset_at = clamp(now).max(self.reset_at).max(imported.reset_at);
        *self = Progress { reset_at, ..imported };
    }
}

/// The fingerprint of a text, as the runner computes it for the lesson's code: FNV-1a 64 of
/// its UTF-8 bytes, as 16 lowercase hex digits.
pub fn fingerprint(text: &str) -> String {
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    format!("{hash:016x}")
}
