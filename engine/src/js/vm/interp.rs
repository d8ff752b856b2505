//! The interpreter loop: scopes, calls (frames live on the machine's own stack, not Rust's),
//! and the execution of each operation of the compiled code.

use super::convert::number_binary;
use super::*;
use super::super::builtins::Builtin;

impl Vm {
    pub(super) fn new_scope(&mut self, parent: ScopeId) -> ScopeId {
        self.push_scope(Scope::new(Vec::new(), Some(parent)))
    }

    pub(super) fn lookup(&self, mut scope: ScopeId, name: &str) -> Option<(ScopeId, usize)> {
        loop {
            if let Some(i) = self.scopes[scope].find(name) {
                return Some((scope, i));
            }
            scope = self.scopes[scope].parent?;
        }
    }

    /// The binding at a slot the compiler worked out, checked by name; a search by name if the
    /// check fails (which `Run::slot_misses` counts: the compiler's model should make it 0).
    pub(super) fn at_slot(&mut self, scope: ScopeId, slot: VarSlot, name: &str) -> Option<(ScopeId, usize)> {
        let mut s = scope;
        for _ in 0..slot.hops {
            match self.scopes[s].parent {
                Some(p) => s = p,
                None => return self.slot_missed(scope, name),
            }
        }
        let index = slot.index as usize;
        match self.scopes[s].vars.get(index) {
            Some(b) if std::ptr::eq(b.name.as_ptr(), name.as_ptr()) || &*b.name == name => Some((s, index)),
            _ => self.slot_missed(scope, name),
        }
    }

    /// Frees the scopes of a finished call that nothing can reach (see `Frame::own_scope`): from
    /// the frame's current scope up to the one the call made, if the chain leads there.
    fn release_scopes(&mut self, frame: &Frame) {
        let Some(own) = frame.own_scope else { return };
        let mut chain = vec![frame.scope];
        while *chain.last().unwrap() != own {
            match self.scopes[*chain.last().unwrap()].parent {
                Some(p) if chain.len() < 1000 => chain.push(p),
                _ => return,
            }
        }
        for s in chain {
            self.free_scope(s);
        }
    }

    /// The binding at a compiled slot when it is there under its name: the fast path of
    /// `GetLocal` (anything else goes through `at_slot` and its errors).
    #[inline(always)]
    fn local_binding(&self, scope: ScopeId, slot: VarSlot, name: &Rc<str>) -> Option<&Binding> {
        let mut s = scope;
        for _ in 0..slot.hops {
            s = self.scopes[s].parent?;
        }
        self.scopes[s].vars.get(slot.index as usize).filter(|b| Rc::ptr_eq(&b.name, name))
    }

    #[inline(always)]
    fn local_binding_mut(&mut self, scope: ScopeId, slot: VarSlot, name: &Rc<str>) -> Option<&mut Binding> {
        let mut s = scope;
        for _ in 0..slot.hops {
            s = self.scopes[s].parent?;
        }
        self.scopes[s].vars.get_mut(slot.index as usize).filter(|b| Rc::ptr_eq(&b.name, name))
    }

    fn slot_missed(&mut self, scope: ScopeId, name: &str) -> Option<(ScopeId, usize)> {
        self.slot_misses += 1;
        self.lookup(scope, name)
    }

    /// A variable's value, or the error reading it gives: uninitialised (`let` before its
    /// declaration, `this` before `super()`), not a construct of the subset, or not defined.
    fn read_binding(&mut self, found: Option<(ScopeId, usize)>, name: &str, pos: Pos) -> Result<Value, Abrupt> {
        match found {
            Some((s, i)) => match &self.scopes[s].vars[i].value {
                Some(v) => Ok(v.clone()),
                None if name == "this" => Err(reference_error(
                    "Must call super constructor in derived class before accessing 'this' or returning from derived constructor".into(),
                )),
                None => Err(reference_error(format!("Cannot access '{name}' before initialization"))),
            },
            None if MISSING_GLOBALS.contains(&name) || (self.is_module && matches!(name, "require" | "__filename" | "module" | "exports")) => {
                Err(self.stop_unsupported(pos, &format!("`{name}`")))
            }
            None => Err(reference_error(format!("{name} is not defined"))),
        }
    }

    /// An assignment to a variable: to its binding, or in sloppy CommonJS code to a new global.
    fn write_binding(&mut self, found: Option<(ScopeId, usize)>, name: &Rc<str>, v: Value) -> Result<(), Abrupt> {
        match found {
            Some((s, i)) => {
                let b = &mut self.scopes[s].vars[i];
                if b.value.is_none() {
                    return Err(reference_error(format!("Cannot access '{name}' before initialization")));
                }
                if b.constant {
                    return Err(self.type_error("Assignment to constant variable.".into()).into());
                }
                b.value = Some(v);
            }
            None if !self.is_module => {
                let g = self.global;
                self.scopes[g].push(Binding { name: name.clone(), value: Some(v), constant: false });
            }
            None => return Err(reference_error(format!("{name} is not defined"))),
        }
        Ok(())
    }

    // ----------------------------------------------------------------------------- patterns

    /// V8's message for an object pattern given null or undefined: the first property read when
    /// the pattern is nested or that property has a default, else what could not be destructured,
    /// named as `PatternFrom` says.
    fn cannot_destructure(&self, check: &PatternCheck, v: &Value) -> String {
        let shown = self.to_display(v);
        let source = match &check.from {
            PatternFrom::Text(text) | PatternFrom::Call(text) => text.to_string(),
            PatternFrom::Value if *v == Value::Null => "object null".to_string(),
            PatternFrom::Value | PatternFrom::Nested => shown.clone(),
        };
        match &check.first_key {
            Some(key) if check.first_default || check.from == PatternFrom::Nested => {
                format!("Cannot read properties of {shown} (reading '{key}')")
            }
            Some(key) => format!("Cannot destructure property '{key}' of '{source}' as it is {shown}."),
            None => format!("Cannot destructure '{source}' as it is {shown}."),
        }
    }

    /// V8's message for an array pattern given something not iterable: named by its source text,
    /// by the callee that returned it, or by its type (and value, for a primitive).
    fn not_iterable(&self, check: &PatternCheck, v: &Value) -> String {
        match &check.from {
            PatternFrom::Text(text) => format!("{text} is not iterable"),
            PatternFrom::Call(callee) => format!("{callee} is not a function or its return value is not iterable"),
            PatternFrom::Value | PatternFrom::Nested => {
                let described = match v {
                    Value::Undefined => "undefined".to_string(),
                    Value::Null => "object null".to_string(),
                    Value::Obj(_) => self.type_of(v).to_string(),
                    other => format!("{} {}", self.type_of(other), self.to_display(other)),
                };
                format!("{described} is not iterable (cannot read property Symbol(Symbol.iterator))")
            }
        }
    }

    // ----------------------------------------------------------------------------- calls

    /// V8's TypeError for calling (`what` is "a function") or constructing ("a constructor") a
    /// value that cannot be: named by the callee's text where the compiler noted it
    /// (`cfg.load is not a function`), else by the value.
    fn not_callable(&mut self, f: &Frame, value: &Value, what: &str) -> Value {
        let shown = match f.proto.subject(f.pc - 1) {
            Some(text) => text.to_string(),
            None => self.to_display(value),
        };
        self.type_error(format!("{shown} is not {what}"))
    }

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
            Callable::Native(n) => {
                // A native may hold values on the Rust stack while the code it calls runs: no
                // collection until it returns (see `run`).
                self.native_depth += 1;
                let frame = self.builtin_frame(&n, &this);
                let framed = frame.is_some();
                self.activations.extend(frame);
                let result = self.call_native(n, this, args);
                if framed {
                    self.activations.pop();
                }
                self.native_depth -= 1;
                result
            }
            Callable::Closure { proto, scope, home, .. } => {
                if let ProtoKind::ClassConstructor { .. } = proto.kind {
                    let name = super::super::format::function_name(&self.heap, *id);
                    let message = if name.is_empty() {
                        "Class constructors cannot be invoked without 'new'".to_string()
                    } else {
                        format!("Class constructor {name} cannot be invoked without 'new'")
                    };
                    return Err(self.type_error(message).into());
                }
                let this = if proto.is_arrow {
                    self.arrow_receiver = this.as_obj();
                    None
                } else {
                    Some(Some(this))
                };
                self.invoke(*id, proto, scope, home, this, args, Value::Undefined).map(|(v, _)| v)
            }
        }
    }

    /// Runs a closure's code in a new scope: its parameters, and unless it is an arrow (which
    /// sees its surroundings'), its own `this` (`Some(None)`: not yet made, in a derived
    /// constructor before `super()`), home object and `new.target`. Gives back the result and
    /// the scope, where a constructor's `this` ended up.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn invoke(
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
    pub(super) fn enter(
        &mut self,
        func: ObjId,
        proto: Rc<Proto>,
        scope: ScopeId,
        home: Option<ObjId>,
        this: Option<Option<Value>>,
        args: Vec<Value>,
        new_target: Value,
    ) -> Frame {
        let receiver = match &this {
            Some(Some(Value::Obj(o))) => Some(*o),
            Some(_) => None,
            None => self.arrow_receiver.take(),
        };
        let scope = self.new_scope(scope);
        let releasable = !proto.makes_closures && new_target == Value::Undefined && !matches!(proto.kind, ProtoKind::ClassConstructor { .. });
        let own_scope = releasable.then_some(scope);
        if let Some(this) = this {
            // Straight into the new scope's list: four bindings are too few for its index.
            let vars = &mut self.scopes[scope].vars;
            let [this_name, func_name, home_name, new_target_name] = self.function_own_names.clone();
            vars.push(Binding { name: this_name, value: this, constant: true });
            vars.push(Binding { name: func_name, value: Some(Value::Obj(func)), constant: true });
            vars.push(Binding { name: home_name, value: Some(home.map_or(Value::Undefined, Value::Obj)), constant: true });
            vars.push(Binding { name: new_target_name, value: Some(new_target), constant: true });
        }
        let mut args = args;
        if proto.rest {
            let fixed = proto.params.len().saturating_sub(1);
            let rest: Vec<Value> = if args.len() > fixed { args.split_off(fixed) } else { Vec::new() };
            let array = self.alloc(ObjKind::array(rest));
            args.resize(fixed, Value::Undefined);
            args.push(Value::Obj(array));
        }
        for (i, p) in proto.params.iter().enumerate() {
            let v = args.get(i).cloned().unwrap_or(Value::Undefined);
            self.scopes[scope].push(Binding { name: p.clone(), value: Some(v), constant: false });
        }
        let promise = if proto.is_async { Some(self.new_promise()) } else { None };
        self.view_call(func, &proto, &args, promise, scope);
        Frame { func: Some(func), receiver, proto, pc: 0, stack: Vec::new(), scope, handlers: Vec::new(), completions: Vec::new(), promise, own_scope }
    }

    /// A call from a step: a plain JavaScript function gets a frame of its own on the frame
    /// stack (`Flow::Call`); anything else (natives, class constructors, bound functions) is
    /// called here.
    pub(super) fn call_from_step(&mut self, f: &Value, this: Value, args: Vec<Value>) -> Result<Result<Value, Frame>, Abrupt> {
        if let Value::Obj(id) = f {
            if let ObjKind::Function(Callable::Closure { proto, scope, home, .. }) = &self.heap[*id].kind {
                if !matches!(proto.kind, ProtoKind::ClassConstructor { .. }) {
                    let (proto, scope, home) = (proto.clone(), *scope, *home);
                    let this = if proto.is_arrow {
                        self.arrow_receiver = this.as_obj();
                        None
                    } else {
                        Some(Some(this))
                    };
                    return Ok(Err(self.enter(*id, proto, scope, home, this, args, Value::Undefined)));
                }
            }
        }
        self.call(f, this, args).map(Ok)
    }

    /// A call of something that should be a function, with Node's TypeError when it is not.
    pub(super) fn call_checked(&mut self, f: &Value, this: Value, args: Vec<Value>) -> Result<Value, Abrupt> {
        if !self.is_callable(f) {
            let shown = self.to_display(f);
            return Err(self.type_error(format!("{shown} is not a function")).into());
        }
        self.call(f, this, args)
    }

    pub(super) fn is_constructor(&self, v: &Value) -> bool {
        match v {
            Value::Obj(id) => match &self.heap[*id].kind {
                ObjKind::Function(Callable::Closure { proto, .. }) => proto.kind != ProtoKind::NotConstructor && !proto.is_async,
                ObjKind::Function(Callable::Native(n)) => {
                    matches!(
                        n,
                        Native::ErrorConstructor { .. }
                            | Native::PromiseResolve
                            | Native::MapConstructor { .. }
                            | Native::AsyncLocalStorage
                            | Native::DateConstructor
                            | Native::Builtin(Builtin::ArrayConstructor | Builtin::ObjectConstructor)
                    )
                }
                _ => false,
            },
            _ => false,
        }
    }

    /// `new callee(...args)`, with `new_target` the constructor `new` was applied to (it differs
    /// from `callee` when a derived class's `super(...)` calls its parent).
    pub(super) fn construct(&mut self, callee: &Value, args: Vec<Value>, new_target: &Value) -> Result<Value, Abrupt> {
        if !self.is_constructor(callee) {
            let shown = match callee {
                Value::Obj(id) if self.is_callable(callee) => super::super::format::function_name(&self.heap, *id),
                other => self.to_display(other),
            };
            return Err(self.type_error(format!("{shown} is not a constructor")).into());
        }
        let id = callee.as_obj().expect("constructors are objects");
        let callable = match &self.heap[id].kind {
            ObjKind::Function(c) => c.clone(),
            _ => unreachable!("checked by is_constructor"),
        };
        if matches!(callable, Callable::Native(_)) {
            self.native_depth += 1;
            let made = self.construct_with(id, callable, args, new_target);
            self.native_depth -= 1;
            return made;
        }
        self.construct_with(id, callable, args, new_target)
    }

    fn construct_with(&mut self, id: ObjId, callable: Callable, args: Vec<Value>, new_target: &Value) -> Result<Value, Abrupt> {
        match callable {
            Callable::Native(Native::ErrorConstructor { prototype }) => {
                let proto = self.prototype_for(new_target, prototype)?;
                let target = if let Value::Obj(t) = new_target { Some(*t) } else { None };
                self.make_error(proto, &args, target)
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
            Callable::Native(Native::Builtin(Builtin::ArrayConstructor)) => self.array_constructor(args),
            Callable::Native(Native::Builtin(Builtin::ObjectConstructor)) => self.object_constructor(Self::arg(&args, 0)),
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
    pub(super) fn prototype_for(&mut self, new_target: &Value, fallback: ObjId) -> Result<ObjId, Abrupt> {
        Ok(match self.get_prop(new_target, "prototype")? {
            Value::Obj(p) => p,
            _ => fallback,
        })
    }

    /// Runs a class's field initialisers (and adds its private methods) on a new instance.
    pub(super) fn initialize_instance(&mut self, class: ObjId, obj: &Value) -> Result<(), Abrupt> {
        let fields = match &self.heap[class].kind {
            ObjKind::Function(Callable::Closure { class: Some(c), .. }) => c.fields.clone(),
            _ => None,
        };
        if let Some(fields) = fields {
            self.call(&fields, obj.clone(), vec![])?;
        }
        Ok(())
    }

    /// `new Error(message, options)` and its kinds, `new_target` the constructor `new` was
    /// applied to (its frames are left out of the stack).
    pub(super) fn make_error(&mut self, proto: ObjId, args: &[Value], new_target: Option<ObjId>) -> Result<Value, Abrupt> {
        // `new AggregateError(errors, message, options)` takes its errors first.
        let aggregate = super::super::format::lookup(&self.heap, proto, "name") == Some(Value::str("AggregateError"));
        let (errors, args) = if aggregate { (Some(Self::arg(args, 0)), args.get(1..).unwrap_or_default()) } else { (None, args) };
        let frames = self.capture_frames(new_target);
        let e = self.alloc_with(ObjKind::Error(frames), Some(proto));
        if let Some(errors) = errors {
            let it = self.iterator(&errors)?;
            let mut list = Vec::new();
            while let Some(v) = self.iter_next(&it)? {
                list.push(v);
            }
            let list = Value::Obj(self.alloc(ObjKind::array(list)));
            self.define_hidden(e, "errors", list);
        }
        let message = Self::arg(args, 0);
        if message != Value::Undefined {
            let text = self.to_string_calling(&message)?;
            let message = self.new_string(&text);
            self.define_hidden(e, "message", message);
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
    pub(super) fn run(&mut self, frame: Frame) -> Result<Outcome, Abrupt> {
        self.runs += 1;
        let base = self.activations.len();
        let outcome = self.run_frames(frame);
        self.activations.truncate(base);
        self.runs -= 1;
        outcome
    }

    fn run_frames(&mut self, frame: Frame) -> Result<Outcome, Abrupt> {
        let mut callers: Vec<Frame> = Vec::new();
        let mut frame = frame;
        self.push_activation(&frame);
        loop {
            if self.made_since_collect >= self.step_collect_at && self.made_since_collect >= callers.len() && self.may_collect_in_run() {
                self.collect_with_frames(&frame, &callers);
            }
            let mut outcome = match self.step(&mut frame) {
                Ok(None) => continue,
                Ok(Some(Flow::Call(callee))) => {
                    if self.frames + 1 >= MAX_FRAMES {
                        let e = self.error_value("RangeError", "Maximum call stack size exceeded");
                        match self.catch(&mut frame, e) {
                            Ok(()) => continue,
                            Err(Abrupt::Throw(e)) => Outcome::Throw(e),
                            Err(other) => return Err(self.halt_run(&callers, other)),
                        }
                    } else {
                        self.frames += 1;
                        self.push_activation(&callee);
                        callers.push(std::mem::replace(&mut frame, callee));
                        continue;
                    }
                }
                Ok(Some(Flow::Return(v))) => match self.enter_finally(&mut frame, Completion::Return(v)) {
                    Ok(None) => continue,
                    Ok(Some(Completion::Return(v))) => Outcome::Return(v),
                    Ok(Some(_)) => unreachable!("enter_finally gives back what it was given"),
                    Err(Abrupt::Throw(e)) => match self.catch(&mut frame, e) {
                        Ok(()) => continue,
                        Err(Abrupt::Throw(e)) => Outcome::Throw(e),
                        Err(other) => return Err(self.halt_run(&callers, other)),
                    },
                    Err(other) => return Err(self.halt_run(&callers, other)),
                },
                Ok(Some(Flow::Suspend(promise))) => match promise {
                    // The caller goes on with the promise; the frame waits in `suspended`.
                    Some(p) if !callers.is_empty() => Outcome::Return(Value::Obj(p)),
                    _ => Outcome::Suspend,
                },
                Err(Abrupt::Halt(h)) => return Err(self.halt_run(&callers, Abrupt::Halt(h))),
                Err(abrupt) => {
                    let e = match abrupt {
                        Abrupt::Reference(message) => {
                            self.note_pc(frame.pc);
                            self.error_value("ReferenceError", &message)
                        }
                        Abrupt::Throw(e) => {
                            self.restamp(&frame, &e);
                            e
                        }
                        Abrupt::Halt(_) => unreachable!("matched above"),
                    };
                    match self.catch(&mut frame, e) {
                        Ok(()) => continue,
                        Err(Abrupt::Throw(e)) => Outcome::Throw(e),
                        Err(other) => return Err(self.halt_run(&callers, other)),
                    }
                }
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
                if !matches!(outcome, Outcome::Suspend) {
                    self.release_scopes(&frame);
                }
                if frame.promise.is_none() && self.recording() {
                    if let Some(stack_trace::Activation::Code(a)) = self.activations.last() {
                        let scope = a.scope;
                        match &outcome {
                            Outcome::Return(v) => self.view_return(scope, Some(&v.clone())),
                            Outcome::Throw(_) => self.view_return(scope, None),
                            Outcome::Suspend => {}
                        }
                    }
                }
                self.activations.pop();
                let Some(caller) = callers.pop() else { return Ok(outcome) };
                self.frames -= 1;
                frame = caller;
                match outcome {
                    Outcome::Return(v) => {
                        frame.stack.push(v);
                        break;
                    }
                    Outcome::Throw(e) => match self.catch(&mut frame, e) {
                        Ok(()) => break,
                        Err(Abrupt::Throw(e)) => outcome = Outcome::Throw(e),
                        Err(other) => return Err(self.halt_run(&callers, other)),
                    },
                    Outcome::Suspend => unreachable!("a suspended frame with callers hands back its promise"),
                }
            }
        }
    }

    /// The whole run stops: the frames waiting in it are gone.
    fn halt_run(&mut self, callers: &[Frame], abrupt: Abrupt) -> Abrupt {
        self.frames -= callers.len();
        abrupt
    }

    /// Calls what a call operation found, with V8's TypeError when it is not a function: a
    /// JavaScript function's frame goes back to `run` to run next; anything else is called here
    /// and its result pushed.
    fn call_found(&mut self, f: &mut Frame, callee: Value, this: Value, args: Vec<Value>) -> Result<Option<Flow>, Abrupt> {
        if !self.is_callable(&callee) {
            return Err(Abrupt::Throw(self.not_callable(f, &callee, "a function")));
        }
        match self.call_from_step(&callee, this, args)? {
            Ok(v) => {
                f.stack.push(v);
                Ok(None)
            }
            Err(frame) => Ok(Some(Flow::Call(frame))),
        }
    }

    pub(super) fn step(&mut self, f: &mut Frame) -> Result<Option<Flow>, Abrupt> {
        self.steps += 1;
        if self.steps > self.budget {
            return Err(Abrupt::Halt(Halt::Budget));
        }
        if self.heap_exceeded.get() {
            return Err(Abrupt::Halt(Halt::HeapLimit));
        }
        // The operation is read in place (the frame's code is shared, so holding it costs one
        // count, where copying the operation would copy its names and vectors).
        let proto = f.proto.clone();
        let op = &proto.code[f.pc];
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
        match *op {
            Op::Num(n) => {

                f.stack.push(Value::Num(n))
            }
            Op::Str(ref s) => {
                let s = s.clone();
                f.stack.push(Value::Str(s))
            }
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
            Op::GetVar(ref name, pos) => {
                let found = self.lookup(f.scope, name);
                let v = self.read_binding(found, name, pos)?;
                f.stack.push(v);
            }
            Op::GetLocal(ref name, pos, slot) => {
                let v = match self.local_binding(f.scope, slot, name) {
                    Some(Binding { value: Some(v), .. }) => v.clone(),
                    _ => {
                        let found = self.at_slot(f.scope, slot, name);
                        self.read_binding(found, name, pos)?
                    }
                };
                f.stack.push(v);
            }
            Op::SetVar(ref name, _) => {
                let v = f.stack.last().unwrap().clone();
                let found = self.lookup(f.scope, name);
                self.write_binding(found, name, v)?;
            }
            Op::SetLocal(ref name, _, slot) => {
                let v = f.stack.last().unwrap().clone();
                match self.local_binding_mut(f.scope, slot, name) {
                    Some(b @ Binding { value: Some(_), constant: false, .. }) => b.value = Some(v),
                    _ => {
                        let found = self.at_slot(f.scope, slot, name);
                        self.write_binding(found, name, v)?;
                    }
                }
            }
            Op::DeclareUninit(ref name, constant) => {
                let scope = &mut self.scopes[f.scope];
                match scope.find(name) {
                    Some(i) => {
                        let b = &mut scope.vars[i];
                        b.value = None;
                        b.constant = constant;
                    }
                    None => scope.push(Binding { name: name.clone(), value: None, constant }),
                }
            }
            Op::Init(ref name) => {
                let v = pop!();
                let scope = &mut self.scopes[f.scope];
                match scope.find(name) {
                    Some(i) => scope.vars[i].value = Some(v),
                    None => scope.push(Binding { name: name.clone(), value: Some(v), constant: false }),
                }
            }
            Op::PushScope => f.scope = self.new_scope(f.scope),
            Op::PopScope => f.scope = self.scopes[f.scope].parent.expect("balanced scopes"),
            Op::DropScope => {
                let done = f.scope;
                f.scope = self.scopes[done].parent.expect("balanced scopes");
                self.free_scope(done);
            }
            Op::Nop => {}
            Op::IterCopy => {
                let Some(parent) = self.scopes[f.scope].parent else { unreachable!("a loop scope is never the global one") };
                let vars: Vec<Binding> =
                    self.scopes[f.scope].vars.iter().map(|b| Binding { name: b.name.clone(), value: b.value.clone(), constant: b.constant }).collect();
                f.scope = self.push_scope(Scope::new(vars, Some(parent)));
            }
            Op::GetProp(ref name, _) => {
                self.note_pc(f.pc);
                let o = pop!();
                let v = self.get_prop(&o, name)?;
                f.stack.push(v);
            }
            Op::SetProp(ref name, _) => {
                self.note_pc(f.pc);
                let name = name.clone();
                let v = pop!();
                let o = pop!();
                self.put_prop_in(&o, &name, v.clone(), f.proto.strict)?;
                f.stack.push(v);
            }
            Op::GetIndex(_) => {
                self.note_pc(f.pc);
                let k = pop!();
                let o = pop!();
                let v = match self.symbol_of(&k) {
                    Some(symbol) => self.get_symbol_prop(&o, symbol)?,
                    None => {
                        let key = self.key_of(&k);
                        self.get_prop(&o, &key)?
                    }
                };
                f.stack.push(v);
            }
            Op::SetIndex(_) => {
                self.note_pc(f.pc);
                let v = pop!();
                let k = pop!();
                let o = pop!();
                match self.symbol_of(&k) {
                    Some(symbol) => self.put_symbol_prop(&o, symbol, v.clone(), f.proto.strict)?,
                    None => {
                        let key = self.key_of(&k);
                        self.put_prop_in(&o, &key, v.clone(), f.proto.strict)?;
                    }
                }
                f.stack.push(v);
            }
            Op::NewObject => {
                let o = self.alloc(ObjKind::Plain);
                f.stack.push(Value::Obj(o));
            }
            Op::InitProp(ref name) => {
                let name = name.clone();
                let v = pop!();
                let o = f.stack.last().unwrap().as_obj().unwrap();
                self.set_prop(o, &name, v);
            }
            Op::NewArray(n) => {
                let items = f.stack.split_off(f.stack.len() - n);
                let a = self.alloc(ObjKind::array(items));
                f.stack.push(Value::Obj(a));
            }
            Op::Closure(ref proto) => {
                let proto = proto.clone();
                let c = self.alloc(ObjKind::Function(Callable::Closure { proto, scope: f.scope, home: None, class: None }));
                f.stack.push(Value::Obj(c));
            }
            Op::Call(argc, _) => {
                self.note_pc(f.pc);
                let args = f.stack.split_off(f.stack.len() - argc);
                let callee = pop!();
                return self.call_found(f, callee, Value::Undefined, args);
            }
            Op::CallMethod(ref name, argc, pos) => {
                self.note_pc(f.pc);
                let name = name.clone();
                let args = f.stack.split_off(f.stack.len() - argc);
                let this = pop!();
                let method = self.get_prop(&this, &name)?;
                let builtin_receiver = match &this {
                    Value::Str(_) | Value::Num(_) | Value::Bool(_) => true,
                    Value::Obj(id) => !matches!(self.heap[*id].kind, ObjKind::Plain | ObjKind::Error(_)),
                    _ => false,
                };
                if !self.is_callable(&method) && method == Value::Undefined && builtin_receiver {
                    let what = format!("the method `{}.{name}()`", self.short_name(&this));
                    return Err(self.stop_unsupported(pos, &what));
                }
                return self.call_found(f, method, this, args);
            }
            Op::New(argc, _) => {
                self.note_pc(f.pc);
                let args = f.stack.split_off(f.stack.len() - argc);
                let callee = pop!();
                if !self.is_constructor(&callee) {
                    throw!(self.not_callable(f, &callee, "a constructor"));
                }
                let v = self.construct(&callee, args, &callee)?;
                f.stack.push(v);
            }
            Op::CallMethodIndex(argc, _) => {
                self.note_pc(f.pc);
                let args = f.stack.split_off(f.stack.len() - argc);
                let key = pop!();
                let this = pop!();
                let method = match self.symbol_of(&key) {
                    Some(symbol) => self.get_symbol_prop(&this, symbol)?,
                    None => {
                        let key = self.key_of(&key);
                        self.get_prop(&this, &key)?
                    }
                };
                if !self.is_callable(&method) {
                    throw!(self.not_callable(f, &method, "a function"));
                }
                let v = self.call(&method, this, args)?;
                f.stack.push(v);
            }
            Op::CallWithThis(argc, _) => {
                self.note_pc(f.pc);
                let args = f.stack.split_off(f.stack.len() - argc);
                let method = pop!();
                let this = pop!();
                return self.call_found(f, method, this, args);
            }
            Op::SuperCall(argc, _) => {
                self.note_pc(f.pc);
                let args = f.stack.split_off(f.stack.len() - argc);
                let v = self.super_call(f, args)?;
                f.stack.push(v);
            }
            Op::GetSuper(ref name, _) => {
                let name = name.clone();
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
            Op::NewClass(ref template) => {
                let template = template.clone();
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
            Op::DefineMethod {ref key, kind, is_static} => {
                let key = key.clone();
                let method = pop!();
                self.define_method(f, &key, kind, is_static, method);
            }
            Op::DefineMethodComputed { kind, is_static } => {
                let method = pop!();
                let key = pop!();
                if let Some(symbol) = self.symbol_of(&key) {
                    self.define_symbol_method(f, symbol, kind, is_static, method)?;
                    return Ok(None);
                }
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
            Op::DefineField(ref key) => {
                let key = key.clone();
                let v = pop!();
                let obj = f.stack.last().unwrap().as_obj().expect("fields are defined on objects");
                self.set_prop(obj, &key, v);
            }
            Op::DefineFieldComputed => {
                let v = pop!();
                let key = pop!();
                if let Some(symbol) = self.symbol_of(&key) {
                    self.name_anonymous(&v, &format!("[{}]", self.symbol_description_text(symbol)));
                    let obj = f.stack.last().unwrap().as_obj().expect("fields are defined on objects");
                    self.define_symbol_prop(obj, symbol, v, true);
                    return Ok(None);
                }
                let key = self.key_of(&key);
                self.name_anonymous(&v, &key);
                let obj = f.stack.last().unwrap().as_obj().expect("fields are defined on objects");
                self.set_prop(obj, &key, v);
            }
            Op::DefineAccessor {ref key, setter} => {
                let key = key.clone();
                let accessor = pop!();
                let obj = f.stack.last().unwrap().as_obj().expect("an object literal");
                self.define_accessor(obj, &key, setter, accessor, true);
            }
            Op::GetPrivate(class, ref name, _) => {
                let name = name.clone();
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
            Op::SetPrivate(class, ref name, _) => {
                let name = name.clone();
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
            Op::DefinePrivate(class, ref name) => {
                let name = name.clone();
                let v = pop!();
                let obj = f.stack.last().unwrap().as_obj().expect("fields are defined on objects");
                if self.heap[obj].privates.iter().any(|(k, _)| k.0 == class && k.1 == name) {
                    let e = self.type_error(format!("Cannot initialize #{name} twice on the same object"));
                    throw!(e);
                }
                self.heap[obj].privates.push(((class, name), Slot::Data(v)));
            }
            Op::DefinePrivateMethod(class, ref name, kind) => {
                let name = name.clone();
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
            Op::HasPrivate(class, ref name) => {
                let name = name.clone();
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
                if let (Some(symbol), Some(id)) = (self.symbol_of(&key), obj.as_obj()) {
                    f.stack.push(Value::Bool(self.has_symbol_prop(id, symbol)));
                    return Ok(None);
                }
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
                let keys = self.enumerable_keys(&v, true).into_iter().map(|k| self.new_string(&k)).collect();
                let it = self.alloc(ObjKind::Iterator(IterState::Values { values: keys, next: 0 }));
                f.stack.push(Value::Obj(it));
            }
            Op::IterNext(t) => {
                let it = f.stack.last().unwrap().clone();
                match self.iter_next(&it)? {
                    Some(v) => f.stack.push(v),
                    None => f.pc = t,
                }
            }
            Op::IterStep => {
                let it = f.stack.last().unwrap().clone();
                let v = self.iter_next(&it)?.unwrap_or(Value::Undefined);
                f.stack.push(v);
            }
            Op::IterRest => {
                let it = f.stack.last().unwrap().clone();
                let mut rest = Vec::new();
                while let Some(v) = self.iter_next(&it)? {
                    rest.push(v);
                }
                let a = self.alloc(ObjKind::array(rest));
                f.stack.push(Value::Obj(a));
            }
            Op::RequireObject(ref check) => {
                if let v @ (Value::Null | Value::Undefined) = f.stack.last().unwrap().clone() {
                    let message = self.cannot_destructure(check, &v);
                    throw!(self.type_error(message));
                }
            }
            Op::PatternIterator(ref check) => {
                let v = pop!();
                match self.iterator_if_iterable(&v)? {
                    Some(it) => f.stack.push(it),
                    None => {
                        let message = self.not_iterable(check, &v);
                        throw!(self.type_error(message));
                    }
                }
            }
            Op::ObjectRest(ref names) => {
                let names = names.clone();
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
                    items.push(Some(v));
                }
                self.count_bytes(gc::ELEMENT_BYTES);
            }
            Op::ArrayHole => {
                let a = f.stack.last().unwrap().as_obj().expect("an array literal");
                if let ObjKind::Array(items) = &mut self.heap[a].kind {
                    items.push(None);
                }
                self.count_bytes(gc::ELEMENT_BYTES);
            }
            Op::ArraySpread(_) => {
                let source = pop!();
                let it = self.iterator(&source)?;
                let a = f.stack.last().unwrap().as_obj().expect("an array literal");
                while let Some(v) = self.iter_next(&it)? {
                    self.charge()?;
                    if let ObjKind::Array(items) = &mut self.heap[a].kind {
                        items.push(Some(v));
                    }
                    self.count_bytes(gc::ELEMENT_BYTES);
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
                self.note_pc(f.pc);
                let args = pop!();
                let callee = pop!();
                if !self.is_callable(&callee) {
                    throw!(self.not_callable(f, &callee, "a function"));
                }
                let args = self.array_items(&args);
                let v = self.call(&callee, Value::Undefined, args)?;
                f.stack.push(v);
            }
            Op::CallMethodSpread(_) => {
                self.note_pc(f.pc);
                let args = pop!();
                let method = pop!();
                let this = pop!();
                if !self.is_callable(&method) {
                    throw!(self.not_callable(f, &method, "a function"));
                }
                let args = self.array_items(&args);
                let v = self.call(&method, this, args)?;
                f.stack.push(v);
            }
            Op::NewSpread(_) => {
                self.note_pc(f.pc);
                let args = pop!();
                let callee = pop!();
                if !self.is_constructor(&callee) {
                    throw!(self.not_callable(f, &callee, "a constructor"));
                }
                let args = self.array_items(&args);
                let v = self.construct(&callee, args, &callee)?;
                f.stack.push(v);
            }
            Op::Delete(_) => {
                let k = pop!();
                let o = pop!();
                if let Some(symbol) = self.symbol_of(&k) {
                    self.delete_symbol_prop(&o, symbol);
                    f.stack.push(Value::Bool(true));
                    return Ok(None);
                }
                let key = self.key_of(&k);
                let gone = self.delete_prop(&o, &key, f.proto.strict)?;
                f.stack.push(Value::Bool(gone));
            }
            Op::ImportModule(ref name, pos) => {
                let name = name.clone();
                let m = self.module(&name, pos)?;
                f.stack.push(m);
            }
            Op::DeclareVar(ref name) => {
                let scope = &mut self.scopes[f.scope];
                if scope.find(name).is_none() {
                    scope.push(Binding { name: name.clone(), value: Some(Value::Undefined), constant: false });
                }
            }
            Op::NewPromise(argc, _) => {
                self.note_pc(f.pc);
                let mut args = f.stack.split_off(f.stack.len() - argc);
                let executor = if args.is_empty() { Value::Undefined } else { args.swap_remove(0) };
                let v = self.construct_promise(executor)?;
                f.stack.push(v);
            }
            Op::Binary(op, _) => {
                let n = f.stack.len();
                if let [Value::Num(x), Value::Num(y)] = f.stack[n - 2..] {
                    if let Some(v) = number_binary(op, x, y) {
                        f.stack.truncate(n - 2);
                        f.stack.push(v);
                        return Ok(None);
                    }
                }
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
                let v = self.binary(op, a, b)?;
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
            Op::TypeofVar(ref name, pos) => match self.lookup(f.scope, name) {
                Some((s, i)) => match self.scopes[s].vars[i].value.clone() {
                    Some(v) => {
                        let t = self.type_of(&v);
                        f.stack.push(Value::str(t));
                    }
                    None => return Err(reference_error(format!("Cannot access '{name}' before initialization"))),
                },
                None if MISSING_GLOBALS.contains(&&**name) => return Err(self.stop_unsupported(pos, &format!("`{name}`"))),
                None => f.stack.push(Value::str("undefined")),
            },
            Op::ConcatString => {
                let b = pop!();
                let a = pop!();
                let v = match (&a, &b) {
                    (Value::Str(x), Value::Str(y)) => self.concat(x, y)?,
                    _ => {
                        let (a, b) = (self.to_string_calling(&a)?, self.to_string_calling(&b)?);
                        self.concat(&a, &b)?
                    }
                };
                f.stack.push(v);
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
                // A value that cannot be a thenable needs no promise of its own: awaiting it
                // queues the continuation at once, as the spec's already-fulfilled promise would.
                let awaited = if matches!(v, Value::Obj(_)) { Some(self.promise_resolve(v.clone())?) } else { None };
                let frame = std::mem::replace(
                    f,
                    Frame { func: None, receiver: None, proto: f.proto.clone(), pc: 0, stack: vec![], scope: 0, handlers: vec![], completions: vec![], promise: None, own_scope: None },
                );
                let promise = frame.promise;
                let cont = self.suspend(frame);
                self.view_await(promise);
                let on_fulfilled = Reaction { target: None, handler: Handler::Await { cont, rejected: false }, context: self.context.clone() };
                match awaited {
                    Some(p) => {
                        let on_rejected = Reaction { target: None, handler: Handler::Await { cont, rejected: true }, context: self.context.clone() };
                        self.perform_then(p, on_fulfilled, on_rejected);
                    }
                    None => self.microtasks.push_back(Job::Reaction { reaction: on_fulfilled, argument: v, rejected: false }),
                }
                return Ok(Some(Flow::Suspend(promise)));
            }
            Op::EnterCatch(t) | Op::EnterFinally(t) => {
                let kind = if matches!(op, Op::EnterCatch(_)) { HandlerKind::Catch } else { HandlerKind::Finally };
                f.handlers.push(HandlerEntry { kind, target: t, stack_len: f.stack.len(), scope: f.scope });
            }
            Op::LeaveHandler => self.leave_handler(f)?,
            Op::EnterIterLoop => {
                f.handlers.push(HandlerEntry { kind: HandlerKind::IterClose, target: 0, stack_len: f.stack.len(), scope: f.scope });
            }
            Op::LeaveIterLoop => {
                f.handlers.pop();
            }
            Op::IterClose => {
                let it = pop!();
                self.close_iterator(&it)?;
            }
            Op::BreakToFinally(next) => {
                if self.enter_finally(f, Completion::Jump(next))?.is_some() {
                    return Err(self.stop_unsupported(Pos::default(), "a `break` with no `finally` to run"));
                }
            }
            Op::DiscardCompletion => {
                f.completions.pop();
            }
            Op::CompletionNormal => f.completions.push(Completion::Normal),
            Op::EndFinally => match f.completions.pop().unwrap_or(Completion::Normal) {
                Completion::Normal => {}
                Completion::Return(v) => return Ok(Some(Flow::Return(v))),
                Completion::Throw(e) => throw!(e),
                Completion::Jump(next) => f.pc = next,
            },
        }
        Ok(None)
    }

    /// Stops the whole run: the program uses something outside the subset.
    pub(super) fn stop_unsupported(&mut self, pos: Pos, what: &str) -> Abrupt {
        self.unsupported.get_or_insert_with(|| Error::unsupported(pos, what));
        Abrupt::Halt(Halt::Unsupported)
    }

    pub(super) fn short_name(&self, v: &Value) -> String {
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

    /// Parks a frame at an `await`: the slot of `suspended` its continuation names.
    fn suspend(&mut self, frame: Frame) -> usize {
        match self.free_conts.pop() {
            Some(cont) => {
                self.suspended[cont] = Some(frame);
                cont
            }
            None => {
                self.suspended.push(Some(frame));
                self.suspended.len() - 1
            }
        }
    }

    /// Continues an async function after its `await` settled.
    pub(super) fn resume(&mut self, cont: usize, value: Value, rejected: bool) -> Result<(), Abrupt> {
        let Some(mut frame) = self.suspended[cont].take() else { return Ok(()) };
        // Both reactions that name this slot are gone (a settled promise drops its lists), so
        // the slot can hold the next frame that awaits.
        self.free_conts.push(cont);
        if rejected {
            // The awaited promise rejected: the reason is thrown at the `await`.
            match self.catch(&mut frame, value) {
                Ok(()) => {}
                Err(Abrupt::Throw(reason)) => {
                    let p = frame.promise.expect("only async frames await");
                    self.reject_promise(p, reason);
                    return Ok(());
                }
                Err(other) => return Err(other),
            }
        } else {
            frame.stack.push(value);
        }
        self.view_resume(frame.promise);
        self.depth += 1;
        let r = self.gc_safe(|vm| vm.run(frame));
        self.depth -= 1;
        r.map(|_| ())
    }
}
