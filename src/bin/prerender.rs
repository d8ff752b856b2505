//! Prerenders every route to static HTML (native, `ssr` feature).
//!
//!   prerender DIST
//!
//! Reads the page shell trunk wrote to `DIST/index.html`, renders each route of the app into
//! its `<body>` and sets its `<title>`, and writes `DIST/<route>/index.html` and `DIST/404.html`.
//! The wasm then hydrates this markup, so it must be exactly what the app renders in the browser.

use std::path::PathBuf;

use inflight::components::app::App;
use inflight::routes::{page_for, prerender_routes, title_for};
use leptos::prelude::*;
use leptos_router::location::RequestUrl;

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

fn main() {
    let dist = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "dist".into()));
    let shell_path = dist.join("index.html");
    let shell = std::fs::read_to_string(&shell_path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e} (run trunk build first)", shell_path.display()));
    let (head, rest) = shell.split_once("<body>").expect("index.html has a <body>");
    let (_, tail) = rest.rsplit_once("</body>").expect("index.html has a </body>");
    // The runner's worker, which `cargo xtask build` names after its contents.
    let head = match std::env::var("INFLIGHT_WORKER_URL") {
        Ok(url) => format!("{head}<meta name=\"inflight-worker\" content=\"{}\">", escape(&url).replace('"', "&quot;")),
        Err(_) => head.to_string(),
    };
    let (before_title, after_title) = head.split_once("<title>").expect("index.html has a <title>");
    let (_, after_title) = after_title.split_once("</title>").expect("index.html closes its <title>");

    for (url, file) in prerender_routes() {
        // Islands with children (a runner around its prerendered code) need an SSR context.
        let owner = Owner::new_root(Some(std::sync::Arc::new(hydration_context::SsrSharedContext::new())));
        let body = owner.with(|| {
            provide_context(RequestUrl::new(&url));
            view! { <App/> }.to_html()
        });
        let title = escape(&title_for(page_for(&url)));
        let page = format!("{before_title}<title>{title}</title>{after_title}<body>{body}</body>{tail}");
        let out = dist.join(&file);
        std::fs::create_dir_all(out.parent().unwrap()).unwrap();
        std::fs::write(&out, page).unwrap();
        println!("prerendered {url} -> {}", out.display());
    }
}
