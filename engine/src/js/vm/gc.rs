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
//! collector checks that no such scope was still reachable.) Between collections, the number of live objects and scopes is
//! bounded by the heap limit: past it the run stops with a typed `Halt::HeapLimit`, which no
//! program can catch.

use super::super::value::*;
use super::{Frame, Job, Vm};

/// Inside synchronous code a collection waits for at least this many new cells, whatever the
/// run asks for (collecting at every step that allocates would make a run quadratic).
pub const MIN_CELLS_BETWEEN_STEP_COLLECTIONS: usize = 64;

/// What one object or scope costs, roughly, for the heap limit: the struct and its first few
/// properties or bindings.
pub const BYTES_PER_CELL: u64 = 256;

/// A collection runs once this many cells were made since the last one (and the loop is at a
/// safe point), unless the run asks for another interval.
pub const COLLECT_EVERY: usize = 50_000;

#[derive(Default)]
pub struct Marks {
    objects: Vec<bool>,
    scopes: Vec<bool>,
    object_work: Vec<ObjId>,
    scope_work: Vec<ScopeId>,
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
        self.update_step_collect_at();
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
