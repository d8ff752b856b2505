//! Errors the runtime throws, and the conversions between values (ToString, ToNumber,
//! ToPrimitive, equality) that every operation uses.

use super::*;

impl Vm {
    /// An error of one of the built-in kinds, as the runtime throws them.
    pub(super) fn error_value(&mut self, name: &str, message: &str) -> Value {
        let proto = match self.global_value(name) {
            Some(Value::Obj(ctor)) => match self.heap[ctor].own_value("prototype") {
                Some(Value::Obj(p)) => *p,
                _ => self.protos.error,
            },
            _ => self.protos.error,
        };
        let frames = self.capture_frames(None);
        let e = self.alloc_with(ObjKind::Error(frames), Some(proto));
        self.fresh_error = Some((e, self.steps, self.activations.len()));
        self.define_hidden(e, "message", Value::str(message));
        Value::Obj(e)
    }

    /// A data property through the prototype chain, without running getters (for messages).
    pub(super) fn peek_prop(&self, id: ObjId, key: &str) -> Option<Value> {
        super::super::format::lookup(&self.heap, id, key)
    }

    pub(super) fn type_error(&mut self, message: String) -> Value {
        self.error_value("TypeError", &message)
    }

    pub(super) fn describe_thrown(&self, v: &Value) -> String {
        match v {
            Value::Obj(id) if matches!(self.heap[*id].kind, ObjKind::Error(_)) => self.error_text(*id),
            // Node prints a thrown string as it is, anything else as inspect shows it.
            Value::Str(s) => s.to_string(),
            other => format_log_line(&self.heap, std::slice::from_ref(other)),
        }
    }

    pub(super) fn to_display(&self, v: &Value) -> String {
        match v {
            Value::Str(s) => s.to_string(),
            other => format_log_line(&self.heap, std::slice::from_ref(other)),
        }
    }

    pub fn to_string(&self, v: &Value) -> String {
        match v {
            Value::Undefined => "undefined".into(),
            Value::Null => "null".into(),
            Value::Bool(b) => b.to_string(),
            Value::Num(n) => number_to_string(*n),
            Value::Str(s) => s.to_string(),
            Value::Obj(id) => match &self.heap[*id].kind {
                ObjKind::Array(_) => self.array_text(*id),
                ObjKind::Error(_) => self.error_text(*id),
                ObjKind::Symbol(d) => super::super::format::symbol_text(d.as_deref()),
                ObjKind::Promise(_) => "[object Promise]".into(),
                ObjKind::Date(t) => natives::date_string(*t, false),
                ObjKind::Function(_) => "function () { [native code] }".into(),
                _ => "[object Object]".into(),
            },
        }
    }

    /// An array as `join()` makes it: elements separated by commas, holes, undefined and null
    /// as nothing, nested arrays joined in place. An array already being joined further out
    /// joins as nothing (V8's cycle check: `a = [1]; a.push(a); String(a)` is "1,"). Walked
    /// with a stack of its own, so nesting of any depth costs no Rust stack. A text that would
    /// not fit in the heap limit (an array that holds itself or a big string many times) stops
    /// where it passes it, cut short, and the run stops at its next step.
    fn array_text(&self, root: ObjId) -> String {
        let room = self.text_room();
        let mut out = String::new();
        let mut open: HashSet<ObjId> = HashSet::from([root]);
        let mut stack: Vec<(ObjId, usize)> = vec![(root, 0)];
        while let Some((id, i)) = stack.pop() {
            let ObjKind::Array(items) = &self.heap[id].kind else { continue };
            let Some(item) = items.get(i) else {
                open.remove(&id);
                continue;
            };
            if i > 0 {
                out.push(',');
            }
            stack.push((id, i + 1));
            match item {
                None | Some(Value::Undefined | Value::Null) => {}
                Some(Value::Obj(child)) if matches!(self.heap[*child].kind, ObjKind::Array(_)) => {
                    if open.insert(*child) {
                        stack.push((*child, 0));
                    }
                }
                Some(v) => out.push_str(&self.text_of(v)),
            }
            if out.len() > room {
                self.heap_exceeded.set(true);
                break;
            }
        }
        out
    }

    /// `Error.prototype.toString`: "name: message", either part left out when empty.
    pub(super) fn error_text(&self, id: ObjId) -> String {
        let text = |k: &str, default: &str| match self.peek_prop(id, k) {
            Some(Value::Undefined) | None => default.to_string(),
            Some(v) => self.to_string(&v),
        };
        let (name, message) = (text("name", "Error"), text("message", ""));
        match (name.is_empty(), message.is_empty()) {
            (_, true) => name,
            (true, false) => message,
            (false, false) => format!("{name}: {message}"),
        }
    }

    pub(super) fn to_number(&self, v: &Value) -> f64 {
        match v {
            Value::Undefined => f64::NAN,
            Value::Null => 0.0,
            Value::Bool(b) => f64::from(u8::from(*b)),
            Value::Num(n) => *n,
            Value::Str(s) => {
                let t = s.trim();
                if t.is_empty() {
                    0.0
                } else if t == "Infinity" || t == "+Infinity" {
                    f64::INFINITY
                } else if t == "-Infinity" {
                    f64::NEG_INFINITY
                } else if let Some((radix, digits)) = [("0x", 16), ("0X", 16), ("0o", 8), ("0O", 8), ("0b", 2), ("0B", 2)]
                    .iter()
                    .find_map(|(p, r)| t.strip_prefix(p).map(|d| (*r, d)))
                {
                    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
                        f64::NAN
                    } else {
                        digits.chars().fold(0.0, |acc, c| acc * f64::from(radix) + f64::from(c.to_digit(radix).unwrap_or(0)))
                    }
                } else if t.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-')) {
                    t.parse().unwrap_or(f64::NAN)
                } else {
                    f64::NAN
                }
            }
            Value::Obj(_) => {
                let s = self.to_string(v);
                self.to_number(&Value::Str(Rc::from(s.as_str())))
            }
        }
    }

    pub(super) fn strict_equals(a: &Value, b: &Value) -> bool {
        match (a, b) {
            (Value::Num(x), Value::Num(y)) => x == y,
            _ => a == b,
        }
    }

    /// A binary operator on two primitives (the interpreter converts objects first). `Err` only
    /// for a string too long to make.
    pub(super) fn binary(&mut self, op: BinOp, a: Value, b: Value) -> Result<Value, Abrupt> {
        Ok(match op {
            BinOp::Add => {
                if matches!(a, Value::Str(_) | Value::Obj(_)) || matches!(b, Value::Str(_) | Value::Obj(_)) {
                    let (a, b) = (self.text_of(&a), self.text_of(&b));
                    return self.concat(&a, &b);
                }
                Value::Num(self.to_number(&a) + self.to_number(&b))
            }
            BinOp::StrictEq => Value::Bool(Self::strict_equals(&a, &b)),
            BinOp::StrictNe => Value::Bool(!Self::strict_equals(&a, &b)),
            BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
                let ordering = match (&a, &b) {
                    (Value::Str(x), Value::Str(y)) => Some(x.encode_utf16().cmp(y.encode_utf16())),
                    _ => self.to_number(&a).partial_cmp(&self.to_number(&b)),
                };
                let Some(o) = ordering else { return Ok(Value::Bool(false)) };
                Value::Bool(match op {
                    BinOp::Lt => o.is_lt(),
                    BinOp::Le => o.is_le(),
                    BinOp::Gt => o.is_gt(),
                    _ => o.is_ge(),
                })
            }
            BinOp::LooseEq => Value::Bool(self.loose_equals(&a, &b)),
            BinOp::LooseNe => Value::Bool(!self.loose_equals(&a, &b)),
            BinOp::In | BinOp::InstanceOf => unreachable!("the compiler rejects `in` and `instanceof`"),
            // Everything else is arithmetic on the operands' numbers.
            _ => number_binary(op, self.to_number(&a), self.to_number(&b)).unwrap_or(Value::Undefined),
        })
    }

    /// ToString, borrowing what is a string already.
    pub(super) fn text_of<'a>(&self, v: &'a Value) -> std::borrow::Cow<'a, str> {
        match v {
            Value::Str(s) => std::borrow::Cow::Borrowed(&**s),
            other => std::borrow::Cow::Owned(self.to_string(other)),
        }
    }

    /// `a + b` of two strings, made once, checked against the heap limit and V8's longest
    /// string before it is made and counted after.
    pub(super) fn concat(&mut self, a: &str, b: &str) -> Result<Value, Abrupt> {
        let bytes = a.len() + b.len();
        self.room_for_string(bytes, || a.encode_utf16().count() + b.encode_utf16().count())?;
        let mut text = String::with_capacity(bytes);
        text.push_str(a);
        text.push_str(b);
        Ok(self.new_string(&text))
    }

    /// `==`: null and undefined equal each other only; a boolean compares as a number; a number
    /// and a string compare as numbers; an object against a primitive compares as its string.
    pub(super) fn loose_equals(&self, a: &Value, b: &Value) -> bool {
        match (a, b) {
            (Value::Undefined | Value::Null, Value::Undefined | Value::Null) => true,
            (Value::Undefined | Value::Null, _) | (_, Value::Undefined | Value::Null) => false,
            (Value::Obj(x), Value::Obj(y)) => x == y,
            (Value::Bool(_), _) => self.loose_equals(&Value::Num(self.to_number(a)), b),
            (_, Value::Bool(_)) => self.loose_equals(a, &Value::Num(self.to_number(b))),
            (Value::Num(_), Value::Str(_)) | (Value::Str(_), Value::Num(_)) => self.to_number(a) == self.to_number(b),
            (Value::Obj(_), _) => self.loose_equals(&Value::str(&self.to_string(a)), b),
            (_, Value::Obj(_)) => self.loose_equals(a, &Value::str(&self.to_string(b))),
            _ => Self::strict_equals(a, b),
        }
    }
}

/// A binary operator on two numbers, the case most arithmetic is: the same result as
/// `Vm::binary`, without its conversions. `None` for the operators that are not arithmetic.
#[inline]
pub(crate) fn number_binary(op: BinOp, a: f64, b: f64) -> Option<Value> {
    let int = |n: f64| to_int32(n);
    Some(match op {
        BinOp::Add => Value::Num(a + b),
        BinOp::Sub => Value::Num(a - b),
        BinOp::Mul => Value::Num(a * b),
        BinOp::Div => Value::Num(a / b),
        BinOp::Rem => Value::Num(a % b),
        BinOp::Exp => Value::Num(exponent(a, b)),
        // IEEE comparison is JavaScript's for numbers: NaN equals nothing, -0 equals 0.
        BinOp::StrictEq | BinOp::LooseEq => Value::Bool(a == b),
        BinOp::StrictNe | BinOp::LooseNe => Value::Bool(a != b),
        BinOp::Lt => Value::Bool(a < b),
        BinOp::Le => Value::Bool(a <= b),
        BinOp::Gt => Value::Bool(a > b),
        BinOp::Ge => Value::Bool(a >= b),
        BinOp::BitAnd => Value::Num(f64::from(int(a) & int(b))),
        BinOp::BitOr => Value::Num(f64::from(int(a) | int(b))),
        BinOp::BitXor => Value::Num(f64::from(int(a) ^ int(b))),
        BinOp::Shl => Value::Num(f64::from(int(a).wrapping_shl(int(b) as u32 & 31))),
        BinOp::Shr => Value::Num(f64::from(int(a) >> (int(b) as u32 & 31))),
        BinOp::UShr => Value::Num(f64::from((int(a) as u32) >> (int(b) as u32 & 31))),
        BinOp::In | BinOp::InstanceOf => return None,
    })
}
