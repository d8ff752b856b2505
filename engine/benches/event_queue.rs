//! Events per second through the agenda every model runs on, in the "hold" pattern a simulation
//! makes: take out the earliest event, schedule one new event a random 1 to 100 ms later.
//!
//! `cargo bench --bench event_queue`

use std::hint::black_box;
use std::time::Instant;

use inflight_engine::models::clock::Agenda;
use inflight_engine::rng::SeededRandom;

fn hold(pending: usize, events: u64) -> f64 {
    let mut random = SeededRandom::new(7);
    let mut agenda: Agenda<u32> = Agenda::new();
    for i in 0..pending {
        agenda.schedule_in(random.next_in(1, 100), i as u32);
    }
    let started = Instant::now();
    for _ in 0..events {
        let Some((_, event)) = agenda.pop() else { break };
        agenda.schedule_in(random.next_in(1, 100), black_box(event));
    }
    let seconds = started.elapsed().as_secs_f64();
    black_box(agenda.len());
    events as f64 / seconds
}

fn fill_and_drain(events: u64) -> f64 {
    let mut random = SeededRandom::new(11);
    let mut agenda: Agenda<u64> = Agenda::new();
    let started = Instant::now();
    for i in 0..events {
        agenda.schedule_at(random.next_in(0, 1_000_000), i);
    }
    let mut sum = 0u64;
    while let Some((at, event)) = agenda.pop() {
        sum = sum.wrapping_add(at ^ event);
    }
    black_box(sum);
    events as f64 / started.elapsed().as_secs_f64()
}

fn main() {
    println!("agenda (binary heap, ties in scheduling order): pop one, schedule one");
    for (pending, events) in [(20, 10_000_000), (1_000, 10_000_000), (100_000, 5_000_000), (1_000_000, 2_000_000)] {
        println!("  {pending:>9} pending: {:>6.1} M events/s", hold(pending, events) / 1e6);
    }
    println!("  schedule 1,000,000 at random times, then drain: {:>6.1} M events/s", fill_and_drain(1_000_000) / 1e6);
}
