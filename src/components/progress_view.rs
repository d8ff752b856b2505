//! The reader's progress on the pages: a lesson notes that it was opened and read to the end;
//! the index shows each lesson's progress, where to continue, and the tools to reset, export
//! and import; the review page brings back the questions that are due.
//!
//! Each part is prerendered markup around a small island whose effect hands over to a plain
//! function here, which reads `progress_store` and writes the DOM directly (as the quizzes do).

use inflight_course::{Block, Lesson, Quiz};
use leptos::prelude::*;

/// A lesson's questions, in order.
pub fn questions(lesson: &'static Lesson) -> impl Iterator<Item = &'static Quiz> {
    lesson.body.iter().filter_map(|b| if let Block::Quiz(q) = b { Some(q) } else { None })
}

/// A lesson's questions as the page carries them: `id:fingerprint`, separated by spaces.
pub fn question_keys(lesson: &'static Lesson) -> String {
    questions(lesson).map(|q| format!("{}:{}", q.id, q.fingerprint)).collect::<Vec<_>>().join(" ")
}

fn parse_keys(keys: &str) -> Vec<(String, String)> {
    keys.split_whitespace().filter_map(|k| k.split_once(':')).map(|(a, b)| (a.to_string(), b.to_string())).collect()
}

/// Around the end of a lesson: the lesson counts as visited when the page opens, and as read
/// once its end has been on screen.
/// (No props: the lesson's slug is the `data-lesson` of `.lesson-end`.)
#[island]
pub fn LessonTracker(children: Children) -> impl IntoView {
    Effect::new(move |_| hydrate::track_lesson());
    children()
}

/// Around the index's list of lessons and its progress tools.
#[island]
pub fn CourseProgress(children: Children) -> impl IntoView {
    Effect::new(move |_| hydrate::course_progress());
    children()
}

/// Around the review page's questions.
#[island]
pub fn ReviewDeck(children: Children) -> impl IntoView {
    Effect::new(move |_| hydrate::review_deck());
    children()
}

/// What runs in the page, after hydration.
mod hydrate {
    use inflight_progress::{export, import, Millis, DAY};
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{Element, HtmlElement};

    use super::super::progress_store as store;
    use super::parse_keys;

    fn document() -> Option<web_sys::Document> {
        web_sys::window()?.document()
    }

    fn all(selector: &str) -> Vec<HtmlElement> {
        let Some(list) = document().and_then(|d| d.query_selector_all(selector).ok()) else { return Vec::new() };
        (0..list.length()).filter_map(|i| list.item(i)?.dyn_into::<HtmlElement>().ok()).collect()
    }

    fn one(selector: &str) -> Option<HtmlElement> {
        document()?.query_selector(selector).ok()??.dyn_into::<HtmlElement>().ok()
    }

    fn on(el: &Element, event: &str, f: impl Fn(web_sys::Event) + 'static) {
        let closure = Closure::<dyn Fn(web_sys::Event)>::new(f);
        let _ = el.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
        closure.forget();
    }

    pub fn track_lesson() {
        let Some(end) = one(".lesson-end") else { return };
        let Some(slug) = end.get_attribute("data-lesson") else { return };
        store::update(|p| p.visit(&slug, store::now()));
        let Some(window) = web_sys::window() else { return };
        let slug_seen = slug.clone();
        let callback = Closure::<dyn Fn(js_sys::Array, web_sys::IntersectionObserver)>::new(move |entries: js_sys::Array, observer: web_sys::IntersectionObserver| {
            let seen = entries.iter().any(|e| e.unchecked_into::<web_sys::IntersectionObserverEntry>().is_intersecting());
            if seen {
                store::update(|p| p.mark_read(&slug_seen, store::now()));
                observer.disconnect();
            }
        });
        // Without IntersectionObserver, nothing is marked read (the quiz still saves).
        if js_sys::Reflect::has(&window, &JsValue::from_str("IntersectionObserver")).unwrap_or(false) {
            if let Ok(observer) = web_sys::IntersectionObserver::new(callback.as_ref().unchecked_ref()) {
                observer.observe(&end);
            }
        }
        callback.forget();
    }

    /// A date the reader reads, in their own locale.
    fn day(at: Millis) -> String {
        let date = js_sys::Date::new(&JsValue::from_f64(at as f64));
        String::from(date.to_locale_date_string("default", &JsValue::UNDEFINED))
    }

    pub fn course_progress() {
        for el in all(".progress-nojs") {
            el.set_hidden(true);
        }
        draw_course();
        store::subscribe(draw_course);
        if let Some(reset) = one("[data-progress=reset]") {
            on(&reset, "click", |_| {
                let Some(window) = web_sys::window() else { return };
                let sure = window.confirm_with_message("Clear all your answers, reviews and saved code on this site? This cannot be undone (export first to keep a copy).").unwrap_or(false);
                if sure {
                    store::update(|p| p.reset(store::now()));
                    draw_course();
                    say("Your progress was cleared.");
                }
            });
        }
        if let Some(button) = one("[data-progress=export]") {
            on(&button, "click", |_| {
                let text = store::read(|p| export(p, store::now()));
                super::super::worker::download("inflight-progress.json", &text, "application/json");
                say("Your progress was saved as inflight-progress.json.");
            });
        }
        if let Some(input) = one("[data-progress=import]") {
            on(&input, "change", |ev| {
                let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
                let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
                input.set_value("");
                wasm_bindgen_futures::spawn_local(async move {
                    let text = match wasm_bindgen_futures::JsFuture::from(file.text()).await {
                        Ok(t) => t.as_string().unwrap_or_default(),
                        Err(_) => return say("That file could not be read."),
                    };
                    match import(&text) {
                        Ok(imported) => {
                            store::update(|p| p.merge_imported(imported));
                            draw_course();
                            say("Imported: your progress now holds what the file held as well.");
                        }
                        Err(e) => say(&e.to_string()),
                    }
                });
            });
        }
    }

    fn say(text: &str) {
        if let Some(out) = one(".progress-status") {
            out.set_text_content(Some(text));
        }
    }

    fn draw_course() {
        for card in all("[data-progress-for]") {
            let slug = card.get_attribute("data-progress-for").unwrap_or_default();
            let keys = parse_keys(&card.get_attribute("data-questions").unwrap_or_default());
            let (summary, lesson) = store::read(|p| (p.summary(keys.iter().map(|(a, b)| (a.as_str(), b.as_str()))), p.lesson(&slug).copied()));
            let mut parts = Vec::new();
            if lesson.is_some_and(|l| l.read.is_some() || l.done.is_some()) {
                parts.push("Read".to_string());
            }
            if summary.answered > 0 {
                parts.push(format!("{} of {} questions answered, {} right on the first try", summary.answered, summary.total, summary.first_try_right));
            }
            card.set_text_content(Some(&parts.join(" · ")));
            card.set_hidden(parts.is_empty());
            if let Some(meter) = card.next_element_sibling().filter(|e| e.tag_name() == "METER") {
                let _ = meter.set_attribute("value", &summary.answered.to_string());
                let _ = meter.set_attribute("max", &summary.total.max(1).to_string());
                if let Ok(meter) = meter.dyn_into::<HtmlElement>() {
                    meter.set_hidden(summary.answered == 0);
                }
            }
        }
        let visit = store::read(|p| p.last_visit().cloned());
        if let (Some(resume), Some(visit)) = (one(".continue"), &visit) {
            let link = all(&format!("[data-lesson-link=\"{}\"]", visit.lesson)).into_iter().next();
            if let (Some(link), Some(target)) = (link, resume.query_selector("a").ok().flatten()) {
                let _ = target.set_attribute("href", &link.get_attribute("href").unwrap_or_default());
                target.set_text_content(link.text_content().as_deref());
                resume.set_hidden(false);
            }
        } else if let Some(resume) = one(".continue") {
            resume.set_hidden(true);
        }
        let due = store::read(|p| p.due(store::now()).len());
        if let Some(out) = one(".review-due") {
            out.set_text_content(Some(&match due {
                0 => String::new(),
                1 => "1 question is due for review.".to_string(),
                n => format!("{n} questions are due for review."),
            }));
            out.set_hidden(due == 0);
        }
    }

    pub fn review_deck() {
        for el in all(".review-nojs") {
            el.set_hidden(true);
        }
        draw_deck();
        store::subscribe(draw_deck);
    }

    /// Shows the questions due now, oldest first; the rest stay hidden. A question answered here
    /// stays on screen until the page is left, with its verdict, and its review moves on.
    fn draw_deck() {
        let now = store::now();
        let (due, next) = store::read(|p| (p.due(now).into_iter().map(str::to_string).collect::<Vec<_>>(), p.next_due()));
        let Some(deck) = one(".review-list") else { return };
        let mut shown = 0;
        for id in &due {
            if let Some(item) = one(&format!("[data-review=\"{id}\"]")) {
                item.set_hidden(false);
                let _ = deck.append_child(&item);
                shown += 1;
            }
        }
        let visible = all("[data-review]").iter().filter(|i| !i.hidden()).count();
        let text = match (shown, next) {
            (0, _) if visible > 0 => "Nothing else is due.".to_string(),
            (0, None) => "Nothing to review yet. A question you miss, or rate “partly”, comes back here a day later, then after 3, 7 and 21 days while you keep getting it right.".to_string(),
            (0, Some(at)) => format!("Nothing is due. The next review is on {} ({}).", day(at), in_days(at - now)),
            (1, _) => "1 question is due. Answer it again; right, it comes back later; missed, tomorrow.".to_string(),
            (n, _) => format!("{n} questions are due. Answer each again; right, it comes back later; missed, tomorrow."),
        };
        if let Some(out) = one(".review-summary") {
            out.set_text_content(Some(&text));
        }
    }

    fn in_days(ms: Millis) -> String {
        match (ms + DAY - 1) / DAY {
            ..=1 => "within a day".to_string(),
            n => format!("in {n} days"),
        }
    }
}
