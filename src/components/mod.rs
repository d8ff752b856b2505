//! The views. One component per file, named after what it renders.

pub mod app;
pub mod blocks;
pub mod code;
pub mod diagram;
pub mod index;
pub mod lesson;
pub mod not_found;
pub mod playground;
pub mod progress_store;
pub mod progress_view;
pub mod review;
pub mod quiz;
pub mod quiz_control;
pub mod runner;
pub mod runner_control;
pub mod runner_views;
pub mod sim_control;
pub mod simulation;
pub mod theme;
pub mod worker;

use leptos::prelude::*;

/// False while the page is prerendered HTML, true once the wasm has hydrated it. Effects never
/// run on the server, so both renders start from `false` and hydration sees identical markup.
pub fn hydrated() -> ReadSignal<bool> {
    let (ready, set_ready) = signal(false);
    Effect::new(move |_| set_ready.set(true));
    ready
}
