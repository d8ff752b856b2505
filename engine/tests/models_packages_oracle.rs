//! The real npm packages are the oracles for the models that claim their behaviour: the limiter
//! against p-limit (`tests/oracle/p-limit.mjs`) and the circuit breaker, on opossum's rule,
//! against opossum's `CircuitBreaker` (`tests/oracle/opossum.mjs`). Both scripts run the package
//! on @sinonjs/fake-timers from 0 ms; each side writes the same log from its own outputs, and the
//! two logs must be identical. All runs of a test go to one Node process as a batch.
//!
//! Where a model differs from its package on purpose, the difference is named below, next to the
//! parameters that keep it out of sight or the step that normalises it.

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

use inflight_engine::models::clock::Agenda;
use inflight_engine::rng::SeededRandom;
use inflight_engine::trace::{EventKind, Millis};

/// Every run's log, as one Node process printed it running `runs` (JSON objects) in order.
fn node_logs(script: &str, package: &str, runs: &[String]) -> Vec<String> {
    let tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests");
    assert!(
        tests.join("node_modules").join(package).is_dir(),
        "tests/node_modules/{package} is missing: run `cargo xtask test`, which runs npm ci in tests/"
    );
    let mut node = Command::new("node")
        .arg(tests.join("oracle").join(script))
        .arg("--batch")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("`node` (Node 20) must be on PATH");
    // Node reads all of stdin before it prints anything, so writing first cannot deadlock.
    node.stdin.take().unwrap().write_all(format!("[{}]", runs.join(",")).as_bytes()).unwrap();
    let out = node.wait_with_output().unwrap();
    assert!(out.status.success(), "node {script} failed: {}", String::from_utf8_lossy(&out.stderr));
    let mut logs: Vec<String> = Vec::new();
    for line in String::from_utf8(out.stdout).unwrap().lines() {
        if let Some(index) = line.strip_prefix("run ") {
            assert_eq!(index.parse::<usize>().unwrap(), logs.len(), "runs come back in order");
            logs.push(String::new());
        } else {
            let log = logs.last_mut().expect("a log line before the first `run` line");
            log.push_str(line);
            log.push('\n');
        }
    }
    assert_eq!(logs.len(), runs.len(), "one log per run");
    logs
}

mod limiter {
    use super::*;
    use inflight_engine::models::limiter::{run_tasks, Action, Concurrency, Outcome, TaskWork};

    /// Tasks called in one loop at 0 ms, and what is done to the limiter meanwhile.
    #[derive(Debug)]
    struct Run {
        concurrency: Concurrency,
        reject_on_clear: bool,
        work: Vec<TaskWork>,
        /// In time order, as the model orders them (a stable sort by time).
        actions: Vec<(Millis, Action)>,
    }

    fn json_concurrency(c: Concurrency) -> String {
        match c {
            Concurrency::AtMost(k) => k.to_string(),
            Concurrency::Unlimited => "\"Infinity\"".to_string(),
        }
    }

    impl Run {
        fn json(&self) -> String {
            let tasks: Vec<String> = self.work.iter().map(|w| format!("[{},{}]", w.ms, w.fulfils)).collect();
            let actions: Vec<String> = self
                .actions
                .iter()
                .map(|&(at, action)| match action {
                    Action::ClearQueue => format!("[{at},\"clear\"]"),
                    Action::SetConcurrency(c) => format!("[{at},{}]", json_concurrency(c)),
                })
                .collect();
            format!(
                r#"{{"concurrency":{},"rejectOnClear":{},"tasks":[{}],"actions":[{}]}}"#,
                json_concurrency(self.concurrency),
                self.reject_on_clear,
                tasks.join(","),
                actions.join(",")
            )
        }
    }

    /// The oracle's log, written from the model's report: its trace and its outcomes.
    ///
    /// The model starts a function the moment its call takes a slot; p-limit calls it a few
    /// microtasks later (DIFFERENCE, on purpose: on a millisecond clock that is "at once"). The
    /// only place that shows is the order of lines at 0 ms, where p-limit runs the first
    /// functions after the whole synchronous loop of calls; so this log lists the starts at 0
    /// after the `call` lines, as the oracle does. The counts the model reports after each call
    /// are the synchronous `activeCount`/`pendingCount`, which p-limit 7 updates at once.
    fn model_log(r: &Run) -> String {
        let report = run_tasks(&r.work, r.concurrency, r.reject_on_clear, &r.actions).unwrap();
        let calls = r.work.len();
        let mut log = String::new();
        let mut called = 0;
        let mut queued = 0;
        let mut active = 0;
        let mut started_by_calls = Vec::new();
        for e in report.trace.events() {
            match e.kind {
                EventKind::TaskQueued(id) => queued = id,
                EventKind::InFlight(n) => active = n,
                EventKind::TaskStarted(id) if called < calls => started_by_calls.push(id),
                EventKind::TaskStarted(id) => log.push_str(&format!("start {id} {}\n", e.at)),
                EventKind::TaskFinished(id) => log.push_str(&format!("end {id} {} fulfilled\n", e.at)),
                EventKind::TaskFailed(id) => log.push_str(&format!("end {id} {} rejected\n", e.at)),
                // Without rejectOnClear nothing in p-limit tells which calls were dropped: the
                // pending count of the next `at` line and the `never` outcomes show it instead.
                EventKind::TaskDropped(id) if r.reject_on_clear => log.push_str(&format!("drop {id} {}\n", e.at)),
                // Each call, and each event the model handles after them, ends with this count.
                EventKind::Waiting(pending) if called < calls => {
                    log.push_str(&format!("call {queued} active {active} pending {pending}\n"));
                    called += 1;
                    if called == calls {
                        for id in &started_by_calls {
                            log.push_str(&format!("start {id} 0\n"));
                        }
                        log.push_str(&format!("at 0 active {active} pending {pending}\n"));
                    }
                }
                EventKind::Waiting(pending) => {
                    log.push_str(&format!("at {} active {active} pending {pending}\n", e.at))
                }
                _ => {}
            }
        }
        for (index, outcome) in report.outcomes.iter().enumerate() {
            let word = match outcome {
                Outcome::Fulfilled => "fulfilled",
                Outcome::Rejected => "rejected",
                Outcome::ClearedWithAbortError => "aborted",
                Outcome::NeverSettles => "never",
            };
            log.push_str(&format!("outcome {} {word}\n", index + 1));
        }
        log
    }

    fn task(ms: Millis, fulfils: bool) -> TaskWork {
        TaskWork { ms, fulfils }
    }

    fn random_concurrency(rng: &mut SeededRandom) -> Concurrency {
        match rng.next_in(1, 6) {
            6 => Concurrency::Unlimited,
            k => Concurrency::AtMost(k as u32),
        }
    }

    /// Concurrency 1..=5 (or unlimited), 1..=14 tasks of 1 ms up to a few dozen ms, some
    /// rejecting; short tasks make many settle at the same ms. Half the runs change the limit or
    /// clear the queue while they go.
    fn random_run(rng: &mut SeededRandom) -> Run {
        let concurrency = random_concurrency(rng);
        let rejecting = rng.next_f64() * 0.6;
        let longest = [4, 15, 40][rng.next_in(0, 3) as usize];
        let work =
            (0..rng.next_in(1, 14)).map(|_| task(rng.next_in(1, longest), rng.next_f64() >= rejecting)).collect();
        let mut actions = Vec::new();
        if rng.next_in(0, 2) == 0 {
            for _ in 0..rng.next_in(1, 3) {
                let at = rng.next_in(0, 2 * longest);
                let action = if rng.next_in(0, 2) == 0 {
                    Action::ClearQueue
                } else {
                    Action::SetConcurrency(random_concurrency(rng))
                };
                actions.push((at, action));
            }
            actions.sort_by_key(|&(at, _)| at);
        }
        Run { concurrency, reject_on_clear: rng.next_in(0, 2) == 0, work, actions }
    }

    #[test]
    fn the_limiter_model_matches_p_limit() {
        let mut runs = vec![
            // A=30 ms, B=10 ms and rejects, C=10, D=10, E=5, two at a time. D and A both end at
            // 30: A's timer is older, so E takes A's slot.
            Run {
                concurrency: Concurrency::AtMost(2),
                reject_on_clear: false,
                work: vec![task(30, true), task(10, false), task(10, true), task(10, true), task(5, true)],
                actions: Vec::new(),
            },
            // One at a time, raised to 3 at 10 ms and lowered to 1 at 20 ms: nobody is
            // interrupted, and task 4 waits until all three have ended.
            Run {
                concurrency: Concurrency::AtMost(1),
                reject_on_clear: false,
                work: vec![task(100, true); 5],
                actions: vec![
                    (10, Action::SetConcurrency(Concurrency::AtMost(3))),
                    (20, Action::SetConcurrency(Concurrency::AtMost(1))),
                ],
            },
            // clearQueue() at 10 ms, silently and with AbortErrors; running tasks go on.
            Run {
                concurrency: Concurrency::AtMost(2),
                reject_on_clear: false,
                work: vec![task(100, true); 6],
                actions: vec![(10, Action::ClearQueue)],
            },
            Run {
                concurrency: Concurrency::AtMost(2),
                reject_on_clear: true,
                work: vec![task(100, true), task(20, false), task(5, true), task(5, true), task(5, true)],
                actions: vec![(10, Action::ClearQueue), (30, Action::ClearQueue)],
            },
            // Unlimited, and an action at the very ms a task settles: the action comes first.
            Run {
                concurrency: Concurrency::Unlimited,
                reject_on_clear: false,
                work: vec![task(10, true), task(10, false), task(3, true)],
                actions: vec![(10, Action::SetConcurrency(Concurrency::AtMost(1)))],
            },
        ];
        let hand = runs.len();
        let mut rng = SeededRandom::new(733);
        for _ in 0..60 {
            runs.push(random_run(&mut rng));
        }
        let batch: Vec<String> = runs.iter().map(Run::json).collect();
        let node = node_logs("p-limit.mjs", "p-limit", &batch);
        let reaching = |what: &str| node[hand..].iter().filter(|log| log.contains(what)).count();
        assert!(
            reaching("drop ") >= 2 && reaching(" never\n") >= 2 && reaching(" rejected\n") >= 20,
            "the random runs should clear queues both ways and reject often"
        );
        for (r, node) in runs.iter().zip(node) {
            assert_eq!(
                model_log(r),
                node,
                "run {r:?} (the model starts a function when its call gets the slot, p-limit a few \
                 microtasks later: the log lists the starts at 0 ms after the calls on both sides)"
            );
        }
    }
}

mod breaker {
    use super::*;
    use inflight_engine::models::breaker::{
        Admission, Breaker, BreakerConfig, BreakerState, HalfOpenTrigger, Transition, TripRule,
    };

    /// The model's window holds this many outcomes: more than any run has calls, so it keeps all
    /// of them, as opossum's window does when it never rotates.
    const WINDOW: u32 = 1_000;

    /// A call: fired at `at`, its action settles `ms` later, failing or not.
    #[derive(Clone, Copy, Debug)]
    struct Call {
        at: Millis,
        ms: Millis,
        fails: bool,
    }

    /// opossum's options and a script of calls, in time order.
    #[derive(Clone, Debug)]
    struct Run {
        threshold_pct: f64,
        volume: u32,
        reset_ms: Millis,
        fallback: bool,
        calls: Vec<Call>,
    }

    impl Run {
        fn json(&self) -> String {
            let calls: Vec<String> = self.calls.iter().map(|c| format!("[{},{},{}]", c.at, c.ms, c.fails)).collect();
            format!(
                r#"{{"errorThresholdPercentage":{},"volumeThreshold":{},"resetTimeout":{},"fallback":{},"calls":[{}]}}"#,
                self.threshold_pct,
                self.volume,
                self.reset_ms,
                self.fallback,
                calls.join(",")
            )
        }

        /// opossum's rule in the model's terms: over the threshold, one probe, the half-open
        /// timer, no call timeout (the script turns opossum's off), and the stats kept on close.
        fn config(&self) -> BreakerConfig {
            BreakerConfig {
                failure_threshold_pct: self.threshold_pct,
                trip_rule: TripRule::Above,
                window_size: WINDOW,
                minimum_volume: self.volume,
                cooldown_ms: self.reset_ms,
                half_open_trigger: HalfOpenTrigger::Timer,
                half_open_probes: 1,
                call_timeout_ms: None,
                reset_stats_on_close: false,
            }
        }
    }

    // DIFFERENCES, on purpose (see the breaker's module docs), and how these runs keep them out
    // of sight:
    //
    // 1. opossum's window is time buckets (`rollingCountTimeout`) and its failure rate is
    //    failures over *fires*: every call fired, including those still running and those it
    //    refused. The model's window is a count of the outcomes of the calls it let through. The
    //    oracle's window never rotates and the model's holds `WINDOW` outcomes, so both hold the
    //    whole run; no call is let through while another runs (`drive` checks it), so no call is
    //    running when a rate is computed. Refused calls still differ: the random runs either
    //    fire no call while the breaker is open, or let the downstream recover for good once the
    //    breaker first closes, so no rate is computed after a refusal; the scripted runs with
    //    refusals say why the two rates decide the same.
    // 2. A call let through while CLOSED that comes back while HALF_OPEN decides the state in
    //    opossum (its success closes, its failure re-opens); the model waits for its probe. With
    //    no call let through while another runs, no such call exists.

    /// The model's log, and what the random runs need to know to steer clear of a difference.
    struct Driven {
        log: String,
        /// The first call the breaker refused, and when its cooldown ends.
        first_refused: Option<(usize, Millis)>,
        /// When the breaker first closed after being open.
        first_close: Option<Millis>,
    }

    /// Drives the model's [`Breaker`] through the script on an [`Agenda`], as Node's timers
    /// run it: each call fires at its time, its action settles `ms` later, and the half-open
    /// timer starts when the breaker opens; at one ms, timers fire in the order they were set.
    fn drive(r: &Run) -> Driven {
        enum Due {
            Fire(usize),
            Back(usize, Admission),
            CooldownOver,
        }
        let mut breaker = Breaker::new(r.config()).unwrap();
        let mut agenda = Agenda::new();
        for (index, call) in r.calls.iter().enumerate() {
            agenda.schedule_at(call.at, Due::Fire(index));
        }
        let mut d = Driven { log: String::new(), first_refused: None, first_close: None };
        let mut running = 0;
        let note = |t: Option<Transition>, d: &mut Driven, agenda: &mut Agenda<Due>| {
            let Some(t) = t else { return };
            let event = match t.to {
                BreakerState::Open => {
                    agenda.schedule_in(r.reset_ms, Due::CooldownOver);
                    "open"
                }
                BreakerState::HalfOpen => "halfOpen",
                BreakerState::Closed => {
                    d.first_close.get_or_insert(t.at);
                    "close"
                }
            };
            d.log.push_str(&format!("{event} {}\n", t.at));
        };
        while let Some((now, due)) = agenda.pop() {
            match due {
                Due::Fire(index) => {
                    let (admission, t) = breaker.call(now);
                    let open_until = breaker.open_until();
                    note(t, &mut d, &mut agenda);
                    assert!(
                        running == 0 || admission == Admission::Rejected,
                        "{r:?}: call {} is let through while another runs, which opossum counts in its \
                         failure rate and lets decide a half-open state, and the model does neither",
                        index + 1
                    );
                    if admission == Admission::Rejected {
                        d.first_refused.get_or_insert((index, open_until.unwrap_or(now)));
                        let outcome = if r.fallback { "fallback-open" } else { "open" };
                        d.log.push_str(&format!("call {} {now} {outcome}\n", index + 1));
                    } else {
                        running += 1;
                        agenda.schedule_in(r.calls[index].ms, Due::Back(index, admission));
                    }
                }
                Due::Back(index, admission) => {
                    running -= 1;
                    let fails = r.calls[index].fails;
                    note(breaker.record(now, admission, fails), &mut d, &mut agenda);
                    let outcome = match (fails, r.fallback) {
                        (false, _) => "fulfilled",
                        (true, false) => "rejected",
                        (true, true) => "fallback-failed",
                    };
                    d.log.push_str(&format!("call {} {now} {outcome}\n", index + 1));
                }
                Due::CooldownOver => note(breaker.cooldown_over(now), &mut d, &mut agenda),
            }
        }
        d
    }

    /// `(at, ms, fails)` triples, as a script.
    fn calls(list: &[(Millis, Millis, bool)]) -> Vec<Call> {
        list.iter().map(|&(at, ms, fails)| Call { at, ms, fails }).collect()
    }

    /// `n` calls 2 ms apart from `from`, each 1 ms long, all failing or all succeeding.
    fn burst(from: Millis, n: u64, fails: bool) -> Vec<(Millis, Millis, bool)> {
        (0..n).map(|i| (from + 2 * i, 1, fails)).collect()
    }

    fn scripted() -> Vec<Run> {
        let run = |threshold_pct: f64, volume: u32, reset_ms: Millis, list: Vec<(Millis, Millis, bool)>| Run {
            threshold_pct,
            volume,
            reset_ms,
            fallback: false,
            calls: calls(&list),
        };
        let mut runs = vec![
            // Trip after the volume threshold: three failures under a volume of 4 do nothing, the
            // fourth opens it. Refused while open, including the call fired at the very ms the
            // half-open timer fires (the call's timer is older). A successful probe closes it;
            // the window is not reset, so one failure re-opens it at once (the model: 5 failed
            // of 6 outcomes; opossum: 5 of 9 fires, refusals included; both over 50 %). Then a
            // failing probe re-opens it, and a successful one closes it.
            run(50.0, 4, 100, {
                let mut list = burst(0, 4, true);
                list.extend([(10, 1, false), (20, 1, false), (107, 1, false), (109, 1, false), (120, 1, true)]);
                list.extend([(300, 1, true), (350, 1, false), (402, 5, false), (420, 1, false)]);
                list
            }),
            // The window not reset on close, without refusals (both rates are 5 of 9): 25 %,
            // 40 %, 50 % (not over 50) and 57 % open it; a probe closes it; the next failure
            // makes 5 of 9, 56 %, and re-opens it.
            run(50.0, 0, 50, {
                let mut list = burst(0, 3, false);
                list.extend(burst(6, 4, true));
                list.extend([(100, 1, false), (110, 1, true), (200, 1, false), (210, 1, false)]);
                list
            }),
            // Exactly at the threshold is not over it: 1 of 2 stays closed, 2 of 3 opens.
            run(50.0, 2, 30, calls_flat(&[(0, false), (5, true), (10, true), (15, false), (50, false)])),
            // Failing probes, again and again, each re-opening it for another cooldown.
            run(
                10.0,
                1,
                20,
                vec![(0, 1, true), (25, 3, true), (50, 1, true), (75, 2, true), (100, 1, false), (105, 1, true)],
            ),
            // A volume of 5: four failures under it, then the fifth opens it; a threshold of 0
            // opens at the first failure once the volume is met.
            run(75.0, 5, 40, burst(0, 8, true)),
            run(0.0, 3, 40, {
                let mut list = burst(0, 2, false);
                list.extend([(4, 1, true), (6, 1, false), (50, 1, true)]);
                list
            }),
            // 11 failures of 20 calls against 55 %: opossum computes 11 / 20 * 100, which is
            // 55.00000000000001 in floating point, over 55, and opens.
            run(55.0, 20, 100, {
                let mut list = burst(0, 9, false);
                list.extend(burst(18, 11, true));
                list.extend([(200, 1, false)]);
                list
            }),
            // One probe at a time: calls fired while the probe runs are refused, although the
            // breaker is half-open. After it closes, only successes: opossum's rate counts the
            // two refusals, the model's does not, and no failure makes either compute one.
            run(
                50.0,
                2,
                50,
                vec![(0, 1, true), (2, 1, true), (60, 30, false), (70, 1, true), (80, 1, false), (95, 1, false)],
            ),
            // 14 of 25 against 56 %: the same rounding.
            run(56.0, 25, 100, {
                let mut list = burst(0, 11, false);
                list.extend(burst(22, 14, true));
                list
            }),
        ];
        // With a fallback: it answers the failures and the refusals.
        let mut with_fallback = run(50.0, 2, 100, {
            let mut list = burst(0, 2, true);
            list.extend([(4, 1, false), (50, 1, false), (110, 3, true), (150, 1, false), (250, 1, false)]);
            list
        });
        with_fallback.fallback = true;
        runs.push(with_fallback);
        runs
    }

    /// 1 ms calls at the given times.
    fn calls_flat(list: &[(Millis, bool)]) -> Vec<(Millis, Millis, bool)> {
        list.iter().map(|&(at, fails)| (at, 1, fails)).collect()
    }

    /// 5..=24 calls that never overlap, 1..=20 ms long with gaps of 1..=30 ms, failing with a
    /// rate of its own; a threshold from a few usual ones, a volume of 0..=5 and a reset of
    /// 20..=139 ms.
    fn random_run(rng: &mut SeededRandom) -> Run {
        let failing = rng.next_f64();
        let mut at = rng.next_in(0, 10);
        let mut list = Vec::new();
        for _ in 0..rng.next_in(5, 20) {
            let call = Call { at, ms: rng.next_in(1, 20), fails: rng.next_f64() < failing };
            at = call.at + call.ms + rng.next_in(1, 30);
            list.push(call);
        }
        Run {
            threshold_pct: [0.0, 10.0, 25.0, 40.0, 50.0, 55.0, 60.0, 75.0, 90.0][rng.next_in(0, 9) as usize],
            volume: rng.next_in(0, 6) as u32,
            reset_ms: rng.next_in(20, 120),
            fallback: rng.next_in(0, 4) == 0,
            calls: list,
        }
    }

    /// No call fired while the breaker is open: each one that would be is moved, with all after
    /// it, to just after the cooldown, where it is the probe. The model says when; Node checks.
    fn never_refused(mut r: Run) -> Run {
        let mut moved = None;
        while let Some((index, open_until)) = drive(&r).first_refused {
            assert!(moved < Some(index), "{r:?}: call {} is refused even after the cooldown", index + 1);
            moved = Some(index);
            let shift = open_until + 1 - r.calls[index].at;
            for call in &mut r.calls[index..] {
                call.at += shift;
            }
        }
        r
    }

    /// Refusals allowed, but the downstream recovers for good once the breaker first closes, so
    /// no failure after a refusal makes opossum or the model compute a rate.
    fn recovers_at_first_close(mut r: Run) -> Run {
        if let Some(closed) = drive(&r).first_close {
            for call in r.calls.iter_mut().filter(|c| c.at > closed) {
                call.fails = false;
            }
        }
        r
    }

    #[test]
    fn the_breaker_model_matches_opossum() {
        let mut runs = scripted();
        let scripted = runs.len();
        let mut rng = SeededRandom::new(1000);
        for i in 0..30 {
            let r = random_run(&mut rng);
            runs.push(if i % 2 == 0 { never_refused(r) } else { recovers_at_first_close(r) });
        }
        let batch: Vec<String> = runs.iter().map(Run::json).collect();
        let node = node_logs("opossum.mjs", "opossum", &batch);
        let reaching = |what: &str| node[scripted..].iter().filter(|log| log.contains(what)).count();
        assert!(
            reaching("halfOpen ") >= 10
                && reaching("close ") >= 5
                && reaching(" open\n") + reaching("fallback-open") >= 5,
            "the random runs should open, half-open, close and refuse calls often"
        );
        for (r, node) in runs.iter().zip(node) {
            assert_eq!(
                drive(r).log,
                node,
                "run {r:?} (opossum's window is time buckets over every call fired, the model's a \
                 count of the outcomes it let through; this run is meant to hold everything in \
                 both and never to compute a rate after a refused or overlapping call)"
            );
        }
    }
}
