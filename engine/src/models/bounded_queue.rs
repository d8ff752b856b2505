//! A queue between producers and consumers, bounded (backpressure) or not (memory grows).
//!
//! **The rule.** A bounded queue never holds more than `capacity` items. `send` completes at once
//! while there is room; on a full queue the sender waits, and waiting senders are served strictly
//! in the order they blocked: each `recv` takes the oldest item and lets the oldest blocked
//! sender's item in, in the same instant. So a full queue pushes waiting back onto the producers
//! instead of onto memory. An unbounded queue accepts every `send` at once, and when producers
//! outpace consumers its depth, and every item's wait, grows without limit (Little's law).
//! This is `tokio::sync::mpsc::channel(capacity)`; a Node Writable is the soft version
//! ([`super::writable`]).

use std::collections::VecDeque;

use super::clock::Agenda;
use super::error::check_range;
use super::ModelError;
use crate::rng::SeededRandom;
use crate::trace::{EventKind, Millis, TaskId, Trace};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Capacity {
    Bounded(u32),
    Unbounded,
}

impl Capacity {
    fn has_room(self, depth: usize) -> bool {
        match self {
            Capacity::Bounded(c) => depth < c as usize,
            Capacity::Unbounded => true,
        }
    }

    fn check(self) -> Result<Self, ModelError> {
        if let Capacity::Bounded(c) = self {
            check_range("capacity", u64::from(c), 1, u64::from(u32::MAX))?;
        }
        Ok(self)
    }
}

/// What became of a `send`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Send {
    /// The item is in the queue; the send completed.
    Accepted,
    /// The queue is full; the sender waits with its item.
    Blocked,
}

/// The queue itself, without time.
#[derive(Clone, Debug)]
pub struct BoundedQueue<T> {
    capacity: Capacity,
    /// Oldest first. Invariant: `items.len() <= capacity`.
    items: VecDeque<T>,
    /// Senders waiting for room, with their items, oldest first. Invariant: non-empty only while
    /// `items` is full, so no sender waits while there is room.
    blocked: VecDeque<T>,
}

impl<T> BoundedQueue<T> {
    pub fn new(capacity: Capacity) -> Result<Self, ModelError> {
        Ok(Self { capacity: capacity.check()?, items: VecDeque::new(), blocked: VecDeque::new() })
    }

    pub fn send(&mut self, item: T) -> Send {
        if self.blocked.is_empty() && self.capacity.has_room(self.items.len()) {
            self.items.push_back(item);
            Send::Accepted
        } else {
            self.blocked.push_back(item);
            Send::Blocked
        }
    }

    /// Takes the oldest item. If a sender was blocked, its item enters the queue and its send
    /// completes now; that item is returned second, by reference, so the caller can tell whose.
    pub fn recv(&mut self) -> Option<(T, Option<&T>)> {
        let item = self.items.pop_front()?;
        let admitted = match self.blocked.pop_front() {
            Some(waiting) => {
                self.items.push_back(waiting);
                self.items.back()
            }
            None => None,
        };
        Some((item, admitted))
    }

    /// Items in the queue, not counting those blocked senders hold.
    pub fn depth(&self) -> usize {
        self.items.len()
    }

    pub fn blocked_senders(&self) -> usize {
        self.blocked.len()
    }
}

/// Producers each send `items_per_producer` items, making the next one `produce_every_ms` after
/// their last send completed (the first at time 0). Consumers each take one item at a time and
/// spend `consume_min_ms + floor(random() * consume_span_ms)` ms on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QueueParams {
    pub capacity: Capacity,
    pub producers: u32,
    pub items_per_producer: u32,
    pub produce_every_ms: Millis,
    pub consumers: u32,
    pub consume_min_ms: Millis,
    pub consume_span_ms: Millis,
    pub seed: u32,
}

/// The most items a run accepts: the trace has a few events per item.
pub const MAX_ITEMS: u64 = 1_000_000;

impl Default for QueueParams {
    /// One producer making an item every 2 ms, one consumer taking 3 to 6 ms each, capacity 4.
    fn default() -> Self {
        Self {
            capacity: Capacity::Bounded(4),
            producers: 1,
            items_per_producer: 40,
            produce_every_ms: 2,
            consumers: 1,
            consume_min_ms: 3,
            consume_span_ms: 4,
            seed: 42,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct QueueReport {
    /// Per item: queued (send called), started (taken by a consumer), finished; and the queue
    /// depth as [`EventKind::Waiting`].
    pub trace: Trace,
    pub peak_depth: u32,
    pub peak_blocked_senders: u32,
    /// When the last send completed: backpressure makes this later.
    pub producers_done_at: Millis,
    /// From `send` being called to the item being consumed.
    pub mean_latency_ms: f64,
    pub max_latency_ms: Millis,
    pub makespan: Millis,
}

#[derive(Clone, Copy, Debug)]
struct Item {
    id: TaskId,
    producer: u32,
    sent_at: Millis,
}

enum Due {
    /// The producer has its next item ready and calls `send`.
    Produce(u32),
    /// The consumer is done with an item.
    Consumed { consumer: u32, item: Item },
}

pub fn run(p: &QueueParams) -> Result<QueueReport, ModelError> {
    let mut queue = BoundedQueue::new(p.capacity)?;
    check_range("producers", u64::from(p.producers), 1, MAX_ITEMS)?;
    check_range("items_per_producer", u64::from(p.items_per_producer), 1, MAX_ITEMS)?;
    let total = u64::from(p.producers) * u64::from(p.items_per_producer);
    if total > MAX_ITEMS {
        return Err(ModelError::new(
            "items_per_producer",
            format!("`producers` × `items_per_producer` must be at most {MAX_ITEMS} (got {total})."),
        ));
    }
    check_range("consumers", u64::from(p.consumers), 1, 10_000)?;
    for (field, ms) in [
        ("produce_every_ms", p.produce_every_ms),
        ("consume_min_ms", p.consume_min_ms),
        ("consume_span_ms", p.consume_span_ms),
    ] {
        check_range(field, ms, 0, u64::from(u32::MAX))?;
    }

    let mut random = SeededRandom::new(p.seed);
    let mut trace = Trace::new();
    let mut agenda = Agenda::new();
    let mut left_to_send = vec![p.items_per_producer; p.producers as usize];
    let mut idle_consumers: VecDeque<u32> = (0..p.consumers).collect();
    let mut next_id: TaskId = 1;
    let (mut peak_depth, mut peak_blocked, mut producers_done_at) = (0u32, 0u32, 0);
    let (mut latency_sum, mut max_latency, mut makespan) = (0u64, 0, 0);
    for producer in 0..p.producers {
        agenda.schedule_at(0, Due::Produce(producer));
    }

    // A send completed for `producer` at `now`: it makes its next item, if it has one left.
    let sent = |producer: u32, now: Millis, left: &mut [u32], agenda: &mut Agenda<Due>, done_at: &mut Millis| {
        *done_at = now;
        left[producer as usize] -= 1;
        if left[producer as usize] > 0 {
            agenda.schedule_at(now + p.produce_every_ms, Due::Produce(producer));
        }
    };

    while let Some((now, due)) = agenda.pop() {
        match due {
            Due::Produce(producer) => {
                let item = Item { id: next_id, producer, sent_at: now };
                next_id += 1;
                trace.push(now, EventKind::TaskQueued(item.id));
                if queue.send(item) == Send::Accepted {
                    sent(producer, now, &mut left_to_send, &mut agenda, &mut producers_done_at);
                }
            }
            Due::Consumed { consumer, item } => {
                makespan = now;
                let latency = now - item.sent_at;
                latency_sum += latency;
                max_latency = max_latency.max(latency);
                trace.push(now, EventKind::TaskFinished(item.id));
                idle_consumers.push_back(consumer);
            }
        }
        // Idle consumers take what is there, oldest consumer and oldest item first.
        while !idle_consumers.is_empty() {
            let Some((item, admitted)) = queue.recv() else { break };
            if let Some(&admitted) = admitted {
                sent(admitted.producer, now, &mut left_to_send, &mut agenda, &mut producers_done_at);
            }
            let Some(consumer) = idle_consumers.pop_front() else { break };
            trace.push(now, EventKind::TaskStarted(item.id));
            let work = random.next_in(p.consume_min_ms, p.consume_span_ms);
            agenda.schedule_at(now + work, Due::Consumed { consumer, item });
        }
        let depth = queue.depth() as u32;
        trace.push(now, EventKind::Waiting(depth));
        peak_depth = peak_depth.max(depth);
        peak_blocked = peak_blocked.max(queue.blocked_senders() as u32);
    }
    Ok(QueueReport {
        trace,
        peak_depth,
        peak_blocked_senders: peak_blocked,
        producers_done_at,
        mean_latency_ms: latency_sum as f64 / total as f64,
        max_latency_ms: max_latency,
        makespan,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn max_waiting(trace: &Trace) -> u64 {
        trace.waiting_steps().iter().map(|&(_, n)| n).max().unwrap_or(0)
    }

    #[test]
    fn a_full_queue_blocks_senders_and_serves_them_in_order() {
        let mut q = BoundedQueue::new(Capacity::Bounded(2)).unwrap();
        assert_eq!(q.send('a'), Send::Accepted);
        assert_eq!(q.send('b'), Send::Accepted);
        assert_eq!(q.send('c'), Send::Blocked);
        assert_eq!(q.send('d'), Send::Blocked);
        assert_eq!(q.recv().map(|(i, w)| (i, w.copied())), Some(('a', Some('c'))));
        assert_eq!(q.depth(), 2, "the freed place went to the oldest blocked sender at once");
        assert_eq!(q.send('e'), Send::Blocked, "a newcomer queues behind d");
        assert_eq!(q.recv().map(|(i, w)| (i, w.copied())), Some(('b', Some('d'))));
        assert_eq!(q.recv().map(|(i, w)| (i, w.copied())), Some(('c', Some('e'))));
        assert_eq!(q.recv().map(|(i, w)| (i, w.copied())), Some(('d', None)));
        assert_eq!(q.recv().map(|(i, w)| (i, w.copied())), Some(('e', None)));
        assert!(q.recv().is_none());
    }

    #[test]
    fn capacity_four_fast_producer_depth_never_passes_four_and_the_producer_waits() {
        let r = run(&QueueParams::default()).unwrap();
        assert_eq!(r.peak_depth, 4);
        assert_eq!(max_waiting(&r.trace), 4);
        assert_eq!(r.peak_blocked_senders, 1);
        // 40 items at 2 ms would be sent by 78 ms; the slow consumer holds the producer back.
        assert!(r.producers_done_at > 100, "{}", r.producers_done_at);
    }

    #[test]
    fn unbounded_the_queue_and_the_wait_grow_with_the_run() {
        let short = QueueParams { capacity: Capacity::Unbounded, items_per_producer: 100, ..QueueParams::default() };
        let long = QueueParams { items_per_producer: 400, ..short };
        let (a, b) = (run(&short).unwrap(), run(&long).unwrap());
        assert_eq!(a.producers_done_at, 99 * 2, "the producer never waits");
        assert!(a.peak_depth > 30, "{}", a.peak_depth);
        assert!(b.peak_depth > 3 * a.peak_depth, "{} vs {}", b.peak_depth, a.peak_depth);
        assert!(b.max_latency_ms > 3 * a.max_latency_ms);
        let bounded = run(&QueueParams { items_per_producer: 400, ..QueueParams::default() }).unwrap();
        assert!(bounded.max_latency_ms < a.max_latency_ms, "the bound keeps each item's wait short");
    }

    #[test]
    fn several_producers_and_consumers_every_item_is_consumed_once() {
        let p = QueueParams { producers: 3, consumers: 2, items_per_producer: 50, seed: 9, ..QueueParams::default() };
        let r = run(&p).unwrap();
        let spans = r.trace.task_spans();
        assert_eq!(spans.len(), 150);
        assert!(spans.iter().all(|s| s.started.is_some() && s.finished.is_some()));
        assert!(r.peak_depth <= 4);
    }

    #[test]
    fn zero_capacity_and_other_bad_values_are_errors() {
        let base = QueueParams::default();
        let field = |p: QueueParams| run(&p).unwrap_err().field;
        assert_eq!(field(QueueParams { capacity: Capacity::Bounded(0), ..base }), "capacity");
        assert_eq!(field(QueueParams { producers: 0, ..base }), "producers");
        assert_eq!(field(QueueParams { consumers: 0, ..base }), "consumers");
        assert_eq!(field(QueueParams { producers: 1_000, items_per_producer: 10_000, ..base }), "items_per_producer");
        assert!(BoundedQueue::<u8>::new(Capacity::Bounded(0)).is_err());
    }
}
