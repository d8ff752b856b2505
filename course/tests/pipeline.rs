//! The content pipeline: every real lesson compiles, and each kind of bad content fails with the
//! file and line where it is, and a message that says what to do.

use std::path::Path;

use inflight_course::compile::{check_course, load_dir, parse_lesson, parse_lesson_with, ContentError};
use inflight_course::{knob_value, with_knob, Block, Inline, Oracle};

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
fn unknown_directive_or_runner_option_is_reported_at_the_fence() {
    let text = format!("{GOOD_FRONT}\nText.\n\n```runer file=a.ts\nlimit = 2\n```\n");
    let e = one_error("content/a.md", &text);
    assert_eq!((e.file.as_str(), e.line), ("content/a.md", 13));
    assert!(e.message.contains("unknown directive or language `runer`"), "{e}");

    let text = format!("{GOOD_FRONT}\n```runner semaphore\nconsole.log(1);\n```\n");
    let e = one_error("content/a.md", &text);
    assert_eq!(e.line, 11);
    assert!(e.message.contains("unknown option `semaphore`"), "{e}");

    let text = format!("{GOOD_FRONT}\n```runner file=a.ts\nconsole.log(1);\n```\n");
    let e = one_error("content/a.md", &text);
    assert!(e.message.contains("needs `file=NAME.ts`") && e.message.contains("title="), "{e}");

    let text = format!("{GOOD_FRONT}\n```runner file=a.py title=\"A\"\nprint(1)\n```\n");
    assert!(one_error("content/a.md", &text).message.contains("must be a file name ending in .ts"));
}

/// The runner block of these tests, around `code`.
fn runner_block(options: &str, code: &str) -> String {
    format!("{GOOD_FRONT}\n```runner file=demo.ts title=\"A demo\" {options}\n{code}\n```\n")
}

#[test]
fn a_runners_code_runs_at_build_time_and_its_errors_point_at_their_line() {
    // The fence is line 11, so the code's line 2 is line 13 of the file.
    let e = one_error("content/a.md", &runner_block("", "console.log(1);\nconst x = ;"));
    assert_eq!(e.line, 13, "{e}");
    assert!(e.message.contains("2:11") && e.message.contains("demo.ts"), "{e}");

    let e = one_error("content/a.md", &runner_block("", "console.log(1);\n\nenum Color { Red }"));
    assert_eq!(e.line, 14, "{e}");
    assert!(e.message.contains("enum"), "{e}");

    let e = one_error("content/a.md", &runner_block("", "setTimeout(() => { throw new RangeError('late'); }, 5);"));
    assert!(e.message.contains("exits with status 1") && e.message.contains("RangeError: late"), "{e}");

    let e = one_error("content/a.md", &runner_block("lanes=work", "function other() {}\nother();"));
    assert!(e.message.contains("never calls a function named `work`"), "{e}");
}

#[test]
fn knobs_are_constants_of_the_code_and_must_run_at_both_bounds() {
    let e = one_error("content/a.md", &runner_block("knob=\"LIMIT 1..5 Limit\"", "console.log(1);"));
    assert!(e.message.contains("needs a line `const LIMIT = <integer>;`"), "{e}");

    let e = one_error("content/a.md", &runner_block("knob=\"LIMIT 1..5 Limit\"", "const LIMIT = 9;"));
    assert!(e.message.contains("is 9 in the code, outside 1..5"), "{e}");

    let code = "const N = 2;\nif (N > 3) throw new Error('too many: ' + N);\nconsole.log(N);";
    let e = one_error("content/a.md", &runner_block("knob=\"N 1..5 How many\"", code));
    assert!(e.message.contains("with N = 5 exits with status 1") && e.message.contains("too many: 5"), "{e}");

    let e = one_error("content/a.md", &runner_block("knob=\"N 5..1 How many\"", code));
    assert!(e.message.contains("MIN <= MAX"), "{e}");

    let text = runner_block("lanes=work,other seed=7 predict oracle=node knob=\"N 1..3 How many\"", "const N = 2;\nasync function work(i: number) { return i; }\nfunction other() {}\nfor (let i = 0; i < N; i++) work(i);\nother();");
    let lesson = parse_lesson("content/a.md", &text).unwrap().lesson;
    let Block::Runner(r) = lesson.body[0] else { panic!("expected a runner, got {:?}", lesson.body) };
    assert_eq!((r.id, r.file, r.title, r.seed, r.predict, r.oracle), ("run-demo", "demo.ts", "A demo", 7, true, Oracle::Node));
    assert_eq!(r.lanes, ["work", "other"]);
    assert_eq!((r.knobs[0].name, r.knobs[0].label, r.knobs[0].min, r.knobs[0].max, r.knobs[0].value), ("N", "How many", 1, 3, 2));
    assert!(r.code.starts_with("const N = 2;") && !r.code.ends_with('\n'));
}

#[test]
fn a_knob_rewrites_only_its_own_constant() {
    let code = "const LIMITS = [1];\n  const LIMIT = 3; // the pool\nconst LIMIT_2 = 4;\nconst TASKS = -2;\nconst NAME: string = 'x';\n";
    assert_eq!(knob_value(code, "LIMIT"), Some(3));
    assert_eq!(knob_value(code, "TASKS"), Some(-2));
    assert_eq!(knob_value(code, "NAME"), None);
    assert_eq!(knob_value(code, "MISSING"), None);
    assert_eq!(with_knob(code, "LIMIT", 10).unwrap(), code.replace("LIMIT = 3", "LIMIT = 10"));
    assert_eq!(with_knob(code, "TASKS", 5).unwrap(), code.replace("-2", "5"));
    assert_eq!(with_knob("let LIMIT = 3;", "LIMIT", 1), None);
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
fn two_runners_of_one_file_get_distinct_ids_and_headings_keep_off_page_ids() {
    let block = "```runner file=a.ts title=\"A\"\nconsole.log(1);\n```\n";
    let text = format!("{GOOD_FRONT}\n## Main\n\n## Run a\n\n{block}\n{block}");
    let lesson = parse_lesson("content/a.md", &text).unwrap().lesson;
    let ids: Vec<&str> = lesson.body.iter().filter_map(|b| if let Block::Runner(r) = b { Some(r.id) } else { None }).collect();
    assert_eq!(ids, ["run-a", "run-a-2"]);
    assert_eq!(lesson.toc[0].id, "section-main");
    assert_eq!(lesson.toc[1].id, "section-run-a");
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

#[test]
fn a_simulation_names_a_model_and_its_settings_are_checked_at_their_line() {
    let sim = |options: &str, body: &str| format!("{GOOD_FRONT}\n```simulation {options}\n{body}\n```\n");
    let text = sim("model=migration title=\"M\" seed=7", "A: regime=unbounded\nB: regime=bounded k=20");
    let lesson = parse_lesson("content/a.md", &text).unwrap().lesson;
    let Block::Simulation(s) = lesson.body[0] else { panic!("{:?}", lesson.body) };
    assert_eq!((s.id, s.model, s.title, s.seed), ("sim-migration", "migration", "M", 7));
    assert_eq!((s.a[0], s.b[0], s.b[1]), (1, 2, 20), "regimes by index, k as written");

    let e = one_error("content/a.md", &sim("model=migrate title=\"M\"", "A: k=2"));
    assert_eq!(e.line, 11);
    assert!(e.message.contains("unknown model `migrate` (models: migration, writable, retry-storm, queueing)"), "{e}");
    // The fence is line 11, so B's line is 13.
    let e = one_error("content/a.md", &sim("model=migration title=\"M\"", "A: regime=unbounded\nB: k=0"));
    assert_eq!(e.line, 13);
    assert!(e.message.contains("B: k, the limit (when k at a time) must be from 1 to 1,000 (got 0)."), "{e}");
    let e = one_error("content/a.md", &sim("model=queueing title=\"Q\"", "A: utilisation=80\nC: utilisation=90"));
    assert!(e.message.contains("must be `A: name=value ...` or `B: name=value ...`"), "{e}");
    let e = one_error("content/a.md", &sim("model=queueing", "A: utilisation=80"));
    assert!(e.message.contains("needs `model=NAME` and `title="), "{e}");
    let e = one_error("content/a.md", &sim("model=queueing title=\"Q\"", ""));
    assert!(e.message.contains("needs a line `A: name=value ...`"), "{e}");
}

/// A small diagram that passes every check, as a hand-written file would be.
const GOOD_SVG: &str = r##"<?xml version="1.0" encoding="UTF-8"?>
<!-- A note for authors: dropped. -->
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 340 120">
  <desc>Two boxes joined by an arrow: a producer on the left writes into a sink on the right.</desc>
  <defs>
    <marker id="head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto">
      <path class="d-head" d="M0 0 L10 5 L0 10 Z"/>
    </marker>
  </defs>
  <rect class="d-box" x="10" y="10" width="100" height="40"/>
  <text x="20" y="35">producer &amp; co</text>
  <path class="d-arrow" d="M110 30 H220" marker-end="url(#head)"/>
  <use href="#head" x="0" y="0"/>
</svg>
"##;

/// A lesson with one diagram block, whose files are `files` (name, text).
fn diagram_lesson(info: &str, caption: &str) -> String {
    format!("{GOOD_FRONT}\n```diagram {info}\n{caption}\n```\n")
}

fn parse_with(text: &str, files: &[(&str, &str)]) -> Result<inflight_course::compile::Parsed, Vec<ContentError>> {
    let files: Vec<(String, String)> = files.iter().map(|(n, t)| (n.to_string(), t.to_string())).collect();
    let read = move |name: &str| {
        files.iter().find(|(n, _)| n == name).map(|(_, t)| t.clone()).ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, "No such file or directory"))
    };
    parse_lesson_with("content/a.md", text, &read)
}

/// The one error a lesson with this diagram block and these files has.
fn diagram_error(info: &str, caption: &str, files: &[(&str, &str)]) -> ContentError {
    let errs = match parse_with(&diagram_lesson(info, caption), files) {
        Ok(parsed) => check_course(&[parsed]),
        Err(e) => e,
    };
    assert_eq!(errs.len(), 1, "expected one error, got {errs:#?}");
    errs.into_iter().next().unwrap()
}

/// GOOD_SVG with `from` replaced by `to` (which must change it).
fn svg_with(from: &str, to: &str) -> String {
    assert!(GOOD_SVG.contains(from), "{from:?} is not in the good diagram");
    GOOD_SVG.replacen(from, to, 1)
}

#[test]
fn a_diagram_reads_its_svg_checks_it_and_bakes_it_with_its_caption() {
    let text = diagram_lesson("file=flow.svg", "The producer writes, the sink takes: see `write()` and [backpressure](#flow).");
    let text = text.replace("```diagram", "## Flow\n\n```diagram");
    let parsed = parse_with(&text, &[("flow.svg", GOOD_SVG)]).unwrap_or_else(|e| panic!("{e:#?}"));
    assert!(check_course(std::slice::from_ref(&parsed)).is_empty(), "{:?}", check_course(std::slice::from_ref(&parsed)));
    assert_eq!(parsed.links, [("#flow", 14)], "the caption's links are checked with the lesson's, at their line");
    let Block::Diagram(d) = parsed.lesson.body[1] else { panic!("{:?}", parsed.lesson.body) };
    assert_eq!((d.id, d.file), ("diagram-flow", "flow.svg"));
    assert_eq!(d.label, "Two boxes joined by an arrow: a producer on the left writes into a sink on the right.");
    assert!(d.svg.starts_with(r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 340 120" role="img" aria-label="Two boxes joined"#), "{}", d.svg);
    assert!(!d.svg.contains("<desc>"), "the desc became the label and is not read twice: {}", d.svg);
    assert!(!d.svg.contains("<!--") && !d.svg.contains("<?xml"), "{}", d.svg);
    assert!(d.svg.contains(r#"<marker id="diagram-flow-head""#) && d.svg.contains(r#"marker-end="url(#diagram-flow-head)""#), "ids are prefixed: {}", d.svg);
    assert!(d.svg.contains(r##"<use href="#diagram-flow-head""##), "{}", d.svg);
    assert!(d.svg.contains("<text x=\"20\" y=\"35\">producer &amp; co</text>"), "{}", d.svg);
    assert!(d.svg.ends_with("</svg>"), "{}", d.svg);
    assert_eq!(
        d.caption,
        [
            Inline::Text("The producer writes, the sink takes: see "),
            Inline::Code("write()"),
            Inline::Text(" and "),
            Inline::Link { href: "#flow", content: &[Inline::Text("backpressure")] },
            Inline::Text("."),
        ]
    );

    // An aria-label of the file's own is kept, role="img" is added, and the same file twice on a
    // page gets ids of its own.
    let labelled = svg_with(r#"viewBox="0 0 340 120">"#, r#"viewBox="0 0 340 120" aria-label="A producer box with an arrow to a sink box, left to right">"#);
    let text = format!("{}\n```diagram file=flow.svg\nAgain.\n```\n", diagram_lesson("file=flow.svg", "Once."));
    let lesson = parse_with(&text, &[("flow.svg", &labelled)]).unwrap_or_else(|e| panic!("{e:#?}")).lesson;
    let ds: Vec<_> = lesson.body.iter().filter_map(|b| if let Block::Diagram(d) = b { Some(*d) } else { None }).collect();
    assert_eq!(ds.iter().map(|d| d.id).collect::<Vec<_>>(), ["diagram-flow", "diagram-flow-2"]);
    assert_eq!(ds[0].label, "A producer box with an arrow to a sink box, left to right");
    assert!(ds[0].svg.contains("<desc>"), "a desc beside an aria-label stays: {}", ds[0].svg);
    assert!(ds[1].svg.contains(r#"id="diagram-flow-2-head""#), "{}", ds[1].svg);
    assert_eq!(ds[0].svg.matches("aria-label=").count(), 1);

    // Headings keep off the diagrams' ids.
    let lesson = parse_lesson("content/a.md", &format!("{GOOD_FRONT}\n## Diagram flow head\n")).unwrap().lesson;
    assert_eq!(lesson.toc[0].id, "section-diagram-flow-head");
}

#[test]
fn a_diagrams_errors_are_reported_at_its_fence() {
    let good = [("flow.svg", GOOD_SVG)];
    // The fence is line 11.
    let e = diagram_error("file=missing.svg", "A caption.", &good);
    assert_eq!((e.file.as_str(), e.line), ("content/a.md", 11), "{e}");
    assert!(e.message.contains("cannot read content/diagrams/missing.svg"), "{e}");

    let e = diagram_error("file=flow.svg", "", &good);
    assert_eq!(e.line, 11, "{e}");
    assert!(e.message.contains("`flow.svg` has no caption"), "{e}");
    let e = diagram_error("file=flow.svg", "   \n  ", &good);
    assert!(e.message.contains("has no caption"), "{e}");
    let e = diagram_error("file=flow.svg", "- a list\n- is not a caption", &good);
    assert!(e.message.contains("must be one paragraph"), "{e}");
    let e = diagram_error("file=flow.svg", &"Long. ".repeat(80), &good);
    assert!(e.message.contains("over 400"), "{e}");

    let e = diagram_error("", "A caption.", &good);
    assert!(e.message.contains("needs `file=NAME.svg`"), "{e}");
    let e = diagram_error("file=../secret.svg", "A caption.", &good);
    assert!(e.message.contains("must name a file in content/diagrams/"), "{e}");
    let e = diagram_error("file=Flow.SVG", "A caption.", &good);
    assert!(e.message.contains("must name a file in content/diagrams/"), "{e}");
    let e = diagram_error("file=flow.svg alt=x", "A caption.", &good);
    assert!(e.message.contains("unknown option `alt=x`"), "{e}");

    // Without a diagrams folder, a diagram block cannot be read.
    let e = one_error("content/a.md", &diagram_lesson("file=flow.svg", "A caption."));
    assert!(e.message.contains("cannot read content/diagrams/flow.svg"), "{e}");
}

#[test]
fn a_diagram_must_be_a_picture_and_nothing_else() {
    // Each bad file, what it must be refused for, and the line of the SVG file it is on.
    let cases: Vec<(String, &str, usize)> = vec![
        (svg_with("<defs>", "<script>alert(1)</script><defs>"), "<script> is not allowed", 5),
        (svg_with("<defs>", "<SCRIPT>alert(1)</SCRIPT><defs>"), "<script> is not allowed", 5),
        (svg_with(r#"<rect class="d-box""#, r#"<rect onclick="alert(1)" class="d-box""#), "event handler attribute `onclick=`", 10),
        (svg_with(r#"viewBox="0 0 340 120">"#, r#"viewBox="0 0 340 120" onload="alert(1)">"#), "event handler attribute `onload=`", 3),
        (svg_with(r#"<text x="20""#, r#"<text ONMOUSEOVER="x()" x="20""#), "event handler attribute `ONMOUSEOVER=`", 11),
        (svg_with(r#"<text x="20""#, r#"<text xlink:onclick="x()" x="20""#), "event handler attribute `xlink:onclick=`", 11),
        (svg_with("Two boxes joined", "<b>Two</b> boxes joined"), "<b> inside <desc>: a title or desc holds text only", 4),
        (svg_with("producer &amp; co", "producer <rect width=\"1\" height=\"1\"/>"), "<rect> inside <text>: text holds text and <tspan> only", 11),
        (svg_with(r##"<use href="#head""##, r#"<use href="https://example.com/a.svg#head""#), "external reference href=\"https://example.com/a.svg#head\"", 13),
        (svg_with(r##"<use href="#head""##, r#"<use xlink:href="data:image/svg+xml,x""#), "external reference xlink:href=", 13),
        (svg_with(r##"<use href="#head""##, r#"<use href="javascript:alert(1)""#), "external reference", 13),
        (svg_with(r#"marker-end="url(#head)""#, r#"marker-end="url(https://example.com/m.svg#a)""#), "external reference marker-end=", 12),
        (svg_with(r#"<rect class="d-box""#, r#"<rect style="fill: url(https://example.com/x)" class="d-box""#), "style=", 10),
        (svg_with(r#"<rect class="d-box""#, r#"<rect style="fill: U\72L(x)" class="d-box""#), "a backslash in `style=`", 10),
        (svg_with("<defs>", r#"<foreignObject width="10" height="10"><p>hi</p></foreignObject><defs>"#), "<foreignObject> is not allowed", 5),
        (svg_with("<defs>", r#"<image href="x.png"/><defs>"#), "<image> is not an element a diagram may use", 5),
        (svg_with("<defs>", r#"<style>text { fill: red }</style><defs>"#), "<style> is not an element", 5),
        (svg_with("<defs>", r##"<a href="#head"><rect width="1" height="1"/></a><defs>"##), "<a> is not an element", 5),
        (svg_with(r#" viewBox="0 0 340 120""#, ""), "has no viewBox", 3),
        (svg_with(r#"viewBox="0 0 340 120""#, r#"viewBox="0 0 340""#), "must be four numbers", 3),
        (svg_with(r#"viewBox="0 0 340 120""#, r#"viewBox="0 0 0 120""#), "must be four numbers", 3),
        (svg_with(r#"viewBox="0 0 340 120">"#, r#"viewBox="0 0 340 120" role="presentation">"#), "role=\"presentation\"", 3),
        (svg_with("<desc>Two boxes joined by an arrow: a producer on the left writes into a sink on the right.</desc>", ""), "has no text alternative", 3),
        (svg_with("Two boxes joined by an arrow: a producer on the left writes into a sink on the right.", "Diagram"), "too short to stand in for the picture", 3),
        (svg_with(r#"marker-end="url(#head)""#, r#"marker-end="url(#tail)""#), "points at #tail, and no element has id=\"tail\"", 12),
        (svg_with(r#"<rect class="d-box""#, r#"<rect id="head" class="d-box""#), "id=\"head\" is used twice", 10),
        (svg_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<!DOCTYPE svg [<!ENTITY x \"y\">]>"), "a DOCTYPE is not allowed", 1),
        (svg_with("producer &amp; co", "producer &x; co"), "the entity &x; is not one a diagram may use", 11),
        (svg_with("producer &amp; co", "<![CDATA[ a ]]>"), "CDATA is not allowed", 11),
        (svg_with("</svg>", "</svg>\n<svg viewBox=\"0 0 1 1\"></svg>"), "more after the </svg>", 15),
        (svg_with("</svg>", ""), "<svg> is never closed", 3),
        (svg_with("<defs>", "<svg viewBox=\"0 0 1 1\"/><defs>"), "an <svg> inside the <svg>", 5),
        (svg_with("  <defs>", "  stray words\n  <defs>"), "text `stray words` directly inside <svg>", 3),
        ("<html><body></body></html>".to_string(), "the root element is <html>", 1),
    ];
    for (svg, wanted, svg_line) in &cases {
        let e = diagram_error("file=flow.svg", "A caption.", &[("flow.svg", svg.as_str())]);
        assert_eq!(e.line, 11, "reported at the fence: {e}");
        let at = format!("diagram `flow.svg`: content/diagrams/flow.svg:{svg_line}: ");
        assert!(e.message.starts_with(&at) && e.message.contains(wanted), "wanted `{at}...{wanted}...`, got: {e}");
    }
}
