//! The virtual clock: an agenda of events due at future milliseconds.
//!
//! **The rule.** Events come out in time order, and events due at the same millisecond come out in
//! the order they were scheduled, as timers created in one turn fire in creation order. Time never
//! runs backwards: an event scheduled for a moment already past is due now. Nothing here reads a
//! real clock; the agenda's `now` is simply the time of the last event taken out.
//!
//! Node keeps one list of timers per duration and, when several lists are overdue at once, runs
//! them list by list (ordered by each list's earliest expiry), not strictly by due time (see
//! `lib/internal/timers.js` in Node's source); at millisecond resolution with one event per due
//! time that never shows, so the models use the plain (due, scheduling order) rule.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use crate::trace::Millis;

/// Pending events, earliest first, ties in scheduling order.
#[derive(Clone, Debug)]
pub struct Agenda<E> {
    /// A max-heap whose order is reversed by [`Due`], so its top is the earliest event.
    pending: BinaryHeap<Due<E>>,
    /// How many events were ever scheduled: the tie-breaker, unique and increasing.
    scheduled: u64,
    /// The time of the last event taken out. Invariant: every pending event is due at or after it.
    now: Millis,
}

#[derive(Clone, Debug)]
struct Due<E> {
    at: Millis,
    order: u64,
    event: E,
}

impl<E> Agenda<E> {
    pub fn new() -> Self {
        Self { pending: BinaryHeap::new(), scheduled: 0, now: 0 }
    }

    pub fn now(&self) -> Millis {
        self.now
    }

    /// Schedules `event` at `at`, or now if `at` is already past.
    pub fn schedule_at(&mut self, at: Millis, event: E) {
        let at = at.max(self.now);
        self.pending.push(Due { at, order: self.scheduled, event });
        self.scheduled += 1;
    }

    /// Schedules `event` `delay` ms from now (saturating at the end of time).
    pub fn schedule_in(&mut self, delay: Millis, event: E) {
        self.schedule_at(self.now.saturating_add(delay), event);
    }

    /// Takes out the next event and moves the clock to its time.
    pub fn pop(&mut self) -> Option<(Millis, E)> {
        let due = self.pending.pop()?;
        self.now = due.at;
        Some((due.at, due.event))
    }

    /// When the next event is due, if any.
    pub fn next_due(&self) -> Option<Millis> {
        self.pending.peek().map(|d| d.at)
    }

    pub fn len(&self) -> usize {
        self.pending.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pending.is_empty()
    }
}

impl<E> Default for Agenda<E> {
    fn default() -> Self {
        Self::new()
    }
}

impl<E> PartialEq for Due<E> {
    fn eq(&self, other: &Self) -> bool {
        self.order == other.order
    }
}

impl<E> Eq for Due<E> {}

impl<E> PartialOrd for Due<E> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<E> Ord for Due<E> {
    /// Reversed, so that the heap's greatest element is the earliest event.
    fn cmp(&self, other: &Self) -> Ordering {
        (other.at, other.order).cmp(&(self.at, self.order))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn earliest_first_and_ties_in_scheduling_order() {
        let mut agenda = Agenda::new();
        agenda.schedule_at(30, "c");
        agenda.schedule_at(10, "a");
        agenda.schedule_at(30, "d");
        agenda.schedule_at(10, "b");
        let order: Vec<_> = std::iter::from_fn(|| agenda.pop()).collect();
        assert_eq!(order, [(10, "a"), (10, "b"), (30, "c"), (30, "d")]);
        assert_eq!(agenda.now(), 30);
    }

    #[test]
    fn the_past_is_due_now_and_the_end_of_time_saturates() {
        let mut agenda = Agenda::new();
        agenda.schedule_at(50, 1);
        assert_eq!(agenda.pop(), Some((50, 1)));
        agenda.schedule_at(20, 2);
        agenda.schedule_in(u64::MAX, 3);
        assert_eq!(agenda.next_due(), Some(50));
        assert_eq!(agenda.pop(), Some((50, 2)));
        assert_eq!(agenda.pop(), Some((u64::MAX, 3)));
        assert!(agenda.is_empty());
    }
}
