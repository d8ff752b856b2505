//! Two tabs open on the same browser: the merge a tab makes when a `storage` event shows the
//! other wrote the document.

mod common;

use common::{Ops, Rng, T0};
use inflight_progress::{load, Edit, Progress, Rating, Response, Review, DAY};

fn choice(option: u32) -> Response {
    Response::Choice { option }
}

#[test]
fn merging_is_commutative_idempotent_and_settles() {
    let mut rng = Rng::new(1);
    for resets in [false, true] {
        for _ in 0..3000 {
            let (a, b) = common::pair(&mut rng, Ops { resets });
            let ab = a.merge(&b);
            assert_eq!(ab, b.merge(&a), "commutative:\n{}\n{}", a.save(), b.save());
            assert_eq!(a.merge(&a), a, "idempotent:\n{}", a.save());
            // Each tab merges what the other wrote, then writes: the next merge changes nothing.
            assert_eq!(ab.merge(&a), ab, "settles:\n{}\n{}", a.save(), b.save());
            assert_eq!(ab.merge(&b), ab, "settles:\n{}\n{}", a.save(), b.save());
            // What is merged saves and loads like anything else.
            assert_eq!(load(Some(&ab.save())).progress, ab);
        }
    }
}

#[test]
fn without_resets_a_merge_keeps_everything_of_both() {
    let mut rng = Rng::new(2);
    for _ in 0..3000 {
        let (a, b) = common::pair(&mut rng, Ops { resets: false });
        let ab = a.merge(&b);
        for side in [&a, &b] {
            for (id, r) in side.questions() {
                let merged = ab.questions().find(|(i, _)| *i == id).map(|(_, m)| m).expect("every question of both sides");
                if merged.fingerprint == r.fingerprint {
                    assert!(merged.last_at >= r.last_at && merged.tries >= r.tries);
                    assert!(merged.first.is_some() || r.first.is_none(), "a graded first try is never lost");
                }
            }
            for lesson in ["backpressure", "retries", "event-loop"] {
                if let Some(l) = side.lesson(lesson) {
                    let m = ab.lesson(lesson).unwrap();
                    assert!(l.read.is_none() || m.read <= l.read && m.read.is_some());
                    assert!(l.done.is_none() || m.done <= l.done && m.done.is_some());
                }
            }
            for runner in ["/a/#r0", "/a/#r1", "/b/#r0"] {
                if let Some(r) = side.runs(runner) {
                    let m = ab.runs(runner).unwrap();
                    assert!(m.count >= r.count && m.last >= r.last);
                }
            }
        }
    }
}

#[test]
fn one_question_merges_its_first_try_from_the_earlier_and_its_latest_from_the_later() {
    let mut shared = Progress::new();
    shared.answer("q", "f", choice(0), Some(Rating::Missed), T0);
    let (mut a, mut b) = (shared.clone(), shared);
    a.answer("q", "f", choice(2), Some(Rating::Missed), T0 + 10);
    b.answer("q", "f", choice(1), Some(Rating::GotIt), T0 + DAY);
    b.answer("q", "f", choice(1), Some(Rating::GotIt), T0 + DAY + 5);

    let m = a.merge(&b);
    let r = m.question("q", "f").unwrap();
    assert_eq!((r.first, r.first_at), (Some(Rating::Missed), T0));
    assert_eq!((r.last, r.last_at, &r.response), (Some(Rating::GotIt), T0 + DAY + 5, &choice(1)));
    assert_eq!(r.tries, 3, "the larger count: the first try is shared, not counted twice");
    assert_eq!(r.review, Some(Review { level: 2, due: T0 + 4 * DAY }), "the review box goes with the latest try");

    // Apart, the tab that tried first keeps the first try, even when its latest is older.
    let mut c = Progress::new();
    c.answer("q", "f", choice(1), Some(Rating::GotIt), T0 - 5);
    let r = c.merge(&b).question("q", "f").unwrap().clone();
    assert_eq!((r.first, r.first_at, r.last_at), (Some(Rating::GotIt), T0 - 5, T0 + DAY + 5));

    // An open prompt rated in one tab and not yet in the other: the rating is kept.
    let mut open = Progress::new();
    open.answer("o", "f", Response::Open { text: "..".into() }, None, T0);
    let mut rated = open.clone();
    rated.self_rate("o", Rating::Missed, T0 + 1);
    let r = open.merge(&rated).question("o", "f").unwrap().clone();
    assert_eq!((r.first, r.last), (Some(Rating::Missed), Some(Rating::Missed)));
}

#[test]
fn another_version_of_a_question_gives_way_to_the_later_record() {
    let mut old = Progress::new();
    old.answer("q", "v1", choice(0), Some(Rating::Missed), T0);
    old.answer("q", "v1", choice(0), Some(Rating::Missed), T0 + 2);
    let mut new = Progress::new();
    new.answer("q", "v2", choice(1), Some(Rating::GotIt), T0 + 1);
    let m = old.merge(&new);
    assert_eq!(m.question("q", "v1"), old.question("q", "v1"), "whole, not mixed with the other version");
    assert_eq!(m.question("q", "v2"), None);
    let mut later = new.clone();
    later.answer("q", "v2", choice(1), Some(Rating::GotIt), T0 + 3);
    assert_eq!(old.merge(&later).question("q", "v2"), later.question("q", "v2"));
}

#[test]
fn lessons_runs_edits_and_visits_merge_by_their_rules() {
    let mut shared = Progress::new();
    shared.save_edit("/l/#r", "0123456789abcdef", "first", T0);
    shared.record_run("/l/#r", T0);
    let (mut a, mut b) = (shared.clone(), shared);
    a.mark_read("l", T0 + 5);
    b.mark_read("l", T0 + 3);
    b.mark_done("l", T0 + 9);
    a.record_run("/l/#r", T0 + 20);
    b.record_run("/l/#r", T0 + 10);
    b.record_run("/l/#r", T0 + 11);
    a.save_edit("/l/#r", "0123456789abcdef", "a's", T0 + 30);
    b.save_edit("/l/#r", "0123456789abcdef", "b's", T0 + 31);
    a.visit("l", T0 + 40);
    b.visit("m", T0 + 39);

    let m = a.merge(&b);
    let lesson = m.lesson("l").unwrap();
    assert_eq!((lesson.read, lesson.done), (Some(T0 + 3), Some(T0 + 9)));
    let runs = m.runs("/l/#r").unwrap();
    assert_eq!((runs.count, runs.last), (3, T0 + 20), "the larger count, the later run");
    assert_eq!(m.edit("/l/#r", "0123456789abcdef"), Edit::Current("b's"));
    assert_eq!(m.last_visit().unwrap().lesson, "l");
}

#[test]
fn a_dropped_edit_stays_dropped_when_the_other_tab_still_has_it() {
    let mut a = Progress::new();
    a.save_edit("/l/#r", "0123456789abcdef", "mine", T0);
    let mut b = a.clone();
    b.drop_edit("/l/#r", T0 + 1);
    assert_eq!(a.merge(&b).edit("/l/#r", "0123456789abcdef"), Edit::None);
    a.save_edit("/l/#r", "0123456789abcdef", "again", T0 + 2);
    assert_eq!(a.merge(&b).edit("/l/#r", "0123456789abcdef"), Edit::Current("again"));
}

/// A browser's `localStorage` with one key, and the tabs open on it. A write queues a `storage`
/// event for every other tab, as browsers do.
struct Browser {
    stored: Option<String>,
    tabs: Vec<Progress>,
    events: Vec<(usize, String)>,
}

impl Browser {
    fn open(tabs: usize) -> Browser {
        let mut browser = Browser { stored: None, tabs: Vec::new(), events: Vec::new() };
        for _ in 0..tabs {
            let loaded = load(browser.stored.as_deref()).progress;
            browser.tabs.push(loaded);
        }
        browser
    }

    fn write(&mut self, tab: usize) {
        let text = self.tabs[tab].save();
        self.stored = Some(text.clone());
        self.events.extend((0..self.tabs.len()).filter(|&t| t != tab).map(|t| (t, text.clone())));
    }

    /// What a tab does on a `storage` event: merge what the other wrote, and write back only if
    /// what is stored now lacks something of the merge.
    fn deliver(&mut self, (tab, text): (usize, String)) {
        let theirs = load(Some(&text)).progress;
        self.tabs[tab] = self.tabs[tab].merge(&theirs);
        if self.stored.as_deref() != Some(self.tabs[tab].save().as_str()) {
            self.write(tab);
        }
    }

    fn deliver_all(&mut self) {
        for _ in 0..1000 {
            if self.events.is_empty() {
                return;
            }
            let event = self.events.remove(0);
            self.deliver(event);
        }
        panic!("the tabs keep writing: {:?}", self.stored);
    }
}

#[test]
fn two_tabs_answering_at_once_keep_both_answers() {
    let mut browser = Browser::open(2);
    // Tab A answers q1 and writes; before the event reaches tab B, B answers q2 and writes,
    // over A's document.
    browser.tabs[0].answer("q1", "f", choice(1), Some(Rating::GotIt), T0);
    browser.write(0);
    browser.tabs[1].answer("q2", "f", choice(0), Some(Rating::Missed), T0 + 1);
    browser.write(1);
    assert!(!browser.stored.as_ref().unwrap().contains("\"q1\""), "B's write overwrote A's");

    browser.deliver_all();
    let stored = load(browser.stored.as_deref()).progress;
    assert!(stored.question("q1", "f").is_some() && stored.question("q2", "f").is_some(), "{:?}", browser.stored);
    assert_eq!(browser.tabs[0], stored);
    assert_eq!(browser.tabs[1], stored);
}

#[test]
fn many_tabs_writing_in_any_order_end_with_everything() {
    let mut rng = Rng::new(3);
    for _ in 0..300 {
        let mut browser = Browser::open(3);
        let mut clock = T0;
        let mut answered = Vec::new();
        for _ in 0..rng.below(10) {
            let tab = rng.below(3) as usize;
            let id = format!("q{}", rng.below(6));
            clock += rng.pick(&[0, 1, 1000]);
            browser.tabs[tab].answer(&id, "f", choice(0), Some(Rating::Missed), clock);
            answered.push(id);
            browser.write(tab);
            // Some events arrive now, others later.
            while !browser.events.is_empty() && rng.below(2) == 0 {
                let event = browser.events.remove(rng.below(browser.events.len() as u64) as usize);
                browser.deliver(event);
            }
        }
        browser.deliver_all();
        let stored = load(browser.stored.as_deref()).progress;
        for id in &answered {
            assert!(stored.question(id, "f").is_some(), "{id} lost: {:?}", browser.stored);
        }
        assert!(browser.tabs.iter().all(|t| *t == stored), "the tabs agree");
    }
}

#[test]
fn a_reset_in_one_tab_reaches_the_other() {
    let mut browser = Browser::open(2);
    browser.tabs[0].answer("old", "f", choice(0), Some(Rating::Missed), T0);
    browser.tabs[0].mark_read("l", T0);
    browser.write(0);
    browser.deliver_all();
    assert!(browser.tabs[1].question("old", "f").is_some());

    browser.tabs[0].reset(T0 + 10);
    browser.write(0);
    // Tab B answers before the reset's event reaches it (in the same millisecond: that counts
    // as after), and writes over the reset.
    browser.tabs[1].answer("new", "f", choice(1), Some(Rating::GotIt), T0 + 10);
    browser.write(1);
    browser.deliver_all();

    let stored = load(browser.stored.as_deref()).progress;
    assert_eq!(stored.question("old", "f"), None, "what came before the reset stays cleared");
    assert_eq!(stored.lesson("l"), None);
    assert!(stored.question("new", "f").is_some(), "what B did after the reset is kept");
    assert!(browser.tabs.iter().all(|t| *t == stored));
}
