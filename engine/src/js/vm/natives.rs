//! The built-in library's functions (named in `builtins.rs`): arrays, strings, numbers, Math,
//! JSON, Object, Map and Set, and the virtual clock's `Date.now` and `performance.now`. Each one
//! follows the spec's observable behaviour for the arguments a lesson passes; where the subset
//! stops (regular expressions, symbols), the message says so.

use std::rc::Rc;

use super::super::builtins::{self, Builtin, Entry};
use super::super::value::*;
use super::super::ast::Pos;
use super::{array_index, gc, Abrupt, Halt, Vm, MAX_ARRAY_GROWTH};

/// ToPrimitive's hint: `+` and `==` give none (Default), arithmetic asks for a number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hint {
    Default,
    Number,
    String,
}

/// `Date.now()` at the start of every run: 2026-01-01T00:00:00.000Z. The clock then moves only
/// when timers fire.
pub const EPOCH_MS: f64 = 1_767_225_600_000.0;

/// The xorshift32 generator behind `Math.random()`, seeded as the course's demos seed theirs.
#[derive(Clone, Copy, Debug)]
pub struct Random(u32);

impl Random {
    pub fn new(seed: u32) -> Random {
        let x = seed.wrapping_mul(0x9e37_79b1) ^ 0x6d2b_79f5;
        Random(if x == 0 { 1 } else { x })
    }

    pub fn next(&mut self) -> f64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        self.0 = x;
        f64::from(x) / 4_294_967_296.0
    }
}

/// Relative index arguments (`slice(-2)`), clamped to `0..=len`.
fn relative(v: f64, len: usize) -> usize {
    let len_f = len as f64;
    let n = if v.is_nan() { 0.0 } else { v.trunc() };
    let i = if n < 0.0 { (len_f + n).max(0.0) } else { n.min(len_f) };
    i as usize
}

fn utf16(s: &str) -> Vec<u16> {
    s.encode_utf16().collect()
}

fn from_utf16(units: &[u16]) -> Value {
    Value::str(&String::from_utf16_lossy(units))
}

fn find_units(hay: &[u16], needle: &[u16], from: usize) -> Option<usize> {
    if needle.is_empty() {
        return (from <= hay.len()).then_some(from);
    }
    (from..hay.len().saturating_sub(needle.len() - 1)).find(|&i| hay[i..i + needle.len()] == *needle)
}

impl Vm {
    /// Puts a table's functions on an object, as non-enumerable methods.
    pub(super) fn install_table(&mut self, target: ObjId, table: &[Entry]) {
        for (name, b, _) in table {
            let f = self.native(Native::Builtin(*b));
            self.define_hidden(target, name, f);
        }
    }

    /// The library's objects: Array, String, Number, Boolean, Math, JSON, Object, Map, Set,
    /// Date.now and performance.now.
    pub(super) fn install_library(&mut self) {
        let object = self.protos.object;
        self.install_table(object, builtins::OBJECT_PROTOTYPE);
        let array_proto = self.protos.array;
        self.install_table(array_proto, builtins::ARRAY_PROTOTYPE);
        let array = self.constructor_object("Array", array_proto, Native::Builtin(Builtin::ArrayConstructor));
        self.install_table(array, builtins::ARRAY_STATIC);

        let string_proto = self.alloc(ObjKind::Plain);
        self.install_table(string_proto, builtins::STRING_PROTOTYPE);
        self.protos.string = string_proto;
        self.constructor_object("String", string_proto, Native::Builtin(Builtin::StringConstructor));
        let number_proto = self.alloc(ObjKind::Plain);
        self.install_table(number_proto, builtins::NUMBER_PROTOTYPE);
        self.protos.number = number_proto;
        let number = self.constructor_object("Number", number_proto, Native::Builtin(Builtin::NumberConstructor));
        self.install_table(number, builtins::NUMBER_STATIC);
        for (name, v) in builtins::NUMBER_CONSTANTS {
            self.define_hidden(number, name, Value::Num(*v));
        }
        let boolean_proto = self.alloc(ObjKind::Plain);
        self.install_table(boolean_proto, builtins::BOOLEAN_PROTOTYPE);
        self.protos.boolean = boolean_proto;
        self.constructor_object("Boolean", boolean_proto, Native::Builtin(Builtin::BooleanConstructor));

        let math = self.alloc(ObjKind::Plain);
        self.install_table(math, builtins::MATH);
        for (name, v) in builtins::MATH_CONSTANTS {
            self.define_hidden(math, name, Value::Num(*v));
        }
        self.declare_global("Math", Value::Obj(math));
        let json = self.alloc(ObjKind::Plain);
        self.install_table(json, builtins::JSON);
        self.declare_global("JSON", Value::Obj(json));
        let object_ctor = self.constructor_object("Object", object, Native::Builtin(Builtin::ObjectConstructor));
        self.install_table(object_ctor, builtins::OBJECT_STATIC);
        for (name, b, _) in builtins::GLOBAL_FUNCTIONS {
            let f = self.native(Native::Builtin(*b));
            self.declare_global(name, f);
        }

        for (name, set) in [("Map", false), ("Set", true)] {
            let proto = self.alloc(ObjKind::Plain);
            self.install_table(proto, if set { builtins::SET_PROTOTYPE } else { builtins::MAP_PROTOTYPE });
            if set {
                self.protos.set = proto;
            } else {
                self.protos.map = proto;
            }
            self.constructor_object(name, proto, Native::MapConstructor { set });
        }
        let iterator_proto = self.alloc(ObjKind::Plain);
        let next = self.native(Native::Builtin(Builtin::IteratorNext));
        self.define_hidden(iterator_proto, "next", next);
        self.protos.iterator = iterator_proto;
        self.install_symbols();

        let date_proto = self.alloc(ObjKind::Plain);
        self.install_table(date_proto, builtins::DATE_PROTOTYPE);
        self.protos.date = date_proto;
        let date = self.constructor_object("Date", date_proto, Native::DateConstructor);
        self.install_table(date, builtins::DATE_STATIC);
        let performance = self.alloc(ObjKind::Plain);
        let now = self.native(Native::Builtin(Builtin::PerformanceNow));
        self.define_hidden(performance, "now", now);
        self.declare_global("performance", Value::Obj(performance));
    }

    /// A global constructor function with its prototype wired both ways.
    pub(super) fn constructor_object(&mut self, name: &str, prototype: ObjId, native: Native) -> ObjId {
        let ctor_value = self.native(native);
        let ctor = ctor_value.as_obj().expect("a native is an object");
        self.define_hidden(ctor, "name", Value::str(name));
        self.define_hidden(ctor, "prototype", Value::Obj(prototype));
        self.define_hidden(prototype, "constructor", ctor_value.clone());
        self.declare_global(name, ctor_value);
        ctor
    }

    /// A new array of these values. Strings among them that a built-in made (the pieces of a
    /// split, the keys of an object) are counted here.
    pub(super) fn array_of(&mut self, items: Vec<Value>) -> Value {
        items.iter().for_each(|v| self.count_value(v));
        Value::Obj(self.alloc(ObjKind::array(items)))
    }

    fn array_of_slots(&mut self, slots: Vec<Elem>) -> Value {
        slots.iter().flatten().for_each(|v| self.count_value(v));
        Value::Obj(self.alloc(ObjKind::Array(slots)))
    }

    /// What reading each element of `this` gives (holes as undefined), when it is an array.
    fn this_array(&mut self, this: &Value, method: &str) -> Result<(ObjId, Vec<Value>), Abrupt> {
        let (id, slots) = self.this_slots(this, method)?;
        Ok((id, read_all(&slots)))
    }

    /// The slots of `this` (holes kept) when it is an array, else a TypeError naming the method.
    fn this_slots(&mut self, this: &Value, method: &str) -> Result<(ObjId, Vec<Elem>), Abrupt> {
        match this.as_obj() {
            Some(id) => match &self.heap[id].kind {
                ObjKind::Array(items) => Ok((id, items.clone())),
                _ => Err(self.type_error(format!("Array.prototype.{method} called on a non-array (outside the subset)")).into()),
            },
            None => Err(self.type_error(format!("Array.prototype.{method} called on null or undefined")).into()),
        }
    }

    /// `this` when it is an array, else a TypeError naming the method.
    fn this_array_id(&mut self, this: &Value, method: &str) -> Result<ObjId, Abrupt> {
        match this.as_obj() {
            Some(id) if matches!(self.heap[id].kind, ObjKind::Array(_)) => Ok(id),
            Some(_) => Err(self.type_error(format!("Array.prototype.{method} called on a non-array (outside the subset)")).into()),
            None => Err(self.type_error(format!("Array.prototype.{method} called on null or undefined")).into()),
        }
    }

    /// The slots of an array (none for anything else).
    fn slots(&self, id: ObjId) -> &[Elem] {
        match &self.heap[id].kind {
            ObjKind::Array(items) => items,
            _ => &[],
        }
    }

    /// Changes an array's slots in place (`f` is not called for anything else).
    fn with_slots<T: Default>(&mut self, id: ObjId, f: impl FnOnce(&mut Vec<Elem>) -> T) -> T {
        match &mut self.heap[id].kind {
            ObjKind::Array(items) => f(items),
            _ => T::default(),
        }
    }

    fn set_slots(&mut self, id: ObjId, slots: Vec<Elem>) {
        if let ObjKind::Array(a) = &mut self.heap[id].kind {
            let grown = slots.len().saturating_sub(a.len());
            *a = slots;
            self.count_bytes(grown * gc::ELEMENT_BYTES);
        }
    }

    /// `Object(v)` and `new Object(v)`: an object is itself, null and undefined give a new
    /// empty object ([ECMA-262 §20.1.1.1](https://tc39.es/ecma262/#sec-object-value)); the
    /// wrapper objects of primitives are outside the subset.
    pub(super) fn object_constructor(&mut self, v: Value) -> Result<Value, Abrupt> {
        match v {
            Value::Obj(_) => Ok(v),
            Value::Undefined | Value::Null => Ok(Value::Obj(self.alloc(ObjKind::Plain))),
            _ => Err(self.stop_unsupported(Pos::default(), "wrapper objects of primitives (`Object(1)`)")),
        }
    }

    /// `new Array(n)` and `Array(n)`: one number is a length (n holes; a RangeError when it is
    /// not a uint32), anything else the elements
    /// ([ECMA-262 §23.1.1.1](https://tc39.es/ecma262/#sec-array)).
    pub(super) fn array_constructor(&mut self, args: Vec<Value>) -> Result<Value, Abrupt> {
        let [Value::Num(n)] = args[..] else { return Ok(self.array_of(args)) };
        if n.fract() != 0.0 || !(0.0..4_294_967_296.0).contains(&n) {
            return Err(self.error_value("RangeError", "Invalid array length").into());
        }
        if n as usize > MAX_ARRAY_GROWTH {
            return Err(self.stop_unsupported(Pos::default(), "an array of more than 10,000 holes"));
        }
        Ok(self.array_of_slots(vec![None; n as usize]))
    }

    fn callback(&mut self, args: &[Value], method: &str) -> Result<Value, Abrupt> {
        let f = Self::arg(args, 0);
        if !self.is_callable(&f) {
            let shown = self.to_display(&f);
            return Err(self.type_error(format!("{shown} is not a function (in {method})")).into());
        }
        Ok(f)
    }

    fn this_string(&self, this: &Value) -> String {
        self.to_string(this)
    }

    /// ToString that runs a program's own `toString` (or `valueOf`) on objects that have one.
    pub(super) fn to_string_calling(&mut self, v: &Value) -> Result<String, Abrupt> {
        let p = self.to_primitive(v, Hint::String)?;
        Ok(self.to_string(&p))
    }

    /// ToPrimitive: an object's own (or its class's) `valueOf` and `toString`, in the order the
    /// hint says, when the program wrote them; the built-in conversions otherwise.
    pub(super) fn to_primitive(&mut self, v: &Value, hint: Hint) -> Result<Value, Abrupt> {
        let prefer_string = hint == Hint::String;
        let Value::Obj(id) = v else { return Ok(v.clone()) };
        if matches!(self.heap[*id].kind, ObjKind::Array(_) | ObjKind::Error(_) | ObjKind::Function(_)) {
            let text = self.to_string(v);
            if self.heap_exceeded.get() {
                return Err(Abrupt::Halt(Halt::HeapLimit));
            }
            return Ok(self.new_string(&text));
        }
        // A Date's default hint is string (`'at ' + date`); arithmetic asks for its number.
        if let ObjKind::Date(t) = self.heap[*id].kind {
            return Ok(if hint == Hint::Number { Value::Num(t) } else { Value::str(&date_string(t, false)) });
        }
        let order = if prefer_string { ["toString", "valueOf"] } else { ["valueOf", "toString"] };
        for name in order {
            let method = self.get_prop(v, name)?;
            if let Value::Obj(m) = &method {
                if matches!(self.heap[*m].kind, ObjKind::Function(Callable::Closure { .. }) | ObjKind::Function(Callable::Native(Native::Bound { .. }))) {
                    let out = self.call(&method, v.clone(), vec![])?;
                    if !matches!(out, Value::Obj(_)) {
                        return Ok(out);
                    }
                }
            }
        }
        Ok(Value::str(&self.to_string(v)))
    }

    pub(super) fn call_builtin(&mut self, b: Builtin, this: Value, args: Vec<Value>) -> Result<Value, Abrupt> {
        use Builtin::*;
        let arg = |i: usize| Self::arg(&args, i);
        match b {
            // ---------------------------------------------------------------- arrays
            // pop takes the last slot off in place; shift moves the others down by one.
            ArrayPop | ArrayShift => {
                let id = self.this_array_id(&this, if b == ArrayPop { "pop" } else { "shift" })?;
                let v = self.with_slots(id, |items| match b {
                    ArrayPop => items.pop().flatten(),
                    _ if items.is_empty() => None,
                    _ => items.remove(0),
                });
                Ok(read_slot(&v))
            }
            ArrayUnshift => {
                let id = self.this_array_id(&this, "unshift")?;
                let len = self.with_slots(id, |items| {
                    items.splice(0..0, dense(args));
                    items.len()
                });
                Ok(Value::Num(len as f64))
            }
            ArraySlice => {
                let id = self.this_array_id(&this, "slice")?;
                let len = self.slots(id).len();
                let start = relative(self.to_number(&arg(0)), len);
                let end = if arg(1) == Value::Undefined { len } else { relative(self.to_number(&arg(1)), len) };
                let out = if start < end { self.slots(id)[start..end].to_vec() } else { Vec::new() };
                Ok(self.array_of_slots(out))
            }
            ArraySplice => {
                let id = self.this_array_id(&this, "splice")?;
                let len = self.slots(id).len();
                let start = relative(self.to_number(&arg(0)), len);
                let count = match args.len() {
                    0 => 0,
                    1 => len - start,
                    _ => {
                        let n = self.to_number(&arg(1));
                        if n.is_nan() { 0 } else { n.max(0.0).min((len - start) as f64) as usize }
                    }
                };
                let inserted = dense(args.iter().skip(2).cloned().collect());
                let removed: Vec<Elem> = self.with_slots(id, |items| items.splice(start..start + count, inserted).collect());
                Ok(self.array_of_slots(removed))
            }
            ArrayConcat => {
                let (_, mut items) = self.this_slots(&this, "concat")?;
                let added: usize = args.iter().map(|a| match a.as_obj().map(|id| &self.heap[id].kind) {
                    Some(ObjKind::Array(more)) => more.len(),
                    _ => 1,
                }).sum();
                self.room_for((items.len() + added).saturating_mul(gc::ELEMENT_BYTES))?;
                for a in &args {
                    match a.as_obj().map(|id| &self.heap[id].kind) {
                        Some(ObjKind::Array(more)) => items.extend(more.iter().cloned()),
                        _ => items.push(Some(a.clone())),
                    }
                }
                Ok(self.array_of_slots(items))
            }
            ArrayJoin | ArrayToString => {
                let (_, items) = self.this_array(&this, "join")?;
                let sep = if b == ArrayJoin && arg(0) != Value::Undefined { self.to_string(&arg(0)) } else { ",".into() };
                let mut parts: Vec<Rc<str>> = Vec::with_capacity(items.len());
                for v in &items {
                    self.charge()?;
                    parts.push(match v {
                        Value::Undefined | Value::Null => Rc::from(""),
                        Value::Str(s) => s.clone(),
                        other => Rc::from(self.to_string_calling(other)?),
                    });
                }
                let bytes = parts.iter().fold(sep.len().saturating_mul(parts.len().saturating_sub(1)), |n, p| n.saturating_add(p.len()));
                self.room_for_string(bytes, || {
                    let units = |s: &str| s.encode_utf16().count();
                    units(&sep).saturating_mul(parts.len().saturating_sub(1)).saturating_add(parts.iter().map(|p| units(p)).sum())
                })?;
                let mut out = String::with_capacity(bytes);
                for (i, p) in parts.iter().enumerate() {
                    if i > 0 {
                        out.push_str(&sep);
                    }
                    out.push_str(p);
                }
                Ok(Value::str(&out))
            }
            // includes reads every index (a hole is undefined) with SameValueZero; indexOf and
            // lastIndexOf look only at the elements present, with ===
            // (§23.1.3.16, §23.1.3.17, §23.1.3.20).
            ArrayIndexOf | ArrayLastIndexOf | ArrayIncludes => {
                let id = self.this_array_id(&this, "indexOf")?;
                let target = arg(0);
                let from = if args.len() > 1 { relative(self.to_number(&arg(1)), self.slots(id).len()) } else { 0 };
                let items = self.slots(id);
                let present = |e: &Elem| e.as_ref().is_some_and(|v| Self::strict_equals(v, &target));
                let found = match b {
                    ArrayIncludes => return Ok(Value::Bool(items.iter().skip(from).any(|e| same_value_zero(e.as_ref().unwrap_or(&Value::Undefined), &target)))),
                    ArrayIndexOf => items.iter().skip(from).position(present).map(|i| i + from),
                    _ => items.iter().rposition(present),
                };
                Ok(Value::Num(found.map_or(-1.0, |i| i as f64)))
            }
            ArrayMap | ArrayFilter | ArrayForEach | ArraySome | ArrayEvery | ArrayFind | ArrayFindIndex | ArrayFindLast
            | ArrayFindLastIndex | ArrayFlatMap => {
                let id = self.this_array_id(&this, "map")?;
                let len = self.slots(id).len();
                let f = self.callback(&args, "an array method")?;
                let this_arg = arg(1);
                // find and its kin visit every index (a hole as undefined); the others skip
                // holes, and map leaves them in its result (§23.1.3.21).
                let visits_holes = matches!(b, ArrayFind | ArrayFindLast | ArrayFindIndex | ArrayFindLastIndex);
                let mut out = Vec::new();
                let mut mapped: Vec<Elem> = vec![None; if b == ArrayMap { len } else { 0 }];
                let backwards = matches!(b, ArrayFindLast | ArrayFindLastIndex);
                for step in 0..len {
                    let i = if backwards { len - 1 - step } else { step };
                    // Elements are read live: a callback that changes the array is seen.
                    let v = match &self.heap[id].kind {
                        ObjKind::Array(now) => now.get(i).cloned(),
                        _ => None,
                    };
                    let v = match v {
                        Some(Some(v)) => v,
                        Some(None) | None if visits_holes => Value::Undefined,
                        _ => continue,
                    };
                    let r = self.call(&f, this_arg.clone(), vec![v.clone(), Value::Num(i as f64), this.clone()])?;
                    match b {
                        ArrayMap => mapped[i] = Some(r),
                        ArrayFlatMap => match r.as_obj().map(|rid| &self.heap[rid].kind) {
                            Some(ObjKind::Array(inner)) => out.extend(read_all(inner)),
                            _ => out.push(r),
                        },
                        ArrayFilter if r.truthy() => out.push(v),
                        ArraySome if r.truthy() => return Ok(Value::Bool(true)),
                        ArrayEvery if !r.truthy() => return Ok(Value::Bool(false)),
                        ArrayFind | ArrayFindLast if r.truthy() => return Ok(v),
                        ArrayFindIndex | ArrayFindLastIndex if r.truthy() => return Ok(Value::Num(i as f64)),
                        _ => {}
                    }
                }
                Ok(match b {
                    ArrayMap => self.array_of_slots(mapped),
                    ArrayFilter | ArrayFlatMap => self.array_of(out),
                    ArraySome => Value::Bool(false),
                    ArrayEvery => Value::Bool(true),
                    ArrayFindIndex | ArrayFindLastIndex => Value::Num(-1.0),
                    _ => Value::Undefined,
                })
            }
            ArrayReduce | ArrayReduceRight => {
                let (_, slots) = self.this_slots(&this, "reduce")?;
                let f = self.callback(&args, "reduce")?;
                // Holes are skipped (§23.1.3.24).
                let items = read_all(&slots);
                let mut order: Vec<usize> = (0..slots.len()).filter(|&i| slots[i].is_some()).collect();
                if b == ArrayReduceRight {
                    order.reverse();
                }
                let mut iter = order.into_iter();
                let mut acc = if args.len() > 1 {
                    arg(1)
                } else {
                    match iter.next() {
                        Some(i) => items[i].clone(),
                        None => return Err(self.type_error("Reduce of empty array with no initial value".into()).into()),
                    }
                };
                for i in iter {
                    acc = self.call(&f, Value::Undefined, vec![acc, items[i].clone(), Value::Num(i as f64), this.clone()])?;
                }
                Ok(acc)
            }
            // Sorted values first, then the undefineds, then the holes (§23.1.3.30).
            ArraySort => {
                let (id, slots) = self.this_slots(&this, "sort")?;
                let compare = arg(0);
                if compare != Value::Undefined && !self.is_callable(&compare) {
                    return Err(self.type_error("The comparison function must be either a function or undefined".into()).into());
                }
                let holes = slots.iter().filter(|e| e.is_none()).count();
                let (defined, undefined): (Vec<Value>, Vec<Value>) = slots.into_iter().flatten().partition(|v| *v != Value::Undefined);
                let mut sorted = dense(self.merge_sort(defined, &compare)?);
                sorted.extend(dense(undefined));
                sorted.extend(std::iter::repeat_n(None, holes));
                self.set_slots(id, sorted);
                Ok(this)
            }
            ArrayReverse => {
                let id = self.this_array_id(&this, "reverse")?;
                self.with_slots(id, |items| items.reverse());
                Ok(this)
            }
            ArrayFill => {
                let id = self.this_array_id(&this, "fill")?;
                let len = self.slots(id).len();
                let start = if args.len() > 1 { relative(self.to_number(&arg(1)), len) } else { 0 };
                let end = if args.len() > 2 && arg(2) != Value::Undefined { relative(self.to_number(&arg(2)), len) } else { len };
                let v = arg(0);
                self.with_slots(id, |items| {
                    for item in items.iter_mut().take(end).skip(start) {
                        *item = Some(v.clone());
                    }
                });
                Ok(this)
            }
            ArrayFlat => {
                let (_, items) = self.this_slots(&this, "flat")?;
                let depth = if arg(0) == Value::Undefined { 1.0 } else { self.to_number(&arg(0)) };
                let mut out = Vec::new();
                self.flatten_into(&items, depth, &mut out, 0)?;
                Ok(self.array_of(out))
            }
            ArrayAt => {
                let id = self.this_array_id(&this, "at")?;
                let n = self.to_number(&arg(0));
                let n = if n.is_nan() { 0.0 } else { n.trunc() };
                let items = self.slots(id);
                let i = if n < 0.0 { items.len() as f64 + n } else { n };
                Ok(if i >= 0.0 { items.get(i as usize).map_or(Value::Undefined, read_slot) } else { Value::Undefined })
            }
            ArrayKeys | ArrayValues | ArrayEntries => {
                let id = self.this_array_id(&this, "values")?;
                let kind = match b {
                    ArrayKeys => IterKind::Keys,
                    ArrayValues => IterKind::Values,
                    _ => IterKind::Entries,
                };
                Ok(self.make_iterator(IterState::Array { array: id, next: 0, kind }))
            }
            ArrayIsArray => Ok(Value::Bool(matches!(arg(0).as_obj().map(|id| &self.heap[id].kind), Some(ObjKind::Array(_))))),
            ArrayOf => Ok(self.array_of(args)),
            ArrayConstructor => self.array_constructor(args),
            ArrayFrom => {
                let source = arg(0);
                let map = arg(1);
                let items = match &source {
                    Value::Undefined | Value::Null => {
                        let shown = self.to_display(&source);
                        return Err(self.type_error(format!("{shown} is not iterable (cannot read property Symbol(Symbol.iterator))")).into());
                    }
                    Value::Obj(id)
                        if !matches!(self.heap[*id].kind, ObjKind::Array(_) | ObjKind::Map(_) | ObjKind::Iterator(_))
                            && !self.has_symbol_prop(*id, self.protos.symbol_iterator) =>
                    {
                        // An array-like: `{ length: n }`.
                        let len = self.get_prop(&source, "length")?;
                        let len = self.to_number(&len);
                        let len = if len.is_nan() || len <= 0.0 { 0 } else { len.min(1e9) as usize };
                        if len > 10_000_000 {
                            return Err(self.type_error("Array.from of more than 10,000,000 elements is outside the subset".into()).into());
                        }
                        self.room_for(len * gc::ELEMENT_BYTES)?;
                        let mut items = Vec::with_capacity(len);
                        for i in 0..len {
                            self.charge()?;
                            items.push(self.get_prop(&source, &i.to_string())?);
                        }
                        items
                    }
                    _ => {
                        let it = self.iterator(&source)?;
                        let mut items = Vec::new();
                        while let Some(v) = self.iter_next(&it)? {
                            self.charge()?;
                            items.push(v);
                        }
                        items
                    }
                };
                if map == Value::Undefined {
                    return Ok(self.array_of(items));
                }
                if !self.is_callable(&map) {
                    let shown = self.to_display(&map);
                    return Err(self.type_error(format!("{shown} is not a function")).into());
                }
                let mut out = Vec::with_capacity(items.len());
                for (i, v) in items.into_iter().enumerate() {
                    out.push(self.call(&map, Value::Undefined, vec![v, Value::Num(i as f64)])?);
                }
                Ok(self.array_of(out))
            }

            // --------------------------------------------------------------- strings
            StringPadStart | StringPadEnd => {
                let s = self.this_string(&this);
                let target = self.to_number(&arg(0));
                let target = if target.is_nan() { 0.0 } else { target.max(0.0) };
                let filler = if arg(1) == Value::Undefined { " ".to_string() } else { self.to_string(&arg(1)) };
                let len = s.encode_utf16().count();
                if target <= len as f64 || filler.is_empty() {
                    return Ok(Value::str(&s));
                }
                if target > gc::MAX_STRING_LENGTH as f64 {
                    return Err(self.error_value("RangeError", "Invalid string length").into());
                }
                // The filler repeated, then the start of it that fits (a pair cut in half is
                // U+FFFD, as a lone surrogate is in these strings).
                let fill = utf16(&filler);
                let units = target as usize - len;
                let rest = String::from_utf16_lossy(&fill[..units % fill.len()]);
                let whole = units / fill.len();
                self.room_for_string(s.len() + whole * filler.len() + rest.len(), || target as usize)?;
                let mut pad = filler.repeat(whole);
                pad.push_str(&rest);
                Ok(Value::str(&if b == StringPadStart { pad + &s } else { s + &pad }))
            }
            StringRepeat => {
                let s = self.this_string(&this);
                let n = self.to_number(&arg(0));
                if n < 0.0 || n.is_infinite() {
                    return Err(self.error_value("RangeError", &format!("Invalid count value: {}", number_to_string(n))).into());
                }
                let n = if n.is_nan() { 0 } else { n as usize };
                self.room_for_string(s.len().saturating_mul(n), || s.encode_utf16().count().saturating_mul(n))?;
                Ok(Value::str(&s.repeat(n)))
            }
            StringSplit => {
                let s = self.this_string(&this);
                let limit = if arg(1) == Value::Undefined { usize::MAX } else { super::to_int32(self.to_number(&arg(1))) as u32 as usize };
                let parts: Vec<Value> = match arg(0) {
                    Value::Undefined => vec![Value::str(&s)],
                    sep => {
                        let sep = self.to_string(&sep);
                        // The pieces of a long string are counted before they are made: each
                        // is an element and a string of its own.
                        if s.len() >= gc::CHECKED_BEFORE_MADE {
                            let pieces = if sep.is_empty() { s.encode_utf16().count() } else { s.matches(sep.as_str()).count() + 1 };
                            self.room_for(pieces.min(limit).saturating_mul(gc::ELEMENT_BYTES + gc::SHORT_STRING_BYTES).saturating_add(s.len()))?;
                        }
                        if sep.is_empty() {
                            s.encode_utf16().take(limit).map(|u| from_utf16(&[u])).collect()
                        } else {
                            s.split(sep.as_str()).take(limit).map(Value::str).collect()
                        }
                    }
                };
                Ok(self.array_of(parts.into_iter().take(limit).collect()))
            }
            StringSlice | StringSubstring => {
                let s = utf16(&self.this_string(&this));
                let len = s.len();
                let (start, end) = if b == StringSlice {
                    let start = relative(self.to_number(&arg(0)), len);
                    let end = if arg(1) == Value::Undefined { len } else { relative(self.to_number(&arg(1)), len) };
                    (start, end.max(start))
                } else {
                    let clamp = |n: f64| if n.is_nan() { 0 } else { n.max(0.0).min(len as f64) as usize };
                    let a = clamp(self.to_number(&arg(0)));
                    let e = if arg(1) == Value::Undefined { len } else { clamp(self.to_number(&arg(1))) };
                    (a.min(e), a.max(e))
                };
                Ok(from_utf16(&s[start..end]))
            }
            StringToUpperCase => Ok(Value::str(&self.this_string(&this).to_uppercase())),
            StringToLowerCase => Ok(Value::str(&self.this_string(&this).to_lowercase())),
            StringTrim | StringTrimStart | StringTrimEnd => {
                let s = self.this_string(&this);
                let ws = |c: char| c.is_whitespace() || c == '\u{feff}';
                Ok(Value::str(match b {
                    StringTrim => s.trim_matches(ws),
                    StringTrimStart => s.trim_start_matches(ws),
                    _ => s.trim_end_matches(ws),
                }))
            }
            StringIncludes | StringStartsWith | StringEndsWith | StringIndexOf | StringLastIndexOf => {
                let s = utf16(&self.this_string(&this));
                let needle = utf16(&self.to_string(&arg(0)));
                let pos = arg(1);
                let n = if pos == Value::Undefined { None } else { Some(self.to_number(&pos)) };
                let clamp = |n: f64| if n.is_nan() { 0 } else { n.max(0.0).min(s.len() as f64) as usize };
                Ok(match b {
                    StringIncludes => Value::Bool(find_units(&s, &needle, n.map_or(0, clamp)).is_some()),
                    StringStartsWith => {
                        let at = n.map_or(0, clamp);
                        Value::Bool(s.len() >= at + needle.len() && s[at..at + needle.len()] == *needle)
                    }
                    StringEndsWith => {
                        let end = n.map_or(s.len(), clamp);
                        Value::Bool(end >= needle.len() && s[end - needle.len()..end] == *needle)
                    }
                    StringIndexOf => Value::Num(find_units(&s, &needle, n.map_or(0, clamp)).map_or(-1.0, |i| i as f64)),
                    _ => {
                        let last = (0..=s.len().saturating_sub(needle.len())).rev().find(|&i| s.len() >= needle.len() && s[i..i + needle.len()] == *needle);
                        Value::Num(last.map_or(-1.0, |i| i as f64))
                    }
                })
            }
            StringReplace | StringReplaceAll => {
                let s = self.this_string(&this);
                if let Value::Obj(_) = arg(0) {
                    return Err(self.stop_unsupported(Default::default(), "regular expressions"));
                }
                let pattern = self.to_string(&arg(0));
                let replacement = arg(1);
                let units = utf16(&s);
                let needle = utf16(&pattern);
                let mut matches = Vec::new();
                let mut from = 0;
                while let Some(i) = find_units(&units, &needle, from) {
                    matches.push(i);
                    if b == StringReplace {
                        break;
                    }
                    from = i + needle.len().max(1);
                    if from > units.len() {
                        break;
                    }
                }
                let mut out: Vec<u16> = Vec::new();
                let mut last = 0;
                let mut check_at = 0;
                for i in matches {
                    self.room_for_growing(out.len() * 2, &mut check_at, || out.len())?;
                    out.extend_from_slice(&units[last..i]);
                    let text = if self.is_callable(&replacement) {
                        let r = self.call(&replacement, Value::Undefined, vec![Value::str(&pattern), Value::Num(i as f64), Value::str(&s)])?;
                        self.to_string(&r)
                    } else {
                        let template = self.to_string(&replacement);
                        template.replace("$$", "\u{0}").replace("$&", &pattern).replace('\u{0}', "$")
                    };
                    out.extend(text.encode_utf16());
                    last = i + needle.len();
                }
                out.extend_from_slice(&units[last..]);
                self.room_for_growing(out.len() * 2, &mut check_at, || out.len())?;
                Ok(from_utf16(&out))
            }
            StringCharAt | StringAt | StringCharCodeAt | StringCodePointAt => {
                let s = utf16(&self.this_string(&this));
                let n = self.to_number(&arg(0));
                let n = if n.is_nan() { 0.0 } else { n.trunc() };
                let i = if b == StringAt && n < 0.0 { s.len() as f64 + n } else { n };
                let unit = if i >= 0.0 { s.get(i as usize).copied() } else { None };
                Ok(match (b, unit) {
                    (StringCharAt, None) => Value::str(""),
                    (StringAt, None) => Value::Undefined,
                    (StringCharCodeAt, None) => Value::Num(f64::NAN),
                    (_, None) => Value::Undefined,
                    (StringCharCodeAt, Some(u)) => Value::Num(f64::from(u)),
                    (StringCodePointAt, Some(_)) => {
                        let rest = String::from_utf16_lossy(&s[i as usize..]);
                        Value::Num(rest.chars().next().map_or(f64::NAN, |c| f64::from(c as u32)))
                    }
                    (_, Some(u)) => from_utf16(&[u]),
                })
            }
            StringConcat => {
                let s = self.this_string(&this);
                let parts: Vec<String> = args.iter().map(|a| self.to_string(a)).collect();
                let bytes = parts.iter().fold(s.len(), |n, p| n.saturating_add(p.len()));
                self.room_for_string(bytes, || s.encode_utf16().count() + parts.iter().map(|p| p.encode_utf16().count()).sum::<usize>())?;
                let mut out = String::with_capacity(bytes);
                out.push_str(&s);
                parts.iter().for_each(|p| out.push_str(p));
                Ok(Value::str(&out))
            }
            StringToString => Ok(Value::str(&self.this_string(&this))),

            // --------------------------------------------------------------- numbers
            NumberToFixed => {
                let x = self.to_number(&this);
                let digits = self.to_number(&arg(0));
                let digits = if digits.is_nan() { 0.0 } else { digits.trunc() };
                if !(0.0..=100.0).contains(&digits) {
                    return Err(self.error_value("RangeError", "toFixed() digits argument must be between 0 and 100").into());
                }
                Ok(Value::str(&to_fixed(x, digits as usize)))
            }
            NumberToString => {
                let x = self.to_number(&this);
                let radix = if arg(0) == Value::Undefined { 10.0 } else { self.to_number(&arg(0)) };
                if !(2.0..=36.0).contains(&radix) {
                    return Err(self.error_value("RangeError", "toString() radix must be between 2 and 36").into());
                }
                Ok(Value::str(&to_radix(x, radix as u32)))
            }
            NumberIsInteger | NumberIsSafeInteger | NumberIsFinite | NumberIsNaN => {
                let Value::Num(n) = arg(0) else { return Ok(Value::Bool(false)) };
                Ok(Value::Bool(match b {
                    NumberIsInteger => n.is_finite() && n.trunc() == n,
                    NumberIsSafeInteger => n.is_finite() && n.trunc() == n && n.abs() <= 9_007_199_254_740_991.0,
                    NumberIsFinite => n.is_finite(),
                    _ => n.is_nan(),
                }))
            }
            ParseInt => {
                let s = self.to_string(&arg(0));
                let radix = super::to_int32(self.to_number(&arg(1)));
                Ok(Value::Num(parse_int(&s, radix)))
            }
            ParseFloat => {
                let s = self.to_string(&arg(0));
                Ok(Value::Num(parse_float(&s)))
            }
            GlobalIsNaN => Ok(Value::Bool(self.to_number(&arg(0)).is_nan())),
            GlobalIsFinite => Ok(Value::Bool(self.to_number(&arg(0)).is_finite())),
            StringConstructor => {
                if args.is_empty() {
                    return Ok(Value::str(""));
                }
                let s = self.to_string_calling(&arg(0))?;
                Ok(Value::str(&s))
            }
            NumberConstructor => Ok(Value::Num(if args.is_empty() { 0.0 } else { self.to_number(&arg(0)) })),
            BooleanConstructor => Ok(Value::Bool(arg(0).truthy())),

            // ------------------------------------------------------------------ Math
            MathRandom => Ok(Value::Num(self.random.next())),
            MathMax | MathMin | MathHypot => {
                let mut values = Vec::with_capacity(args.len());
                for a in &args {
                    values.push(self.to_number(a));
                }
                Ok(Value::Num(match b {
                    MathHypot => values.iter().fold(0.0, |acc, v| libm::hypot(acc, *v)),
                    _ if values.iter().any(|v| v.is_nan()) => f64::NAN,
                    MathMax => values.into_iter().fold(f64::NEG_INFINITY, |a, v| if v > a || (v == 0.0 && a == 0.0 && a.is_sign_negative()) { v } else { a }),
                    _ => values.into_iter().fold(f64::INFINITY, |a, v| if v < a || (v == 0.0 && a == 0.0 && v.is_sign_negative()) { v } else { a }),
                }))
            }
            MathImul => {
                let (a, c) = (super::to_int32(self.to_number(&arg(0))), super::to_int32(self.to_number(&arg(1))));
                Ok(Value::Num(f64::from(a.wrapping_mul(c))))
            }
            MathPow => Ok(Value::Num(super::exponent(self.to_number(&arg(0)), self.to_number(&arg(1))))),
            MathAtan2 => Ok(Value::Num(libm::atan2(self.to_number(&arg(0)), self.to_number(&arg(1))))),
            MathClz32 => Ok(Value::Num(f64::from(super::to_int32(self.to_number(&arg(0))).leading_zeros()))),
            MathAbs | MathFloor | MathCeil | MathRound | MathTrunc | MathSign | MathSqrt | MathCbrt | MathExp | MathExpm1 | MathLog
            | MathLog1p | MathLog2 | MathLog10 | MathSin | MathCos | MathTan | MathAsin | MathAcos | MathAtan | MathSinh | MathCosh
            | MathTanh | MathAsinh | MathAcosh | MathAtanh | MathFround => Ok(Value::Num(math_unary(b, self.to_number(&arg(0))))),

            // ------------------------------------------------------------------ JSON
            JsonStringify => {
                let indent = match arg(2) {
                    Value::Num(n) => " ".repeat(n.clamp(0.0, 10.0) as usize),
                    Value::Str(s) => s.chars().take(10).collect(),
                    _ => String::new(),
                };
                if arg(1) != Value::Undefined && arg(1) != Value::Null {
                    return Err(self.stop_unsupported(Default::default(), "a JSON.stringify replacer"));
                }
                let out = self.json_stringify(arg(0), &indent)?;
                Ok(out.map_or(Value::Undefined, |s| Value::str(&s)))
            }
            JsonParse => {
                let text = self.to_string(&arg(0));
                self.json_parse(&text, &arg(1))
            }

            // ---------------------------------------------------------------- Object
            ObjectKeys | ObjectValues | ObjectEntries => {
                let target = arg(0);
                if matches!(target, Value::Undefined | Value::Null) {
                    return Err(self.type_error("Cannot convert undefined or null to object".into()).into());
                }
                let keys = self.enumerable_keys(&target, false);
                let mut out = Vec::with_capacity(keys.len());
                for k in keys {
                    out.push(match b {
                        ObjectKeys => Value::str(&k),
                        ObjectValues => self.get_prop(&target, &k)?,
                        _ => {
                            let v = self.get_prop(&target, &k)?;
                            self.array_of(vec![Value::str(&k), v])
                        }
                    });
                }
                Ok(self.array_of(out))
            }
            ObjectAssign => {
                let target = arg(0);
                if matches!(target, Value::Undefined | Value::Null) {
                    return Err(self.type_error("Cannot convert undefined or null to object".into()).into());
                }
                for source in args.iter().skip(1) {
                    for k in self.enumerable_keys(source, false) {
                        let v = self.get_prop(source, &k)?;
                        self.put_prop(&target, &k, v)?;
                    }
                }
                Ok(target)
            }
            ObjectFreeze => {
                if let Some(id) = arg(0).as_obj() {
                    self.heap[id].frozen = true;
                }
                Ok(arg(0))
            }
            ObjectIsFrozen => Ok(Value::Bool(arg(0).as_obj().is_none_or(|id| self.heap[id].frozen))),
            ObjectFromEntries => {
                let it = self.iterator(&arg(0))?;
                let obj = self.alloc(ObjKind::Plain);
                while let Some(entry) = self.iter_next(&it)? {
                    let k = self.get_prop(&entry, "0")?;
                    let v = self.get_prop(&entry, "1")?;
                    let k = self.key_of(&k);
                    self.set_prop(obj, &k, v);
                }
                Ok(Value::Obj(obj))
            }
            ObjectConstructor => self.object_constructor(arg(0)),
            ObjectIs => Ok(Value::Bool(same_value(&arg(0), &arg(1)))),
            // thisBooleanValue (§20.3.3): only a boolean has one.
            BooleanValueOf | BooleanToString => match this {
                Value::Bool(v) if b == BooleanValueOf => Ok(Value::Bool(v)),
                Value::Bool(v) => Ok(Value::str(if v { "true" } else { "false" })),
                _ => {
                    let method = if b == BooleanValueOf { "valueOf" } else { "toString" };
                    Err(self.type_error(format!("Boolean.prototype.{method} requires that 'this' be a Boolean")).into())
                }
            },
            ObjectCreate => match arg(0) {
                Value::Null => Ok(Value::Obj(self.alloc_with(ObjKind::Plain, None))),
                Value::Obj(p) => Ok(Value::Obj(self.alloc_with(ObjKind::Plain, Some(p)))),
                other => {
                    let shown = self.to_display(&other);
                    Err(self.type_error(format!("Object prototype may only be an Object or null: {shown}")).into())
                }
            },
            ObjectGetPrototypeOf => Ok(match arg(0) {
                Value::Obj(id) => self.heap[id].proto.map_or(Value::Null, Value::Obj),
                Value::Str(_) => Value::Obj(self.protos.string),
                Value::Num(_) => Value::Obj(self.protos.number),
                Value::Bool(_) => Value::Obj(self.protos.boolean),
                _ => return Err(self.type_error("Cannot convert undefined or null to object".into()).into()),
            }),
            ObjectToString => Ok(Value::str(match &this {
                Value::Undefined => "[object Undefined]",
                Value::Null => "[object Null]",
                Value::Obj(id) => match &self.heap[*id].kind {
                    ObjKind::Array(_) => "[object Array]",
                    ObjKind::Function(_) => "[object Function]",
                    ObjKind::Error(_) => "[object Error]",
                    _ => "[object Object]",
                },
                Value::Str(_) => "[object String]",
                Value::Num(_) => "[object Number]",
                Value::Bool(_) => "[object Boolean]",
            })),

            // ------------------------------------------------------------ Map, Set
            MapGet | MapSet | MapHas | MapDelete | MapClear | MapForEach | MapKeys | MapValues | MapEntries | SetAdd => {
                let Some(id) = this.as_obj().filter(|id| matches!(self.heap[*id].kind, ObjKind::Map(_))) else {
                    let shown = self.to_display(&this);
                    return Err(self.type_error(format!("Method called on incompatible receiver {shown}")).into());
                };
                let key = arg(0);
                let ObjKind::Map(map) = &mut self.heap[id].kind else { unreachable!() };
                match b {
                    MapGet => Ok(map.get(&key).cloned().unwrap_or(Value::Undefined)),
                    MapHas => Ok(Value::Bool(map.has(&key))),
                    MapSet | SetAdd => {
                        let value = if b == SetAdd { key.clone() } else { arg(1) };
                        if map.set(key, value) {
                            self.count_bytes(gc::ENTRY_BYTES);
                        }
                        Ok(this)
                    }
                    MapDelete => Ok(Value::Bool(map.delete(&key))),
                    MapClear => {
                        map.clear();
                        Ok(Value::Undefined)
                    }
                    MapForEach => {
                        let f = self.callback(&args, "forEach")?;
                        // Entries added by the callback are visited, deleted ones are not
                        // (§24.1.3.5), as an iterator sees them.
                        let mut cursor = MapCursor::default();
                        loop {
                            let entry = match &self.heap[id].kind {
                                ObjKind::Map(m) => m.next(&mut cursor),
                                _ => None,
                            };
                            let Some((k, v)) = entry else { break };
                            self.call(&f, arg(1), vec![v, k, this.clone()])?;
                        }
                        Ok(Value::Undefined)
                    }
                    _ => {
                        let kind = match b {
                            MapKeys => IterKind::Keys,
                            MapValues => IterKind::Values,
                            _ => IterKind::Entries,
                        };
                        Ok(self.make_iterator(IterState::Map { map: id, cursor: MapCursor::default(), kind }))
                    }
                }
            }

            DateNow => Ok(Value::Num(EPOCH_MS + self.now as f64)),
            DateUtc => {
                let mut parts = [f64::NAN, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0];
                for (i, p) in parts.iter_mut().enumerate() {
                    if i < args.len() {
                        *p = self.to_number(&args[i]);
                    }
                }
                Ok(Value::Num(make_time(&parts)))
            }
            DateParse => {
                let text = self.to_string(&arg(0));
                Ok(Value::Num(parse_date(&text)))
            }
            DateGetTime | DateToIsoString | DateToString | DateToUtcString | DateGetFullYear | DateGetMonth | DateGetDate | DateGetDay
            | DateGetHours | DateGetMinutes | DateGetSeconds | DateGetMilliseconds | DateGetTimezoneOffset => {
                let Some(t) = this.as_obj().and_then(|id| match self.heap[id].kind {
                    ObjKind::Date(t) => Some(t),
                    _ => None,
                }) else {
                    return Err(self.type_error("this is not a Date object.".into()).into());
                };
                if b == DateToIsoString && t.is_nan() {
                    return Err(self.error_value("RangeError", "Invalid time value").into());
                }
                if t.is_nan() && !matches!(b, DateToString | DateToUtcString) {
                    return Ok(Value::Num(f64::NAN));
                }
                let c = civil(t);
                Ok(match b {
                    DateGetTime => Value::Num(t),
                    DateToIsoString => Value::str(&iso_string(t)),
                    DateToString => Value::str(&date_string(t, false)),
                    DateToUtcString => Value::str(&date_string(t, true)),
                    DateGetFullYear => Value::Num(c.year as f64),
                    DateGetMonth => Value::Num(f64::from(c.month - 1)),
                    DateGetDate => Value::Num(f64::from(c.day)),
                    DateGetDay => Value::Num(f64::from(c.weekday)),
                    DateGetHours => Value::Num(f64::from(c.hour)),
                    DateGetMinutes => Value::Num(f64::from(c.minute)),
                    DateGetSeconds => Value::Num(f64::from(c.second)),
                    DateGetMilliseconds => Value::Num(f64::from(c.millisecond)),
                    _ => Value::Num(0.0),
                })
            }
            PerformanceNow => Ok(Value::Num(self.now as f64)),
            IteratorSelf => Ok(this),
            StringIterator => {
                let s = self.to_string_calling(&this)?;
                self.iterator(&Value::str(&s))
            }
            SymbolFunction => self.new_symbol(&arg(0)),
            SymbolToString => match self.symbol_of(&this) {
                Some(symbol) => Ok(Value::str(&self.symbol_text(symbol))),
                None => Err(self.type_error("Symbol.prototype.toString requires that 'this' be a Symbol".into()).into()),
            },
            IteratorNext => {
                let v = self.iter_next(&this)?;
                let result = self.alloc(ObjKind::Plain);
                let done = v.is_none();
                self.set_prop(result, "value", v.unwrap_or(Value::Undefined));
                self.set_prop(result, "done", Value::Bool(done));
                Ok(Value::Obj(result))
            }
        }
    }

    fn make_iterator(&mut self, state: IterState) -> Value {
        let proto = self.protos.iterator;
        Value::Obj(self.alloc_with(ObjKind::Iterator(state), Some(proto)))
    }

    /// `new Map(iterable)` / `new Set(iterable)`.
    pub(super) fn construct_map(&mut self, set: bool, args: &[Value], proto: ObjId) -> Result<Value, Abrupt> {
        let id = self.alloc_with(ObjKind::Map(MapData::new(set)), Some(proto));
        let source = Self::arg(args, 0);
        if matches!(source, Value::Undefined | Value::Null) {
            return Ok(Value::Obj(id));
        }
        let it = self.iterator(&source)?;
        let adder = if set { Builtin::SetAdd } else { Builtin::MapSet };
        while let Some(item) = self.iter_next(&it)? {
            self.charge()?;
            let args = if set {
                vec![item]
            } else {
                if !matches!(item, Value::Obj(_)) {
                    let shown = self.to_display(&item);
                    return Err(self.type_error(format!("Iterator value {shown} is not an entry object")).into());
                }
                vec![self.get_prop(&item, "0")?, self.get_prop(&item, "1")?]
            };
            self.call_builtin(adder, Value::Obj(id), args)?;
        }
        Ok(Value::Obj(id))
    }

    /// A stable merge sort: the comparator is a program's function, which may throw.
    fn merge_sort(&mut self, items: Vec<Value>, compare: &Value) -> Result<Vec<Value>, Abrupt> {
        if items.len() <= 1 {
            return Ok(items);
        }
        let mut right = items;
        let left = right.drain(..right.len() / 2).collect::<Vec<_>>();
        let left = self.merge_sort(left, compare)?;
        let right = self.merge_sort(right, compare)?;
        let mut out = Vec::with_capacity(left.len() + right.len());
        let (mut l, mut r) = (left.into_iter().peekable(), right.into_iter().peekable());
        while let (Some(a), Some(b)) = (l.peek(), r.peek()) {
            self.charge()?;
            let b_first = if *compare == Value::Undefined {
                let (x, y) = (self.to_string(a), self.to_string(b));
                y.encode_utf16().lt(x.encode_utf16())
            } else {
                let c = self.call(compare, Value::Undefined, vec![a.clone(), b.clone()])?;
                self.to_number(&c) > 0.0
            };
            if b_first {
                out.push(r.next().unwrap());
            } else {
                out.push(l.next().unwrap());
            }
        }
        out.extend(l);
        out.extend(r);
        Ok(out)
    }

    /// `flat`: the elements present (holes are dropped), arrays opened `depth` levels deep.
    fn flatten_into(&mut self, items: &[Elem], depth: f64, out: &mut Vec<Value>, level: usize) -> Result<(), Abrupt> {
        for v in items.iter().flatten() {
            self.charge()?;
            let inner = match v.as_obj().map(|id| &self.heap[id].kind) {
                Some(ObjKind::Array(inner)) if depth >= 1.0 && level < 1000 => Some(inner.clone()),
                _ => None,
            };
            match inner {
                Some(inner) => self.flatten_into(&inner, depth - 1.0, out, level + 1)?,
                None => out.push(v.clone()),
            }
        }
        Ok(())
    }
}

/// A time value's calendar fields, in UTC.
pub struct Civil {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub weekday: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    pub millisecond: u32,
}

const MS_PER_DAY: f64 = 86_400_000.0;

/// Days since 1970-01-01 of a proleptic Gregorian date (month 1..=12).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

pub fn civil(t: f64) -> Civil {
    let days = (t / MS_PER_DAY).floor() as i64;
    let ms_of_day = (t - days as f64 * MS_PER_DAY) as i64;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    Civil {
        year,
        month,
        day,
        weekday: (days + 4).rem_euclid(7) as u32,
        hour: (ms_of_day / 3_600_000) as u32,
        minute: (ms_of_day / 60_000 % 60) as u32,
        second: (ms_of_day / 1000 % 60) as u32,
        millisecond: (ms_of_day % 1000) as u32,
    }
}

/// Date.UTC's arithmetic: year, month (0-based), day, hours, minutes, seconds, ms.
pub fn make_time(p: &[f64; 7]) -> f64 {
    if p.iter().any(|v| !v.is_finite()) {
        return f64::NAN;
    }
    let year = p[0].trunc() + p[1].div_euclid(12.0).trunc();
    let month = p[1].trunc().rem_euclid(12.0);
    let year = if (0.0..=99.0).contains(&p[0].trunc()) { 1900.0 + year } else { year };
    // V8's MakeDay gives NaN for years beyond a million and months beyond ten million either
    // way, before any arithmetic (whatever the other parts would add).
    if year.abs() > 1_000_000.0 || p[1].abs() > 10_000_000.0 {
        return f64::NAN;
    }
    let days = days_from_civil(year as i64, month as i64 + 1, 1) as f64 + p[2].trunc() - 1.0;
    let t = days * MS_PER_DAY + p[3].trunc() * 3_600_000.0 + p[4].trunc() * 60_000.0 + p[5].trunc() * 1000.0 + p[6].trunc();
    if t.abs() > 8.64e15 {
        f64::NAN
    } else {
        t
    }
}

/// `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM`, `...:SS`, `...:SS.sss`, with `Z` or nothing (read as UTC, as
/// this clock has no other zone); anything else is NaN.
pub fn parse_date(text: &str) -> f64 {
    let t = text.trim();
    let num = |s: &str| if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) { s.parse::<f64>().ok() } else { None };
    let (date, time) = t.split_once('T').unwrap_or((t, ""));
    let d: Vec<&str> = date.split('-').collect();
    let (Some(y), m, day) = (d.first().and_then(|s| num(s)), d.get(1).map_or(Some(1.0), |s| num(s)), d.get(2).map_or(Some(1.0), |s| num(s))) else {
        return f64::NAN;
    };
    let (Some(m), Some(day)) = (m, day) else { return f64::NAN };
    let time = time.trim_end_matches('Z');
    let mut parts = [y, m - 1.0, day, 0.0, 0.0, 0.0, 0.0];
    if !time.is_empty() {
        let (hms, ms) = time.split_once('.').unwrap_or((time, "0"));
        let fields: Vec<&str> = hms.split(':').collect();
        for (i, f) in fields.iter().enumerate().take(3) {
            match num(f) {
                Some(v) => parts[3 + i] = v,
                None => return f64::NAN,
            }
        }
        match num(&format!("{ms:0<3}")[..3]) {
            Some(v) => parts[6] = v,
            None => return f64::NAN,
        }
    }
    if !(1.0..=12.0).contains(&m) || !(1.0..=31.0).contains(&day) {
        return f64::NAN;
    }
    make_time(&parts)
}

pub fn iso_string(t: f64) -> String {
    let c = civil(t);
    let year = if (0..=9999).contains(&c.year) { format!("{:04}", c.year) } else { format!("{:+07}", c.year) };
    format!("{year}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", c.month, c.day, c.hour, c.minute, c.second, c.millisecond)
}

const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// `Date.prototype.toString` (in UTC) and `toUTCString`.
pub fn date_string(t: f64, utc: bool) -> String {
    if t.is_nan() {
        return "Invalid Date".into();
    }
    let c = civil(t);
    let (day, month) = (DAYS[c.weekday as usize], MONTHS[c.month as usize - 1]);
    if utc {
        format!("{day}, {:02} {month} {:04} {:02}:{:02}:{:02} GMT", c.day, c.year, c.hour, c.minute, c.second)
    } else {
        format!("{day} {month} {:02} {:04} {:02}:{:02}:{:02} GMT+0000 (Coordinated Universal Time)", c.day, c.year, c.hour, c.minute, c.second)
    }
}

/// `Number.prototype.toFixed`: the exact decimal value rounded, halves away from zero.
fn to_fixed(x: f64, digits: usize) -> String {
    if !x.is_finite() {
        return number_to_string(x);
    }
    if x.abs() >= 1e21 {
        return number_to_string(x);
    }
    // Rust prints the exact binary value's digits; only an exact half needs rounding up.
    let exact = format!("{:.*}", digits + 40, x.abs());
    let (head, tail) = exact.split_at(exact.len() - 40);
    let mut rounded = format!("{:.*}", digits, x.abs());
    if tail.starts_with('5') && tail[1..].bytes().all(|b| b == b'0') {
        let truncated = head.trim_end_matches('.');
        if rounded.trim_end_matches('.') == truncated {
            // Rust rounded the tie to even and down; JavaScript goes up.
            let ulp = libm::pow(10.0, -(digits as f64));
            rounded = format!("{:.*}", digits, truncated.parse::<f64>().unwrap_or(0.0) + ulp);
        }
    }
    // The sign comes from x itself: (-0.0001).toFixed(2) is "-0.00", (-0).toFixed(2) "0.00".
    if x < 0.0 {
        format!("-{rounded}")
    } else {
        rounded
    }
}

fn to_radix(x: f64, radix: u32) -> String {
    if radix == 10 || !x.is_finite() {
        return number_to_string(x);
    }
    let negative = x < 0.0;
    let mut int = x.abs().trunc();
    let mut frac = x.abs() - int;
    let mut digits = Vec::new();
    if int == 0.0 {
        digits.push('0');
    }
    while int >= 1.0 {
        let d = (int % f64::from(radix)) as u32;
        digits.push(std::char::from_digit(d, radix).unwrap_or('0'));
        int = (int / f64::from(radix)).trunc();
    }
    digits.reverse();
    let mut out: String = digits.into_iter().collect();
    if frac > 0.0 {
        out.push('.');
        for _ in 0..52 {
            frac *= f64::from(radix);
            let d = frac.trunc() as u32;
            out.push(std::char::from_digit(d, radix).unwrap_or('0'));
            frac -= f64::from(d);
            if frac == 0.0 {
                break;
            }
        }
    }
    if negative {
        format!("-{out}")
    } else {
        out
    }
}

fn parse_int(s: &str, radix: i32) -> f64 {
    let t = s.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    let (negative, t) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let mut radix = radix as u32;
    let mut t = t;
    if (radix == 0 || radix == 16) && (t.starts_with("0x") || t.starts_with("0X")) {
        t = &t[2..];
        radix = 16;
    }
    if radix == 0 {
        radix = 10;
    }
    if !(2..=36).contains(&radix) {
        return f64::NAN;
    }
    let digits: String = t.chars().take_while(|c| c.is_digit(radix)).collect();
    if digits.is_empty() {
        return f64::NAN;
    }
    let n = digits.chars().fold(0f64, |acc, c| acc * f64::from(radix) + f64::from(c.to_digit(radix).unwrap_or(0)));
    if negative {
        -n
    } else {
        n
    }
}

fn parse_float(s: &str) -> f64 {
    let t = s.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    for prefix in ["Infinity", "+Infinity"] {
        if t.starts_with(prefix) {
            return f64::INFINITY;
        }
    }
    if t.starts_with("-Infinity") {
        return f64::NEG_INFINITY;
    }
    // The longest prefix that is a decimal literal.
    let bytes = t.as_bytes();
    let mut end = 0;
    let mut best = None;
    let mut seen_dot = false;
    let mut seen_e = false;
    while end < bytes.len() {
        let c = bytes[end];
        let ok = c.is_ascii_digit()
            || (c == b'.' && !seen_dot && !seen_e)
            || ((c == b'e' || c == b'E') && !seen_e && end > 0)
            || ((c == b'+' || c == b'-') && (end == 0 || matches!(bytes[end - 1], b'e' | b'E')));
        if !ok {
            break;
        }
        seen_dot |= c == b'.';
        seen_e |= c == b'e' || c == b'E';
        end += 1;
        if let Ok(v) = t[..end].parse::<f64>() {
            best = Some(v);
        }
    }
    best.unwrap_or(f64::NAN)
}

/// Keeps `array_index` and `Rc` in use for future table entries that need them.
#[allow(dead_code)]
fn index_key(key: &str) -> Option<(usize, Rc<str>)> {
    array_index(key).map(|i| (i, Rc::from(key)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn to_fixed_rounds_exact_halves_up_like_javascript() {
        // Each expectation is what Node 20.20 printed for (x).toFixed(d), run by hand:
        // node -e 'console.log((2.5).toFixed(0), (-2.5).toFixed(0), ...)'.
        assert_eq!(to_fixed(2.5, 0), "3");
        assert_eq!(to_fixed(-2.5, 0), "-3");
        assert_eq!(to_fixed(-1.5, 0), "-2");
        assert_eq!(to_fixed(-0.5, 0), "-1");
        assert_eq!(to_fixed(1.005, 2), "1.00");
        assert_eq!(to_fixed(0.125, 2), "0.13");
        assert_eq!(to_fixed(1.45, 1), "1.4");
        assert_eq!(to_fixed(-0.0001, 2), "-0.00");
        assert_eq!(to_fixed(-0.0, 2), "0.00");
        assert_eq!(to_fixed(123.456, 0), "123");
    }

    #[test]
    fn the_seeded_generator_is_the_demos_xorshift32() {
        let mut r = Random::new(1);
        let first: Vec<f64> = (0..3).map(|_| r.next()).collect();
        assert!(first.iter().all(|x| (0.0..1.0).contains(x)));
        let mut again = Random::new(1);
        assert_eq!(first, (0..3).map(|_| again.next()).collect::<Vec<_>>());
    }
}

#[cfg(test)]
mod date_tests {
    use super::*;

    #[test]
    fn dates_convert_both_ways_across_eras_and_leap_days() {
        // The course's epoch, a leap day and the Unix epoch, as Node 20.20 prints them.
        assert_eq!(iso_string(EPOCH_MS), "2026-01-01T00:00:00.000Z");
        assert_eq!(iso_string(0.0), "1970-01-01T00:00:00.000Z");
        assert_eq!(parse_date("2024-02-29T12:34:56.789Z"), 1_709_210_096_789.0);
        assert_eq!(iso_string(1_709_210_096_789.0), "2024-02-29T12:34:56.789Z");
        assert_eq!(date_string(EPOCH_MS, false), "Thu Jan 01 2026 00:00:00 GMT+0000 (Coordinated Universal Time)");
        assert_eq!(date_string(EPOCH_MS, true), "Thu, 01 Jan 2026 00:00:00 GMT");
        assert!(parse_date("not a date").is_nan());
    }
}

/// The Math functions of one number (https://tc39.es/ecma262/#sec-function-properties-of-the-math-object),
/// (NaN for any other built-in). The transcendental ones go through `libm`, so that native and
/// wasm builds give the same last bit.
fn math_unary(b: Builtin, x: f64) -> f64 {
    use Builtin::*;
    match b {
        MathAbs => x.abs(),
        MathFloor => x.floor(),
        MathCeil => x.ceil(),
        MathRound => math_round(x),
        MathTrunc => x.trunc(),
        MathSign if x.is_nan() || x == 0.0 => x,
        MathSign => x.signum(),
        MathSqrt => x.sqrt(),
        MathCbrt => libm::cbrt(x),
        MathExp => exp(x),
        MathExpm1 => libm::expm1(x),
        MathLog => libm::log(x),
        MathLog1p => libm::log1p(x),
        MathLog2 => libm::log2(x),
        MathLog10 => libm::log10(x),
        MathSin => libm::sin(x),
        MathCos => libm::cos(x),
        MathTan => libm::tan(x),
        MathAsin => libm::asin(x),
        MathAcos => libm::acos(x),
        MathAtan => libm::atan(x),
        MathSinh => libm::sinh(x),
        MathCosh => cosh(x),
        MathTanh => libm::tanh(x),
        MathAsinh => libm::asinh(x),
        MathAcosh => libm::acosh(x),
        MathAtanh => libm::atanh(x),
        MathFround => f64::from(x as f32),
        _ => f64::NAN,
    }
}

/// e**x as V8 computes it (fdlibm's algorithm, which `libm` shares), except that exp(1) is
/// exactly Math.E: V8 special-cases it, as fdlibm gets its last bit wrong.
fn exp(x: f64) -> f64 {
    if x == 1.0 {
        std::f64::consts::E
    } else {
        libm::exp(x)
    }
}

/// cosh as V8 computes it, fdlibm's algorithm (musl's, in `libm`, differs in the last bit):
/// 1 + expm1(|x|)²/(2·exp(|x|)) below ln2/2, (exp(|x|) + 1/exp(|x|))/2 below 22, then exp(|x|)/2,
/// computed as a square of exp(|x|/2) near the overflow threshold. The bounds are fdlibm's, which
/// compares the high word of |x| only.
fn cosh(x: f64) -> f64 {
    const HALF_LN2: f64 = f64::from_bits(0x3FD6_2E43_0000_0000);
    const LN_MAX: f64 = f64::from_bits(0x4086_2E42_0000_0000);
    let ax = x.abs();
    if ax.is_nan() {
        return x;
    }
    if ax < HALF_LN2 {
        let t = libm::expm1(ax);
        let w = 1.0 + t;
        return if ax < 2f64.powi(-55) { w } else { 1.0 + (t * t) / (w + w) };
    }
    if ax < 22.0 {
        let t = exp(ax);
        return 0.5 * t + 0.5 / t;
    }
    if ax < LN_MAX {
        return 0.5 * exp(ax);
    }
    let w = exp(0.5 * ax);
    0.5 * w * w
}

/// Math.round (https://tc39.es/ecma262/#sec-math.round): the nearest integer, halves toward +∞
/// (-2.5 becomes -2), keeping -0 and giving -0 for -0.5 <= x < 0. Computed from the floor so that
/// 0.49999999999999994 and integers past 2**52 do not round up.
fn math_round(x: f64) -> f64 {
    if !x.is_finite() || x == 0.0 {
        return x;
    }
    if (-0.5..0.0).contains(&x) {
        return -0.0;
    }
    let floor = x.floor();
    if x - floor >= 0.5 {
        floor + 1.0
    } else {
        floor
    }
}
