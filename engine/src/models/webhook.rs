//! A webhook consumer fed at-least-once deliveries: duplicated, out of order, concurrent.
//!
//! **The rule.** An idempotent consumer applies each event's side effect exactly once, however
//! many times the event is delivered. It keeps a store keyed by event id with the states
//! `absent → in progress → done`, and moves an id out of `absent` *atomically* (a unique
//! constraint, `INSERT … ON CONFLICT DO NOTHING`): the delivery that wins the claim does the work;
//! a duplicate arriving while the work is in progress gets 409 and is redelivered later; one
//! arriving after it is done gets the stored result. A naive handler applies every delivery, and
//! a check-then-insert handler (read "absent", do the work, then write "done") lets every
//! duplicate that arrives between the read and the write do the work again. None of them restores
//! order: events are applied in the order their deliveries won, which is not the order they
//! happened in.

use super::clock::Agenda;
use super::error::{check_fraction, check_range};
use super::ModelError;
use crate::rng::SeededRandom;
use crate::trace::{EventKind, Millis, TaskId, Trace};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Handler {
    /// Applies every delivery.
    Naive,
    /// `if (!(await seen.has(id))) { await apply(event); await seen.add(id) }`: not atomic.
    CheckThenInsert,
    /// Claims the id atomically as in progress, applies, then stores the result as done.
    Atomic,
}

/// Events happen one every `event_every_ms`; each is delivered once, and again with probability
/// `duplicate_rate` (repeatedly: 0, 1, 2, ... extra copies), every copy arriving after a random
/// delay in `[0, delivery_delay_ms]`, which reorders them. Applying an event takes `apply_ms`. A
/// 409 is redelivered `redeliver_after_ms` later.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WebhookParams {
    pub events: u32,
    pub event_every_ms: Millis,
    pub duplicate_rate: f64,
    pub delivery_delay_ms: Millis,
    pub apply_ms: Millis,
    pub redeliver_after_ms: Millis,
    pub handler: Handler,
    pub seed: u32,
}

/// The most events a run accepts: it keeps one state per event.
pub const MAX_EVENTS: u32 = 1_000_000;
/// At most this many extra copies of one event are sent, whatever the duplicate rate.
pub const MAX_EXTRA_COPIES: u32 = 10;

impl Default for WebhookParams {
    fn default() -> Self {
        Self {
            events: 200,
            event_every_ms: 10,
            duplicate_rate: 0.3,
            delivery_delay_ms: 80,
            apply_ms: 30,
            redeliver_after_ms: 100,
            handler: Handler::Atomic,
            seed: 42,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct WebhookReport {
    /// Delivery n is task n: queued when it arrives, then started and finished if it applies
    /// the event, dropped if answered from the store (a duplicate), failed if answered 409.
    pub trace: Trace,
    /// Every delivery, redeliveries after a 409 included.
    pub deliveries: u32,
    /// Copies beyond the first that the sender sent on its own (at-least-once).
    pub duplicates_sent: u32,
    pub side_effects: u32,
    /// Events whose side effect happened more than once.
    pub applied_more_than_once: u32,
    pub never_applied: u32,
    /// Deliveries answered 409 because the event was in progress.
    pub conflicts: u32,
    /// Deliveries answered with the stored result.
    pub replayed: u32,
    /// Events applied after an event that happened later had already been applied.
    pub applied_out_of_order: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stored {
    Absent,
    InProgress,
    Done,
}

enum Due {
    /// A delivery of `event` (numbered from 0 in the order events happened) arrives.
    Arrives { event: u32 },
    /// A delivery finished applying `event`.
    Applied { event: u32, delivery: TaskId },
}

pub fn run(p: &WebhookParams) -> Result<WebhookReport, ModelError> {
    check_range("events", u64::from(p.events), 1, u64::from(MAX_EVENTS))?;
    check_fraction("duplicate_rate", p.duplicate_rate)?;
    for (field, ms) in [
        ("event_every_ms", p.event_every_ms),
        ("delivery_delay_ms", p.delivery_delay_ms),
        ("apply_ms", p.apply_ms),
        ("redeliver_after_ms", p.redeliver_after_ms),
    ] {
        check_range(field, ms, 0, u64::from(u32::MAX))?;
    }
    if p.redeliver_after_ms == 0 && p.handler == Handler::Atomic && p.apply_ms > 0 {
        return Err(ModelError::new(
            "redeliver_after_ms",
            "`redeliver_after_ms` must be at least 1 with the atomic handler, or a 409 is redelivered forever within one millisecond.",
        ));
    }
    let mut random = SeededRandom::new(p.seed);
    let mut agenda = Agenda::new();
    let mut r = WebhookReport {
        trace: Trace::new(),
        deliveries: 0,
        duplicates_sent: 0,
        side_effects: 0,
        applied_more_than_once: 0,
        never_applied: 0,
        conflicts: 0,
        replayed: 0,
        applied_out_of_order: 0,
    };
    for event in 0..p.events {
        let happened = u64::from(event) * p.event_every_ms;
        let mut copies = 1;
        while copies <= MAX_EXTRA_COPIES && random.next_f64() < p.duplicate_rate {
            copies += 1;
        }
        r.duplicates_sent += copies - 1;
        for _ in 0..copies {
            let delay = random.next_in(0, p.delivery_delay_ms + 1);
            agenda.schedule_at(happened + delay, Due::Arrives { event });
        }
    }

    let mut stored = vec![Stored::Absent; p.events as usize];
    let mut applied = vec![0u32; p.events as usize];
    let mut latest_applied: Option<u32> = None;
    let mut trace = Trace::new();
    while let Some((now, due)) = agenda.pop() {
        match due {
            Due::Arrives { event } => {
                r.deliveries += 1;
                let delivery = r.deliveries;
                trace.push(now, EventKind::TaskQueued(delivery));
                let state = &mut stored[event as usize];
                let applies = match (p.handler, *state) {
                    (Handler::Naive, _) => true,
                    (Handler::CheckThenInsert, seen) => seen != Stored::Done,
                    (Handler::Atomic, Stored::Absent) => {
                        *state = Stored::InProgress;
                        true
                    }
                    (Handler::Atomic, Stored::InProgress) => {
                        r.conflicts += 1;
                        trace.push(now, EventKind::TaskFailed(delivery));
                        agenda.schedule_in(p.redeliver_after_ms, Due::Arrives { event });
                        false
                    }
                    (Handler::Atomic, Stored::Done) => false,
                };
                if applies {
                    r.side_effects += 1;
                    applied[event as usize] += 1;
                    if latest_applied.is_some_and(|latest| latest > event) && applied[event as usize] == 1 {
                        r.applied_out_of_order += 1;
                    }
                    latest_applied = latest_applied.max(Some(event));
                    trace.push(now, EventKind::TaskStarted(delivery));
                    agenda.schedule_in(p.apply_ms, Due::Applied { event, delivery });
                } else if stored[event as usize] == Stored::Done {
                    r.replayed += 1;
                    trace.push(now, EventKind::TaskDropped(delivery));
                }
            }
            Due::Applied { event, delivery } => {
                stored[event as usize] = Stored::Done;
                trace.push(now, EventKind::TaskFinished(delivery));
            }
        }
    }
    r.applied_more_than_once = applied.iter().filter(|&&n| n > 1).count() as u32;
    r.never_applied = applied.iter().filter(|&&n| n == 0).count() as u32;
    r.trace = trace;
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(handler: Handler) -> WebhookReport {
        run(&WebhookParams { handler, ..WebhookParams::default() }).unwrap()
    }

    #[test]
    fn naive_applies_every_duplicate() {
        let r = with(Handler::Naive);
        assert!(r.duplicates_sent > 30, "{r:?}");
        assert_eq!(r.side_effects, 200 + r.duplicates_sent);
        assert!(r.applied_more_than_once > 0);
    }

    #[test]
    fn check_then_insert_races_when_duplicates_arrive_during_the_work() {
        let r = with(Handler::CheckThenInsert);
        let naive = with(Handler::Naive);
        assert!(r.applied_more_than_once > 0, "the race lets some through: {r:?}");
        assert!(r.side_effects < naive.side_effects, "but fewer than naive");
        // Copies arriving together all read "absent" before any of them writes "done".
        let together =
            WebhookParams { delivery_delay_ms: 0, handler: Handler::CheckThenInsert, ..WebhookParams::default() };
        let raced = run(&together).unwrap();
        assert_eq!(raced.side_effects, 200 + raced.duplicates_sent);
        let claimed = run(&WebhookParams { handler: Handler::Atomic, ..together }).unwrap();
        assert_eq!((claimed.side_effects, claimed.applied_more_than_once), (200, 0));
    }

    #[test]
    fn atomic_claims_apply_each_event_exactly_once() {
        let r = with(Handler::Atomic);
        assert_eq!((r.side_effects, r.applied_more_than_once, r.never_applied), (200, 0, 0));
        assert!(r.conflicts > 0 && r.replayed > 0, "{r:?}");
        assert_eq!(r.deliveries, 200 + r.duplicates_sent + r.conflicts);
        assert!(r.applied_out_of_order > 0, "idempotency does not restore order");
    }

    #[test]
    fn no_duplicates_and_no_delay_every_handler_agrees() {
        for handler in [Handler::Naive, Handler::CheckThenInsert, Handler::Atomic] {
            let p = WebhookParams { duplicate_rate: 0.0, delivery_delay_ms: 0, handler, ..WebhookParams::default() };
            let r = run(&p).unwrap();
            assert_eq!((r.side_effects, r.applied_out_of_order, r.conflicts), (200, 0, 0), "{handler:?}");
        }
    }

    #[test]
    fn bad_parameters_are_refused() {
        let base = WebhookParams::default();
        assert_eq!(run(&WebhookParams { events: 0, ..base }).unwrap_err().field, "events");
        assert_eq!(run(&WebhookParams { duplicate_rate: 2.0, ..base }).unwrap_err().field, "duplicate_rate");
        assert_eq!(run(&WebhookParams { redeliver_after_ms: 0, ..base }).unwrap_err().field, "redeliver_after_ms");
        assert!(run(&WebhookParams { duplicate_rate: 1.0, ..base }).is_ok(), "copies are capped");
    }
}
