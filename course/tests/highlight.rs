//! The build-time highlighter: it gives back exactly the text it was given, never panics, and
//! colours lesson code the way a reader expects.

use std::path::{Path, PathBuf};

use inflight_course::highlight::{tokenize, Kind, Lang, Token};
use proptest::prelude::*;

/// Every token is non-empty and, put together, they are the input.
fn assert_exact(src: &str, lang: Lang) -> Vec<Token<'_>> {
    let tokens = tokenize(src, lang);
    assert!(tokens.iter().all(|t| !t.text.is_empty()), "an empty token in {src:?}");
    let joined: String = tokens.iter().map(|t| t.text).collect();
    assert_eq!(joined, src, "the tokens do not reproduce the input");
    tokens
}

/// The kind of the `nth` token (from 0) whose text is `text`.
fn kind_of(tokens: &[Token], text: &str, nth: usize) -> Kind {
    tokens.iter().filter(|t| t.text == text).nth(nth).unwrap_or_else(|| panic!("no token #{nth} {text:?} in {tokens:#?}")).kind
}

fn ts(src: &str) -> Vec<Token<'_>> {
    assert_exact(src, Lang::TypeScript)
}

/// Programs the project already holds: the interpreter's corpus (Node's own test programs for
/// it) and the demos' code.
fn corpus() -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    for dir in ["engine/tests/evloop/corpus", "engine/tests/evloop/demos"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap().map(Result::unwrap) {
            let path = entry.path();
            if path.extension().is_some_and(|e| ["js", "mjs", "cjs", "ts", "mts", "cts"].contains(&e.to_str().unwrap())) {
                files.push((path.clone(), std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    files.sort();
    assert!(files.len() > 300, "the corpus moved: {} files", files.len());
    files
}

fn lang_of(path: &Path) -> Lang {
    let ext = path.extension().unwrap().to_str().unwrap();
    Lang::from_fence(ext).unwrap()
}

#[test]
fn every_program_in_the_corpus_comes_back_exactly() {
    for (path, src) in corpus() {
        for lang in [Lang::TypeScript, Lang::JavaScript] {
            let joined: String = tokenize(&src, lang).iter().map(|t| t.text).collect();
            assert!(joined == src, "{} ({lang:?}) is not reproduced", path.display());
        }
    }
}

#[test]
fn fence_names_map_to_languages() {
    for (name, lang) in [("ts", Lang::TypeScript), ("typescript", Lang::TypeScript), ("js", Lang::JavaScript), ("javascript", Lang::JavaScript), ("mjs", Lang::JavaScript)] {
        assert_eq!(Lang::from_fence(name), Some(lang), "{name}");
    }
    assert_eq!(Lang::from_fence("sh"), None);
    assert_eq!(Lang::from_fence("rust"), None);
    assert_eq!(Lang::TypeScript.short(), "ts");
}

#[test]
fn keywords_including_typescripts() {
    let t = ts("type Job = { id: number };\ninterface Pool extends Base {}\nclass A implements Pool { private readonly n = 1 }\nconst x = y as Job;\nconst z = {} satisfies Pool;");
    for word in ["type", "interface", "extends", "class", "implements", "private", "readonly", "const", "as", "satisfies"] {
        assert_eq!(kind_of(&t, word, 0), Kind::Keyword, "{word}");
    }
    // In JavaScript TypeScript's words are plain names.
    let js = assert_exact("let type = 1; private = 2;", Lang::JavaScript);
    assert_eq!(kind_of(&js, "type", 0), Kind::Definition);
    assert_eq!(kind_of(&js, "private", 0), Kind::Plain);
    // Contextual words are keywords only where they act as one.
    let t = ts("for (const x of xs) {}\nmap.get(k); const { type } = ev; class C { get size() { return 1 } static count = 2 }");
    assert_eq!(kind_of(&t, "of", 0), Kind::Keyword);
    assert_eq!(kind_of(&t, "get", 0), Kind::Function);
    assert_eq!(kind_of(&t, "type", 0), Kind::Definition, "a destructured name, not a keyword");
    assert_eq!(kind_of(&t, "get", 1), Kind::Keyword);
    assert_eq!(kind_of(&t, "static", 0), Kind::Keyword);
}

#[test]
fn literals_numbers_strings_and_comments() {
    let t = ts("f(true, false, null, undefined, 1_000, 0xff, 1e3, 2.5e-3, 10n, .5, 'a\\'b', \"c\") // done\n/* a\nblock */");
    for lit in ["true", "false", "null", "undefined"] {
        assert_eq!(kind_of(&t, lit, 0), Kind::Literal, "{lit}");
    }
    for n in ["1_000", "0xff", "1e3", "2.5e-3", "10n", ".5"] {
        assert_eq!(kind_of(&t, n, 0), Kind::Number, "{n}");
    }
    assert_eq!(kind_of(&t, "'a\\'b'", 0), Kind::String);
    assert_eq!(kind_of(&t, "\"c\"", 0), Kind::String);
    assert_eq!(kind_of(&t, "// done", 0), Kind::Comment);
    assert_eq!(kind_of(&t, "/* a\nblock */", 0), Kind::Comment);
    // Unterminated: a string stops at its line's end, a comment runs to the end.
    let t = ts("const s = 'open\nnext /* never closed");
    assert_eq!(kind_of(&t, "'open", 0), Kind::String);
    assert_eq!(kind_of(&t, "next", 0), Kind::Plain);
    assert_eq!(kind_of(&t, "/* never closed", 0), Kind::Comment);
}

#[test]
fn template_literals_highlight_their_expressions_as_code() {
    let t = ts("const m = `took ${ms(start)} ms, ${`nested ${n + 1}`} and ${ { a: 1 }.a }`;");
    assert_eq!(kind_of(&t, "`took ", 0), Kind::String);
    assert_eq!(kind_of(&t, "${", 0), Kind::Punctuation);
    assert_eq!(kind_of(&t, "ms", 0), Kind::Function);
    assert_eq!(kind_of(&t, " ms, ", 0), Kind::String);
    assert_eq!(kind_of(&t, "`nested ", 0), Kind::String);
    assert_eq!(kind_of(&t, "n", 0), Kind::Plain);
    assert_eq!(kind_of(&t, "1", 0), Kind::Number);
    assert_eq!(kind_of(&t, "`", 0), Kind::String, "the nested template closes");
    assert_eq!(kind_of(&t, " and ", 0), Kind::String, "the outer template resumes after the nested one");
    // An object literal's braces inside `${}` do not end the interpolation.
    assert_eq!(kind_of(&t, "a", 1), Kind::Property);
    assert_eq!(kind_of(&t, "`", 1), Kind::String);
    assert_eq!(t.last().unwrap().text, ";");
    assert_eq!(t.last().unwrap().kind, Kind::Punctuation);
}

#[test]
fn regular_expressions_only_where_an_expression_starts() {
    let t = ts("const re = /a\\/b[/]c/gi;\nconst half = total / 2 / count;\nif (/^x/.test(s)) return /y/;");
    assert_eq!(kind_of(&t, "/a\\/b[/]c/gi", 0), Kind::Regex);
    assert_eq!(kind_of(&t, "/", 0), Kind::Operator);
    assert_eq!(kind_of(&t, "/", 1), Kind::Operator);
    assert_eq!(kind_of(&t, "/^x/", 0), Kind::Regex);
    assert_eq!(kind_of(&t, "/y/", 0), Kind::Regex);
    // A `/` that cannot close on its line divides.
    let t = ts("x = a\n/ b");
    assert_eq!(kind_of(&t, "/", 0), Kind::Operator);
    let t = ts("x = / b\n");
    assert_eq!(kind_of(&t, "/", 0), Kind::Operator);
}

#[test]
fn names_are_classified_by_where_they_stand() {
    let t = ts(concat!(
        "class Semaphore implements Lock {\n",
        "  private readonly waiters: Array<() => void> = [];\n",
        "  async acquire(): Promise<void> { await new Promise<void>((resolve) => this.waiters.push(resolve)); }\n",
        "}\n",
        "function task(id: number, ms: number): Promise<void> { return sleep(ms); }\n",
        "const slots = new Semaphore(LIMIT);\n",
        "let peak = cond ? a : b;\n",
        "const opts = { limit: max, name: \"x\" };\n",
        "switch (k) { case one: run(); }\n",
    ));
    assert_eq!(kind_of(&t, "Semaphore", 0), Kind::Definition, "after class");
    assert_eq!(kind_of(&t, "Lock", 0), Kind::Type, "after implements");
    assert_eq!(kind_of(&t, "waiters", 0), Kind::Property, "a class field's name");
    assert_eq!(kind_of(&t, "Array", 0), Kind::Type);
    assert_eq!(kind_of(&t, "void", 0), Kind::Keyword);
    assert_eq!(kind_of(&t, "acquire", 0), Kind::Function, "before (");
    assert_eq!(kind_of(&t, "Promise", 0), Kind::Type);
    assert_eq!(kind_of(&t, "Promise", 1), Kind::Type, "after new, with type arguments");
    assert_eq!(kind_of(&t, "waiters", 1), Kind::Property, "after .");
    assert_eq!(kind_of(&t, "push", 0), Kind::Function, "a method call");
    assert_eq!(kind_of(&t, "task", 0), Kind::Function, "after function");
    assert_eq!(kind_of(&t, "number", 0), Kind::Type, "after :");
    assert_eq!(kind_of(&t, "sleep", 0), Kind::Function);
    assert_eq!(kind_of(&t, "slots", 0), Kind::Definition, "after const");
    assert_eq!(kind_of(&t, "Semaphore", 1), Kind::Type, "after new");
    assert_eq!(kind_of(&t, "LIMIT", 0), Kind::Plain, "a constant is not a type");
    assert_eq!(kind_of(&t, "peak", 0), Kind::Definition, "after let");
    assert_eq!(kind_of(&t, "b", 0), Kind::Plain, "a conditional's colon is no annotation");
    assert_eq!(kind_of(&t, "max", 0), Kind::Plain, "an object literal's colon is no annotation");
    assert_eq!(kind_of(&t, "limit", 0), Kind::Property, "an object literal's key");
    assert_eq!(kind_of(&t, "name", 0), Kind::Property);
    assert_eq!(kind_of(&t, ":", 5), Kind::Operator, "a conditional's colon");
    assert_eq!(kind_of(&t, "<", 0), Kind::Punctuation, "type arguments' brackets");
    assert_eq!(kind_of(&t, "one", 0), Kind::Plain, "a case's colon is no annotation");
    assert_eq!(kind_of(&t, "=>", 0), Kind::Operator);
    assert_eq!(kind_of(&t, "{", 0), Kind::Punctuation);
    assert_eq!(kind_of(&t, "=", 0), Kind::Operator);
}

#[test]
fn type_aliases_and_generics() {
    let t = ts("type Handler = (req: Req) => Res | undefined;\nconst m = new Map<string, Job>();\nif (a < b && c > d) {}\nconst r = f<Job>(x);\nlet ok = x;");
    assert_eq!(kind_of(&t, "Handler", 0), Kind::Definition);
    assert_eq!(kind_of(&t, "Req", 0), Kind::Type);
    assert_eq!(kind_of(&t, "undefined", 0), Kind::Literal);
    assert_eq!(kind_of(&t, "string", 0), Kind::Type);
    assert_eq!(kind_of(&t, "b", 0), Kind::Plain, "a comparison is no type argument");
    assert_eq!(kind_of(&t, "<", 1), Kind::Operator);
    assert_eq!(kind_of(&t, "d", 0), Kind::Plain);
    assert_eq!(kind_of(&t, "f", 0), Kind::Function, "a generic call");
    assert_eq!(kind_of(&t, "x", 1), Kind::Plain, "the alias ended at its semicolon");
}

#[test]
fn imports_bind_names_and_types_nest() {
    let t = ts(concat!(
        "import { once, pipeline as pipe } from 'node:events';\nimport fs from 'node:fs';\nconst m = await import('x');\n",
        "async function* gen() { yield* other(); }\n",
        "class Q<T> {\n  readonly #blocked: Array<{ item: T; resume: () => void }> = [];\n  readonly #takes: Array<(item: T) => void> = [];\n",
        "  constructor(readonly capacity: number) {}\n}\n",
        "const o = { write(chunk) {}, size: 1 };\n",
    ));
    assert_eq!(kind_of(&t, "once", 0), Kind::Definition, "an imported name");
    assert_eq!(kind_of(&t, "pipe", 0), Kind::Definition);
    assert_eq!(kind_of(&t, "as", 0), Kind::Keyword);
    assert_eq!(kind_of(&t, "fs", 0), Kind::Definition);
    assert_eq!(kind_of(&t, "m", 0), Kind::Definition);
    assert_eq!(kind_of(&t, "import", 2), Kind::Keyword, "a dynamic import");
    assert_eq!(kind_of(&t, "*", 0), Kind::Keyword, "a generator's star");
    assert_eq!(kind_of(&t, "*", 1), Kind::Keyword, "yield*");
    assert_eq!(kind_of(&t, "gen", 0), Kind::Function);
    assert_eq!(kind_of(&t, "T", 0), Kind::Type, "a type parameter");
    assert_eq!(kind_of(&t, "item", 0), Kind::Property, "a member of an object type in type arguments");
    assert_eq!(kind_of(&t, "resume", 0), Kind::Property);
    assert_eq!(kind_of(&t, ">", 1), Kind::Punctuation, "the type arguments close after the object type");
    assert_eq!(kind_of(&t, "item", 1), Kind::Plain, "a parameter in a function type");
    assert_eq!(kind_of(&t, "T", 2), Kind::Type);
    assert_eq!(kind_of(&t, "capacity", 0), Kind::Plain, "a parameter property is a parameter");
    assert_eq!(kind_of(&t, "write", 0), Kind::Function, "an object literal's method");
    assert_eq!(kind_of(&t, "size", 0), Kind::Property);

    let t = ts("import { setImmediate as later } from 'node:timers/promises';\nconst { readFile, stat: info } = fs;\nq.push({ item, resume });\nconst { rows } = await pool.query<{ id: string }>(sql);");
    assert_eq!(kind_of(&t, "setImmediate", 0), Kind::Plain, "the name `as` renames");
    assert_eq!(kind_of(&t, "later", 0), Kind::Definition);
    assert_eq!(kind_of(&t, "readFile", 0), Kind::Definition, "a destructured binding");
    assert_eq!(kind_of(&t, "stat", 0), Kind::Property, "a destructured property");
    assert_eq!(kind_of(&t, "info", 0), Kind::Definition);
    assert_eq!(kind_of(&t, "item", 0), Kind::Property, "a shorthand property");
    assert_eq!(kind_of(&t, "resume", 0), Kind::Property);
    assert_eq!(kind_of(&t, "rows", 0), Kind::Definition);
    assert_eq!(kind_of(&t, "query", 0), Kind::Function, "a generic call with an object type");
    assert_eq!(kind_of(&t, "<", 0), Kind::Punctuation);
    assert_eq!(kind_of(&t, "id", 0), Kind::Property);
    assert_eq!(kind_of(&t, "string", 0), Kind::Type);
}

#[test]
fn a_hashbang_is_a_comment_and_private_names_are_properties() {
    let t = assert_exact("#!/usr/bin/env node\nclass C { #n = 0; #tick() { this.#n++; } }", Lang::JavaScript);
    assert_eq!(t[0].kind, Kind::Comment);
    assert_eq!(kind_of(&t, "#n", 0), Kind::Property);
    assert_eq!(kind_of(&t, "#tick", 0), Kind::Function);
}

#[test]
fn every_kind_but_plain_has_a_class() {
    let kinds = [
        Kind::Keyword, Kind::Literal, Kind::String, Kind::Number, Kind::Comment, Kind::Regex, Kind::Type, Kind::Function, Kind::Property,
        Kind::Definition, Kind::Operator, Kind::Punctuation,
    ];
    let classes: std::collections::HashSet<_> = kinds.iter().map(|k| k.class().unwrap()).collect();
    assert_eq!(classes.len(), kinds.len(), "one class each");
    assert!(classes.iter().all(|c| c.starts_with("tok-")));
    assert_eq!(Kind::Plain.class(), None);
}

#[test]
fn hostile_text_is_reproduced_and_takes_linear_time() {
    let big = |piece: &str| piece.repeat(20_000);
    let cases = [
        big("`${"),
        big("${`"),
        big("}"),
        big("a<"),
        big("/["),
        big("'\\"),
        big("/*"),
        big("?"),
        big("{:"),
        "\u{feff}é🙂\u{2028}\r\n\0".repeat(5_000),
        "0x".repeat(10_000) + "1e" + &"_".repeat(1000) + "n",
        String::new(),
        "\\".into(),
        "`".into(),
        "#".into(),
    ];
    for src in &cases {
        let started = std::time::Instant::now();
        for lang in [Lang::TypeScript, Lang::JavaScript] {
            assert_exact(src, lang);
        }
        assert!(started.elapsed().as_secs() < 5, "{:?}… took {:?}", &src[..src.len().min(20)], started.elapsed());
    }
}

/// A piece of text from an alphabet that hits every branch of the scanner often.
fn js_soup() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "`", "${", "}", "{", "(", ")", "[", "]", "/", "*", "//", "/*", "*/", "'", "\"", "\\", "\n", " ", "\t", "a", "Ab", "x1", "_$", "0",
        "0x", "1_0", "e", "n", ".", "?.", "?", ":", "<", ">", "=", "=>", ";", ",", "#", "#p", "const", "let", "class", "type", "interface",
        "function", "new", "return", "of", "as", "get", "case", "default", "true", "é", "🙂", "\r", "\u{2028}",
    ]);
    prop::collection::vec(pieces, 0..200).prop_map(|v| v.concat())
}

/// 1,000 cases a property by default (a few seconds); `PROPTEST_CASES=100000` searches deeper.
/// A failure prints its shrunk input; nothing is written beside the tests.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(1000);
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_text_comes_back_exactly(src in "\\PC*") {
        assert_exact(&src, Lang::TypeScript);
        assert_exact(&src, Lang::JavaScript);
    }

    #[test]
    fn javascript_shaped_soup_comes_back_exactly(src in js_soup()) {
        assert_exact(&src, Lang::TypeScript);
        assert_exact(&src, Lang::JavaScript);
    }

    /// Real programs cut and spliced at random places (on character boundaries): unterminated
    /// strings, half templates, regexes without their end.
    #[test]
    fn mangled_programs_come_back_exactly(pick in any::<prop::sample::Index>(), cuts in prop::collection::vec((any::<prop::sample::Index>(), any::<prop::sample::Index>(), js_soup()), 1..6)) {
        let files = corpus_cached();
        let (path, original) = &files[pick.index(files.len())];
        let mut src = original.clone();
        for (at, len, insert) in cuts {
            let bounds: Vec<usize> = src.char_indices().map(|(i, _)| i).chain([src.len()]).collect();
            let start = bounds[at.index(bounds.len())];
            let end = bounds[(bounds.partition_point(|b| *b < start) + len.index(40)).min(bounds.len() - 1)];
            src.replace_range(start..end, &insert);
        }
        assert_exact(&src, lang_of(path));
    }
}

fn corpus_cached() -> &'static [(PathBuf, String)] {
    static CORPUS: std::sync::OnceLock<Vec<(PathBuf, String)>> = std::sync::OnceLock::new();
    CORPUS.get_or_init(corpus)
}
