//! The runner's Web Worker, from the page's side: start it, hand it a program, hear back.
//! The worker itself is `worker/runner.js`; the messages are plain objects:
//! page -> worker `{ file, source, seed, lanes }`; worker -> page `{ words, strings }` (the
//! `Report`, as `inflight_engine::js::view_wire` lays it out) or `{ crash }` when the
//! interpreter itself failed.

use inflight_engine::js::view::Report;
use inflight_engine::js::view_wire;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Starts the worker at `url` (an ES module). `on_report` gets each report and how long the
/// run took in the worker (ms); `on_warm` the recording of a warm-up run; `on_crash`
/// a message when the worker failed to start or the interpreter broke down (the worker is then
/// useless: the caller drops it).
pub fn start(url: &str, on_report: impl Fn(Option<Report>, f64) + 'static, on_warm: impl Fn(Option<Report>) + 'static, on_crash: impl Fn(String) + 'static) -> Option<web_sys::Worker> {
    let options = web_sys::WorkerOptions::new();
    options.set_type(web_sys::WorkerType::Module);
    let worker = web_sys::Worker::new_with_options(url, &options).ok()?;
    let on_crash = std::rc::Rc::new(on_crash);
    let crash = on_crash.clone();
    let message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
        let data = event.data();
        let get = |name: &str| js_sys::Reflect::get(&data, &JsValue::from_str(name)).ok().filter(|v| !v.is_undefined());
        if let (Some(words), Some(strings)) = (get("words"), get("strings")) {
            let words = words.dyn_into::<js_sys::Uint32Array>().map(|w| w.to_vec()).unwrap_or_default();
            let strings: Vec<String> = strings.dyn_into::<js_sys::Array>().map(|a| a.iter().map(|s| s.as_string().unwrap_or_default()).collect()).unwrap_or_default();
            let ms = get("ms").and_then(|v| v.as_f64()).unwrap_or(0.0);
            let report = view_wire::decode(&words, &strings);
            if get("warmed").is_some_and(|w| w.is_truthy()) {
                on_warm(report);
            } else {
                on_report(report, ms);
            }
        } else if let Some(why) = get("crash").and_then(|v| v.as_string()) {
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

/// Asks the worker to run `source` as the file `file` (`warm`: only to warm the interpreter up,
/// with no report).
pub fn post(worker: &web_sys::Worker, file: &str, source: &str, seed: u32, lanes: &str, warm: bool) {
    let message = js_sys::Object::new();
    let set = |key: &str, value: JsValue| {
        let _ = js_sys::Reflect::set(&message, &JsValue::from_str(key), &value);
    };
    set("file", JsValue::from_str(file));
    set("source", JsValue::from_str(source));
    set("seed", JsValue::from_f64(f64::from(seed)));
    set("lanes", JsValue::from_str(lanes));
    set("warm", JsValue::from_bool(warm));
    let _ = worker.post_message(&message);
}

/// Offers `text` to the reader as a file download named `name`.
pub fn download(name: &str, text: &str, mime: &str) {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else { return };
    let Ok(href) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    let anchor = web_sys::window().and_then(|w| w.document()).and_then(|d| d.create_element("a").ok()).and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok());
    if let Some(a) = anchor {
        a.set_href(&href);
        a.set_download(name);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&href);
}

/// Calls `f` once, when `element` comes within 600 px of the viewport (at once if it is in it).
pub fn when_near_view(element: &web_sys::Element, f: impl Fn() + 'static) {
    let callback = Closure::<dyn FnMut(js_sys::Array, web_sys::IntersectionObserver)>::new(move |entries: js_sys::Array, observer: web_sys::IntersectionObserver| {
        if entries.iter().any(|e| e.unchecked_into::<web_sys::IntersectionObserverEntry>().is_intersecting()) {
            observer.disconnect();
            f();
        }
    });
    let options = web_sys::IntersectionObserverInit::new();
    options.set_root_margin("600px");
    if let Ok(observer) = web_sys::IntersectionObserver::new_with_options(callback.as_ref().unchecked_ref(), &options) {
        observer.observe(element);
    }
    // It lives as long as the page: it is called at most once, then the observer lets it go.
    callback.forget();
}

// Compression for share links, by the browser's own CompressionStream (deflate-raw), and
// base64url so the result can sit in a URL fragment.
#[wasm_bindgen(inline_js = "
export async function pack(text) {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/[+]/g, '-').replace(/[/]/g, '_').replace(/=+$/, '');
}
export async function unpack(packed) {
  const binary = atob(packed.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  return await new Response(stream).text();
}
export function copy_text(text) {
  return navigator.clipboard ? navigator.clipboard.writeText(text) : Promise.reject(new Error('no clipboard'));
}
")]
extern "C" {
    #[wasm_bindgen(catch)]
    fn pack(text: &str) -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(catch)]
    fn unpack(packed: &str) -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(catch)]
    fn copy_text(text: &str) -> Result<js_sys::Promise, JsValue>;
}

/// `text` deflated and in base64url.
pub async fn compress(text: &str) -> Option<String> {
    wasm_bindgen_futures::JsFuture::from(pack(text).ok()?).await.ok()?.as_string()
}

/// What [`compress`] made, back; `None` for anything it did not make.
pub async fn decompress(packed: &str) -> Option<String> {
    wasm_bindgen_futures::JsFuture::from(unpack(packed).ok()?).await.ok()?.as_string()
}

/// Puts `text` on the clipboard; false if the browser refused.
pub async fn copy(text: &str) -> bool {
    match copy_text(text) {
        Ok(p) => wasm_bindgen_futures::JsFuture::from(p).await.is_ok(),
        Err(_) => false,
    }
}

// The code editor (editor/src/editor.js, built into dist/editor-<hash>.js), imported on demand.
#[wasm_bindgen(inline_js = "export function import_module(url) { return import(url); }")]
extern "C" {
    #[wasm_bindgen(catch)]
    fn import_module(url: &str) -> Result<js_sys::Promise, JsValue>;
}

/// The content of `<meta name="NAME">` in the page's head.
pub fn meta(name: &str) -> Option<String> {
    let doc = web_sys::window()?.document()?;
    doc.query_selector(&format!("meta[name={name}]")).ok()??.get_attribute("content")
}

/// Loads the editor and mounts it on the code view `host` with `doc`: the editor's handle
/// (`getDoc`, `setDoc`, `setDiagnostics`, `focus`, `destroy`), or `None` if it cannot load.
pub async fn mount_editor(host: &web_sys::Element, doc: &str, label: &str, on_change: impl Fn(String) + 'static, on_submit: impl Fn() + 'static) -> Option<JsValue> {
    let url = meta("inflight-editor")?;
    let module = wasm_bindgen_futures::JsFuture::from(import_module(&url).ok()?).await.ok()?;
    let mount = js_sys::Reflect::get(&module, &JsValue::from_str("mount")).ok()?.dyn_into::<js_sys::Function>().ok()?;
    let options = js_sys::Object::new();
    let set = |key: &str, value: &JsValue| {
        let _ = js_sys::Reflect::set(&options, &JsValue::from_str(key), value);
    };
    set("doc", &JsValue::from_str(doc));
    set("label", &JsValue::from_str(label));
    let changed = Closure::<dyn FnMut(JsValue)>::new(move |doc: JsValue| on_change(doc.as_string().unwrap_or_default()));
    let submitted = Closure::<dyn FnMut()>::new(on_submit);
    set("onChange", changed.as_ref());
    set("onSubmit", submitted.as_ref());
    // They live as long as the editor, which lives as long as the page.
    changed.forget();
    submitted.forget();
    mount.call2(&JsValue::NULL, host, &options).ok()
}

/// Calls the editor's method `name` with `args`.
pub fn editor_call(editor: &JsValue, name: &str, args: &[JsValue]) {
    if let Ok(f) = js_sys::Reflect::get(editor, &JsValue::from_str(name)).and_then(|f| f.dyn_into::<js_sys::Function>().map_err(JsValue::from)) {
        let list: js_sys::Array = args.iter().collect();
        let _ = f.apply(editor, &list);
    }
}

/// A diagnostic as the editor's `setDiagnostics` takes it.
pub fn diagnostic(line: u32, column: u32, message: &str) -> JsValue {
    let d = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&d, &JsValue::from_str("line"), &JsValue::from_f64(f64::from(line)));
    let _ = js_sys::Reflect::set(&d, &JsValue::from_str("column"), &JsValue::from_f64(f64::from(column)));
    let _ = js_sys::Reflect::set(&d, &JsValue::from_str("message"), &JsValue::from_str(message));
    let _ = js_sys::Reflect::set(&d, &JsValue::from_str("severity"), &JsValue::from_str("error"));
    d.into()
}

/// The page's local storage, when the browser allows it.
pub fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// Calls `f` in the browser's next animation frame, before that frame is laid out and painted.
pub fn next_frame(f: Box<dyn FnOnce()>) {
    let frame = Closure::once(f);
    if let Some(w) = web_sys::window() {
        let _ = w.request_animation_frame(frame.as_ref().unchecked_ref());
    }
    // Called once by the browser, then dropped with the page.
    frame.forget();
}

/// Calls `f` in a task of its own once the browser has painted the next frame (a task queued
/// from an animation frame callback runs after that frame's paint).
pub fn after_paint(f: Box<dyn FnOnce()>) {
    next_frame(Box::new(move || leptos::prelude::set_timeout(f, std::time::Duration::ZERO)));
}
