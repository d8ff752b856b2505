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
use super::compile::{MethodKind, Op, PatternCheck, PatternFrom, Proto, ProtoKind, VarSlot};
use super::format::format_log_line;
use super::value::*;
use super::{Error, Queues, TraceEvent};

mod convert;
pub(crate) use convert::number_binary;
mod dispatch;
mod event_loop;
mod interp;
mod json;
mod natives;
mod promises;
mod properties;
mod stack_trace;
mod symbols;
mod view;
pub(super) use natives::iso_string;
use natives::Hint;

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
    /// The bindings in the order they were made (compiled code reaches them by position).
    vars: Vec<Binding>,
    parent: Option<ScopeId>,
    /// Where each name is last in `vars`, once there are more than `INDEX_FROM` (the global
    /// scope, with the built-ins and the program's top-level declarations, or a body with many).
    /// Behind a pointer, as most scopes never have one; an `Rc` (never shared) rather than a
    /// `Box`, because dropping an empty `Option<Rc>` is inlined where an `Option<Box>` of it is a
    /// call, and scopes are made and dropped at every call and block.
    index: Option<Rc<KeyIndex<Rc<str>>>>,
}

impl Scope {
    fn new(vars: Vec<Binding>, parent: Option<ScopeId>) -> Scope {
        let mut scope = Scope { vars, parent, index: None };
        if scope.vars.len() > INDEX_FROM {
            scope.build_index();
        }
        scope
    }

    fn build_index(&mut self) {
        self.index = Some(Rc::new(KeyIndex::new(self.vars.iter().enumerate().map(|(i, b)| (b.name.clone(), i)).collect())));
    }

    /// The position of the binding a search by name finds: the last one of that name.
    #[inline]
    fn find(&self, name: &str) -> Option<usize> {
        match &self.index {
            None => self.vars.iter().rposition(|b| &*b.name == name),
            Some(index) => self.find_indexed(index, name),
        }
    }

    #[inline(never)]
    fn find_indexed(&self, index: &KeyIndex<Rc<str>>, name: &str) -> Option<usize> {
        // A remembered position holding this name is the last of that name: `push`, which could
        // add a later one, forgets them all.
        let address = name.as_ptr() as usize;
        if let Some(i) = index.recent(address) {
            if self.vars.get(i).is_some_and(|b| (std::ptr::eq(b.name.as_ptr(), name.as_ptr()) && b.name.len() == name.len()) || &*b.name == name) {
                return Some(i);
            }
        }
        index.get(name, address)
    }

    fn push(&mut self, b: Binding) {
        if let Some(index) = &mut self.index {
            let index = Rc::make_mut(index);
            index.forget_recent();
            index.insert(b.name.clone(), self.vars.len());
        }
        self.vars.push(b);
        if self.index.is_none() && self.vars.len() > INDEX_FROM {
            self.build_index();
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HandlerKind {
    Catch,
    Finally,
    /// A `for ... of` loop's: leaving the loop early closes the iterator just below
    /// `stack_len`.
    IterClose,
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
    /// A `break` or `continue` on its way out: where it goes on after the finally block.
    Jump(usize),
}

#[derive(Debug)]
struct Frame {
    /// The function running, `None` for top-level code.
    func: Option<ObjId>,
    /// The object it was called on (for stacks, `stack_trace.rs`).
    receiver: Option<ObjId>,
    proto: Rc<Proto>,
    pc: usize,
    stack: Vec<Value>,
    scope: ScopeId,
    handlers: Vec<HandlerEntry>,
    completions: Vec<Completion>,
    /// The promise an async function's frame settles.
    promise: Option<ObjId>,
    /// The scope the call made, when nothing can hold it after the call returns (its code makes
    /// no closure, and it is not a constructor, whose caller reads `this` from it): freed, with
    /// the block scopes still open inside it, when the frame ends.
    own_scope: Option<ScopeId>,
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
    /// The main module's top-level await can never settle: Node 20.20 exits with 13.
    UnsettledTopLevelAwait,
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
    /// How many of `timers` are active (kept as they change: traces read it at every event).
    active_timer_count: usize,
    next_timer: u64,
    next_list: u64,
    immediates: VecDeque<(u64, Value, Vec<Value>, Context)>,
    cleared_immediates: HashSet<u64>,
    io: Vec<IoOp>,
    pending_rejections: Vec<ObjId>,
    suspended: Vec<Option<Frame>>,
    /// Slots of `suspended` free for the next `await`.
    free_conts: Vec<usize>,
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
    /// The names of a function scope's first bindings, shared with the compiled code.
    function_own_names: [Rc<str>; 4],
    /// Live cells right after the last collection.
    kept_by_last_collection: usize,
    /// Cells made since the last collection that call for one between steps (`gc.rs`).
    step_collect_at: usize,
    /// The JavaScript frames on every run's frame stack, outermost first (`stack_trace.rs`).
    activations: Vec<stack_trace::Activation>,
    /// The error the runtime made last, the step it made it in and how many frames were on
    /// the stack (`Vm::restamp`).
    fresh_error: Option<(ObjId, u64, usize)>,
    /// The event-loop task whose callback is about to start, for its frame's label.
    task: Option<stack_trace::Task>,
    /// The receiver of an arrow function about to be entered (an arrow's frame has no `this`).
    arrow_receiver: Option<ObjId>,
    /// The program's file name, as its stacks show it.
    file: Rc<str>,
    /// Runs of frames (`Vm::run`) in progress, nested when natives call back into JavaScript.
    runs: usize,
    /// Native functions in progress.
    native_depth: usize,
    /// Inside a call from the event loop that allows collections between steps (`gc_safe`).
    safe_entry: bool,
    /// Values and contexts the event loop holds across such a call: roots for the collector.
    pinned: Vec<Value>,
    pinned_contexts: Vec<Context>,
    /// The promise of an ES module's evaluation, while it runs.
    module_promise: Option<ObjId>,
    /// Variable accesses whose compiled slot did not hold the binding (see `at_slot`).
    pub slot_misses: usize,
    /// Objects and scopes allowed at once: what the heap limit leaves beside the bytes counted.
    max_cells: usize,
    heap_limit_bytes: u64,
    /// The heap limit was reached: the run stops at the next step. (A cell, so that code that
    /// only reads the machine can set it: see `gc::Vm::text_room`.)
    heap_exceeded: std::cell::Cell<bool>,
    /// What objects and scopes hold besides their cells, in bytes: measured by the last
    /// collection, and counted since as it was added (`gc.rs`), with what was printed.
    held_bytes: u64,
    /// Bytes counted since they were last added to `held_bytes` (fewer than a cell's).
    unfolded_bytes: usize,
    /// Bytes of what the program printed, which the machine keeps to the end of the run.
    output_bytes: u64,
    /// The strings counted against the heap limit.
    strings: gc::Strings,
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
    /// Records each event for a runner's views, when asked to (`view.rs`).
    recorder: Option<Box<view::Recorder>>,
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
    symbol: ObjId,
    /// The well-known symbol `Symbol.iterator`.
    symbol_iterator: ObjId,
}

/// Node's runtime pieces that are written in JavaScript (see the file's first lines).
const PRELUDE: &str = include_str!("../prelude.js");

/// Prototype chains are followed this far at most (a program cannot make a longer one here).
const MAX_PROTO_CHAIN: usize = 10_000;
/// How far past its end one write may grow an array (a larger sparse array is outside the
/// subset: elements are stored densely).
const MAX_ARRAY_GROWTH: usize = 10_000;

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
    "WeakMap", "WeakSet", "Reflect",
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
            active_timer_count: 0,
            next_timer: 1,
            next_list: 1,
            immediates: VecDeque::new(),
            cleared_immediates: HashSet::new(),
            io: Vec::new(),
            pending_rejections: Vec::new(),
            suspended: Vec::new(),
            free_conts: Vec::new(),
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
            slot_misses: 0,
            runs: 0,
            kept_by_last_collection: 0,
            step_collect_at: gc::COLLECT_EVERY,
            activations: Vec::new(),
            task: None,
            fresh_error: None,
            arrow_receiver: None,
            file: Rc::from("<anonymous>"),
            native_depth: 0,
            safe_entry: false,
            pinned: Vec::new(),
            pinned_contexts: Vec::new(),
            module_promise: None,
            function_own_names: std::array::from_fn(super::compile::function_own_name),
            max_cells: (DEFAULT_HEAP_LIMIT / gc::BYTES_PER_CELL) as usize,
            heap_limit_bytes: DEFAULT_HEAP_LIMIT,
            heap_exceeded: std::cell::Cell::new(false),
            held_bytes: 0,
            unfolded_bytes: 0,
            output_bytes: 0,
            strings: gc::Strings::default(),
            is_module,
            race: None,
            phase: "main",
            promise_ctor: 0,
            protos: Intrinsics::default(),
            random: natives::Random::new(1),
            modules: Vec::new(),
            unsupported: None,
            recorder: None,
        };
        vm.install_globals();
        vm
    }

    /// A new object with the prototype its kind starts with.
    /// Seeds `Math.random()` (the run's seed; 1 unless the caller says otherwise).
    /// The file name the program's stacks show.
    pub fn file_name(&mut self, file: &str) {
        self.file = Rc::from(file);
    }

    pub fn seed(&mut self, seed: u32) {
        self.random = natives::Random::new(seed);
    }

    fn alloc(&mut self, kind: ObjKind) -> ObjId {
        let proto = match &kind {
            ObjKind::Array(_) => self.protos.array,
            ObjKind::Function(_) => self.protos.function,
            ObjKind::Promise(_) => self.protos.promise,
            ObjKind::Error(_) => self.protos.error,
            ObjKind::Iterator(_) => self.protos.iterator,
            ObjKind::Map(m) if m.is_set => self.protos.set,
            ObjKind::Map(_) => self.protos.map,
            ObjKind::Timer(_) => self.protos.timeout,
            ObjKind::Date(_) => self.protos.date,
            ObjKind::Symbol(_) => self.protos.symbol,
            ObjKind::Plain | ObjKind::Immediate(_) => self.protos.object,
        };
        self.alloc_with(kind, Some(proto))
    }

    fn alloc_with(&mut self, kind: ObjKind, proto: Option<ObjId>) -> ObjId {
        self.counted_cell();
        // What it holds from the start: elements, entries, text.
        let held = match &kind {
            ObjKind::Array(items) => items.len() * gc::ELEMENT_BYTES,
            ObjKind::Map(m) => m.capacity() * gc::ENTRY_BYTES,
            ObjKind::Iterator(IterState::Values { values, .. }) => values.len() * std::mem::size_of::<Value>(),
            ObjKind::Error(frames) => frames.len(),
            ObjKind::Symbol(Some(description)) => description.len(),
            _ => 0,
        };
        if held > 0 {
            self.count_bytes(held);
        }
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
            self.over_limit();
        }
    }

    /// Hands a scope that nothing can reach any more to the next allocation.
    fn free_scope(&mut self, id: ScopeId) {
        self.scopes[id] = Scope::default();
        self.free_scopes.push(id);
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
        self.update_step_collect_at();
    }

    /// The most memory the program may hold, in bytes (512 MiB unless the caller says).
    pub fn heap_limit(&mut self, bytes: u64) {
        self.heap_limit_bytes = bytes;
        self.check_room();
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
        match props.get_mut(key) {
            Some(p) => {
                p.slot = slot;
                p.enumerable = enumerable;
            }
            None => {
                let key: Rc<str> = Rc::from(key);
                props.push(Property { key: key.clone(), slot, enumerable });
                self.count_string(&key);
                self.count_bytes(gc::PROPERTY_BYTES);
            }
        }
    }

    /// A built-in's own property: not enumerable, as the spec makes them.
    fn define_hidden(&mut self, obj: ObjId, key: &str, v: Value) {
        self.define(obj, key, Slot::Data(v), false);
    }

    fn declare_global(&mut self, name: &str, v: Value) {
        self.scopes[self.global].push(Binding { name: Rc::from(name), value: Some(v), constant: false });
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
        self.scopes[self.global].push(Binding { name: Rc::from("this"), value: Some(top_this), constant: true });
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
        let scope = &self.scopes[self.global];
        scope.find(name).and_then(|i| scope.vars[i].value.clone())
    }

    fn event(&mut self, kind: &'static str, detail: std::borrow::Cow<'static, str>) {
        let queues = Queues {
            ticks: self.ticks.len(),
            microtasks: self.microtasks.len(),
            immediates: self.immediates.len(),
            timers: self.active_timer_count,
        };
        self.trace.push(TraceEvent { at: self.now, phase: self.phase, kind, detail, queues });
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
    /// The main module's top-level await can never settle.
    UnsettledTopLevelAwait,
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
