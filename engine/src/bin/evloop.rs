//! `evloop FILE.js|FILE.mjs` prints what `node FILE` prints on stdout, on the engine's
//! Node-accurate event loop. `evloop --trace FILE` prints the event trace as JSON lines.
//!
//! Exit status: what Node's would be (0, or 1 after an uncaught error or unhandled rejection);
//! 2 when the program is invalid or outside the supported subset (the reason is on stderr).

use std::process::ExitCode;

use inflight_engine::js::run_file;

fn main() -> ExitCode {
    // The interpreter recurses once per JavaScript call: give it room whatever the build.
    std::thread::Builder::new().stack_size(256 * 1024 * 1024).spawn(evloop).expect("a thread").join().unwrap_or(ExitCode::from(2))
}

fn evloop() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (trace, file) = match args.as_slice() {
        [flag, file] if flag == "--trace" => (true, file),
        [file] if !file.starts_with("--") => (false, file),
        _ => {
            eprintln!("usage: evloop [--trace] FILE.js|FILE.mjs");
            return ExitCode::from(2);
        }
    };
    let source = match std::fs::read_to_string(file) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("evloop: cannot read {file}: {e}");
            return ExitCode::from(2);
        }
    };
    match run_file(file, &source) {
        Ok(result) => {
            if trace {
                for event in &result.trace {
                    println!("{}", event.to_json());
                }
                if let Some(race) = &result.race {
                    println!("{{\"race\":{race:?}}}");
                }
            } else {
                for line in &result.stdout {
                    println!("{line}");
                }
            }
            if let Some(race) = &result.race {
                eprintln!("evloop: note: {race}");
            }
            if let Some(err) = &result.stderr {
                eprintln!("{err}");
            }
            ExitCode::from(result.exit_code as u8)
        }
        Err(e) => {
            eprintln!("{file}:{e}");
            ExitCode::from(2)
        }
    }
}
