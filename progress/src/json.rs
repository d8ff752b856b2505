//! Just enough JSON for the progress document, written by hand.
//!
//! serde's derived readers and writers for the document's types cost the page's wasm about
//! 35 KiB gzip (measured with the derives in place); this module does the same work for a few.
//! It reads RFC 8259 JSON strictly, as `JSON.parse` does (no comments, no trailing commas, no control
//! characters inside strings, nothing after the value), with a nesting limit, and writes the
//! document compact or pretty-printed with two spaces, escaping what JSON requires.

use std::fmt::Write;

/// The deepest nesting of arrays and objects read; deeper text is refused, not recursed into.
/// (128, the same limit serde_json has.)
pub const MAX_DEPTH: usize = 128;

/// A JSON value. A number keeps its text, so that a whole number of any size reads exactly and
/// the reader decides what range it takes. An object keeps its members in their order, a key
/// given twice included (`get` finds the last, and a map read from it keeps the last).
#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Number(String),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    /// A whole number (no fraction, no exponent) that fits in an `i128`.
    pub fn integer(&self) -> Option<i128> {
        match self {
            Json::Number(text) if !text.contains(['.', 'e', 'E']) => text.parse().ok(),
            _ => None,
        }
    }

    pub fn str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    /// The member `key` of an object (`None` for a missing key or for something else).
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            // Of a key given twice the last one counts, as in JavaScript.
            Json::Object(members) => members.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The JSON text of the value: compact, or with each member on its own line indented by
    /// two spaces per level.
    pub fn to_text(&self, pretty: bool) -> String {
        let mut out = String::new();
        self.write(&mut out, pretty.then_some(0));
        out
    }

    fn write(&self, out: &mut String, indent: Option<usize>) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Number(n) => out.push_str(n),
            Json::String(s) => write_string(out, s),
            Json::Array(items) => write_list(out, '[', ']', items.len(), indent, |out, i, inner| items[i].write(out, inner)),
            Json::Object(members) => write_list(out, '{', '}', members.len(), indent, |out, i, inner| {
                write_string(out, &members[i].0);
                out.push_str(if inner.is_some() { ": " } else { ":" });
                members[i].1.write(out, inner);
            }),
        }
    }
}

fn write_list(out: &mut String, open: char, close: char, len: usize, indent: Option<usize>, mut item: impl FnMut(&mut String, usize, Option<usize>)) {
    out.push(open);
    let inner = indent.map(|n| n + 1);
    for i in 0..len {
        if i > 0 {
            out.push(',');
        }
        newline(out, inner);
        item(out, i, inner);
    }
    if len > 0 {
        newline(out, indent);
    }
    out.push(close);
}

fn newline(out: &mut String, indent: Option<usize>) {
    if let Some(n) = indent {
        out.push('\n');
        out.extend(std::iter::repeat_n("  ", n));
    }
}

fn write_string(out: &mut String, s: &str) {
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
            c if c < ' ' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Reads one JSON value that makes up the whole of `text` (whitespace around it aside). The
/// error says what was wrong and where, as "… at line L column C".
pub fn parse(text: &str) -> Result<Json, String> {
    let mut p = Parser { bytes: text.as_bytes(), at: 0, text };
    let value = p.value(0)?;
    p.skip_space();
    if p.at < p.bytes.len() {
        return Err(p.error("text after the end of the value"));
    }
    Ok(value)
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
}

impl Parser<'_> {
    fn error(&self, what: &str) -> String {
        let before = &self.text.as_bytes()[..self.at.min(self.bytes.len())];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let column = before.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
        format!("{what} at line {line} column {column}")
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn skip_space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn eat(&mut self, b: u8) -> bool {
        let found = self.peek() == Some(b);
        self.at += usize::from(found);
        found
    }

    fn value(&mut self, depth: usize) -> Result<Json, String> {
        self.skip_space();
        match self.peek() {
            None => Err(self.error("the text ends where a value should be")),
            Some(b'{') | Some(b'[') if depth >= MAX_DEPTH => Err(self.error("nesting deeper than 128 levels")),
            Some(b'{') => {
                self.at += 1;
                let mut members = Vec::new();
                self.skip_space();
                if !self.eat(b'}') {
                    loop {
                        self.skip_space();
                        if self.peek() != Some(b'"') {
                            return Err(self.error("expected a key in quotes"));
                        }
                        let key = self.string()?;
                        self.skip_space();
                        if !self.eat(b':') {
                            return Err(self.error("expected `:`"));
                        }
                        members.push((key, self.value(depth + 1)?));
                        self.skip_space();
                        if self.eat(b'}') {
                            break;
                        }
                        if !self.eat(b',') {
                            return Err(self.error("expected `,` or `}`"));
                        }
                    }
                }
                Ok(Json::Object(members))
            }
            Some(b'[') => {
                self.at += 1;
                let mut items = Vec::new();
                self.skip_space();
                if !self.eat(b']') {
                    loop {
                        items.push(self.value(depth + 1)?);
                        self.skip_space();
                        if self.eat(b']') {
                            break;
                        }
                        if !self.eat(b',') {
                            return Err(self.error("expected `,` or `]`"));
                        }
                    }
                }
                Ok(Json::Array(items))
            }
            Some(b'"') => self.string().map(Json::String),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => {
                for (word, value) in [("null", Json::Null), ("true", Json::Bool(true)), ("false", Json::Bool(false))] {
                    if self.bytes[self.at..].starts_with(word.as_bytes()) {
                        self.at += word.len();
                        return Ok(value);
                    }
                }
                Err(self.error("expected a value"))
            }
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.at += 1;
        }
        self.at - start
    }

    fn number(&mut self) -> Result<Json, String> {
        let start = self.at;
        self.eat(b'-');
        let first = self.peek();
        let whole = self.digits();
        if whole == 0 || (whole > 1 && first == Some(b'0')) {
            return Err(self.error("a malformed number"));
        }
        if self.eat(b'.') && self.digits() == 0 {
            return Err(self.error("a malformed number"));
        }
        if self.eat(b'e') || self.eat(b'E') {
            let _ = self.eat(b'+') || self.eat(b'-');
            if self.digits() == 0 {
                return Err(self.error("a malformed number"));
            }
        }
        Ok(Json::Number(self.text[start..self.at].to_string()))
    }

    fn hex4(&mut self) -> Result<u32, String> {
        let hex = self.text.get(self.at..self.at + 4).filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()));
        let code = hex.and_then(|h| u32::from_str_radix(h, 16).ok()).ok_or_else(|| self.error("a malformed \\u escape"))?;
        self.at += 4;
        Ok(code)
    }

    /// A string, the parser standing on its opening quote.
    fn string(&mut self) -> Result<String, String> {
        self.at += 1;
        let mut out = String::new();
        loop {
            let start = self.at;
            while matches!(self.peek(), Some(b) if b != b'"' && b != b'\\' && b >= 0x20) {
                self.at += 1;
            }
            // The bytes skipped are whole characters: the loop stops only at ASCII bytes.
            out.push_str(&self.text[start..self.at]);
            match self.peek() {
                None => return Err(self.error("a string is never closed")),
                Some(b'"') => {
                    self.at += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.at += 1;
                    let escaped = self.peek();
                    self.at += 1;
                    let c = match escaped {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            // JSON.parse takes a lone surrogate, which a Rust string cannot hold:
                            // it becomes U+FFFD, as the page's conversion of a JavaScript string
                            // with one does.
                            let high = self.hex4()?;
                            let paired = (0xD800..0xDC00).contains(&high) && self.text[self.at..].starts_with("\\u");
                            let low = if paired { self.text.get(self.at + 2..self.at + 6).and_then(|h| u32::from_str_radix(h, 16).ok()) } else { None };
                            match low.filter(|low| (0xDC00..0xE000).contains(low)) {
                                Some(low) => {
                                    self.at += 6;
                                    char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)).unwrap_or('\u{fffd}')
                                }
                                None => char::from_u32(high).unwrap_or('\u{fffd}'),
                            }
                        }
                        _ => return Err(self.error("an unknown escape")),
                    };
                    out.push(c);
                }
                Some(_) => return Err(self.error("a control character inside a string")),
            }
        }
    }
}
