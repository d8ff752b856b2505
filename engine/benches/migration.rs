//! The million-id migration in each regime: wall time, and the most heap the simulation itself
//! held, measured by a counting allocator around the system one.
//!
//! `cargo bench --bench migration`

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::Instant;

use inflight_engine::models::fanout::{self, FanoutParams, Regime};

/// Counts the bytes allocated and not yet freed, and the most there ever were.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let live = LIVE.fetch_add(layout.size(), Relaxed) + layout.size();
            PEAK.fetch_max(live, Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                let live = LIVE.fetch_add(new_size - layout.size(), Relaxed) + new_size - layout.size();
                PEAK.fetch_max(live, Relaxed);
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn main() {
    println!("million-id migration: 1,000,000 tasks, 16 KiB each in flight, 20 connections, 2 GiB heap");
    let total = Instant::now();
    for regime in [Regime::Sequential, Regime::Unbounded, Regime::Bounded(20)] {
        let p = FanoutParams::migration(regime);
        let before = LIVE.load(Relaxed);
        PEAK.store(before, Relaxed);
        let started = Instant::now();
        let report = fanout::run(&p).expect("the migration's parameters are valid");
        let wall = started.elapsed();
        let held = PEAK.load(Relaxed) - before;
        let s = report.summary;
        println!(
            "{:<12} wall {:>8.1} ms | sim heap peak {:>8} B | finished {:>7} refused {:>6} killed_in_flight {:>6} never_started {:>6} | peak in flight {:>6} peak memory {:>5} MiB | killed_at {:>9} | makespan {:>10} ms | {} points",
            format!("{regime:?}"),
            wall.as_secs_f64() * 1e3,
            held,
            s.finished,
            s.refused,
            s.killed_in_flight,
            s.never_started,
            s.peak_in_flight,
            s.peak_memory >> 20,
            s.killed_at.map_or("-".to_string(), |t| format!("{t} ms")),
            s.makespan,
            report.series.len(),
        );
        std::hint::black_box(report);
    }
    println!("all three regimes: {:.1} ms", total.elapsed().as_secs_f64() * 1e3);
}
