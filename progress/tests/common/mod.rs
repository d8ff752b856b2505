//! A small deterministic generator of progress, built the way a reader builds it: by random
//! operations on a few ids, at times that collide often.

#![allow(dead_code)] // each test file uses part of it

use inflight_progress::{Progress, Rating, Response, DAY};

/// A Tuesday in November 2023, 10:00 UTC.
pub const T0: i64 = 1_700_042_400_000;

/// xorshift64*: enough randomness for test cases, the same on every run.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }
}

/// What the generator may do.
#[derive(Clone, Copy)]
pub struct Ops {
    /// Resets and replacing imports, which make a merge drop the other side's older records.
    pub resets: bool,
}

/// One operation a reader could do, at a clock that moves on by nothing, a millisecond, a
/// second, an hour or some days.
pub fn step(rng: &mut Rng, p: &mut Progress, clock: &mut i64, ops: Ops) {
    *clock += rng.pick(&[0, 0, 1, 1000, 3_600_000, DAY, 3 * DAY, 8 * DAY]);
    let now = *clock;
    let id = rng.pick(&["q0", "q1", "q2", "q3"]);
    let fingerprint = rng.pick(&["f0", "f0", "f0", "f1"]);
    let runner = rng.pick(&["/a/#r0", "/a/#r1", "/b/#r0"]);
    let lesson = rng.pick(&["backpressure", "retries", "event-loop"]);
    match rng.below(14) {
        0..=4 => {
            let response = match rng.below(5) {
                0 => Response::Choice { option: rng.below(4) as u32 },
                1 => Response::Choices { options: (0..rng.below(4)).map(|_| rng.below(5) as u32).collect() },
                2 => Response::Predict { lines: (0..rng.below(3)).map(|i| format!("line {}", i + rng.below(2))).collect() },
                3 => Response::Short { text: rng.pick(&["drain", "highWaterMark", ""]).to_string() },
                _ => Response::Open { text: rng.pick(&["it waits", "it buffers \"everything\"\n"]).to_string() },
            };
            let rating = rng.pick(&[None, Some(Rating::GotIt), Some(Rating::GotIt), Some(Rating::Partly), Some(Rating::Missed)]);
            p.answer(id, fingerprint, response, rating, now);
        }
        5 => {
            p.self_rate(id, rng.pick(&[Rating::GotIt, Rating::Partly, Rating::Missed]), now);
        }
        6 => p.mark_read(lesson, now),
        7 => p.mark_done(lesson, now),
        8 => p.record_run(runner, now),
        9 => {
            let code = rng.pick(&["const n = 8;", "const n = 2;\n// mine", ""]);
            p.save_edit(runner, rng.pick(&["0123456789abcdef", "fedcba9876543210"]), code, now);
        }
        10 => p.drop_edit(runner, now),
        11 => p.visit(lesson, now),
        12 => {
            p.reconcile([("q0", "f0"), ("q1", fingerprint)]);
        }
        _ if ops.resets && rng.below(3) == 0 => {
            if rng.below(2) == 0 {
                p.reset(now);
            } else {
                let imported = progress(rng, 3, ops, clock);
                p.replace_with_imported(imported, *clock);
            }
        }
        _ => p.mark_read(lesson, now),
    }
}

/// A progress made by up to `max_ops` operations, from the clock's time on.
pub fn progress(rng: &mut Rng, max_ops: u64, ops: Ops, clock: &mut i64) -> Progress {
    let mut p = Progress::new();
    for _ in 0..rng.below(max_ops + 1) {
        step(rng, &mut p, clock, ops);
    }
    p
}

/// Two tabs' progress: often forked from a shared history (both tabs loaded the same document
/// and went on), sometimes made apart.
pub fn pair(rng: &mut Rng, ops: Ops) -> (Progress, Progress) {
    let mut clock = T0;
    if rng.below(4) == 0 {
        let a = progress(rng, 20, ops, &mut clock);
        let mut other_clock = T0 + rng.below(3) as i64 * DAY;
        return (a, progress(rng, 20, ops, &mut other_clock));
    }
    let base = progress(rng, 20, ops, &mut clock);
    let (mut a, mut b) = (base.clone(), base);
    let (mut clock_a, mut clock_b) = (clock, clock);
    for _ in 0..rng.below(12) {
        step(rng, &mut a, &mut clock_a, ops);
    }
    for _ in 0..rng.below(12) {
        step(rng, &mut b, &mut clock_b, ops);
    }
    (a, b)
}
