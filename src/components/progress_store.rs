//! The reader's progress in this page: one `inflight_progress::Progress`, read from
//! `localStorage` the first time a control asks for it, written back after every change, and
//! merged with what other tabs write (`storage` events).
//!
//! Text that does not read is copied under a key of its own before anything overwrites it, and
//! the page says so in a notice at the top of the main column. A document from a newer version
//! of the site is left where it is and this page stops saving, so it cannot be overwritten by
//! older code. Without `localStorage` (a locked-down browser) progress lives for the page only,
//! and the notice says that too.

use std::cell::RefCell;
use std::rc::Rc;

use inflight_progress::{load, set_aside_key, Millis, Progress, Status, KEY};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

struct Store {
    progress: Progress,
    /// False once a newer site's document is in storage, or storage cannot be written.
    writable: bool,
    /// Called after another tab's change was merged in.
    listeners: Vec<Rc<dyn Fn()>>,
}

thread_local! {
    static STORE: RefCell<Option<Store>> = const { RefCell::new(None) };
}

/// The time, as the progress keeps it.
pub fn now() -> Millis {
    js_sys::Date::now() as Millis
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// Shows `text` in the page's progress notice (made on first use, at the top of `<main>`).
pub fn notice(text: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let el = match doc.query_selector(".progress-notice").ok().flatten() {
        Some(el) => el,
        None => {
            let Ok(el) = doc.create_element("p") else { return };
            el.set_class_name("progress-notice");
            let _ = el.set_attribute("role", "status");
            match doc.query_selector("main").ok().flatten() {
                Some(main) => {
                    let _ = main.prepend_with_node_1(&el);
                }
                None => return,
            }
            el
        }
    };
    el.set_text_content(Some(text));
}

fn open() -> Store {
    let Some(storage) = storage() else {
        notice("This browser does not let the site keep data, so your answers last only while this page is open.");
        return Store { progress: Progress::new(), writable: false, listeners: Vec::new() };
    };
    let stored = storage.get_item(KEY).ok().flatten();
    let loaded = load(stored.as_deref());
    let mut writable = true;
    if let Some(text) = &loaded.set_aside {
        let key = set_aside_key(now());
        if storage.set_item(&key, text).is_err() {
            // Not copied: then the original must stay where it is.
            writable = false;
        }
    }
    if matches!(loaded.status, Status::Newer(_)) {
        writable = false;
    }
    if let Some(text) = &loaded.notice {
        notice(text);
    }
    listen_to_other_tabs();
    Store { progress: loaded.progress, writable, listeners: Vec::new() }
}

fn with_store<R>(f: impl FnOnce(&mut Store) -> R) -> R {
    STORE.with(|cell| {
        let mut slot = cell.borrow_mut();
        f(slot.get_or_insert_with(open))
    })
}

/// Reads the progress.
pub fn read<R>(f: impl FnOnce(&Progress) -> R) -> R {
    with_store(|s| f(&s.progress))
}

/// Changes the progress and saves it.
pub fn update(f: impl FnOnce(&mut Progress)) {
    with_store(|s| {
        f(&mut s.progress);
        save(s);
    });
}

fn save(s: &mut Store) {
    if !s.writable {
        return;
    }
    let Some(storage) = storage() else { return };
    if storage.set_item(KEY, &s.progress.save()).is_err() {
        s.writable = false;
        notice("Your progress could not be saved: this browser's storage for the site is full. What you do now lasts only while this page is open.");
    }
}

/// Runs `f` whenever another tab's change has been merged into this page's progress.
pub fn subscribe(f: impl Fn() + 'static) {
    with_store(|s| s.listeners.push(Rc::new(f)));
}

/// Calls every listener, outside the store's borrow (a listener reads the store).
fn changed() {
    let listeners = with_store(|s| s.listeners.clone());
    for f in listeners {
        f();
    }
}

fn listen_to_other_tabs() {
    let Some(window) = web_sys::window() else { return };
    let closure = Closure::<dyn Fn(web_sys::StorageEvent)>::new(|ev: web_sys::StorageEvent| {
        if ev.key().as_deref() != Some(KEY) {
            return;
        }
        // Removed by hand (the browser's tools): keep what this page holds, unwritten.
        let Some(text) = ev.new_value() else { return };
        let theirs = load(Some(&text));
        match theirs.status {
            Status::Newer(_) => {
                with_store(|s| s.writable = false);
                if let Some(n) = &theirs.notice {
                    notice(n);
                }
            }
            Status::Read | Status::Repaired => {
                with_store(|s| {
                    s.progress = s.progress.merge(&theirs.progress);
                    // Write only when the merge added something of this tab's, so that tabs
                    // which agree stop writing.
                    if s.progress.save() != text {
                        save(s);
                    }
                });
                changed();
            }
            // Another tab wrote something unreadable: this tab keeps its own.
            Status::Empty | Status::Unreadable => {}
        }
    });
    let _ = window.add_event_listener_with_callback("storage", closure.as_ref().unchecked_ref());
    closure.forget();
}
