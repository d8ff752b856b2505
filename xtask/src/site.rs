//! Building the site: trunk compiles the app to wasm (release, hydrate); esbuild bundles the
//! code editor; the runner's worker (the interpreter compiled to wasm, with `worker/runner.js`)
//! goes into `dist/worker-<hash>/` and the simulations' (the models and their charts, with
//! `worker/sim.js`) into `dist/sim-<hash>/`; then the native prerender writes every route's HTML into
//! `dist/`, with the editor's and the worker's addresses in each page's head. Also measures
//! what a reader downloads.

use std::io::Write as _;

use std::path::Path;

use crate::editor;
use crate::toolchain::{self, run, Toolchain};
use crate::{normalize_public_url, root, Failure, Flags, Result};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    Release,
    Dev,
}

pub fn command(args: &[String]) -> Result {
    let flags = Flags::new(args, &["--public-url"], &[])?;
    let public_url = normalize_public_url(flags.value("--public-url").unwrap_or("/"))?;
    let tools = toolchain::ensure(false)?;
    let dist = root().join("dist");
    build(&tools, &public_url, Profile::Release, &dist)?;
    report_size(&dist)?;
    println!("\nxtask: the site is in dist/, built for {public_url}; copy it to any static host.");
    Ok(())
}

/// Builds the site for `public_url` into `dist`.
pub fn build(tools: &Toolchain, public_url: &str, profile: Profile, dist: &Path) -> Result {
    let mut trunk = tools.wasm_command("trunk");
    trunk.args(["build", "--skip-version-check", "--public-url", public_url, "--dist"]).arg(dist).env("INFLIGHT_BASE_PATH", public_url);
    if profile == Profile::Release {
        trunk.arg("--release");
    }
    run(&mut trunk, "building the wasm app (trunk build)")?;
    let worker = build_worker(tools, &RUNNER_WORKER, public_url, dist)?;
    let sim_worker = build_worker(tools, &SIM_WORKER, public_url, dist)?;
    // After trunk, which replaces dist/ as a whole.
    let editor = editor::build(dist)?;
    if profile == Profile::Release {
        // The app's glue (`inflight-<hash>.js`), which every page loads.
        for entry in std::fs::read_dir(dist)? {
            let path = entry?.path();
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            if name.starts_with("inflight-") && name.ends_with(".js") {
                editor::minify(&path)?;
            }
        }
    }
    let mut prerender = tools.command("cargo");
    prerender
        .args(["run", "--quiet", "--features", "ssr", "--bin", "prerender", "--"])
        .arg(dist)
        .env("INFLIGHT_BASE_PATH", public_url)
        .env("INFLIGHT_WORKER_URL", &worker)
        .env("INFLIGHT_SIM_WORKER_URL", &sim_worker)
        .env("INFLIGHT_EDITOR_URL", format!("{public_url}{editor}"));
    run(&mut prerender, "prerendering the pages (cargo run --features ssr --bin prerender)")
}

/// A Web Worker's files: a wasm crate built for the browser (profile `worker`: fully optimised
/// for speed, since it is loaded only on demand), bound by wasm-bindgen as an ES module, beside
/// its script, in a folder named after a hash of the three files so that a new build is never
/// served from an old cache.
struct WorkerSpec {
    /// The cargo package.
    package: &'static str,
    /// What the messages call it.
    what: &'static str,
    /// The module wasm-bindgen writes (`engine` -> `engine.js`, `engine_bg.wasm`).
    out_name: &'static str,
    /// The script in `worker/` that imports it.
    script: &'static str,
    /// The folder's prefix in `dist/`.
    prefix: &'static str,
    /// When a reader loads it.
    loaded: &'static str,
}

const RUNNER_WORKER: WorkerSpec = WorkerSpec {
    package: "inflight-engine-wasm",
    what: "the runner's interpreter",
    out_name: "engine",
    script: "runner.js",
    prefix: "worker-",
    loaded: "only when a reader runs a program",
};

const SIM_WORKER: WorkerSpec = WorkerSpec {
    package: "inflight-sims-wasm",
    what: "the simulations (models and plotters charts)",
    out_name: "sims",
    script: "sim.js",
    prefix: "sim-",
    loaded: "only when a reader runs a simulation",
};

/// Builds `spec`'s worker into `dist/<prefix><hash>/` and returns its script's URL.
fn build_worker(tools: &Toolchain, spec: &WorkerSpec, public_url: &str, dist: &Path) -> Result<String> {
    run(
        tools.wasm_command("cargo").args(["build", "--quiet", "--profile", "worker", "--target", "wasm32-unknown-unknown", "-p", spec.package]),
        &format!("building {} for wasm (cargo build --profile worker -p {})", spec.what, spec.package),
    )?;
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root().join("target"), std::path::PathBuf::from);
    let staging = target.join(format!("{}-bindgen", spec.out_name));
    let _ = std::fs::remove_dir_all(&staging);
    let wasm_file = format!("wasm32-unknown-unknown/worker/{}.wasm", spec.package.replace('-', "_"));
    run(
        tools.command("wasm-bindgen").args(["--target", "web", "--no-typescript", "--out-name", spec.out_name, "--out-dir"]).arg(&staging).arg(target.join(wasm_file)),
        &format!("wasm-bindgen for {}", spec.what),
    )?;
    let (js, wasm) = (format!("{}.js", spec.out_name), format!("{}_bg.wasm", spec.out_name));
    let files = [(js.clone(), staging.join(&js)), (wasm.clone(), staging.join(&wasm)), (spec.script.to_string(), root().join("worker").join(spec.script))];
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut contents = Vec::new();
    for (name, path) in &files {
        let bytes = std::fs::read(path).map_err(|e| Failure(format!("cannot read {}: {e}", path.display())))?;
        for b in &bytes {
            hash = (hash ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
        contents.push((name.clone(), bytes));
    }
    let folder = format!("{}{:012x}", spec.prefix, hash & 0xffff_ffff_ffff);
    // Older builds' folders go: only the current one is referenced.
    for entry in std::fs::read_dir(dist)?.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with(spec.prefix) && name != folder && entry.path().is_dir() {
            std::fs::remove_dir_all(entry.path())?;
        }
    }
    let out = dist.join(&folder);
    std::fs::create_dir_all(&out)?;
    for (name, bytes) in contents {
        std::fs::write(out.join(name), bytes)?;
    }
    let bytes = std::fs::read(out.join(&wasm))?;
    let script = std::fs::read(out.join(spec.script))?;
    let glue = std::fs::read(out.join(&js))?;
    println!(
        "xtask: {} is {folder}/ (wasm {} raw, {} gzip; glue and script {} gzip; loaded {})",
        spec.what,
        kib(bytes.len()),
        kib(gzip_len(&bytes)?),
        kib(gzip_len(&glue)? + gzip_len(&script)?),
        spec.loaded
    );
    Ok(format!("{public_url}{folder}/{}", spec.script))
}

/// What a lesson page's first load may weigh, gzip (HTML+JS+wasm+CSS): 200 kB.
const FIRST_LOAD_BUDGET: usize = 200_000;
/// Where the build fails: at the budget itself.
const FIRST_LOAD_CEILING: usize = FIRST_LOAD_BUDGET;

/// Sizes, raw and gzip, of what a browser fetches on a first visit to each lesson page: the
/// page's HTML plus the CSS, JS and wasm it references. Fails above `FIRST_LOAD_CEILING`.
pub fn report_size(dist: &Path) -> Result {
    let lessons = dist.join("lessons");
    let entries = std::fs::read_dir(&lessons).map_err(|e| Failure(format!("cannot read {}: {e}", lessons.display())))?;
    let mut pages: Vec<_> = entries.filter_map(|e| e.ok()).map(|e| e.path().join("index.html")).collect();
    pages.sort();
    if pages.is_empty() {
        return Err(Failure("dist/lessons/ is empty: nothing to measure".into()));
    }
    println!("\nWhat a reader downloads on a first visit to a lesson page (HTML+JS+WASM+CSS):");
    let mut shared_printed = false;
    let mut heaviest = 0;
    for page in &pages {
        let html = std::fs::read_to_string(page)?;
        let mut files = vec![page.clone()];
        for asset in referenced_assets(&html) {
            let name = asset.rsplit('/').next().unwrap_or(&asset).to_string();
            if name.starts_with(editor::PREFIX) {
                return Err(Failure(format!("{} loads or preloads the editor ({asset}): it must load only on demand", page.display())));
            }
            let path = dist.join(&name);
            if path.exists() && (name.ends_with(".js") || name.ends_with(".wasm") || name.ends_with(".css")) {
                files.push(path);
            }
        }
        let (mut raw, mut gzip) = (0, 0);
        for path in &files {
            let bytes = std::fs::read(path)?;
            let gz = gzip_len(&bytes)?;
            raw += bytes.len();
            gzip += gz;
            if !shared_printed && path != page {
                println!("  {:<48} {:>10} raw {:>10} gzip", path.file_name().unwrap().to_string_lossy(), kib(bytes.len()), kib(gz));
            }
        }
        shared_printed = true;
        let name = page.strip_prefix(dist).unwrap_or(page).display().to_string();
        println!("  {:<48} {:>10} raw {:>10} gzip  (whole page, {} kB)", name, kib(raw), kib(gzip), gzip / 1000);
        heaviest = heaviest.max(gzip);
    }
    println!("  the budget: {} kB gzip; the heaviest lesson page is {} kB; a build above {} kB fails", FIRST_LOAD_BUDGET / 1000, heaviest / 1000, FIRST_LOAD_CEILING / 1000);
    if heaviest > FIRST_LOAD_CEILING {
        return Err(Failure(format!("a lesson page's first load is {heaviest} bytes gzip, above the ceiling of {FIRST_LOAD_CEILING}")));
    }
    println!("Loaded on demand, when a reader starts editing code (not in the sums above):");
    for name in editor::built_in(dist)? {
        let bytes = std::fs::read(dist.join(&name))?;
        println!("  {:<48} {:>10} raw {:>10} gzip", name, kib(bytes.len()), kib(gzip_len(&bytes)?));
    }
    Ok(())
}

fn kib(n: usize) -> String {
    format!("{:.1} KiB", n as f64 / 1024.0)
}

fn gzip_len(bytes: &[u8]) -> Result<usize> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(bytes)?;
    Ok(enc.finish()?.len())
}

/// `href=` and `src=` values, and the wasm path inside trunk's loader script.
fn referenced_assets(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for marker in ["href=", "src=", "module_or_path: '", "from '"] {
        for (i, _) in html.match_indices(marker) {
            let rest = &html[i + marker.len()..];
            let rest = rest.trim_start_matches(['"', '\'']);
            let end = rest.find(['"', '\'', ' ', '>']).unwrap_or(rest.len());
            let value = &rest[..end];
            if !value.is_empty() && !out.iter().any(|v| v == value) {
                out.push(value.to_string());
            }
        }
    }
    out
}
