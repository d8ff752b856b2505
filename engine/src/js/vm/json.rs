//! JSON.parse (https://tc39.es/ecma262/#sec-json.parse), with V8's SyntaxError messages: the
//! position-naming ones (`Expected property name or '}' in JSON at position 1`) where its parser
//! expects a particular character, and `Unexpected token` with a window of the source elsewhere;
//! and JSON.stringify (https://tc39.es/ecma262/#sec-json.stringify). Both keep the arrays and
//! objects they are inside on stacks of their own, so nesting costs no Rust stack.

use std::collections::HashSet;

use super::super::value::*;
use super::{Abrupt, Vm};

/// Why a text is not JSON, and where (a character index).
enum Fault {
    /// V8's message for a particular expectation, to which the position is appended.
    At(&'static str, usize),
    /// A character (or the end) where no value can start.
    Unexpected(usize),
    /// `01`: a number where the first one had to end.
    UnexpectedNumber(usize),
}

/// An array or object the parser is inside: the elements so far, or the object and the name
/// of the member whose value comes next.
enum Open {
    Array(Vec<Value>),
    Object(ObjId, String),
}

struct Parser<'a> {
    chars: Vec<char>,
    i: usize,
    vm: &'a mut Vm,
}

impl Vm {
    /// JSON.parse(text, reviver).
    pub(super) fn json_parse(&mut self, text: &str, reviver: &Value) -> Result<Value, Abrupt> {
        // The parser reads the text as characters, four bytes each.
        self.room_for(text.len() * std::mem::size_of::<char>())?;
        let mut p = Parser { chars: text.chars().collect(), i: 0, vm: self };
        let parsed = p.document();
        let chars = std::mem::take(&mut p.chars);
        let value = match parsed {
            Ok(v) => v,
            Err(Ok(fault)) => {
                let message = fault_message(&fault, &chars, text);
                return Err(self.error_value("SyntaxError", &message).into());
            }
            Err(Err(abrupt)) => return Err(abrupt),
        };
        if !self.is_callable(reviver) {
            return Ok(value);
        }
        let root = self.alloc(ObjKind::Plain);
        self.set_prop(root, "", value);
        self.internalize(reviver, root)
    }

    /// InternalizeJSONProperty (https://tc39.es/ecma262/#sec-internalizejsonproperty): the
    /// reviver sees every value after its members, with its holder as `this`; a member it turns
    /// into undefined is deleted. The values being walked are kept on a stack of this
    /// function's own; one nested deeper than `MAX_REVIVE_DEPTH` is a RangeError, as in Node.
    fn internalize(&mut self, reviver: &Value, root: ObjId) -> Result<Value, Abrupt> {
        let mut walk = vec![self.revive_enter(root, String::new())?];
        loop {
            let top = walk.last_mut().expect("the walk ends when the root is revived");
            if let (Some(key), Value::Obj(holder)) = (top.keys.get(top.next), &top.value) {
                let (key, holder) = (key.clone(), *holder);
                top.next += 1;
                if walk.len() >= MAX_REVIVE_DEPTH {
                    return Err(self.error_value("RangeError", "Maximum call stack size exceeded").into());
                }
                let member = self.revive_enter(holder, key)?;
                walk.push(member);
                continue;
            }
            let done = walk.pop().expect("the top was there");
            let key = self.new_string(&done.key);
            let revived = self.call(reviver, Value::Obj(done.holder), vec![key, done.value])?;
            if walk.is_empty() {
                return Ok(revived);
            }
            let holder = Value::Obj(done.holder);
            if revived == Value::Undefined {
                self.delete_prop(&holder, &done.key, false)?;
            } else {
                self.put_prop(&holder, &done.key, revived)?;
            }
        }
    }

    /// The start of reviving `holder[key]`: its value, and the keys of its members.
    fn revive_enter(&mut self, holder: ObjId, key: String) -> Result<Revived, Abrupt> {
        self.charge()?;
        let value = self.get_prop(&Value::Obj(holder), &key)?;
        let keys = match &value {
            Value::Obj(id) => match &self.heap[*id].kind {
                ObjKind::Array(items) => (0..items.len()).map(|i| i.to_string()).collect(),
                _ => self.enumerable_keys(&value, false),
            },
            _ => Vec::new(),
        };
        Ok(Revived { holder, key, value, keys, next: 0 })
    }
}

/// Values nested deeper than this are a RangeError when a reviver walks them: V8 walks them
/// by recursion, and in Node 20 a program's top level reaches this depth, no deeper (2,727
/// nested arrays; less from inside deep calls).
const MAX_REVIVE_DEPTH: usize = 2727;

/// A value the reviver walk is inside: where it was read, and the members still to revive.
struct Revived {
    holder: ObjId,
    key: String,
    value: Value,
    keys: Vec<String>,
    next: usize,
}

/// Arrays and objects nested deeper than this are a RangeError for JSON.stringify: V8 writes
/// them by recursion, and in Node 20 a program's top level reaches this depth, no deeper (4,184
/// nested arrays or objects; less from inside deep calls).
const MAX_STRINGIFY_DEPTH: usize = 4184;

/// An array or object JSON.stringify is writing: the members it has, how many it has written
/// and how many it has taken (a member of an object with no JSON is left out).
struct Writing {
    id: ObjId,
    /// An object's keys; `None` for an array, whose length was read when it opened.
    keys: Option<Vec<String>>,
    len: usize,
    next: usize,
    written: usize,
}

impl Vm {
    /// JSON.stringify(value, undefined, gap): the text, or `None` where JSON has no value
    /// (undefined, a function, a symbol). Written into one string as it goes, each value by
    /// SerializeJSONProperty (§25.5.2.2): its `toJSON` is called once, with its key.
    pub(super) fn json_stringify(&mut self, root: Value, gap: &str) -> Result<Option<String>, Abrupt> {
        let mut out = String::new();
        let mut open: Vec<Writing> = Vec::new();
        let mut inside: HashSet<ObjId> = HashSet::new();
        // The value to write next, its key, and where its member's text began in `out`.
        let mut next = Some((root, Key::Name(String::new()), 0));
        let mut check_at = 0;
        loop {
            self.room_for_growing(out.len(), &mut check_at, || out.encode_utf16().count())?;
            if let Some((value, key, start)) = next.take() {
                self.charge()?;
                let value = self.after_to_json(value, &key)?;
                let in_object = open.last().is_some_and(|w| w.keys.is_some());
                match json_text(&value, &self.heap) {
                    Json::Text(text) => out.push_str(&text),
                    Json::Quoted(s) => quote_into(&mut out, s),
                    Json::Nothing if open.is_empty() => return Ok(None),
                    // An object leaves the member out; an array writes null.
                    Json::Nothing if in_object => {
                        out.truncate(start);
                        continue;
                    }
                    Json::Nothing => out.push_str("null"),
                    Json::Open(id) => {
                        if inside.contains(&id) {
                            return Err(self.type_error("Converting circular structure to JSON".into()).into());
                        }
                        if open.len() >= MAX_STRINGIFY_DEPTH {
                            return Err(self.error_value("RangeError", "Maximum call stack size exceeded").into());
                        }
                        let (keys, len) = match &self.heap[id].kind {
                            ObjKind::Array(items) => (None, items.len()),
                            _ => {
                                let keys = self.enumerable_keys(&value, false);
                                let len = keys.len();
                                (Some(keys), len)
                            }
                        };
                        if let Some(parent) = open.last_mut() {
                            parent.written += 1;
                        }
                        out.push(if keys.is_some() { '{' } else { '[' });
                        inside.insert(id);
                        open.push(Writing { id, keys, len, next: 0, written: 0 });
                        continue;
                    }
                }
                if let Some(parent) = open.last_mut() {
                    parent.written += 1;
                }
            }
            let depth = open.len();
            let Some(top) = open.last_mut() else { return Ok(Some(out)) };
            if top.next == top.len {
                let array = top.keys.is_none();
                if top.written > 0 && !gap.is_empty() {
                    out.push('\n');
                    out.push_str(&gap.repeat(depth - 1));
                }
                out.push(if array { ']' } else { '}' });
                inside.remove(&top.id);
                open.pop();
                continue;
            }
            let i = top.next;
            top.next += 1;
            let start = out.len();
            if top.written > 0 {
                out.push(',');
            }
            if !gap.is_empty() {
                out.push('\n');
                out.push_str(&gap.repeat(depth));
            }
            let id = top.id;
            next = Some(match &top.keys {
                // Elements are read as they are reached: a toJSON that changes the array is seen.
                None => {
                    let element = match &self.heap[id].kind {
                        ObjKind::Array(items) => items.get(i).map_or(Value::Undefined, read_slot),
                        _ => Value::Undefined,
                    };
                    (element, Key::Index(i), start)
                }
                Some(keys) => {
                    let key = keys[i].clone();
                    quote_into(&mut out, &key);
                    out.push(':');
                    if !gap.is_empty() {
                        out.push(' ');
                    }
                    (self.get_prop(&Value::Obj(id), &key)?, Key::Name(key), start)
                }
            });
        }
    }

    /// What a value is written as: its `toJSON(key)`'s result, when it is an object with one.
    fn after_to_json(&mut self, value: Value, key: &Key) -> Result<Value, Abrupt> {
        match &value {
            Value::Obj(id) if !matches!(self.heap[*id].kind, ObjKind::Symbol(_)) => {
                let to_json = self.get_prop(&value, "toJSON")?;
                if self.is_callable(&to_json) {
                    let key = match key {
                        Key::Index(i) => Value::str(&i.to_string()),
                        Key::Name(k) => Value::str(k),
                    };
                    return self.call(&to_json, value, vec![key]);
                }
                Ok(value)
            }
            _ => Ok(value),
        }
    }
}

/// The key a value is written under: an array's index, or an object's property name.
enum Key {
    Index(usize),
    Name(String),
}

/// How one value is written.
enum Json<'a> {
    Text(String),
    Quoted(&'a str),
    /// An array or an object: its members follow.
    Open(ObjId),
    /// No JSON: undefined, a function, a symbol.
    Nothing,
}

fn json_text<'a>(value: &'a Value, heap: &[Object]) -> Json<'a> {
    match value {
        Value::Undefined => Json::Nothing,
        Value::Null => Json::Text("null".into()),
        Value::Bool(b) => Json::Text(b.to_string()),
        Value::Num(n) if n.is_finite() => Json::Text(number_to_string(*n)),
        Value::Num(_) => Json::Text("null".into()),
        Value::Str(s) => Json::Quoted(s),
        Value::Obj(id) if matches!(heap[*id].kind, ObjKind::Function(_) | ObjKind::Symbol(_)) => Json::Nothing,
        Value::Obj(id) => Json::Open(*id),
    }
}

/// QuoteJSONString (§25.5.2.3), onto the end of `out`.
fn quote_into(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// V8's text for a fault: the source shown whole when short, else ten characters either side.
fn fault_message(fault: &Fault, chars: &[char], text: &str) -> String {
    const CONTEXT: usize = 10;
    match *fault {
        Fault::At(what, at) => format!("{what} at position {at}"),
        Fault::UnexpectedNumber(at) => format!("Unexpected number in JSON at position {at}"),
        Fault::Unexpected(at) if at >= chars.len() => "Unexpected end of JSON input".to_string(),
        // V8 names the values that print as these when passed to JSON.parse by themselves.
        Fault::Unexpected(_) if matches!(text, "undefined" | "NaN" | "Infinity" | "[object Object]") => {
            format!("\"{text}\" is not valid JSON")
        }
        Fault::Unexpected(at) => {
            let token = chars[at];
            let window = |from: usize, to: usize| chars[from..to.min(chars.len())].iter().collect::<String>();
            let shown = if chars.len() < 2 * CONTEXT + 1 {
                format!("\"{text}\"")
            } else if at < CONTEXT {
                format!("\"{}\"...", window(0, at + CONTEXT))
            } else if at + CONTEXT < chars.len() {
                format!("...\"{}\"...", window(at - CONTEXT, at + CONTEXT))
            } else {
                format!("...\"{}\"", window(at - CONTEXT, chars.len()))
            };
            format!("Unexpected token '{token}', {shown} is not valid JSON")
        }
    }
}

/// A parse step's failure: a fault in the text (Ok) or the machine's own stop (Err).
type Step<T> = Result<T, Result<Fault, Abrupt>>;

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.i).copied()
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(|c| matches!(c, ' ' | '\t' | '\n' | '\r')) {
            self.i += 1;
        }
    }

    fn fault<T>(&self, fault: Fault) -> Step<T> {
        Err(Ok(fault))
    }

    /// Skips whitespace and takes `c`, or fails with V8's message for expecting it.
    fn expect(&mut self, c: char, what: &'static str) -> Step<()> {
        self.skip_ws();
        if self.peek() == Some(c) {
            self.i += 1;
            Ok(())
        } else {
            self.fault(Fault::At(what, self.i))
        }
    }

    fn document(&mut self) -> Step<Value> {
        let v = self.value()?;
        self.skip_ws();
        if self.i < self.chars.len() {
            return self.fault(Fault::At("Unexpected non-whitespace character after JSON", self.i));
        }
        Ok(v)
    }

    /// One value, however deeply its arrays and objects nest: the ones still open are kept on
    /// a stack of this function's own, not on Rust's (V8 parses any depth too:
    /// `JSON.parse('['.repeat(1e6) + ']'.repeat(1e6))` succeeds in Node 20).
    fn value(&mut self) -> Step<Value> {
        let mut open: Vec<Open> = Vec::new();
        loop {
            // A value starts here: a primitive, or an array or object that opens.
            self.vm.charge().map_err(Err)?;
            self.skip_ws();
            let mut done = match self.peek() {
                Some('[') => {
                    self.i += 1;
                    self.skip_ws();
                    if self.peek() == Some(']') {
                        self.i += 1;
                        self.vm.array_of(Vec::new())
                    } else {
                        open.push(Open::Array(Vec::new()));
                        continue;
                    }
                }
                Some('{') => {
                    self.i += 1;
                    let obj = self.vm.alloc(ObjKind::Plain);
                    self.skip_ws();
                    match self.peek() {
                        Some('}') => {
                            self.i += 1;
                            Value::Obj(obj)
                        }
                        Some('"') => {
                            let key = self.member_name()?;
                            open.push(Open::Object(obj, key));
                            continue;
                        }
                        _ => return self.fault(Fault::At("Expected property name or '}' in JSON", self.i)),
                    }
                }
                Some('"') => {
                    let text = self.string()?;
                    self.vm.new_string(&text)
                }
                Some('t') => self.word("true", Value::Bool(true))?,
                Some('f') => self.word("false", Value::Bool(false))?,
                Some('n') => self.word("null", Value::Null)?,
                Some(c) if c == '-' || c.is_ascii_digit() => self.number()?,
                _ => return self.fault(Fault::Unexpected(self.i)),
            };
            // The value is complete: it goes into the array or object open around it, which may
            // end here too, and so on outwards.
            loop {
                let Some(parent) = open.last_mut() else { return Ok(done) };
                self.skip_ws();
                match parent {
                    Open::Array(items) => {
                        items.push(done);
                        match self.peek() {
                            Some(',') => self.i += 1,
                            Some(']') => {
                                self.i += 1;
                                let Some(Open::Array(items)) = open.pop() else { unreachable!("the parent is an array") };
                                done = self.vm.array_of(items);
                                continue;
                            }
                            _ => return self.fault(Fault::At("Expected ',' or ']' after array element in JSON", self.i)),
                        }
                    }
                    Open::Object(obj, key) => {
                        let obj = *obj;
                        let key = std::mem::take(key);
                        self.vm.set_prop(obj, &key, done);
                        match self.peek() {
                            Some(',') => {
                                self.i += 1;
                                self.skip_ws();
                                if self.peek() != Some('"') {
                                    return self.fault(Fault::At("Expected double-quoted property name in JSON", self.i));
                                }
                                let key = self.member_name()?;
                                if let Some(Open::Object(_, k)) = open.last_mut() {
                                    *k = key;
                                }
                            }
                            Some('}') => {
                                self.i += 1;
                                open.pop();
                                done = Value::Obj(obj);
                                continue;
                            }
                            _ => return self.fault(Fault::At("Expected ',' or '}' after property value in JSON", self.i)),
                        }
                    }
                }
                // A comma: the next member's value starts.
                break;
            }
        }
    }

    /// A member's name and the colon after it.
    fn member_name(&mut self) -> Step<String> {
        let key = self.string()?;
        self.expect(':', "Expected ':' after property name in JSON")?;
        Ok(key)
    }

    /// `true`, `false`, `null`: the first character that differs is the unexpected one.
    fn word(&mut self, word: &str, value: Value) -> Step<Value> {
        for expected in word.chars() {
            if self.peek() != Some(expected) {
                return self.fault(Fault::Unexpected(self.i));
            }
            self.i += 1;
        }
        Ok(value)
    }

    fn digits(&mut self) -> usize {
        let start = self.i;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.i += 1;
        }
        self.i - start
    }

    /// A number: `-`? (`0` | digits) (`.` digits)? ([eE] [+-]? digits)?
    fn number(&mut self) -> Step<Value> {
        let start = self.i;
        if self.peek() == Some('-') {
            self.i += 1;
            if !self.peek().is_some_and(|c| c.is_ascii_digit()) {
                return self.fault(Fault::At("No number after minus sign in JSON", self.i));
            }
        }
        if self.peek() == Some('0') {
            self.i += 1;
            if self.peek().is_some_and(|c| c.is_ascii_digit()) {
                return self.fault(Fault::UnexpectedNumber(self.i));
            }
        } else {
            self.digits();
        }
        if self.peek() == Some('.') {
            self.i += 1;
            if self.digits() == 0 {
                return self.fault(Fault::At("Unterminated fractional number in JSON", self.i));
            }
        }
        if matches!(self.peek(), Some('e' | 'E')) {
            self.i += 1;
            if matches!(self.peek(), Some('+' | '-')) {
                self.i += 1;
            }
            if self.digits() == 0 {
                return self.fault(Fault::At("Exponent part is missing a number in JSON", self.i));
            }
        }
        let text: String = self.chars[start..self.i].iter().collect();
        Ok(Value::Num(text.parse::<f64>().unwrap_or(f64::NAN)))
    }

    fn string(&mut self) -> Step<String> {
        self.i += 1;
        let mut out = String::new();
        loop {
            match self.peek() {
                None => return self.fault(Fault::At("Unterminated string in JSON", self.i)),
                Some('"') => {
                    self.i += 1;
                    return Ok(out);
                }
                Some('\\') => {
                    self.i += 1;
                    out.push(self.escape()?);
                }
                Some(c) if (c as u32) < 0x20 => return self.fault(Fault::At("Bad control character in string literal in JSON", self.i)),
                Some(c) => {
                    out.push(c);
                    self.i += 1;
                }
            }
        }
    }

    /// The character after a backslash, and what it stands for.
    fn escape(&mut self) -> Step<char> {
        let c = self.peek();
        self.i += 1;
        Ok(match c {
            None => return self.fault(Fault::Unexpected(self.chars.len())),
            Some('n') => '\n',
            Some('t') => '\t',
            Some('r') => '\r',
            Some('b') => '\u{8}',
            Some('f') => '\u{c}',
            Some(c @ ('"' | '\\' | '/')) => c,
            Some('u') => {
                let mut code = 0;
                for _ in 0..4 {
                    let Some(digit) = self.peek().and_then(|c| c.to_digit(16)) else {
                        return self.fault(Fault::At("Bad Unicode escape in JSON", self.i));
                    };
                    code = code * 16 + digit;
                    self.i += 1;
                }
                // Strings are UTF-8 here: a lone surrogate becomes U+FFFD.
                char::from_u32(code).unwrap_or('\u{fffd}')
            }
            Some(_) => return self.fault(Fault::At("Bad escaped character in JSON", self.i - 1)),
        })
    }
}
