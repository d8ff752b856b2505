//! What checks a question in the page, on its prerendered markup (`quiz::QuizCard`): single
//! choice, multiple select, predict the output (arranged or typed), short answer, and the
//! review prompt's reveal and self-rating.
//!
//! A check shows the verdict the markup holds for the answer given (`data-for`), says whether
//! it was the first try, and offers "Try again" after a miss. Every try is saved in the reader's
//! progress (`progress_store`), which keeps the first try's rating apart from the latest, so a
//! reload, or another tab, shows the question as the reader left it. When every question on the
//! page has been answered, the lesson's score (`.quiz-score`, right on the first try out of
//! all) appears. Options and lines to arrange are shuffled for each reader, the same way on
//! every visit.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use inflight_progress::{Millis, QuestionRecord, Rating, Response};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement};

use super::progress_store as store;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Single,
    Multiple,
    Predict,
    Short,
    Review,
}

struct Question {
    form: Element,
    kind: Kind,
    id: String,
    fingerprint: String,
    /// The try the page shows (its time, count and rating), so that a change from another tab
    /// is drawn once and leaves the other questions alone.
    shown: Cell<Option<(Millis, u32, Option<Rating>)>>,
}

thread_local! {
    /// The page's questions, for the score and for changes made in other tabs.
    static PAGE: RefCell<Vec<Rc<Question>>> = const { RefCell::new(Vec::new()) };
    /// The line being dragged, in a question to arrange.
    static DRAGGED: RefCell<Option<Element>> = const { RefCell::new(None) };
}

fn all(root: &Element, selector: &str) -> Vec<Element> {
    let Ok(list) = root.query_selector_all(selector) else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.item(i)?.dyn_into::<Element>().ok()).collect()
}

fn each(root: &Element, selector: &str, mut f: impl FnMut(HtmlElement)) {
    for el in all(root, selector) {
        if let Ok(el) = el.dyn_into::<HtmlElement>() {
            f(el);
        }
    }
}

fn inputs(form: &Element) -> Vec<HtmlInputElement> {
    all(form, ".quiz-option input").into_iter().filter_map(|e| e.dyn_into::<HtmlInputElement>().ok()).collect()
}

/// The text in the answer field (short answer, typed prediction, review prompt).
fn typed(form: &Element) -> String {
    let Ok(Some(el)) = form.query_selector(".quiz-answer") else { return String::new() };
    js_sys::Reflect::get(&el, &JsValue::from_str("value")).ok().and_then(|v| v.as_string()).unwrap_or_default()
}

fn set_typed(form: &Element, text: &str) {
    if let Ok(Some(el)) = form.query_selector(".quiz-answer") {
        let _ = js_sys::Reflect::set(&el, &JsValue::from_str("value"), &JsValue::from_str(text));
    }
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

/// The lines to arrange, in the reader's order.
fn arranged(form: &Element) -> Vec<String> {
    all(form, ".quiz-line").iter().filter_map(|li| li.get_attribute("data-line")).collect()
}

/// The lines the program prints (the answer).
fn answer_lines(form: &Element) -> Vec<String> {
    form.get_attribute("data-answer").unwrap_or_default().split('\n').map(str::to_string).collect()
}

/// A typed prediction as lines: spaces at line ends and blank lines at the end do not count.
fn typed_lines(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = text.lines().map(|l| l.trim_end().to_string()).collect();
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines
}

/// Brings every question on the page to life that is not yet (each island's effect calls this;
/// the first one does the work).
pub fn attach_all() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(root) = doc.document_element() else { return };
    for form in all(&root, "form[data-quiz]:not([data-attached])") {
        let _ = form.set_attribute("data-attached", "");
        if let Some(id) = form.get_attribute("data-quiz") {
            attach(form, &id);
        }
    }
}

fn attach(form: Element, id: &str) {
    let kind = match form.get_attribute("data-quiz-kind").as_deref() {
        Some("single") => Kind::Single,
        Some("multiple") => Kind::Multiple,
        Some("predict") => Kind::Predict,
        Some("short") => Kind::Short,
        Some("review") => Kind::Review,
        _ => return,
    };
    let fingerprint = form.get_attribute("data-fingerprint").unwrap_or_default();
    // The check replaces the written answer.
    each(&form, ".quiz-reveal", |el| el.set_hidden(true));
    let q = Rc::new(Question { form, kind, id: id.to_string(), fingerprint, shown: Cell::new(None) });
    shuffle(&q);
    let first = PAGE.with(|p| {
        let mut p = p.borrow_mut();
        p.push(q.clone());
        p.len() == 1
    });
    if first {
        store::subscribe(|| {
            let page = PAGE.with(|p| p.borrow().clone());
            for q in page {
                restore(&q);
            }
            score();
        });
    }
    if q.form.closest("[data-review]").ok().flatten().is_some() {
        // On the review page a question starts unanswered: what was saved is why it is back.
        q.shown.set(store::read(|p| p.question(&q.id, &q.fingerprint).map(|r| (r.last_at, r.tries, r.last))));
    } else {
        restore(&q);
    }
    answerable(&q);
    listen(&q, "input", |q, _| changed(q));
    listen(&q, "change", |q, _| changed(q));
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
        } else if let Some(button) = target.closest("[data-move]").ok().flatten() {
            if let Some(line) = button.closest(".quiz-line").ok().flatten() {
                let up = button.get_attribute("data-move").as_deref() == Some("up");
                move_line(q, &line, up, Some(&button));
            }
        }
    });
    if kind == Kind::Predict {
        arrangeable(&q);
    }
    score();
}

fn listen(q: &Rc<Question>, name: &str, f: fn(&Rc<Question>, web_sys::Event)) {
    let own = q.clone();
    let closure = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| f(&own, ev));
    let _ = q.form.add_event_listener_with_callback(name, closure.as_ref().unchecked_ref());
    // It lives as long as the page.
    closure.forget();
}

fn changed(q: &Question) {
    clear(q);
    answerable(q);
}

/// A number from the reader's seed and a question's id: the same for this reader on every visit,
/// different across questions and readers. (FNV-1a over both, then one round of mixing.)
fn reader_hash(id: &str, salt: u64) -> u64 {
    let seed = reader_seed();
    let h = id.bytes().chain(seed.to_le_bytes()).fold(0xcbf2_9ce4_8422_2325u64 ^ salt, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    let h = (h ^ (h >> 33)).wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^ (h >> 33)
}

/// This reader's seed: made once, at random, and kept in `localStorage` (without storage, one
/// per page load).
fn reader_seed() -> u32 {
    thread_local! { static SEED: Cell<Option<u32>> = const { Cell::new(None) }; }
    SEED.with(|cell| {
        if let Some(s) = cell.get() {
            return s;
        }
        const KEY: &str = "inflight-reader-seed";
        let storage = web_sys::window().and_then(|w| w.local_storage().ok().flatten());
        let saved = storage.as_ref().and_then(|s| s.get_item(KEY).ok().flatten()).and_then(|t| t.parse().ok());
        let seed = saved.unwrap_or_else(|| {
            let fresh = (js_sys::Math::random() * f64::from(u32::MAX)) as u32;
            if let Some(s) = &storage {
                let _ = s.set_item(KEY, &fresh.to_string());
            }
            fresh
        });
        cell.set(Some(seed));
        seed
    })
}

/// Puts the options (or the lines to arrange) in this reader's order. Their values and what they
/// say stay as they are: only their places change. Lines to arrange never start in the answer's
/// order.
fn shuffle(q: &Question) {
    let (parent_selector, item_selector) = match q.kind {
        Kind::Single | Kind::Multiple => ("fieldset", ".quiz-option"),
        Kind::Predict => (".quiz-arrange", ".quiz-line"),
        _ => return,
    };
    let Some(parent) = q.form.query_selector(parent_selector).ok().flatten() else { return };
    let mut items = all(&parent, item_selector);
    let answer = answer_lines(&q.form);
    // Fisher-Yates, drawing from the reader's hash; lines to arrange are drawn again (up to
    // four times) while they land in the answer's order.
    for attempt in 0..4u64 {
        for i in (1..items.len()).rev() {
            let j = (reader_hash(&q.id, attempt * 1000 + i as u64) % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
        let lines: Vec<String> = items.iter().filter_map(|li| li.get_attribute("data-line")).collect();
        if q.kind != Kind::Predict || lines != answer {
            break;
        }
    }
    for item in &items {
        let _ = parent.append_child(item);
    }
}

/// Check is enabled once there is an answer to check.
fn answerable(q: &Question) {
    let has = match q.kind {
        Kind::Single | Kind::Multiple => inputs(&q.form).iter().any(|i| i.checked()),
        Kind::Short => !typed(&q.form).trim().is_empty(),
        Kind::Predict => q.form.query_selector(".quiz-answer").ok().flatten().is_none() || !typed(&q.form).trim().is_empty(),
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

/// The reader's answer as it stands, and whether it is right.
fn response(q: &Question) -> Option<(Response, bool)> {
    let form = &q.form;
    let is_right = |i: &HtmlInputElement| i.get_attribute("data-right").as_deref() == Some("true");
    match q.kind {
        Kind::Single => {
            let pick = inputs(form).into_iter().find(|i| i.checked())?;
            let right = is_right(&pick);
            Some((Response::Choice { option: pick.value().parse().ok()? }, right))
        }
        Kind::Multiple => {
            let all = inputs(form);
            let options: Vec<u32> = all.iter().filter(|i| i.checked()).filter_map(|i| i.value().parse().ok()).collect();
            if options.is_empty() {
                return None;
            }
            let right = all.iter().all(|i| i.checked() == is_right(i));
            Some((Response::Choices { options }, right))
        }
        Kind::Predict => {
            let lines = if form.query_selector(".quiz-answer").ok().flatten().is_some() { typed_lines(&typed(form)) } else { arranged(form) };
            let right = lines == answer_lines(form);
            Some((Response::Predict { lines }, right))
        }
        Kind::Short => {
            let given = typed(form);
            let accepted = find(form, ".quiz-answer").and_then(|i| i.get_attribute("data-accepted")).unwrap_or_default();
            let accepted: Vec<&str> = accepted.lines().collect();
            // The browser's lowercase and number reading: Rust's would add 23 KiB gzip to the
            // page's wasm (measured).
            let lower = |t: &str| String::from(js_sys::JsString::from(t).to_lower_case());
            let right = inflight_course::short_answer_matches_with(&given, &accepted, lower, |plain| Some(js_sys::Number::parse_float(plain)).filter(|n| !n.is_nan()));
            Some((Response::Short { text: given }, right))
        }
        Kind::Review => Some((Response::Open { text: typed(form) }, false)),
    }
}

fn check(q: &Rc<Question>) {
    let Some((response, right)) = response(q) else { return };
    let rating = (q.kind != Kind::Review).then_some(if right { Rating::GotIt } else { Rating::Missed });
    store::update(|p| p.answer(&q.id, &q.fingerprint, response, rating, store::now()));
    restore(q);
    score();
}

/// Shows the question as its saved record says: the answer given, its verdict and the note on
/// its tries. Without a record (or one for an older version of the question) it stays as it is.
fn restore(q: &Question) {
    let Some(record) = store::read(|p| p.question(&q.id, &q.fingerprint).cloned()) else { return };
    let seen = Some((record.last_at, record.tries, record.last));
    if q.shown.get() == seen {
        return;
    }
    q.shown.set(seen);
    put_answer(q, &record.response);
    answerable(q);
    if q.kind == Kind::Review {
        show_review(q, &record);
        return;
    }
    let right = record.last == Some(Rating::GotIt);
    let shown = match (&record.response, q.kind) {
        (Response::Choice { option }, Kind::Single) => option.to_string(),
        _ => if right { "right" } else { "wrong" }.to_string(),
    };
    each(&q.form, ".quiz-feedback", |el| el.set_hidden(el.get_attribute("data-for").as_deref() != Some(shown.as_str())));
    if q.kind == Kind::Multiple {
        each(&q.form, ".quiz-option-why", |el| el.set_hidden(false));
    }
    attempt(q, &note(&record));
    if let Some(retry) = find(&q.form, ".quiz-retry") {
        retry.set_hidden(right);
    }
    // Answered: the program can be run, to watch why.
    if let Some(run) = q.form.next_element_sibling().filter(|e| e.class_list().contains("quiz-run")).and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
        run.set_hidden(false);
    }
}

/// What the record's tries come to, in a sentence.
fn note(r: &QuestionRecord) -> String {
    let right = r.last == Some(Rating::GotIt);
    match (right, r.tries) {
        (true, 1) => "Right on the first try.".to_string(),
        (true, n) if r.first == Some(Rating::GotIt) => format!("Right again, on try {n}."),
        (true, n) => format!("Right on try {n}. The first try counts as missed."),
        (false, 1) => "Missed on the first try. Change your answer, or start over with Try again.".to_string(),
        (false, n) => format!("Missed on try {n}."),
    }
}

/// Puts a saved response back into the question's fields.
fn put_answer(q: &Question, response: &Response) {
    match response {
        Response::Choice { option } => {
            for input in inputs(&q.form) {
                input.set_checked(input.value() == option.to_string());
            }
        }
        Response::Choices { options } => {
            for input in inputs(&q.form) {
                input.set_checked(options.iter().any(|o| o.to_string() == input.value()));
            }
        }
        Response::Predict { lines } => {
            if q.form.query_selector(".quiz-answer").ok().flatten().is_some() {
                set_typed(&q.form, &lines.join("\n"));
            } else if let Some(list) = q.form.query_selector(".quiz-arrange").ok().flatten() {
                // Each saved line takes the first of the lines with its text still left.
                let mut left = all(&list, ".quiz-line");
                for line in lines {
                    if let Some(i) = left.iter().position(|li| li.get_attribute("data-line").as_deref() == Some(line.as_str())) {
                        let _ = list.append_child(&left.remove(i));
                    }
                }
                for li in left {
                    let _ = list.append_child(&li);
                }
            }
        }
        Response::Short { text } | Response::Open { text } => set_typed(&q.form, text),
    }
}

fn show_review(q: &Question, record: &QuestionRecord) {
    if let Some(model) = find(&q.form, ".quiz-model") {
        model.set_hidden(false);
    }
    if let Ok(Some(button)) = q.form.query_selector("button[type=submit]") {
        set_disabled(&button, true);
    }
    let rate = record.last.map(|r| match r {
        Rating::GotIt => "got_it",
        Rating::Partly => "partly",
        Rating::Missed => "missed",
    });
    each(&q.form, "[data-rate]", |b| {
        let pressed = rate.is_some() && b.get_attribute("data-rate").as_deref() == rate;
        let _ = b.set_attribute("aria-pressed", if pressed { "true" } else { "false" });
    });
    let label = |r: Rating| match r {
        Rating::GotIt => "got it",
        Rating::Partly => "partly",
        Rating::Missed => "missed it",
    };
    let note = match (record.first, record.last) {
        (_, None) => String::new(),
        (Some(first), Some(last)) if first != last => format!("You rated your answer: {}. Your first rating, {}, is the one the score counts.", label(last), label(first)),
        (_, Some(last)) => format!("You rated your answer: {}.", label(last)),
    };
    attempt(q, &note);
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
    set_typed(&q.form, "");
    clear(q);
    attempt(q, "");
    if let Some(retry) = find(&q.form, ".quiz-retry") {
        retry.set_hidden(true);
    }
    answerable(q);
    let first = find(&q.form, ".quiz-option input").or_else(|| find(&q.form, ".quiz-answer")).or_else(|| find(&q.form, ".quiz-line"));
    if let Some(el) = first {
        let _ = el.focus();
    }
}

/// A review prompt rated by the reader: "got it" counts as right. A try is rated once; rating
/// again is a new try with the same answer.
fn rated(q: &Question, rate: &str) {
    let rating = match rate {
        "got_it" => Rating::GotIt,
        "partly" => Rating::Partly,
        _ => Rating::Missed,
    };
    let text = typed(&q.form);
    store::update(|p| {
        if !p.self_rate(&q.id, rating, store::now()) {
            p.answer(&q.id, &q.fingerprint, Response::Open { text }, Some(rating), store::now());
        }
    });
    restore(q);
    score();
}

/// Moves a line to arrange one place up or down, keeps the focus on what the reader used, and
/// says where the line went.
fn move_line(q: &Question, line: &Element, up: bool, button: Option<&Element>) {
    let Some(list) = line.parent_element() else { return };
    let moved = if up {
        line.previous_element_sibling().map(|before| list.insert_before(line, Some(&before)).is_ok())
    } else {
        line.next_element_sibling().map(|after| list.insert_before(&after, Some(line)).is_ok())
    };
    if moved != Some(true) {
        return;
    }
    let focus = button.cloned().unwrap_or_else(|| line.clone());
    if let Ok(el) = focus.dyn_into::<HtmlElement>() {
        let _ = el.focus();
    }
    announce(q, line);
    changed(q);
}

fn announce(q: &Question, line: &Element) {
    let lines = all(&q.form, ".quiz-line");
    let Some(at) = lines.iter().position(|l| l == line) else { return };
    let text = line.get_attribute("data-line").unwrap_or_default();
    if let Some(status) = find(&q.form, ".quiz-moved") {
        status.set_text_content(Some(&format!("\u{201c}{text}\u{201d} is now line {} of {}.", at + 1, lines.len())));
    }
}

/// Dragging lines, and Alt with an arrow key on a focused line.
fn arrangeable(q: &Rc<Question>) {
    listen(q, "keydown", |q, ev| {
        let Some(key) = ev.dyn_ref::<web_sys::KeyboardEvent>() else { return };
        if !key.alt_key() || !(key.key() == "ArrowUp" || key.key() == "ArrowDown") {
            return;
        }
        let Some(line) = ev.target().and_then(|t| t.dyn_into::<Element>().ok()).and_then(|t| t.closest(".quiz-line").ok().flatten()) else { return };
        ev.prevent_default();
        move_line(q, &line, key.key() == "ArrowUp", None);
    });
    listen(q, "dragstart", |_, ev| {
        let line = ev.target().and_then(|t| t.dyn_into::<Element>().ok()).and_then(|t| t.closest(".quiz-line").ok().flatten());
        if let Some(line) = &line {
            let _ = line.class_list().add_1("dragging");
            // Some browsers start a drag only with data in it.
            if let Ok(transfer) = js_sys::Reflect::get(&ev, &JsValue::from_str("dataTransfer")) {
                if let Ok(set) = js_sys::Reflect::get(&transfer, &JsValue::from_str("setData")).and_then(|f| f.dyn_into::<js_sys::Function>()) {
                    let _ = set.call2(&transfer, &JsValue::from_str("text/plain"), &JsValue::from_str(&line.get_attribute("data-line").unwrap_or_default()));
                }
            }
        }
        DRAGGED.with(|d| *d.borrow_mut() = line);
    });
    listen(q, "dragover", |_, ev| {
        if DRAGGED.with(|d| d.borrow().is_some()) {
            ev.prevent_default();
        }
    });
    listen(q, "drop", |q, ev| {
        ev.prevent_default();
        let Some(dragged) = DRAGGED.with(|d| d.borrow_mut().take()) else { return };
        let _ = dragged.class_list().remove_1("dragging");
        let Some(target) = ev.target().and_then(|t| t.dyn_into::<Element>().ok()).and_then(|t| t.closest(".quiz-line").ok().flatten()) else { return };
        let (Some(list), Some(mouse)) = (target.parent_element(), ev.dyn_ref::<web_sys::MouseEvent>()) else { return };
        if target == dragged || dragged.parent_element().as_ref() != Some(&list) {
            return;
        }
        // Dropped on the lower half of a line: after it; on the upper half: before it.
        let rect = target.get_bounding_client_rect();
        let after = f64::from(mouse.client_y()) > rect.top() + rect.height() / 2.0;
        let before = if after { target.next_element_sibling() } else { Some(target.clone()) };
        let _ = list.insert_before(&dragged, before.as_ref().map(|e| e.as_ref()));
        announce(q, &dragged);
        changed(q);
    });
    listen(q, "dragend", |_, _| {
        if let Some(dragged) = DRAGGED.with(|d| d.borrow_mut().take()) {
            let _ = dragged.class_list().remove_1("dragging");
        }
    });
}

/// The lesson's score, once every question on the page has a first try.
fn score() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(out) = doc.query_selector(".quiz-score").ok().flatten().and_then(|e| e.dyn_into::<HtmlElement>().ok()) else { return };
    let ids: Vec<(String, String)> = PAGE.with(|p| p.borrow().iter().map(|q| (q.id.clone(), q.fingerprint.clone())).collect());
    let firsts: Vec<Option<Rating>> = store::read(|p| ids.iter().map(|(id, f)| p.question(id, f).and_then(|r| r.first)).collect());
    let total = firsts.len();
    let answered = firsts.iter().filter(|f| f.is_some()).count();
    let right = firsts.iter().filter(|f| **f == Some(Rating::GotIt)).count();
    if total == 0 || answered < total {
        return;
    }
    out.set_text_content(Some(&format!("Your score: {right} of {total} right on the first try.")));
    out.set_hidden(false);
}
