//! JSON.parse (https://tc39.es/ecma262/#sec-json.parse), with V8's SyntaxError messages: the
//! position-naming ones (`Expected property name or '}' in JSON at position 1`) where its parser
//! expects a particular character, and `Unexpected token` with a window of the source elsewhere.

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

struct Parser<'a> {
    chars: Vec<char>,
    i: usize,
    vm: &'a mut Vm,
}

impl Vm {
    /// JSON.parse(text, reviver).
    pub(super) fn json_parse(&mut self, text: &str, reviver: &Value) -> Result<Value, Abrupt> {
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
        self.internalize(reviver, root, "")
    }

    /// InternalizeJSONProperty (https://tc39.es/ecma262/#sec-internalizejsonproperty): the
    /// reviver sees every value after its members, with its holder as `this`; a member it turns
    /// into undefined is deleted.
    fn internalize(&mut self, reviver: &Value, holder: ObjId, key: &str) -> Result<Value, Abrupt> {
        self.charge()?;
        let value = self.get_prop(&Value::Obj(holder), key)?;
        if let Value::Obj(id) = value {
            let keys: Vec<String> = match &self.heap[id].kind {
                ObjKind::Array(items) => (0..items.len()).map(|i| i.to_string()).collect(),
                _ => self.enumerable_keys(&value, false),
            };
            for k in keys {
                let revived = self.internalize(reviver, id, &k)?;
                if revived == Value::Undefined {
                    self.delete_prop(&value, &k, false)?;
                } else {
                    self.put_prop(&value, &k, revived)?;
                }
            }
        }
        self.call(reviver, Value::Obj(holder), vec![Value::str(key), value])
    }
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

    fn value(&mut self) -> Step<Value> {
        self.vm.charge().map_err(Err)?;
        self.skip_ws();
        match self.peek() {
            Some('{') => self.object(),
            Some('[') => self.array(),
            Some('"') => Ok(Value::str(&self.string()?)),
            Some('t') => self.word("true", Value::Bool(true)),
            Some('f') => self.word("false", Value::Bool(false)),
            Some('n') => self.word("null", Value::Null),
            Some(c) if c == '-' || c.is_ascii_digit() => self.number(),
            _ => self.fault(Fault::Unexpected(self.i)),
        }
    }

    fn object(&mut self) -> Step<Value> {
        self.i += 1;
        let obj = self.vm.alloc(ObjKind::Plain);
        self.skip_ws();
        match self.peek() {
            Some('}') => {
                self.i += 1;
                return Ok(Value::Obj(obj));
            }
            Some('"') => {}
            _ => return self.fault(Fault::At("Expected property name or '}' in JSON", self.i)),
        }
        loop {
            let key = self.string()?;
            self.expect(':', "Expected ':' after property name in JSON")?;
            let v = self.value()?;
            self.vm.set_prop(obj, &key, v);
            self.skip_ws();
            match self.peek() {
                Some(',') => self.i += 1,
                Some('}') => {
                    self.i += 1;
                    return Ok(Value::Obj(obj));
                }
                _ => return self.fault(Fault::At("Expected ',' or '}' after property value in JSON", self.i)),
            }
            self.skip_ws();
            if self.peek() != Some('"') {
                return self.fault(Fault::At("Expected double-quoted property name in JSON", self.i));
            }
        }
    }

    fn array(&mut self) -> Step<Value> {
        self.i += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(']') {
            self.i += 1;
            return Ok(self.vm.array_of(items));
        }
        loop {
            items.push(self.value()?);
            self.skip_ws();
            match self.peek() {
                Some(',') => self.i += 1,
                Some(']') => {
                    self.i += 1;
                    return Ok(self.vm.array_of(items));
                }
                _ => return self.fault(Fault::At("Expected ',' or ']' after array element in JSON", self.i)),
            }
        }
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
