//! Real Node.js is the oracle: the code each demo shows is run in Node on a virtual clock
//! (`tests/oracle/run-ts.mjs`: fake timers, types stripped), and what Node prints must equal the
//! engine's console lines, line for line. Needs `node` and the npm packages in `tests/`, which
//! `cargo xtask test` installs.

use std::path::{Path, PathBuf};
use std::process::Command;

use inflight_engine::demo::Demo;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn node_prints(code: &str, name: &str) -> String {
    let root = repo_root();
    let harness = root.join("tests/oracle/run-ts.mjs");
    assert!(
        root.join("tests/node_modules/@sinonjs/fake-timers").is_dir(),
        "the Node oracle's packages are missing: run `cargo xtask test` (it runs `npm ci` in tests/)"
    );
    let dir = root.join("target/oracle");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(format!("{name}.ts"));
    std::fs::write(&file, code).unwrap();
    let out = Command::new("node").arg(&harness).arg(&file).output().expect("`node` must be on PATH (Node 20)");
    assert!(out.status.success(), "node failed on {}:\n{}", file.display(), String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn engine_prints(demo: Demo, values: &[u32]) -> String {
    let trace = demo.run(values).expect("valid values");
    trace.console_lines().map(|(_, line)| format!("{line}\n")).collect()
}

fn assert_same_as_node(demo: Demo, values: &[u32]) {
    let code = demo.code(values);
    let name = format!("{}-{}", demo.name(), values.iter().map(u32::to_string).collect::<Vec<_>>().join("-"));
    let node = node_prints(&code, &name);
    let engine = engine_prints(demo, values);
    if node != engine {
        let mut report = String::new();
        for (i, (n, e)) in node.lines().zip(engine.lines()).enumerate() {
            if n != e {
                report = format!("first difference at line {}:\n  node:   {n}\n  engine: {e}", i + 1);
                break;
            }
        }
        panic!(
            "{name}: the engine disagrees with Node ({} lines from node, {} from the engine)\n{report}\n\
             --- node ---\n{node}--- engine ---\n{engine}--- code: target/oracle/{name}.ts",
            node.lines().count(),
            engine.lines().count()
        );
    }
    assert!(!engine.is_empty());
}

#[test]
fn semaphore_demo_prints_what_node_prints_for_the_defaults() {
    assert_same_as_node(Demo::Semaphore, &Demo::Semaphore.defaults());
}

#[test]
fn semaphore_demo_prints_what_node_prints_across_parameters() {
    // limit 1 (sequential), limit above the task count (unbounded), the extremes of every range,
    // and large runs where several timers fall due in the same millisecond.
    for values in [[1, 5, 7], [10, 4, 1], [2, 30, 0], [10, 30, u32::MAX], [4, 20, 2024], [3, 1, 99], [5, 30, 31337]] {
        assert_same_as_node(Demo::Semaphore, &values);
    }
}

#[test]
fn semaphore_demo_prints_what_node_prints_for_a_sweep_of_seeds() {
    // Parameters drawn from a generator of their own, so the sweep covers many shapes of run
    // (ties included) and stays the same from one test run to the next.
    let mut pick = inflight_engine::rng::SeededRandom::new(20_261_125);
    for _ in 0..24 {
        let values = [pick.next_in(1, 10) as u32, pick.next_in(1, 30) as u32, pick.next_u32()];
        assert_same_as_node(Demo::Semaphore, &values);
    }
}
