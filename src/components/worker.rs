//! The runner's Web Worker, from the page's side: start it, hand it a program, hear back.
//! The worker itself is `worker/runner.js`; the messages are plain objects:
//! page -> worker `{ file, source, seed, lanes }`; worker -> page `{ report }` (the
//! `Report` as JSON) or `{ crash }` when the interpreter itself failed.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Starts the worker at `url` (an ES module). `on_report` gets each report's JSON; `on_crash`
/// a message when the worker failed to start or the interpreter broke down (the worker is then
/// useless: the caller drops it).
pub fn start(url: &str, on_report: impl Fn(String) + 'static, on_crash: impl Fn(String) + 'static) -> Option<web_sys::Worker> {
    let options = web_sys::WorkerOptions::new();
    options.set_type(web_sys::WorkerType::Module);
    let worker = web_sys::Worker::new_with_options(url, &options).ok()?;
    let on_crash = std::rc::Rc::new(on_crash);
    let crash = on_crash.clone();
    let message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
        let data = event.data();
        let field = |name: &str| js_sys::Reflect::get(&data, &JsValue::from_str(name)).ok().and_then(|v| v.as_string());
        if let Some(report) = field("report") {
            on_report(report);
        } else if let Some(why) = field("crash") {
            crash(format!("The interpreter failed on this program ({why}). This is a bug in the site, not in your code; the page reloads it on the next run."));
        }
    });
    let error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_event: web_sys::Event| {
        on_crash("The interpreter could not be loaded. Check your connection and reload the page.".to_string());
    });
    worker.set_onmessage(Some(message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(error.as_ref().unchecked_ref()));
    // They live as long as the worker, which the page keeps until it is stopped or replaced.
    message.forget();
    error.forget();
    Some(worker)
}

/// Asks the worker to run `source` as the file `file`.
pub fn post(worker: &web_sys::Worker, file: &str, source: &str, seed: u32, lanes: &str) {
    let message = js_sys::Object::new();
    let set = |key: &str, value: JsValue| {
        let _ = js_sys::Reflect::set(&message, &JsValue::from_str(key), &value);
    };
    set("file", JsValue::from_str(file));
    set("source", JsValue::from_str(source));
    set("seed", JsValue::from_f64(f64::from(seed)));
    set("lanes", JsValue::from_str(lanes));
    let _ = worker.post_message(&message);
}
