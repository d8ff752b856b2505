use leptos::prelude::*;
use leptos_router::components::Router;
use leptos_router::hooks::use_location;

use super::index::CourseIndex;
use super::lesson::LessonPage;
use super::not_found::NotFound;
use super::playground::PlaygroundPage;
use super::review::ReviewPage;
use super::theme::ThemeToggle;
use crate::routes::{base, href, page_for, Page, SITE_NAME};

#[component]
pub fn App() -> impl IntoView {
    view! {
        <Router base=base()>
            <a class="skip-link" href="#main">"Skip to content"</a>
            <header class="site-header">
                <a class="brand" href=href("/")>
                    <span class="brand-mark" aria-hidden="true"></span>
                    {SITE_NAME}
                </a>
                <SiteNav/>
                <SearchButton/>
                <ThemeToggle/>
            </header>
            <Pages/>
            <footer class="site-footer">
                <p>"Every demo runs on a deterministic engine checked against real Node.js 20."</p>
            </footer>
        </Router>
    }
}

#[component]
fn SiteNav() -> impl IntoView {
    let location = use_location();
    let here = move || page_for(&location.pathname.get());
    view! {
        <nav aria-label="Site">
            <a href=href("/") aria-current=move || (here() == Page::Index).then_some("page")>"Lessons"</a>
            <a href=href("/review/") aria-current=move || (here() == Page::Review).then_some("page")>"Review"</a>
            <a href=href("/playground/") aria-current=move || (here() == Page::Playground).then_some("page")>"Playground"</a>
        </nav>
    }
}

/// Opens the search dialog. It is no island: the inline script in `index.html` shows it (it is
/// `hidden` in the markup, so a reader without JavaScript never meets a control that does
/// nothing) and, when it is first used, imports the search module named by the page's
/// `<meta name="inflight-search">`, which loads Pagefind.
#[component]
fn SearchButton() -> impl IntoView {
    view! {
        <button type="button" class="search-open" hidden aria-haspopup="dialog" aria-keyshortcuts="/ Control+K Meta+K">
            <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" class="search-icon">
                <circle cx="10.5" cy="10.5" r="6.5"></circle>
                <path d="M15.5 15.5 21 21"></path>
            </svg>
            "Search"
            <kbd class="search-key" aria-hidden="true">"/"</kbd>
        </button>
    }
}

/// Shows the page for the current URL. This runs only when pages are prerendered (the title is
/// written by the prerender too); in the browser only the islands inside it come alive.
#[component]
fn Pages() -> impl IntoView {
    let location = use_location();
    let page = Memo::new(move |_| page_for(&location.pathname.get()));
    view! {
        <main id="main" tabindex="-1">
            {move || match page.get() {
                Page::Index => view! { <CourseIndex/> }.into_any(),
                Page::Lesson(lesson) => view! { <LessonPage lesson=lesson/> }.into_any(),
                Page::Playground => view! { <PlaygroundPage/> }.into_any(),
                Page::Review => view! { <ReviewPage/> }.into_any(),
                Page::NotFound => view! { <NotFound/> }.into_any(),
            }}
        </main>
    }
}
