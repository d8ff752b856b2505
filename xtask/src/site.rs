//! Building the site: trunk compiles the app to wasm (release, hydrate); esbuild bundles the
//! code editor; the runner's worker (the interpreter compiled to wasm, with `worker/runner.js`)
//! goes into `dist/worker-<hash>/` and the simulations' (the models and their charts, with
//! `worker/sim.js`) into `dist/sim-<hash>/`, the search dialog (`search/search.js`) into
//! `dist/search-<hash>.js`; then the native prerender writes every route's HTML into `dist/`,
//! with the editor's, the workers' and the search module's addresses in each page's head; last,
//! Pagefind indexes the lesson pages into `dist/pagefind/`. Also measures what a reader
//! downloads.

use std::io::Write as _;

use std::path::Path;

use crate::editor;
use crate::toolchain::{self, run, Toolchain, PAGEFIND_VERSION};
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
    let search = search_module(dist, profile)?;
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
        .env("INFLIGHT_EDITOR_URL", format!("{public_url}{editor}"))
        .env("INFLIGHT_SEARCH_URL", format!("{public_url}{search}"));
    run(&mut prerender, "prerendering the pages (cargo run --features ssr --bin prerender)")?;
    index_for_search(tools, dist)
}

/// The search module's file name starts with this; the rest is a hash of its source.
const SEARCH_PREFIX: &str = "search-";
/// Where Pagefind writes its bundle under `dist/` (its default output folder).
const PAGEFIND_DIR: &str = "pagefind";
/// What Pagefind also writes and the site never loads: its ready-made search interfaces (the
/// site's dialog is `search/search.js`, on Pagefind's JavaScript API). Removed after indexing.
const PAGEFIND_UNUSED: &[&str] = &[
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
];

/// The search dialog's module, `search/search.js`, as `dist/search-<hash>.js` (minified for a
/// release, as the app's glue is). It sits at the site's root, beside `pagefind/`: the module
/// takes Pagefind's address and the base path from its own URL. Returns the file's name.
fn search_module(dist: &Path, profile: Profile) -> Result<String> {
    let path = root().join("search/search.js");
    let source = std::fs::read(&path).map_err(|e| Failure(format!("cannot read {}: {e}", path.display())))?;
    let name = format!("{SEARCH_PREFIX}{}.js", content_hash(&[&source]));
    for old in files_named(dist, SEARCH_PREFIX, ".js")? {
        std::fs::remove_file(dist.join(old))?;
    }
    let out = dist.join(&name);
    std::fs::write(&out, &source)?;
    if profile == Profile::Release {
        editor::minify(&out)?;
    }
    Ok(name)
}

/// The files directly in `dir` whose names start with `prefix` and end with `suffix`, sorted.
fn files_named(dir: &Path, prefix: &str, suffix: &str) -> Result<Vec<String>> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| Failure(format!("cannot read {}: {e}", dir.display())))? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if name.starts_with(prefix) && name.ends_with(suffix) {
            names.push(name);
        }
    }
    names.sort();
    Ok(names)
}

/// 48 bits of FNV-1a over `parts`, as 12 hex digits: names a built file after its contents, so
/// that a new build is never served from an old cache.
fn content_hash(parts: &[&[u8]]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in parts.iter().flat_map(|p| p.iter()) {
        hash = (hash ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
    }
    format!("{:012x}", hash & 0xffff_ffff_ffff)
}

/// Pagefind's index of the lessons, made from the prerendered pages into `dist/pagefind/`.
/// The markup is checked first (`search_markup_problems`), and what Pagefind indexed after: the
/// lesson pages, every one, and nothing else.
fn index_for_search(tools: &Toolchain, dist: &Path) -> Result {
    let mut problems = Vec::new();
    let mut lessons = 0;
    for page in html_pages(dist)? {
        let relative = page.strip_prefix(dist).unwrap_or(&page).to_path_buf();
        let lesson = is_lesson_page(&relative);
        lessons += usize::from(lesson);
        let html = std::fs::read_to_string(&page)?;
        problems.extend(search_markup_problems(&html, lesson).into_iter().map(|p| format!("{}: {p}", relative.display())));
    }
    if !problems.is_empty() {
        return Err(Failure(format!("the pages are not marked up as search needs:\n  {}", problems.join("\n  "))));
    }
    let out = dist.join(PAGEFIND_DIR);
    if out.exists() {
        std::fs::remove_dir_all(&out)?;
    }
    run(tools.command("pagefind").arg("--site").arg(dist).arg("--quiet"), "indexing the lessons for search (pagefind)")?;
    for name in PAGEFIND_UNUSED {
        let path = out.join(name);
        if path.exists() {
            std::fs::remove_file(path)?;
        }
    }
    let entry = std::fs::read_to_string(out.join("pagefind-entry.json"))?;
    let indexed: usize = json_values(&entry, "page_count").iter().filter_map(|n| n.parse::<usize>().ok()).sum();
    if indexed != lessons {
        return Err(Failure(format!(
            "Pagefind indexed {indexed} pages, but the site has {lessons} lesson pages: it must index each lesson's article and nothing else"
        )));
    }
    println!("xtask: search indexes the {lessons} lesson pages ({PAGEFIND_DIR}/, Pagefind {PAGEFIND_VERSION})");
    Ok(())
}

/// Every `.html` file under `dist`, but in Pagefind's own folder.
fn html_pages(dist: &Path) -> Result<Vec<std::path::PathBuf>> {
    let mut pages = Vec::new();
    let mut folders = vec![dist.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder)? {
            let path = entry?.path();
            if path.is_dir() {
                if path != dist.join(PAGEFIND_DIR) {
                    folders.push(path);
                }
            } else if path.extension().is_some_and(|e| e == "html") {
                pages.push(path);
            }
        }
    }
    pages.sort();
    Ok(pages)
}

/// `lessons/<slug>/index.html`, relative to `dist`.
fn is_lesson_page(relative: &Path) -> bool {
    let parts: Vec<_> = relative.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    matches!(parts.as_slice(), [lessons, _, index] if lessons == "lessons" && index == "index.html")
}

/// What is wrong with a page's markup for search. A lesson page has exactly one element with
/// `data-pagefind-body`, its `<article class="lesson">`, and any other page none (Pagefind
/// then skips it: the review page holds every question, answers included). On a lesson page
/// every question's form, and the runner a predict question shows once answered, carry
/// `data-pagefind-ignore`.
fn search_markup_problems(html: &str, lesson: bool) -> Vec<String> {
    let tags = opening_tags(html);
    let mut problems = Vec::new();
    let bodies: Vec<&Tag> = tags.iter().filter(|t| t.has("data-pagefind-body")).collect();
    match (lesson, bodies.as_slice()) {
        (true, [only]) if only.name == "article" && only.has_class("lesson") => {}
        (true, [only]) => problems.push(format!("data-pagefind-body is on a <{}>, not the lesson's <article class=\"lesson\">", only.name)),
        (true, found) => problems.push(format!("{} elements have data-pagefind-body; the lesson's article must be the only one", found.len())),
        (false, []) => {}
        (false, found) => problems.push(format!("{} elements have data-pagefind-body on a page that is not a lesson", found.len())),
    }
    // Only what Pagefind reads matters; on other pages the same questions are left alone.
    for tag in tags.iter().filter(|_| lesson) {
        let question = (tag.name == "form" && tag.has_class("quiz")) || (tag.name == "div" && tag.has_class("quiz-run"));
        if question && !tag.has("data-pagefind-ignore") {
            let id = tag.value("data-quiz").map_or_else(|| "a predict question's runner".to_string(), |id| format!("the question {id}"));
            problems.push(format!("{id} lacks data-pagefind-ignore: search would show its answer"));
        }
    }
    problems
}

/// An opening tag: its name and its attributes, values as written (entities left as they are).
struct Tag<'a> {
    name: &'a str,
    attributes: Vec<(&'a str, &'a str)>,
}

impl Tag<'_> {
    fn value(&self, name: &str) -> Option<&str> {
        self.attributes.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| *v)
    }

    fn has(&self, name: &str) -> bool {
        self.value(name).is_some()
    }

    fn has_class(&self, class: &str) -> bool {
        self.value("class").is_some_and(|v| v.split_ascii_whitespace().any(|c| c == class))
    }
}

/// The opening tags of an HTML document, in order. Enough of HTML's syntax for pages this build
/// writes: comments and closing tags are skipped, quoted values may hold `>`, and the contents of
/// `<script>` and `<style>` are not read as markup.
fn opening_tags(html: &str) -> Vec<Tag<'_>> {
    let bytes = html.as_bytes();
    let mut tags = Vec::new();
    let mut i = 0;
    let skip_past = |from: usize, end: &str| html[from..].find(end).map_or(html.len(), |at| from + at + end.len());
    while let Some(at) = html[i..].find('<') {
        i += at + 1;
        if html[i..].starts_with("!--") {
            i = skip_past(i, "-->");
            continue;
        }
        if !bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let name_end = html[i..].find(|c: char| !(c.is_ascii_alphanumeric() || c == '-')).map_or(html.len(), |n| i + n);
        let name = &html[i..name_end];
        i = name_end;
        let mut attributes = Vec::new();
        loop {
            while bytes.get(i).is_some_and(|b| b.is_ascii_whitespace() || *b == b'/') {
                i += 1;
            }
            if i >= bytes.len() || bytes[i] == b'>' {
                i += 1;
                break;
            }
            let attr_end = html[i..].find(|c: char| c.is_ascii_whitespace() || matches!(c, '=' | '>' | '/')).map_or(html.len(), |n| i + n);
            let attr = &html[i..attr_end];
            i = attr_end;
            let mut value = "";
            if bytes.get(i) == Some(&b'=') {
                i += 1;
                match bytes.get(i) {
                    Some(&quote @ (b'"' | b'\'')) => {
                        let end = html[i + 1..].find(quote as char).map_or(html.len(), |n| i + 1 + n);
                        value = &html[i + 1..end];
                        i = end + 1;
                    }
                    _ => {
                        let end = html[i..].find(|c: char| c.is_ascii_whitespace() || c == '>').map_or(html.len(), |n| i + n);
                        value = &html[i..end];
                        i = end;
                    }
                }
            }
            attributes.push((attr, value));
        }
        if name.eq_ignore_ascii_case("script") || name.eq_ignore_ascii_case("style") {
            i = skip_past(i.min(html.len()), &format!("</{}", name.to_ascii_lowercase()));
        }
        tags.push(Tag { name, attributes });
        i = i.min(html.len());
    }
    tags
}

/// Every value of `key` in a JSON text as written (a string's without its quotes), wherever it
/// is nested. For the few fields read from Pagefind's `pagefind-entry.json`, whose strings hold
/// no escapes.
fn json_values<'a>(json: &'a str, key: &str) -> Vec<&'a str> {
    let needle = format!("\"{key}\"");
    let mut values = Vec::new();
    for (at, _) in json.match_indices(&needle) {
        let rest = json[at + needle.len()..].trim_start();
        let Some(rest) = rest.strip_prefix(':') else { continue };
        let rest = rest.trim_start();
        let value = match rest.strip_prefix('"') {
            Some(string) => string.split('"').next().unwrap_or(""),
            None => rest.split([',', '}', ']']).next().unwrap_or("").trim(),
        };
        values.push(value);
    }
    values
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
    let mut contents = Vec::new();
    for (name, path) in &files {
        let bytes = std::fs::read(path).map_err(|e| Failure(format!("cannot read {}: {e}", path.display())))?;
        contents.push((name.clone(), bytes));
    }
    let folder = format!("{}{}", spec.prefix, content_hash(&contents.iter().map(|(_, b)| b.as_slice()).collect::<Vec<_>>()));
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
            if name.starts_with(SEARCH_PREFIX) || asset.split('/').any(|part| part == PAGEFIND_DIR) {
                return Err(Failure(format!("{} loads or preloads search ({asset}): it must load only when the reader opens search", page.display())));
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
    report_search(dist)
}

/// What search costs a reader, none of it before they open it: the dialog's module and
/// Pagefind's fixed files (its script, its worker, its wasm, the site's entry and metadata),
/// then, per query, the index chunks the words fall in and a fragment for each lesson shown.
/// Pagefind stores its own data files gzip-compressed already and sends them as they are; the
/// scripts are compressed by the server, so their gzip size is what travels.
fn report_search(dist: &Path) -> Result {
    let out = dist.join(PAGEFIND_DIR);
    let entry = std::fs::read_to_string(out.join("pagefind-entry.json"))
        .map_err(|e| Failure(format!("cannot read {}/pagefind-entry.json ({e}): the build indexes the site for search", out.display())))?;
    let mut fixed: Vec<String> = files_named(dist, SEARCH_PREFIX, ".js")?;
    fixed.extend(["pagefind.js", "pagefind-worker.js", "pagefind-entry.json"].map(|f| format!("{PAGEFIND_DIR}/{f}")));
    fixed.extend(json_values(&entry, "wasm").iter().map(|lang| format!("{PAGEFIND_DIR}/wasm.{lang}.pagefind")));
    fixed.extend(json_values(&entry, "hash").iter().map(|hash| format!("{PAGEFIND_DIR}/pagefind.{hash}.pf_meta")));
    println!("Loaded on demand, when a reader opens search (not in the sums above):");
    let (mut raw, mut sent) = (0, 0);
    for name in &fixed {
        let bytes = std::fs::read(dist.join(name)).map_err(|e| Failure(format!("cannot read {name} in {}: {e}", dist.display())))?;
        let wire = wire_len(&bytes)?;
        let note = if wire == bytes.len() && is_gzip(&bytes) { "  (stored gzip by Pagefind)" } else { "" };
        println!("  {:<48} {:>10} raw {:>10} gzip{note}", name, kib(bytes.len()), kib(wire));
        raw += bytes.len();
        sent += wire;
    }
    println!("  {:<48} {:>10} raw {:>10} gzip  (opening search, {} kB)", "the fixed download", kib(raw), kib(sent), sent / 1000);
    for (folder, what) in [("index", "each query, the index chunk of its words"), ("fragment", "each lesson shown, its fragment")] {
        let mut sizes = Vec::new();
        for entry in std::fs::read_dir(out.join(folder))? {
            sizes.push(wire_len(&std::fs::read(entry?.path())?)?);
        }
        sizes.sort_unstable();
        if let (Some(median), Some(largest)) = (sizes.get(sizes.len() / 2), sizes.last()) {
            println!("  then, for {what}: median {}, largest {} ({} files in {PAGEFIND_DIR}/{folder}/)", kib(*median), kib(*largest), sizes.len());
        }
    }
    Ok(())
}

fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x1f, 0x8b])
}

/// What a file weighs on the wire: as it is when it is gzip already, else gzip-compressed.
fn wire_len(bytes: &[u8]) -> Result<usize> {
    if is_gzip(bytes) {
        Ok(bytes.len())
    } else {
        gzip_len(bytes)
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A lesson page as the prerender writes one, cut down to what search depends on.
    const LESSON: &str = concat!(
        r#"<!DOCTYPE html><html lang="en"><head><script>if (a < b && "x>" !== '<p data-pagefind-body>') run();</script>"#,
        r#"<meta name="inflight-search" content="/inflight/search-0123456789ab.js"></head><body>"#,
        r#"<!-- <div data-pagefind-body> --><header class="site-header"><button type="button" class="search-open" hidden>Search</button></header>"#,
        r#"<main id="main"><article class="lesson" data-pagefind-body><h1>Backpressure</h1>"#,
        r#"<section class="runner" data-runner-data="3:a>b"><p class="needs-js" data-pagefind-ignore>Turn on JavaScript</p></section>"#,
        r#"<leptos-island><form class="quiz" data-quiz="write-returned-false" novalidate data-pagefind-ignore><p>?</p></form>"#,
        r#"<div class="quiz-run" hidden data-pagefind-ignore></div></leptos-island></article></main></body></html>"#,
    );

    #[test]
    fn opening_tags_are_read_with_their_attributes() {
        let tags = opening_tags(LESSON);
        let names: Vec<&str> = tags.iter().map(|t| t.name).collect();
        assert_eq!(
            names,
            ["html", "head", "script", "meta", "body", "header", "button", "main", "article", "h1", "section", "p", "leptos-island", "form", "p", "div"],
            "the script's text and the comment are not tags"
        );
        let runner = tags.iter().find(|t| t.name == "section").unwrap();
        assert_eq!(runner.value("data-runner-data"), Some("3:a>b"), "a quoted value may hold >");
        let button = tags.iter().find(|t| t.name == "button").unwrap();
        assert!(button.has("hidden") && button.has_class("search-open") && !button.has_class("search"));
        assert_eq!(button.value("hidden"), Some(""));
        let unquoted = opening_tags("<ol start=3 class='a b'><li>");
        assert_eq!(unquoted[0].attributes, [("start", "3"), ("class", "a b")]);
        assert_eq!(unquoted[1].name, "li");
        // Cut off anywhere, a page still reads without a panic.
        for end in 0..LESSON.len() {
            if LESSON.is_char_boundary(end) {
                let _ = opening_tags(&LESSON[..end]);
            }
        }
    }

    #[test]
    fn a_lesson_has_one_search_body_its_article_and_other_pages_none() {
        assert_eq!(search_markup_problems(LESSON, true), Vec::<String>::new());
        let twice = LESSON.replace("<h1>", "<h1 data-pagefind-body>");
        assert_eq!(search_markup_problems(&twice, true), ["2 elements have data-pagefind-body; the lesson's article must be the only one"]);
        let none = LESSON.replace(" data-pagefind-body>", ">");
        assert_eq!(search_markup_problems(&none, true), ["0 elements have data-pagefind-body; the lesson's article must be the only one"]);
        let elsewhere = none.replace("<main id=\"main\">", "<main id=\"main\" data-pagefind-body>");
        assert_eq!(search_markup_problems(&elsewhere, true), ["data-pagefind-body is on a <main>, not the lesson's <article class=\"lesson\">"]);
        // The review page has every question: indexed, it would give the answers away.
        assert_eq!(search_markup_problems(&none, false), Vec::<String>::new());
        assert_eq!(search_markup_problems(LESSON, false), ["1 elements have data-pagefind-body on a page that is not a lesson"]);
    }

    #[test]
    fn every_question_is_left_out_of_search() {
        let open_form = LESSON.replace("novalidate data-pagefind-ignore>", "novalidate>");
        assert_eq!(search_markup_problems(&open_form, true), ["the question write-returned-false lacks data-pagefind-ignore: search would show its answer"]);
        // The review page is not indexed at all.
        assert_eq!(search_markup_problems(&open_form.replace(" data-pagefind-body", ""), false), Vec::<String>::new());
        let open_runner = LESSON.replace("hidden data-pagefind-ignore></div>", "hidden></div>");
        assert_eq!(search_markup_problems(&open_runner, true), ["a predict question's runner lacks data-pagefind-ignore: search would show its answer"]);
        // The runner's form of knobs is no question.
        let knobs = LESSON.replace("<p class=\"needs-js\"", "<form class=\"params\" novalidate></form><p class=\"needs-js\"");
        assert_eq!(search_markup_problems(&knobs, true), Vec::<String>::new());
    }

    #[test]
    fn lesson_pages_are_found_by_their_path() {
        assert!(is_lesson_page(Path::new("lessons/backpressure/index.html")));
        for other in ["index.html", "404.html", "review/index.html", "lessons/index.html", "lessons/a/b/index.html", "lessons/a/other.html"] {
            assert!(!is_lesson_page(Path::new(other)), "{other}");
        }
    }

    /// Written by Pagefind 1.6.0 for a small site.
    const ENTRY: &str = r#"{"version":"1.6.0","languages":{"en":{"hash":"en_433284ef98","wasm":"en","page_count":2}},"include_characters":["_","‿"]}"#;

    #[test]
    fn the_fields_read_from_pagefinds_entry() {
        assert_eq!(json_values(ENTRY, "page_count"), ["2"]);
        assert_eq!(json_values(ENTRY, "hash"), ["en_433284ef98"]);
        assert_eq!(json_values(ENTRY, "wasm"), ["en"]);
        assert_eq!(json_values(ENTRY, "version"), ["1.6.0"]);
        let two = r#"{"languages": {"en": {"page_count": 3}, "fr": {"page_count" : 4}}}"#;
        assert_eq!(json_values(two, "page_count"), ["3", "4"]);
        assert_eq!(json_values(ENTRY, "missing"), Vec::<&str>::new());
    }

    #[test]
    fn a_files_hash_is_its_contents_hash() {
        assert_eq!(content_hash(&[b"runner", b".js"]), content_hash(&[b"runner.js"]));
        assert_ne!(content_hash(&[b"runner.js"]), content_hash(&[b"runner.jsx"]));
        assert_eq!(content_hash(&[]).len(), 12);
        // FNV-1a's offset basis, cut to 48 bits: the hash of nothing.
        assert_eq!(content_hash(&[]), "9ce484222325");
    }
}
