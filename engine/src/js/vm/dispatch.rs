//! Calls of built-in functions: each native in `builtins.rs`'s tables reaches its
//! implementation (most of them in `natives.rs`) from here.

use super::*;

impl Vm {
    pub(super) fn arg(args: &[Value], i: usize) -> Value {
        args.get(i).cloned().unwrap_or(Value::Undefined)
    }

    pub(super) fn call_native(&mut self, n: Native, this: Value, args: Vec<Value>) -> Result<Value, Abrupt> {
        match n {
            Native::Builtin(b) => {
                // A string a built-in made is counted here, once, wherever it made it.
                let v = self.call_builtin(b, this, args)?;
                self.count_value(&v);
                Ok(v)
            }
            Native::MapConstructor { .. } => Err(self.type_error("Constructor Map requires 'new'".into()).into()),
            Native::ErrorConstructor { prototype } => self.make_error(prototype, &args, None),
            Native::HasOwnProperty => {
                let key = self.key_of(&Self::arg(&args, 0));
                Ok(Value::Bool(match &this {
                    Value::Obj(id) => match &self.heap[*id].kind {
                        ObjKind::Array(items) if key == "length" || array_index(&key).is_some_and(|i| matches!(items.get(i), Some(Some(_)))) => true,
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
                self.count_output(line.len());
                self.event("log", line.clone().into());
                self.view_log(false, &line);
                self.output.push(line);
                Ok(Value::Undefined)
            }
            Native::ConsoleError => {
                let line = format_log_line(&self.heap, &args);
                self.count_output(line.len());
                self.event("log-error", line.clone().into());
                self.view_log(true, &line);
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
                let shown = self.recording().then(|| callback.clone());
                let id = self.add_timer(callback, args.get(2..).map(<[Value]>::to_vec).unwrap_or_default(), duration, repeat);
                if let Some(callback) = shown {
                    self.view_timer_created(id);
                    self.view_schedule(view::Queue::Timer, &callback);
                }
                let t = self.alloc(ObjKind::Timer(id));
                Ok(Value::Obj(t))
            }
            Native::ClearTimer => {
                if let Some(ObjKind::Timer(id)) = Self::arg(&args, 0).as_obj().map(|o| self.heap[o].kind.clone()) {
                    if let Some(t) = self.timers.get_mut(&id) {
                        if t.active {
                            self.active_timer_count -= 1;
                        }
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
                let shown = self.recording().then(|| callback.clone());
                self.immediates.push_back((id, callback, args.get(1..).map(<[Value]>::to_vec).unwrap_or_default(), context));
                if let Some(callback) = shown {
                    self.view_schedule(view::Queue::Immediate, &callback);
                }
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
                let shown = self.recording().then(|| callback.clone());
                self.ticks.push_back((callback, args.get(1..).map(<[Value]>::to_vec).unwrap_or_default(), context));
                if let Some(callback) = shown {
                    self.view_schedule(view::Queue::Tick, &callback);
                }
                Ok(Value::Undefined)
            }
            Native::QueueMicrotask => {
                let f = Self::arg(&args, 0);
                if !self.is_callable(&f) {
                    let shown = self.to_display(&f);
                    return Err(self.type_error(format!("The \"callback\" argument must be of type function. Received {shown}")).into());
                }
                let context = self.context.clone();
                let shown = self.recording().then(|| f.clone());
                self.microtasks.push_back(Job::Callback { f, context });
                if let Some(f) = shown {
                    self.view_schedule(view::Queue::Job, &f);
                }
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
                    Some(id) => format!("bound {}", super::super::format::function_name(&self.heap, id)),
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
                        let added = args.len();
                        items.extend(dense(args));
                        let len = items.len();
                        self.count_bytes(added * gc::ELEMENT_BYTES);
                        Ok(Value::Num(len as f64))
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

    pub(super) fn combinator(&mut self, kind: Combinator, iterable: Value) -> Result<Value, Abrupt> {
        let promise = self.new_promise();
        let (resolve, reject) = self.resolving_functions(promise);
        let items = match iterable.as_obj().map(|id| &self.heap[id].kind) {
            Some(ObjKind::Array(items)) => read_all(items),
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

    pub(super) fn finish_combinator(&mut self, record: usize) -> Result<(), Abrupt> {
        let values = std::mem::take(&mut self.combinators[record].values);
        let array = Value::Obj(self.alloc(ObjKind::array(values)));
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
}
