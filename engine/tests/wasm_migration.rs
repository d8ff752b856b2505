//! The million-ID migration compiled to wasm and run in headless Chromium, to compare with the
//! native benchmark (`cargo bench --bench migration`). Run by `cargo xtask bench`.
#![cfg(target_arch = "wasm32")]

use inflight_engine::models::fanout::{self, FanoutParams, Regime};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn million_id_migration_in_the_browser() {
    let mut total = 0.0;
    for regime in [Regime::Sequential, Regime::Unbounded, Regime::Bounded(20)] {
        let started = js_sys::Date::now();
        let report = fanout::run(&FanoutParams::migration(regime)).expect("valid parameters");
        let wall = js_sys::Date::now() - started;
        total += wall;
        console_log!("wasm {regime:?}: {wall:.1} ms, finished {}, killed at {:?}", report.summary.finished, report.summary.killed_at);
    }
    console_log!("wasm all three regimes: {total:.1} ms");
}
