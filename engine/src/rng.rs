//! The seeded generator that demos share with the code they show.
//!
//! A demo's TypeScript defines this same generator (see `demo_code/*.ts`), so a reader who runs
//! the code in Node draws exactly the numbers the engine drew. Every step is 32-bit integer
//! arithmetic, which JavaScript reproduces bit for bit with `Math.imul` and `>>> 0`.

/// xorshift32 with a multiplicative seed scramble, so that nearby seeds start far apart.
#[derive(Clone, Debug)]
pub struct SeededRandom {
    state: u32,
}

impl SeededRandom {
    pub fn new(seed: u32) -> Self {
        let scrambled = seed.wrapping_mul(0x9e37_79b1) ^ 0x6d2b_79f5;
        // xorshift never leaves the all-zero state, so that one seed value is remapped.
        Self { state: if scrambled == 0 { 1 } else { scrambled } }
    }

    pub fn next_u32(&mut self) -> u32 {
        let mut x = self.state;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        self.state = x;
        x
    }

    /// A float in [0, 1), computed as JavaScript's `x / 4294967296` is.
    pub fn next_f64(&mut self) -> f64 {
        f64::from(self.next_u32()) / 4_294_967_296.0
    }

    /// `min + Math.floor(random() * span)`: an integer in `[min, min + span)`.
    pub fn next_in(&mut self, min: u64, span: u64) -> u64 {
        min + (self.next_f64() * span as f64).floor() as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_numbers() {
        let a: Vec<u32> = (0..5).scan(SeededRandom::new(7), |r, _| Some(r.next_u32())).collect();
        let b: Vec<u32> = (0..5).scan(SeededRandom::new(7), |r, _| Some(r.next_u32())).collect();
        assert_eq!(a, b);
        let c: Vec<u32> = (0..5).scan(SeededRandom::new(8), |r, _| Some(r.next_u32())).collect();
        assert_ne!(a, c);
    }

    #[test]
    fn floats_stay_in_unit_interval_and_ranges_hold() {
        for seed in [0, 1, 42, u32::MAX, 0x9e37_79b1] {
            let mut r = SeededRandom::new(seed);
            for _ in 0..10_000 {
                let f = r.next_f64();
                assert!((0.0..1.0).contains(&f), "seed {seed} gave {f}");
                let n = r.next_in(50, 150);
                assert!((50..200).contains(&n));
            }
        }
    }
}
