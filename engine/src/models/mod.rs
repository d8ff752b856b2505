//! Concurrency models: each enforces one rule, stated in its module doc, on a virtual clock.
//!
//! Every model is sans-IO: a state machine that is told the time and what happened, plus a `run`
//! that drives it from parameters and a seed. Parameters are checked before anything runs, and a
//! value out of range is a [`ModelError`] naming the field, never a panic.
//!
//! - [`clock`]: the agenda of timed events every run is driven by.
//! - [`series`]: a time series squeezed into a fixed number of buckets, for very long runs.
//! - [`limiter`]: p-limit: at most `concurrency` running, the rest wait in call order.
//! - [`fanout`]: N tasks sequentially, all at once, or k at a time, against a downstream with a
//!   connection limit and a process with a heap limit.
//! - [`bounded_queue`]: a producer blocked while the buffer is full.
//! - [`writable`]: a Node Writable stream: `highWaterMark`, `write()` returning false, `'drain'`.
//! - [`abort`]: AbortController and AbortSignal, and a job that stops between steps.
//! - [`breaker`]: a circuit breaker, CLOSED, OPEN and HALF_OPEN.
//! - [`retry`]: capped exponential backoff with the AWS jitter variants.
//! - [`webhook`]: a webhook consumer fed duplicates out of order, naive and idempotent.
//! - [`mmc`]: an M/M/c queue and its latency percentiles.

pub mod abort;
pub mod bounded_queue;
pub mod breaker;
pub mod clock;
mod error;
pub mod fanout;
pub mod limiter;
pub mod mmc;
pub mod retry;
pub mod series;
pub mod webhook;
pub mod writable;

pub use error::ModelError;
