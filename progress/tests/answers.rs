//! The operations on a progress: tries and ratings, review boxes, reconciling with the course,
//! lessons, runs and edits.

use inflight_progress::{fingerprint, Edit, Progress, Rating, Response, Review, Summary, DAY, MAX_TIME};

/// A Tuesday in November 2023, 10:00 UTC.
const T0: i64 = 1_700_042_400_000;

fn choice(option: u32) -> Response {
    Response::Choice { option }
}

fn open(text: &str) -> Response {
    Response::Open { text: text.to_string() }
}

#[test]
fn the_first_try_is_kept_apart_from_later_tries() {
    let mut p = Progress::new();
    p.answer("q1", "fa", choice(0), Some(Rating::Missed), T0);
    p.answer("q1", "fa", choice(2), Some(Rating::GotIt), T0 + 1000);
    p.answer("q1", "fa", choice(1), Some(Rating::Missed), T0 + 2000);
    p.answer("q1", "fa", choice(2), Some(Rating::GotIt), T0 + 3000);

    let r = p.question("q1", "fa").unwrap();
    assert_eq!((r.first, r.first_at), (Some(Rating::Missed), T0));
    assert!(!r.first_try_right());
    assert_eq!((r.last, r.last_at, &r.response), (Some(Rating::GotIt), T0 + 3000, &choice(2)));
    assert!(r.right());
    assert_eq!(r.tries, 4);

    p.answer("q2", "fb", choice(1), Some(Rating::GotIt), T0);
    p.answer("q2", "fb", choice(0), Some(Rating::Missed), T0 + 1000);
    let r = p.question("q2", "fb").unwrap();
    assert!(r.first_try_right() && !r.right());
}

#[test]
fn an_open_prompt_is_rated_by_the_reader_once_per_try() {
    let mut p = Progress::new();
    p.answer("essay", "fe", open("the buffer fills"), None, T0);
    let r = p.question("essay", "fe").unwrap();
    assert_eq!((r.first, r.last, r.tries, r.review), (None, None, 1, None));

    assert!(p.self_rate("essay", Rating::Partly, T0 + 10));
    let r = p.question("essay", "fe").unwrap();
    assert_eq!((r.first, r.first_at, r.last), (Some(Rating::Partly), T0 + 10, Some(Rating::Partly)));
    assert_eq!(r.review, Some(Review { level: 1, due: T0 + 10 + DAY }));
    assert!(!p.self_rate("essay", Rating::GotIt, T0 + 20), "a rated try is not rated again");

    p.answer("essay", "fe", open("the buffer fills, then write() returns false"), None, T0 + 30);
    assert!(p.self_rate("essay", Rating::GotIt, T0 + 40));
    let r = p.question("essay", "fe").unwrap();
    assert_eq!((r.first, r.last, r.tries), (Some(Rating::Partly), Some(Rating::GotIt), 2));
    assert!(!p.self_rate("nothing", Rating::GotIt, T0), "no try, nothing to rate");
}

#[test]
fn review_brings_a_missed_question_back_after_1_3_7_and_21_days() {
    let mut p = Progress::new();
    p.answer("q", "f", choice(0), Some(Rating::Missed), T0);
    let review = |p: &Progress| p.question("q", "f").unwrap().review;
    assert_eq!(review(&p), Some(Review { level: 1, due: T0 + DAY }));

    let mut now = T0;
    for (level, days) in [(1u8, 1i64), (2, 3), (3, 7), (4, 21)] {
        assert_eq!(review(&p), Some(Review { level, due: now + days * DAY }));
        let due = now + days * DAY;
        assert!(p.due(due - 1).is_empty(), "box {level}: not due a millisecond early");
        // Right before it is due: practice, not a review; nothing moves.
        p.answer("q", "f", choice(1), Some(Rating::GotIt), due - 1);
        assert_eq!(review(&p), Some(Review { level, due }));
        // The clock moves on to the due time.
        now = due;
        assert_eq!(p.due(now), ["q"]);
        p.answer("q", "f", choice(1), Some(Rating::GotIt), now);
    }
    assert_eq!(review(&p), None, "right in the last box: out of review");
    assert!(p.due(MAX_TIME).is_empty());
    assert_eq!(p.next_due(), None);
}

#[test]
fn a_wrong_or_partly_try_sends_the_question_back_to_box_one() {
    let mut p = Progress::new();
    p.answer("q", "f", choice(0), Some(Rating::Missed), T0);
    p.answer("q", "f", choice(1), Some(Rating::GotIt), T0 + DAY);
    p.answer("q", "f", choice(1), Some(Rating::GotIt), T0 + 4 * DAY);
    assert_eq!(p.question("q", "f").unwrap().review, Some(Review { level: 3, due: T0 + 11 * DAY }));

    // Not due yet, and wrong: back to box 1 all the same.
    p.answer("q", "f", choice(0), Some(Rating::Missed), T0 + 5 * DAY);
    assert_eq!(p.question("q", "f").unwrap().review, Some(Review { level: 1, due: T0 + 6 * DAY }));

    p.answer("open", "f", open("?"), Some(Rating::Partly), T0);
    assert_eq!(p.question("open", "f").unwrap().review, Some(Review { level: 1, due: T0 + DAY }));

    p.answer("easy", "f", choice(1), Some(Rating::GotIt), T0);
    assert_eq!(p.question("easy", "f").unwrap().review, None, "right the first time: never in review");
}

#[test]
fn due_lists_the_longest_due_first() {
    let mut p = Progress::new();
    p.answer("late", "f", choice(0), Some(Rating::Missed), T0 + 2000);
    p.answer("early", "f", choice(0), Some(Rating::Missed), T0);
    p.answer("middle", "f", choice(0), Some(Rating::Partly), T0 + 1000);
    p.answer("fine", "f", choice(0), Some(Rating::GotIt), T0);
    assert_eq!(p.due(T0 + DAY + 1000), ["early", "middle"]);
    assert_eq!(p.due(T0 + 2 * DAY), ["early", "middle", "late"]);
    assert_eq!(p.next_due(), Some(T0 + DAY));
}

#[test]
fn reconcile_resets_only_the_edited_question() {
    let mut p = Progress::new();
    for id in ["q1", "q2", "q3", "retired"] {
        p.answer(id, "v1", choice(1), Some(Rating::Missed), T0);
    }
    let before = p.clone();
    let dropped = p.reconcile([("q1", "v1"), ("q2", "v2"), ("q3", "v1"), ("new", "v1")]);
    assert_eq!(dropped, ["q2"]);
    assert_eq!(p.question("q2", "v1"), None);
    assert_eq!(p.question("q2", "v2"), None);
    for id in ["q1", "q3", "retired"] {
        assert_eq!(p.question(id, "v1"), before.question(id, "v1"), "{id} is kept as it was");
    }
    assert_eq!(p.due(T0 + DAY), ["q1", "q3", "retired"]);
    assert!(p.reconcile([("q1", "v1")]).is_empty(), "a second reconcile finds nothing");
}

#[test]
fn answering_an_edited_question_starts_afresh() {
    let mut p = Progress::new();
    p.answer("q", "v1", choice(0), Some(Rating::Missed), T0);
    p.answer("q", "v1", choice(0), Some(Rating::Missed), T0 + 1);
    p.answer("q", "v2", choice(3), Some(Rating::GotIt), T0 + 2);
    let r = p.question("q", "v2").unwrap();
    assert_eq!((r.tries, r.first, r.first_at, r.review), (1, Some(Rating::GotIt), T0 + 2, None));
    assert_eq!(p.question("q", "v1"), None);
}

#[test]
fn a_summary_counts_a_lessons_questions_in_their_current_version() {
    let mut p = Progress::new();
    p.answer("a", "f", choice(0), Some(Rating::GotIt), T0);
    p.answer("b", "f", choice(0), Some(Rating::Missed), T0);
    p.answer("b", "f", choice(1), Some(Rating::GotIt), T0 + 1);
    p.answer("c", "f", choice(0), Some(Rating::Missed), T0);
    p.answer("d", "old", choice(0), Some(Rating::GotIt), T0);
    p.answer("elsewhere", "f", choice(0), Some(Rating::GotIt), T0);
    let lesson = [("a", "f"), ("b", "f"), ("c", "f"), ("d", "new"), ("e", "f")];
    assert_eq!(p.summary(lesson), Summary { total: 5, answered: 3, right: 2, first_try_right: 1 });
    assert_eq!(Progress::new().summary(lesson), Summary { total: 5, ..Summary::default() });
}

#[test]
fn multiple_select_keeps_its_choices_sorted_without_repeats() {
    let mut p = Progress::new();
    p.answer("m", "f", Response::Choices { options: vec![3, 0, 3, 1] }, Some(Rating::Missed), T0);
    assert_eq!(p.question("m", "f").unwrap().response, Response::Choices { options: vec![0, 1, 3] });
}

#[test]
fn lessons_runs_and_the_last_visit() {
    let mut p = Progress::new();
    p.mark_read("backpressure", T0);
    p.mark_read("backpressure", T0 + 1);
    p.mark_done("backpressure", T0 + 2);
    p.mark_done("backpressure", T0 + 3);
    let lesson = p.lesson("backpressure").unwrap();
    assert_eq!((lesson.read, lesson.done), (Some(T0), Some(T0 + 2)), "the first time counts");
    p.mark_done("retries", T0);
    assert_eq!(p.lesson("retries").unwrap().read, None, "done without reading to the end");
    assert_eq!(p.lesson("unseen"), None);

    for i in 0..3 {
        p.record_run("/backpressure/#pump", T0 + i);
    }
    let run = p.runs("/backpressure/#pump").unwrap();
    assert_eq!((run.count, run.last), (3, T0 + 2));
    assert_eq!(p.runs("/backpressure/#other"), None);

    p.visit("backpressure", T0);
    p.visit("retries", T0 + 5);
    assert_eq!(p.last_visit().map(|v| (v.lesson.as_str(), v.at)), Some(("retries", T0 + 5)));
}

#[test]
fn an_edit_is_current_stale_or_none() {
    let lesson_code = "const n = 4;\n";
    let base = fingerprint(lesson_code);
    let mut p = Progress::new();
    assert_eq!(p.edit("/l/#r", &base), Edit::None);
    p.save_edit("/l/#r", &base, "const n = 8;\n", T0);
    assert_eq!(p.edit("/l/#r", &base), Edit::Current("const n = 8;\n"));
    assert_eq!(p.edit("/l/#r", &fingerprint("const n = 5;\n")), Edit::Stale, "the lesson's code changed");
    p.drop_edit("/l/#r", T0 + 1);
    assert_eq!(p.edit("/l/#r", &base), Edit::None);
    p.drop_edit("/l/#never", T0 + 1);
    assert_eq!(p.edit("/l/#never", &base), Edit::None);
}

#[test]
fn reset_clears_everything() {
    let mut p = Progress::new();
    p.answer("q", "f", choice(0), Some(Rating::Missed), T0);
    p.mark_read("l", T0);
    p.record_run("r", T0);
    p.save_edit("r", "0123456789abcdef", "x", T0);
    p.visit("l", T0);
    assert!(!p.is_empty());
    p.reset(T0 + 1);
    assert!(p.is_empty());
    assert!(p.due(MAX_TIME).is_empty());
}

#[test]
fn times_out_of_range_are_clamped() {
    let mut p = Progress::new();
    p.answer("past", "f", choice(0), Some(Rating::Missed), -5);
    assert_eq!(p.question("past", "f").unwrap().review, Some(Review { level: 1, due: DAY }));
    p.answer("future", "f", choice(0), Some(Rating::Missed), i64::MAX);
    let r = p.question("future", "f").unwrap();
    assert_eq!(r.last_at, MAX_TIME);
    assert_eq!(r.review.unwrap().due, MAX_TIME, "a due time stays in a Date's range");
    p.record_run("r", i64::MIN);
    assert_eq!(p.runs("r").unwrap().last, 0);
}

#[test]
fn fingerprint_is_fnv1a_64_in_hex() {
    // The reference values of FNV-1a 64.
    assert_eq!(fingerprint(""), "cbf29ce484222325");
    assert_eq!(fingerprint("a"), "af63dc4c8601ec8c");
    assert_eq!(fingerprint("foobar"), "85944171f73967e8");
}
