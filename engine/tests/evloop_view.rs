//! The recording a runner plays back (`js::view`): its console is the run's output (which the
//! corpus holds to Node's), each callback is shown leaving the queue Node runs it from, and the
//! lanes of the course's demos wait where their code says they wait.

use inflight_engine::js::view::{LaneState, Outcome, Queue, View, ViewOptions, What};
use inflight_engine::js::{run_file_limited, run_viewed, ErrorKind, Limits, Viewed, DEFAULT_HEAP_LIMIT, DEFAULT_STEP_BUDGET};

const DEMOS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/evloop/demos");

fn limits() -> Limits {
    Limits { steps: DEFAULT_STEP_BUDGET, seed: 1, heap_bytes: DEFAULT_HEAP_LIMIT, collect_every: None }
}

fn options(lanes: &[&str]) -> ViewOptions {
    ViewOptions { lanes: lanes.iter().map(|s| s.to_string()).collect(), max_steps: 20_000 }
}

fn demo(name: &str) -> String {
    std::fs::read_to_string(format!("{DEMOS}/{name}")).unwrap()
}

fn viewed(name: &str, lanes: &[&str]) -> Viewed {
    run_viewed(name, &demo(name), limits(), &options(lanes)).unwrap()
}

/// The state of every lane after each step.
fn states(view: &View) -> Vec<Vec<Option<LaneState>>> {
    let mut out = vec![vec![None; view.lanes.len()]; view.steps.len()];
    for span in view.lane_spans() {
        for row in out.iter_mut().take(span.to as usize).skip(span.from as usize) {
            row[span.lane as usize] = Some(span.state);
        }
    }
    out
}

#[test]
fn the_view_of_every_demo_holds_what_the_run_printed() {
    for name in ["event-loop.js", "semaphore.ts", "bounded-queue.ts", "abort.ts", "circuit-breaker.ts"] {
        let run = run_file_limited(name, &demo(name), limits()).unwrap();
        let v = viewed(name, &[]);
        let out: Vec<&str> = v.view.console.iter().filter(|l| !l.stderr).map(|l| l.text.as_str()).collect();
        assert_eq!(out, run.stdout.iter().map(String::as_str).collect::<Vec<_>>(), "{name}");
        assert_eq!((v.exit_code, v.stopped.is_none()), (run.exit_code, true), "{name}");
        // Time never runs backwards, every console line points at its own step, and the
        // recording ends with the end.
        assert!(v.view.steps.windows(2).all(|w| w[0].at <= w[1].at), "{name}");
        for (i, line) in v.view.console.iter().enumerate() {
            assert_eq!(v.view.steps[line.step as usize].what, What::Log { line: i as u32 }, "{name}");
            assert_eq!(v.view.steps[line.step as usize].at, line.at, "{name}");
        }
        assert_eq!(v.view.steps.last().map(|s| s.what), Some(What::End), "{name}");
        assert_eq!(v.ended_at, run.ended_at, "{name}");
    }
}

#[test]
fn each_line_of_the_event_loop_demo_comes_from_the_queue_it_names() {
    // Every line of this program names the queue its callback ran from ("nextTick: ...",
    // "promise: ...", "timer: ...", "immediate: ...", "microtask: ..."); the order of the
    // lines is Node's (the corpus checks it), so this checks the queues shown.
    let v = viewed("event-loop.js", &[]).view;
    let mut last_run = None;
    let mut checked = 0;
    for step in &v.steps {
        match step.what {
            What::Run { queue, .. } => last_run = Some(queue),
            What::Log { line } => {
                let text = &v.console[line as usize].text;
                let expected = match text.split(':').next().unwrap() {
                    "nextTick" => Some(Queue::Tick),
                    "promise" | "microtask" => Some(Queue::Job),
                    "timer" => Some(Queue::Timer),
                    "immediate" => Some(Queue::Immediate),
                    _ => None,
                };
                if let Some(q) = expected {
                    assert_eq!(last_run, Some(q), "{text}");
                    checked += 1;
                }
            }
            _ => {}
        }
    }
    assert_eq!(checked, 9);
    // The script's setTimeout(..., 0) waits in the timer list, due at 1 ms, until the loop
    // starts; the immediate scheduled inside timer A waits in the immediates until the check phase.
    let scheduled = v.steps.iter().position(|s| matches!(s.what, What::Schedule { queue: Queue::Timer, .. })).unwrap();
    assert_eq!(v.steps[scheduled].timers.iter().map(|t| t.due).collect::<Vec<_>>(), vec![1]);
    let immediate = v.steps.iter().position(|s| matches!(s.what, What::Schedule { queue: Queue::Immediate, .. })).unwrap();
    assert_eq!(v.steps[immediate].immediates.len(), 1);
    let ran = v.steps.iter().position(|s| matches!(s.what, What::Run { queue: Queue::Immediate, .. })).unwrap();
    assert!(ran > immediate && v.steps[ran].immediates.is_empty() && v.steps[ran].phase.name() == "check");
    // Before the first promise job runs, the nextTick queue has drained and the promise jobs
    // wait in order: first then, the microtask, the two handlers' resumptions.
    let first_job = v.steps.iter().position(|s| matches!(s.what, What::Run { queue: Queue::Job, .. })).unwrap();
    let before = &v.steps[first_job - 1];
    assert!(before.ticks.is_empty());
    assert_eq!(before.jobs.len(), 4, "{:?}", before.jobs.iter().map(|&l| v.label(l)).collect::<Vec<_>>());
}

#[test]
fn semaphore_tasks_past_the_limit_wait_in_line_then_on_their_timer() {
    let v = viewed("semaphore.ts", &["work"]).view;
    assert_eq!(v.lanes.iter().map(|l| l.label.as_str()).collect::<Vec<_>>(), (1..=10).map(|i| format!("work({i})")).collect::<Vec<_>>());
    let spans = v.lane_spans();
    for lane in 0..10u32 {
        let kinds: Vec<LaneState> = spans.iter().filter(|s| s.lane == lane).map(|s| s.state).collect();
        // LIMIT is 3: the first three get a slot at once, the others queue behind the semaphore.
        let expected = if lane < 3 {
            vec![LaneState::Running, LaneState::Timer, LaneState::Running, LaneState::Fulfilled]
        } else {
            vec![LaneState::Running, LaneState::Waiting, LaneState::Running, LaneState::Timer, LaneState::Running, LaneState::Fulfilled]
        };
        assert_eq!(kinds, expected, "lane {lane}");
    }
    // Never more than three sleep at once, and three do.
    let most = states(&v).iter().map(|row| row.iter().filter(|s| **s == Some(LaneState::Timer)).count()).max();
    assert_eq!(most, Some(3));
    // In flight: all ten from the start until the first finishes, none at the end.
    let in_flight = v.in_flight();
    assert_eq!(in_flight.iter().max(), Some(&10));
    assert_eq!(in_flight.last(), Some(&0));
}

#[test]
fn the_collector_at_every_step_changes_nothing_in_the_view() {
    let name = "semaphore.ts";
    let eager = run_viewed(name, &demo(name), Limits { collect_every: Some(1), ..limits() }, &options(&["work", "sleep"])).unwrap();
    assert_eq!(eager, viewed(name, &["work", "sleep"]));
}

#[test]
fn a_plain_function_that_returns_a_promise_is_a_lane_until_it_settles() {
    let src = "const sleep = (ms) => new Promise((r) => setTimeout(r, ms));\n\
               function fetchUser(id) { return sleep(10 * id).then(() => ({ id })); }\n\
               function broken() { throw new Error('no'); }\n\
               fetchUser(1); fetchUser(2); try { broken(); } catch {}\n";
    let v = run_viewed("plain.js", src, limits(), &options(&["fetchUser", "broken"])).unwrap().view;
    let spans = v.lane_spans();
    let of = |lane: u32| spans.iter().filter(|s| s.lane == lane).map(|s| s.state).collect::<Vec<_>>();
    assert_eq!(of(0), vec![LaneState::Running, LaneState::Timer, LaneState::Fulfilled]);
    assert_eq!(of(1), vec![LaneState::Running, LaneState::Timer, LaneState::Fulfilled]);
    assert_eq!(of(2), vec![LaneState::Running, LaneState::Rejected]);
    assert_eq!(v.lanes[1].label, "fetchUser(2)");
}

#[test]
fn an_aborted_job_ends_aborted_and_a_call_that_never_settles_waits_to_the_end() {
    let v = viewed("abort.ts", &["run"]).view;
    assert_eq!(v.lanes.len(), 1);
    let last = v.lane_spans().last().copied().unwrap();
    assert_eq!(last.state, LaneState::Aborted);
    assert!(v.steps.iter().any(|s| s.what == What::Settle { lane: 0, outcome: Outcome::Aborted }));

    let src = "async function stuck() { await new Promise(() => {}); }\nstuck();\n";
    let v = run_viewed("stuck.js", src, limits(), &options(&["stuck"])).unwrap().view;
    let spans = v.lane_spans();
    assert_eq!(spans.last().map(|s| (s.state, s.to as usize)), Some((LaneState::Waiting, v.steps.len())));
}

#[test]
fn a_runaway_program_stops_with_what_it_did_until_then() {
    let src = "console.log('before'); let i = 0; while (true) i++;";
    let v = run_viewed("loop.js", src, Limits { steps: 100_000, ..limits() }, &options(&[])).unwrap();
    assert_eq!(v.stopped.as_ref().map(|e| e.kind.clone()), Some(ErrorKind::Limit));
    assert!(v.stopped.unwrap().message.contains("step budget"));
    assert_eq!(v.view.console.iter().map(|l| l.text.as_str()).collect::<Vec<_>>(), vec!["before"]);
    assert_eq!(v.view.steps.last().map(|s| s.what), Some(What::End));
    // An uncaught error is the last console line, on stderr.
    let v = run_viewed("throw.js", "setTimeout(() => { throw new TypeError('late'); }, 5);", limits(), &options(&[])).unwrap();
    assert_eq!(v.exit_code, 1);
    let last = v.view.console.last().unwrap();
    assert!(last.stderr && last.text.contains("TypeError: late") && last.at == 5, "{last:?}");
}

#[test]
fn the_recording_stops_at_its_limit_and_the_run_goes_on() {
    let src = "for (let i = 0; i < 20000; i++) setTimeout(() => { if (i % 1000 === 0) console.log(i); }, i % 7);";
    let v = run_viewed("many.js", src, limits(), &ViewOptions { lanes: vec![], max_steps: 500 }).unwrap();
    assert!(v.view.truncated);
    assert_eq!(v.view.steps.len(), 501, "the limit, and the end");
    assert_eq!(v.stdout.len(), 20);
    // A step shows at most 40 entries of a queue and says how many there are.
    let full = v.view.steps.iter().map(|s| (s.timers.len(), s.sizes[2])).max_by_key(|(_, n)| *n).unwrap();
    assert_eq!(full, (40, 499));
}

#[test]
fn the_chrome_trace_pairs_every_begin_with_an_end_per_lane() {
    let v = viewed("semaphore.ts", &["work"]).view;
    let json = v.chrome_trace();
    // Parsed by real JSON (Node's), and every lane's async begins and ends balance in time order.
    let script = "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{const t=JSON.parse(s).traceEvents;\
        const open={};let bad=0;for(const e of t){if(e.cat!=='lane')continue;\
        open[e.id]=(open[e.id]||0)+(e.ph==='b'?1:-1);if(open[e.id]<0)bad++;}\
        const lanes=Object.keys(open).length;const unbalanced=Object.values(open).filter(n=>n!==0).length;\
        const logs=t.filter(e=>e.cat==='console').length;console.log(lanes,unbalanced,bad,logs);});";
    let mut child = std::process::Command::new("node")
        .args(["-e", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("node");
    use std::io::Write as _;
    child.stdin.take().unwrap().write_all(json.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), format!("10 0 0 {}", v.console.len()));
}

#[test]
fn the_wire_format_gives_back_the_report_and_refuses_anything_else() {
    use inflight_engine::js::view_wire::{decode, encode};
    use inflight_engine::js::{report, view::ViewOptions};
    let mut checked = 0;
    for (name, lanes) in [("event-loop.js", vec![]), ("semaphore.ts", vec!["work"]), ("bounded-queue.ts", vec!["put"]), ("abort.ts", vec!["run"]), ("circuit-breaker.ts", vec![])] {
        let r = report(name, &demo(name), limits(), &ViewOptions { lanes: lanes.iter().map(|s| s.to_string()).collect(), max_steps: 20_000 });
        let (words, strings) = encode(&r);
        assert_eq!(decode(&words, &strings).as_ref(), Some(&r), "{name}");
        // Cut short, padded, or with any one word changed to a huge value: refused or read,
        // never a panic.
        for cut in [0, 1, words.len() / 2, words.len() - 1] {
            assert_eq!(decode(&words[..cut], &strings), None, "{name} cut at {cut}");
        }
        let mut padded = words.clone();
        padded.push(0);
        assert_eq!(decode(&padded, &strings), None);
        for i in (0..words.len()).step_by(words.len() / 97 + 1) {
            let mut bad = words.clone();
            bad[i] = u32::MAX;
            let _ = decode(&bad, &strings);
            checked += 1;
        }
        assert_eq!(decode(&words, &strings[..strings.len() / 2]), None, "{name}: strings missing");
    }
    // A refusal and a race cross too.
    let r = report("x.js", "const x = ;", limits(), &ViewOptions::default());
    let (words, strings) = encode(&r);
    assert!(r.stopped.is_some());
    assert_eq!(decode(&words, &strings), Some(r));
    assert!(checked > 200);
}
