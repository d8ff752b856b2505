//! The interpreter on hostile input: random text, mangled programs, endless loops, deep
//! recursion. It must answer every time (a result or an error with a position) without
//! panicking and without running forever.

use inflight_engine::js::{run_file, run_limited, run_source, run_with_budget, Limits, ModuleKind, SourceKind};
use proptest::prelude::*;

const BUDGET: u64 = 50_000;

/// Runs on a thread with the stack a debug build needs for the deepest nesting of natives and
/// JavaScript the machine allows (a release build needs far less).
fn run_big(src: String, kind: ModuleKind) {
    let runner = std::thread::Builder::new().stack_size(64 * 1024 * 1024).spawn(move || {
        let _ = run_with_budget(&src, kind, BUDGET);
    });
    runner.expect("a thread").join().expect("the interpreter does not panic");
}

fn corpus() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/evloop/corpus");
    let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files.iter().map(|p| std::fs::read_to_string(p).unwrap()).collect()
}

const PIECES: &[&str] = &[
    "(", ")", "{", "}", "[", "]", ";", ",", ".", "=>", "=", "+", "-", "*", "/", "%", "<", "===", "!", "&&", "||", "?", ":", "++", "--",
    "async", "await", "function", "return", "const", "let", "if", "else", "for", "while", "try", "catch", "finally", "throw",
    "new Promise", "Promise.resolve", ".then", "setTimeout", "setImmediate", "process.nextTick", "queueMicrotask", "console.log",
    "x", "y", "1", "0", "'s'", "`t${x}`", "null", "undefined", "true", "\n", " ",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn random_text_never_panics(src in "\\PC{0,200}", module in any::<bool>()) {
        let kind = if module { ModuleKind::EsModule } else { ModuleKind::CommonJs };
        run_big(src, kind);
    }

    #[test]
    fn token_soup_never_panics(picks in prop::collection::vec(0..PIECES.len(), 0..80), module in any::<bool>()) {
        let src: String = picks.iter().map(|&i| PIECES[i]).collect::<Vec<_>>().join(" ");
        let kind = if module { ModuleKind::EsModule } else { ModuleKind::CommonJs };
        run_big(src, kind);
    }

    #[test]
    fn mangled_corpus_programs_never_panic(which in any::<prop::sample::Index>(), cut in any::<prop::sample::Index>(), len in 0usize..40, insert in 0..PIECES.len()) {
        let programs = corpus();
        let src = &programs[which.index(programs.len())];
        let chars: Vec<char> = src.chars().collect();
        let at = cut.index(chars.len().max(1));
        let end = (at + len).min(chars.len());
        let mangled: String = chars[..at].iter().collect::<String>() + PIECES[insert] + &chars[end..].iter().collect::<String>();
        run_big(mangled, ModuleKind::CommonJs);
    }
}

fn budget_error(src: &str) -> String {
    match run_with_budget(src, ModuleKind::CommonJs, 200_000) {
        Err(e) => e.to_string(),
        Ok(r) => panic!("expected the step budget to stop this program, it ran: {:?}", r.stdout.len()),
    }
}

#[test]
fn endless_programs_stop_at_the_step_budget() {
    for src in [
        "while (true) {}",
        "let i = 0; while (i >= 0) { i++; }",
        "function spin() { Promise.resolve().then(spin); } spin();",
        "function tick() { process.nextTick(tick); } tick();",
        "function again() { setImmediate(again); } again();",
        "setInterval(console.log, 1);",
        "setInterval(() => {}, 5);",
        "(async () => { while (true) { await null; } })();",
    ] {
        let msg = budget_error(src);
        assert!(msg.contains("step budget"), "{src}: {msg}");
    }
}

#[test]
fn recursion_through_natives_is_a_range_error_too() {
    // Each level goes through Array.prototype.map, which calls back into JavaScript.
    let src = "let n = 0;\nfunction f() { n++; return [1].map(f); }\ntry { f(); } catch (e) { console.log(e.message, n > 50); }".to_string();
    let out = std::thread::Builder::new()
        .stack_size(64 * 1024 * 1024)
        .spawn(move || run_with_budget(&src, ModuleKind::CommonJs, 1_000_000).map(|r| r.stdout))
        .unwrap()
        .join()
        .expect("no stack overflow")
        .expect("runs");
    assert_eq!(out, ["Maximum call stack size exceeded true"]);
}

#[test]
fn deep_recursion_is_a_range_error_not_a_crash() {
    // JavaScript frames live on the machine's heap: thousands of them fit in a thread with a
    // 1 MiB stack (a browser's, even in a debug build), and the runaway one is a RangeError.
    let handle = std::thread::Builder::new()
        .stack_size(1024 * 1024)
        .spawn(|| {
            let src = "let n = 0;\nfunction f() { n++; return f(); }\ntry { f(); } catch (e) { console.log(e.message, n >= 5000); }";
            run_with_budget(src, ModuleKind::CommonJs, 1_000_000).map(|r| r.stdout)
        })
        .unwrap();
    let out = handle.join().expect("no stack overflow").expect("runs");
    assert_eq!(out, ["Maximum call stack size exceeded true"]);
}

#[test]
fn unsupported_constructs_name_themselves_with_a_position() {
    for (src, needle) in [
        ("function* g() {}", "1:9: unsupported: generator functions"),
        ("const o = {a: 1};\nwith (o) {}", "2:1: unsupported: `with`"),
        ("for await (const x of []) {}", "1:1: unsupported: `for await`"),
        ("const o = { get [k]() { return 1; } };", "unsupported: computed accessor names"),
        ("let s = /x/;", "unsupported: regular expressions"),
        ("new WeakMap();", "1:5: unsupported: `WeakMap`"),
        ("import('x');", "1:1: unsupported: dynamic `import()`"),
        ("console.log(Reflect.ownKeys({}));", "1:13: unsupported: `Reflect`"),
        ("const a = [1, 2];\na.copyWithin(0, 1);", "2:13: unsupported: the method `array.copyWithin()`"),
        ("console.log('abc'.normalize());", "1:28: unsupported: the method `string.normalize()`"),
        ("'a-b'.replace(/-/, '+');", "unsupported: regular expressions"),
        ("require('http');", "unsupported: the module 'http'"),
        ("console.log(1", "syntax error"),
    ] {
        let msg = run_with_budget(src, ModuleKind::CommonJs, BUDGET).map(|_| "ran".to_string()).unwrap_or_else(|e| e.to_string());
        assert!(msg.contains(needle), "{src}: got `{msg}`, wanted `{needle}`");
    }
}

#[test]
fn typescript_that_would_change_behaviour_is_refused_where_it_is() {
    for (src, needle) in [
        ("const a = 1;\nenum Color { Red }", "2:1: unsupported: TypeScript `enum`"),
        ("const enum Flag { A }", "1:1: unsupported: TypeScript `enum`"),
        ("namespace Util { export const x = 1; }", "1:1: unsupported: TypeScript namespaces"),
        ("declare const x: number;", "1:1: unsupported: TypeScript `declare`"),
        ("@sealed\nclass A {}", "1:1: unsupported: decorators"),
        ("class A {\n  declare x: number;\n}", "2:3: unsupported: TypeScript `declare` fields"),
        ("let x: = 1;", "syntax error"),
    ] {
        let kind = SourceKind { typescript: true, module: Some(ModuleKind::CommonJs) };
        let msg = run_source(src, kind, BUDGET).map(|_| "ran".to_string()).unwrap_or_else(|e| e.to_string());
        assert!(msg.contains(needle), "{src}: got `{msg}`, wanted `{needle}`");
    }
    // The same text as JavaScript is a syntax error: types are TypeScript only.
    let js = run_source("let x: number = 1;", SourceKind { typescript: false, module: None }, BUDGET).unwrap_err();
    assert!(js.to_string().contains("syntax error"), "{js}");
}

#[test]
fn a_program_cannot_forge_the_engines_own_stops() {
    // Strings that once meant "budget" or "unsupported" inside the machine are plain strings to
    // a program: thrown and caught, or uncaught with exit status 1, never a stop of the engine.
    for marker in ["\\u0000budget", "\\u0000unsupported", "\\u0000uncaught"] {
        let src = format!("try {{ throw '{marker}'; }} catch (e) {{ console.log('caught', e.length); }}\nthrow '{marker}';");
        let run = run_with_budget(&src, ModuleKind::CommonJs, BUDGET).unwrap_or_else(|e| panic!("{marker}: the engine stopped: {e}"));
        assert_eq!(run.stdout.len(), 1, "{marker}");
        assert!(run.stdout[0].starts_with("caught "), "{marker}: {:?}", run.stdout);
        assert_eq!(run.exit_code, 1, "{marker}");
    }
    let missing = run_with_budget("try { nope; } catch (e) { console.log(e.message, typeof e); }", ModuleKind::CommonJs, BUDGET).unwrap();
    assert_eq!(missing.stdout, ["nope is not defined object"], "a ReferenceError is an object with a message");
}

fn limited(src: &str, heap_mib: u64, collect_every: Option<usize>) -> Result<inflight_engine::js::Run, String> {
    let limits = Limits { steps: 50_000_000, seed: 1, heap_bytes: heap_mib << 20, collect_every };
    run_limited(src, SourceKind { typescript: false, module: None }, limits).map_err(|e| e.to_string())
}

#[test]
fn short_lived_objects_are_collected_and_a_memory_bomb_stops_at_the_heap_limit() {
    // 400 turns of the loop, each making 2,000 objects it drops: 800,000 in all, far more
    // than an 8 MiB heap (32,768 objects and scopes) holds at once.
    let churn = "let total = 0;\nfunction tick(n) {\n  const garbage = [];\n  for (let i = 0; i < 2000; i++) garbage.push({ i });\n  total += garbage.length;\n  if (n > 0) setTimeout(() => tick(n - 1), 1); else console.log('done', total);\n}\ntick(400);";
    let run = limited(churn, 8, None).expect("the churn fits in 8 MiB because dropped objects are collected");
    assert_eq!(run.stdout, ["done 802000"]);
    assert!(run.collections > 5, "collections: {}", run.collections);
    let bomb = "const keep = [];\nwhile (true) keep.push({ n: keep.length });";
    let stop = limited(bomb, 8, None).unwrap_err();
    assert!(stop.contains("heap limit (8 MiB)"), "{stop}");
    // The stop is the engine's: the program's own catch never sees it.
    let caught = limited("try { const keep = []; while (true) keep.push({}); } catch (e) { console.log('caught', e); }", 8, None);
    assert!(caught.unwrap_err().contains("heap limit"));
}

#[test]
fn synchronous_code_that_churns_runs_in_constant_memory() {
    // One turn of the loop, no await: 300,000 iterations that each make an object and an array
    // and drop them (600,000 cells, 18 times what an 8 MiB heap holds), and a recursion that
    // makes garbage in every frame. The collector runs between steps of the synchronous code.
    let churn = "let kept = 0;\nfor (let i = 0; i < 300000; i++) {\n  const o = { id: i, tags: [i] };\n  if (o.id % 100000 === 0) kept++;\n}\nfunction deep(n) { const tmp = { n, list: [n, n] }; return n === 0 ? tmp.n : deep(n - 1) + tmp.list.length - 2; }\nlet sum = 0;\nfor (let r = 0; r < 100; r++) sum += deep(1000);\nconsole.log('done', kept, sum);";
    let run = limited(churn, 8, None).expect("dropped objects are collected inside synchronous code too");
    assert_eq!(run.stdout, ["done 3 0"]);
    assert!(run.collections > 10, "collections: {}", run.collections);
}

/// Cells made between collections in the eager runs: every turn of the loop that makes at least
/// this many, and inside synchronous code every few allocations (1 would collect at every step
/// that allocates, which makes the corpus take minutes).
const EAGER_COLLECT_EVERY: usize = 16;

#[test]
fn collecting_eagerly_changes_nothing_a_program_prints() {
    // The corpus runs are checked against Node elsewhere; here each runs again with the
    // collector running every few cells made, at turns of the loop and between the steps of
    // synchronous code, and must print exactly the same.
    for path in std::fs::read_dir(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/evloop/corpus")).unwrap() {
        let path = path.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let source = std::fs::read_to_string(&path).unwrap();
        let (name2, source2) = (name.clone(), source.clone());
        let normal = std::thread::Builder::new().stack_size(64 << 20).spawn(move || run_file(&name2, &source2)).unwrap().join().unwrap();
        let kind = SourceKind::from_path(&name);
        let limits = Limits { steps: inflight_engine::js::DEFAULT_STEP_BUDGET, seed: 1, heap_bytes: inflight_engine::js::DEFAULT_HEAP_LIMIT, collect_every: Some(EAGER_COLLECT_EVERY) };
        let eager = std::thread::Builder::new().stack_size(64 << 20).spawn(move || run_limited(&source, kind, limits)).unwrap().join().unwrap();
        match (normal, eager) {
            (Ok(a), Ok(b)) => {
                assert_eq!(a.stdout, b.stdout, "{name}");
                assert_eq!(a.exit_code, b.exit_code, "{name}");
                assert_eq!(a.stderr, b.stderr, "{name}");
            }
            (a, b) => assert_eq!(a.is_ok(), b.is_ok(), "{name}"),
        }
    }
}
