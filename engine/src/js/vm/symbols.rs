//! Symbols and the iteration protocol: `Symbol(description)`, `Symbol.iterator`, properties
//! keyed by symbols, and iterators a program writes (an object whose `[Symbol.iterator]()`
//! returns something with `next()`), closed with `return()` when a loop or a pattern leaves
//! them early ([ECMA-262 §7.4](https://tc39.es/ecma262/#sec-operations-on-iterator-objects)).

use std::rc::Rc;

use super::super::ast::Pos;
use super::super::builtins::{self, Builtin};
use super::super::compile::MethodKind;
use super::super::value::*;
use super::{Abrupt, Frame, HandlerKind, Vm};

impl Vm {
    /// `Symbol`, `Symbol.prototype` and `Symbol.iterator`; the built-in iterables' own
    /// `[Symbol.iterator]` methods (`Array.prototype[Symbol.iterator] === Array.prototype.values`).
    pub(super) fn install_symbols(&mut self) {
        let proto = self.alloc(ObjKind::Plain);
        self.install_table(proto, builtins::SYMBOL_PROTOTYPE);
        self.protos.symbol = proto;
        let ctor = self.constructor_object("Symbol", proto, Native::Builtin(Builtin::SymbolFunction));
        let iterator = self.alloc(ObjKind::Symbol(Some(Rc::from("Symbol.iterator"))));
        self.protos.symbol_iterator = iterator;
        self.define_hidden(ctor, "iterator", Value::Obj(iterator));
        let p = self.protos;
        for (target, method) in [(p.array, "values"), (p.map, "entries"), (p.set, "values")] {
            if let Some(f) = self.heap[target].own_value(method).cloned() {
                self.define_symbol_prop(target, iterator, f, false);
            }
        }
        for (target, b) in [(p.string, Builtin::StringIterator), (p.iterator, Builtin::IteratorSelf)] {
            let f = self.native(Native::Builtin(b));
            self.define_symbol_prop(target, iterator, f, false);
        }
    }

    /// `Symbol(description)`: a new symbol, unlike every other.
    pub(super) fn new_symbol(&mut self, description: &Value) -> Result<Value, Abrupt> {
        let description = match description {
            Value::Undefined => None,
            other => Some(Rc::from(self.to_string_calling(other)?.as_str())),
        };
        Ok(Value::Obj(self.alloc(ObjKind::Symbol(description))))
    }

    /// The symbol a value is, if it is one.
    pub(super) fn symbol_of(&self, v: &Value) -> Option<ObjId> {
        let id = v.as_obj()?;
        matches!(self.heap[id].kind, ObjKind::Symbol(_)).then_some(id)
    }

    /// A symbol's description (`undefined` when it was made without one).
    pub(super) fn symbol_description(&self, symbol: ObjId) -> Value {
        match &self.heap[symbol].kind {
            ObjKind::Symbol(Some(d)) => Value::Str(d.clone()),
            _ => Value::Undefined,
        }
    }

    /// The description as a function named by the symbol shows it (`[Symbol.iterator]`).
    pub(super) fn symbol_description_text(&self, symbol: ObjId) -> String {
        match &self.heap[symbol].kind {
            ObjKind::Symbol(Some(d)) => d.to_string(),
            _ => String::new(),
        }
    }

    /// A class's method with a symbol key (`[Symbol.iterator]() {...}`): not enumerable, named
    /// `[description]`. Getters and setters with symbol keys are outside the subset.
    pub(super) fn define_symbol_method(&mut self, f: &Frame, symbol: ObjId, kind: MethodKind, is_static: bool, method: Value) -> Result<(), Abrupt> {
        if kind != MethodKind::Method {
            return Err(self.stop_unsupported(Pos::default(), "getters and setters with symbol keys"));
        }
        let n = f.stack.len();
        let target = if is_static { f.stack[n - 2].as_obj() } else { f.stack[n - 1].as_obj() };
        let target = target.expect("classes are objects");
        self.set_home(&method, target);
        self.name_anonymous(&method, &format!("[{}]", self.symbol_description_text(symbol)));
        self.define_symbol_prop(target, symbol, method, false);
        Ok(())
    }

    /// `Symbol.prototype.toString`: `Symbol(description)`.
    pub(super) fn symbol_text(&self, symbol: ObjId) -> String {
        match &self.heap[symbol].kind {
            ObjKind::Symbol(d) => super::super::format::symbol_text(d.as_deref()),
            _ => String::new(),
        }
    }

    /// Where a property is looked for: the object itself, or a primitive's prototype.
    fn holder(&self, v: &Value) -> Option<ObjId> {
        match v {
            Value::Obj(id) => Some(*id),
            Value::Str(_) => Some(self.protos.string),
            Value::Num(_) => Some(self.protos.number),
            Value::Bool(_) => Some(self.protos.boolean),
            Value::Undefined | Value::Null => None,
        }
    }

    /// `obj[symbol]`: the own or inherited property, getters called with `obj`.
    pub(super) fn get_symbol_prop(&mut self, obj: &Value, symbol: ObjId) -> Result<Value, Abrupt> {
        let Some(mut id) = self.holder(obj) else {
            let what = self.to_display(obj);
            let key = self.symbol_text(symbol);
            return Err(self.type_error(format!("Cannot read properties of {what} (reading '{key}')")).into());
        };
        for _ in 0..super::MAX_PROTO_CHAIN {
            match self.heap[id].own_symbol(symbol).map(|p| p.slot.clone()) {
                Some(Slot::Data(v)) => return Ok(v),
                Some(Slot::Accessor { get: Value::Undefined, .. }) => return Ok(Value::Undefined),
                Some(Slot::Accessor { get, .. }) => return self.call(&get, obj.clone(), vec![]),
                None => match self.heap[id].proto {
                    Some(p) => id = p,
                    None => break,
                },
            }
        }
        Ok(Value::Undefined)
    }

    /// `obj[symbol] = v`: an own data property (a frozen object refuses it; strict code says so).
    pub(super) fn put_symbol_prop(&mut self, obj: &Value, symbol: ObjId, v: Value, strict: bool) -> Result<(), Abrupt> {
        let Value::Obj(id) = obj else {
            if matches!(obj, Value::Undefined | Value::Null) {
                let what = self.to_display(obj);
                let key = self.symbol_text(symbol);
                return Err(self.type_error(format!("Cannot set properties of {what} (setting '{key}')")).into());
            }
            return Ok(());
        };
        let id = *id;
        if self.heap[id].frozen || self.symbol_of(obj).is_some() {
            if strict && self.heap[id].frozen {
                let key = self.symbol_text(symbol);
                return Err(self.type_error(format!("Cannot add property {key}, object is not extensible")).into());
            }
            return Ok(());
        }
        self.define_symbol_prop(id, symbol, v, true);
        Ok(())
    }

    /// Defines (or overwrites) an own symbol-keyed data property.
    pub(super) fn define_symbol_prop(&mut self, id: ObjId, symbol: ObjId, v: Value, enumerable: bool) {
        let props = &mut self.heap[id].symbol_props;
        match props.get_mut(&symbol) {
            Some(p) => p.slot = Slot::Data(v),
            None => {
                props.push(SymbolProperty { symbol, slot: Slot::Data(v), enumerable });
                self.count_bytes(std::mem::size_of::<SymbolProperty>());
            }
        }
    }

    /// `symbol in obj`.
    pub(super) fn has_symbol_prop(&self, obj: ObjId, symbol: ObjId) -> bool {
        let mut id = obj;
        for _ in 0..super::MAX_PROTO_CHAIN {
            if self.heap[id].own_symbol(symbol).is_some() {
                return true;
            }
            match self.heap[id].proto {
                Some(p) => id = p,
                None => return false,
            }
        }
        false
    }

    /// `delete obj[symbol]`.
    pub(super) fn delete_symbol_prop(&mut self, obj: &Value, symbol: ObjId) {
        if let Some(id) = obj.as_obj().filter(|id| !self.heap[*id].frozen) {
            self.heap[id].symbol_props.remove(&symbol);
        }
    }

    /// GetIterator for a value the runtime cannot walk itself: calls its `[Symbol.iterator]()`
    /// and reads the result's `next` once. Not iterable: `None`.
    pub(super) fn protocol_iterator(&mut self, v: &Value) -> Result<Option<Value>, Abrupt> {
        let method = self.get_symbol_prop(v, self.protos.symbol_iterator)?;
        if !self.is_callable(&method) {
            return Ok(None);
        }
        let iterator = self.call(&method, v.clone(), vec![])?;
        if !matches!(iterator, Value::Obj(_)) || self.symbol_of(&iterator).is_some() {
            return Err(self.type_error("Result of the Symbol.iterator method is not an object".into()).into());
        }
        let next = self.get_prop(&iterator, "next")?;
        Ok(Some(Value::Obj(self.alloc(ObjKind::Iterator(IterState::Protocol { iterator, next, done: false })))))
    }

    /// IteratorStep on a program's iterator: calls `next()`; `None` once it says `done`.
    pub(super) fn protocol_next(&mut self, it: ObjId) -> Result<Option<Value>, Abrupt> {
        let ObjKind::Iterator(IterState::Protocol { iterator, next, done: false }) = self.heap[it].kind.clone() else { return Ok(None) };
        self.set_protocol_done(it);
        if !self.is_callable(&next) {
            let shown = self.to_display(&next);
            return Err(self.type_error(format!("{shown} is not a function")).into());
        }
        let result = self.call(&next, iterator, vec![])?;
        if !matches!(result, Value::Obj(_)) || self.symbol_of(&result).is_some() {
            let shown = self.to_display(&result);
            return Err(self.type_error(format!("Iterator result {shown} is not an object")).into());
        }
        if self.get_prop(&result, "done")?.truthy() {
            return Ok(None);
        }
        let value = self.get_prop(&result, "value")?;
        if let ObjKind::Iterator(IterState::Protocol { done, .. }) = &mut self.heap[it].kind {
            *done = false;
        }
        Ok(Some(value))
    }

    fn set_protocol_done(&mut self, it: ObjId) {
        if let ObjKind::Iterator(IterState::Protocol { done, .. }) = &mut self.heap[it].kind {
            *done = true;
        }
    }

    /// IteratorClose: a program's iterator that is not done is told so by its `return()`,
    /// whose result must be an object. The runtime's own iterators need no closing.
    pub(super) fn close_iterator(&mut self, it: &Value) -> Result<(), Abrupt> {
        let Some(id) = it.as_obj() else { return Ok(()) };
        let ObjKind::Iterator(IterState::Protocol { iterator, done: false, .. }) = self.heap[id].kind.clone() else { return Ok(()) };
        self.set_protocol_done(id);
        let method = self.get_prop(&iterator, "return")?;
        if matches!(method, Value::Undefined | Value::Null) {
            return Ok(());
        }
        let result = self.call(&method, iterator, vec![])?;
        if !matches!(result, Value::Obj(_)) || self.symbol_of(&result).is_some() {
            let shown = self.to_display(&result);
            return Err(self.type_error(format!("Iterator result {shown} is not an object")).into());
        }
        Ok(())
    }

    /// Leaves the frame's innermost handler. A loop's iterator handler closes its iterator
    /// (the loop is left early); an error from `return()` is thrown from here.
    pub(super) fn leave_handler(&mut self, f: &mut Frame) -> Result<(), Abrupt> {
        match f.handlers.pop() {
            Some(h) if h.kind == HandlerKind::IterClose => {
                let it = f.stack.get(h.stack_len.wrapping_sub(1)).cloned().unwrap_or(Value::Undefined);
                self.close_iterator(&it)
            }
            _ => Ok(()),
        }
    }

    /// Hands a thrown value to the innermost `catch` or `finally`, closing the iterators of the
    /// loops it leaves on the way (what their `return()` does is ignored: the first throw
    /// wins); gives it back when the frame has none, so the throw leaves the function.
    pub(super) fn catch(&mut self, f: &mut Frame, thrown: Value) -> Result<(), Abrupt> {
        loop {
            let Some(h) = f.handlers.last().cloned() else { return Err(Abrupt::Throw(thrown)) };
            if h.kind == HandlerKind::IterClose {
                if let Err(Abrupt::Halt(halt)) = self.leave_handler(f) {
                    return Err(Abrupt::Halt(halt));
                }
                continue;
            }
            f.handlers.pop();
            f.stack.truncate(h.stack_len);
            f.scope = h.scope;
            f.pc = h.target;
            match h.kind {
                HandlerKind::Catch => f.stack.push(thrown),
                _ => f.completions.push(super::Completion::Throw(thrown)),
            }
            return Ok(());
        }
    }

    /// A `return`, `break` or `continue` on its way out: runs the innermost `finally` with the
    /// completion pending, closing the iterators of the loops it leaves first; gives the
    /// completion back when no `finally` is left in the frame.
    pub(super) fn enter_finally(&mut self, f: &mut Frame, completion: super::Completion) -> Result<Option<super::Completion>, Abrupt> {
        loop {
            let Some(h) = f.handlers.last().cloned() else { return Ok(Some(completion)) };
            match h.kind {
                HandlerKind::IterClose => self.leave_handler(f)?,
                HandlerKind::Catch => {
                    f.handlers.pop();
                }
                HandlerKind::Finally => {
                    f.handlers.pop();
                    f.stack.truncate(h.stack_len);
                    f.scope = h.scope;
                    f.completions.push(completion);
                    f.pc = h.target;
                    return Ok(None);
                }
            }
        }
    }
}
