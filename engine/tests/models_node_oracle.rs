//! Real Node is the oracle for the models that claim Node's behaviour. The Writable model runs a
//! script of writes and sink callbacks; `tests/oracle/writable.mjs` runs the same script on a real
//! `stream.Writable`; the two logs must be identical.

use std::path::Path;
use std::process::Command;

use inflight_engine::models::writable::{Callback, Writable};
use inflight_engine::rng::SeededRandom;

fn node_log(hwm: u64, object_mode: bool, sync: bool, ops: &[String]) -> String {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/oracle/writable.mjs");
    let out = Command::new("node")
        .arg(script)
        .args([hwm.to_string(), object_mode.to_string(), sync.to_string()])
        .args(ops)
        .output()
        .expect("`node` (Node 20) must be on PATH");
    assert!(out.status.success(), "node failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn model_log(hwm: u64, object_mode: bool, sync: bool, ops: &[String]) -> String {
    let mut w = Writable::new(hwm, object_mode, if sync { Callback::Sync } else { Callback::Async });
    let mut log = String::new();
    let unit = |bytes: u64| if object_mode { 1 } else { bytes };
    for op in ops {
        if op == "ack" {
            let a = w.acknowledge().expect("the script only acks while writing");
            if let Some(c) = a.to_sink {
                log.push_str(&format!("sink {}\n", c.units));
            }
            if a.drain {
                log.push_str("drain\n");
            }
            log.push_str(&format!("ack {}\n", w.length()));
        } else {
            let bytes: u64 = op[1..].parse().unwrap();
            let r = w.write(bytes).unwrap();
            if r.to_sink.is_some() || sync {
                log.push_str(&format!("sink {}\n", unit(bytes)));
            }
            log.push_str(&format!("write {} {}\n", r.returned, r.length));
        }
    }
    log
}

/// A random script: writes of 1..=max bytes, acks only while the sink holds a chunk.
fn script(rng: &mut SeededRandom, max: u64, sync: bool) -> Vec<String> {
    let mut ops = Vec::new();
    let mut in_sink = 0u32;
    for _ in 0..rng.next_in(3, 25) {
        if !sync && in_sink > 0 && rng.next_in(0, 3) == 0 {
            ops.push("ack".to_string());
            in_sink -= 1;
        } else {
            ops.push(format!("w{}", rng.next_in(1, max)));
            in_sink += 1;
        }
    }
    // Let the sink finish everything, so the drain at the end is checked too.
    if !sync {
        ops.extend(std::iter::repeat("ack".to_string()).take(in_sink as usize));
    }
    ops
}

#[test]
fn the_writable_model_matches_node_write_for_write() {
    let mut rng = SeededRandom::new(4_2026);
    let mut cases = vec![
        // The measured cases in NODE-SEMANTICS §4.1: hwm 10 with four 4-byte writes; one 25-byte
        // write to an empty stream; hwm 0; a synchronous sink.
        (10, false, false, ["w4", "w4", "w4", "w4", "ack", "ack", "ack", "ack"].map(String::from).to_vec()),
        (10, false, false, ["w25", "ack"].map(String::from).to_vec()),
        (0, false, false, ["w1", "w1", "ack", "ack"].map(String::from).to_vec()),
        (4, false, true, ["w4", "w4", "w8"].map(String::from).to_vec()),
    ];
    for i in 0..40 {
        let (hwm, object_mode) = [(10, false), (16_384, false), (1, false), (16, true), (3, true), (0, false)][i % 6];
        let sync = i % 7 == 6;
        let max = if object_mode { 5 } else if hwm > 1000 { 9_000 } else { 12 };
        cases.push((hwm, object_mode, sync, script(&mut rng, max, sync)));
    }
    for (hwm, object_mode, sync, ops) in cases {
        let node = node_log(hwm, object_mode, sync, &ops);
        let model = model_log(hwm, object_mode, sync, &ops);
        assert_eq!(model, node, "hwm {hwm}, object mode {object_mode}, sync sink {sync}, script {ops:?}");
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
