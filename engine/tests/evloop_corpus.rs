//! Differential tests: every program in `tests/evloop/corpus/` is run by its Node oracle and by
//! the interpreter (see `common/differential.rs`: stdout, exit status and the first line of
//! stderr must be the same). No expected output is stored: Node is the oracle on every run.
//! Programs in `tests/evloop/races/` race in real Node; the interpreter must flag them. The
//! course's demo programs (`tests/evloop/demos/`, which `cargo xtask bench` also times) are held
//! to the same standard.

#[path = "common/differential.rs"]
mod differential;

use differential::*;
use inflight_engine::js::run_file;

#[test]
fn the_interpreter_prints_what_node_prints_for_every_corpus_program() {
    let programs = programs("corpus");
    assert!(programs.len() >= 200, "the corpus should hold at least 200 programs, it has {}", programs.len());
    check_against_node("evloop corpus", &programs);
}

#[test]
fn the_course_demos_print_what_node_prints() {
    let programs = programs("demos");
    assert_eq!(programs.len(), 5, "the five demos of the course");
    check_against_node("course demos", &programs);
}

fn check_against_node(what: &str, programs: &[Program]) {
    let (results, elapsed) = run_all(programs);
    let mut failures = Vec::new();
    let mut flipped = Vec::new();
    for (program, result) in programs.iter().zip(results) {
        match result {
            Ok(Verdict::Matches) => {}
            Err(e) => failures.push(e),
            Ok(Verdict::Differs(why)) => {
                // Asked again, one at a time: Node itself may have answered differently on a
                // loaded machine. `tests/oracle/corpus-stability.mjs` finds such programs, and
                // they get wider margins or move to races/.
                if (0..2).any(|_| oracle(program).is_ok_and(|node| matches!(compare(program, &node), Verdict::Matches))) {
                    flipped.push(program.name.clone());
                } else {
                    failures.push(format!("{}: {why}\n--- program ---\n{}", program.name, program.source));
                }
            }
        }
    }
    eprintln!("{what}: {} programs, {} identical to Node, in {:.1} s", programs.len(), programs.len() - failures.len(), elapsed.as_secs_f64());
    if !flipped.is_empty() {
        eprintln!(
            "warning: real Node printed two different things for {} (the interpreter matched one of them); \
             run `node tests/oracle/corpus-stability.mjs` and widen their margins",
            flipped.join(", ")
        );
    }
    if !failures.is_empty() {
        panic!("{} of {} programs differ from Node:\n\n{}", failures.len(), programs.len(), failures.join("\n\n"));
    }
}

#[test]
fn races_in_real_node_are_flagged() {
    for program in programs("races") {
        let result = run_file(&program.name, &program.source).unwrap_or_else(|e| panic!("{}: {e}", program.name));
        assert!(result.race.is_some(), "{}: a race in real Node, but the interpreter did not flag it", program.name);
    }
}

/// The compiler turns every name it can place into a slot (scope hops, index); the machine checks
/// each slot by name and searches when the check fails. On the corpus no check may fail: a miss
/// means the compiler's model of some scope is wrong (slower, though never a wrong binding).
#[test]
fn compiled_slots_always_hold_their_binding() {
    let mut missed = Vec::new();
    for program in programs("corpus").into_iter().chain(programs("demos")) {
        if let Ok(run) = run_file(&program.name, &program.source) {
            if run.slot_misses > 0 {
                missed.push(format!("{} ({} misses)", program.name, run.slot_misses));
            }
        }
    }
    assert!(missed.is_empty(), "slots that did not hold their binding: {}", missed.join(", "));
}
