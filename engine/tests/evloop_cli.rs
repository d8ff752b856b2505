//! The `evloop` command as a user runs it: stdout like `node FILE`, Node's exit status, 2 for a
//! program outside the subset, and `--trace` as JSON lines.

use std::process::Command;

fn write(name: &str, src: &str) -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/evloop-cli");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, src).unwrap();
    path
}

fn evloop(args: &[&std::ffi::OsStr]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_evloop")).args(args).output().unwrap()
}

#[test]
fn prints_what_node_prints_and_exits_as_node_does() {
    let ok = write("ok.mjs", "setTimeout(() => console.log('later'), 5);\nawait null;\nconsole.log('now', [1, 2], { a: 'x' });\n");
    let crash = write("crash.js", "console.log('before');\nPromise.reject('boom');\nsetTimeout(() => console.log('never'), 1);\n");
    for path in [&ok, &crash] {
        let ours = evloop(&[path.as_os_str()]);
        let node = Command::new("node").arg(path).output().expect("node on PATH");
        assert_eq!(String::from_utf8_lossy(&ours.stdout), String::from_utf8_lossy(&node.stdout), "{}", path.display());
        assert_eq!(ours.status.code(), node.status.code(), "{}", path.display());
    }
    let crashed = evloop(&[crash.as_os_str()]);
    assert!(String::from_utf8_lossy(&crashed.stderr).contains("ERR_UNHANDLED_REJECTION"));
}

#[test]
fn unsupported_programs_exit_2_with_the_position() {
    let bad = write("bad.js", "const x = 1;\nconst m = new WeakMap();\n");
    let out = evloop(&[bad.as_os_str()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.js:2:15: unsupported: `WeakMap`"), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn trace_is_json_lines_with_phases_and_queues() {
    let path = write("trace.js", "setImmediate(() => console.log('i'));\nprocess.nextTick(() => console.log('t'));\n");
    let out = evloop(&[std::ffi::OsStr::new("--trace"), path.as_os_str()]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines.len() >= 4, "{text}");
    for line in &lines {
        assert!(line.starts_with("{\"t\":") && line.ends_with('}') && line.contains("\"queues\":{"), "not a trace line: {line}");
    }
    assert!(lines.iter().any(|l| l.contains("\"phase\":\"check\"") && l.contains("\"event\":\"immediate\"")), "{text}");
    assert!(lines.iter().any(|l| l.contains("\"event\":\"tick\"")), "{text}");
}

#[test]
fn a_syntax_error_exits_1_with_nodes_message_as_node_does() {
    let bad = write("redeclared.js", "console.log('never');\nlet a = 1;\nlet a = 2;\n");
    let ours = evloop(&[bad.as_os_str()]);
    let node = std::process::Command::new("node").arg(&bad).output().expect("node runs");
    assert_eq!(ours.status.code(), node.status.code(), "exit status");
    assert!(ours.stdout.is_empty() && node.stdout.is_empty());
    let err = String::from_utf8_lossy(&ours.stderr);
    assert!(err.contains("redeclared.js:3") && err.contains("SyntaxError: Identifier 'a' has already been declared"), "{err}");
    assert!(String::from_utf8_lossy(&node.stderr).contains("SyntaxError: Identifier 'a' has already been declared"));
}
