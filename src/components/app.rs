use leptos::prelude::*;
use leptos_router::components::Router;
use leptos_router::hooks::use_location;
use leptos_router::location::{BrowserUrl, LocationProvider};

use super::index::CourseIndex;
use super::lesson::LessonPage;
use super::not_found::NotFound;
use super::theme::ThemeToggle;
use crate::routes::{base, href, page_for, title_for, Page, SITE_NAME};

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
    let on_index = move || page_for(&location.pathname.get()) == Page::Index;
    view! {
        <nav aria-label="Site">
            <a href=href("/") aria-current=move || on_index().then_some("page")>"Lessons"</a>
        </nav>
    }
}

/// Shows the page for the current URL and keeps the document title in step.
#[component]
fn Pages() -> impl IntoView {
    let location = use_location();
    let page = Memo::new(move |_| page_for(&location.pathname.get()));
    Effect::new(move |_| {
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            document.set_title(&title_for(page.get()));
            // Effects run only in the browser, after hydration: tests wait for this mark.
            if let Some(root) = document.document_element() {
                let _ = root.set_attribute("data-hydrated", "true");
            }
        }
    });
    // The router writes a new URL to the address bar only once the routed view says it is ready
    // (its own <Routes> would do this). This view is ready as soon as it has rendered.
    Effect::new(move |_| {
        location.pathname.track();
        if let Some(browser) = use_context::<BrowserUrl>() {
            browser.ready_to_complete();
        }
    });
    view! {
        <main id="main" tabindex="-1">
            {move || match page.get() {
                Page::Index => view! { <CourseIndex/> }.into_any(),
                Page::Lesson(lesson) => view! { <LessonPage lesson=lesson/> }.into_any(),
                Page::NotFound => view! { <NotFound/> }.into_any(),
            }}
        </main>
    }
}
