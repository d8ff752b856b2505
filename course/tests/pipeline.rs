//! The content pipeline: every real lesson compiles, and each kind of bad content fails with the
//! file and line where it is, and a message that says what to do.

use std::path::Path;

use inflight_course::compile::{check_course, load_dir, parse_lesson, ContentError};
use inflight_course::{Block, Demo, Inline};

const GOOD_FRONT: &str = "---\ntitle: A\nslug: a\nsummary: S.\nlevel: middle\nminutes: 3\norder: 1\nrelated: []\n---\n";

fn errors(file: &str, text: &str) -> Vec<ContentError> {
    match parse_lesson(file, text) {
        Ok(parsed) => check_course(&[parsed]),
        Err(e) => e,
    }
}

fn one_error(file: &str, text: &str) -> ContentError {
    let errs = errors(file, text);
    assert_eq!(errs.len(), 1, "expected one error, got {errs:#?}");
    errs.into_iter().next().unwrap()
}

#[test]
fn every_lesson_in_content_compiles() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
    match load_dir(&dir) {
        Ok(lessons) => assert!(!lessons.is_empty(), "content/ holds no lessons"),
        Err(errs) => panic!("content errors:\n{}", errs.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n")),
    }
}

#[test]
fn malformed_front_matter_is_reported_at_its_line() {
    let errs = errors("content/a.md", &GOOD_FRONT.replace("slug: a", "slug a"));
    let first = errs[0].to_string();
    assert!(first.starts_with("content/a.md:3: expected `key: value`"), "{errs:#?}");

    let e = one_error("content/a.md", &GOOD_FRONT.replace("level: middle", "level: expert"));
    assert_eq!(e.line, 5);
    assert!(e.message.contains("junior, middle or senior"));

    let e = one_error("content/a.md", &GOOD_FRONT.replace("minutes: 3", "minutes: three"));
    assert_eq!(e.line, 6);

    let e = one_error("content/a.md", "title: no fences\n");
    assert_eq!(e.line, 1);
    assert!(e.message.contains("front matter"));

    let e = one_error("content/a.md", &GOOD_FRONT.replace("order: 1\n", ""));
    assert!(e.message.contains("lacks `order`"), "{e}");
    assert_eq!(e.line, 8, "a missing key is reported at the closing ---");

    let e = one_error("content/b.md", GOOD_FRONT);
    assert!(e.message.contains("must match the file name"), "{e}");
}

#[test]
fn unknown_directive_or_demo_is_reported_at_the_fence() {
    let text = format!("{GOOD_FRONT}\nText.\n\n```runer semaphore\nlimit = 2\n```\n");
    let e = one_error("content/a.md", &text);
    assert_eq!((e.file.as_str(), e.line), ("content/a.md", 13));
    assert!(e.message.contains("unknown directive or language `runer`"), "{e}");

    let text = format!("{GOOD_FRONT}\n```runner semaphor\n```\n");
    let e = one_error("content/a.md", &text);
    assert_eq!(e.line, 11);
    assert!(e.message.contains("unknown demo `semaphor`") && e.message.contains("semaphore"), "{e}");
}

#[test]
fn runner_parameters_are_checked_against_the_demo() {
    let text = format!("{GOOD_FRONT}\n```runner semaphore\nlimit = 2\ntasks = 99\n```\n");
    let e = one_error("content/a.md", &text);
    assert_eq!(e.line, 13);
    assert!(e.message.contains("Tasks must be a whole number from 1 to 30"), "{e}");

    let text = format!("{GOOD_FRONT}\n```runner semaphore\nlimit = 2\n```\n");
    let lesson = parse_lesson("content/a.md", &text).unwrap().lesson;
    let Block::Runner(runner) = lesson.body[0] else { panic!("expected a runner, got {:?}", lesson.body) };
    assert_eq!(runner.demo, Demo::Semaphore);
    let mut expected = Demo::Semaphore.defaults();
    expected[0] = 2;
    assert_eq!(runner.values, expected.as_slice());
}

#[test]
fn quizzes_need_one_right_answer_and_an_explanation() {
    let quiz = |body: &str| format!("{GOOD_FRONT}\n```quiz\n{body}\n```\n");
    let e = one_error("content/a.md", &quiz("? Q\n- [ ] a\n- [ ] b\n> why"));
    assert!(e.message.contains("mark exactly one"), "{e}");
    let e = one_error("content/a.md", &quiz("? Q\n- [x] a\n- [x] b\n> why"));
    assert_eq!(e.line, 14, "the second `[x]` is on line 14");
    let e = one_error("content/a.md", &quiz("? Q\n- [x] a\n- [ ] b"));
    assert!(e.message.contains("no explanation"), "{e}");
    let e = one_error("content/a.md", &quiz("? Q\n- [x] a\n* b\n> why"));
    assert_eq!(e.line, 14);

    let lesson = parse_lesson("content/a.md", &quiz("? Q\n- [ ] a\n- [x] b\n> why")).unwrap().lesson;
    let Block::Quiz(q) = lesson.body[0] else { panic!() };
    assert_eq!((q.question, q.options, q.answer, q.explanation), ("Q", &["a", "b"][..], 1, "why"));
    let edited = parse_lesson("content/a.md", &quiz("? Q2\n- [ ] a\n- [x] b\n> why")).unwrap().lesson;
    let Block::Quiz(q2) = edited.body[0] else { panic!() };
    assert_ne!(q.id, q2.id, "editing a question changes its id");
}

#[test]
fn course_wide_errors_duplicate_slug_related_and_broken_links() {
    let a = parse_lesson("content/a.md", &format!("{}\nSee [b](/lessons/b/#nope) and [c](/lessons/c/).\n", GOOD_FRONT.replace("related: []", "related: [b, zzz]"))).unwrap();
    let b_text = GOOD_FRONT.replace("slug: a", "slug: b").replace("order: 1", "order: 2") + "\n## Part one\n";
    let b = parse_lesson("content/b.md", &b_text).unwrap();
    let errs: Vec<String> = check_course(&[a, b.clone(), b]).iter().map(|e| e.to_string()).collect();
    let has = |needle: &str| assert!(errs.iter().any(|e| e.contains(needle)), "no `{needle}` in {errs:#?}");
    has("content/b.md:3: duplicate slug `b`");
    has("content/a.md:8: related lesson `zzz` does not exist");
    has("content/a.md:11: link `/lessons/b/#nope`: b has no heading with the anchor #nope");
    has("content/a.md:11: broken internal link `/lessons/c/`");
    has("content/b.md:7: duplicate order 2");
}

#[test]
fn anchors_reach_nested_headings_and_comments_are_dropped() {
    let text = format!("{GOOD_FRONT}\n<!-- a note for authors -->\n\n> [!NOTE]\n> #### Deep one\n\nSee [it](#deep-one). <!-- inline -->\n");
    let parsed = parse_lesson("content/a.md", &text).unwrap();
    assert!(check_course(&[parsed.clone()]).is_empty(), "{:?}", check_course(&[parsed.clone()]));
    let shown: Vec<String> = parsed.lesson.body.iter().map(|b| format!("{b:?}")).collect();
    assert!(!shown.iter().any(|b| b.contains("<!--")), "comments must not reach the page: {shown:?}");
}

#[test]
fn two_runners_of_one_demo_get_distinct_ids_and_headings_keep_off_page_ids() {
    let text = format!("{GOOD_FRONT}\n## Main\n\n```runner semaphore\n```\n\n```runner semaphore\n```\n");
    let lesson = parse_lesson("content/a.md", &text).unwrap().lesson;
    let ids: Vec<&str> = lesson.body.iter().filter_map(|b| if let Block::Runner(r) = b { Some(r.id) } else { None }).collect();
    assert_eq!(ids, ["demo-semaphore", "demo-semaphore-2"]);
    assert_eq!(lesson.toc[0].id, "section-main");

    let quiz = "```quiz\n? Q\n- [x] a\n- [ ] b\n> why\n```\n";
    let e = one_error("content/a.md", &format!("{GOOD_FRONT}\n{quiz}\n{quiz}"));
    assert!(e.message.contains("same question"), "{e}");
}

#[test]
fn raw_html_becomes_text_and_links_must_be_known_kinds() {
    let text = format!("{GOOD_FRONT}\n<script>alert(1)</script>\n\nInline <img src=x onerror=alert(1)> here.\n");
    let lesson = parse_lesson("content/a.md", &text).unwrap().lesson;
    let texts: Vec<&str> = lesson
        .body
        .iter()
        .flat_map(|b| match b {
            Block::Paragraph(inlines) => inlines.to_vec(),
            other => panic!("raw HTML must become a paragraph of text, got {other:?}"),
        })
        .map(|i| match i {
            Inline::Text(t) => t,
            other => panic!("expected text, got {other:?}"),
        })
        .collect();
    assert!(texts.contains(&"<script>alert(1)</script>"), "{texts:?}");
    assert!(texts.contains(&"<img src=x onerror=alert(1)>"), "{texts:?}");

    let e = one_error("content/a.md", &format!("{GOOD_FRONT}\n[x](other.md)\n"));
    assert!(e.message.contains("neither a site path"), "{e}");
}

#[test]
fn headings_get_unique_anchors_and_a_table_of_contents() {
    let text = format!("{GOOD_FRONT}\n## Why it breaks\n\n### Why it breaks\n\n## `write()` returns false\n");
    let lesson = parse_lesson("content/a.md", &text).unwrap().lesson;
    let ids: Vec<&str> = lesson.toc.iter().map(|t| t.id).collect();
    assert_eq!(ids, ["why-it-breaks", "why-it-breaks-2", "write-returns-false"]);
    let e = one_error("content/a.md", &format!("{GOOD_FRONT}\n# Title again\n"));
    assert!(e.message.contains("level-1 heading"));
}
