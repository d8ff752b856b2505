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
