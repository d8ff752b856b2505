//! Error stacks: the program's own frames, as V8 prints them.
//!
//! The machine keeps one [`Activation`] per frame on a run's frame stack (`Vm::activations`):
//! a JavaScript frame is pushed when it starts or resumes and popped when it ends or suspends,
//! a built-in that shows in stacks (`builtin_label`) around its call; per call, never per
//! operation. A JavaScript frame's `pc` is written when it makes a call or reads a property
//! (which may run a getter); an error the runtime makes in another operation gets its frames
//! again when that operation fails (`Vm::restamp`). So when an error is made every frame's
//! current operation is known, and the compiler's `Proto::positions` gives its position.
//!
//! An error made by the built-in constructors or by the runtime keeps its frame lines
//! (`ObjKind::Error`), innermost first, at most [`STACK_LIMIT`]; `err.stack` is the error's
//! `Name: message` (written when the stack is first read, as V8 does, so a `name` set in the
//! constructor shows) followed by them. A subclass's constructor frames are left out, as V8
//! leaves out the frames up to `new.target`'s. Each line is `    at LABEL (FILE:LINE:COLUMN)`,
//! or `    at FILE:LINE:COLUMN` without a label, FILE the name the program was run under (a
//! module's as a `file://` URL when it is an absolute path):
//! - the position: the `new` keyword of `new X()`, the callee's name of a call `f()`, the
//!   property name of `o.m()` and of a read that runs a getter, the variable of a
//!   ReferenceError, the `await` keyword of a suspended async function;
//! - the label: `Object.<anonymous>` for CommonJS top-level code (a module's prints none),
//!   `new Name` for a constructor, `get x [as x]`/`set x [as x]` for accessors, `Type.name`
//!   (with ` [as key]` when found under another key) for a function called on an object
//!   (`Type` the receiver's constructor name, or a function receiver's own name: static
//!   methods; an arrow shows the receiver its call passed, as V8 does), the plain name for one
//!   called without a receiver, none for an anonymous one; `Timeout._onTimeout` and
//!   `Immediate._onImmediate` for the callbacks of timers and immediates; `Array.map
//!   (<anonymous>)`, `Map.forEach`, `new Promise`, `JSON.parse`... for built-ins that call back
//!   or throw;
//! - then, when the outermost frame is an async function resumed after an `await`, `async
//!   LABEL (FILE:LINE:COLUMN)` for each async function awaiting it, at its `await`.
//!
//! The one known difference: Node's internal frames (`node:internal/...`, `node:events`,
//! `Module._compile`, `process.processTicksAndRejections`, `listOnTimeout`...) cannot be
//! reproduced and are never printed; the machine's prelude (EventEmitter, AbortController...)
//! stands for them and its frames are left out. (They count towards V8's limit of ten frames,
//! so a deep stack may show more program frames here than in Node.)
//!
//! Frames left out rather than printed wrong: class field initialisers (V8 shows
//! `<instance_members_initializer>` and a constructor frame at the class), a frame at a
//! property write that runs a setter (V8 puts it at the `=`), I/O callbacks (Node names them
//! by its internals), built-ins not in `builtin_label`, the async functions awaiting through
//! anything but `await` (`Promise.all`), and a frame at an operation without a known position
//! (a call of a computed callee such as `f()()` or `o[k]()`, a failed destructuring or
//! iteration).

use std::rc::Rc;

use super::super::builtins::Builtin;
use super::super::compile::Proto;
use super::super::format::{constructor_name, function_name};
use super::*;

/// How many frames V8 keeps (`Error.stackTraceLimit`).
pub(super) const STACK_LIMIT: usize = 10;
/// How many of the innermost frames are searched for the constructor of an error subclass,
/// whose frames V8 leaves out: far more than a chain of `super(...)` calls has.
const SUBCLASS_CONSTRUCTORS_SEARCHED: usize = 64;

/// How far along a prototype chain a method is looked for.
const MAX_CHAIN: usize = 64;

/// What holds a method on its receiver: a data property (its key, if found) or an accessor.
enum MethodKey {
    Data(Option<String>),
    Getter(String),
    Setter(String),
}

impl MethodKey {
    fn named(self, key: &str) -> MethodKey {
        match self {
            MethodKey::Data(_) => MethodKey::Data(Some(key.to_string())),
            MethodKey::Getter(_) => MethodKey::Getter(key.to_string()),
            MethodKey::Setter(_) => MethodKey::Setter(key.to_string()),
        }
    }
}

/// V8's label for a method call: `Type.name [as key]` (the type left out when the name starts
/// with it, `[as key]` when the function is found under another key), `Type.key` or
/// `Type.<anonymous>` for an anonymous function.
fn method_call(type_name: &str, name: &str, key: Option<&str>) -> String {
    if name.is_empty() {
        return format!("{type_name}.{}", key.unwrap_or("<anonymous>"));
    }
    // A name with a dot is the path it was assigned to (`Proto::debug_name`): V8 shows it as it is.
    let typed = name.starts_with(type_name) || name.contains('.');
    let mut out = if typed { name.to_string() } else { format!("{type_name}.{name}") };
    if let Some(key) = key {
        if key != name && !name.ends_with(&format!(".{key}")) {
            out.push_str(&format!(" [as {key}]"));
        }
    }
    out
}

/// A frame on a run's frame stack, as a stack trace needs it.
pub(super) enum Activation {
    /// A JavaScript frame.
    Code(CodeFrame),
    /// A built-in that calls back or throws, by the label V8 gives it (`Array.map`).
    Builtin(&'static str),
}

pub(super) struct CodeFrame {
    /// The function running, `None` for top-level code.
    pub func: Option<ObjId>,
    pub proto: Rc<Proto>,
    /// The frame's scope when it started: where its `new.target` is.
    pub scope: ScopeId,
    /// The object the function was called on (an arrow's too: V8 shows the receiver a call
    /// passed, not the arrow's `this`).
    pub receiver: Option<ObjId>,
    /// The event-loop task that called it, for a callback the loop runs.
    pub task: Option<Task>,
    /// The promise of an async function.
    pub promise: Option<ObjId>,
    /// Just past the operation the frame stands at (its last call or property access).
    pub pc: usize,
}

/// The object Node calls an event-loop callback on, and the property that holds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Task {
    Timeout,
    Immediate,
    /// An I/O completion: Node's label comes from its internals; the frame is left out.
    Io,
}

impl Task {
    fn receiver(self) -> Option<(&'static str, &'static str)> {
        match self {
            Task::Timeout => Some(("Timeout", "_onTimeout")),
            Task::Immediate => Some(("Immediate", "_onImmediate")),
            Task::Io => None,
        }
    }
}

/// The label V8 gives a built-in that calls back into the program or throws (its frame prints
/// as `at Array.map (<anonymous>)`); `None` for the others, which get no frame.
fn builtin_label(b: Builtin, on_set: bool) -> Option<&'static str> {
    use Builtin::*;
    Some(match b {
        ArrayMap => "Array.map",
        ArrayFilter => "Array.filter",
        ArrayForEach => "Array.forEach",
        ArrayReduce => "Array.reduce",
        ArrayReduceRight => "Array.reduceRight",
        ArrayFind => "Array.find",
        ArrayFindIndex => "Array.findIndex",
        ArrayFindLast => "Array.findLast",
        ArrayFindLastIndex => "Array.findLastIndex",
        ArraySome => "Array.some",
        ArrayEvery => "Array.every",
        ArraySort => "Array.sort",
        ArrayFrom => "Function.from",
        StringReplace => "String.replace",
        StringReplaceAll => "String.replaceAll",
        JsonParse => "JSON.parse",
        JsonStringify => "JSON.stringify",
        MapForEach if on_set => "Set.forEach",
        MapForEach => "Map.forEach",
        _ => return None,
    })
}

impl Vm {
    /// A frame starts or resumes on a run's frame stack.
    pub(super) fn push_activation(&mut self, f: &Frame) {
        let task = self.task.take();
        self.activations.push(Activation::Code(CodeFrame {
            func: f.func,
            proto: f.proto.clone(),
            scope: f.scope,
            receiver: f.receiver,
            task,
            promise: f.promise,
            pc: f.pc,
        }));
    }

    /// The running frame stands at the operation just before `pc`.
    #[inline]
    pub(super) fn note_pc(&mut self, pc: usize) {
        if let Some(Activation::Code(a)) = self.activations.last_mut() {
            a.pc = pc;
        }
    }

    /// An error the runtime made in the operation `frame` just failed at gets its frames
    /// again, now that the frame's operation is known (the machine notes it only at calls and
    /// property reads: an error of another operation would show the last of those).
    pub(super) fn restamp(&mut self, frame: &Frame, thrown: &Value) {
        let Some((id, step, depth)) = self.fresh_error.take() else { return };
        if *thrown != Value::Obj(id) || step != self.steps || depth != self.activations.len() {
            return;
        }
        self.note_pc(frame.pc);
        let frames = self.capture_frames(None);
        self.heap[id].kind = ObjKind::Error(frames);
    }

    /// The frame a native call shows, if V8 shows one for it.
    #[inline]
    pub(super) fn builtin_frame(&self, n: &Native, this: &Value) -> Option<Activation> {
        let Native::Builtin(b) = n else { return None };
        let on_set = matches!(this, Value::Obj(id) if matches!(&self.heap[*id].kind, ObjKind::Map(m) if m.is_set));
        builtin_label(*b, on_set).map(Activation::Builtin)
    }

    /// The frame lines of an error made now, innermost first, then the async functions
    /// awaiting the outermost. A constructor that makes an error subclass (`new_target` a
    /// program's class) is left out with everything above it, as V8 does.
    pub(super) fn capture_frames(&self, new_target: Option<ObjId>) -> Rc<str> {
        let is_target = |a: &Activation| matches!(a, Activation::Code(c) if c.func.is_some() && c.func == new_target);
        // Only the innermost frames are looked at, so an error made deep in a recursion costs
        // no more than one made near the top (a program that throws at the frame limit and
        // catches, again and again, makes thousands of them).
        let skip = self.activations.iter().rev().take(SUBCLASS_CONSTRUCTORS_SEARCHED).position(is_target).map_or(0, |i| i + 1);
        let mut lines: Vec<String> = self.activations.iter().rev().skip(skip).filter_map(|a| self.frame_line(a)).take(STACK_LIMIT).collect();
        if lines.len() < STACK_LIMIT {
            if let Some(Activation::Code(bottom)) = self.activations.first() {
                if bottom.proto.is_async && bottom.func.is_some() {
                    self.awaiters(bottom.promise, &mut lines);
                }
            }
        }
        lines.truncate(STACK_LIMIT);
        let mut out = String::new();
        for line in lines {
            out.push_str("\n    at ");
            out.push_str(&line);
        }
        Rc::from(out)
    }

    /// `async name (FILE:LINE:COLUMN)` for each async function suspended at an `await` of
    /// `promise`, then of its own promise, and so on (the first awaiter of each).
    fn awaiters(&self, mut promise: Option<ObjId>, lines: &mut Vec<String>) {
        while let Some(p) = promise {
            if lines.len() >= STACK_LIMIT {
                return;
            }
            let ObjKind::Promise(data) = &self.heap[p].kind else { return };
            let Some(cont) = data.fulfill_reactions.iter().find_map(|r| match r.handler {
                Handler::Await { cont, .. } => Some(cont),
                Handler::Callable(_) => None,
            }) else {
                return;
            };
            let Some(Some(frame)) = self.suspended.get(cont) else { return };
            let Some(func) = frame.func else { return };
            let Some(pos) = frame.pc.checked_sub(1).and_then(|at| frame.proto.position(at)) else { return };
            let code = CodeFrame { func: Some(func), proto: frame.proto.clone(), scope: frame.scope, receiver: frame.receiver, task: None, promise: None, pc: frame.pc };
            let label = self.label(&code);
            if label.is_empty() || frame.proto.internal {
                return;
            }
            lines.push(format!("async {label} ({})", self.location(pos)));
            promise = frame.promise;
        }
    }

    /// One frame's text after `at `, `None` for a frame left out (see the module docs).
    fn frame_line(&self, a: &Activation) -> Option<String> {
        let a = match a {
            Activation::Builtin(label) => return Some(format!("{label} (<anonymous>)")),
            Activation::Code(a) => a,
        };
        // The prelude's frames stand for Node's internal ones; class field initialisers run
        // from the constructor's prologue, where V8 shows a frame the machine has not.
        if a.proto.internal || a.proto.name.starts_with('<') && a.func.is_some() || a.task == Some(Task::Io) {
            return None;
        }
        let pos = a.proto.position(a.pc.checked_sub(1)?)?;
        let location = self.location(pos);
        let label = self.label(a);
        Some(if label.is_empty() { location } else { format!("{label} ({location})") })
    }

    /// `FILE:LINE:COLUMN`; a module's file as a `file://` URL.
    fn location(&self, pos: Pos) -> String {
        let scheme = if self.is_module && self.file.starts_with('/') { "file://" } else { "" };
        format!("{scheme}{}:{}:{}", self.file, pos.line, pos.column)
    }

    /// A frame's name for a runner's call stack: V8's label, or "anonymous".
    pub(super) fn frame_label(&self, a: &CodeFrame) -> String {
        let label = self.label(a);
        if label.is_empty() { "anonymous".to_string() } else { label }
    }

    /// What V8 names a frame by (empty for none).
    fn label(&self, a: &CodeFrame) -> String {
        let Some(func) = a.func else {
            return if self.is_module { String::new() } else { "Object.<anonymous>".to_string() };
        };
        let mut name = function_name(&self.heap, func);
        if name.is_empty() {
            name = a.proto.debug_name.to_string();
        }
        if let Some((type_name, key)) = a.task.and_then(Task::receiver) {
            return method_call(type_name, &name, Some(key));
        }
        if !a.proto.is_arrow && self.own_binding(a.scope, 3).is_some_and(|t| t != Value::Undefined) {
            let shown = if name.is_empty() { "<anonymous>" } else { &name };
            return format!("new {shown}");
        }
        let Some(this) = a.receiver else { return name };
        match self.method_key(this, func, &name) {
            MethodKey::Getter(key) => format!("get {key} [as {key}]"),
            MethodKey::Setter(key) => format!("set {key} [as {key}]"),
            MethodKey::Data(key) => method_call(&self.receiver_type(this), &name, key.as_deref()),
        }
    }

    /// Where a method is found on its receiver, as V8 looks for it: the property named as
    /// the function if it holds it, else the one property along the prototype chain that does
    /// (none when several do).
    fn method_key(&self, this: ObjId, func: ObjId, name: &str) -> MethodKey {
        let holds = |slot: &Slot| match slot {
            Slot::Data(Value::Obj(v)) if *v == func => Some(MethodKey::Data(None)),
            Slot::Accessor { get: Value::Obj(g), .. } if *g == func => Some(MethodKey::Getter(String::new())),
            Slot::Accessor { set: Value::Obj(s), .. } if *s == func => Some(MethodKey::Setter(String::new())),
            _ => None,
        };
        let mut found: Vec<(String, MethodKey)> = Vec::new();
        let mut at = Some(this);
        for _ in 0..MAX_CHAIN {
            let Some(id) = at else { break };
            for p in &self.heap[id].props {
                if let Some(kind) = holds(&p.slot) {
                    if p.key.as_ref() == name {
                        return kind.named(&p.key);
                    }
                    found.push((p.key.to_string(), kind));
                }
            }
            at = self.heap[id].proto;
        }
        match found.len() {
            1 => {
                let (key, kind) = found.remove(0);
                kind.named(&key)
            }
            _ => MethodKey::Data(None),
        }
    }

    /// A function's own binding (`new.target` is 3) in the scope its frame started with.
    fn own_binding(&self, scope: ScopeId, i: usize) -> Option<Value> {
        let vars = &self.scopes.get(scope)?.vars;
        let b = vars.get(i)?;
        if b.name != self.function_own_names[i] {
            return None;
        }
        b.value.clone()
    }

    /// The type V8 shows for a method's receiver: its constructor's name, or a function's own
    /// name (a class's static method).
    fn receiver_type(&self, this: ObjId) -> String {
        if let ObjKind::Function(_) = self.heap[this].kind {
            let name = function_name(&self.heap, this);
            return if name.is_empty() { "Function".to_string() } else { name };
        }
        constructor_name(&self.heap, this).unwrap_or_else(|| "Object".to_string())
    }
}
