//! Real Node is the oracle for every runner in the course: each one's code runs in Node 20 (on
//! fake timers from 2026-01-01 with the seeded `Math.random`, `tests/oracle/run-virtual.mjs`,
//! or as it is for `oracle=node`) and on the interpreter, for its own knobs and seed, with every
//! knob at its bounds, and with other seeds; stdout and the exit status must be the same.
//! Every predict-the-output question's answer key, which the build computed on the interpreter,
//! must be what Node prints for its program.
//! Needs `node` and the npm packages in `tests/`, which `cargo xtask test` installs.

use std::path::{Path, PathBuf};
use std::process::Command;

use inflight_course::compile::load_dir;
use inflight_course::{with_knob, Block, Oracle, Predict, QuizKind, Runner};
use inflight_engine::js::{run_file_limited, Limits, DEFAULT_HEAP_LIMIT, DEFAULT_STEP_BUDGET};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// Every block of the course, nested ones included, with its lesson's slug.
fn blocks() -> Vec<(&'static str, Block)> {
    let lessons = load_dir(&root().join("content")).unwrap_or_else(|e| panic!("content errors: {e:?}"));
    let mut out = Vec::new();
    fn walk(slug: &'static str, blocks: &[Block], out: &mut Vec<(&'static str, Block)>) {
        for b in blocks {
            out.push((slug, *b));
            match b {
                Block::List { items, .. } => items.iter().for_each(|i| walk(slug, i, out)),
                Block::Quote(body) | Block::Callout { body, .. } => walk(slug, body, out),
                _ => {}
            }
        }
    }
    for l in lessons {
        walk(l.slug, l.body, &mut out);
    }
    out
}

fn runners() -> Vec<(&'static str, Runner)> {
    blocks().into_iter().filter_map(|(slug, b)| if let Block::Runner(r) = b { Some((slug, r)) } else { None }).collect()
}

/// The predict-the-output questions: lesson, question id, and what the build computed.
fn predictions() -> Vec<(&'static str, &'static str, Predict)> {
    blocks()
        .into_iter()
        .filter_map(|(slug, b)| match b {
            Block::Quiz(q) => match q.kind {
                QuizKind::Predict(p) => Some((slug, q.id, p)),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

/// What Node prints for `code` run as `file`, and its exit status.
fn node(runner: &Runner, code: &str, seed: u32, tag: &str) -> (String, i32) {
    let dir = root().join("target/runner-oracle").join(tag);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(runner.file);
    std::fs::write(&file, code).unwrap();
    assert!(root().join("tests/node_modules/sucrase").is_dir(), "the Node oracle's packages are missing: run `cargo xtask test` (it runs `npm ci` in tests/)");
    let mut command = Command::new("node");
    match runner.oracle {
        Oracle::Virtual => {
            command.arg(root().join("tests/oracle/run-virtual.mjs")).arg(&file).env("SEED", seed.to_string());
        }
        // JavaScript runs as it is; TypeScript has its types stripped first.
        Oracle::Node if runner.file.ends_with("js") => {
            command.arg(&file);
        }
        Oracle::Node => {
            command.arg(root().join("tests/oracle/run-stripped.mjs")).arg(&file);
        }
    }
    let out = command.output().expect("`node` must be on PATH (Node 20)");
    (String::from_utf8_lossy(&out.stdout).into_owned(), out.status.code().unwrap_or(-1))
}

fn interpreter(runner: &Runner, code: &str, seed: u32) -> (String, i32) {
    let limits = Limits { steps: DEFAULT_STEP_BUDGET, seed, heap_bytes: DEFAULT_HEAP_LIMIT, collect_every: None };
    let run = run_file_limited(runner.file, code, limits).unwrap_or_else(|e| panic!("{}: {e}", runner.file));
    (run.stdout.iter().map(|l| format!("{l}\n")).collect(), run.exit_code)
}

#[test]
fn every_runner_prints_what_node_prints_for_its_knobs_and_seeds() {
    let runners = runners();
    assert!(!runners.is_empty(), "the course has no runner");
    let mut cases = Vec::new();
    for (slug, r) in &runners {
        let mut mine = vec![(r.code.to_string(), r.seed, "as written".to_string())];
        for seed in [r.seed.wrapping_add(1), 12_345] {
            mine.push((r.code.to_string(), seed, format!("seed {seed}")));
        }
        for k in r.knobs {
            for v in [k.min, k.max] {
                mine.push((with_knob(r.code, k.name, v).unwrap(), r.seed, format!("{} = {v}", k.name)));
            }
        }
        // Node on fake timers cannot tell a timer from an immediate due at once: an `oracle=node`
        // runner depends on libuv's order, so only its code as written is compared.
        if r.oracle == Oracle::Node {
            mine.truncate(1);
        }
        for (i, (code, seed, what)) in mine.into_iter().enumerate() {
            cases.push((*slug, *r, code, seed, what, format!("{slug}-{}-{i}", r.id)));
        }
    }
    // Each case is a Node process and an interpreter run, independent of the others: one thread
    // per core takes the next case, and every difference is reported at the end.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let differences = std::sync::Mutex::new(Vec::new());
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get()).min(4);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                let Some((slug, r, code, seed, what, tag)) = cases.get(next.fetch_add(1, std::sync::atomic::Ordering::SeqCst)) else { break };
                let expected = node(r, code, *seed, tag);
                let got = interpreter(r, code, *seed);
                if got != expected {
                    differences.lock().unwrap().push(format!(
                        "{slug}: runner {} ({what}): the interpreter and Node differ\n  interpreter: {got:?}\n  node:        {expected:?}",
                        r.id
                    ));
                }
            });
        }
    });
    let differences = differences.into_inner().unwrap();
    assert!(differences.is_empty(), "{}", differences.join("\n"));
    println!("{} runs of {} runners compared with Node", cases.len(), runners.len());
}

#[test]
fn every_predict_questions_answer_is_what_node_prints() {
    let predictions = predictions();
    assert!(!predictions.is_empty(), "the course has no predict-the-output question");
    for (slug, id, p) in &predictions {
        let r = &p.program;
        let (stdout, status) = node(r, r.code, r.seed, &format!("{slug}-{}", r.id));
        let key: String = p.answer.iter().map(|l| format!("{l}\n")).collect();
        assert_eq!((key, p.exit_code), (stdout, status), "{slug}: quiz {id}: the answer key and exit status against what Node prints");
    }
    println!("{} predict questions' answers match Node", predictions.len());
}
