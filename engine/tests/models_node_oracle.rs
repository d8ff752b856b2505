//! Real Node is the oracle for the models that claim Node's behaviour. The Writable model runs a
//! script of writes and sink callbacks; `tests/oracle/writable.mjs` runs the same script on a real
//! `stream.Writable`; the two logs must be identical. Hundreds of random scripts go to one Node
//! process as a batch, so the random search costs one process start.

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

use inflight_engine::models::writable::{Callback, Writable};
use inflight_engine::rng::SeededRandom;

/// A script for the Writable oracle: the stream's options and what happens to it.
#[derive(Debug)]
struct Script {
    hwm: u64,
    object_mode: bool,
    sync: bool,
    /// `w<bytes>` or `ack`.
    ops: Vec<String>,
}

impl Script {
    fn new(hwm: u64, object_mode: bool, sync: bool, ops: &[&str]) -> Self {
        Self { hwm, object_mode, sync, ops: ops.iter().map(|op| op.to_string()).collect() }
    }

    fn json(&self) -> String {
        let ops: Vec<String> = self.ops.iter().map(|op| format!("\"{op}\"")).collect();
        format!(
            r#"{{"hwm":{},"objectMode":{},"sync":{},"ops":[{}]}}"#,
            self.hwm,
            self.object_mode,
            self.sync,
            ops.join(",")
        )
    }
}

/// Every script's log, as one Node process printed it running them all.
fn node_logs(scripts: &[Script]) -> Vec<String> {
    let oracle = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/oracle/writable.mjs");
    let mut node = Command::new("node")
        .arg(oracle)
        .arg("--batch")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("`node` (Node 20) must be on PATH");
    let batch: Vec<String> = scripts.iter().map(Script::json).collect();
    // Node reads all of stdin before it prints anything, so writing first cannot deadlock.
    node.stdin.take().unwrap().write_all(format!("[{}]", batch.join(",")).as_bytes()).unwrap();
    let out = node.wait_with_output().unwrap();
    assert!(out.status.success(), "node failed: {}", String::from_utf8_lossy(&out.stderr));
    let mut logs: Vec<String> = Vec::new();
    for line in String::from_utf8(out.stdout).unwrap().lines() {
        if let Some(index) = line.strip_prefix("script ") {
            assert_eq!(index.parse::<usize>().unwrap(), logs.len(), "scripts come back in order");
            logs.push(String::new());
        } else {
            let log = logs.last_mut().expect("a log line before the first `script` line");
            log.push_str(line);
            log.push('\n');
        }
    }
    assert_eq!(logs.len(), scripts.len(), "one log per script");
    logs
}

/// The same log, written only from what the model answers.
fn model_log(s: &Script) -> String {
    let mut w = Writable::new(s.hwm, s.object_mode, if s.sync { Callback::Sync } else { Callback::Async });
    let mut log = String::new();
    for op in &s.ops {
        if op == "ack" {
            let a = w.acknowledge().expect("the script only acks while writing");
            if let Some(c) = a.to_sink {
                log.push_str(&format!("sink {} {}\n", c.id, c.units));
            }
            if a.drain {
                log.push_str("drain\n");
            }
            log.push_str(&format!("ack {}\n", w.length()));
        } else {
            let r = w.write(op[1..].parse().unwrap()).unwrap();
            if let Some(c) = r.to_sink {
                log.push_str(&format!("sink {} {}\n", c.id, c.units));
            }
            log.push_str(&format!("write {} {}\n", r.returned, r.length));
        }
    }
    log
}

/// A random script. The mark is 0, 1, Node 20's default with writes of up to 9000 bytes, or a
/// small one near the sizes written (0 to 40 bytes, empty chunks included); a fifth of the
/// sinks call back synchronously, a quarter of the streams are in object mode. An asynchronous
/// sink holds one chunk at a time, so it is owed a callback while writes outnumber acks; most
/// scripts end by paying them all, so the last `'drain'` is checked too.
fn random_script(rng: &mut SeededRandom) -> Script {
    let object_mode = rng.next_in(0, 4) == 0;
    let sync = rng.next_in(0, 5) == 0;
    let (hwm, max_bytes) = match rng.next_in(0, 6) {
        0 => (0, 8),
        1 => (1, 4),
        2 if !object_mode => (16_384, 9_000),
        _ => (rng.next_in(0, if object_mode { 20 } else { 64 }), 40),
    };
    // Acks come with odds 1 in 2, 3 or 4: sometimes the buffer empties often, sometimes it grows.
    let ack_odds = rng.next_in(2, 3);
    let mut ops = Vec::new();
    let mut owed = 0u64;
    for _ in 0..rng.next_in(1, 120) {
        if !sync && owed > 0 && rng.next_in(0, ack_odds) == 0 {
            ops.push("ack".to_string());
            owed -= 1;
        } else {
            ops.push(format!("w{}", rng.next_in(0, max_bytes + 1)));
            owed += 1;
        }
    }
    if !sync && rng.next_in(0, 4) != 0 {
        ops.extend(std::iter::repeat_n("ack".to_string(), owed as usize));
    }
    Script { hwm, object_mode, sync, ops }
}

/// Random scripts in the batch, on top of the hand-written ones.
const RANDOM_SCRIPTS: usize = 500;

#[test]
fn the_writable_model_matches_node_write_for_write() {
    let mut scripts = vec![
        // Node 20: `write()` returns false once the buffered length reaches highWaterMark (hwm 10,
        // four 4-byte writes: true, true, false, false), and 'drain' comes when the sink has
        // written everything.
        Script::new(10, false, false, &["w4", "w4", "w4", "w4", "ack", "ack", "ack", "ack"]),
        // One write bigger than the mark is still accepted whole, and answered false.
        Script::new(10, false, false, &["w25", "ack"]),
        // With hwm 0 every non-empty write to a sink that is busy, or will be, answers false.
        Script::new(0, false, false, &["w1", "w1", "ack", "ack"]),
        // A synchronous sink calls back before `write()` returns, so it never pushes back.
        Script::new(4, false, true, &["w4", "w4", "w8"]),
        // 'drain' comes once the length is 0, even with an empty chunk still in the sink.
        Script::new(3, false, false, &["w0", "w4", "w0", "ack", "ack", "ack"]),
        // Object mode counts objects, whatever their size: the default 16 is reached on the 16th.
        Script::new(16, true, false, &[&["w9000"; 17][..], &["ack"; 17][..]].concat()),
    ];
    let mut rng = SeededRandom::new(4_2026);
    scripts.extend((0..RANDOM_SCRIPTS).map(|_| random_script(&mut rng)));

    let node = node_logs(&scripts);
    let lines = |text: &str| node.iter().map(|log| log.matches(text).count()).sum::<usize>();
    // A search that never reaches the mark, or never drains, would prove little.
    assert!(lines("drain") > 300 && lines("write false") > 3_000 && lines("write true") > 3_000, "the scripts explore");

    let wrong: Vec<usize> = (0..scripts.len()).filter(|&i| model_log(&scripts[i]) != node[i]).collect();
    if let Some(&first) = wrong.first() {
        let s = &scripts[first];
        panic!(
            "{} of {} scripts differ from Node; the first, #{first}: hwm {}, object mode {}, sync sink {}, ops {:?}\n\
             model:\n{}\nnode:\n{}",
            wrong.len(),
            scripts.len(),
            s.hwm,
            s.object_mode,
            s.sync,
            s.ops,
            model_log(s),
            node[first],
        );
    }
}

mod abort {
    use super::*;
    use inflight_engine::models::abort::{NodeVersion, Reason, Signals};

    fn node(ops: &[String]) -> String {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/oracle/abort.mjs");
        let out = Command::new("node").arg(script).args(ops).output().expect("`node` (Node 20) must be on PATH");
        assert!(out.status.success(), "node failed on {ops:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    }

    fn describe(s: &Signals, id: inflight_engine::models::abort::SignalId) -> String {
        match s.reason(id).unwrap() {
            None => "live".into(),
            Some(Reason::Custom(text)) => format!("custom:{text}"),
            Some(r) => format!("{}:{}:{}", r.name().unwrap(), r.message(), r.code().unwrap()),
        }
    }

    fn model(ops: &[String]) -> String {
        let mut s = Signals::new(NodeVersion::V20);
        let mut ids = Vec::new();
        let mut log = String::new();
        for op in ops {
            let parts: Vec<&str> = op.split(':').collect();
            match parts[0] {
                "c" => ids.push(s.controller()),
                "any" => {
                    let sources: Vec<_> = parts[1].split(',').map(|i| ids[i.parse::<usize>().unwrap()]).collect();
                    ids.push(s.any(&sources).unwrap());
                }
                "pre" => ids.push(s.aborted_signal(parts.get(1).map(|t| Reason::Custom(t.to_string())))),
                "l" | "once" => {
                    s.add_listener(ids[parts[1].parse::<usize>().unwrap()], parts[0] == "once", false).unwrap();
                }
                "abort" => {
                    let i: usize = parts[1].parse().unwrap();
                    let calls = s.abort(ids[i], parts.get(2).map(|t| Reason::Custom(t.to_string()))).unwrap();
                    for c in calls {
                        let on = ids.iter().position(|&x| x == c.signal).unwrap();
                        log.push_str(&format!("listener {} on {on} deps {}\n", listener_number(c.listener), c.dependents_aborted));
                    }
                    let states: Vec<String> = ids.iter().enumerate().map(|(n, &id)| format!("s{n} {}", describe(&s, id))).collect();
                    log.push_str(&states.join(" | "));
                    log.push('\n');
                }
                other => panic!("unknown op {other}"),
            }
        }
        log
    }

    /// Listener ids count up from 0 in the model, as the script numbers them.
    fn listener_number(id: inflight_engine::models::abort::ListenerId) -> String {
        let debug = format!("{id:?}");
        debug.trim_start_matches("ListenerId(").trim_end_matches(')').to_string()
    }

    /// A random script over a few controllers, `any` signals and pre-aborted signals.
    fn script(rng: &mut SeededRandom) -> Vec<String> {
        let mut ops = vec!["c".to_string(), "c".to_string()];
        let mut controllers = vec![0usize, 1];
        let mut count = 2usize;
        for _ in 0..rng.next_in(4, 14) {
            match rng.next_in(0, 7) {
                0 => {
                    ops.push("c".into());
                    controllers.push(count);
                    count += 1;
                }
                1 => {
                    let a = controllers[rng.next_in(0, controllers.len() as u64) as usize];
                    let b = controllers[rng.next_in(0, controllers.len() as u64) as usize];
                    ops.push(format!("any:{a},{b}"));
                    count += 1;
                }
                2 => {
                    ops.push(if rng.next_in(0, 2) == 0 { "pre".into() } else { "pre:gone".into() });
                    count += 1;
                }
                3 | 4 => ops.push(format!("{}:{}", if rng.next_in(0, 3) == 0 { "once" } else { "l" }, rng.next_in(0, count as u64))),
                _ => {
                    let c = controllers[rng.next_in(0, controllers.len() as u64) as usize];
                    ops.push(if rng.next_in(0, 2) == 0 { format!("abort:{c}") } else { format!("abort:{c}:why") });
                }
            }
        }
        ops
    }

    #[test]
    fn the_abort_model_matches_node_20() {
        let mut rng = SeededRandom::new(20_3);
        let mut cases: Vec<Vec<String>> = vec![
            // Listener order, `once`, a second abort doing nothing, the default reason.
            ["c", "l:0", "once:0", "l:0", "abort:0", "abort:0:again"].map(String::from).to_vec(),
            // `any`: the source's listeners first (reading the dependent as not yet aborted on
            // Node 20), then the dependent's, which gets the source's reason.
            ["c", "c", "any:0,1", "l:0", "l:2", "l:1", "abort:0:first", "abort:1"].map(String::from).to_vec(),
            // `any` over an already aborted signal is born aborted; AbortSignal.abort fires nothing.
            ["pre:early", "c", "l:0", "any:0,1", "l:2", "abort:1"].map(String::from).to_vec(),
        ];
        for _ in 0..40 {
            cases.push(script(&mut rng));
        }
        for ops in cases {
            assert_eq!(model(&ops), node(&ops), "script {ops:?}");
        }
    }
}
