//! URLs: the site's base path, the pages, and which page a path shows.

use inflight_course::{Course, Lesson};

use crate::course::LESSONS;

/// The path the site is served under, without a trailing slash: `""` at a domain's root, or
/// e.g. `"/inflight"` for a GitHub Pages project site. Set at build time by `cargo xtask build
/// --public-url`, through the `INFLIGHT_BASE_PATH` environment variable.
pub fn base() -> &'static str {
    let raw = option_env!("INFLIGHT_BASE_PATH").unwrap_or("");
    raw.trim_end_matches('/')
}

/// A site path (`/lessons/x/`) as a link under the base path.
pub fn href(path: &str) -> String {
    format!("{}{path}", base())
}

pub fn lesson_path(slug: &str) -> String {
    format!("/lessons/{slug}/")
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    Index,
    Lesson(&'static Lesson),
    Playground,
    Review,
    NotFound,
}

/// Which page a browser path (including the base path) shows. Trailing slashes are optional.
pub fn page_for(pathname: &str) -> Page {
    let Some(path) = pathname.strip_prefix(base()) else { return Page::NotFound };
    let path = path.strip_suffix("index.html").unwrap_or(path).trim_end_matches('/');
    if path.is_empty() {
        return Page::Index;
    }
    if path == "/playground" {
        return Page::Playground;
    }
    if path == "/review" {
        return Page::Review;
    }
    match path.strip_prefix("/lessons/") {
        Some(slug) if !slug.contains('/') => LESSONS.lesson(slug).map_or(Page::NotFound, Page::Lesson),
        _ => Page::NotFound,
    }
}

pub const SITE_NAME: &str = "inflight";

pub fn title_for(page: Page) -> String {
    match page {
        Page::Index => format!("{SITE_NAME}: concurrency lessons for Node.js engineers"),
        Page::Lesson(l) => format!("{} · {SITE_NAME}", l.title),
        Page::Playground => format!("Playground · {SITE_NAME}"),
        Page::Review => format!("Review · {SITE_NAME}"),
        Page::NotFound => format!("Page not found · {SITE_NAME}"),
    }
}

/// Every route the prerender writes: (browser path, file under `dist/`).
pub fn prerender_routes() -> Vec<(String, String)> {
    let mut routes = vec![
        (href("/"), "index.html".to_string()),
        (href("/playground/"), "playground/index.html".to_string()),
        (href("/review/"), "review/index.html".to_string()),
        (href("/404"), "404.html".to_string()),
    ];
    for l in LESSONS {
        routes.push((href(&lesson_path(l.slug)), format!("lessons/{}/index.html", l.slug)));
    }
    routes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_map_to_pages() {
        assert_eq!(page_for("/"), Page::Index);
        assert_eq!(page_for(""), Page::Index);
        let first = LESSONS[0];
        assert_eq!(page_for(&lesson_path(first.slug)), Page::Lesson(&LESSONS[0]));
        assert_eq!(page_for(lesson_path(first.slug).trim_end_matches('/')), Page::Lesson(&LESSONS[0]));
        assert_eq!(page_for(&format!("/lessons/{}/index.html", first.slug)), Page::Lesson(&LESSONS[0]));
        assert_eq!(page_for("/index.html"), Page::Index);
        assert_eq!(page_for("/lessons/no-such-lesson/"), Page::NotFound);
        assert_eq!(page_for("/lessons/"), Page::NotFound);
        assert_eq!(page_for("/elsewhere"), Page::NotFound);
        assert_eq!(page_for("/playground/"), Page::Playground);
        assert_eq!(page_for("/playground/index.html"), Page::Playground);
        assert_eq!(page_for("/playground/x"), Page::NotFound);
        assert_eq!(page_for("/review/"), Page::Review);
        assert_eq!(page_for("/review/index.html"), Page::Review);
        assert_eq!(page_for(&format!("/lessons/{}/extra", first.slug)), Page::NotFound);
    }
}
