//! Promises and their jobs, exactly as the spec orders them: resolve functions, `then`,
//! thenables, and the combinators (`all`, `allSettled`, `any`, `race`).

use super::*;

impl Vm {
    pub(super) fn new_promise(&mut self) -> ObjId {
        self.alloc(ObjKind::Promise(PromiseData {
            state: PromiseState::Pending,
            fulfill_reactions: vec![],
            reject_reactions: vec![],
            handled: false,
        }))
    }

    pub(super) fn promise_data(&mut self, p: ObjId) -> &mut PromiseData {
        match &mut self.heap[p].kind {
            ObjKind::Promise(d) => d,
            _ => unreachable!("not a promise"),
        }
    }

    pub(super) fn resolving_functions(&mut self, promise: ObjId) -> (Value, Value) {
        let record = self.resolved_records.len();
        self.resolved_records.push(false);
        let resolve = self.native(Native::Resolving { promise, record, reject: false });
        let reject = self.native(Native::Resolving { promise, record, reject: true });
        (resolve, reject)
    }

    pub(super) fn construct_promise(&mut self, executor: Value) -> Result<Value, Abrupt> {
        if !self.is_callable(&executor) {
            let shown = self.to_display(&executor);
            return Err(self.type_error(format!("Promise resolver {shown} is not a function")).into());
        }
        let p = self.new_promise();
        let (resolve, reject) = self.resolving_functions(p);
        self.activations.push(stack_trace::Activation::Builtin("new Promise"));
        let result = self.call(&executor, Value::Undefined, vec![resolve, reject.clone()]);
        self.activations.pop();
        match result {
            Err(Abrupt::Throw(e)) => {
                self.call(&reject, Value::Undefined, vec![e])?;
            }
            Err(halt) => return Err(halt),
            Ok(_) => {}
        }
        Ok(Value::Obj(p))
    }

    /// The spec's promise resolve functions, after the "already resolved" check.
    pub(super) fn resolve_promise(&mut self, p: ObjId, x: Value) {
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

    pub(super) fn fulfill_promise(&mut self, p: ObjId, v: Value) {
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
        self.view_settle(p, None);
    }

    pub(super) fn reject_promise(&mut self, p: ObjId, reason: Value) {
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
        self.view_settle(p, Some(&reason));
    }

    pub(super) fn perform_then(&mut self, p: ObjId, on_fulfilled: Reaction, on_rejected: Reaction) {
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
    pub(super) fn then(&mut self, p: ObjId, on_fulfilled: Value, on_rejected: Value) -> Value {
        let derived = self.new_promise();
        let handler = |vm: &Vm, v: Value| Handler::Callable(if vm.is_callable(&v) { v } else { Value::Undefined });
        let f = Reaction { target: Some(derived), handler: handler(self, on_fulfilled), context: self.context.clone() };
        let r = Reaction { target: Some(derived), handler: handler(self, on_rejected), context: self.context.clone() };
        self.perform_then(p, f, r);
        Value::Obj(derived)
    }

    /// `Promise.resolve(x)`: a native promise is returned as it is.
    pub(super) fn promise_resolve(&mut self, x: Value) -> Result<ObjId, Abrupt> {
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
    pub(super) fn invoke_then(&mut self, value: &Value, on_fulfilled: Value, on_rejected: Value) -> Result<Value, Abrupt> {
        let then = self.get_prop(value, "then")?;
        self.call(&then, value.clone(), vec![on_fulfilled, on_rejected])
    }

    pub(super) fn run_job(&mut self, job: Job) -> Result<(), Abrupt> {
        self.charge()?;
        self.view_run_job(&job);
        let context = match &job {
            Job::Reaction { reaction, .. } => reaction.context.clone(),
            Job::ResolveThenable { context, .. } | Job::Callback { context, .. } => context.clone(),
        };
        self.in_context(context, |vm| vm.run_job_in_context(job))
    }

    pub(super) fn run_job_in_context(&mut self, job: Job) -> Result<(), Abrupt> {
        match job {
            Job::Callback { f, .. } => {
                self.event("microtask", "queueMicrotask".into());
                if let Err(e) = self.gc_safe(|vm| vm.call(&f, Value::Undefined, vec![])) {
                    return self.uncaught(e);
                }
                Ok(())
            }
            Job::ResolveThenable { promise, thenable, then, .. } => {
                self.event("microtask", "resolve-thenable".into());
                let (resolve, reject) = self.resolving_functions(promise);
                self.pinned.push(reject.clone());
                let called = self.gc_safe(|vm| vm.call(&then, thenable, vec![resolve, reject.clone()]));
                self.pinned.pop();
                if let Err(e) = called {
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
                    Handler::Callable(f) => {
                        // The promise this reaction settles is held here while the handler runs.
                        self.pinned.extend(reaction.target.map(Value::Obj));
                        let called = self.gc_safe(|vm| vm.call(&f, Value::Undefined, vec![argument]));
                        if reaction.target.is_some() {
                            self.pinned.pop();
                        }
                        match called {
                            Ok(v) => Ok(v),
                            Err(e) => Err(thrown(e)?),
                        }
                    }
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
    pub(super) fn uncaught(&mut self, e: Abrupt) -> Result<(), Abrupt> {
        match e {
            Abrupt::Throw(e) => Err(Abrupt::Halt(Halt::Uncaught(self.describe_thrown(&e)))),
            halt => Err(halt),
        }
    }
}
