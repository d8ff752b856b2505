//! Memory: a mark-and-sweep collector for the machine's heap of objects and scopes, and the
//! heap limit.
//!
//! **The rule.** The collector runs only where nothing but the machine's own structures holds a
//! reference: between turns of the event loop, and between two steps of synchronous code when
//! the frames running are the only ones (no native is in the middle of its work, on a Rust stack
//! the collector cannot see) and the event loop entered them through `gc_safe`, keeping what it
//! still needs afterwards in `pinned`. Everything reachable from the roots (the global scope,
//! the built-ins, every queue, timer and suspended frame, the running frames, the async
//! context) is kept; every other object and scope is emptied and its slot reused. (Blocks and
//! calls that make no closure free their scopes themselves when they end; in debug builds the
//! collector checks that no such scope was still reachable.)
//!
//! **The heap limit.** What the program holds is counted in bytes: every object and scope as a
//! cell of `BYTES_PER_CELL`, what they hold besides (array elements, Map and Set entries,
//! properties, bindings) by its size, every string of `COUNTED_STRING` bytes or more once, where
//! it is made, and what the program printed. A collection measures what it kept; between
//! collections what is added is counted as it is added (and what is dropped still counts until
//! the next one). Strings are shared and freed by reference counting, not by the collector: the
//! machine keeps a weak reference to each string it counted, and gives back the bytes of those
//! freed when it sweeps that list. Past the limit the run stops with a typed `Halt::HeapLimit`,
//! which no program can catch; something big (a string of 64 KiB or more, the elements of a
//! split) is checked before it is made, so that the stop comes before the allocation.

use std::rc::{Rc, Weak};

use super::super::value::*;
use super::{Abrupt, Binding, Frame, Halt, Job, Vm};

/// Inside synchronous code a collection waits for at least this many new cells, whatever the
/// run asks for (collecting at every step that allocates would make a run quadratic).
pub const MIN_CELLS_BETWEEN_STEP_COLLECTIONS: usize = 64;

/// What one object or scope costs, roughly, for the heap limit: the struct and the allocator's
/// slack (what it holds is counted apart).
pub const BYTES_PER_CELL: u64 = 256;

/// The smallest heap limit: what the built-ins and the prelude need, with room to spare.
const MIN_HEAP: u64 = 1024 * BYTES_PER_CELL;

/// Strings at least this long (in bytes) are counted against the heap limit by themselves, each
/// once; a shorter one is counted only as part of what holds it.
pub const COUNTED_STRING: usize = 32;

/// What a counted string costs besides its text: its reference counts, and its entry in the
/// list of counted strings.
const STRING_OVERHEAD: usize = 2 * std::mem::size_of::<usize>() + std::mem::size_of::<Weak<str>>();

/// A string at least this long (in bytes) is checked against the heap limit before it is made;
/// a shorter one only once it is made.
pub const CHECKED_BEFORE_MADE: usize = 64 << 10;

/// The longest string V8 makes, in UTF-16 code units (`String::kMaxLength` in 64-bit builds):
/// an operation that would make a longer one throws `RangeError: Invalid string length`.
pub const MAX_STRING_LENGTH: usize = (1 << 29) - 24;

/// What a short string takes, about: its reference counts and its text, as the allocator
/// rounds them (each piece of a split is one).
pub const SHORT_STRING_BYTES: usize = 32;

/// What one slot of an array, one entry of a Map or Set and one property cost.
pub const ELEMENT_BYTES: usize = std::mem::size_of::<Elem>();
pub const ENTRY_BYTES: usize = std::mem::size_of::<Option<(Value, Value)>>();
pub const PROPERTY_BYTES: usize = std::mem::size_of::<Property>();

/// The list of counted strings is swept once this many bytes were counted since the last sweep,
/// or what the list held after it, whichever is more: a weak reference keeps a freed string's
/// allocation until the sweep drops it (so at most about that many bytes are kept for nothing),
/// and a sweep's cost is spread over at least as many bytes as it visits.
const SWEEP_EVERY: u64 = 4 << 20;

/// The strings counted against the heap limit (see the top of the file).
#[derive(Default)]
pub struct Strings {
    list: Vec<Weak<str>>,
    /// Bytes of the strings in the list, counting those freed since the last sweep.
    bytes: u64,
    /// Bytes counted since the last sweep.
    since_sweep: u64,
    /// When `since_sweep` reaches this, the list is swept.
    sweep_at: u64,
}

/// What a counted string costs for the heap limit.
fn string_cost(len: usize) -> u64 {
    (len + STRING_OVERHEAD) as u64
}

/// A collection runs once this many cells were made since the last one (and the loop is at a
/// safe point), unless the run asks for another interval.
pub const COLLECT_EVERY: usize = 50_000;

#[derive(Default)]
pub struct Marks {
    objects: Vec<bool>,
    scopes: Vec<bool>,
    object_work: Vec<ObjId>,
    scope_work: Vec<ScopeId>,
    /// What the objects and scopes marked hold besides their cells.
    held: u64,
}

impl Marks {
    fn value(&mut self, v: &Value) {
        if let Value::Obj(id) = v {
            self.object(*id);
        }
    }

    fn object(&mut self, id: ObjId) {
        if id < self.objects.len() && !self.objects[id] {
            self.objects[id] = true;
            self.object_work.push(id);
        }
    }

    fn scope(&mut self, id: ScopeId) {
        if id < self.scopes.len() && !self.scopes[id] {
            self.scopes[id] = true;
            self.scope_work.push(id);
        }
    }

    fn slot(&mut self, s: &Slot) {
        match s {
            Slot::Data(v) => self.value(v),
            Slot::Accessor { get, set } => {
                self.value(get);
                self.value(set);
            }
        }
    }

    fn context(&mut self, c: &Context) {
        if let Some(entries) = c {
            for (als, store) in entries.iter() {
                self.object(*als);
                self.value(store);
            }
        }
    }

    fn reaction(&mut self, r: &Reaction) {
        if let Some(t) = r.target {
            self.object(t);
        }
        if let Handler::Callable(v) = &r.handler {
            self.value(v);
        }
        self.context(&r.context);
    }

    fn frame(&mut self, f: &Frame) {
        for v in &f.stack {
            self.value(v);
        }
        self.scope(f.scope);
        for h in &f.handlers {
            self.scope(h.scope);
        }
        for c in &f.completions {
            match c {
                super::Completion::Return(v) | super::Completion::Throw(v) => self.value(v),
                super::Completion::Normal | super::Completion::Jump(_) => {}
            }
        }
        if let Some(p) = f.promise {
            self.object(p);
        }
        // What its stack line names it by (`stack_trace.rs`): an arrow's receiver is held by
        // nothing else.
        for id in [f.func, f.receiver].into_iter().flatten() {
            self.object(id);
        }
    }
}

impl Vm {
    /// Cells alive now (made and not freed).
    pub(super) fn live_cells(&self) -> usize {
        (self.heap.len() - self.free_objects.len()) + (self.scopes.len() - self.free_scopes.len())
    }

    /// Called where a collection is safe: collects when enough was made since the last one.
    pub(super) fn maybe_collect(&mut self, module_promise: Option<ObjId>) {
        if self.made_since_collect >= self.collect_threshold() {
            self.collect(module_promise);
        }
    }

    /// Cells made since the last collection that call for the next one: often enough that a
    /// program that keeps little never nears the limit.
    pub(super) fn collect_threshold(&self) -> usize {
        self.collect_every.min(self.max_cells / 2)
    }

    /// Cells made since the last collection that call for one between two steps
    /// (`Vm::step_collect_at`, kept up to date here): what the run asks for, but at least
    /// `MIN_CELLS_BETWEEN_STEP_COLLECTIONS` and half of what the last one kept; the loop also
    /// waits for one per frame running. So marking (which visits everything kept and every
    /// frame) costs a constant per cell made, however deep the recursion or large the heap.
    pub(super) fn update_step_collect_at(&mut self) {
        self.step_collect_at = self.collect_threshold().max(MIN_CELLS_BETWEEN_STEP_COLLECTIONS).max(self.kept_by_last_collection / 2);
    }

    /// Whether a collection may run between two steps of synchronous code: only in the outermost
    /// run of frames, entered from a point of the event loop that keeps what it holds where the
    /// collector sees it (`gc_safe`), with no native function in the middle of its work (its
    /// values live on the Rust stack, which the collector cannot see).
    pub(super) fn may_collect_in_run(&self) -> bool {
        self.runs == 1 && self.native_depth == 0 && self.safe_entry
    }

    /// Runs `f` (a call into JavaScript from the event loop) as a place where collections may
    /// happen between steps; whatever the caller still needs afterwards must be in `pinned`.
    pub(super) fn gc_safe<T>(&mut self, f: impl FnOnce(&mut Vm) -> T) -> T {
        let outer = std::mem::replace(&mut self.safe_entry, true);
        let result = f(self);
        self.safe_entry = outer;
        result
    }

    /// Runs `f` in an async context, keeping the context it replaces (restored after) where the
    /// collector sees it.
    pub(super) fn in_context<T>(&mut self, context: Context, f: impl FnOnce(&mut Vm) -> T) -> T {
        let outer = std::mem::replace(&mut self.context, context);
        self.pinned_contexts.push(outer);
        let result = f(self);
        self.context = self.pinned_contexts.pop().unwrap_or_default();
        result
    }

    /// A collection in the middle of synchronous code: the running frame and its callers are
    /// roots too.
    pub(super) fn collect_with_frames(&mut self, frame: &Frame, callers: &[Frame]) {
        let mut m = Marks { objects: vec![false; self.heap.len()], scopes: vec![false; self.scopes.len()], ..Marks::default() };
        m.frame(frame);
        callers.iter().for_each(|f| m.frame(f));
        self.mark_and_sweep(m, self.module_promise);
    }

    pub(super) fn collect(&mut self, module_promise: Option<ObjId>) {
        let m = Marks { objects: vec![false; self.heap.len()], scopes: vec![false; self.scopes.len()], ..Marks::default() };
        self.mark_and_sweep(m, module_promise);
    }

    fn mark_and_sweep(&mut self, mut m: Marks, module_promise: Option<ObjId>) {
        self.mark_roots(&mut m, module_promise);
        while !m.object_work.is_empty() || !m.scope_work.is_empty() {
            while let Some(id) = m.object_work.pop() {
                self.mark_object(&mut m, id);
            }
            while let Some(id) = m.scope_work.pop() {
                let scope = &self.scopes[id];
                m.held += (scope.vars.capacity() * std::mem::size_of::<Binding>()) as u64;
                if let Some(p) = scope.parent {
                    m.scope(p);
                }
                for b in &scope.vars {
                    if let Some(v) = &b.value {
                        m.value(v);
                    }
                }
            }
        }
        // Sweep: empty what nobody reaches and hand its slot to the next allocation.
        let free_objects: std::collections::HashSet<ObjId> = self.free_objects.iter().copied().collect();
        for (id, marked) in m.objects.iter().enumerate() {
            debug_assert!(!(*marked && free_objects.contains(&id)), "object {id} was freed while reachable");
            if !marked && !free_objects.contains(&id) {
                self.heap[id] = Object::new(ObjKind::Plain, None);
                self.free_objects.push(id);
            }
        }
        let free_scopes: std::collections::HashSet<ScopeId> = self.free_scopes.iter().copied().collect();
        for (id, marked) in m.scopes.iter().enumerate() {
            // A scope freed early (a block or call that made no closure) must be unreachable.
            debug_assert!(!(*marked && free_scopes.contains(&id)), "scope {id} was freed while reachable");
            if !marked && !free_scopes.contains(&id) {
                self.scopes[id] = Default::default();
                self.free_scopes.push(id);
            }
        }
        self.made_since_collect = 0;
        self.kept_by_last_collection = self.live_cells();
        self.held_bytes = m.held + self.output_bytes;
        self.unfolded_bytes = 0;
        // The objects emptied dropped their strings: those nothing else holds are freed now.
        self.sweep_strings();
        self.check_room();
        self.collections += 1;
    }

    fn mark_roots(&self, m: &mut Marks, module_promise: Option<ObjId>) {
        m.scope(self.global);
        let p = &self.protos;
        for id in [p.object, p.function, p.array, p.promise, p.error, p.string, p.number, p.boolean, p.map, p.set, p.iterator, p.timeout, p.als, p.date, p.symbol, p.symbol_iterator, self.promise_ctor] {
            m.object(id);
        }
        if let Some(id) = module_promise {
            m.object(id);
        }
        for (_, v) in &self.modules {
            m.value(v);
        }
        m.context(&self.context);
        self.pinned.iter().for_each(|v| m.value(v));
        self.pinned_contexts.iter().for_each(|c| m.context(c));
        if let Some(id) = self.module_promise {
            m.object(id);
        }
        for frame in self.suspended.iter().flatten() {
            m.frame(frame);
        }
        if let Some(recorder) = &self.recorder {
            recorder.lane_promises.keys().for_each(|p| m.object(*p));
        }
        for (f, args, context) in &self.ticks {
            m.value(f);
            args.iter().for_each(|a| m.value(a));
            m.context(context);
        }
        for job in &self.microtasks {
            match job {
                Job::Reaction { reaction, argument, .. } => {
                    m.reaction(reaction);
                    m.value(argument);
                }
                Job::ResolveThenable { promise, thenable, then, context } => {
                    m.object(*promise);
                    m.value(thenable);
                    m.value(then);
                    m.context(context);
                }
                Job::Callback { f, context } => {
                    m.value(f);
                    m.context(context);
                }
            }
        }
        for t in self.timers.values() {
            m.value(&t.callback);
            t.args.iter().for_each(|a| m.value(a));
            m.context(&t.context);
        }
        for (_, f, args, context) in &self.immediates {
            m.value(f);
            args.iter().for_each(|a| m.value(a));
            m.context(context);
        }
        for op in &self.io {
            m.value(&op.callback);
            m.context(&op.context);
        }
        for p in &self.pending_rejections {
            m.object(*p);
        }
        for r in &self.combinators {
            r.values.iter().for_each(|v| m.value(v));
            m.value(&r.resolve);
            m.value(&r.reject);
        }
    }

    fn mark_object(&self, m: &mut Marks, id: ObjId) {
        let obj = &self.heap[id];
        m.held += held_by(obj);
        if let Some(p) = obj.proto {
            m.object(p);
        }
        for p in &obj.props {
            m.slot(&p.slot);
        }
        for (_, s) in &obj.privates {
            m.slot(s);
        }
        for p in &obj.symbol_props {
            m.object(p.symbol);
            m.slot(&p.slot);
        }
        match &obj.kind {
            ObjKind::Array(items) => items.iter().flatten().for_each(|v| m.value(v)),
            ObjKind::Function(Callable::Closure { scope, home, class, .. }) => {
                m.scope(*scope);
                if let Some(h) = home {
                    m.object(*h);
                }
                if let Some(c) = class {
                    if let Some(f) = &c.fields {
                        m.value(f);
                    }
                    for (_, s) in &c.private_methods {
                        m.slot(s);
                    }
                }
            }
            ObjKind::Function(Callable::Native(n)) => match n {
                Native::Resolving { promise, .. } => m.object(*promise),
                Native::ThenFinally { on_finally } | Native::CatchFinally { on_finally } => m.value(on_finally),
                Native::ValueThunk { value } => m.value(value),
                Native::Thrower { reason } => m.value(reason),
                Native::ErrorConstructor { prototype } => m.object(*prototype),
                Native::Bound { target, this, args } => {
                    m.value(target);
                    m.value(this);
                    args.iter().for_each(|a| m.value(a));
                }
                _ => {}
            },
            ObjKind::Promise(data) => {
                match &data.state {
                    PromiseState::Fulfilled(v) | PromiseState::Rejected(v) => m.value(v),
                    PromiseState::Pending => {}
                }
                data.fulfill_reactions.iter().chain(&data.reject_reactions).for_each(|r| m.reaction(r));
            }
            ObjKind::Map(map) => {
                for (k, v) in map.iter() {
                    m.value(k);
                    m.value(v);
                }
            }
            ObjKind::Iterator(state) => match state {
                IterState::Array { array, .. } => m.object(*array),
                IterState::Map { map, .. } => m.object(*map),
                IterState::Values { values, .. } => values.iter().for_each(|v| m.value(v)),
                IterState::Protocol { iterator, next, .. } => {
                    m.value(iterator);
                    m.value(next);
                }
            },
            ObjKind::Plain | ObjKind::Symbol(_) | ObjKind::Error(_) | ObjKind::Timer(_) | ObjKind::Immediate(_) | ObjKind::Date(_) => {}
        }
    }
}

/// What an object holds besides its cell: the slots of its properties, elements and entries,
/// and the text it keeps (a long key is a counted string).
fn held_by(obj: &Object) -> u64 {
    use std::mem::size_of;
    let slots = obj.props.capacity() * PROPERTY_BYTES
        + obj.privates.capacity() * size_of::<(PrivateName, Slot)>()
        + obj.symbol_props.capacity() * size_of::<SymbolProperty>();
    let contents = match &obj.kind {
        ObjKind::Array(items) => items.capacity() * ELEMENT_BYTES,
        ObjKind::Map(map) => map.capacity() * ENTRY_BYTES,
        ObjKind::Iterator(IterState::Values { values, .. }) => values.capacity() * size_of::<Value>(),
        ObjKind::Promise(data) => (data.fulfill_reactions.capacity() + data.reject_reactions.capacity()) * size_of::<Reaction>(),
        ObjKind::Function(Callable::Native(Native::Bound { args, .. })) => args.capacity() * size_of::<Value>(),
        ObjKind::Error(frames) => frames.len(),
        ObjKind::Symbol(Some(description)) => description.len(),
        _ => 0,
    };
    (slots + contents) as u64
}

impl Vm {
    /// Counts `bytes` more that the heap's objects hold (elements, entries, properties): toward
    /// the heap limit, and toward the next collection, which measures them again.
    #[inline]
    pub(super) fn count_bytes(&mut self, bytes: usize) {
        self.unfolded_bytes += bytes;
        if self.unfolded_bytes >= BYTES_PER_CELL as usize {
            self.fold_bytes();
        }
    }

    #[cold]
    fn fold_bytes(&mut self) {
        let bytes = std::mem::take(&mut self.unfolded_bytes);
        self.held_bytes += bytes as u64;
        self.made_since_collect += bytes / BYTES_PER_CELL as usize;
        self.check_room();
    }

    /// Counts what the program printed: the machine keeps it to the end of the run (the line,
    /// and the trace's copy of it).
    pub(super) fn count_output(&mut self, bytes: usize) {
        self.output_bytes += 2 * bytes as u64;
        self.count_bytes(2 * bytes);
    }

    /// A string value, counted against the heap limit.
    pub(super) fn new_string(&mut self, text: &str) -> Value {
        let s: Rc<str> = Rc::from(text);
        self.count_string(&s);
        Value::Str(s)
    }

    /// Counts a string the machine made, if it is long enough to be counted and was not counted
    /// before (a string in the list has a weak reference: the list's).
    #[inline]
    pub(super) fn count_string(&mut self, s: &Rc<str>) {
        if s.len() >= COUNTED_STRING && Rc::weak_count(s) == 0 {
            self.count_new_string(s);
        }
    }

    /// Counts the value if it is a string the machine made (see `count_string`).
    #[inline]
    pub(super) fn count_value(&mut self, v: &Value) {
        if let Value::Str(s) = v {
            self.count_string(s);
        }
    }

    fn count_new_string(&mut self, s: &Rc<str>) {
        self.strings.list.push(Rc::downgrade(s));
        let cost = string_cost(s.len());
        self.strings.bytes += cost;
        self.strings.since_sweep += cost;
        self.made_since_collect += cost.div_ceil(BYTES_PER_CELL) as usize;
        if self.strings.since_sweep >= self.strings.sweep_at {
            self.sweep_strings();
        }
        self.check_room();
    }

    /// Drops the list's references to the strings nothing else holds, and their bytes.
    fn sweep_strings(&mut self) {
        let strings = &mut self.strings;
        strings.list.retain(|w| w.strong_count() > 0);
        // A weak reference's pointer still knows its string's length.
        strings.bytes = strings.list.iter().map(|w| string_cost((w.as_ptr() as *const [u8]).len())).sum();
        strings.since_sweep = 0;
        strings.sweep_at = SWEEP_EVERY.max(strings.bytes);
    }

    /// The bytes the program holds, as far as they are counted.
    fn used_bytes(&self) -> u64 {
        self.live_cells() as u64 * BYTES_PER_CELL + self.held_bytes + self.unfolded_bytes as u64 + self.strings.bytes
    }

    fn limit_bytes(&self) -> u64 {
        self.heap_limit_bytes.max(MIN_HEAP)
    }

    /// Works out how many cells still fit beside the bytes counted, and stops the run if the
    /// cells alive already pass that.
    pub(super) fn check_room(&mut self) {
        let room = self.limit_bytes().saturating_sub(self.held_bytes + self.strings.bytes);
        self.max_cells = usize::try_from(room / BYTES_PER_CELL).unwrap_or(usize::MAX);
        self.update_step_collect_at();
        if self.live_cells() >= self.max_cells {
            self.over_limit();
        }
    }

    /// The count passed the heap limit. Strings freed since the list was last swept still
    /// count: if they may be many, the list is swept and the count looked at again. Otherwise
    /// (or if it is still past the limit) the run stops at its next step.
    pub(super) fn over_limit(&mut self) {
        if self.strings.since_sweep >= self.limit_bytes() / 16 {
            self.sweep_strings();
            let room = self.limit_bytes().saturating_sub(self.held_bytes + self.strings.bytes);
            self.max_cells = usize::try_from(room / BYTES_PER_CELL).unwrap_or(usize::MAX);
            if self.live_cells() < self.max_cells {
                return;
            }
        }
        self.heap_exceeded.set(true);
    }

    /// Before making something of `bytes` bytes: the heap limit's stop if it does not fit.
    pub(super) fn room_for(&mut self, bytes: usize) -> Result<(), Abrupt> {
        if self.used_bytes().saturating_add(bytes as u64) <= self.limit_bytes() {
            return Ok(());
        }
        if self.strings.since_sweep >= self.limit_bytes() / 16 {
            self.sweep_strings();
            if self.used_bytes().saturating_add(bytes as u64) <= self.limit_bytes() {
                return Ok(());
            }
        }
        self.heap_exceeded.set(true);
        Err(Abrupt::Halt(Halt::HeapLimit))
    }

    /// Before making a string of `bytes` bytes, `units()` UTF-16 code units: a RangeError where
    /// V8 would throw one (longer than `MAX_STRING_LENGTH`), the heap limit's stop if it does
    /// not fit. (A string's length in UTF-16 is at most its length in UTF-8 bytes, so `units`
    /// is asked for only when the bytes are that many.)
    #[inline]
    pub(super) fn room_for_string(&mut self, bytes: usize, units: impl FnOnce() -> usize) -> Result<(), Abrupt> {
        if bytes < CHECKED_BEFORE_MADE {
            return Ok(());
        }
        if bytes > MAX_STRING_LENGTH && units() > MAX_STRING_LENGTH {
            return Err(self.error_value("RangeError", "Invalid string length").into());
        }
        self.room_for(bytes)
    }

    /// While a string is built piece by piece (its `bytes` so far, or what it takes where it is
    /// built): checked against the heap limit and V8's longest string (`units()`) each time it
    /// has grown by a quarter since the last check (`check_at`).
    #[inline]
    pub(super) fn room_for_growing(&mut self, bytes: usize, check_at: &mut usize, units: impl FnOnce() -> usize) -> Result<(), Abrupt> {
        if bytes < *check_at {
            return Ok(());
        }
        *check_at = bytes + (bytes / 4).max(CHECKED_BEFORE_MADE);
        if bytes > MAX_STRING_LENGTH && units() > MAX_STRING_LENGTH {
            return Err(self.error_value("RangeError", "Invalid string length").into());
        }
        self.room_for(bytes)
    }

    /// How long a string made by code that only reads the machine (the text of an array) may
    /// grow before it no longer fits: past it that code stops, and sets `heap_exceeded`.
    pub(super) fn text_room(&self) -> usize {
        usize::try_from(self.limit_bytes().saturating_sub(self.used_bytes())).unwrap_or(usize::MAX).min(MAX_STRING_LENGTH)
    }
}
