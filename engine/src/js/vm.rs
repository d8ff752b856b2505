//! The machine: runs compiled code, keeps Node's queues, and turns the event loop.
//!
//! **The rules it keeps** (Node 20, libuv 1.45; see the crate docs for sources):
//! - after the main script and after *every* macrotask (each timer, immediate and I/O callback)
//!   comes the microtask checkpoint: the whole nextTick queue, then the whole promise-job queue,
//!   repeated until both are empty; then unhandled rejections are processed (default mode
//!   `throw`: the process ends with exit code 1);
//! - an ES module's body runs inside a promise job, so microtasks it queues run before ticks;
//! - the loop: one timers pass before the first iteration, then poll (I/O callbacks) -> check
//!   (immediates queued before the phase began) -> timers, until nothing is left;
//! - timers: delays below 1 ms (or not numbers, or over 2^31-1) become 1 ms; timers live in one
//!   list per duration; the pass takes the list with the earliest expiry (ties: the older list)
//!   and runs every expired timer in it before looking at the next list;
//! - promises follow the spec's jobs exactly, so `await`, thenables, `return promise`,
//!   `Promise.all` and `finally` take the same number of microtask ticks as in V8.
//!
//! Time is virtual: synchronous code costs nothing, the clock jumps to the next timer when the
//! loop would block. `fs.readFile` completes after four loop iterations (open, stat, read,
//! close), with no time passing.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::rc::Rc;

use super::ast::{BinOp, Pos};
use super::compile::{MethodKind, Op, Proto, ProtoKind};
use super::format::format_log_line;
use super::value::*;
use super::{Error, Queues, TraceEvent};

#[path = "natives.rs"]
mod natives;
pub(super) use natives::iso_string;
use natives::Hint;

#[path = "gc.rs"]
mod gc;

#[derive(Debug)]
struct Binding {
    name: Rc<str>,
    /// `None` until a `let`/`const` is initialised.
    value: Option<Value>,
    constant: bool,
}

#[derive(Debug, Default)]
struct Scope {
    vars: Vec<Binding>,
    parent: Option<ScopeId>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HandlerKind {
    Catch,
    Finally,
}

#[derive(Debug, Clone)]
struct HandlerEntry {
    kind: HandlerKind,
    target: usize,
    stack_len: usize,
    scope: ScopeId,
}

#[derive(Debug, Clone)]
enum Completion {
    Normal,
    Return(Value),
    Throw(Value),
}

#[derive(Debug)]
struct Frame {
    proto: Rc<Proto>,
    pc: usize,
    stack: Vec<Value>,
    scope: ScopeId,
    handlers: Vec<HandlerEntry>,
    completions: Vec<Completion>,
    /// The promise an async function's frame settles.
    promise: Option<ObjId>,
}

impl Frame {
    /// Hands a thrown value to the innermost `catch` or `finally`; gives it back when the frame
    /// has none, so the throw leaves the function.
    fn catch(&mut self, thrown: Value) -> Result<(), Value> {
        let Some(h) = self.handlers.pop() else { return Err(thrown) };
        self.stack.truncate(h.stack_len);
        self.scope = h.scope;
        self.pc = h.target;
        match h.kind {
            HandlerKind::Catch => self.stack.push(thrown),
            HandlerKind::Finally => self.completions.push(Completion::Throw(thrown)),
        }
        Ok(())
    }
}

enum Outcome {
    Return(Value),
    Throw(Value),
    Suspend,
}

/// Why a run stopped early.
#[derive(Debug)]
pub enum Stop {
    /// An exception nobody caught, or an unhandled rejection: Node exits with code 1.
    Uncaught(String),
    /// The program ran past the step budget.
    Budget,
    /// The program held more than this many bytes.
    HeapLimit(u64),
    /// A construct the subset lacks, met at run time.
    Unsupported(Error),
}

#[derive(Debug)]
enum Job {
    Reaction { reaction: Reaction, argument: Value, rejected: bool },
    ResolveThenable { promise: ObjId, thenable: Value, then: Value, context: Context },
    Callback { f: Value, context: Context },
}

struct TimerList {
    id: u64,
    expiry: u64,
    timers: VecDeque<u64>,
}

struct Timer {
    callback: Value,
    args: Vec<Value>,
    context: Context,
    /// `unref()`ed: does not keep the program alive (AbortSignal.timeout's timer).
    unref: bool,
    start: u64,
    duration: u64,
    repeat: bool,
    active: bool,
}

struct IoOp {
    polls_left: u32,
    callback: Value,
    context: Context,
}

struct CombinatorRecord {
    kind: Combinator,
    values: Vec<Value>,
    remaining: usize,
    resolve: Value,
    reject: Value,
}

pub struct Vm {
    heap: Vec<Object>,
    scopes: Vec<Scope>,
    global: ScopeId,
    pub now: u64,
    ticks: VecDeque<(Value, Vec<Value>, Context)>,
    /// The async context of the code running now.
    context: Context,
    microtasks: VecDeque<Job>,
    timer_lists: BTreeMap<u64, TimerList>,
    timers: HashMap<u64, Timer>,
    next_timer: u64,
    next_list: u64,
    immediates: VecDeque<(u64, Value, Vec<Value>, Context)>,
    cleared_immediates: HashSet<u64>,
    io: Vec<IoOp>,
    pending_rejections: Vec<ObjId>,
    suspended: Vec<Option<Frame>>,
    resolved_records: Vec<bool>,
    combinators: Vec<CombinatorRecord>,
    element_called: Vec<bool>,
    pub output: Vec<String>,
    /// What `console.error` and `console.warn` wrote (Node sends them to stderr).
    pub errors: Vec<String>,
    pub trace: Vec<TraceEvent>,
    steps: u64,
    budget: u64,
    /// Rust-level nesting of runs: natives and constructors that call JavaScript.
    depth: usize,
    /// JavaScript frames alive, on every run's frame stack.
    frames: usize,
    /// Emptied slots of the heap and of the scopes, for reuse (see gc.rs).
    free_objects: Vec<ObjId>,
    free_scopes: Vec<ScopeId>,
    made_since_collect: usize,
    /// Cells made between collections.
    collect_every: usize,
    pub collections: usize,
    /// Objects and scopes allowed at once, from the heap limit.
    max_cells: usize,
    heap_limit_bytes: u64,
    /// The heap limit was reached: the run stops at the next step.
    heap_exceeded: bool,
    is_module: bool,
    pub race: Option<String>,
    phase: &'static str,
    promise_ctor: ObjId,
    /// The built-in prototypes every new object of their kind starts with.
    protos: Intrinsics,
    /// `Math.random()`'s generator.
    random: natives::Random,
    /// What `require(name)` and `import ... from name` give, by name without `node:`.
    modules: Vec<(&'static str, Value)>,
    /// Set when the program reached something outside the subset; the run stops with it.
    unsupported: Option<Error>,
}

/// The prototypes of the built-in kinds of object.
#[derive(Default, Clone, Copy)]
struct Intrinsics {
    object: ObjId,
    function: ObjId,
    array: ObjId,
    promise: ObjId,
    error: ObjId,
    string: ObjId,
    number: ObjId,
    boolean: ObjId,
    map: ObjId,
    set: ObjId,
    iterator: ObjId,
    timeout: ObjId,
    als: ObjId,
    date: ObjId,
}

/// Node's runtime pieces that are written in JavaScript (see the file's first lines).
const PRELUDE: &str = include_str!("prelude.js");

/// Prototype chains are followed this far at most (a program cannot make a longer one here).
const MAX_PROTO_CHAIN: usize = 10_000;

/// `"3"` is an array index, `"03"` and `"-1"` are not.
fn array_index(key: &str) -> Option<usize> {
    if key == "0" || (!key.is_empty() && !key.starts_with('0') && key.bytes().all(|b| b.is_ascii_digit())) {
        key.parse().ok()
    } else {
        None
    }
}

/// The memory a program may hold unless its runner says otherwise: small enough for a tab.
pub const DEFAULT_HEAP_LIMIT: u64 = 512 * 1024 * 1024;

/// JavaScript frames alive at once before a RangeError (Node 20 allows about 10,800 of the
/// simplest recursive function). Frames live on the heap: this is not bounded by the Rust stack.
const MAX_FRAMES: usize = 10_000;

/// Nested runs of the machine allowed before a RangeError: natives that call JavaScript back
/// (map, sort, getters, constructors) nest on the Rust stack, a few frames each. 100 of them
/// fit a browser's 1 MiB wasm stack in a release build; a debug build needs a bigger thread
/// (evloop and the tests give it one).
const MAX_CALL_DEPTH: usize = 100;

/// Globals of JavaScript and Node that the subset does not have: using one is reported as
/// unsupported (with its position), not as a ReferenceError Node would never throw.
const MISSING_GLOBALS: &[&str] = &[
    "WeakMap", "WeakSet", "Symbol", "Reflect",
    "Proxy", "BigInt", "Intl", "RegExp", "fetch", "Buffer",
    "globalThis", "global", "AbortController", "AbortSignal", "EventTarget", "structuredClone", "URL", "TextEncoder", "TextDecoder", "WeakRef", "FinalizationRegistry", "Atomics", "SharedArrayBuffer",
    "ArrayBuffer", "Uint8Array", "setTimeoutPromise", "import", "__dirname", "arguments", "eval", "Function",
];

/// A ReferenceError to throw: made by the step that found the problem (see `Abrupt::Reference`).
fn reference_error(msg: String) -> Abrupt {
    Abrupt::Reference(msg)
}

impl Vm {
    pub fn new(is_module: bool, budget: u64) -> Vm {
        let mut vm = Vm {
            heap: Vec::new(),
            scopes: vec![Scope::default()],
            global: 0,
            now: 0,
            ticks: VecDeque::new(),
            context: None,
            microtasks: VecDeque::new(),
            timer_lists: BTreeMap::new(),
            timers: HashMap::new(),
            next_timer: 1,
            next_list: 1,
            immediates: VecDeque::new(),
            cleared_immediates: HashSet::new(),
            io: Vec::new(),
            pending_rejections: Vec::new(),
            suspended: Vec::new(),
            resolved_records: Vec::new(),
            combinators: Vec::new(),
            element_called: Vec::new(),
            output: Vec::new(),
            errors: Vec::new(),
            trace: Vec::new(),
            steps: 0,
            budget,
            depth: 0,
            frames: 0,
            free_objects: Vec::new(),
            free_scopes: Vec::new(),
            made_since_collect: 0,
            collect_every: gc::COLLECT_EVERY,
            collections: 0,
            max_cells: (DEFAULT_HEAP_LIMIT / gc::BYTES_PER_CELL) as usize,
            heap_limit_bytes: DEFAULT_HEAP_LIMIT,
            heap_exceeded: false,
            is_module,
            race: None,
            phase: "main",
            promise_ctor: 0,
            protos: Intrinsics::default(),
            random: natives::Random::new(1),
            modules: Vec::new(),
            unsupported: None,
        };
        vm.install_globals();
        vm
    }

    /// A new object with the prototype its kind starts with.
    /// Seeds `Math.random()` (the run's seed; 1 unless the caller says otherwise).
    pub fn seed(&mut self, seed: u32) {
        self.random = natives::Random::new(seed);
    }

    fn alloc(&mut self, kind: ObjKind) -> ObjId {
        let proto = match &kind {
            ObjKind::Array(_) => self.protos.array,
            ObjKind::Function(_) => self.protos.function,
            ObjKind::Promise(_) => self.protos.promise,
            ObjKind::Error => self.protos.error,
            ObjKind::Iterator(_) => self.protos.iterator,
            ObjKind::Map(m) if m.is_set => self.protos.set,
            ObjKind::Map(_) => self.protos.map,
            ObjKind::Timer(_) => self.protos.timeout,
            ObjKind::Date(_) => self.protos.date,
            ObjKind::Plain | ObjKind::Immediate(_) => self.protos.object,
        };
        self.alloc_with(kind, Some(proto))
    }

    fn alloc_with(&mut self, kind: ObjKind, proto: Option<ObjId>) -> ObjId {
        self.counted_cell();
        match self.free_objects.pop() {
            Some(id) => {
                self.heap[id] = Object::new(kind, proto);
                id
            }
            None => {
                self.heap.push(Object::new(kind, proto));
                self.heap.len() - 1
            }
        }
    }

    /// Counts a new object or scope; past the heap limit the run stops at its next step.
    fn counted_cell(&mut self) {
        self.made_since_collect += 1;
        if self.live_cells() >= self.max_cells {
            self.heap_exceeded = true;
        }
    }

    fn push_scope(&mut self, scope: Scope) -> ScopeId {
        self.counted_cell();
        match self.free_scopes.pop() {
            Some(id) => {
                self.scopes[id] = scope;
                id
            }
            None => {
                self.scopes.push(scope);
                self.scopes.len() - 1
            }
        }
    }

    /// Collect after this many new cells (tests make it 1, to collect at every safe point).
    pub fn collect_every(&mut self, cells: usize) {
        self.collect_every = cells.max(1);
    }

    /// The most memory the program may hold, in bytes (512 MiB unless the caller says).
    pub fn heap_limit(&mut self, bytes: u64) {
        self.max_cells = usize::try_from((bytes / gc::BYTES_PER_CELL).max(1024)).unwrap_or(usize::MAX);
        self.heap_limit_bytes = bytes;
    }

    fn native(&mut self, n: Native) -> Value {
        Value::Obj(self.alloc(ObjKind::Function(Callable::Native(n))))
    }

    /// Creates or replaces an own, enumerable data property.
    fn set_prop(&mut self, obj: ObjId, key: &str, v: Value) {
        self.define(obj, key, Slot::Data(v), true);
    }

    /// Creates or replaces an own property, keeping its place in the key order.
    fn define(&mut self, obj: ObjId, key: &str, slot: Slot, enumerable: bool) {
        let props = &mut self.heap[obj].props;
        match props.iter_mut().find(|p| &*p.key == key) {
            Some(p) => {
                p.slot = slot;
                p.enumerable = enumerable;
            }
            None => props.push(Property { key: Rc::from(key), slot, enumerable }),
        }
    }

    /// A built-in's own property: not enumerable, as the spec makes them.
    fn define_hidden(&mut self, obj: ObjId, key: &str, v: Value) {
        self.define(obj, key, Slot::Data(v), false);
    }

    fn declare_global(&mut self, name: &str, v: Value) {
        self.scopes[self.global].vars.push(Binding { name: Rc::from(name), value: Some(v), constant: false });
    }

    fn install_globals(&mut self) {
        // The prototypes first: everything made after them links to them.
        let object = self.alloc_with(ObjKind::Plain, None);
        let function = self.alloc_with(ObjKind::Function(Callable::Native(Native::ValueThunk { value: Value::Undefined })), Some(object));
        self.protos = Intrinsics { object, function, ..Intrinsics::default() };
        self.protos.array = self.alloc_with(ObjKind::Array(Vec::new()), Some(object));
        self.protos.promise = self.alloc_with(ObjKind::Plain, Some(object));
        self.protos.error = self.alloc_with(ObjKind::Plain, Some(object));
        for (name, n) in [("call", Native::FunctionCall), ("apply", Native::FunctionApply), ("bind", Native::FunctionBind)] {
            let f = self.native(n);
            self.define_hidden(function, name, f);
        }
        let has_own = self.native(Native::HasOwnProperty);
        self.define_hidden(object, "hasOwnProperty", has_own);
        let push = self.native(Native::ArrayPush);
        self.define_hidden(self.protos.array, "push", push);
        for (name, n) in [("then", Native::Then), ("catch", Native::Catch), ("finally", Native::Finally)] {
            let f = self.native(n);
            self.define_hidden(self.protos.promise, name, f);
        }
        self.install_errors();
        self.install_library();
        self.install_node_natives();
        let console = self.alloc(ObjKind::Plain);
        for name in ["log", "info", "debug"] {
            let log = self.native(Native::ConsoleLog);
            self.set_prop(console, name, log);
        }
        for name in ["error", "warn"] {
            let error = self.native(Native::ConsoleError);
            self.set_prop(console, name, error);
        }
        self.declare_global("console", Value::Obj(console));
        for (name, n) in [
            ("setTimeout", Native::SetTimeout { repeat: false }),
            ("setInterval", Native::SetTimeout { repeat: true }),
            ("clearTimeout", Native::ClearTimer),
            ("clearInterval", Native::ClearTimer),
            ("setImmediate", Native::SetImmediate),
            ("clearImmediate", Native::ClearImmediate),
            ("queueMicrotask", Native::QueueMicrotask),
        ] {
            let f = self.native(n);
            self.declare_global(name, f);
        }
        let process = self.alloc(ObjKind::Plain);
        let next_tick = self.native(Native::NextTick);
        self.set_prop(process, "nextTick", next_tick);
        self.declare_global("process", Value::Obj(process));
        let promise = self.alloc(ObjKind::Function(Callable::Native(Native::PromiseResolve)));
        self.promise_ctor = promise;
        for (name, n) in [
            ("resolve", Native::PromiseResolve),
            ("reject", Native::PromiseReject),
            ("all", Native::PromiseCombinator(Combinator::All)),
            ("allSettled", Native::PromiseCombinator(Combinator::AllSettled)),
            ("race", Native::PromiseCombinator(Combinator::Race)),
            ("any", Native::PromiseCombinator(Combinator::Any)),
        ] {
            let f = self.native(n);
            self.set_prop(promise, name, f);
        }
        self.define_hidden(promise, "prototype", Value::Obj(self.protos.promise));
        self.define_hidden(self.protos.promise, "constructor", Value::Obj(promise));
        self.define_hidden(promise, "name", Value::str("Promise"));
        self.declare_global("Promise", Value::Obj(promise));
        self.declare_global("NaN", Value::Num(f64::NAN));
        self.declare_global("Infinity", Value::Num(f64::INFINITY));
        // At the top of a CommonJS file `this` is `module.exports`; of a module, undefined.
        let top_this = if self.is_module { Value::Undefined } else { Value::Obj(self.alloc(ObjKind::Plain)) };
        if !self.is_module {
            let module = self.alloc(ObjKind::Plain);
            self.set_prop(module, "exports", top_this.clone());
            self.declare_global("module", Value::Obj(module));
            self.declare_global("exports", top_this.clone());
        }
        self.scopes[self.global].vars.push(Binding { name: Rc::from("this"), value: Some(top_this), constant: true });
        if !self.is_module {
            let require = self.native(Native::Require);
            self.declare_global("require", require);
            self.declare_global("__filename", Value::str("/main.js"));
        }
    }

    /// Timeout objects' `ref`/`unref`, AsyncLocalStorage, and the modules made of natives.
    fn install_node_natives(&mut self) {
        let timeout = self.alloc(ObjKind::Plain);
        for (name, n) in [("unref", Native::TimerRef { keep_alive: false }), ("ref", Native::TimerRef { keep_alive: true }), ("hasRef", Native::TimerHasRef)] {
            let f = self.native(n);
            self.define_hidden(timeout, name, f);
        }
        self.protos.timeout = timeout;
        let als_proto = self.alloc(ObjKind::Plain);
        for (name, n) in [("run", Native::AlsRun), ("getStore", Native::AlsGetStore), ("enterWith", Native::AlsEnterWith), ("exit", Native::AlsExit)] {
            let f = self.native(n);
            self.define_hidden(als_proto, name, f);
        }
        self.protos.als = als_proto;
        let als = self.native(Native::AsyncLocalStorage);
        let als_id = als.as_obj().unwrap();
        self.define_hidden(als_id, "name", Value::str("AsyncLocalStorage"));
        self.define_hidden(als_id, "prototype", Value::Obj(als_proto));
        self.define_hidden(als_proto, "constructor", als.clone());
        let async_hooks = self.alloc(ObjKind::Plain);
        self.set_prop(async_hooks, "AsyncLocalStorage", als);
        self.modules.push(("async_hooks", Value::Obj(async_hooks)));
        let fs = self.alloc(ObjKind::Plain);
        let read = self.native(Native::ReadFile);
        self.set_prop(fs, "readFile", read);
        self.modules.push(("fs", Value::Obj(fs)));
        let timers = self.alloc(ObjKind::Plain);
        for name in ["setTimeout", "setInterval", "setImmediate", "clearTimeout", "clearInterval", "clearImmediate"] {
            if let Some(f) = self.global_value(name) {
                self.set_prop(timers, name, f);
            }
        }
        self.modules.push(("timers", Value::Obj(timers)));
    }

    /// Runs `prelude.js` (EventEmitter, EventTarget, AbortController, AbortSignal,
    /// DOMException, timers/promises) and files what it returns as globals and modules.
    fn install_prelude(&mut self) -> Result<(), Abrupt> {
        let options = super::parser::Options { goal: super::parser::Goal::Script, typescript: false };
        let proto = match super::parser::parse(PRELUDE, options).and_then(|p| super::compile::function_expression(&p.body)) {
            Ok(proto) => proto,
            Err(e) => unreachable!("prelude.js is part of the engine and compiles: {e}"),
        };
        let global = self.global;
        let factory = Value::Obj(self.alloc(ObjKind::Function(Callable::Closure { proto, scope: global, home: None, class: None })));
        let natives = ["setTimeout", "clearTimeout", "setImmediate"].map(|n| self.global_value(n).unwrap_or(Value::Undefined));
        let exports = self.call(&factory, Value::Undefined, natives.to_vec())?;
        for name in ["AbortController", "AbortSignal", "DOMException", "EventTarget", "Event"] {
            let v = self.get_prop(&exports, name)?;
            self.declare_global(name, v);
        }
        let emitter = self.get_prop(&exports, "EventEmitter")?;
        self.modules.push(("events", emitter));
        let timers_promises = self.get_prop(&exports, "timersPromises")?;
        self.modules.push(("timers/promises", timers_promises));
        Ok(())
    }

    /// `require(name)` or an import's module: the built-in modules by name, `node:` or not.
    fn module(&mut self, name: &str, pos: Pos) -> Result<Value, Abrupt> {
        let bare = name.strip_prefix("node:").unwrap_or(name);
        match self.modules.iter().find(|(n, _)| *n == bare) {
            Some((_, m)) => Ok(m.clone()),
            None => {
                let what = format!("the module '{name}' (the subset has events, timers, timers/promises, async_hooks and fs)");
                Err(self.stop_unsupported(pos, &what))
            }
        }
    }

    /// `Error` and its kinds: constructors whose prototypes chain to `Error.prototype`, which
    /// holds `name`, `message` and `toString`.
    fn install_errors(&mut self) {
        let base = self.protos.error;
        for name in ["Error", "TypeError", "RangeError", "ReferenceError", "SyntaxError", "AggregateError"] {
            let proto = if name == "Error" { base } else { self.alloc_with(ObjKind::Plain, Some(base)) };
            let ctor_value = self.native(Native::ErrorConstructor { prototype: proto });
            let ctor = ctor_value.as_obj().expect("a native is an object");
            self.define_hidden(ctor, "name", Value::str(name));
            self.define_hidden(ctor, "prototype", Value::Obj(proto));
            self.define_hidden(proto, "constructor", ctor_value.clone());
            self.define_hidden(proto, "name", Value::str(name));
            self.define_hidden(proto, "message", Value::str(""));
            if name != "Error" {
                if let Some(Value::Obj(error)) = self.global_value("Error") {
                    self.heap[ctor].proto = Some(error);
                }
            }
            self.declare_global(name, ctor_value);
        }
        let to_string = self.native(Native::ErrorToString);
        self.define_hidden(base, "toString", to_string);
    }

    fn global_value(&self, name: &str) -> Option<Value> {
        self.scopes[self.global].vars.iter().find(|b| &*b.name == name).and_then(|b| b.value.clone())
    }

    fn event(&mut self, kind: &str, detail: String) {
        let queues = Queues {
            ticks: self.ticks.len(),
            microtasks: self.microtasks.len(),
            immediates: self.immediates.len(),
            timers: self.timers.values().filter(|t| t.active).count(),
        };
        self.trace.push(TraceEvent { at: self.now, phase: self.phase, kind: kind.to_string(), detail, queues });
    }

    // ----------------------------------------------------------------- errors and conversions

    /// An error of one of the built-in kinds, as the runtime throws them.
    fn error_value(&mut self, name: &str, message: &str) -> Value {
        let proto = match self.global_value(name) {
            Some(Value::Obj(ctor)) => match self.heap[ctor].own_value("prototype") {
                Some(Value::Obj(p)) => *p,
                _ => self.protos.error,
            },
            _ => self.protos.error,
        };
        let e = self.alloc_with(ObjKind::Error, Some(proto));
        self.define_hidden(e, "message", Value::str(message));
        Value::Obj(e)
    }

    /// A data property through the prototype chain, without running getters (for messages).
    fn peek_prop(&self, id: ObjId, key: &str) -> Option<Value> {
        super::format::lookup(&self.heap, id, key)
    }

    fn type_error(&mut self, message: String) -> Value {
        self.error_value("TypeError", &message)
    }

    fn describe_thrown(&self, v: &Value) -> String {
        match v {
            Value::Obj(id) if matches!(self.heap[*id].kind, ObjKind::Error) => self.error_text(*id),
            // Node prints a thrown string as it is, anything else as inspect shows it.
            Value::Str(s) => s.to_string(),
            other => format_log_line(&self.heap, std::slice::from_ref(other)),
        }
    }

    fn to_display(&self, v: &Value) -> String {
        match v {
            Value::Str(s) => s.to_string(),
            other => format_log_line(&self.heap, std::slice::from_ref(other)),
        }
    }

    pub fn to_string(&self, v: &Value) -> String {
        match v {
            Value::Undefined => "undefined".into(),
            Value::Null => "null".into(),
            Value::Bool(b) => b.to_string(),
            Value::Num(n) => number_to_string(*n),
            Value::Str(s) => s.to_string(),
            Value::Obj(id) => match &self.heap[*id].kind {
                ObjKind::Array(items) => items
                    .iter()
                    .map(|v| if matches!(v, Value::Undefined | Value::Null) { String::new() } else { self.to_string(v) })
                    .collect::<Vec<_>>()
                    .join(","),
                ObjKind::Error => self.error_text(*id),
                ObjKind::Promise(_) => "[object Promise]".into(),
                ObjKind::Date(t) => natives::date_string(*t, false),
                ObjKind::Function(_) => "function () { [native code] }".into(),
                _ => "[object Object]".into(),
            },
        }
    }

    /// `Error.prototype.toString`: "name: message", either part left out when empty.
    fn error_text(&self, id: ObjId) -> String {
        let text = |k: &str, default: &str| match self.peek_prop(id, k) {
            Some(Value::Undefined) | None => default.to_string(),
            Some(v) => self.to_string(&v),
        };
        let (name, message) = (text("name", "Error"), text("message", ""));
        match (name.is_empty(), message.is_empty()) {
            (_, true) => name,
            (true, false) => message,
            (false, false) => format!("{name}: {message}"),
        }
    }

    fn to_number(&self, v: &Value) -> f64 {
        match v {
            Value::Undefined => f64::NAN,
            Value::Null => 0.0,
            Value::Bool(b) => f64::from(u8::from(*b)),
            Value::Num(n) => *n,
            Value::Str(s) => {
                let t = s.trim();
                if t.is_empty() {
                    0.0
                } else if t == "Infinity" || t == "+Infinity" {
                    f64::INFINITY
                } else if t == "-Infinity" {
                    f64::NEG_INFINITY
                } else if let Some((radix, digits)) = [("0x", 16), ("0X", 16), ("0o", 8), ("0O", 8), ("0b", 2), ("0B", 2)]
                    .iter()
                    .find_map(|(p, r)| t.strip_prefix(p).map(|d| (*r, d)))
                {
                    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
                        f64::NAN
                    } else {
                        digits.chars().fold(0.0, |acc, c| acc * f64::from(radix) + f64::from(c.to_digit(radix).unwrap_or(0)))
                    }
                } else if t.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-')) {
                    t.parse().unwrap_or(f64::NAN)
                } else {
                    f64::NAN
                }
            }
            Value::Obj(_) => {
                let s = self.to_string(v);
                self.to_number(&Value::Str(Rc::from(s.as_str())))
            }
        }
    }

    fn strict_equals(a: &Value, b: &Value) -> bool {
        match (a, b) {
            (Value::Num(x), Value::Num(y)) => x == y,
            _ => a == b,
        }
    }

    fn binary(&mut self, op: BinOp, a: Value, b: Value) -> Value {
        match op {
            BinOp::Add => {
                let prim = |vm: &Vm, v: &Value| match v {
                    Value::Obj(_) => Value::Str(Rc::from(vm.to_string(v).as_str())),
                    other => other.clone(),
                };
                let (a, b) = (prim(self, &a), prim(self, &b));
                if matches!(a, Value::Str(_)) || matches!(b, Value::Str(_)) {
                    Value::Str(Rc::from(format!("{}{}", self.to_string(&a), self.to_string(&b)).as_str()))
                } else {
                    Value::Num(self.to_number(&a) + self.to_number(&b))
                }
            }
            BinOp::Sub => Value::Num(self.to_number(&a) - self.to_number(&b)),
            BinOp::Mul => Value::Num(self.to_number(&a) * self.to_number(&b)),
            BinOp::Div => Value::Num(self.to_number(&a) / self.to_number(&b)),
            BinOp::Rem => Value::Num(self.to_number(&a) % self.to_number(&b)),
            BinOp::StrictEq => Value::Bool(Self::strict_equals(&a, &b)),
            BinOp::StrictNe => Value::Bool(!Self::strict_equals(&a, &b)),
            BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
                let ordering = match (&a, &b) {
                    (Value::Str(x), Value::Str(y)) => Some(x.encode_utf16().cmp(y.encode_utf16())),
                    _ => self.to_number(&a).partial_cmp(&self.to_number(&b)),
                };
                let Some(o) = ordering else { return Value::Bool(false) };
                Value::Bool(match op {
                    BinOp::Lt => o.is_lt(),
                    BinOp::Le => o.is_le(),
                    BinOp::Gt => o.is_gt(),
                    _ => o.is_ge(),
                })
            }
            BinOp::Exp => Value::Num(exponent(self.to_number(&a), self.to_number(&b))),
            BinOp::BitAnd => Value::Num(f64::from(to_int32(self.to_number(&a)) & to_int32(self.to_number(&b)))),
            BinOp::BitOr => Value::Num(f64::from(to_int32(self.to_number(&a)) | to_int32(self.to_number(&b)))),
            BinOp::BitXor => Value::Num(f64::from(to_int32(self.to_number(&a)) ^ to_int32(self.to_number(&b)))),
            // Shift counts use their low five bits.
            BinOp::Shl => Value::Num(f64::from(to_int32(self.to_number(&a)).wrapping_shl(to_int32(self.to_number(&b)) as u32 & 31))),
            BinOp::Shr => Value::Num(f64::from(to_int32(self.to_number(&a)) >> (to_int32(self.to_number(&b)) as u32 & 31))),
            BinOp::UShr => Value::Num(f64::from((to_int32(self.to_number(&a)) as u32) >> (to_int32(self.to_number(&b)) as u32 & 31))),
            BinOp::LooseEq => Value::Bool(self.loose_equals(&a, &b)),
            BinOp::LooseNe => Value::Bool(!self.loose_equals(&a, &b)),
            BinOp::In | BinOp::InstanceOf => unreachable!("the compiler rejects `in` and `instanceof`"),
        }
    }

    /// `==`: null and undefined equal each other only; a boolean compares as a number; a number
    /// and a string compare as numbers; an object against a primitive compares as its string.
    fn loose_equals(&self, a: &Value, b: &Value) -> bool {
        match (a, b) {
            (Value::Undefined | Value::Null, Value::Undefined | Value::Null) => true,
            (Value::Undefined | Value::Null, _) | (_, Value::Undefined | Value::Null) => false,
            (Value::Obj(x), Value::Obj(y)) => x == y,
            (Value::Bool(_), _) => self.loose_equals(&Value::Num(self.to_number(a)), b),
            (_, Value::Bool(_)) => self.loose_equals(a, &Value::Num(self.to_number(b))),
            (Value::Num(_), Value::Str(_)) | (Value::Str(_), Value::Num(_)) => self.to_number(a) == self.to_number(b),
            (Value::Obj(_), _) => self.loose_equals(&Value::str(&self.to_string(a)), b),
            (_, Value::Obj(_)) => self.loose_equals(a, &Value::str(&self.to_string(b))),
            _ => Self::strict_equals(a, b),
        }
    }

    // --------------------------------------------------------------------------- properties

    fn get_prop(&mut self, obj: &Value, key: &str) -> Result<Value, Abrupt> {
        let start = match obj {
            Value::Undefined | Value::Null => {
                let what = if *obj == Value::Null { "null" } else { "undefined" };
                return Err(self.type_error(format!("Cannot read properties of {what} (reading '{key}')")).into());
            }
            Value::Str(s) => {
                if key == "length" {
                    return Ok(Value::Num(s.encode_utf16().count() as f64));
                }
                if let Some(i) = array_index(key) {
                    return Ok(s.encode_utf16().nth(i).map(|u| Value::str(&String::from_utf16_lossy(&[u]))).unwrap_or(Value::Undefined));
                }
                return self.get_from(self.protos.string, key, obj);
            }
            Value::Num(_) => return self.get_from(self.protos.number, key, obj),
            Value::Bool(_) => return self.get_from(self.protos.boolean, key, obj),
            Value::Obj(id) => *id,
        };
        if let ObjKind::Map(m) = &self.heap[start].kind {
            if key == "size" {
                return Ok(Value::Num(m.size() as f64));
            }
        }
        // V8 writes an error's stack when it is first read, so it shows the name the
        // constructor set. The frames are the program's as far as the machine knows them.
        if key == "stack" && matches!(self.heap[start].kind, ObjKind::Error) && self.heap[start].own("stack").is_none() {
            let text = format!("{}\n    at <anonymous>", self.error_text(start));
            self.define_hidden(start, "stack", Value::str(&text));
        }
        if let ObjKind::Function(c) = &self.heap[start].kind {
            if self.heap[start].own(key).is_none() {
                match (key, c) {
                    ("name", _) => return Ok(Value::str(&super::format::function_name(&self.heap, start))),
                    ("length", Callable::Closure { proto, .. }) => return Ok(Value::Num(proto.length as f64)),
                    _ => {}
                }
            }
        }
        let mut id = start;
        for _ in 0..MAX_PROTO_CHAIN {
            match &self.heap[id].kind {
                ObjKind::Array(items) if key == "length" => return Ok(Value::Num(items.len() as f64)),
                ObjKind::Array(items) => {
                    if let Some(i) = array_index(key) {
                        if let Some(v) = items.get(i) {
                            return Ok(v.clone());
                        }
                    }
                }
                _ => {}
            }
            match self.heap[id].own(key).map(|p| p.slot.clone()) {
                Some(Slot::Data(v)) => return Ok(v),
                Some(Slot::Accessor { get, .. }) => {
                    if get == Value::Undefined {
                        return Ok(Value::Undefined);
                    }
                    return self.call(&get, obj.clone(), vec![]);
                }
                None => match self.heap[id].proto {
                    Some(p) => id = p,
                    None => return Ok(Value::Undefined),
                },
            }
        }
        Ok(Value::Undefined)
    }

    /// Where `key` is found on `start` or its prototypes, if it is an accessor: its setter.
    fn find_setter(&self, start: ObjId, key: &str) -> Option<Value> {
        let mut id = start;
        for _ in 0..MAX_PROTO_CHAIN {
            match self.heap[id].own(key).map(|p| &p.slot) {
                Some(Slot::Accessor { set, .. }) => return Some(set.clone()),
                Some(Slot::Data(_)) => return None,
                None => id = self.heap[id].proto?,
            }
        }
        None
    }

    /// `obj[key] = v` as strict code does it (natives, classes, modules): a write that cannot
    /// happen is a TypeError.
    fn put_prop(&mut self, obj: &Value, key: &str, v: Value) -> Result<(), Abrupt> {
        self.put_prop_in(obj, key, v, true)
    }

    /// `obj[key] = v`; sloppy code ignores the writes strict code refuses.
    fn put_prop_in(&mut self, obj: &Value, key: &str, v: Value, strict: bool) -> Result<(), Abrupt> {
        match obj {
            Value::Undefined | Value::Null => {
                let what = if *obj == Value::Null { "null" } else { "undefined" };
                Err(self.type_error(format!("Cannot set properties of {what} (setting '{key}')")).into())
            }
            Value::Obj(id) => {
                let id = *id;
                if let ObjKind::Array(items) = &mut self.heap[id].kind {
                    if let Ok(i) = key.parse::<usize>() {
                        if i > items.len() + 10_000 {
                            return Err(self.stop_unsupported(Pos::default(), "writing an array index far beyond its end"));
                        }
                        if i >= items.len() {
                            items.resize(i + 1, Value::Undefined);
                        }
                        items[i] = v;
                        return Ok(());
                    }
                    if key == "length" {
                        return Err(self.stop_unsupported(Pos::default(), "setting an array's length"));
                    }
                }
                if self.heap[id].frozen {
                    if !strict {
                        return Ok(());
                    }
                    let message = if self.heap[id].own(key).is_some() {
                        format!("Cannot assign to read only property '{key}' of object '{}'", self.object_tag(id))
                    } else {
                        format!("Cannot add property {key}, object is not extensible")
                    };
                    return Err(self.type_error(message).into());
                }
                if let Some(setter) = self.find_setter(id, key) {
                    if setter == Value::Undefined {
                        if !strict {
                            return Ok(());
                        }
                        let tag = self.object_tag(id);
                        return Err(self.type_error(format!("Cannot set property {key} of {tag} which has only a getter")).into());
                    }
                    self.call(&setter, obj.clone(), vec![v])?;
                    return Ok(());
                }
                match self.heap[id].props.iter_mut().find(|p| &*p.key == key) {
                    Some(p) => p.slot = Slot::Data(v),
                    None => self.heap[id].props.push(Property { key: Rc::from(key), slot: Slot::Data(v), enumerable: true }),
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// How V8 names an object in messages: `#<Temperature>`, `#<Object>`.
    fn object_tag(&self, id: ObjId) -> String {
        let name = super::format::constructor_name(&self.heap, id).unwrap_or_else(|| "Object".into());
        format!("#<{name}>")
    }

    /// `delete obj[key]`: removes an own property (an array element becomes undefined).
    fn delete_prop(&mut self, obj: &Value, key: &str, strict: bool) -> Result<bool, Abrupt> {
        let Value::Obj(id) = obj else {
            if matches!(obj, Value::Undefined | Value::Null) {
                let shown = self.to_display(obj);
                return Err(self.type_error(format!("Cannot convert undefined or null to object ({shown})")).into());
            }
            return Ok(true);
        };
        let id = *id;
        if self.heap[id].frozen {
            if strict {
                let tag = self.object_tag(id);
                return Err(self.type_error(format!("Cannot delete property '{key}' of {tag}")).into());
            }
            return Ok(false);
        }
        if let ObjKind::Array(items) = &mut self.heap[id].kind {
            if let Some(i) = array_index(key) {
                if let Some(item) = items.get_mut(i) {
                    *item = Value::Undefined;
                }
                return Ok(true);
            }
        }
        self.heap[id].props.retain(|p| &*p.key != key);
        Ok(true)
    }

    /// `obj instanceof ctor`: whether `ctor.prototype` is on obj's prototype chain.
    fn instance_of(&mut self, obj: &Value, ctor: &Value) -> Result<bool, Abrupt> {
        if !self.is_callable(ctor) {
            return Err(self.type_error("Right-hand side of 'instanceof' is not callable".into()).into());
        }
        let Value::Obj(mut id) = obj.clone() else { return Ok(false) };
        let target = self.get_prop(ctor, "prototype")?;
        let Value::Obj(target) = target else {
            return Err(self.type_error("Function has non-object prototype 'undefined' in instanceof check".into()).into());
        };
        for _ in 0..MAX_PROTO_CHAIN {
            match self.heap[id].proto {
                Some(p) if p == target => return Ok(true),
                Some(p) => id = p,
                None => return Ok(false),
            }
        }
        Ok(false)
    }

    /// Reads `key` starting at `start` (a prototype), running a getter with `receiver`.
    fn get_from(&mut self, start: ObjId, key: &str, receiver: &Value) -> Result<Value, Abrupt> {
        let mut id = start;
        for _ in 0..MAX_PROTO_CHAIN {
            match self.heap[id].own(key).map(|p| p.slot.clone()) {
                Some(Slot::Data(v)) => return Ok(v),
                Some(Slot::Accessor { get: Value::Undefined, .. }) => return Ok(Value::Undefined),
                Some(Slot::Accessor { get, .. }) => return self.call(&get, receiver.clone(), vec![]),
                None => match self.heap[id].proto {
                    Some(p) => id = p,
                    None => return Ok(Value::Undefined),
                },
            }
        }
        Ok(Value::Undefined)
    }

    /// A binding's value seen from `scope` (the hidden ones: `%home`, `%func`, `%newtarget`).
    fn binding(&self, scope: ScopeId, name: &str) -> Option<Value> {
        self.lookup(scope, name).and_then(|(s, i)| self.scopes[s].vars[i].value.clone())
    }

    /// An anonymous function stored under a computed key takes the key as its name.
    fn name_anonymous(&mut self, v: &Value, key: &str) {
        if let Some(id) = v.as_obj() {
            let anonymous = matches!(&self.heap[id].kind, ObjKind::Function(Callable::Closure { proto, .. }) if proto.name.is_empty());
            if anonymous && self.heap[id].own("name").is_none() {
                self.define_hidden(id, "name", Value::str(key));
            }
        }
    }

    fn set_home(&mut self, f: &Value, home: ObjId) {
        if let Some(id) = f.as_obj() {
            if let ObjKind::Function(Callable::Closure { home: h, .. }) = &mut self.heap[id].kind {
                *h = Some(home);
            }
        }
    }

    fn define_accessor(&mut self, obj: ObjId, key: &str, setter: bool, f: Value, enumerable: bool) {
        let existing = self.heap[obj].own(key).map(|p| p.slot.clone());
        let slot = match (existing, setter) {
            (Some(Slot::Accessor { get, .. }), true) => Slot::Accessor { get, set: f },
            (Some(Slot::Accessor { set, .. }), false) => Slot::Accessor { get: f, set },
            (_, true) => Slot::Accessor { get: Value::Undefined, set: f },
            (_, false) => Slot::Accessor { get: f, set: Value::Undefined },
        };
        self.define(obj, key, slot, enumerable);
    }

    /// Defines a class's method, getter or setter (not enumerable) with its home object.
    fn define_method(&mut self, f: &Frame, key: &str, kind: MethodKind, is_static: bool, method: Value) {
        let n = f.stack.len();
        let target = if is_static { f.stack[n - 2].as_obj().unwrap() } else { f.stack[n - 1].as_obj().unwrap() };
        self.set_home(&method, target);
        match kind {
            MethodKind::Method => self.define_hidden(target, key, method),
            MethodKind::Getter => self.define_accessor(target, key, false, method, false),
            MethodKind::Setter => self.define_accessor(target, key, true, method, false),
        }
    }

    fn private_slot(&mut self, obj: &Value, class: u32, name: &str, verb: &str) -> Result<Slot, Abrupt> {
        let found = obj.as_obj().and_then(|id| self.heap[id].privates.iter().find(|(k, _)| k.0 == class && &*k.1 == name).map(|(_, s)| s.clone()));
        match found {
            Some(slot) => Ok(slot),
            None => {
                let preposition = if verb == "read" { "from" } else { "to" };
                Err(self.type_error(format!("Cannot {verb} private member #{name} {preposition} an object whose class did not declare it")).into())
            }
        }
    }

    /// `super(...args)` in a derived constructor: constructs with the parent, then the
    /// instance gets this class's fields and the constructor's parameter properties.
    fn super_call(&mut self, f: &Frame, args: Vec<Value>) -> Result<Value, Abrupt> {
        let Some(Value::Obj(func)) = self.binding(f.scope, "%func") else {
            return Err(self.error_value("SyntaxError", "'super' keyword unexpected here").into());
        };
        let new_target = self.binding(f.scope, "%newtarget").unwrap_or(Value::Undefined);
        let parent = self.heap[func].proto.map(Value::Obj).unwrap_or(Value::Undefined);
        let this = self.construct(&parent, args, &new_target)?;
        let Some((s, i)) = self.lookup(f.scope, "this") else { unreachable!("a constructor binds `this`") };
        if self.scopes[s].vars[i].value.is_some() {
            return Err(self.error_value("ReferenceError", "Super constructor may only be called once").into());
        }
        self.scopes[s].vars[i].value = Some(this.clone());
        self.initialize_instance(func, &this)?;
        for p in f.proto.param_properties.clone() {
            let v = self.binding(f.scope, &p).unwrap_or(Value::Undefined);
            self.put_prop(&this, &p, v)?;
        }
        Ok(this)
    }

    /// An iterator over a value `for ... of`, spread and array patterns can walk.
    fn iterator(&mut self, v: &Value) -> Result<Value, Abrupt> {
        let state = match v {
            Value::Obj(id) => match &self.heap[*id].kind {
                ObjKind::Array(_) => IterState::Array { array: *id, next: 0, kind: IterKind::Values },
                ObjKind::Map(m) => IterState::Map { map: *id, next: 0, kind: if m.is_set { IterKind::Values } else { IterKind::Entries } },
                ObjKind::Iterator(_) => return Ok(v.clone()),
                _ => {
                    let shown = self.to_display(v);
                    return Err(self.type_error(format!("{shown} is not iterable")).into());
                }
            },
            Value::Str(s) => IterState::Values { values: s.chars().map(|c| Value::str(c.encode_utf8(&mut [0; 4]))).collect(), next: 0 },
            other => {
                let shown = self.to_display(other);
                let message = if matches!(other, Value::Undefined | Value::Null) {
                    format!("{shown} is not iterable (cannot read property Symbol(Symbol.iterator))")
                } else {
                    format!("{shown} is not iterable")
                };
                return Err(self.type_error(message).into());
            }
        };
        Ok(Value::Obj(self.alloc(ObjKind::Iterator(state))))
    }

    fn iter_next(&mut self, it: &Value) -> Option<Value> {
        let id = it.as_obj()?;
        if let ObjKind::Iterator(IterState::Map { map, next, kind }) = self.heap[id].kind.clone() {
            return self.map_iter_next(id, map, next, kind);
        }
        let (source, index, kind) = match &mut self.heap[id].kind {
            ObjKind::Iterator(IterState::Values { values, next }) => {
                let v = values.get(*next).cloned();
                *next += 1;
                return v;
            }
            ObjKind::Iterator(IterState::Array { array, next, kind }) => {
                *next += 1;
                (*array, *next - 1, *kind)
            }
            _ => return None,
        };
        let item = match &self.heap[source].kind {
            ObjKind::Array(items) => items.get(index).cloned(),
            _ => None,
        }?;
        Some(match kind {
            IterKind::Values => item,
            IterKind::Keys => Value::Num(index as f64),
            IterKind::Entries => Value::Obj(self.alloc(ObjKind::Array(vec![Value::Num(index as f64), item]))),
        })
    }

    /// The next live entry of a Map or Set: deleted entries are skipped, added ones visited.
    fn map_iter_next(&mut self, it: ObjId, map: ObjId, from: usize, kind: IterKind) -> Option<Value> {
        let (entry, next) = match &self.heap[map].kind {
            ObjKind::Map(m) => {
                let mut i = from;
                while i < m.entries.len() && m.entries[i].is_none() {
                    i += 1;
                }
                (m.entries.get(i).cloned().flatten(), i + 1)
            }
            _ => (None, from),
        };
        if let ObjKind::Iterator(IterState::Map { next: n, .. }) = &mut self.heap[it].kind {
            *n = next;
        }
        let (k, v) = entry?;
        Some(match kind {
            IterKind::Keys => k,
            IterKind::Values => v,
            IterKind::Entries => Value::Obj(self.alloc(ObjKind::Array(vec![k, v]))),
        })
    }

    fn array_items(&self, v: &Value) -> Vec<Value> {
        match v.as_obj().map(|id| &self.heap[id].kind) {
            Some(ObjKind::Array(items)) => items.clone(),
            _ => Vec::new(),
        }
    }

    /// Own enumerable string keys in JavaScript's order (integer keys first), and with
    /// `inherited` those of the prototypes too (`for ... in`).
    fn enumerable_keys(&self, v: &Value, inherited: bool) -> Vec<String> {
        let mut keys: Vec<String> = Vec::new();
        match v {
            Value::Str(s) => return (0..s.chars().count()).map(|i| i.to_string()).collect(),
            Value::Obj(id) => {
                let mut current = Some(*id);
                let mut depth = 0;
                while let Some(o) = current {
                    let obj = &self.heap[o];
                    if let ObjKind::Array(items) = &obj.kind {
                        keys.extend((0..items.len()).map(|i| i.to_string()));
                    }
                    let mut own: Vec<&Property> = obj.props.iter().filter(|p| p.enumerable).collect();
                    own.sort_by_key(|p| array_index(&p.key).map_or((1, 0), |i| (0, i)));
                    for p in own {
                        if !keys.iter().any(|k| **k == *p.key) {
                            keys.push(p.key.to_string());
                        }
                    }
                    depth += 1;
                    current = if inherited && depth < MAX_PROTO_CHAIN { obj.proto } else { None };
                }
            }
            _ => {}
        }
        keys
    }

    /// `key in obj`: an own or inherited property.
    fn has_property(&mut self, key: &str, obj: &Value) -> Result<bool, Abrupt> {
        let Value::Obj(mut id) = obj.clone() else {
            let shown = self.to_display(obj);
            return Err(self.type_error(format!("Cannot use 'in' operator to search for '{key}' in {shown}")).into());
        };
        for _ in 0..MAX_PROTO_CHAIN {
            if let ObjKind::Array(items) = &self.heap[id].kind {
                if key == "length" || array_index(key).is_some_and(|i| i < items.len()) {
                    return Ok(true);
                }
            }
            if self.heap[id].own(key).is_some() {
                return Ok(true);
            }
            match self.heap[id].proto {
                Some(p) => id = p,
                None => return Ok(false),
            }
        }
        Ok(false)
    }

    fn key_of(&self, v: &Value) -> String {
        match v {
            Value::Num(n) => number_to_string(*n),
            other => self.to_string(other),
        }
    }

    fn type_of(&self, v: &Value) -> &'static str {
        match v {
            Value::Undefined => "undefined",
            Value::Null => "object",
            Value::Bool(_) => "boolean",
            Value::Num(_) => "number",
            Value::Str(_) => "string",
            Value::Obj(_) if self.is_callable(v) => "function",
            Value::Obj(_) => "object",
        }
    }

    fn is_callable(&self, v: &Value) -> bool {
        matches!(v, Value::Obj(id) if matches!(self.heap[*id].kind, ObjKind::Function(_)))
    }

    fn is_promise(&self, v: &Value) -> bool {
        matches!(v, Value::Obj(id) if matches!(self.heap[*id].kind, ObjKind::Promise(_)))
    }

    // ---------------------------------------------------------------------------- scopes

    fn new_scope(&mut self, parent: ScopeId) -> ScopeId {
        self.push_scope(Scope { vars: Vec::new(), parent: Some(parent) })
    }

    fn lookup(&self, mut scope: ScopeId, name: &str) -> Option<(ScopeId, usize)> {
        loop {
            if let Some(i) = self.scopes[scope].vars.iter().rposition(|b| &*b.name == name) {
                return Some((scope, i));
            }
            scope = self.scopes[scope].parent?;
        }
    }

    // ----------------------------------------------------------------------------- calls

    /// Calls any function value. `Err` carries the thrown value.
    pub fn call(&mut self, f: &Value, this: Value, args: Vec<Value>) -> Result<Value, Abrupt> {
        let Value::Obj(id) = f else {
            let shown = self.to_display(f);
            return Err(self.type_error(format!("{shown} is not a function")).into());
        };
        let callable = match &self.heap[*id].kind {
            ObjKind::Function(c) => c.clone(),
            _ => {
                let shown = self.to_display(f);
                return Err(self.type_error(format!("{shown} is not a function")).into());
            }
        };
        match callable {
            Callable::Native(n) => self.call_native(n, this, args),
            Callable::Closure { proto, scope, home, .. } => {
                if let ProtoKind::ClassConstructor { .. } = proto.kind {
                    let name = super::format::function_name(&self.heap, *id);
                    return Err(self.type_error(format!("Class constructor {name} cannot be invoked without 'new'")).into());
                }
                let this = if proto.is_arrow { None } else { Some(Some(this)) };
                self.invoke(*id, proto, scope, home, this, args, Value::Undefined).map(|(v, _)| v)
            }
        }
    }

    /// Runs a closure's code in a new scope: its parameters, and unless it is an arrow (which
    /// sees its surroundings'), its own `this` (`Some(None)`: not yet made, in a derived
    /// constructor before `super()`), home object and `new.target`. Gives back the result and
    /// the scope, where a constructor's `this` ended up.
    #[allow(clippy::too_many_arguments)]
    fn invoke(
        &mut self,
        func: ObjId,
        proto: Rc<Proto>,
        scope: ScopeId,
        home: Option<ObjId>,
        this: Option<Option<Value>>,
        args: Vec<Value>,
        new_target: Value,
    ) -> Result<(Value, ScopeId), Abrupt> {
        if self.depth >= MAX_CALL_DEPTH || self.frames >= MAX_FRAMES {
            return Err(self.error_value("RangeError", "Maximum call stack size exceeded").into());
        }
        let frame = self.enter(func, proto, scope, home, this, args, new_target);
        let scope = frame.scope;
        let promise = frame.promise;
        self.depth += 1;
        self.frames += 1;
        let outcome = self.run(frame);
        self.depth -= 1;
        self.frames -= 1;
        let value = match (promise, outcome?) {
            (Some(p), _) => Value::Obj(p),
            (None, Outcome::Return(v)) => v,
            (None, Outcome::Throw(e)) => return Err(e.into()),
            (None, Outcome::Suspend) => Value::Undefined,
        };
        Ok((value, scope))
    }

    /// A new frame for a closure: its scope with `this`, the hidden bindings and the
    /// parameters, and the promise when it is async.
    #[allow(clippy::too_many_arguments)]
    fn enter(
        &mut self,
        func: ObjId,
        proto: Rc<Proto>,
        scope: ScopeId,
        home: Option<ObjId>,
        this: Option<Option<Value>>,
        args: Vec<Value>,
        new_target: Value,
    ) -> Frame {
        let scope = self.new_scope(scope);
        if let Some(this) = this {
            let vars = &mut self.scopes[scope].vars;
            vars.push(Binding { name: Rc::from("this"), value: this, constant: true });
            vars.push(Binding { name: Rc::from("%func"), value: Some(Value::Obj(func)), constant: true });
            vars.push(Binding { name: Rc::from("%home"), value: Some(home.map_or(Value::Undefined, Value::Obj)), constant: true });
            vars.push(Binding { name: Rc::from("%newtarget"), value: Some(new_target), constant: true });
        }
        let mut args = args;
        if proto.rest {
            let fixed = proto.params.len().saturating_sub(1);
            let rest: Vec<Value> = if args.len() > fixed { args.split_off(fixed) } else { Vec::new() };
            let array = self.alloc(ObjKind::Array(rest));
            args.resize(fixed, Value::Undefined);
            args.push(Value::Obj(array));
        }
        for (i, p) in proto.params.iter().enumerate() {
            let v = args.get(i).cloned().unwrap_or(Value::Undefined);
            self.scopes[scope].vars.push(Binding { name: p.clone(), value: Some(v), constant: false });
        }
        let promise = if proto.is_async { Some(self.new_promise()) } else { None };
        Frame { proto, pc: 0, stack: Vec::new(), scope, handlers: Vec::new(), completions: Vec::new(), promise }
    }

    /// A call from a step: a plain JavaScript function gets a frame of its own on the frame
    /// stack (`Flow::Call`); anything else (natives, class constructors, bound functions) is
    /// called here.
    fn call_from_step(&mut self, f: &Value, this: Value, args: Vec<Value>) -> Result<Result<Value, Frame>, Abrupt> {
        if let Value::Obj(id) = f {
            if let ObjKind::Function(Callable::Closure { proto, scope, home, .. }) = &self.heap[*id].kind {
                if !matches!(proto.kind, ProtoKind::ClassConstructor { .. }) {
                    let (proto, scope, home) = (proto.clone(), *scope, *home);
                    let this = if proto.is_arrow { None } else { Some(Some(this)) };
                    return Ok(Err(self.enter(*id, proto, scope, home, this, args, Value::Undefined)));
                }
            }
        }
        self.call(f, this, args).map(Ok)
    }

    /// A call of something that should be a function, with Node's TypeError when it is not.
    fn call_checked(&mut self, f: &Value, this: Value, args: Vec<Value>) -> Result<Value, Abrupt> {
        if !self.is_callable(f) {
            let shown = self.to_display(f);
            return Err(self.type_error(format!("{shown} is not a function")).into());
        }
        self.call(f, this, args)
    }

    fn is_constructor(&self, v: &Value) -> bool {
        match v {
            Value::Obj(id) => match &self.heap[*id].kind {
                ObjKind::Function(Callable::Closure { proto, .. }) => proto.kind != ProtoKind::NotConstructor && !proto.is_async,
                ObjKind::Function(Callable::Native(n)) => {
                    matches!(
                        n,
                        Native::ErrorConstructor { .. } | Native::PromiseResolve | Native::MapConstructor { .. } | Native::AsyncLocalStorage | Native::DateConstructor
                    )
                }
                _ => false,
            },
            _ => false,
        }
    }

    /// `new callee(...args)`, with `new_target` the constructor `new` was applied to (it differs
    /// from `callee` when a derived class's `super(...)` calls its parent).
    fn construct(&mut self, callee: &Value, args: Vec<Value>, new_target: &Value) -> Result<Value, Abrupt> {
        if !self.is_constructor(callee) {
            let shown = match callee {
                Value::Obj(id) if self.is_callable(callee) => super::format::function_name(&self.heap, *id),
                other => self.to_display(other),
            };
            return Err(self.type_error(format!("{shown} is not a constructor")).into());
        }
        let id = callee.as_obj().expect("constructors are objects");
        let callable = match &self.heap[id].kind {
            ObjKind::Function(c) => c.clone(),
            _ => unreachable!("checked by is_constructor"),
        };
        match callable {
            Callable::Native(Native::ErrorConstructor { prototype }) => {
                let proto = self.prototype_for(new_target, prototype)?;
                self.make_error(proto, &args)
            }
            Callable::Native(Native::DateConstructor) => {
                let proto = self.prototype_for(new_target, self.protos.date)?;
                let t = match args.as_slice() {
                    [] => natives::EPOCH_MS + self.now as f64,
                    [Value::Str(s)] => natives::parse_date(s),
                    [Value::Obj(o)] if matches!(self.heap[*o].kind, ObjKind::Date(_)) => match self.heap[*o].kind {
                        ObjKind::Date(t) => t,
                        _ => f64::NAN,
                    },
                    [single] => {
                        let v = self.to_number(single);
                        if v.is_finite() && v.abs() <= 8.64e15 { v.trunc() } else { f64::NAN }
                    }
                    many => {
                        let mut parts = [f64::NAN, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0];
                        for (i, p) in parts.iter_mut().enumerate() {
                            if let Some(v) = many.get(i) {
                                *p = self.to_number(v);
                            }
                        }
                        natives::make_time(&parts)
                    }
                };
                Ok(Value::Obj(self.alloc_with(ObjKind::Date(t), Some(proto))))
            }
            Callable::Native(Native::AsyncLocalStorage) => {
                let proto = self.prototype_for(new_target, self.protos.als)?;
                Ok(Value::Obj(self.alloc_with(ObjKind::Plain, Some(proto))))
            }
            Callable::Native(Native::MapConstructor { set }) => {
                let fallback = if set { self.protos.set } else { self.protos.map };
                let proto = self.prototype_for(new_target, fallback)?;
                self.construct_map(set, &args, proto)
            }
            Callable::Native(_) => {
                let executor = args.into_iter().next().unwrap_or(Value::Undefined);
                self.construct_promise(executor)
            }
            Callable::Closure { proto, scope, home, class } => {
                let derived = matches!(proto.kind, ProtoKind::ClassConstructor { derived: true });
                let this = if derived {
                    None
                } else {
                    let fallback = self.protos.object;
                    let prototype = self.prototype_for(new_target, fallback)?;
                    let obj = Value::Obj(self.alloc_with(ObjKind::Plain, Some(prototype)));
                    if class.is_some() {
                        self.initialize_instance(id, &obj)?;
                    }
                    Some(obj)
                };
                let default_derived = derived && class.as_ref().is_some_and(|c| c.default_constructor);
                if default_derived {
                    // `constructor(...args) { super(...args); }`.
                    let parent = self.heap[id].proto.map(Value::Obj).unwrap_or(Value::Undefined);
                    let obj = self.construct(&parent, args, new_target)?;
                    self.initialize_instance(id, &obj)?;
                    return Ok(obj);
                }
                let (result, scope) = self.invoke(id, proto, scope, home, Some(this), args, new_target.clone())?;
                if matches!(result, Value::Obj(_)) {
                    return Ok(result);
                }
                match self.lookup(scope, "this").and_then(|(s, i)| self.scopes[s].vars[i].value.clone()) {
                    Some(this) => Ok(this),
                    None => Err(self
                        .error_value(
                            "ReferenceError",
                            "Must call super constructor in derived class before accessing 'this' or returning from derived constructor",
                        )
                        .into()),
                }
            }
        }
    }

    /// `new_target.prototype` when it is an object, else the built-in one.
    fn prototype_for(&mut self, new_target: &Value, fallback: ObjId) -> Result<ObjId, Abrupt> {
        Ok(match self.get_prop(new_target, "prototype")? {
            Value::Obj(p) => p,
            _ => fallback,
        })
    }

    /// Runs a class's field initialisers (and adds its private methods) on a new instance.
    fn initialize_instance(&mut self, class: ObjId, obj: &Value) -> Result<(), Abrupt> {
        let fields = match &self.heap[class].kind {
            ObjKind::Function(Callable::Closure { class: Some(c), .. }) => c.fields.clone(),
            _ => None,
        };
        if let Some(fields) = fields {
            self.call(&fields, obj.clone(), vec![])?;
        }
        Ok(())
    }

    fn make_error(&mut self, proto: ObjId, args: &[Value]) -> Result<Value, Abrupt> {
        // `new AggregateError(errors, message, options)` takes its errors first.
        let aggregate = super::format::lookup(&self.heap, proto, "name") == Some(Value::str("AggregateError"));
        let (errors, args) = if aggregate { (Some(Self::arg(args, 0)), args.get(1..).unwrap_or_default()) } else { (None, args) };
        let e = self.alloc_with(ObjKind::Error, Some(proto));
        if let Some(errors) = errors {
            let it = self.iterator(&errors)?;
            let mut list = Vec::new();
            while let Some(v) = self.iter_next(&it) {
                list.push(v);
            }
            let list = Value::Obj(self.alloc(ObjKind::Array(list)));
            self.define_hidden(e, "errors", list);
        }
        let message = Self::arg(args, 0);
        if message != Value::Undefined {
            let text = self.to_string(&message);
            self.define_hidden(e, "message", Value::str(&text));
        }
        if let Value::Obj(options) = Self::arg(args, 1) {
            if self.has_property("cause", &Value::Obj(options))? {
                let cause = self.get_prop(&Value::Obj(options), "cause")?;
                self.define_hidden(e, "cause", cause);
            }
        }
        Ok(Value::Obj(e))
    }

    /// Runs a frame until it returns, throws or (async) suspends at `await`. The outer `Err`
    /// is a stop of the whole program (budget, unsupported construct).
    /// Runs a frame until it returns, throws or (async) suspends at `await`. Calls of
    /// JavaScript functions made on the way run here too, on a stack of frames kept on the heap,
    /// so recursion in a program costs no Rust stack. The outer `Err` is a stop of the whole
    /// program (budget, unsupported construct).
    fn run(&mut self, frame: Frame) -> Result<Outcome, Abrupt> {
        let mut callers: Vec<Frame> = Vec::new();
        let mut frame = frame;
        loop {
            let mut outcome = match self.step(&mut frame) {
                Ok(None) => continue,
                Ok(Some(Flow::Call(callee))) => {
                    if self.frames + 1 >= MAX_FRAMES {
                        let e = self.error_value("RangeError", "Maximum call stack size exceeded");
                        match frame.catch(e) {
                            Ok(()) => continue,
                            Err(e) => Outcome::Throw(e),
                        }
                    } else {
                        self.frames += 1;
                        callers.push(std::mem::replace(&mut frame, callee));
                        continue;
                    }
                }
                Ok(Some(Flow::Return(v))) => {
                    if let Some(fin) = frame.handlers.iter().rposition(|h| h.kind == HandlerKind::Finally) {
                        let h = frame.handlers[fin].clone();
                        frame.handlers.truncate(fin);
                        frame.stack.truncate(h.stack_len);
                        frame.scope = h.scope;
                        frame.completions.push(Completion::Return(v));
                        frame.pc = h.target;
                        continue;
                    }
                    Outcome::Return(v)
                }
                Ok(Some(Flow::Suspend(promise))) => match promise {
                    // The caller goes on with the promise; the frame waits in `suspended`.
                    Some(p) if !callers.is_empty() => Outcome::Return(Value::Obj(p)),
                    _ => Outcome::Suspend,
                },
                Err(Abrupt::Halt(h)) => {
                    self.frames -= callers.len();
                    return Err(Abrupt::Halt(h));
                }
                Err(Abrupt::Reference(message)) => {
                    let e = self.error_value("ReferenceError", &message);
                    match frame.catch(e) {
                        Ok(()) => continue,
                        Err(e) => Outcome::Throw(e),
                    }
                }
                Err(Abrupt::Throw(e)) => match frame.catch(e) {
                    Ok(()) => continue,
                    Err(e) => Outcome::Throw(e),
                },
            };
            // The frame is done: settle its promise if it is async, then hand the result to
            // the caller, which may itself be done if it cannot catch a throw.
            loop {
                if let Some(p) = frame.promise {
                    outcome = match outcome {
                        Outcome::Return(v) => {
                            if v != Value::Obj(p) {
                                self.resolve_promise(p, v);
                            }
                            Outcome::Return(Value::Obj(p))
                        }
                        Outcome::Throw(e) => {
                            self.reject_promise(p, e);
                            Outcome::Return(Value::Obj(p))
                        }
                        Outcome::Suspend => Outcome::Suspend,
                    };
                }
                let Some(caller) = callers.pop() else { return Ok(outcome) };
                self.frames -= 1;
                frame = caller;
                match outcome {
                    Outcome::Return(v) => {
                        frame.stack.push(v);
                        break;
                    }
                    Outcome::Throw(e) => match frame.catch(e) {
                        Ok(()) => break,
                        Err(e) => outcome = Outcome::Throw(e),
                    },
                    Outcome::Suspend => unreachable!("a suspended frame with callers hands back its promise"),
                }
            }
        }
    }

    fn step(&mut self, f: &mut Frame) -> Result<Option<Flow>, Abrupt> {
        self.steps += 1;
        if self.steps > self.budget {
            return Err(Abrupt::Halt(Halt::Budget));
        }
        if self.heap_exceeded {
            return Err(Abrupt::Halt(Halt::HeapLimit));
        }
        let op = f.proto.code[f.pc].clone();
        f.pc += 1;
        macro_rules! pop {
            () => {
                f.stack.pop().expect("the compiler keeps the stack balanced")
            };
        }
        macro_rules! throw {
            ($e:expr) => {
                return Err(Abrupt::Throw($e))
            };
        }
        match op {
            Op::Num(n) => f.stack.push(Value::Num(n)),
            Op::Str(s) => f.stack.push(Value::Str(s)),
            Op::Undefined => f.stack.push(Value::Undefined),
            Op::Null => f.stack.push(Value::Null),
            Op::Bool(b) => f.stack.push(Value::Bool(b)),
            Op::Pop => {
                pop!();
            }
            Op::Dup => {
                let v = f.stack.last().unwrap().clone();
                f.stack.push(v);
            }
            Op::Dup2 => {
                let n = f.stack.len();
                let (a, b) = (f.stack[n - 2].clone(), f.stack[n - 1].clone());
                f.stack.push(a);
                f.stack.push(b);
            }
            Op::GetVar(name, pos) => match self.lookup(f.scope, &name) {
                Some((s, i)) => match &self.scopes[s].vars[i].value {
                    Some(v) => f.stack.push(v.clone()),
                    None if &*name == "this" => {
                        return Err(reference_error(
                            "Must call super constructor in derived class before accessing 'this' or returning from derived constructor".into(),
                        ))
                    }
                    None => return Err(reference_error(format!("Cannot access '{name}' before initialization"))),
                },
                None if MISSING_GLOBALS.contains(&&*name) || (self.is_module && matches!(&*name, "require" | "__filename" | "module" | "exports")) => {
                    return Err(self.stop_unsupported(pos, &format!("`{name}`")));
                }
                None => return Err(reference_error(format!("{name} is not defined"))),
            },
            Op::SetVar(name, _) => {
                let v = f.stack.last().unwrap().clone();
                match self.lookup(f.scope, &name) {
                    Some((s, i)) => {
                        let b = &mut self.scopes[s].vars[i];
                        if b.value.is_none() {
                            return Err(reference_error(format!("Cannot access '{name}' before initialization")));
                        }
                        if b.constant {
                            let e = self.type_error("Assignment to constant variable.".into());
                            throw!(e);
                        }
                        b.value = Some(v);
                    }
                    None if !self.is_module => {
                        let g = self.global;
                        self.scopes[g].vars.push(Binding { name, value: Some(v), constant: false });
                    }
                    None => return Err(reference_error(format!("{name} is not defined"))),
                }
            }
            Op::DeclareUninit(name, constant) => {
                let vars = &mut self.scopes[f.scope].vars;
                match vars.iter_mut().find(|b| b.name == name) {
                    Some(b) => {
                        b.value = None;
                        b.constant = constant;
                    }
                    None => vars.push(Binding { name, value: None, constant }),
                }
            }
            Op::Init(name) => {
                let v = pop!();
                let vars = &mut self.scopes[f.scope].vars;
                match vars.iter_mut().rev().find(|b| b.name == name) {
                    Some(b) => b.value = Some(v),
                    None => vars.push(Binding { name, value: Some(v), constant: false }),
                }
            }
            Op::PushScope => f.scope = self.new_scope(f.scope),
            Op::PopScope => f.scope = self.scopes[f.scope].parent.expect("balanced scopes"),
            Op::IterCopy => {
                let Some(parent) = self.scopes[f.scope].parent else { unreachable!("a loop scope is never the global one") };
                let vars: Vec<Binding> =
                    self.scopes[f.scope].vars.iter().map(|b| Binding { name: b.name.clone(), value: b.value.clone(), constant: b.constant }).collect();
                f.scope = self.push_scope(Scope { vars, parent: Some(parent) });
            }
            Op::GetProp(name, _) => {
                let o = pop!();
                let v = self.get_prop(&o, &name)?;
                f.stack.push(v);
            }
            Op::SetProp(name, _) => {
                let v = pop!();
                let o = pop!();
                self.put_prop_in(&o, &name, v.clone(), f.proto.strict)?;
                f.stack.push(v);
            }
            Op::GetIndex(_) => {
                let k = pop!();
                let o = pop!();
                let key = self.key_of(&k);
                let v = self.get_prop(&o, &key)?;
                f.stack.push(v);
            }
            Op::SetIndex(_) => {
                let v = pop!();
                let k = pop!();
                let o = pop!();
                let key = self.key_of(&k);
                self.put_prop_in(&o, &key, v.clone(), f.proto.strict)?;
                f.stack.push(v);
            }
            Op::NewObject => {
                let o = self.alloc(ObjKind::Plain);
                f.stack.push(Value::Obj(o));
            }
            Op::InitProp(name) => {
                let v = pop!();
                let o = f.stack.last().unwrap().as_obj().unwrap();
                self.set_prop(o, &name, v);
            }
            Op::NewArray(n) => {
                let items = f.stack.split_off(f.stack.len() - n);
                let a = self.alloc(ObjKind::Array(items));
                f.stack.push(Value::Obj(a));
            }
            Op::Closure(proto) => {
                let c = self.alloc(ObjKind::Function(Callable::Closure { proto, scope: f.scope, home: None, class: None }));
                f.stack.push(Value::Obj(c));
            }
            Op::Call(argc, _) => {
                let args = f.stack.split_off(f.stack.len() - argc);
                let callee = pop!();
                if !self.is_callable(&callee) {
                    let shown = self.to_display(&callee);
                    let e = self.type_error(format!("{shown} is not a function"));
                    throw!(e);
                }
                match self.call_from_step(&callee, Value::Undefined, args)? {
                    Ok(v) => f.stack.push(v),
                    Err(frame) => return Ok(Some(Flow::Call(frame))),
                }
            }
            Op::CallMethod(name, argc, pos) => {
                let args = f.stack.split_off(f.stack.len() - argc);
                let this = pop!();
                let method = self.get_prop(&this, &name)?;
                let builtin_receiver = match &this {
                    Value::Str(_) | Value::Num(_) | Value::Bool(_) => true,
                    Value::Obj(id) => !matches!(self.heap[*id].kind, ObjKind::Plain | ObjKind::Error),
                    _ => false,
                };
                if !self.is_callable(&method) && method == Value::Undefined && builtin_receiver {
                    let what = format!("the method `{}.{name}()`", self.short_name(&this));
                    return Err(self.stop_unsupported(pos, &what));
                }
                if !self.is_callable(&method) {
                    let e = self.type_error(format!("{}.{name} is not a function", self.short_name(&this)));
                    throw!(e);
                }
                match self.call_from_step(&method, this, args)? {
                    Ok(v) => f.stack.push(v),
                    Err(frame) => return Ok(Some(Flow::Call(frame))),
                }
            }
            Op::New(argc, _) => {
                let args = f.stack.split_off(f.stack.len() - argc);
                let callee = pop!();
                let v = self.construct(&callee, args, &callee)?;
                f.stack.push(v);
            }
            Op::CallMethodIndex(argc, _) => {
                let args = f.stack.split_off(f.stack.len() - argc);
                let key = pop!();
                let this = pop!();
                let key = self.key_of(&key);
                let method = self.get_prop(&this, &key)?;
                if !self.is_callable(&method) {
                    let e = self.type_error(format!("{}[{}] is not a function", self.short_name(&this), super::format::quote(&key)));
                    throw!(e);
                }
                let v = self.call(&method, this, args)?;
                f.stack.push(v);
            }
            Op::CallWithThis(argc, _) => {
                let args = f.stack.split_off(f.stack.len() - argc);
                let method = pop!();
                let this = pop!();
                if !self.is_callable(&method) {
                    let shown = self.to_display(&method);
                    let e = self.type_error(format!("{shown} is not a function"));
                    throw!(e);
                }
                match self.call_from_step(&method, this, args)? {
                    Ok(v) => f.stack.push(v),
                    Err(frame) => return Ok(Some(Flow::Call(frame))),
                }
            }
            Op::SuperCall(argc, _) => {
                let args = f.stack.split_off(f.stack.len() - argc);
                let v = self.super_call(f, args)?;
                f.stack.push(v);
            }
            Op::GetSuper(name, _) => {
                let this = pop!();
                let home = self.binding(f.scope, "%home");
                let start = match home {
                    Some(Value::Obj(h)) => self.heap[h].proto,
                    _ => None,
                };
                let v = match start {
                    Some(p) => self.get_from(p, &name, &this)?,
                    None => Value::Undefined,
                };
                f.stack.push(v);
            }
            Op::NewClass(template) => {
                let parent = if template.derived { Some(pop!()) } else { None };
                let (proto_parent, ctor_parent) = match parent {
                    None => (Some(self.protos.object), self.protos.function),
                    Some(Value::Null) => (None, self.protos.function),
                    Some(p) if self.is_constructor(&p) => match self.get_prop(&p, "prototype")? {
                        Value::Obj(pp) => (Some(pp), p.as_obj().unwrap()),
                        Value::Null => (None, p.as_obj().unwrap()),
                        other => {
                            let shown = self.to_display(&other);
                            let e = self.type_error(format!("Class extends value does not have valid prototype property {shown}"));
                            throw!(e);
                        }
                    },
                    Some(p) => {
                        let shown = self.to_display(&p);
                        let e = self.type_error(format!("Class extends value {shown} is not a constructor or null"));
                        throw!(e);
                    }
                };
                let prototype = self.alloc_with(ObjKind::Plain, proto_parent);
                let data = ClassData {
                    id: template.id,
                    derived: template.derived,
                    fields: None,
                    private_methods: vec![],
                    name: template.name.clone(),
                    extends_name: template.extends_name.clone(),
                    default_constructor: template.default_constructor,
                };
                let callable = Callable::Closure { proto: template.constructor.clone(), scope: f.scope, home: Some(prototype), class: Some(Rc::new(data)) };
                let ctor = self.alloc_with(ObjKind::Function(callable), Some(ctor_parent));
                self.define_hidden(ctor, "prototype", Value::Obj(prototype));
                self.define_hidden(prototype, "constructor", Value::Obj(ctor));
                f.stack.push(Value::Obj(ctor));
                f.stack.push(Value::Obj(prototype));
            }
            Op::DefineMethod { key, kind, is_static } => {
                let method = pop!();
                self.define_method(f, &key, kind, is_static, method);
            }
            Op::DefineMethodComputed { kind, is_static } => {
                let method = pop!();
                let key = pop!();
                let key = self.key_of(&key);
                self.name_anonymous(&method, &key);
                self.define_method(f, &key, kind, is_static, method);
            }
            Op::SetClassFields => {
                let fields = pop!();
                let n = f.stack.len();
                let (ctor, prototype) = (f.stack[n - 2].as_obj().unwrap(), f.stack[n - 1].as_obj().unwrap());
                self.set_home(&fields, prototype);
                if let ObjKind::Function(Callable::Closure { class: Some(c), .. }) = &mut self.heap[ctor].kind {
                    Rc::make_mut(c).fields = Some(fields);
                }
            }
            Op::RunStatic => {
                let init = pop!();
                let ctor = f.stack[f.stack.len() - 2].clone();
                self.set_home(&init, ctor.as_obj().unwrap());
                self.call(&init, ctor, vec![])?;
            }
            Op::FinishClass => {
                pop!();
            }
            Op::DefineField(key) => {
                let v = pop!();
                let obj = f.stack.last().unwrap().as_obj().expect("fields are defined on objects");
                self.set_prop(obj, &key, v);
            }
            Op::DefineFieldComputed => {
                let v = pop!();
                let key = pop!();
                let key = self.key_of(&key);
                self.name_anonymous(&v, &key);
                let obj = f.stack.last().unwrap().as_obj().expect("fields are defined on objects");
                self.set_prop(obj, &key, v);
            }
            Op::DefineAccessor { key, setter } => {
                let accessor = pop!();
                let obj = f.stack.last().unwrap().as_obj().expect("an object literal");
                self.define_accessor(obj, &key, setter, accessor, true);
            }
            Op::GetPrivate(class, name, _) => {
                let obj = pop!();
                let slot = self.private_slot(&obj, class, &name, "read")?;
                let v = match slot {
                    Slot::Data(v) => v,
                    Slot::Accessor { get: Value::Undefined, .. } => {
                        let e = self.type_error(format!("'#{name}' was defined without a getter"));
                        throw!(e);
                    }
                    Slot::Accessor { get, .. } => self.call(&get, obj, vec![])?,
                };
                f.stack.push(v);
            }
            Op::SetPrivate(class, name, _) => {
                let v = pop!();
                let obj = pop!();
                match self.private_slot(&obj, class, &name, "write")? {
                    Slot::Data(_) => {
                        let id = obj.as_obj().unwrap();
                        if let Some(entry) = self.heap[id].privates.iter_mut().find(|(k, _)| k.0 == class && k.1 == name) {
                            entry.1 = Slot::Data(v.clone());
                        }
                    }
                    Slot::Accessor { set: Value::Undefined, .. } => {
                        let e = self.type_error(format!("'#{name}' was defined without a setter"));
                        throw!(e);
                    }
                    Slot::Accessor { set, .. } => {
                        self.call(&set, obj, vec![v.clone()])?;
                    }
                }
                f.stack.push(v);
            }
            Op::DefinePrivate(class, name) => {
                let v = pop!();
                let obj = f.stack.last().unwrap().as_obj().expect("fields are defined on objects");
                if self.heap[obj].privates.iter().any(|(k, _)| k.0 == class && k.1 == name) {
                    let e = self.type_error(format!("Cannot initialize #{name} twice on the same object"));
                    throw!(e);
                }
                self.heap[obj].privates.push(((class, name), Slot::Data(v)));
            }
            Op::DefinePrivateMethod(class, name, kind) => {
                let method = pop!();
                let obj = f.stack.last().unwrap().as_obj().expect("methods are defined on objects");
                let privates = &mut self.heap[obj].privates;
                let existing = privates.iter_mut().find(|(k, _)| k.0 == class && k.1 == name);
                match (kind, existing) {
                    (MethodKind::Method, _) => privates.push(((class, name), Slot::Data(method))),
                    (MethodKind::Getter, Some((_, Slot::Accessor { get, .. }))) => *get = method,
                    (MethodKind::Setter, Some((_, Slot::Accessor { set, .. }))) => *set = method,
                    (MethodKind::Getter, _) => privates.push(((class, name), Slot::Accessor { get: method, set: Value::Undefined })),
                    (MethodKind::Setter, _) => privates.push(((class, name), Slot::Accessor { get: Value::Undefined, set: method })),
                }
            }
            Op::HasPrivate(class, name) => {
                let obj = pop!();
                let Value::Obj(id) = obj else {
                    let shown = self.to_display(&obj);
                    let e = self.type_error(format!("Cannot use 'in' operator to search for '#{name}' in {shown}"));
                    throw!(e);
                };
                let has = self.heap[id].privates.iter().any(|(k, _)| k.0 == class && k.1 == name);
                f.stack.push(Value::Bool(has));
            }
            Op::InstanceOf(_) => {
                let ctor = pop!();
                let obj = pop!();
                let v = self.instance_of(&obj, &ctor)?;
                f.stack.push(Value::Bool(v));
            }
            Op::In(_) => {
                let obj = pop!();
                let key = pop!();
                let key = self.key_of(&key);
                let v = self.has_property(&key, &obj)?;
                f.stack.push(Value::Bool(v));
            }
            Op::JumpIfNotNullishKeep(t) => {
                if matches!(f.stack.last().unwrap(), Value::Null | Value::Undefined) {
                    pop!();
                } else {
                    f.pc = t;
                }
            }
            Op::JumpIfNotUndefined(t) => {
                if *f.stack.last().unwrap() == Value::Undefined {
                    pop!();
                } else {
                    f.pc = t;
                }
            }
            Op::OptionalJump { target, below } => {
                if matches!(f.stack.last().unwrap(), Value::Null | Value::Undefined) {
                    let n = f.stack.len();
                    f.stack.truncate(n - 1 - below);
                    f.stack.push(Value::Undefined);
                    f.pc = target;
                }
            }
            Op::GetIterator(_) => {
                let v = pop!();
                let it = self.iterator(&v)?;
                f.stack.push(it);
            }
            Op::ForInKeys(_) => {
                let v = pop!();
                let keys = self.enumerable_keys(&v, true).into_iter().map(|k| Value::str(&k)).collect();
                let it = self.alloc(ObjKind::Iterator(IterState::Values { values: keys, next: 0 }));
                f.stack.push(Value::Obj(it));
            }
            Op::IterNext(t) => {
                let it = f.stack.last().unwrap().clone();
                match self.iter_next(&it) {
                    Some(v) => f.stack.push(v),
                    None => f.pc = t,
                }
            }
            Op::IterStep => {
                let it = f.stack.last().unwrap().clone();
                let v = self.iter_next(&it).unwrap_or(Value::Undefined);
                f.stack.push(v);
            }
            Op::IterRest => {
                let it = f.stack.last().unwrap().clone();
                let mut rest = Vec::new();
                while let Some(v) = self.iter_next(&it) {
                    rest.push(v);
                }
                let a = self.alloc(ObjKind::Array(rest));
                f.stack.push(Value::Obj(a));
            }
            Op::RequireObject(_) => {
                if let v @ (Value::Null | Value::Undefined) = f.stack.last().unwrap().clone() {
                    let shown = self.to_display(&v);
                    let e = self.type_error(format!("Cannot destructure '{shown}' as it is {shown}."));
                    throw!(e);
                }
            }
            Op::ObjectRest(names) => {
                let source = f.stack.last().unwrap().clone();
                let rest = self.alloc(ObjKind::Plain);
                for key in self.enumerable_keys(&source, false) {
                    if names.iter().any(|n| **n == *key) {
                        continue;
                    }
                    let v = self.get_prop(&source, &key)?;
                    self.set_prop(rest, &key, v);
                }
                f.stack.push(Value::Obj(rest));
            }
            Op::Pick(n) => {
                let v = f.stack[f.stack.len() - 1 - n].clone();
                f.stack.push(v);
            }
            Op::Nip(n) => {
                let v = pop!();
                let len = f.stack.len();
                f.stack.truncate(len - n);
                f.stack.push(v);
            }
            Op::ArrayPush => {
                let v = pop!();
                let a = f.stack.last().unwrap().as_obj().expect("an array literal");
                if let ObjKind::Array(items) = &mut self.heap[a].kind {
                    items.push(v);
                }
            }
            Op::ArraySpread(_) => {
                let source = pop!();
                let it = self.iterator(&source)?;
                let a = f.stack.last().unwrap().as_obj().expect("an array literal");
                while let Some(v) = self.iter_next(&it) {
                    self.charge()?;
                    if let ObjKind::Array(items) = &mut self.heap[a].kind {
                        items.push(v);
                    }
                }
            }
            Op::CopyProps => {
                let source = pop!();
                let target = f.stack.last().unwrap().as_obj().expect("an object literal");
                for key in self.enumerable_keys(&source, false) {
                    let v = self.get_prop(&source, &key)?;
                    self.set_prop(target, &key, v);
                }
            }
            Op::CallSpread(_) => {
                let args = pop!();
                let callee = pop!();
                let args = self.array_items(&args);
                let v = self.call_checked(&callee, Value::Undefined, args)?;
                f.stack.push(v);
            }
            Op::CallMethodSpread(_) => {
                let args = pop!();
                let method = pop!();
                let this = pop!();
                let args = self.array_items(&args);
                let v = self.call_checked(&method, this, args)?;
                f.stack.push(v);
            }
            Op::NewSpread(_) => {
                let args = pop!();
                let callee = pop!();
                let args = self.array_items(&args);
                let v = self.construct(&callee, args, &callee)?;
                f.stack.push(v);
            }
            Op::Delete(_) => {
                let k = pop!();
                let o = pop!();
                let key = self.key_of(&k);
                let gone = self.delete_prop(&o, &key, f.proto.strict)?;
                f.stack.push(Value::Bool(gone));
            }
            Op::ImportModule(name, pos) => {
                let m = self.module(&name, pos)?;
                f.stack.push(m);
            }
            Op::DeclareVar(name) => {
                let vars = &mut self.scopes[f.scope].vars;
                if !vars.iter().any(|b| b.name == name) {
                    vars.push(Binding { name, value: Some(Value::Undefined), constant: false });
                }
            }
            Op::NewPromise(argc, _) => {
                let mut args = f.stack.split_off(f.stack.len() - argc);
                let executor = if args.is_empty() { Value::Undefined } else { args.swap_remove(0) };
                let v = self.construct_promise(executor)?;
                f.stack.push(v);
            }
            Op::Binary(op, _) => {
                let mut b = pop!();
                let mut a = pop!();
                // Objects meet arithmetic through their own valueOf/toString, as ToPrimitive does.
                let converts = !matches!(op, BinOp::StrictEq | BinOp::StrictNe)
                    && !(matches!(op, BinOp::LooseEq | BinOp::LooseNe) && matches!((&a, &b), (Value::Obj(_), Value::Obj(_))));
                if converts {
                    let hint = if matches!(op, BinOp::Add | BinOp::LooseEq | BinOp::LooseNe) { Hint::Default } else { Hint::Number };
                    if matches!(a, Value::Obj(_)) {
                        a = self.to_primitive(&a, hint)?;
                    }
                    if matches!(b, Value::Obj(_)) {
                        b = self.to_primitive(&b, hint)?;
                    }
                }
                let v = self.binary(op, a, b);
                f.stack.push(v);
            }
            Op::Not => {
                let v = pop!();
                f.stack.push(Value::Bool(!v.truthy()));
            }
            Op::Neg => {
                let v = pop!();
                let n = self.to_number(&v);
                f.stack.push(Value::Num(-n));
            }
            Op::ToNumber => {
                let v = pop!();
                let n = self.to_number(&v);
                f.stack.push(Value::Num(n));
            }
            Op::BitNot => {
                let v = pop!();
                let n = self.to_number(&v);
                f.stack.push(Value::Num(f64::from(!to_int32(n))));
            }
            Op::Typeof => {
                let v = pop!();
                let t = self.type_of(&v);
                f.stack.push(Value::str(t));
            }
            Op::TypeofVar(name, pos) => match self.lookup(f.scope, &name) {
                Some((s, i)) => match self.scopes[s].vars[i].value.clone() {
                    Some(v) => {
                        let t = self.type_of(&v);
                        f.stack.push(Value::str(t));
                    }
                    None => return Err(reference_error(format!("Cannot access '{name}' before initialization"))),
                },
                None if MISSING_GLOBALS.contains(&&*name) => return Err(self.stop_unsupported(pos, &format!("`{name}`"))),
                None => f.stack.push(Value::str("undefined")),
            },
            Op::ConcatString => {
                let b = pop!();
                let a = pop!();
                let (a, b) = (self.to_string_calling(&a)?, self.to_string_calling(&b)?);
                f.stack.push(Value::str(&format!("{a}{b}")));
            }
            Op::Jump(t) => f.pc = t,
            Op::JumpIfFalse(t) => {
                if !pop!().truthy() {
                    f.pc = t;
                }
            }
            Op::JumpIfFalseKeep(t) => {
                if f.stack.last().unwrap().truthy() {
                    pop!();
                } else {
                    f.pc = t;
                }
            }
            Op::JumpIfTrueKeep(t) => {
                if f.stack.last().unwrap().truthy() {
                    f.pc = t;
                } else {
                    pop!();
                }
            }
            Op::Return => return Ok(Some(Flow::Return(pop!()))),
            Op::Throw(_) => throw!(pop!()),
            Op::Await(_) => {
                let v = pop!();
                let p = self.promise_resolve(v)?;
                let cont = self.suspended.len();
                let frame = std::mem::replace(
                    f,
                    Frame { proto: f.proto.clone(), pc: 0, stack: vec![], scope: 0, handlers: vec![], completions: vec![], promise: None },
                );
                let promise = frame.promise;
                self.suspended.push(Some(frame));
                self.perform_then(
                    p,
                    Reaction { target: None, handler: Handler::Await { cont, rejected: false }, context: self.context.clone() },
                    Reaction { target: None, handler: Handler::Await { cont, rejected: true }, context: self.context.clone() },
                );
                return Ok(Some(Flow::Suspend(promise)));
            }
            Op::EnterCatch(t) | Op::EnterFinally(t) => {
                let kind = if matches!(op, Op::EnterCatch(_)) { HandlerKind::Catch } else { HandlerKind::Finally };
                f.handlers.push(HandlerEntry { kind, target: t, stack_len: f.stack.len(), scope: f.scope });
            }
            Op::LeaveHandler => {
                f.handlers.pop();
            }
            Op::CompletionNormal => f.completions.push(Completion::Normal),
            Op::EndFinally => match f.completions.pop().unwrap_or(Completion::Normal) {
                Completion::Normal => {}
                Completion::Return(v) => return Ok(Some(Flow::Return(v))),
                Completion::Throw(e) => throw!(e),
            },
        }
        Ok(None)
    }

    /// Stops the whole run: the program uses something outside the subset.
    fn stop_unsupported(&mut self, pos: Pos, what: &str) -> Abrupt {
        self.unsupported.get_or_insert_with(|| Error::unsupported(pos, what));
        Abrupt::Halt(Halt::Unsupported)
    }

    fn short_name(&self, v: &Value) -> String {
        match v {
            Value::Obj(id) => match &self.heap[*id].kind {
                ObjKind::Array(_) => "array".into(),
                ObjKind::Promise(_) => "promise".into(),
                ObjKind::Function(_) => "function".into(),
                _ => "object".into(),
            },
            Value::Str(_) => "string".into(),
            Value::Num(_) => "number".into(),
            other => self.to_display(other),
        }
    }

    /// Continues an async function after its `await` settled.
    fn resume(&mut self, cont: usize, value: Value, rejected: bool) -> Result<(), Abrupt> {
        let Some(mut frame) = self.suspended[cont].take() else { return Ok(()) };
        if rejected {
            // The awaited promise rejected: the reason is thrown at the `await`.
            if let Err(reason) = frame.catch(value) {
                let p = frame.promise.expect("only async frames await");
                self.reject_promise(p, reason);
                return Ok(());
            }
        } else {
            frame.stack.push(value);
        }
        self.depth += 1;
        let r = self.run(frame);
        self.depth -= 1;
        r.map(|_| ())
    }

    // --------------------------------------------------------------------------- promises

    fn new_promise(&mut self) -> ObjId {
        self.alloc(ObjKind::Promise(PromiseData {
            state: PromiseState::Pending,
            fulfill_reactions: vec![],
            reject_reactions: vec![],
            handled: false,
        }))
    }

    fn promise_data(&mut self, p: ObjId) -> &mut PromiseData {
        match &mut self.heap[p].kind {
            ObjKind::Promise(d) => d,
            _ => unreachable!("not a promise"),
        }
    }

    fn resolving_functions(&mut self, promise: ObjId) -> (Value, Value) {
        let record = self.resolved_records.len();
        self.resolved_records.push(false);
        let resolve = self.native(Native::Resolving { promise, record, reject: false });
        let reject = self.native(Native::Resolving { promise, record, reject: true });
        (resolve, reject)
    }

    fn construct_promise(&mut self, executor: Value) -> Result<Value, Abrupt> {
        if !self.is_callable(&executor) {
            let shown = self.to_display(&executor);
            return Err(self.type_error(format!("Promise resolver {shown} is not a function")).into());
        }
        let p = self.new_promise();
        let (resolve, reject) = self.resolving_functions(p);
        match self.call(&executor, Value::Undefined, vec![resolve, reject.clone()]) {
            Err(Abrupt::Throw(e)) => {
                self.call(&reject, Value::Undefined, vec![e])?;
            }
            Err(halt) => return Err(halt),
            Ok(_) => {}
        }
        Ok(Value::Obj(p))
    }

    /// The spec's promise resolve functions, after the "already resolved" check.
    fn resolve_promise(&mut self, p: ObjId, x: Value) {
        if x == Value::Obj(p) {
            let e = self.type_error("Chaining cycle detected for promise #<Promise>".into());
            return self.reject_promise(p, e);
        }
        if !matches!(x, Value::Obj(_)) {
            return self.fulfill_promise(p, x);
        }
        match self.get_prop(&x, "then") {
            Err(Abrupt::Throw(e)) => self.reject_promise(p, e),
            // Reading a property runs no JavaScript here, so nothing else can come out of it.
            Err(_) => {}
            Ok(then) if self.is_callable(&then) => {
                self.event("enqueue", "resolve-thenable".into());
                let context = self.context.clone();
                self.microtasks.push_back(Job::ResolveThenable { promise: p, thenable: x, then, context });
            }
            Ok(_) => self.fulfill_promise(p, x),
        }
    }

    fn fulfill_promise(&mut self, p: ObjId, v: Value) {
        let data = self.promise_data(p);
        if data.state != PromiseState::Pending {
            return;
        }
        data.state = PromiseState::Fulfilled(v.clone());
        let reactions = std::mem::take(&mut data.fulfill_reactions);
        data.reject_reactions.clear();
        for r in reactions {
            self.microtasks.push_back(Job::Reaction { reaction: r, argument: v.clone(), rejected: false });
        }
    }

    fn reject_promise(&mut self, p: ObjId, reason: Value) {
        let data = self.promise_data(p);
        if data.state != PromiseState::Pending {
            return;
        }
        data.state = PromiseState::Rejected(reason.clone());
        let reactions = std::mem::take(&mut data.reject_reactions);
        data.fulfill_reactions.clear();
        if !data.handled {
            self.pending_rejections.push(p);
        }
        for r in reactions {
            self.microtasks.push_back(Job::Reaction { reaction: r, argument: reason.clone(), rejected: true });
        }
    }

    fn perform_then(&mut self, p: ObjId, on_fulfilled: Reaction, on_rejected: Reaction) {
        let data = self.promise_data(p);
        data.handled = true;
        match data.state.clone() {
            PromiseState::Pending => {
                data.fulfill_reactions.push(on_fulfilled);
                data.reject_reactions.push(on_rejected);
            }
            PromiseState::Fulfilled(v) => self.microtasks.push_back(Job::Reaction { reaction: on_fulfilled, argument: v, rejected: false }),
            PromiseState::Rejected(r) => {
                self.pending_rejections.retain(|q| *q != p);
                self.microtasks.push_back(Job::Reaction { reaction: on_rejected, argument: r, rejected: true });
            }
        }
    }

    /// `promise.then(onFulfilled, onRejected)` with a derived promise.
    fn then(&mut self, p: ObjId, on_fulfilled: Value, on_rejected: Value) -> Value {
        let derived = self.new_promise();
        let handler = |vm: &Vm, v: Value| Handler::Callable(if vm.is_callable(&v) { v } else { Value::Undefined });
        let f = Reaction { target: Some(derived), handler: handler(self, on_fulfilled), context: self.context.clone() };
        let r = Reaction { target: Some(derived), handler: handler(self, on_rejected), context: self.context.clone() };
        self.perform_then(p, f, r);
        Value::Obj(derived)
    }

    /// `Promise.resolve(x)`: a native promise is returned as it is.
    fn promise_resolve(&mut self, x: Value) -> Result<ObjId, Abrupt> {
        if let Value::Obj(id) = x {
            if self.is_promise(&x) {
                return Ok(id);
            }
        }
        let p = self.new_promise();
        self.resolve_promise(p, x);
        Ok(p)
    }

    /// `value.then(a, b)` looked up and called like any method (thenables included).
    fn invoke_then(&mut self, value: &Value, on_fulfilled: Value, on_rejected: Value) -> Result<Value, Abrupt> {
        let then = self.get_prop(value, "then")?;
        self.call(&then, value.clone(), vec![on_fulfilled, on_rejected])
    }

    fn run_job(&mut self, job: Job) -> Result<(), Abrupt> {
        self.charge()?;
        let context = match &job {
            Job::Reaction { reaction, .. } => reaction.context.clone(),
            Job::ResolveThenable { context, .. } | Job::Callback { context, .. } => context.clone(),
        };
        let outer = std::mem::replace(&mut self.context, context);
        let result = self.run_job_in_context(job);
        self.context = outer;
        result
    }

    fn run_job_in_context(&mut self, job: Job) -> Result<(), Abrupt> {
        match job {
            Job::Callback { f, .. } => {
                self.event("microtask", "queueMicrotask".into());
                if let Err(e) = self.call(&f, Value::Undefined, vec![]) {
                    return self.uncaught(e);
                }
                Ok(())
            }
            Job::ResolveThenable { promise, thenable, then, .. } => {
                self.event("microtask", "resolve-thenable".into());
                let (resolve, reject) = self.resolving_functions(promise);
                if let Err(e) = self.call(&then, thenable, vec![resolve, reject.clone()]) {
                    let e = thrown(e)?;
                    self.call(&reject, Value::Undefined, vec![e])?;
                }
                Ok(())
            }
            Job::Reaction { reaction, argument, rejected } => {
                self.event("microtask", "promise-reaction".into());
                let result = match reaction.handler {
                    Handler::Await { cont, rejected: on_reject } => {
                        debug_assert_eq!(on_reject, rejected);
                        return self.resume(cont, argument, rejected);
                    }
                    Handler::Callable(Value::Undefined) => {
                        if rejected {
                            Err(argument)
                        } else {
                            Ok(argument)
                        }
                    }
                    Handler::Callable(f) => match self.call(&f, Value::Undefined, vec![argument]) {
                        Ok(v) => Ok(v),
                        Err(e) => Err(thrown(e)?),
                    },
                };
                if let Some(t) = reaction.target {
                    match result {
                        Ok(v) => self.resolve_promise(t, v),
                        Err(e) => self.reject_promise(t, e),
                    }
                }
                Ok(())
            }
        }
    }

    /// An exception no handler caught: Node reports it and exits with code 1. A stop passes
    /// through as it is.
    fn uncaught(&mut self, e: Abrupt) -> Result<(), Abrupt> {
        match e {
            Abrupt::Throw(e) => Err(Abrupt::Halt(Halt::Uncaught(self.describe_thrown(&e)))),
            halt => Err(halt),
        }
    }

    // ------------------------------------------------------------------------------ natives

    fn arg(args: &[Value], i: usize) -> Value {
        args.get(i).cloned().unwrap_or(Value::Undefined)
    }

    fn call_native(&mut self, n: Native, this: Value, args: Vec<Value>) -> Result<Value, Abrupt> {
        match n {
            Native::Builtin(b) => self.call_builtin(b, this, args),
            Native::MapConstructor { .. } => Err(self.type_error("Constructor Map requires 'new'".into()).into()),
            Native::ErrorConstructor { prototype } => self.make_error(prototype, &args),
            Native::HasOwnProperty => {
                let key = self.key_of(&Self::arg(&args, 0));
                Ok(Value::Bool(match &this {
                    Value::Obj(id) => match &self.heap[*id].kind {
                        ObjKind::Array(items) if key == "length" || array_index(&key).is_some_and(|i| i < items.len()) => true,
                        _ => self.heap[*id].own(&key).is_some(),
                    },
                    Value::Str(s) => key == "length" || array_index(&key).is_some_and(|i| i < s.encode_utf16().count()),
                    _ => false,
                }))
            }
            Native::ErrorToString => match this {
                Value::Obj(id) => Ok(Value::str(&self.error_text(id))),
                other => {
                    let shown = self.to_display(&other);
                    Err(self.type_error(format!("Error.prototype.toString requires that 'this' be an Object, not {shown}")).into())
                }
            },
            Native::ConsoleLog => {
                let line = format_log_line(&self.heap, &args);
                self.event("log", line.clone());
                self.output.push(line);
                Ok(Value::Undefined)
            }
            Native::ConsoleError => {
                let line = format_log_line(&self.heap, &args);
                self.event("log-error", line.clone());
                self.errors.push(line);
                Ok(Value::Undefined)
            }
            Native::SetTimeout { repeat } => {
                let callback = Self::arg(&args, 0);
                if !self.is_callable(&callback) {
                    let shown = self.to_display(&callback);
                    return Err(self.type_error(format!("The \"callback\" argument must be of type function. Received {shown}")).into());
                }
                let delay = match Self::arg(&args, 1) {
                    Value::Num(n) => n,
                    Value::Undefined => 1.0,
                    other => self.to_number(&other),
                };
                let duration = if !(1.0..=2_147_483_647.0).contains(&delay) || delay.is_nan() { 1 } else { delay.floor() as u64 };
                let id = self.add_timer(callback, args.get(2..).map(<[Value]>::to_vec).unwrap_or_default(), duration, repeat);
                let t = self.alloc(ObjKind::Timer(id));
                Ok(Value::Obj(t))
            }
            Native::ClearTimer => {
                if let Some(ObjKind::Timer(id)) = Self::arg(&args, 0).as_obj().map(|o| self.heap[o].kind.clone()) {
                    if let Some(t) = self.timers.get_mut(&id) {
                        t.active = false;
                    }
                }
                Ok(Value::Undefined)
            }
            Native::SetImmediate => {
                let callback = Self::arg(&args, 0);
                if !self.is_callable(&callback) {
                    let shown = self.to_display(&callback);
                    return Err(self.type_error(format!("The \"callback\" argument must be of type function. Received {shown}")).into());
                }
                let id = self.next_timer;
                self.next_timer += 1;
                if self.phase == "check" && self.timers.values().any(|t| t.active && t.start == self.now && t.duration == 1) {
                    self.race.get_or_insert_with(|| "setTimeout(0) and setImmediate scheduled together inside an immediate".into());
                }
                let context = self.context.clone();
                self.immediates.push_back((id, callback, args.get(1..).map(<[Value]>::to_vec).unwrap_or_default(), context));
                let i = self.alloc(ObjKind::Immediate(id));
                Ok(Value::Obj(i))
            }
            Native::ClearImmediate => {
                if let Some(ObjKind::Immediate(id)) = Self::arg(&args, 0).as_obj().map(|o| self.heap[o].kind.clone()) {
                    self.cleared_immediates.insert(id);
                }
                Ok(Value::Undefined)
            }
            Native::NextTick => {
                let callback = Self::arg(&args, 0);
                if !self.is_callable(&callback) {
                    let shown = self.to_display(&callback);
                    return Err(self.type_error(format!("The \"callback\" argument must be of type function. Received {shown}")).into());
                }
                let context = self.context.clone();
                self.ticks.push_back((callback, args.get(1..).map(<[Value]>::to_vec).unwrap_or_default(), context));
                Ok(Value::Undefined)
            }
            Native::QueueMicrotask => {
                let f = Self::arg(&args, 0);
                if !self.is_callable(&f) {
                    let shown = self.to_display(&f);
                    return Err(self.type_error(format!("The \"callback\" argument must be of type function. Received {shown}")).into());
                }
                let context = self.context.clone();
                self.microtasks.push_back(Job::Callback { f, context });
                Ok(Value::Undefined)
            }
            Native::Require => match Self::arg(&args, 0) {
                Value::Str(name) => self.module(&name, Pos::default()),
                other => {
                    let shown = self.to_display(&other);
                    Err(self.type_error(format!("The \"id\" argument must be of type string. Received {shown}")).into())
                }
            },
            Native::FunctionCall => {
                let mut args = args.into_iter();
                let receiver = args.next().unwrap_or(Value::Undefined);
                self.call_checked(&this, receiver, args.collect())
            }
            Native::FunctionApply => {
                let receiver = Self::arg(&args, 0);
                let list = match Self::arg(&args, 1) {
                    Value::Undefined | Value::Null => Vec::new(),
                    v @ Value::Obj(_) => self.array_items(&v),
                    _ => return Err(self.type_error("CreateListFromArrayLike called on non-object".into()).into()),
                };
                self.call_checked(&this, receiver, list)
            }
            Native::FunctionBind => {
                if !self.is_callable(&this) {
                    return Err(self.type_error("Bind must be called on a function".into()).into());
                }
                let mut args = args.into_iter();
                let bound_this = args.next().unwrap_or(Value::Undefined);
                let name = match this.as_obj() {
                    Some(id) => format!("bound {}", super::format::function_name(&self.heap, id)),
                    None => "bound ".into(),
                };
                let f = self.native(Native::Bound { target: this, this: bound_this, args: args.collect() });
                self.define_hidden(f.as_obj().unwrap(), "name", Value::str(&name));
                Ok(f)
            }
            Native::Bound { target, this: bound_this, args: bound_args } => {
                let all: Vec<Value> = bound_args.into_iter().chain(args).collect();
                self.call(&target, bound_this, all)
            }
            Native::TimerRef { keep_alive } => {
                if let Some(ObjKind::Timer(id)) = this.as_obj().map(|o| self.heap[o].kind.clone()) {
                    if let Some(t) = self.timers.get_mut(&id) {
                        t.unref = !keep_alive;
                    }
                }
                Ok(this)
            }
            Native::TimerHasRef => Ok(Value::Bool(match this.as_obj().map(|o| self.heap[o].kind.clone()) {
                Some(ObjKind::Timer(id)) => self.timers.get(&id).is_some_and(|t| !t.unref),
                _ => false,
            })),
            Native::AsyncLocalStorage => Err(self.type_error("Class constructor AsyncLocalStorage cannot be invoked without 'new'".into()).into()),
            // `Date()` without `new` is the current time as a string.
            Native::DateConstructor => Ok(Value::str(&natives::date_string(natives::EPOCH_MS + self.now as f64, false))),
            Native::AlsRun | Native::AlsExit => {
                let Some(als) = this.as_obj() else { return Err(self.type_error("AsyncLocalStorage method called on a non-object".into()).into()) };
                let (store, f, rest) = if matches!(n, Native::AlsRun) { (Some(Self::arg(&args, 0)), Self::arg(&args, 1), 2) } else { (None, Self::arg(&args, 0), 1) };
                let mut entries: Vec<(ObjId, Value)> = self.context.as_deref().cloned().unwrap_or_default();
                entries.retain(|(a, _)| *a != als);
                if let Some(store) = store {
                    entries.push((als, store));
                }
                let inner = if entries.is_empty() { None } else { Some(Rc::new(entries)) };
                let outer = std::mem::replace(&mut self.context, inner);
                let result = self.call(&f, Value::Undefined, args.get(rest..).map(<[Value]>::to_vec).unwrap_or_default());
                self.context = outer;
                result
            }
            Native::AlsGetStore => {
                let als = this.as_obj();
                Ok(self.context.as_deref().and_then(|c| c.iter().find(|(a, _)| Some(*a) == als)).map_or(Value::Undefined, |(_, v)| v.clone()))
            }
            Native::AlsEnterWith => {
                let Some(als) = this.as_obj() else { return Ok(Value::Undefined) };
                let mut entries: Vec<(ObjId, Value)> = self.context.as_deref().cloned().unwrap_or_default();
                entries.retain(|(a, _)| *a != als);
                entries.push((als, Self::arg(&args, 0)));
                self.context = Some(Rc::new(entries));
                Ok(Value::Undefined)
            }
            Native::ReadFile => {
                let callback = args.iter().rev().find(|a| self.is_callable(a)).cloned();
                let Some(callback) = callback else { return Err(self.type_error("The \"cb\" argument must be of type function.".into()).into()) };
                let context = self.context.clone();
                self.io.push(IoOp { polls_left: 4, callback, context });
                Ok(Value::Undefined)
            }
            Native::PromiseResolve => {
                let p = self.promise_resolve(Self::arg(&args, 0))?;
                Ok(Value::Obj(p))
            }
            Native::PromiseReject => {
                let p = self.new_promise();
                self.reject_promise(p, Self::arg(&args, 0));
                Ok(Value::Obj(p))
            }
            Native::PromiseCombinator(kind) => self.combinator(kind, Self::arg(&args, 0)),
            Native::Then => match this.as_obj().filter(|_| self.is_promise(&this)) {
                Some(p) => Ok(self.then(p, Self::arg(&args, 0), Self::arg(&args, 1))),
                None => Err(self.type_error("Method Promise.prototype.then called on incompatible receiver".into()).into()),
            },
            Native::Catch => self.invoke_then(&this, Value::Undefined, Self::arg(&args, 0)),
            Native::Finally => {
                let on_finally = Self::arg(&args, 0);
                if !self.is_callable(&on_finally) {
                    return self.invoke_then(&this, on_finally.clone(), on_finally);
                }
                let then_finally = self.native(Native::ThenFinally { on_finally: on_finally.clone() });
                let catch_finally = self.native(Native::CatchFinally { on_finally });
                self.invoke_then(&this, then_finally, catch_finally)
            }
            Native::ThenFinally { on_finally } => {
                let result = self.call(&on_finally, Value::Undefined, vec![])?;
                let p = self.promise_resolve(result)?;
                let thunk = self.native(Native::ValueThunk { value: Self::arg(&args, 0) });
                self.invoke_then(&Value::Obj(p), thunk, Value::Undefined)
            }
            Native::CatchFinally { on_finally } => {
                let result = self.call(&on_finally, Value::Undefined, vec![])?;
                let p = self.promise_resolve(result)?;
                let thrower = self.native(Native::Thrower { reason: Self::arg(&args, 0) });
                self.invoke_then(&Value::Obj(p), thrower, Value::Undefined)
            }
            Native::ValueThunk { value } => Ok(value),
            Native::Thrower { reason } => Err(reason.into()),
            Native::ArrayPush => {
                let Some(id) = this.as_obj() else { return Err(self.type_error("push called on a non-array".into()).into()) };
                match &mut self.heap[id].kind {
                    ObjKind::Array(items) => {
                        items.extend(args);
                        Ok(Value::Num(items.len() as f64))
                    }
                    _ => Err(self.type_error("push called on a non-array".into()).into()),
                }
            }
            Native::Resolving { promise, record, reject } => {
                if self.resolved_records[record] {
                    return Ok(Value::Undefined);
                }
                self.resolved_records[record] = true;
                let v = Self::arg(&args, 0);
                if reject {
                    self.reject_promise(promise, v);
                } else {
                    self.resolve_promise(promise, v);
                }
                Ok(Value::Undefined)
            }
            Native::CombinatorElement { record, index, outcome, called } => {
                if self.element_called[called] {
                    return Ok(Value::Undefined);
                }
                self.element_called[called] = true;
                let v = Self::arg(&args, 0);
                let kind = self.combinators[record].kind;
                let stored = match (kind, outcome) {
                    (Combinator::AllSettled, ElementOutcome::Fulfilled) => {
                        let o = self.alloc(ObjKind::Plain);
                        self.set_prop(o, "status", Value::str("fulfilled"));
                        self.set_prop(o, "value", v);
                        Value::Obj(o)
                    }
                    (Combinator::AllSettled, ElementOutcome::Rejected) => {
                        let o = self.alloc(ObjKind::Plain);
                        self.set_prop(o, "status", Value::str("rejected"));
                        self.set_prop(o, "reason", v);
                        Value::Obj(o)
                    }
                    _ => v,
                };
                self.combinators[record].values[index] = stored;
                self.combinators[record].remaining -= 1;
                if self.combinators[record].remaining == 0 {
                    self.finish_combinator(record)?;
                }
                Ok(Value::Undefined)
            }
        }
    }

    fn combinator(&mut self, kind: Combinator, iterable: Value) -> Result<Value, Abrupt> {
        let promise = self.new_promise();
        let (resolve, reject) = self.resolving_functions(promise);
        let items = match iterable.as_obj().map(|id| &self.heap[id].kind) {
            Some(ObjKind::Array(items)) => items.clone(),
            _ => {
                let shown = self.to_display(&iterable);
                let e = self.type_error(format!("{shown} is not iterable (the subset takes arrays)"));
                self.call(&reject, Value::Undefined, vec![e])?;
                return Ok(Value::Obj(promise));
            }
        };
        let record = self.combinators.len();
        self.combinators.push(CombinatorRecord { kind, values: vec![], remaining: 1, resolve: resolve.clone(), reject: reject.clone() });
        for (index, item) in items.into_iter().enumerate() {
            let next = match self.promise_resolve(item) {
                Ok(p) => Value::Obj(p),
                Err(e) => {
                    let e = thrown(e)?;
                    self.call(&reject, Value::Undefined, vec![e])?;
                    return Ok(Value::Obj(promise));
                }
            };
            let element = |vm: &mut Vm, outcome| {
                let called = vm.element_called.len();
                vm.element_called.push(false);
                vm.native(Native::CombinatorElement { record, index, outcome, called })
            };
            let (on_fulfilled, on_rejected) = match kind {
                Combinator::All => {
                    self.combinators[record].values.push(Value::Undefined);
                    self.combinators[record].remaining += 1;
                    (element(self, ElementOutcome::Fulfilled), reject.clone())
                }
                Combinator::AllSettled => {
                    self.combinators[record].values.push(Value::Undefined);
                    self.combinators[record].remaining += 1;
                    let called = self.element_called.len();
                    self.element_called.push(false);
                    let f = self.native(Native::CombinatorElement { record, index, outcome: ElementOutcome::Fulfilled, called });
                    let r = self.native(Native::CombinatorElement { record, index, outcome: ElementOutcome::Rejected, called });
                    (f, r)
                }
                Combinator::Any => {
                    self.combinators[record].values.push(Value::Undefined);
                    self.combinators[record].remaining += 1;
                    (resolve.clone(), element(self, ElementOutcome::Rejected))
                }
                Combinator::Race => (resolve.clone(), reject.clone()),
            };
            if let Err(e) = self.invoke_then(&next, on_fulfilled, on_rejected) {
                let e = thrown(e)?;
                self.call(&reject, Value::Undefined, vec![e])?;
                return Ok(Value::Obj(promise));
            }
        }
        if kind != Combinator::Race {
            self.combinators[record].remaining -= 1;
            if self.combinators[record].remaining == 0 {
                self.finish_combinator(record)?;
            }
        }
        Ok(Value::Obj(promise))
    }

    fn finish_combinator(&mut self, record: usize) -> Result<(), Abrupt> {
        let values = std::mem::take(&mut self.combinators[record].values);
        let array = Value::Obj(self.alloc(ObjKind::Array(values)));
        let (kind, resolve, reject) = {
            let r = &self.combinators[record];
            (r.kind, r.resolve.clone(), r.reject.clone())
        };
        if kind == Combinator::Any {
            let e = self.error_value("AggregateError", "All promises were rejected");
            self.define_hidden(e.as_obj().expect("an error is an object"), "errors", array);
            self.call(&reject, Value::Undefined, vec![e])?;
        } else {
            self.call(&resolve, Value::Undefined, vec![array])?;
        }
        Ok(())
    }

    // ------------------------------------------------------------------------- the loop

    fn add_timer(&mut self, callback: Value, args: Vec<Value>, duration: u64, repeat: bool) -> u64 {
        let id = self.next_timer;
        self.next_timer += 1;
        let context = self.context.clone();
        self.timers.insert(id, Timer { callback, args, context, unref: false, start: self.now, duration, repeat, active: true });
        self.append_to_list(id, duration);
        id
    }

    fn append_to_list(&mut self, id: u64, duration: u64) {
        let start = self.timers[&id].start;
        match self.timer_lists.get_mut(&duration) {
            Some(list) => list.timers.push_back(id),
            None => {
                let list_id = self.next_list;
                self.next_list += 1;
                self.timer_lists.insert(duration, TimerList { id: list_id, expiry: start + duration, timers: VecDeque::from([id]) });
            }
        }
    }

    /// The microtask checkpoint: ticks, then promise jobs, until both are empty; then
    /// unhandled rejections. `microtasks_first` is the ES-module entry, already inside a job.
    fn checkpoint(&mut self, microtasks_first: bool) -> Result<(), Abrupt> {
        let mut skip_ticks = microtasks_first;
        loop {
            if !skip_ticks {
                while let Some((f, args, context)) = self.ticks.pop_front() {
                    self.charge()?;
                    self.event("tick", String::new());
                    let outer = std::mem::replace(&mut self.context, context);
                    let result = self.call(&f, Value::Undefined, args);
                    self.context = outer;
                    if let Err(e) = result {
                        self.uncaught(e)?;
                    }
                }
            }
            skip_ticks = false;
            while let Some(job) = self.microtasks.pop_front() {
                self.run_job(job)?;
            }
            if self.ticks.is_empty() {
                let pending = std::mem::take(&mut self.pending_rejections);
                for p in pending {
                    let data = self.promise_data(p);
                    if !data.handled {
                        let reason = match &data.state {
                            PromiseState::Rejected(r) => r.clone(),
                            _ => Value::Undefined,
                        };
                        return Err(self.unhandled_rejection(reason));
                    }
                }
                if self.ticks.is_empty() && self.microtasks.is_empty() {
                    return Ok(());
                }
            }
        }
    }

    fn unhandled_rejection(&self, reason: Value) -> Abrupt {
        let text = match &reason {
            Value::Obj(id) if matches!(self.heap[*id].kind, ObjKind::Error) => self.describe_thrown(&reason),
            // Node 20.20 prints the error's stack, of its own internal frames, then its code.
            other => format!(
                "UnhandledPromiseRejection: This error originated either by throwing inside of an async function without a catch block, or by rejecting a promise which was not handled with .catch(). The promise rejected with the reason \"{}\".\n{{\n  code: 'ERR_UNHANDLED_REJECTION'\n}}",
                self.to_display(other)
            ),
        };
        Abrupt::Halt(Halt::Uncaught(text))
    }

    /// Counts work that runs no JavaScript steps of its own (a native callback, an empty
    /// interval), so a program that never ends always reaches the budget.
    fn charge(&mut self) -> Result<(), Abrupt> {
        self.steps += 1;
        if self.steps > self.budget {
            return Err(Abrupt::Halt(Halt::Budget));
        }
        if self.heap_exceeded {
            return Err(Abrupt::Halt(Halt::HeapLimit));
        }
        Ok(())
    }

    /// A timer, immediate or I/O callback, in the async context it was scheduled from; the
    /// context is empty again when it returns.
    fn macrotask(&mut self, kind: &str, f: &Value, args: Vec<Value>, context: Context) -> Result<(), Abrupt> {
        self.charge()?;
        self.event(kind, String::new());
        self.context = context;
        let result = self.call(f, Value::Undefined, args);
        self.context = None;
        if let Err(e) = result {
            self.uncaught(e)?;
        }
        Ok(())
    }

    /// One timers pass (Node's processTimers at the loop's current time).
    fn run_timers(&mut self) -> Result<(), Abrupt> {
        let prev = std::mem::replace(&mut self.phase, "timers");
        let mut ran = false;
        while let Some((&duration, _)) = self.timer_lists.iter().filter(|(_, l)| l.expiry <= self.now).min_by_key(|(_, l)| (l.expiry, l.id)) {
            loop {
                let list = self.timer_lists.get_mut(&duration).unwrap();
                let Some(&id) = list.timers.front() else {
                    self.timer_lists.remove(&duration);
                    break;
                };
                let timer = &self.timers[&id];
                if !timer.active {
                    self.timer_lists.get_mut(&duration).unwrap().timers.pop_front();
                    self.timers.remove(&id);
                    continue;
                }
                if self.now < timer.start + duration {
                    let expiry = (timer.start + duration).max(self.now + 1);
                    let list_id = self.next_list;
                    self.next_list += 1;
                    let list = self.timer_lists.get_mut(&duration).unwrap();
                    list.expiry = expiry;
                    list.id = list_id;
                    break;
                }
                if ran {
                    self.checkpoint(false)?;
                }
                ran = true;
                self.timer_lists.get_mut(&duration).unwrap().timers.pop_front();
                let (callback, args, repeat, context) = {
                    let t = &self.timers[&id];
                    (t.callback.clone(), t.args.clone(), t.repeat, t.context.clone())
                };
                if !repeat {
                    self.timers.get_mut(&id).unwrap().active = false;
                }
                self.macrotask("timer", &callback, args, context)?;
                if repeat && self.timers.get(&id).is_some_and(|t| t.active) {
                    self.timers.get_mut(&id).unwrap().start = self.now;
                    self.append_to_list(id, duration);
                } else {
                    self.timers.remove(&id);
                }
            }
        }
        if ran {
            self.checkpoint(false)?;
        }
        self.phase = prev;
        Ok(())
    }

    fn active_timers(&self) -> bool {
        self.timers.values().any(|t| t.active && !t.unref)
    }

    fn next_timer_expiry(&self) -> Option<u64> {
        self.timer_lists.values().filter(|l| l.timers.iter().any(|id| self.timers.get(id).is_some_and(|t| t.active))).map(|l| l.expiry).min()
    }

    /// Runs a whole program: the main script or module, then the event loop until it is empty.
    pub fn run_program(&mut self, main: Rc<Proto>) -> Result<(), Stop> {
        let r = self.run_program_inner(main);
        match r {
            Ok(()) => Ok(()),
            Err(Abrupt::Halt(Halt::Budget)) => Err(Stop::Budget),
            Err(Abrupt::Halt(Halt::HeapLimit)) => Err(Stop::HeapLimit(self.heap_limit_bytes)),
            Err(Abrupt::Halt(Halt::Uncaught(text))) => Err(Stop::Uncaught(text)),
            Err(Abrupt::Halt(Halt::Unsupported)) => {
                Err(Stop::Unsupported(self.unsupported.take().unwrap_or_else(|| Error::unsupported(Pos::default(), "a construct"))))
            }
            Err(Abrupt::Throw(other)) => Err(Stop::Uncaught(self.describe_thrown(&other))),
            Err(Abrupt::Reference(message)) => Err(Stop::Uncaught(format!("ReferenceError: {message}"))),
        }
    }

    fn run_program_inner(&mut self, main: Rc<Proto>) -> Result<(), Abrupt> {
        self.install_prelude()?;
        self.event("phase", "main".into());
        let module_promise = if self.is_module {
            let p = self.new_promise();
            // Its rejection is an uncaught error of the module, not an unhandled rejection.
            self.promise_data(p).handled = true;
            let frame = Frame { proto: main, pc: 0, stack: vec![], scope: self.global, handlers: vec![], completions: vec![], promise: Some(p) };
            self.run(frame)?;
            // The module's evaluation is itself a promise job: its microtasks come before ticks.
            self.checkpoint(true)?;
            Some(p)
        } else {
            let frame = Frame { proto: main, pc: 0, stack: vec![], scope: self.global, handlers: vec![], completions: vec![], promise: None };
            if let Outcome::Throw(e) = self.run(frame)? {
                self.uncaught(e.into())?;
            }
            self.checkpoint(false)?;
            None
        };
        if let Some(p) = module_promise {
            if let PromiseState::Rejected(e) = self.promise_data(p).state.clone() {
                self.uncaught(e.into())?;
            }
        }
        // libuv's timers pass before the first iteration.
        if !self.immediates.is_empty() && self.timer_lists.values().any(|l| l.expiry <= self.now + 1) {
            self.race = Some("a setTimeout of 0-1 ms and a setImmediate both scheduled by the main module: real Node may run either first".into());
        }
        self.run_timers()?;
        while self.active_timers() || !self.immediates.is_empty() || !self.io.is_empty() {
            // Between turns nothing but the machine's own structures holds a reference.
            self.maybe_collect(module_promise);
            // Poll: wait for I/O or, with nothing else to do, for the next timer.
            self.phase = "poll";
            if self.immediates.is_empty() && self.io.is_empty() {
                if let Some(expiry) = self.next_timer_expiry() {
                    if expiry > self.now {
                        self.now = expiry;
                    }
                }
            }
            let mut ready = Vec::new();
            let mut i = 0;
            while i < self.io.len() {
                self.io[i].polls_left -= 1;
                if self.io[i].polls_left == 0 {
                    let op = self.io.remove(i);
                    ready.push((op.callback, op.context));
                } else {
                    i += 1;
                }
            }
            for (callback, context) in ready {
                self.macrotask("io", &callback, vec![Value::Null, Value::str("<file contents>")], context)?;
                self.checkpoint(false)?;
            }
            // Check: the immediates queued before this phase began.
            self.phase = "check";
            let batch: Vec<_> = self.immediates.drain(..).collect();
            for (id, callback, args, context) in batch {
                if self.cleared_immediates.remove(&id) {
                    continue;
                }
                self.macrotask("immediate", &callback, args, context)?;
                self.checkpoint(false)?;
            }
            self.phase = "timers";
            self.run_timers()?;
        }
        if let Some(p) = module_promise {
            if self.promise_data(p).state == PromiseState::Pending {
                return Err(Abrupt::Halt(Halt::Uncaught("Warning: Detected unsettled top-level await".into())));
            }
        }
        Ok(())
    }
}

enum Flow {
    Return(Value),
    /// An async frame stopped at `await`; the promise it settles later.
    Suspend(Option<ObjId>),
    /// A call of a JavaScript function: its frame runs next, on the machine's frame stack
    /// (not the Rust stack), and its result goes to the caller's operand stack.
    Call(Frame),
}

/// How code stopped before its end: a value it threw, which JavaScript can catch, or a stop of
/// the whole run, which no JavaScript can see, catch or make (a program that throws any string
/// whatever is still just throwing).
#[derive(Debug)]
pub enum Abrupt {
    Throw(Value),
    Halt(Halt),
    /// A ReferenceError with this message, not yet made: the step that finds an unbound name
    /// holds a borrow of the scopes, so the error object is made where the step's result is
    /// handled (`Vm::run`), and is then thrown like any other.
    Reference(String),
}

#[derive(Debug)]
pub enum Halt {
    /// The program ran past the step budget.
    Budget,
    /// It held more memory than the heap limit allows.
    HeapLimit,
    /// It reached something outside the subset (recorded in `Vm::unsupported`).
    Unsupported,
    /// An exception nobody caught, or an unhandled rejection, as Node reports it.
    Uncaught(String),
}

/// The value a JavaScript `catch` would see; a stop stays a stop.
fn thrown(e: Abrupt) -> Result<Value, Abrupt> {
    match e {
        Abrupt::Throw(v) => Ok(v),
        halt => Err(halt),
    }
}

impl From<Value> for Abrupt {
    fn from(v: Value) -> Abrupt {
        Abrupt::Throw(v)
    }
}

/// ECMAScript's ToInt32: the number modulo 2^32, as a signed 32-bit integer (NaN and ±∞ are 0).
pub fn to_int32(n: f64) -> i32 {
    if !n.is_finite() {
        return 0;
    }
    let m = n.trunc().rem_euclid(4_294_967_296.0);
    m as u32 as i32
}

/// `**`, which differs from `powf` only where JavaScript says so: `(±1) ** ±∞` is NaN.
pub fn exponent(base: f64, power: f64) -> f64 {
    if power.is_nan() || (base.abs() == 1.0 && power.is_infinite()) {
        return f64::NAN;
    }
    libm::pow(base, power)
}
