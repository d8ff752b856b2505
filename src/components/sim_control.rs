//! What makes a simulation's form run: it reads the two settings, hands them to the simulation's
//! Web Worker (`worker/sim.js`: the models and plotters compiled to wasm, `inflight-sims-wasm`),
//! and puts the charts and table it sends back in place of the ones on the page.
//!
//! The page's own wasm holds none of the models or the charting: the worker loads only when a
//! reader first runs a simulation, and the model's work (a million tasks) happens there, never
//! on the page's main thread. A run that goes on too long is stopped by a watchdog.
//!
//! page -> worker `{ model, a, b, compare, seed }` (settings as `name=value` text);
//! worker -> page `{ html, ms }`, or `{ error }` (settings the model refuses, with a sentence
//! for the reader), or `{ crash }` (the wasm itself failed: the worker is dropped).

use std::cell::RefCell;
use std::rc::Rc;

use gloo_timers::callback::Timeout;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlSelectElement};

use super::worker::{meta, next_frame};

/// A run taking longer than this is stopped (ms). The heaviest setting takes about a second.
const WATCHDOG_MS: u32 = 20_000;

struct Sim {
    section: Element,
    model: String,
    worker: Option<web_sys::Worker>,
    watchdog: Option<Timeout>,
    started: f64,
}

type Shared = Rc<RefCell<Sim>>;

fn find(section: &Element, selector: &str) -> Option<Element> {
    section.query_selector(selector).ok().flatten()
}

fn act(section: &Element, name: &str) -> Option<Element> {
    find(section, &format!("[data-act='{name}']"))
}

fn now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

/// Every simulation on the page not yet brought to life.
pub fn attach_all() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let Ok(list) = doc.query_selector_all("section.simulation:not([data-attached])") else { return };
    for i in 0..list.length() {
        if let Some(section) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
            attach(section);
        }
    }
}

fn attach(section: Element) {
    let _ = section.set_attribute("data-attached", "");
    let model = section.get_attribute("data-sim-model").unwrap_or_default();
    let (Some(form), Some(run), Some(compare)) = (find(&section, "form"), act(&section, "run"), act(&section, "compare")) else { return };
    let _ = run.remove_attribute("disabled");
    if let Some(note) = find(&section, ".needs-js").and_then(|n| n.dyn_into::<HtmlElement>().ok()) {
        note.set_hidden(true);
    }
    let _ = section.set_attribute("data-state", "idle");
    let sim: Shared = Rc::new(RefCell::new(Sim { section: section.clone(), model, worker: None, watchdog: None, started: 0.0 }));

    let on_submit = {
        let sim = sim.clone();
        Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
            event.prevent_default();
            start(&sim);
        })
    };
    let _ = form.add_event_listener_with_callback("submit", on_submit.as_ref().unchecked_ref());
    on_submit.forget();

    let on_compare = {
        let section = section.clone();
        Closure::<dyn FnMut(web_sys::Event)>::new(move |_| show_compare(&section))
    };
    let _ = compare.add_event_listener_with_callback("change", on_compare.as_ref().unchecked_ref());
    on_compare.forget();
    show_compare(&section);
}

fn comparing(section: &Element) -> bool {
    act(section, "compare").and_then(|c| c.dyn_into::<HtmlInputElement>().ok()).is_none_or(|c| c.checked())
}

/// With "Compare" off, B's column goes and Run runs A alone.
fn show_compare(section: &Element) {
    let on = comparing(section);
    let _ = section.class_list().toggle_with_force("sim-single", !on);
    if let Some(run) = act(section, "run") {
        run.set_text_content(Some(if on { "Run A and B" } else { "Run A" }));
    }
    if let Ok(list) = section.query_selector_all("[data-setting='b']") {
        for i in 0..list.length() {
            if let Some(field) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                let _ = if on { field.remove_attribute("disabled") } else { field.set_attribute("disabled", "") };
            }
        }
    }
}

/// The setting's fields as `name=value` text (a choice by its key).
fn setting(section: &Element, which: &str) -> String {
    let mut out = Vec::new();
    let Ok(list) = section.query_selector_all(&format!("[data-setting='{which}']")) else { return String::new() };
    for i in 0..list.length() {
        let Some(field) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else { continue };
        let name = field.get_attribute("data-param").unwrap_or_default();
        let value = if let Some(input) = field.dyn_ref::<HtmlInputElement>() {
            input.value()
        } else if let Some(select) = field.dyn_ref::<HtmlSelectElement>() {
            select.value()
        } else {
            continue;
        };
        // Spaces would split a pair: the model reads them as an error anyway.
        out.push(format!("{name}={}", value.trim().replace(char::is_whitespace, "_")));
    }
    out.join(" ")
}

fn show_error(section: &Element, message: Option<&str>) {
    if let Some(e) = act(section, "error").and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
        e.set_text_content(message);
        e.set_hidden(message.is_none());
    }
}

fn set_status(section: &Element, text: &str) {
    if let Some(s) = act(section, "status") {
        s.set_text_content(Some(text));
    }
}

fn start(sim: &Shared) {
    let section = sim.borrow().section.clone();
    show_error(&section, None);
    let seed_text = act(&section, "seed").and_then(|s| s.dyn_into::<HtmlInputElement>().ok()).map(|s| s.value()).unwrap_or_default();
    let Ok(seed) = seed_text.trim().parse::<u32>() else {
        show_error(&section, Some(&format!("The seed must be a whole number from 0 to {} (got “{}”).", u32::MAX, seed_text.trim())));
        return;
    };
    let compare = comparing(&section);
    let (a, b) = (setting(&section, "a"), if compare { setting(&section, "b") } else { String::new() });
    // A run still going is dropped with its worker: the reader asked for a new one.
    let busy = section.get_attribute("data-state").as_deref() == Some("running");
    if busy {
        stop(sim);
    }
    let worker = sim.borrow().worker.clone();
    let worker = match worker {
        Some(w) => w,
        None => match start_worker(sim) {
            Some(w) => w,
            None => {
                show_error(&section, Some("The simulation could not start: this browser did not load its worker. Reload the page to try again."));
                return;
            }
        },
    };
    let message = js_sys::Object::new();
    let set = |key: &str, value: JsValue| {
        let _ = js_sys::Reflect::set(&message, &JsValue::from_str(key), &value);
    };
    set("model", JsValue::from_str(&sim.borrow().model));
    set("a", JsValue::from_str(&a));
    set("b", JsValue::from_str(&b));
    set("compare", JsValue::from_bool(compare));
    set("seed", JsValue::from_f64(f64::from(seed)));
    let _ = section.set_attribute("data-state", "running");
    if let Some(run) = act(&section, "run") {
        let _ = run.set_attribute("aria-busy", "true");
    }
    set_status(&section, if compare { "Running A and B in a background worker…" } else { "Running A in a background worker…" });
    let watchdog = {
        let sim = sim.clone();
        Timeout::new(WATCHDOG_MS, move || {
            stop(&sim);
            let section = sim.borrow().section.clone();
            let _ = section.set_attribute("data-state", "error");
            set_status(&section, "");
            show_error(&section, Some(&format!("The simulation was stopped after {} s without an answer. Try fewer tasks or requests.", WATCHDOG_MS / 1000)));
        })
    };
    {
        let mut s = sim.borrow_mut();
        s.watchdog = Some(watchdog);
        s.started = now();
    }
    let _ = worker.post_message(&message);
}

/// Ends the run in progress: the worker goes (a new one starts on the next run).
fn stop(sim: &Shared) {
    let (worker, watchdog) = {
        let mut s = sim.borrow_mut();
        (s.worker.take(), s.watchdog.take())
    };
    if let Some(w) = worker {
        w.terminate();
    }
    if let Some(t) = watchdog {
        t.cancel();
    }
    let section = sim.borrow().section.clone();
    if let Some(run) = act(&section, "run") {
        let _ = run.remove_attribute("aria-busy");
    }
}

fn start_worker(sim: &Shared) -> Option<web_sys::Worker> {
    let url = meta("inflight-sim-worker")?;
    let options = web_sys::WorkerOptions::new();
    options.set_type(web_sys::WorkerType::Module);
    let worker = web_sys::Worker::new_with_options(&url, &options).ok()?;
    let on_message = {
        let sim = sim.clone();
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| answered(&sim, &event.data()))
    };
    let on_error = {
        let sim = sim.clone();
        Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
            stop(&sim);
            let section = sim.borrow().section.clone();
            let _ = section.set_attribute("data-state", "error");
            set_status(&section, "");
            show_error(&section, Some("The simulation's worker could not be loaded. Check your connection and reload the page."));
        })
    };
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    // They live as long as the worker; a new worker gets new ones.
    on_message.forget();
    on_error.forget();
    sim.borrow_mut().worker = Some(worker.clone());
    Some(worker)
}

fn answered(sim: &Shared, data: &JsValue) {
    let get = |name: &str| js_sys::Reflect::get(data, &JsValue::from_str(name)).ok().filter(|v| !v.is_undefined());
    let (section, started) = {
        let mut s = sim.borrow_mut();
        if let Some(t) = s.watchdog.take() {
            t.cancel();
        }
        (s.section.clone(), s.started)
    };
    if let Some(run) = act(&section, "run") {
        let _ = run.remove_attribute("aria-busy");
    }
    if let Some(html) = get("html").and_then(|h| h.as_string()) {
        // Whole milliseconds, as integers: formatting floats would add its code to the page's wasm.
        let ms = get("ms").and_then(|m| m.as_f64()).unwrap_or(0.0).round().max(0.0) as u64;
        let Some(results) = act(&section, "results") else { return };
        place(&results, &html, move || {
            let total = (now() - started).round().max(0.0) as u64;
            let _ = section.set_attribute("data-run-ms", &ms.to_string());
            let _ = section.set_attribute("data-state", "ready");
            let which = if comparing(&section) { "A and B ran" } else { "A ran" };
            set_status(&section, &format!("{which} in {ms} ms in a background worker ({total} ms from the click to the charts)."));
        });
    } else {
        let crash = get("crash").and_then(|c| c.as_string());
        let error = get("error").and_then(|e| e.as_string());
        if crash.is_some() {
            stop(sim);
        }
        let _ = section.set_attribute("data-state", "error");
        set_status(&section, "");
        let message = match (error, crash) {
            (Some(e), _) => e,
            (None, Some(c)) => format!("The simulation failed ({c}). This is a bug in the site, not in your settings; the next run starts it afresh."),
            (None, None) => "The simulation's worker sent an answer this page cannot read.".to_string(),
        };
        show_error(&section, Some(&message));
    }
}

/// The results' pieces in page order: each setting's figure, then the table.
fn pieces(root: &Element) -> Vec<Element> {
    let Ok(list) = root.query_selector_all(".sim-panel, :scope > :not(.sim-panels)") else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.item(i).and_then(|n| n.dyn_into::<Element>().ok())).collect()
}

/// Puts the worker's `html` in place of the results, one piece per animation frame, then calls
/// `then`. Parsing is done off the page; laying out a setting's charts is one frame's work, so
/// the main thread is never held for all of them at once (two million-task charts and their
/// table took over 50 ms in one go on a loaded machine).
fn place(results: &Element, html: &str, then: impl FnOnce() + 'static) {
    let holder = web_sys::window().and_then(|w| w.document()).and_then(|d| d.create_element("div").ok());
    let Some(holder) = holder else { return };
    holder.set_inner_html(html);
    let (old, new) = (pieces(results), pieces(&holder));
    if old.len() != new.len() || old.is_empty() {
        // A and B, or A alone, where the page showed the other: the layout changes anyway.
        results.set_inner_html(html);
        then();
        return;
    }
    step(old.into_iter().zip(new).collect(), Box::new(then));
}

fn step(mut swaps: Vec<(Element, Element)>, then: Box<dyn FnOnce()>) {
    if swaps.is_empty() {
        then();
        return;
    }
    let (old, new) = swaps.remove(0);
    next_frame(Box::new(move || {
        let _ = old.replace_with_with_node_1(&new);
        step(swaps, then);
    }));
}
