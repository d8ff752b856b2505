//! The object model's operations: reading and writing properties along the prototype chain,
//! getters and setters, array elements and lengths, own keys in the spec's order.

use super::*;

impl Vm {
    pub(super) fn get_prop(&mut self, obj: &Value, key: &str) -> Result<Value, Abrupt> {
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
        if key == "stack" && self.heap[start].own("stack").is_none() {
            if let ObjKind::Error(frames) = &self.heap[start].kind {
                let text = format!("{}{frames}", self.error_text(start));
                let stack = self.new_string(&text);
                self.define_hidden(start, "stack", stack);
            }
        }
        if let (ObjKind::Symbol(_), "description") = (&self.heap[start].kind, key) {
            return Ok(self.symbol_description(start));
        }
        if let ObjKind::Function(c) = &self.heap[start].kind {
            if self.heap[start].own(key).is_none() {
                match (key, c) {
                    ("name", _) => return Ok(Value::str(&super::super::format::function_name(&self.heap, start))),
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
                        if let Some(Some(v)) = items.get(i) {
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
    pub(super) fn find_setter(&self, start: ObjId, key: &str) -> Option<Value> {
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
    pub(super) fn put_prop(&mut self, obj: &Value, key: &str, v: Value) -> Result<(), Abrupt> {
        self.put_prop_in(obj, key, v, true)
    }

    /// `obj[key] = v`; sloppy code ignores the writes strict code refuses.
    pub(super) fn put_prop_in(&mut self, obj: &Value, key: &str, v: Value, strict: bool) -> Result<(), Abrupt> {
        match obj {
            Value::Undefined | Value::Null => {
                let what = if *obj == Value::Null { "null" } else { "undefined" };
                Err(self.type_error(format!("Cannot set properties of {what} (setting '{key}')")).into())
            }
            Value::Obj(id) => {
                let id = *id;
                if let ObjKind::Array(items) = &mut self.heap[id].kind {
                    if let Ok(i) = key.parse::<usize>() {
                        if i > items.len() + MAX_ARRAY_GROWTH {
                            return Err(self.stop_unsupported(Pos::default(), "writing an array index far beyond its end"));
                        }
                        let grown = (i + 1).saturating_sub(items.len());
                        if grown > 0 {
                            items.resize(i + 1, None);
                        }
                        items[i] = Some(v);
                        self.count_bytes(grown * gc::ELEMENT_BYTES);
                        return Ok(());
                    }
                    if key == "length" {
                        return self.set_array_length(id, &v);
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
                match self.heap[id].props.get_mut(key) {
                    Some(p) => p.slot = Slot::Data(v),
                    None => {
                        let key: Rc<str> = Rc::from(key);
                        self.count_string(&key);
                        self.heap[id].props.push(Property { key, slot: Slot::Data(v), enumerable: true });
                        self.count_bytes(gc::PROPERTY_BYTES);
                    }
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// `array.length = v` ([ECMA-262 §10.4.2.4 ArraySetLength](https://tc39.es/ecma262/#sec-arraysetlength)):
    /// a length that is not a uint32 is a RangeError; a shorter one deletes the elements past
    /// it, a longer one adds holes.
    pub(super) fn set_array_length(&mut self, id: ObjId, v: &Value) -> Result<(), Abrupt> {
        let n = self.to_number(v);
        let uint32 = if n.is_finite() { n.trunc().rem_euclid(4_294_967_296.0) } else { 0.0 };
        if uint32 != n {
            return Err(self.error_value("RangeError", "Invalid array length").into());
        }
        let new_len = n as usize;
        if let ObjKind::Array(items) = &mut self.heap[id].kind {
            if new_len > items.len() + MAX_ARRAY_GROWTH {
                return Err(self.stop_unsupported(Pos::default(), "growing an array's length far beyond its end"));
            }
            let grown = new_len.saturating_sub(items.len());
            items.resize(new_len, None);
            self.count_bytes(grown * gc::ELEMENT_BYTES);
        }
        Ok(())
    }

    /// How V8 names an object in messages: `#<Temperature>`, `#<Object>`.
    pub(super) fn object_tag(&self, id: ObjId) -> String {
        let name = super::super::format::constructor_name(&self.heap, id).unwrap_or_else(|| "Object".into());
        format!("#<{name}>")
    }

    /// `delete obj[key]`: removes an own property (an array element becomes undefined).
    pub(super) fn delete_prop(&mut self, obj: &Value, key: &str, strict: bool) -> Result<bool, Abrupt> {
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
                    *item = None;
                }
                return Ok(true);
            }
        }
        self.heap[id].props.remove(key);
        Ok(true)
    }

    /// `obj instanceof ctor`: whether `ctor.prototype` is on obj's prototype chain.
    pub(super) fn instance_of(&mut self, obj: &Value, ctor: &Value) -> Result<bool, Abrupt> {
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
    pub(super) fn get_from(&mut self, start: ObjId, key: &str, receiver: &Value) -> Result<Value, Abrupt> {
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
    pub(super) fn binding(&self, scope: ScopeId, name: &str) -> Option<Value> {
        self.lookup(scope, name).and_then(|(s, i)| self.scopes[s].vars[i].value.clone())
    }

    /// An anonymous function stored under a computed key takes the key as its name.
    pub(super) fn name_anonymous(&mut self, v: &Value, key: &str) {
        if let Some(id) = v.as_obj() {
            let anonymous = matches!(&self.heap[id].kind, ObjKind::Function(Callable::Closure { proto, .. }) if proto.name.is_empty());
            if anonymous && self.heap[id].own("name").is_none() {
                self.define_hidden(id, "name", Value::str(key));
            }
        }
    }

    pub(super) fn set_home(&mut self, f: &Value, home: ObjId) {
        if let Some(id) = f.as_obj() {
            if let ObjKind::Function(Callable::Closure { home: h, .. }) = &mut self.heap[id].kind {
                *h = Some(home);
            }
        }
    }

    pub(super) fn define_accessor(&mut self, obj: ObjId, key: &str, setter: bool, f: Value, enumerable: bool) {
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
    pub(super) fn define_method(&mut self, f: &Frame, key: &str, kind: MethodKind, is_static: bool, method: Value) {
        let n = f.stack.len();
        let target = if is_static { f.stack[n - 2].as_obj().unwrap() } else { f.stack[n - 1].as_obj().unwrap() };
        self.set_home(&method, target);
        match kind {
            MethodKind::Method => self.define_hidden(target, key, method),
            MethodKind::Getter => self.define_accessor(target, key, false, method, false),
            MethodKind::Setter => self.define_accessor(target, key, true, method, false),
        }
    }

    pub(super) fn private_slot(&mut self, obj: &Value, class: u32, name: &str, verb: &str) -> Result<Slot, Abrupt> {
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
    pub(super) fn super_call(&mut self, f: &Frame, args: Vec<Value>) -> Result<Value, Abrupt> {
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

    /// An iterator over a value `for ... of` and spread can walk.
    pub(super) fn iterator(&mut self, v: &Value) -> Result<Value, Abrupt> {
        if let Some(it) = self.iterator_if_iterable(v)? {
            return Ok(it);
        }
        let shown = self.to_display(v);
        let message = if matches!(v, Value::Undefined | Value::Null) {
            format!("{shown} is not iterable (cannot read property Symbol(Symbol.iterator))")
        } else {
            format!("{shown} is not iterable")
        };
        Err(self.type_error(message).into())
    }

    /// GetIterator (https://tc39.es/ecma262/#sec-getiterator), or None when the value is not
    /// iterable.
    pub(super) fn iterator_if_iterable(&mut self, v: &Value) -> Result<Option<Value>, Abrupt> {
        let state = match v {
            Value::Obj(id) => match &self.heap[*id].kind {
                ObjKind::Array(_) => IterState::Array { array: *id, next: 0, kind: IterKind::Values },
                ObjKind::Map(m) => IterState::Map { map: *id, cursor: MapCursor::default(), kind: if m.is_set { IterKind::Values } else { IterKind::Entries } },
                ObjKind::Iterator(_) => return Ok(Some(v.clone())),
                _ => return self.protocol_iterator(v),
            },
            Value::Str(s) => {
                // A long string's characters are counted before they are made.
                if s.len() >= gc::CHECKED_BEFORE_MADE {
                    self.room_for(s.chars().count().saturating_mul(std::mem::size_of::<Value>() + gc::SHORT_STRING_BYTES))?;
                }
                IterState::Values { values: s.chars().map(|c| Value::str(c.encode_utf8(&mut [0; 4]))).collect(), next: 0 }
            }
            _ => return Ok(None),
        };
        Ok(Some(Value::Obj(self.alloc(ObjKind::Iterator(state)))))
    }

    /// The iterator's next value; `None` when it is done.
    pub(super) fn iter_next(&mut self, it: &Value) -> Result<Option<Value>, Abrupt> {
        let Some(id) = it.as_obj() else { return Ok(None) };
        match &self.heap[id].kind {
            ObjKind::Iterator(IterState::Map { .. }) => Ok(self.map_iter_next(id)),
            ObjKind::Iterator(IterState::Protocol { .. }) => self.protocol_next(id),
            _ => Ok(self.builtin_iter_next(id)),
        }
    }

    /// The next value of an iterator over a list or an array.
    fn builtin_iter_next(&mut self, id: ObjId) -> Option<Value> {
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
            ObjKind::Array(items) => items.get(index).map(read_slot),
            _ => None,
        }?;
        Some(match kind {
            IterKind::Values => item,
            IterKind::Keys => Value::Num(index as f64),
            IterKind::Entries => Value::Obj(self.alloc(ObjKind::array(vec![Value::Num(index as f64), item]))),
        })
    }

    /// The next live entry of a Map or Set: deleted entries are skipped, added ones visited.
    pub(super) fn map_iter_next(&mut self, it: ObjId) -> Option<Value> {
        let ObjKind::Iterator(IterState::Map { map, mut cursor, kind }) = self.heap[it].kind else { return None };
        let entry = match &self.heap[map].kind {
            ObjKind::Map(m) => m.next(&mut cursor),
            _ => None,
        };
        if let ObjKind::Iterator(IterState::Map { cursor: c, .. }) = &mut self.heap[it].kind {
            *c = cursor;
        }
        let (k, v) = entry?;
        Some(match kind {
            IterKind::Keys => k,
            IterKind::Values => v,
            IterKind::Entries => Value::Obj(self.alloc(ObjKind::array(vec![k, v]))),
        })
    }

    pub(super) fn array_items(&self, v: &Value) -> Vec<Value> {
        match v.as_obj().map(|id| &self.heap[id].kind) {
            Some(ObjKind::Array(items)) => read_all(items),
            _ => Vec::new(),
        }
    }

    /// Own enumerable string keys in JavaScript's order (integer keys first), and with
    /// `inherited` those of the prototypes too (`for ... in`).
    pub(super) fn enumerable_keys(&self, v: &Value, inherited: bool) -> Vec<String> {
        let mut keys: Vec<String> = Vec::new();
        // The keys so far, once a second source of keys (an array's elements, a prototype)
        // could repeat one: the properties of one object have distinct keys.
        let mut seen: Option<HashSet<String>> = None;
        match v {
            Value::Str(s) => return (0..s.chars().count()).map(|i| i.to_string()).collect(),
            Value::Obj(id) => {
                let mut current = Some(*id);
                let mut depth = 0;
                while let Some(o) = current {
                    let obj = &self.heap[o];
                    if let ObjKind::Array(items) = &obj.kind {
                        keys.extend(items.iter().enumerate().filter(|(_, e)| e.is_some()).map(|(i, _)| i.to_string()));
                    }
                    if seen.is_none() && !keys.is_empty() {
                        seen = Some(keys.iter().cloned().collect());
                    }
                    let mut own: Vec<&Property> = obj.props.iter().filter(|p| p.enumerable).collect();
                    own.sort_by_key(|p| array_index(&p.key).map_or((1, 0), |i| (0, i)));
                    for p in own {
                        if seen.as_mut().is_none_or(|seen| seen.insert(p.key.to_string())) {
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
    pub(super) fn has_property(&mut self, key: &str, obj: &Value) -> Result<bool, Abrupt> {
        let Value::Obj(mut id) = obj.clone() else {
            let shown = self.to_display(obj);
            return Err(self.type_error(format!("Cannot use 'in' operator to search for '{key}' in {shown}")).into());
        };
        for _ in 0..MAX_PROTO_CHAIN {
            if let ObjKind::Array(items) = &self.heap[id].kind {
                if key == "length" || array_index(key).is_some_and(|i| matches!(items.get(i), Some(Some(_)))) {
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

    pub(super) fn key_of(&self, v: &Value) -> String {
        match v {
            Value::Num(n) => number_to_string(*n),
            other => self.to_string(other),
        }
    }

    pub(super) fn type_of(&self, v: &Value) -> &'static str {
        match v {
            Value::Undefined => "undefined",
            Value::Null => "object",
            Value::Bool(_) => "boolean",
            Value::Num(_) => "number",
            Value::Str(_) => "string",
            Value::Obj(_) if self.is_callable(v) => "function",
            Value::Obj(_) if self.symbol_of(v).is_some() => "symbol",
            Value::Obj(_) => "object",
        }
    }

    pub(super) fn is_callable(&self, v: &Value) -> bool {
        matches!(v, Value::Obj(id) if matches!(self.heap[*id].kind, ObjKind::Function(_)))
    }

    pub(super) fn is_promise(&self, v: &Value) -> bool {
        matches!(v, Value::Obj(id) if matches!(self.heap[*id].kind, ObjKind::Promise(_)))
    }
}
