//! Compiles `content/*.md` into `$OUT_DIR/course.rs` (see `course/src/compile.rs`), so the
//! browser receives typed data and never parses markdown. A content error fails the build with
//! `file:line: message`.

use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=content");
    println!("cargo:rerun-if-env-changed=INFLIGHT_BASE_PATH");
    println!("cargo:rerun-if-env-changed=INFLIGHT_CONTENT_DIR");
    // Tests of the pipeline may point the build at another folder of lessons.
    let content = match std::env::var_os("INFLIGHT_CONTENT_DIR").filter(|d| !d.is_empty()) {
        Some(dir) => dir.into(),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
    };
    match inflight_course::compile::load_dir(&content) {
        Ok(lessons) => {
            let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("course.rs");
            std::fs::write(out, inflight_course::compile::bake(&lessons)).expect("write course.rs");
        }
        Err(errors) => {
            for e in &errors {
                eprintln!("{e}");
            }
            eprintln!("{} content error(s): fix the lessons above and build again", errors.len());
            std::process::exit(1);
        }
    }
}
