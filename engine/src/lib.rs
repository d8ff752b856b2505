//! The simulation engine behind every demo.
//!
//! Sans-IO and deterministic: a model takes parameters (including a seed) and returns a
//! [`trace::Trace`] of timestamped events on a virtual clock. Nothing here reads a clock, touches
//! the DOM or does I/O, so the same parameters give the same trace natively, in a test, in the
//! browser and in a benchmark. Real Node.js is the oracle for what a model claims; the tests under
//! `engine/tests/` run the code a demo shows in Node and compare.

pub mod rng;
pub mod trace;
pub mod js;
pub mod models;
