//! A time series squeezed into a fixed number of buckets, for runs too long to keep every change.
//!
//! **The rule.** At most `max_buckets` buckets of one width (a power of two, in ms) cover the run
//! from time 0. When a change lands past the last bucket, the width doubles and neighbouring
//! buckets merge in pairs; a merged bucket keeps the larger maximum of the two and the later one's
//! last value. So a peak is never lost, the level at the end of every bucket is exact, and the
//! memory held is `O(max_buckets)` whether the run has ten changes or ten million.

use crate::trace::Millis;

/// `K` quantities recorded together (in flight, memory, ...), each as a step function.
#[derive(Clone, Debug)]
pub struct Downsampled<const K: usize> {
    /// Width of every bucket in ms. Invariant: a power of two; bucket `i` covers
    /// `[i * width, (i + 1) * width)`.
    width: Millis,
    max_buckets: usize,
    /// Invariant: `buckets.len() <= max_buckets`.
    buckets: Vec<Bucket<K>>,
    /// The values in force since the last change, carried into buckets that see no change.
    current: [u64; K],
}

/// What happened within one bucket: the highest value of each quantity and its value at the end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bucket<const K: usize> {
    pub max: [u64; K],
    pub last: [u64; K],
}

/// One bucket of a finished series, with the span of time it covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Point<const K: usize> {
    pub from: Millis,
    /// Exclusive, except for the last point, which ends at the end of the run.
    pub to: Millis,
    pub max: [u64; K],
    pub last: [u64; K],
}

impl<const K: usize> Downsampled<K> {
    /// `max_buckets` below 2 is raised to 2, the fewest that can still be merged.
    pub fn new(max_buckets: usize, initial: [u64; K]) -> Self {
        let max_buckets = max_buckets.max(2);
        Self { width: 1, max_buckets, buckets: Vec::with_capacity(max_buckets), current: initial }
    }

    /// From `at` on, the quantities are `values`. Calls come in time order.
    pub fn record(&mut self, at: Millis, values: [u64; K]) {
        let index = self.bucket_for(at);
        let bucket = &mut self.buckets[index];
        for ((max, last), value) in bucket.max.iter_mut().zip(bucket.last.iter_mut()).zip(values) {
            *max = (*max).max(value);
            *last = value;
        }
        self.current = values;
    }

    /// The values in force now.
    pub fn current(&self) -> [u64; K] {
        self.current
    }

    /// The series up to `end`: at most `max_buckets` points covering `[0, end]`.
    pub fn finish(mut self, end: Millis) -> Vec<Point<K>> {
        let last_index = self.bucket_for(end);
        let width = self.width;
        self.buckets
            .iter()
            .enumerate()
            .map(|(i, b)| {
                let from = i as u64 * width;
                let to = if i == last_index { end } else { from + width };
                Point { from, to, max: b.max, last: b.last }
            })
            .collect()
    }

    /// The index of the bucket holding `at`, coarsening and filling gaps as needed.
    fn bucket_for(&mut self, at: Millis) -> usize {
        while at / self.width >= self.max_buckets as u64 {
            self.coarsen();
        }
        let index = (at / self.width) as usize;
        let carried = Bucket { max: self.current, last: self.current };
        if self.buckets.len() <= index {
            self.buckets.resize(index + 1, carried);
        }
        index
    }

    fn coarsen(&mut self) {
        let merged: Vec<Bucket<K>> = self
            .buckets
            .chunks(2)
            .map(|pair| match pair {
                [early, late] => {
                    let mut max = early.max;
                    for (m, l) in max.iter_mut().zip(late.max) {
                        *m = (*m).max(l);
                    }
                    Bucket { max, last: late.last }
                }
                _ => pair[0],
            })
            .collect();
        self.buckets.clear();
        self.buckets.extend(merged);
        self.width = self.width.saturating_mul(2);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_run_keeps_every_millisecond() {
        let mut s = Downsampled::<1>::new(10, [0]);
        s.record(0, [3]);
        s.record(0, [1]);
        s.record(4, [7]);
        let points = s.finish(5);
        assert_eq!(points.len(), 6);
        assert_eq!(points[0], Point { from: 0, to: 1, max: [3], last: [1] });
        assert_eq!(points[2], Point { from: 2, to: 3, max: [1], last: [1] }, "a quiet bucket carries the level");
        assert_eq!(points[4].max, [7]);
        assert_eq!(points[5], Point { from: 5, to: 5, max: [7], last: [7] });
    }

    #[test]
    fn a_long_run_stays_within_the_bucket_budget_and_keeps_its_peak() {
        let mut s = Downsampled::<2>::new(600, [0, 0]);
        for t in 0..1_000_000u64 {
            let spike = if t == 123_457 { 9_999 } else { t % 7 };
            s.record(t, [spike, t]);
        }
        let points = s.finish(999_999);
        assert!(points.len() <= 600, "{} points", points.len());
        assert_eq!(points.iter().map(|p| p.max[0]).max(), Some(9_999));
        assert_eq!(points.last().unwrap().last, [999_999 % 7, 999_999]);
        let width = points[0].to - points[0].from;
        assert!(width.is_power_of_two());
        assert!(points.windows(2).all(|w| w[0].to == w[1].from));
    }
}
