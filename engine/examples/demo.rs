//! Prints a demo's code or its console lines: `cargo run --example demo -- semaphore code 3 8 42`.
use inflight_engine::demo::Demo;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let demo = Demo::from_name(args.first().map(String::as_str).unwrap_or("")).expect("unknown demo");
    let values: Vec<u32> = args[2..].iter().map(|v| v.parse().expect("a number")).collect();
    match args[1].as_str() {
        "code" => print!("{}", demo.code(&values)),
        _ => {
            for (_, line) in demo.run(&values).expect("valid values").console_lines() {
                println!("{line}");
            }
        }
    }
}
