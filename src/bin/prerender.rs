#![recursion_limit = "512"]
//! Prerenders every route to static HTML (native, `ssr` feature).
//!
//!   prerender DIST
//!
//! Reads the page shell trunk wrote to `DIST/index.html`, renders each route of the app into
//! its `<body>` and sets its `<title>`, and writes `DIST/<route>/index.html` and `DIST/404.html`.
//! The wasm then hydrates this markup, so it must be exactly what the app renders in the browser.
//!
//! `INFLIGHT_EDITOR_URL` (set by `cargo xtask build`: the base path and `editor-<hash>.js`) is
//! written into each page as `<meta name="inflight-editor" content="URL">`, where a page finds
//! the editor module to import when the reader starts editing; `INFLIGHT_SEARCH_URL` (the base
//! path and `search-<hash>.js`) as `<meta name="inflight-search" content="URL">`, the search
//! module the page imports when the reader opens search. A meta tag fetches nothing.

use std::path::PathBuf;

use inflight::components::app::App;
use inflight::routes::{page_for, prerender_routes, title_for};
use leptos::prelude::*;
use leptos_router::location::RequestUrl;

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// `<meta name="NAME" content="URL">` for the module at the URL in the environment variable
/// `var`, or nothing when the build has none. Its file must be in `dist`.
fn module_meta(dist: &std::path::Path, name: &str, var: &str) -> String {
    let Some(url) = std::env::var(var).ok().filter(|u| !u.is_empty()) else { return String::new() };
    let file = url.rsplit('/').next().unwrap_or_default();
    if !dist.join(file).is_file() {
        eprintln!("{var} is {url}, but {} has no {file}", dist.display());
        std::process::exit(1);
    }
    format!(r#"<meta name="{name}" content="{}">"#, escape(&url))
}

fn main() {
    let dist = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "dist".into()));
    let shell_path = dist.join("index.html");
    let shell = std::fs::read_to_string(&shell_path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e} (run trunk build first)", shell_path.display()));
    let (head, rest) = shell.split_once("<body>").expect("index.html has a <body>");
    let (_, tail) = rest.rsplit_once("</body>").expect("index.html has a </body>");
    let mut head = head.to_string();
    // The runner's worker and the simulations' worker, which `cargo xtask build` names after
    // their contents.
    for (var, name) in [("INFLIGHT_WORKER_URL", "inflight-worker"), ("INFLIGHT_SIM_WORKER_URL", "inflight-sim-worker")] {
        if let Ok(url) = std::env::var(var) {
            head.push_str(&format!("<meta name=\"{name}\" content=\"{}\">", escape(&url)));
        }
    }
    let (before_title, after_title) = head.as_str().split_once("<title>").expect("index.html has a <title>");
    let (_, after_title) = after_title.split_once("</title>").expect("index.html closes its <title>");
    let modules = module_meta(&dist, "inflight-editor", "INFLIGHT_EDITOR_URL") + &module_meta(&dist, "inflight-search", "INFLIGHT_SEARCH_URL");

    for (url, file) in prerender_routes() {
        // Islands with children (a runner around its prerendered code) need an SSR context.
        let owner = Owner::new_root(Some(std::sync::Arc::new(hydration_context::SsrSharedContext::new())));
        let body = owner.with(|| {
            provide_context(RequestUrl::new(&url));
            view! { <App/> }.to_html()
        });
        let title = escape(&title_for(page_for(&url)));
        let page = format!("{before_title}<title>{title}</title>{modules}{after_title}<body>{body}</body>{tail}");
        let out = dist.join(&file);
        std::fs::create_dir_all(out.parent().unwrap()).unwrap();
        std::fs::write(&out, page).unwrap();
        println!("prerendered {url} -> {}", out.display());
    }
}
