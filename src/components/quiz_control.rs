//! What checks a question in the page, on its prerendered markup (`quiz::QuizCard`): single
//! choice, multiple select, short answer, and the review prompt's reveal and self-rating.
//!
//! A check shows the verdict the markup holds for the answer given (`data-for`), says whether
//! it was the first try, and offers "Try again" after a miss; the first try's verdict is kept
//! apart from later ones. When every question a lesson checks has been answered, the lesson's
//! score (`.quiz-score`, right on the first try out of all) appears.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Single,
    Multiple,
    Short,
    Review,
}

/// One question's tries.
#[derive(Default)]
struct Tries {
    count: u32,
    /// Whether the first try was right (a review prompt: the reader rated it "got it").
    first: Option<bool>,
}

struct Question {
    form: Element,
    kind: Kind,
    tries: RefCell<Tries>,
}

thread_local! {
    /// The page's questions, for the score.
    static PAGE: RefCell<Vec<Rc<Question>>> = const { RefCell::new(Vec::new()) };
}

fn each(root: &Element, selector: &str, mut f: impl FnMut(HtmlElement)) {
    let Ok(list) = root.query_selector_all(selector) else { return };
    for i in 0..list.length() {
        if let Some(el) = list.item(i).and_then(|n| n.dyn_into::<HtmlElement>().ok()) {
            f(el);
        }
    }
}

fn inputs(form: &Element) -> Vec<HtmlInputElement> {
    let mut out = Vec::new();
    let Ok(list) = form.query_selector_all(".quiz-option input") else { return out };
    for i in 0..list.length() {
        if let Some(input) = list.item(i).and_then(|n| n.dyn_into::<HtmlInputElement>().ok()) {
            out.push(input);
        }
    }
    out
}

/// The text the reader typed (short answer, review prompt).
fn typed(form: &Element) -> String {
    let Ok(Some(el)) = form.query_selector(".quiz-answer") else { return String::new() };
    js_sys::Reflect::get(&el, &JsValue::from_str("value")).ok().and_then(|v| v.as_string()).unwrap_or_default()
}

fn find(form: &Element, selector: &str) -> Option<HtmlElement> {
    form.query_selector(selector).ok()??.dyn_into::<HtmlElement>().ok()
}

fn set_disabled(el: &Element, disabled: bool) {
    if disabled {
        let _ = el.set_attribute("disabled", "");
    } else {
        let _ = el.remove_attribute("disabled");
    }
}

/// Brings question `id` to life (without its markup, nothing happens).
pub fn attach(id: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(form) = doc.query_selector(&format!("form[data-quiz=\"{id}\"]")).ok().flatten() else { return };
    let kind = match form.get_attribute("data-quiz-kind").as_deref() {
        Some("single") => Kind::Single,
        Some("multiple") => Kind::Multiple,
        Some("short") => Kind::Short,
        Some("review") => Kind::Review,
        _ => return,
    };
    // The check replaces the written answer.
    each(&form, ".quiz-reveal", |el| el.set_hidden(true));
    let q = Rc::new(Question { form, kind, tries: RefCell::new(Tries::default()) });
    PAGE.with(|p| p.borrow_mut().push(q.clone()));
    answerable(&q);
    listen(&q, "input", |q, _| {
        clear(q);
        answerable(q);
    });
    listen(&q, "change", |q, _| {
        clear(q);
        answerable(q);
    });
    listen(&q, "submit", |q, ev| {
        ev.prevent_default();
        check(q);
    });
    listen(&q, "click", |q, ev| {
        let Some(target) = ev.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
        if target.closest(".quiz-retry").ok().flatten().is_some() {
            retry(q);
        } else if let Some(rate) = target.closest("[data-rate]").ok().flatten().and_then(|b| b.get_attribute("data-rate")) {
            rated(q, &rate);
        }
    });
}

fn listen(q: &Rc<Question>, name: &str, f: fn(&Rc<Question>, web_sys::Event)) {
    let own = q.clone();
    let closure = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| f(&own, ev));
    let _ = q.form.add_event_listener_with_callback(name, closure.as_ref().unchecked_ref());
    // It lives as long as the page.
    closure.forget();
}

/// Check is enabled once there is an answer to check.
fn answerable(q: &Question) {
    let has = match q.kind {
        Kind::Single | Kind::Multiple => inputs(&q.form).iter().any(|i| i.checked()),
        Kind::Short => !typed(&q.form).trim().is_empty(),
        Kind::Review => true,
    };
    if let Ok(Some(button)) = q.form.query_selector("button[type=submit]") {
        set_disabled(&button, !has);
    }
}

/// A changed answer hides the verdict on the previous one.
fn clear(q: &Question) {
    if q.kind == Kind::Review {
        return;
    }
    each(&q.form, ".quiz-feedback, .quiz-option-why", |el| el.set_hidden(true));
}

fn check(q: &Rc<Question>) {
    let form = &q.form;
    let (right, shown) = match q.kind {
        Kind::Single => {
            let Some(pick) = inputs(form).into_iter().find(|i| i.checked()) else { return };
            (pick.get_attribute("data-right").as_deref() == Some("true"), pick.value())
        }
        Kind::Multiple => {
            let all = inputs(form);
            if !all.iter().any(|i| i.checked()) {
                return;
            }
            let right = all.iter().all(|i| i.checked() == (i.get_attribute("data-right").as_deref() == Some("true")));
            each(form, ".quiz-option-why", |el| el.set_hidden(false));
            (right, if right { "right" } else { "wrong" }.to_string())
        }
        Kind::Short => {
            let given = typed(form);
            let accepted = find(form, ".quiz-answer").and_then(|i| i.get_attribute("data-accepted")).unwrap_or_default();
            let accepted: Vec<&str> = accepted.lines().collect();
            // The browser's lowercase and number reading: Rust's would add 23 KiB gzip to the
            // page's wasm (measured).
            let lower = |t: &str| String::from(js_sys::JsString::from(t).to_lower_case());
            let right = inflight_course::short_answer_matches_with(&given, &accepted, lower, |plain| Some(js_sys::Number::parse_float(plain)).filter(|n| !n.is_nan()));
            (right, if right { "right" } else { "wrong" }.to_string())
        }
        Kind::Review => {
            if let Some(model) = find(form, ".quiz-model") {
                model.set_hidden(false);
            }
            if let Ok(Some(button)) = form.query_selector("button[type=submit]") {
                set_disabled(&button, true);
            }
            return;
        }
    };
    each(form, ".quiz-feedback", |el| el.set_hidden(el.get_attribute("data-for").as_deref() != Some(shown.as_str())));
    let count = {
        let mut t = q.tries.borrow_mut();
        t.count += 1;
        t.first.get_or_insert(right);
        t.count
    };
    let note = match (right, count) {
        (true, 1) => "Right on the first try.".to_string(),
        (true, n) => format!("Right on try {n}. The first try counts as missed."),
        (false, 1) => "Missed on the first try. Change your answer, or start over with Try again.".to_string(),
        (false, n) => format!("Missed on try {n}."),
    };
    attempt(q, &note);
    if let Some(retry) = find(form, ".quiz-retry") {
        retry.set_hidden(right);
    }
    score();
}

fn attempt(q: &Question, note: &str) {
    if let Some(p) = find(&q.form, ".quiz-attempt") {
        p.set_text_content(Some(note));
    }
}

/// Try again: the answer is cleared, the verdict hidden, and the first input focused.
fn retry(q: &Question) {
    for input in inputs(&q.form) {
        input.set_checked(false);
    }
    if let Some(el) = find(&q.form, ".quiz-answer") {
        let _ = js_sys::Reflect::set(&el, &JsValue::from_str("value"), &JsValue::from_str(""));
    }
    clear(q);
    attempt(q, "");
    if let Some(retry) = find(&q.form, ".quiz-retry") {
        retry.set_hidden(true);
    }
    answerable(q);
    let first = find(&q.form, ".quiz-option input").or_else(|| find(&q.form, ".quiz-answer"));
    if let Some(el) = first {
        let _ = el.focus();
    }
}

/// A review prompt rated by the reader: "got it" counts as right.
fn rated(q: &Question, rate: &str) {
    let label = match rate {
        "got_it" => "got it",
        "partly" => "partly",
        _ => "missed it",
    };
    let first = {
        let mut t = q.tries.borrow_mut();
        t.count += 1;
        *t.first.get_or_insert(rate == "got_it")
    };
    each(&q.form, "[data-rate]", |b| {
        let _ = b.set_attribute("aria-pressed", if b.get_attribute("data-rate").as_deref() == Some(rate) { "true" } else { "false" });
    });
    let note = if first == (rate == "got_it") { format!("You rated your answer: {label}.") } else { format!("You rated your answer: {label}. Your first rating is the one the score counts.") };
    attempt(q, &note);
    score();
}

/// The lesson's score, once every question on the page has a first try.
fn score() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(out) = doc.query_selector(".quiz-score").ok().flatten().and_then(|e| e.dyn_into::<HtmlElement>().ok()) else { return };
    let (total, answered, right) = PAGE.with(|p| {
        let p = p.borrow();
        let firsts: Vec<Option<bool>> = p.iter().map(|q| q.tries.borrow().first).collect();
        (firsts.len(), firsts.iter().filter(|f| f.is_some()).count(), firsts.iter().filter(|f| **f == Some(true)).count())
    });
    if total == 0 || answered < total {
        return;
    }
    out.set_text_content(Some(&format!("Your score: {right} of {total} right on the first try.")));
    out.set_hidden(false);
}
