//! Merging two tabs' progress.
//!
//! When a `storage` event shows that another tab wrote the document, the tab merges what it
//! holds with what the other wrote. The merge is commutative (`a.merge(&b) == b.merge(&a)`) and
//! idempotent (`a.merge(&a) == a`), and merging again with either side changes nothing, so the
//! two tabs end up with the same document whatever order their writes and events come in.
//!
//! The rules are in the crate docs ("Two tabs").

use crate::map::Map;
use crate::{LessonRecord, Millis, Progress, QuestionRecord, Rating, Response, Review, RunRecord};

impl Progress {
    /// This progress merged with another tab's: commutative, idempotent, and settled (merging
    /// the result with either side again changes nothing). The rules are in the crate docs.
    pub fn merge(&self, other: &Progress) -> Progress {
        let reset_at = self.reset_at.max(other.reset_at);
        let (a, b) = (self.since(reset_at), other.since(reset_at));
        Progress {
            reset_at,
            questions: union(&a.questions, &b.questions, merge_question),
            lessons: union(&a.lessons, &b.lessons, |x, y| LessonRecord {
                read: earliest(x.read, y.read),
                done: earliest(x.done, y.done),
            }),
            runs: union(&a.runs, &b.runs, |x, y| RunRecord { count: x.count.max(y.count), last: x.last.max(y.last) }),
            edits: union(&a.edits, &b.edits, |x, y| later(x, y, |e| (e.at, &e.code, &e.base)).clone()),
            last_visit: match (&a.last_visit, &b.last_visit) {
                (Some(x), Some(y)) => Some(later(x, y, |v| (v.at, &v.lesson)).clone()),
                (x, y) => x.clone().or(y.clone()),
            },
        }
    }

    /// What is kept of this side in a merge with a document reset at `reset_at`: everything if
    /// this is that document (or one reset at the same time), else what was done since.
    fn since(&self, reset_at: Millis) -> Progress {
        if self.reset_at >= reset_at {
            return self.clone();
        }
        let kept = |t: &Millis| *t >= reset_at;
        let mut lessons = self.lessons.clone();
        for lesson in lessons.values_mut() {
            lesson.read = lesson.read.filter(kept);
            lesson.done = lesson.done.filter(kept);
        }
        lessons.retain(|_, l| *l != LessonRecord::default());
        Progress {
            reset_at,
            questions: recent(&self.questions, reset_at, |r| r.last_at),
            lessons,
            runs: recent(&self.runs, reset_at, |r| r.last),
            edits: recent(&self.edits, reset_at, |e| e.at),
            last_visit: self.last_visit.clone().filter(|v| kept(&v.at)),
        }
    }
}

/// The records made at or after `reset_at`.
fn recent<V: Clone>(records: &Map<V>, reset_at: Millis, at: fn(&V) -> Millis) -> Map<V> {
    let mut out = Map::new();
    for (k, r) in records {
        if at(r) >= reset_at {
            out.insert(k.clone(), r.clone());
        }
    }
    out
}

/// Every key of both maps; a key on both sides gets `both(a, b)`.
fn union<V: Clone>(a: &Map<V>, b: &Map<V>, both: impl Fn(&V, &V) -> V) -> Map<V> {
    let mut out = a.clone();
    for (k, v) in b {
        let merged = match a.get(k) {
            Some(mine) => both(mine, v),
            None => v.clone(),
        };
        out.insert(k.clone(), merged);
    }
    out
}

/// The later of two values by `key` (which must tell unequal values apart).
fn later<'a, T, K: Ord + 'a>(a: &'a T, b: &'a T, key: impl Fn(&'a T) -> K) -> &'a T {
    if key(a) >= key(b) {
        a
    } else {
        b
    }
}

fn earliest(a: Option<Millis>, b: Option<Millis>) -> Option<Millis> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    }
}

fn merge_question(a: &QuestionRecord, b: &QuestionRecord) -> QuestionRecord {
    if a.fingerprint != b.fingerprint {
        return later(a, b, |r| (r.last_at, &r.fingerprint)).clone();
    }
    let last = later(a, b, latest);
    let earlier = if first(a) <= first(b) { a } else { b };
    QuestionRecord {
        fingerprint: a.fingerprint.clone(),
        response: last.response.clone(),
        first: earlier.first,
        first_at: earlier.first_at,
        last: last.last,
        last_at: last.last_at,
        tries: a.tries.max(b.tries),
        review: last.review,
    }
}

/// Everything the latest try sets, in the order that decides which try is later.
fn latest(r: &QuestionRecord) -> (Millis, Option<Rating>, &Response, Option<Review>) {
    (r.last_at, r.last, &r.response, r.review)
}

/// Everything the first try sets, in the order that decides which is first: a graded first try
/// beats an ungraded one, then the earlier wins.
fn first(r: &QuestionRecord) -> (bool, Millis, Option<Rating>) {
    (r.first.is_none(), r.first_at, r.first)
}
