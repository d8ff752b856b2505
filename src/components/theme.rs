//! The light/dark switch. With no saved choice the page follows the system (`prefers-color-scheme`
//! in CSS); a click saves an explicit choice in localStorage. `index.html` applies a saved choice
//! before the first paint, so there is no flash of the wrong theme.

use leptos::prelude::*;

use super::hydrated;

const STORAGE_KEY: &str = "inflight-theme";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Theme {
    Light,
    Dark,
}

fn current() -> Option<Theme> {
    let window = web_sys::window()?;
    let root = window.document()?.document_element()?;
    match root.get_attribute("data-theme").as_deref() {
        Some("dark") => Some(Theme::Dark),
        Some("light") => Some(Theme::Light),
        _ => {
            let dark = window.match_media("(prefers-color-scheme: dark)").ok().flatten().is_some_and(|m| m.matches());
            Some(if dark { Theme::Dark } else { Theme::Light })
        }
    }
}

fn apply(theme: Theme) {
    let name = match theme {
        Theme::Light => "light",
        Theme::Dark => "dark",
    };
    if let Some(window) = web_sys::window() {
        if let Some(root) = window.document().and_then(|d| d.document_element()) {
            let _ = root.set_attribute("data-theme", name);
        }
        // Storage can be unavailable (private mode, disabled): the toggle still works for the page.
        if let Ok(Some(storage)) = window.local_storage() {
            let _ = storage.set_item(STORAGE_KEY, name);
        }
    }
}

#[island]
pub fn ThemeToggle() -> impl IntoView {
    let ready = hydrated();
    // Every page has this island, so it also marks the page as live for the tests.
    Effect::new(move |_| {
        if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
            let _ = root.set_attribute("data-hydrated", "true");
        }
    });
    let theme = RwSignal::new(None::<Theme>);
    Effect::new(move |_| {
        if ready.get() {
            theme.set(current());
        }
    });
    let label = move || match theme.get() {
        Some(Theme::Dark) => "Switch to light theme",
        Some(Theme::Light) => "Switch to dark theme",
        None => "Switch theme",
    };
    view! {
        <button
            type="button"
            class="theme-toggle"
            aria-label=label
            title=label
            disabled=move || !ready.get()
            on:click=move |_| {
                let next = match theme.get().or_else(current) {
                    Some(Theme::Dark) => Theme::Light,
                    _ => Theme::Dark,
                };
                apply(next);
                theme.set(Some(next));
            }
        >
            <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" class="theme-icon">
                <circle cx="12" cy="12" r="5"></circle>
                <path d="M12 1v3M12 20v3M4.2 4.2l2.1 2.1M17.7 17.7l2.1 2.1M1 12h3M20 12h3M4.2 19.8l2.1-2.1M17.7 6.3l2.1-2.1"></path>
            </svg>
        </button>
    }
}
