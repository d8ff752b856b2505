//! `console.log` formatting, following Node's `util.inspect` defaults (depth 2, breakLength 80,
//! compact 3, arrays of more than six items grouped into columns).

use super::value::{number_to_string, Callable, Elem, ObjId, ObjKind, Object, PromiseState, Property, Slot, Value};
use std::rc::Rc;

pub struct Inspector<'a> {
    pub heap: &'a [Object],
    indentation: usize,
    current_depth: usize,
    seen: Vec<ObjId>,
    /// The last `group_array_elements` regrouped its output (so it may not go on one line).
    grouped_last: bool,
}

const BREAK_LENGTH: usize = 80;
const COMPACT: usize = 3;
const MAX_DEPTH: usize = 2;

/// What `console.log(a, b, ...)` prints: strings as they are, everything else inspected.
pub fn format_log_line(heap: &[Object], args: &[Value]) -> String {
    let mut parts = Vec::with_capacity(args.len());
    for a in args {
        match a {
            Value::Str(s) => parts.push(s.to_string()),
            other => parts.push(Inspector { heap, indentation: 0, current_depth: 0, seen: vec![], grouped_last: false }.value(other, 0, true)),
        }
    }
    parts.join(" ")
}

/// A string as inspect quotes it: single quotes unless the text holds one.
pub fn quote(s: &str) -> String {
    let q = if !s.contains('\'') {
        '\''
    } else if !s.contains('"') {
        '"'
    } else if !s.contains('`') && !s.contains("${") {
        '`'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(q);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\u{b}' => out.push_str("\\v"),
            '\\' => out.push_str("\\\\"),
            c if c == q => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => out.push_str(&format!("\\x{:02X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push(q);
    out
}

/// util.inspect prints a key bare when it matches `/^[a-zA-Z_][a-zA-Z_0-9]*$/` (ASCII only: `$`
/// and letters like `ü` are quoted).
fn is_identifier(key: &str) -> bool {
    let mut chars = key.chars();
    matches!(chars.next(), Some(c) if c == '_' || c.is_ascii_alphabetic()) && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
}

/// How a symbol prints: `Symbol(description)`.
pub fn symbol_text(description: Option<&str>) -> String {
    format!("Symbol({})", description.unwrap_or(""))
}

/// An own property named `__proto__` prints as `['__proto__']`, which is how an object literal
/// would have to write it.
fn format_key(key: &str) -> String {
    if key == "__proto__" {
        "['__proto__']".to_string()
    } else if is_identifier(key) {
        key.to_string()
    } else {
        quote(key)
    }
}

impl Inspector<'_> {
    fn value(&mut self, v: &Value, depth: usize, top: bool) -> String {
        match v {
            Value::Undefined => "undefined".into(),
            Value::Null => "null".into(),
            Value::Bool(b) => b.to_string(),
            Value::Num(n) if *n == 0.0 && n.is_sign_negative() => "-0".into(),
            Value::Num(n) => number_to_string(*n),
            Value::Str(s) => {
                let _ = top;
                quote(s)
            }
            Value::Obj(id) => self.object(*id, depth),
        }
    }

    fn object(&mut self, id: ObjId, depth: usize) -> String {
        if self.seen.contains(&id) {
            return "[Circular *1]".into();
        }
        let obj = &self.heap[id];
        if let ObjKind::Symbol(description) = &obj.kind {
            return symbol_text(description.as_deref());
        }
        if let ObjKind::Function(c) = &obj.kind {
            let name = function_name(self.heap, id);
            let base = match c {
                Callable::Closure { class: Some(class), .. } => {
                    let shown = if name.is_empty() { "(anonymous)".to_string() } else { name };
                    match &class.extends_name {
                        Some(parent) => format!("[class {shown} extends {parent}]"),
                        None => format!("[class {shown}]"),
                    }
                }
                Callable::Closure { proto, .. } => {
                    let kind = if proto.is_async { "AsyncFunction" } else { "Function" };
                    if name.is_empty() {
                        format!("[{kind} (anonymous)]")
                    } else {
                        format!("[{kind}: {name}]")
                    }
                }
                Callable::Native(_) if name.is_empty() => "[Function (anonymous)]".to_string(),
                Callable::Native(_) => format!("[Function: {name}]"),
            };
            if !obj.props.iter().any(|p| p.enumerable) {
                return base;
            }
            return self.entries(id, depth, base, ("{", "}"), false);
        }
        if let ObjKind::Error(frames) = &obj.kind {
            let frames = frames.clone();
            return self.error(id, &frames, depth);
        }
        // `Name {` for instances of classes, nothing for plain objects and arrays.
        let prefix = match (&obj.kind, constructor_name(self.heap, id)) {
            (ObjKind::Array(_), Some(n)) if n == "Array" => String::new(),
            (ObjKind::Plain, Some(n)) if n == "Object" => String::new(),
            (ObjKind::Plain | ObjKind::Array(_), Some(n)) => n,
            (ObjKind::Plain, None) if obj.proto.is_none() => "[Object: null prototype]".to_string(),
            _ => String::new(),
        };
        if depth > MAX_DEPTH {
            return match (&obj.kind, prefix.is_empty()) {
                (ObjKind::Array(_), _) => "[Array]".into(),
                (_, true) => "[Object]".into(),
                (_, false) => format!("[{prefix}]"),
            };
        }
        if let ObjKind::Map(m) = &obj.kind {
            let name = constructor_name(self.heap, id).unwrap_or_else(|| if m.is_set { "Set".into() } else { "Map".into() });
            let base = format!("{name}({})", m.size());
            if depth > MAX_DEPTH {
                return format!("[{name}]");
            }
            let entries: Vec<(Value, Value)> = m.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
            let is_set = m.is_set;
            self.seen.push(id);
            let mut output = Vec::new();
            for (k, v) in entries {
                self.indentation += 2;
                let key = self.value(&k, depth + 1, false);
                let item = if is_set { key } else { format!("{key} => {}", self.value(&v, depth + 1, false)) };
                self.indentation -= 2;
                output.push(item);
            }
            self.seen.pop();
            output.extend(self.props(id, depth));
            if output.is_empty() {
                return format!("{base} {{}}");
            }
            self.current_depth = depth;
            return self.reduce_with(output, base, ("{", "}"), depth, false);
        }
        match &obj.kind {
            ObjKind::Date(t) if t.is_nan() => "Invalid Date".into(),
            ObjKind::Date(t) => super::vm::iso_string(*t),
            ObjKind::Iterator(_) => "Object [Iterator] {}".into(),
            ObjKind::Array(_) => self.entries(id, depth, prefix, ("[", "]"), true),
            ObjKind::Plain if !prefix.is_empty() && !obj.props.iter().any(|p| p.enumerable) => format!("{prefix} {{}}"),
            ObjKind::Plain => self.entries(id, depth, prefix, ("{", "}"), false),
            ObjKind::Promise(p) => {
                let (prefix, settled) = match &p.state {
                    PromiseState::Pending => ("<pending>", None),
                    PromiseState::Fulfilled(v) => ("", Some(v.clone())),
                    PromiseState::Rejected(v) => ("<rejected> ", Some(v.clone())),
                };
                let state = match settled {
                    None => prefix.to_string(),
                    Some(v) => {
                        self.seen.push(id);
                        self.indentation += 2;
                        let s = self.value(&v, depth + 1, false);
                        self.indentation -= 2;
                        self.seen.pop();
                        format!("{prefix}{s}")
                    }
                };
                let mut output = vec![state];
                output.extend(self.props(id, depth));
                self.reduce(output, "Promise".into(), ("{", "}"), depth, false)
            }
            _ => self.entries(id, depth, String::new(), ("{", "}"), false),
        }
    }

    /// An error as Node's `formatError` shows it: its stack (`[Name: message]` when it has no
    /// frames), its lines indented to where it stands, then its own enumerable properties, its
    /// `[cause]` and an AggregateError's `[errors]` in braces.
    fn error(&mut self, id: ObjId, frames: &str, depth: usize) -> String {
        let stack = match self.heap[id].own_value("stack") {
            Some(Value::Str(s)) => s.to_string(),
            _ => format!("{}{frames}", self.error_header(id)),
        };
        let stack = if stack.contains("\n    at") { stack } else { format!("[{stack}]") };
        let base = stack.replace('\n', &format!("\n{}", " ".repeat(self.indentation)));
        // Node hides an own `name`, `message` or `stack` the stack already shows.
        let shown_in_stack = |p: &Property| matches!(&p.slot, Slot::Data(Value::Str(s)) if stack.contains(&**s));
        let hidden: Vec<Rc<str>> = self.heap[id]
            .props
            .iter()
            .filter(|p| ["name", "message", "stack"].contains(&&*p.key) && shown_in_stack(p))
            .map(|p| p.key.clone())
            .collect();
        let mut output = self.props_except(id, depth, &hidden);
        for key in ["cause", "errors"] {
            let hidden = self.heap[id].own(key).is_some_and(|p| !p.enumerable);
            if let (true, Some(v)) = (hidden, self.heap[id].own_value(key).cloned()) {
                self.seen.push(id);
                self.indentation += 2;
                let shown = self.value(&v, depth + 1, false);
                self.indentation -= 2;
                self.seen.pop();
                output.push(format!("[{key}]: {shown}"));
            }
        }
        if output.is_empty() {
            return base;
        }
        self.current_depth = depth;
        self.reduce(output, base, ("{", "}"), depth, false)
    }

    /// `Name: message`, or the one that is not empty.
    fn error_header(&self, id: ObjId) -> String {
        let text = |k: &str| match lookup(self.heap, id, k) {
            Some(Value::Str(s)) => Some(s.to_string()),
            _ => None,
        };
        let name = text("name").unwrap_or_else(|| "Error".into());
        let message = text("message").unwrap_or_default();
        if message.is_empty() {
            name
        } else {
            format!("{name}: {message}")
        }
    }

    fn props(&mut self, id: ObjId, depth: usize) -> Vec<String> {
        self.props_except(id, depth, &[])
    }

    /// The own enumerable properties but those keyed `skip`, formatted.
    fn props_except(&mut self, id: ObjId, depth: usize, skip: &[Rc<str>]) -> Vec<String> {
        let props: Vec<Property> = self.heap[id].props.iter().filter(|p| p.enumerable && !skip.contains(&p.key)).cloned().collect();
        // Integer-like keys come first, in ascending order, as JavaScript orders them.
        let mut ordered: Vec<&Property> = props.iter().filter(|p| array_index(&p.key).is_some()).collect();
        ordered.sort_by_key(|p| array_index(&p.key));
        ordered.extend(props.iter().filter(|p| array_index(&p.key).is_none()));
        let mut out = Vec::new();
        self.seen.push(id);
        for p in ordered {
            let s = match &p.slot {
                Slot::Data(v) => {
                    self.indentation += 2;
                    let s = self.value(v, depth + 1, false);
                    self.indentation -= 2;
                    s
                }
                Slot::Accessor { get, set } => match (get != &Value::Undefined, set != &Value::Undefined) {
                    (true, true) => "[Getter/Setter]".to_string(),
                    (true, false) => "[Getter]".to_string(),
                    _ => "[Setter]".to_string(),
                },
            };
            out.push(format!("{}: {s}", format_key(&p.key)));
        }
        // Then the enumerable symbol-keyed ones, as `[Symbol(description)]: value`.
        let symbol_props: Vec<(ObjId, Value)> = self.heap[id]
            .symbol_props
            .iter()
            .filter(|p| p.enumerable)
            .map(|p| (p.symbol, if let Slot::Data(v) = &p.slot { v.clone() } else { Value::Undefined }))
            .collect();
        for (symbol, v) in symbol_props {
            let key = match &self.heap[symbol].kind {
                ObjKind::Symbol(d) => symbol_text(d.as_deref()),
                _ => String::new(),
            };
            self.indentation += 2;
            let s = self.value(&v, depth + 1, false);
            self.indentation -= 2;
            out.push(format!("[{key}]: {s}"));
        }
        self.seen.pop();
        out
    }

    fn entries(&mut self, id: ObjId, depth: usize, base: String, braces: (&str, &str), is_array: bool) -> String {
        self.current_depth = depth;
        let mut output = Vec::new();
        if let ObjKind::Array(items) = &self.heap[id].kind {
            let items = items.clone();
            self.seen.push(id);
            self.array_items(&items, depth, &mut output);
            self.seen.pop();
        }
        output.extend(self.props(id, depth));
        if output.is_empty() {
            return if base.is_empty() { format!("{}{}", braces.0, braces.1) } else { base };
        }
        let output = if is_array && output.len() > 6 { self.group_array_elements(output, id) } else { output };
        self.reduce_with(output, base, braces, depth, is_array)
    }

    /// An array's slots as Node's `formatArray` shows them: at most 100 entries, a run of
    /// holes as one `<N empty items>` entry, then `... N more items` for what is left.
    fn array_items(&mut self, items: &[Elem], depth: usize, output: &mut Vec<String>) {
        let max = items.len().min(100);
        let mut index = 0;
        while index < items.len() && output.len() < max {
            match &items[index] {
                Some(v) => {
                    self.indentation += 2;
                    output.push(self.value(v, depth + 1, false));
                    self.indentation -= 2;
                    index += 1;
                }
                None => {
                    let run = items[index..].iter().take_while(|e| e.is_none()).count();
                    output.push(format!("<{run} empty item{}>", if run > 1 { "s" } else { "" }));
                    index += run;
                }
            }
        }
        let more = items.len() - index;
        if more > 0 {
            output.push(format!("... {more} more item{}", if more > 1 { "s" } else { "" }));
        }
    }

    fn reduce(&mut self, output: Vec<String>, base: String, braces: (&str, &str), depth: usize, is_array: bool) -> String {
        self.current_depth = self.current_depth.max(depth);
        self.reduce_with(output, base, braces, depth, is_array)
    }

    fn reduce_with(&mut self, output: Vec<String>, base: String, braces: (&str, &str), depth: usize, _is_array: bool) -> String {
        let entries = output.len();
        let grouped = self.grouped_last;
        self.grouped_last = false;
        if self.current_depth - depth < COMPACT && !grouped {
            let start = output.len() + self.indentation + braces.0.len() + base.len() + 10;
            if self.is_below_break_length(&output, start, &base) {
                let joined = output.join(", ");
                if !joined.contains('\n') {
                    let prefix = if base.is_empty() { String::new() } else { format!("{base} ") };
                    return format!("{prefix}{} {joined} {}", braces.0, braces.1);
                }
            }
        }
        let _ = entries;
        let indentation = format!("\n{}", " ".repeat(self.indentation));
        let prefix = if base.is_empty() { String::new() } else { format!("{base} ") };
        format!("{prefix}{}{indentation}  {}{indentation}{}", braces.0, output.join(&format!(",{indentation}  ")), braces.1)
    }

    fn is_below_break_length(&self, output: &[String], start: usize, base: &str) -> bool {
        let mut total = output.len() + start;
        if total + output.len() > BREAK_LENGTH {
            return false;
        }
        for o in output {
            total += o.chars().count();
            if total > BREAK_LENGTH {
                return false;
            }
        }
        base.is_empty() || !base.contains('\n')
    }

    /// Lays out many short array items in aligned columns, as Node does.
    fn group_array_elements(&mut self, output: Vec<String>, id: ObjId) -> Vec<String> {
        let mut total_length = 0usize;
        let mut max_length = 0usize;
        let mut output_length = output.len();
        if output.last().is_some_and(|o| o.starts_with("... ") && o.contains(" more item")) {
            output_length -= 1;
        }
        let separator_space = 2;
        let data_len: Vec<usize> = output.iter().map(|o| o.chars().count()).collect();
        for len in &data_len[..output_length] {
            total_length += len + separator_space;
            max_length = max_length.max(*len);
        }
        let actual_max = max_length + separator_space;
        if actual_max * 3 + self.indentation < BREAK_LENGTH
            && (total_length as f64 / actual_max as f64 > 5.0 || max_length <= 6)
        {
            let approx_char_heights = 2.5;
            let average_bias = (actual_max as f64 - total_length as f64 / output.len() as f64).sqrt();
            let biased_max = (actual_max as f64 - 3.0 - average_bias).max(1.0);
            let columns = [
                ((approx_char_heights * biased_max * output_length as f64).sqrt() / biased_max).round() as usize,
                (BREAK_LENGTH - self.indentation) / actual_max,
                COMPACT * 4,
                15,
            ]
            .into_iter()
            .min()
            .unwrap();
            if columns <= 1 {
                return output;
            }
            let mut max_line_length = Vec::new();
            for i in 0..columns {
                let mut line_length = 0;
                let mut j = i;
                // Node measures the entries only, not a closing `... more items`.
                while j < output_length {
                    line_length = line_length.max(data_len[j]);
                    j += columns;
                }
                max_line_length.push(line_length + separator_space);
            }
            let numbers_only = match &self.heap[id].kind {
                // Node looks at as many slots as there are entries.
                ObjKind::Array(items) => (0..output.len()).all(|i| matches!(items.get(i), Some(Some(Value::Num(_))))),
                _ => false,
            };
            let mut tmp = Vec::new();
            let mut i = 0;
            while i < output_length {
                let max = (i + columns).min(output_length);
                let mut line = String::new();
                let mut j = i;
                while j < max - 1 {
                    let cell = format!("{}, ", output[j]);
                    line.push_str(&pad(&cell, max_line_length[j - i], numbers_only));
                    j += 1;
                }
                if numbers_only {
                    line.push_str(&pad(&output[j], max_line_length[j - i] - separator_space, true));
                } else {
                    line.push_str(&output[j]);
                }
                tmp.push(line);
                i += columns;
            }
            if output_length < output.len() {
                tmp.push(output[output_length].clone());
            }
            self.grouped_last = true;
            return tmp;
        }
        output
    }
}

fn pad(s: &str, width: usize, start: bool) -> String {
    let len = s.chars().count();
    if len >= width {
        return s.to_string();
    }
    let fill = " ".repeat(width - len);
    if start {
        format!("{fill}{s}")
    } else {
        format!("{s}{fill}")
    }
}

fn array_index(key: &str) -> Option<u32> {
    if key == "0" || (!key.starts_with('0') && !key.is_empty() && key.chars().all(|c| c.is_ascii_digit())) {
        key.parse().ok()
    } else {
        None
    }
}

/// A data property, own or inherited (accessors are not run by inspect).
pub fn lookup(heap: &[Object], mut id: ObjId, key: &str) -> Option<Value> {
    for _ in 0..10_000 {
        let obj = &heap[id];
        match obj.own(key).map(|p| &p.slot) {
            Some(Slot::Data(v)) => return Some(v.clone()),
            Some(Slot::Accessor { .. }) => return None,
            None => id = obj.proto?,
        }
    }
    None
}

/// A function's name: its own `name` property when it has one, else the name it was made with.
pub fn function_name(heap: &[Object], id: ObjId) -> String {
    if let Some(Value::Str(s)) = heap[id].own_value("name") {
        return s.to_string();
    }
    match &heap[id].kind {
        ObjKind::Function(Callable::Closure { proto, .. }) => proto.name.to_string(),
        ObjKind::Function(Callable::Native(super::value::Native::Builtin(b))) => super::builtins::name(*b).to_string(),
        ObjKind::Function(Callable::Native(n)) => native_name(n).to_string(),
        _ => String::new(),
    }
}

/// The name of the constructor an object was made by, found through its prototype chain as
/// inspect finds it: the first `constructor` property that is a function.
pub fn constructor_name(heap: &[Object], id: ObjId) -> Option<String> {
    let mut current = heap[id].proto;
    for _ in 0..10_000 {
        let p = current?;
        if let Some(Value::Obj(c)) = heap[p].own_value("constructor") {
            if matches!(heap[*c].kind, ObjKind::Function(_)) {
                return Some(function_name(heap, *c));
            }
        }
        current = heap[p].proto;
    }
    None
}

fn native_name(n: &super::value::Native) -> &'static str {
    use super::value::Native::*;
    match n {
        ConsoleLog => "log",
        ConsoleError => "error",
        SetTimeout { repeat: false } => "setTimeout",
        SetTimeout { repeat: true } => "setInterval",
        ClearTimer => "clearTimeout",
        SetImmediate => "setImmediate",
        ClearImmediate => "clearImmediate",
        NextTick => "nextTick",
        QueueMicrotask => "queueMicrotask",
        Require => "require",
        ReadFile => "readFile",
        PromiseResolve => "resolve",
        PromiseReject => "reject",
        Then => "then",
        Catch => "catch",
        Finally => "finally",
        ArrayPush => "push",
        _ => "",
    }
}
