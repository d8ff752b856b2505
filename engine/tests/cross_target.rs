//! The engine computes the same thing natively and compiled to wasm. Natively this test writes
//! the fingerprints of a fixed set of runs to cargo's `target/tmp/`; `cargo xtask test` then
//! compiles the same runs to wasm, with what the native run wrote built in, and runs them in
//! headless Chromium, where they must come out the same.

#[path = "common/fingerprint.rs"]
mod fingerprint;

use fingerprint::fingerprints;

/// Corpus programs, built into the test so that the wasm build needs no file system.
fn programs() -> Vec<(&'static str, &'static str)> {
    vec![
        ("005-log-objects.js", include_str!("evloop/corpus/005-log-objects.js")),
        ("006-log-arithmetic.js", include_str!("evloop/corpus/006-log-arithmetic.js")),
        ("016-checkpoint-every-source.js", include_str!("evloop/corpus/016-checkpoint-every-source.js")),
        ("026-queue-puzzle.js", include_str!("evloop/corpus/026-queue-puzzle.js")),
        ("028-module-order.mjs", include_str!("evloop/corpus/028-module-order.mjs")),
        ("035-tla-loop.mjs", include_str!("evloop/corpus/035-tla-loop.mjs")),
        ("040-timer-nested-due-times.js", include_str!("evloop/corpus/040-timer-nested-due-times.js")),
        ("052-io-nested-phases.js", include_str!("evloop/corpus/052-io-nested-phases.js")),
        ("065-cost-nested-async.js", include_str!("evloop/corpus/065-cost-nested-async.js")),
        ("075-async-loop-await.js", include_str!("evloop/corpus/075-async-loop-await.js")),
        ("083-combinators-nested.js", include_str!("evloop/corpus/083-combinators-nested.js")),
        ("091-unhandled-rejection-exits.js", include_str!("evloop/corpus/091-unhandled-rejection-exits.js")),
    ]
}

#[cfg(not(target_arch = "wasm32"))]
#[test]
fn the_native_fingerprints_are_stable_and_written_for_the_wasm_run() {
    let first = fingerprints(&programs());
    assert_eq!(first, fingerprints(&programs()), "two native runs of the same inputs differ");
    assert!(first.lines().count() > programs().len(), "{first}");
    assert!(!first.contains("refused"), "a program was refused:\n{first}");
    let file = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("engine-fingerprints.txt");
    std::fs::write(&file, &first).unwrap();
}

#[cfg(target_arch = "wasm32")]
mod in_the_browser {
    use super::*;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    /// Written by the native test just before this was compiled (`cargo xtask test` runs both).
    /// The wasm build's temporary folder is `<target>/wasm32-unknown-unknown/tmp`; the native
    /// one's is `<target>/tmp`.
    const NATIVE: &str = include_str!(concat!(env!("CARGO_TARGET_TMPDIR"), "/../../tmp/engine-fingerprints.txt"));

    #[wasm_bindgen_test]
    fn the_wasm_build_computes_what_the_native_build_computes() {
        let wasm = fingerprints(&programs());
        for (native, wasm) in NATIVE.lines().zip(wasm.lines()) {
            assert_eq!(wasm, native, "the wasm build differs from the native one");
        }
        assert_eq!(wasm.lines().count(), NATIVE.lines().count());
        console_log!("{} fingerprints identical natively and in wasm", NATIVE.lines().count());
    }
}
