//! The quiz format: every kind of question compiles into the typed model, and each kind of bad
//! quiz fails with the file and the line where the problem is. Also the pure helpers the site
//! shares with the build: short-answer matching and code spans.

use inflight_course::compile::{check_course, parse_lesson, ContentError};
use inflight_course::{
    code_spans, normalize_short_answer, parse_number, short_answer_matches, Block, Oracle, PredictInput, Quiz, QuizKind,
};

const GOOD_FRONT: &str = "---\ntitle: A\nslug: a\nsummary: S.\nlevel: middle\nminutes: 3\norder: 1\nrelated: []\n---\n";

/// A lesson holding one quiz block: the fence is line 11, the body starts on line 12.
fn lesson(info: &str, body: &str) -> String {
    format!("{GOOD_FRONT}\n```quiz {info}\n{body}\n```\n")
}

fn errors(text: &str) -> Vec<ContentError> {
    match parse_lesson("content/a.md", text) {
        Ok(parsed) => check_course(&[parsed]),
        Err(e) => e,
    }
}

#[track_caller]
fn one_error(text: &str) -> ContentError {
    let errs = errors(text);
    assert_eq!(errs.len(), 1, "expected one error, got {errs:#?}");
    errs.into_iter().next().unwrap()
}

/// Asserts one error, at `line` of content/a.md, whose message holds `needle`.
#[track_caller]
fn fails_at(text: &str, line: usize, needle: &str) {
    let e = one_error(text);
    assert_eq!((e.file.as_str(), e.line), ("content/a.md", line), "{e}");
    assert!(e.message.contains(needle), "no `{needle}` in: {e}");
}

#[track_caller]
fn quiz(text: &str) -> Quiz {
    let parsed = parse_lesson("content/a.md", text).unwrap_or_else(|e| panic!("{e:#?}"));
    let errs = check_course(std::slice::from_ref(&parsed));
    assert!(errs.is_empty(), "{errs:#?}");
    match parsed.lesson.body {
        [Block::Quiz(q)] => *q,
        other => panic!("expected one quiz, got {other:?}"),
    }
}

#[test]
fn a_single_choice_question_with_a_hint_and_an_explanation_per_option() {
    let body = "? Which runs first, `nextTick` or `then`?\nhint: Which queue does the checkpoint empty first?\n- [x] `nextTick`\n  > The nextTick queue\n  > comes first.\n- [ ] `then`\n> In CommonJS.\n>\n> Not in an ES module.";
    let q = quiz(&lesson("id=tick-first", body));
    assert_eq!(q.id, "tick-first");
    assert_eq!(q.question, "Which runs first, `nextTick` or `then`?");
    assert_eq!(q.hint, Some("Which queue does the checkpoint empty first?"));
    assert_eq!(q.explanation, Some("In CommonJS.\n\nNot in an ES module."));
    assert_eq!(q.fingerprint.len(), 16);
    assert!(q.fingerprint.chars().all(|c| c.is_ascii_hexdigit()));
    let QuizKind::Single(options) = q.kind else { panic!("{:?}", q.kind) };
    assert_eq!(options.len(), 2);
    assert_eq!((options[0].text, options[0].right, options[0].explanation), ("`nextTick`", true, Some("The nextTick queue comes first.")));
    assert_eq!((options[1].text, options[1].right, options[1].explanation), ("`then`", false, None));
    assert_eq!(q.kind.name(), "single");
}

#[test]
fn a_multiple_select_question_has_one_or_more_right_options() {
    let body = "? Which are microtasks?\n- [x] a promise reaction\n- [X] `queueMicrotask`\n  > Same queue.\n- [ ] `setImmediate`\n> Both share the microtask queue.";
    let q = quiz(&lesson("multiple id=which-microtasks", body));
    let QuizKind::Multiple(options) = q.kind else { panic!("{:?}", q.kind) };
    let right: Vec<bool> = options.iter().map(|o| o.right).collect();
    assert_eq!(right, [true, true, false]);
    assert_eq!(options[1].explanation, Some("Same queue."));

    // One right option is a multiple-select question too.
    let q = quiz(&lesson("id=one-of-many multiple", "? Q\n- [x] a\n- [ ] b\n> why"));
    assert!(matches!(q.kind, QuizKind::Multiple(o) if o.len() == 2));
}

#[test]
fn a_predict_questions_answer_is_what_the_interpreter_prints() {
    let code = "function log(s) { console.log(s); }\nsetTimeout(() => log('timeout'), 0);\nPromise.resolve().then(() => log('then'));\nprocess.nextTick(() => log('tick'));\nconsole.log('a\\nb');";
    let body = format!("? What does it print?\nhint: Checkpoint.\n> Ticks first.\n---\n{code}");
    let q = quiz(&lesson("predict id=tick-order file=order.cjs seed=9 lanes=log title=\"Tick order\"", &body));
    let QuizKind::Predict(p) = q.kind else { panic!("{:?}", q.kind) };
    assert_eq!(p.answer, ["a", "b", "tick", "then", "timeout"], "a line printed with a newline counts as two");
    assert_eq!((p.input, p.exit_code), (PredictInput::Arrange, 0));
    let r = p.program;
    assert_eq!((r.id, r.file, r.title, r.seed, r.oracle, r.predict), ("quiz-tick-order-run", "order.cjs", "Tick order", 9, Oracle::Virtual, false));
    assert_eq!(r.lanes, ["log"]);
    assert!(r.knobs.is_empty());
    assert!(r.code.starts_with("function log(s)") && r.code.ends_with("console.log('a\\nb');"), "{:?}", r.code);
    assert_eq!((q.hint, q.explanation), (Some("Checkpoint."), Some("Ticks first.")));

    // Typed answers, Node as the oracle, and a title that defaults to the file's name.
    let q = quiz(&lesson("predict id=typed file=one.mjs input=type oracle=node", "? Q\n> why\n---\nconsole.log('only');"));
    let QuizKind::Predict(p) = q.kind else { panic!() };
    assert_eq!((p.input, p.program.oracle, p.program.title, p.answer), (PredictInput::Type, Oracle::Node, "one.mjs", &["only"][..]));

    // A question about an uncaught error says so with `exit=1`; the answer is stdout.
    let q = quiz(&lesson("predict id=it-throws file=throws.js exit=1 input=type", "? Q\n> why\n---\nconsole.log('before');\nPromise.resolve().then(() => console.log('job'));\nthrow new Error('boom');"));
    let QuizKind::Predict(p) = q.kind else { panic!() };
    assert_eq!((p.answer, p.exit_code), (&["before"][..], 1));
}

#[test]
fn a_short_answer_question_lists_its_accepted_answers() {
    let q = quiz(&lesson("short id=hwm", "? Default `highWaterMark`, in bytes?\n= 16384\n= 16 KiB\nhint: A power of two.\n> 16 KiB in Node 20."));
    let QuizKind::Short(s) = q.kind else { panic!("{:?}", q.kind) };
    assert_eq!(s.accepted, ["16384", "16 KiB"]);
    assert!(short_answer_matches(" 16,384 ", s.accepted));
    assert!(short_answer_matches("16  kib", s.accepted));
    assert!(!short_answer_matches("16", s.accepted));
}

#[test]
fn a_review_prompt_reveals_a_model_answer() {
    let q = quiz(&lesson("review id=explain-it", "? Explain the checkpoint.\nhint: Two queues.\n> It empties the nextTick queue,\n> then the microtask queue.\n>\n> And repeats."));
    let QuizKind::Review(r) = q.kind else { panic!("{:?}", q.kind) };
    assert_eq!(r.model_answer, "It empties the nextTick queue, then the microtask queue.\n\nAnd repeats.");
    assert_eq!(q.explanation, None, "a review prompt's revealed text is its model answer");
    assert_eq!(q.hint, Some("Two queues."));
}

#[test]
fn the_fingerprint_follows_the_question_and_its_answer_and_the_id_stays() {
    let base = "? Q\nhint: h\n- [ ] a\n  > no\n- [x] b\n> why";
    let fp = |info: &str, body: &str| {
        let q = quiz(&lesson(info, body));
        (q.id, q.fingerprint)
    };
    let (id, original) = fp("id=stable", base);
    for (what, edited) in [("question", base.replace("? Q", "? Q2")), ("an option", base.replace("- [ ] a", "- [ ] c")), ("the answer", base.replace("- [ ] a", "- [x] a").replace("- [x] b", "- [ ] b"))] {
        let (same_id, changed) = fp("id=stable", &edited);
        assert_eq!(same_id, id);
        assert_ne!(changed, original, "editing {what} changes the fingerprint");
    }
    for (what, edited) in [("hint", base.replace("hint: h", "hint: other")), ("explanation", base.replace("> why", "> because")), ("option's explanation", base.replace("> no", "> never"))] {
        assert_eq!(fp("id=stable", &edited).1, original, "editing the {what} keeps the fingerprint");
    }
    assert_ne!(fp("multiple id=stable", base).1, original, "the kind is part of it");

    let program = |code: &str| fp("predict id=p file=p.js input=type", &format!("? Q\n> why\n---\n{code}")).1;
    assert_ne!(program("console.log('x');"), program("console.log('y');"));
    let short = |answers: &str| fp("short id=s", &format!("? Q\n{answers}\n> why")).1;
    assert_ne!(short("= 1"), short("= 1\n= one"));
    let review = |model: &str| fp("review id=r", &format!("? Q\n> {model}")).1;
    assert_ne!(review("this"), review("that"));
}

#[test]
fn a_quiz_needs_a_valid_id_unique_across_the_course() {
    fails_at(&lesson("", "? Q\n- [x] a\n- [ ] b\n> why"), 11, "needs an id");
    fails_at(&lesson("id=Bad_Id", "? Q\n- [x] a\n- [ ] b\n> why"), 11, "lowercase letters, digits and `-`");
    fails_at(&lesson("id=a id=b", "? Q\n- [x] a\n- [ ] b\n> why"), 11, "given twice");

    // Twice in one lesson: reported at the second fence, naming the first.
    let block = |id: &str, q: &str| format!("```quiz id={id}\n? {q}\n- [x] a\n- [ ] b\n> why\n```\n");
    let text = format!("{GOOD_FRONT}\n{}\n{}", block("same", "One"), block("same", "Two"));
    fails_at(&text, 18, "duplicate quiz id `same`: content/a.md:11 has it already");

    // In two lessons.
    let a = parse_lesson("content/a.md", &format!("{GOOD_FRONT}\n{}", block("shared", "One"))).unwrap();
    let b_front = GOOD_FRONT.replace("slug: a", "slug: b").replace("order: 1", "order: 2");
    let b = parse_lesson("content/b.md", &format!("{b_front}\n\n{}", block("shared", "Two"))).unwrap();
    let errs: Vec<String> = check_course(&[a, b]).iter().map(|e| e.to_string()).collect();
    assert_eq!(errs, ["content/b.md:12: duplicate quiz id `shared`: content/a.md:11 has it already (ids are unique across the course)"]);

    // The same question under two ids.
    let text = format!("{GOOD_FRONT}\n{}\n{}", block("first", "Same"), block("second", "Same"));
    fails_at(&text, 18, "quiz `second` asks the same question as quiz `first` (content/a.md:11)");
}

#[test]
fn choice_questions_need_their_right_answers_and_explanations() {
    fails_at(&lesson("id=q", "? Q\n- [ ] a\n- [ ] b\n> why"), 15, "mark exactly one with `- [x]`");
    fails_at(&lesson("multiple id=q", "? Q\n- [ ] a\n- [ ] b\n> why"), 15, "mark each right one with `- [x]`");
    fails_at(&lesson("id=q", "? Q\n- [x] a\n- [x] b\n> why"), 14, "this is the second");
    fails_at(&lesson("id=q", "? Q\n- [x] a\n> why"), 14, "at least two");
    fails_at(&lesson("id=q", "? Q\n- [x] a\n- [ ]\n> why"), 14, "an empty option");
    fails_at(&lesson("id=q", "? Q\n- [x] a\n- [ ] b"), 14, "no explanation");
    fails_at(&lesson("id=q", "- [x] a\n- [ ] b\n> why"), 12, "no question");
    fails_at(&lesson("id=q", "?\n- [x] a\n- [ ] b\n> why"), 12, "the question is empty");
    fails_at(&lesson("id=q", "? Q\n? Q again\n- [x] a\n- [ ] b\n> why"), 13, "holds one question");
    fails_at(&lesson("id=q", "? Q\nhint: a\nhint: b\n- [x] a\n- [ ] b\n> why"), 14, "one `hint:` line");
}

#[test]
fn each_kind_refuses_the_lines_and_options_of_the_others() {
    fails_at(&lesson("id=q", "? Q\n- [x] a\n* b\n> why"), 14, "unexpected line in a single-choice question: `* b`");
    fails_at(&lesson("id=q", "? Q\n  > why, of nothing\n- [x] a\n- [ ] b\n> why"), 13, "explains the option just above it");
    fails_at(&lesson("id=q", "? Q\n- [x] a\n- [ ] b\n= a\n> why"), 15, "`= answer` lines are the key of a short-answer question");
    fails_at(&lesson("short id=q", "? Q\n- [x] a\n= a\n> why"), 13, "options belong to single-choice and multiple-select");
    fails_at(&lesson("review id=q", "? Q\n= a\n> model"), 13, "and this is a review prompt");
    fails_at(&lesson("id=q", "? Q\n- [x] a\n- [ ] b\n> why\n---\nconsole.log(1);"), 16, "`---` starts the program of a predict question");
    fails_at(&lesson("id=q colour=red", "? Q\n- [x] a\n- [ ] b\n> why"), 11, "unknown option `colour=red`");
    fails_at(&lesson("id=q short review", "? Q\n> why"), 11, "`short` and `review`: a question is of one kind");
    fails_at(&lesson("id=q file=a.js", "? Q\n- [x] a\n- [ ] b\n> why"), 11, "`file=` is an option of predict questions, and this is a single-choice question");
    fails_at(&lesson("short id=q input=type", "? Q\n= 1\n> why"), 11, "`input=` is an option of predict questions");
    fails_at(&lesson("id=q title=\"open", "? Q\n- [x] a\n- [ ] b\n> why"), 11, "unclosed `\"`");
    fails_at(&lesson("id=q", "? Is `write( ok?\n- [x] a\n- [ ] b\n> why"), 12, "an unclosed backtick");
    fails_at(&lesson("id=q", "? Q\n- [x] a\n  > see `drain\n- [ ] b\n> why"), 14, "an unclosed backtick");
}

#[test]
fn short_answer_keys_are_not_empty_and_not_repeated() {
    fails_at(&lesson("short id=q", "? Q\n> why"), 13, "needs its key");
    fails_at(&lesson("short id=q", "? Q\n= 1\n=\n> why"), 14, "an empty accepted answer");
    fails_at(&lesson("short id=q", "? Q\n= 16384\n= 16,384\n> why"), 14, "`= 16,384` is the same answer as `= 16384` once normalised");
    fails_at(&lesson("short id=q", "? Q\n= Drain\n= drain \n> why"), 14, "the same answer");
    fails_at(&lesson("short id=q", "? Q\n= 1"), 13, "no explanation");
}

#[test]
fn a_review_prompt_needs_its_model_answer() {
    fails_at(&lesson("review id=q", "? Explain it.\nhint: h"), 13, "needs a model answer");
}

/// A predict question around `code`: the fence is line 11, `---` line 14, the code from line 15.
fn predict(options: &str, code: &str) -> String {
    lesson(&format!("predict id=p file=p.js {options}"), &format!("? What does it print?\n> Because.\n---\n{code}"))
}

#[test]
fn a_predict_program_must_run_to_its_end_with_one_right_answer() {
    fails_at(&lesson("predict id=p", "? Q\n> why\n---\nconsole.log(1);"), 11, "needs `file=NAME.js`");
    fails_at(&lesson("predict id=p file=p.py", "? Q\n> why\n---\nprint(1)"), 11, "must be a file name ending in .ts");
    fails_at(&lesson("predict id=p file=p.js", "? Q\n> why"), 13, "holds its program after a line `---`");
    fails_at(&lesson("predict id=p file=p.js", "? Q\n> why\n---\n\n"), 14, "the program after `---` is empty");
    fails_at(&lesson("predict id=p file=p.js", "? Q\n---\nconsole.log(1);\nconsole.log(2);"), 13, "no explanation");
    fails_at(&predict("input=guess", "console.log(1);"), 11, "`input=guess`");
    fails_at(&predict("exit=-1", "console.log(1);"), 11, "`exit=-1`");
    fails_at(&predict("knob=\"N 1..2 N\"", "const N = 1;"), 11, "unknown option `knob=N 1..2 N`");

    // Errors in the code point at their line: the code's line 2 is line 16 of the file.
    fails_at(&predict("", "console.log(1);\nconst x = ;"), 16, "predict program `p.js`: 2:11");
    fails_at(&predict("", "console.log(1);\nconsole.log(2);\nenum E { A }"), 17, "enum");

    // A program that throws, unless the question says it does.
    fails_at(&predict("", "console.log('a');\nconsole.log('b');\nthrow new TypeError('late');"), 14, "exits with status 1: TypeError: late");
    fails_at(&predict("exit=1", "console.log('a');\nconsole.log('b');"), 14, "exits with status 0 instead of 1 (`exit=1`)");

    // Node may run a top-level zero-delay timer and an immediate in either order: no single answer.
    fails_at(&predict("oracle=node", "setTimeout(() => console.log('timeout'), 0);\nsetImmediate(() => console.log('immediate'));"), 14, "has no single right answer");

    fails_at(&predict("", "console.error('oops');\nconsole.log('a');\nconsole.log('b');"), 14, "writes to stderr (`oops`)");
    fails_at(&predict("input=type", "const x = 1;"), 14, "prints nothing");
    fails_at(&predict("", "console.log('alone');"), 14, "there is nothing to arrange (use `input=type`)");
    fails_at(&predict("", "const log = (s) => console.log(s);\nsetTimeout(() => log('3 timer'), 0);\nPromise.resolve().then(() => log('2 promise'));\nlog('1 sync');"), 14, "gives the order away");
    fails_at(&predict("lanes=work", "console.log('a');\nconsole.log('b');"), 14, "never calls a function named `work`");
}

#[test]
fn headings_keep_off_the_quizzes_element_ids() {
    let text = format!("{GOOD_FRONT}\n## Quiz order\n");
    let lesson = parse_lesson("content/a.md", &text).unwrap().lesson;
    assert_eq!(lesson.toc[0].id, "section-quiz-order");
}

#[test]
fn short_answers_are_compared_trimmed_without_case_and_numbers_as_numbers() {
    assert_eq!(normalize_short_answer("  Set\tIMMEDIATE \n first "), "set immediate first");
    let accepted = ["16384", "16 KiB"];
    for given in ["16384", " 16384 ", "16,384", "16_384", "16384.0", "1.6384e4", "+16384", "16 kib", "16   KIB", "16 KiB "] {
        assert!(short_answer_matches(given, &accepted), "`{given}` should match");
    }
    for given in ["", "   ", "16385", "16kib", "16 KiB!", "1,6384", "16,38,4", "0x4000", "sixteen"] {
        assert!(!short_answer_matches(given, &accepted), "`{given}` should not match");
    }
    // Text answers: whole words, no numbers involved.
    assert!(short_answer_matches("DRAIN", &["drain"]));
    assert!(!short_answer_matches("drained", &["drain"]));
    // A number never matches a word, and an accepted answer in words is compared as text.
    assert!(short_answer_matches("Ten", &["10", "ten"]));
    assert!(!short_answer_matches("10", &["ten"]));
    // Owned strings work too (the site keeps its copy of the key as `String`s).
    assert!(short_answer_matches("1 ms", &[String::from("1 MS")]));
    assert!(short_answer_matches("0.10", &[".1"]));
    assert!(short_answer_matches("-0", &["0"]));
}

#[test]
fn numbers_in_short_answers_are_plain_decimal_numbers() {
    assert_eq!(parse_number("16,384"), Some(16384.0));
    assert_eq!(parse_number("1,000,000"), Some(1e6));
    assert_eq!(parse_number("1_000"), Some(1000.0));
    assert_eq!(parse_number("2."), Some(2.0));
    assert_eq!(parse_number(".5"), Some(0.5));
    assert_eq!(parse_number("-3e-2"), Some(-0.03));
    assert_eq!(parse_number("5E2"), Some(500.0));
    for not_a_number in ["", "-", ".", "e5", "1e", "1,5", "1,0000", ",100", "100_", "inf", "NaN", "infinity", "0x10", "1 000", "10ms", "1..2"] {
        assert_eq!(parse_number(not_a_number), None, "`{not_a_number}` is not a number");
    }
}

#[test]
fn code_spans_are_the_parts_between_backticks() {
    assert_eq!(code_spans("Call `write()` until `false`."), [("Call ", false), ("write()", true), (" until ", false), ("false", true), (".", false)]);
    assert_eq!(code_spans("`a`"), [("a", true)]);
    assert_eq!(code_spans("plain"), [("plain", false)]);
    assert_eq!(code_spans("open ` only"), [("open ` only", false)]);
    assert!(code_spans("").is_empty());
}

/// The README's examples of the quiz format are quizzes that compile, one of each kind.
#[test]
fn the_readmes_quiz_examples_compile() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md")).unwrap();
    let mut kinds = Vec::new();
    let mut lines = readme.lines();
    while let Some(line) = lines.next() {
        let Some(info) = line.trim_start().strip_prefix("```quiz") else { continue };
        let indent = line.len() - line.trim_start().len();
        let body: Vec<&str> = lines.by_ref().take_while(|l| l.trim() != "```").map(|l| l.get(indent..).unwrap_or("")).collect();
        let q = quiz(&lesson(info.trim(), &body.join("\n")));
        kinds.push(q.kind.name());
    }
    assert_eq!(kinds, ["single", "multiple", "predict", "short", "review"]);
}
