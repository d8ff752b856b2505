//! A syntax highlighter for the TypeScript and JavaScript that lessons show, run at build time.
//!
//! [`tokenize`] cuts a program into [`Token`]s whose texts, put back together, are the program
//! exactly, and gives each a [`Kind`] (its CSS class is [`Kind::class`]). It is a scanner with a
//! little memory, not a parser: whether a `/` starts a regular expression, whether an
//! identifier names a type, a function, a property or a new binding, is decided from the tokens
//! before it and the character after it. That is right for the code lessons are written in and
//! harmless where it is wrong (a colour). It never fails: text it does not understand comes out
//! as plain tokens, an unterminated string or comment runs to the end of its line or of the text.
//! It works in one pass with no recursion (template literals nest on a heap stack), so any
//! input, however deep or long, takes time in proportion to its length.

pub use crate::Lang;

/// What a token is, as far as colour goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Whitespace, ordinary identifiers (variables, parameters) and anything not recognised.
    Plain,
    Keyword,
    /// `true`, `false`, `null`, `undefined`.
    Literal,
    /// Quoted strings and the text parts of template literals (with their backticks).
    String,
    Number,
    Comment,
    Regex,
    /// A type name: after `:`, `<` (type arguments), `implements`, `extends`, `new`, or in
    /// PascalCase; in TypeScript also the built-in types (`number`, `string`, ...).
    Type,
    /// A function name: before `(` (or a tagged template), or after `function`.
    Function,
    /// A property: after `.` or `?.`, a `#private` name, or a member's name in an object literal
    /// or a class, interface or object type.
    Property,
    /// A new binding: the name after `const`, `let`, `var`, `class`, `interface`, `type`, `enum`,
    /// a name a destructuring pattern binds, a name an `import` brings in.
    Definition,
    Operator,
    /// Brackets (type arguments' `<` `>` too), `,` `;` `.` `:` (but a conditional's, an
    /// operator), and the `${` `}` around a template literal's expressions.
    Punctuation,
}

impl Kind {
    /// The CSS class the code view gives this kind (`None` for plain text).
    pub fn class(self) -> Option<&'static str> {
        Some(match self {
            Kind::Plain => return None,
            Kind::Keyword => "tok-kw",
            Kind::Literal => "tok-lit",
            Kind::String => "tok-str",
            Kind::Number => "tok-num",
            Kind::Comment => "tok-com",
            Kind::Regex => "tok-re",
            Kind::Type => "tok-type",
            Kind::Function => "tok-fn",
            Kind::Property => "tok-prop",
            Kind::Definition => "tok-def",
            Kind::Operator => "tok-op",
            Kind::Punctuation => "tok-punc",
        })
    }
}

/// A piece of the program: `text` is a slice of the input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token<'a> {
    pub kind: Kind,
    pub text: &'a str,
}

/// Reserved words and the keywords of expressions, in both languages.
const KEYWORDS: &[&str] = &[
    "async", "await", "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do", "else", "export",
    "extends", "finally", "for", "function", "if", "import", "in", "instanceof", "let", "new", "return", "super", "switch", "this",
    "throw", "try", "typeof", "var", "void", "while", "with", "yield", "static", "get", "set", "of", "from", "as",
];

/// TypeScript's own keywords (identifiers in JavaScript).
const TS_KEYWORDS: &[&str] = &[
    "type", "interface", "implements", "private", "protected", "public", "readonly", "satisfies", "enum", "declare", "namespace",
    "module", "abstract", "keyof", "infer", "is", "asserts", "override", "unique",
];

/// Words that are keywords only where a keyword makes sense: before a name (`get size()`,
/// `private queue`, `type Job =`), and otherwise ordinary identifiers (`map.get(k)`, `{ type }`).
const CONTEXTUAL: &[&str] = &[
    "async", "static", "get", "set", "of", "from", "as", "type", "interface", "implements", "private", "protected", "public",
    "readonly", "satisfies", "enum", "declare", "namespace", "module", "abstract", "keyof", "infer", "is", "asserts", "override",
    "unique",
];

/// Keywords that can stand before a class member's name.
const MODIFIERS: &[&str] = &["static", "private", "protected", "public", "readonly", "declare", "abstract", "override", "get", "set", "async"];

const LITERALS: &[&str] = &["true", "false", "null", "undefined"];

/// TypeScript's built-in type names.
const TS_TYPES: &[&str] = &["number", "string", "boolean", "bigint", "symbol", "object", "unknown", "never", "any"];

/// Keywords after which an expression starts, so a `/` there begins a regular expression.
const BEFORE_EXPRESSION: &[&str] = &[
    "return", "typeof", "case", "do", "else", "in", "of", "new", "delete", "void", "throw", "yield", "await", "instanceof", "extends",
];

/// Operators and punctuation, longest first so that `>>>=` is one token and not `>` `>>=`.
const SYMBOLS: &[&str] = &[
    ">>>=", "===", "!==", "...", ">>>", "<<=", ">>=", "**=", "&&=", "||=", "??=", "=>", "==", "!=", "<=", ">=", "&&", "||", "++", "--",
    "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "??", "?.", "**", "<<", ">>", "{", "}", "(", ")", "[", "]", ";", ",", ".", "?", ":",
    "+", "-", "*", "/", "%", "<", ">", "!", "=", "&", "|", "^", "~", "@",
];


/// Punctuation among [`SYMBOLS`]; the rest are operators.
const PUNCTUATION: &[&str] = &["{", "}", "(", ")", "[", "]", ";", ",", ".", "?.", ":", "..."];

/// How far ahead [`Scanner::generic_call`] and [`Scanner::regex_end`] look, so that no text
/// costs more than linear time.
const LOOKAHEAD: usize = 400;

/// What an open `{` started: a block of statements, an object literal, a body whose
/// `name: T` members are types (a class, an interface, an object type), the `${` of a
/// template literal, whose `}` goes back to the template's text, or a destructuring pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Brace {
    Block,
    Object,
    Typed,
    Interpolation,
    /// A destructuring pattern after `const`, `let` or `var`: its names are new bindings.
    Pattern,
}

/// What a `{` hides until its `}`: counts that belong to the code around it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Outside {
    ternaries: usize,
    type_args: usize,
    parens: usize,
}

/// The last token that was not whitespace or a comment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Prev<'a> {
    kind: Kind,
    text: &'a str,
}

struct Scanner<'a> {
    src: &'a str,
    lang: Lang,
    /// Where the next token starts (always on a character boundary).
    at: usize,
    out: Vec<Token<'a>>,
    prev: Option<Prev<'a>>,
    /// Open braces, innermost last, each with what was pending outside it: conditional `?`s,
    /// type arguments' `<`s, parentheses.
    braces: Vec<(Brace, Outside)>,
    /// `(`s open at the current brace level.
    parens: usize,
    /// Between `import` and its `from` (or `;`): the names are new bindings.
    in_import: bool,
    /// `?`s of conditionals whose `:` has not come yet, at the current brace level.
    ternaries: usize,
    /// Whether the last `:` was a type annotation (not a conditional's, a `case`'s or an
    /// object literal's).
    colon_is_type: bool,
    /// A `class` or `interface` keyword whose body has not opened yet.
    typed_header: bool,
    /// In a `type X = ...` alias: the brace depth it started at.
    type_alias: Option<usize>,
    /// A `case` or `default` whose `:` has not come yet.
    pending_case: bool,
    /// `<`s opened as type arguments whose `>` has not come yet.
    type_args: usize,
    /// Whether a line break came since the last token that was not whitespace or a comment.
    line_start: bool,
}

/// Cuts `src` into tokens. Their texts, concatenated, are `src`, and none is empty.
pub fn tokenize(src: &str, lang: Lang) -> Vec<Token<'_>> {
    let mut s = Scanner {
        src,
        lang,
        at: 0,
        out: Vec::new(),
        prev: None,
        braces: Vec::new(),
        parens: 0,
        in_import: false,
        ternaries: 0,
        colon_is_type: false,
        typed_header: false,
        type_alias: None,
        pending_case: false,
        type_args: 0,
        line_start: true,
    };
    if src.starts_with("#!") {
        let end = s.line_end(0);
        s.push(Kind::Comment, end);
    }
    while s.at < src.len() {
        s.step();
    }
    s.out
}

fn is_ident_start(c: char) -> bool {
    c == '_' || c == '$' || c.is_alphabetic()
}

fn is_ident_char(c: char) -> bool {
    c == '_' || c == '$' || c.is_alphanumeric() || c == '\u{200c}' || c == '\u{200d}'
}

/// The length in bytes of the identifier at the start of `text` (0 if none starts there).
fn ident_len(text: &str) -> usize {
    if !text.chars().next().is_some_and(is_ident_start) {
        return 0;
    }
    text.char_indices().find(|(_, c)| !is_ident_char(*c)).map_or(text.len(), |(i, _)| i)
}

/// PascalCase: a capital first and a lower-case letter somewhere (`LIMIT` is a constant).
fn is_pascal_case(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase) && word.chars().any(char::is_lowercase)
}

impl<'a> Scanner<'a> {
    fn char_at(&self, i: usize) -> Option<char> {
        self.src.get(i..).and_then(|rest| rest.chars().next())
    }

    fn ts(&self) -> bool {
        self.lang == Lang::TypeScript
    }

    fn prev_is(&self, kind: Kind, texts: &[&str]) -> bool {
        self.prev.is_some_and(|p| p.kind == kind && texts.contains(&p.text))
    }

    fn innermost(&self) -> Option<Brace> {
        self.braces.last().map(|(b, _)| *b)
    }

    /// Emits `src[at..end]` as one token of `kind` and moves past it (nothing when empty).
    fn push(&mut self, kind: Kind, end: usize) {
        let text = &self.src[self.at..end];
        if text.is_empty() {
            return;
        }
        self.out.push(Token { kind, text });
        if kind != Kind::Comment && !text.trim().is_empty() {
            self.prev = Some(Prev { kind, text });
            self.line_start = false;
        }
        self.at = end;
    }

    /// The index of the next `\n` at or after `from`, or the end.
    fn line_end(&self, from: usize) -> usize {
        self.src[from..].find('\n').map_or(self.src.len(), |n| from + n)
    }

    /// The first character at or after `from` that is not a space or a tab (a newline counts).
    fn next_non_space(&self, from: usize) -> Option<char> {
        self.src[from..].chars().find(|c| *c != ' ' && *c != '\t')
    }

    /// The word that starts after spaces from `from`, if one does.
    fn next_word(&self, from: usize) -> Option<&'a str> {
        let rest = self.src[from..].trim_start_matches([' ', '\t']);
        let len = ident_len(rest);
        (len > 0).then(|| &rest[..len])
    }

    fn step(&mut self) {
        let Some(c) = self.char_at(self.at) else {
            // Every token ends on a character boundary, so this is the end of the text.
            self.at = self.src.len();
            return;
        };
        let rest = &self.src[self.at..];
        if c.is_whitespace() {
            let len = rest.char_indices().find(|(_, c)| !c.is_whitespace()).map_or(rest.len(), |(i, _)| i);
            if rest[..len].contains('\n') {
                self.line_break();
            }
            self.push(Kind::Plain, self.at + len);
        } else if rest.starts_with("//") {
            let end = self.line_end(self.at);
            self.push(Kind::Comment, end);
        } else if rest.starts_with("/*") {
            let end = rest[2..].find("*/").map_or(self.src.len(), |n| self.at + 2 + n + 2);
            self.push(Kind::Comment, end);
        } else if c == '"' || c == '\'' {
            let end = self.quoted(c);
            self.push(Kind::String, end);
        } else if c == '`' {
            self.template_text(self.at + 1);
        } else if c.is_ascii_digit() || (c == '.' && self.char_at(self.at + 1).is_some_and(|d| d.is_ascii_digit())) {
            let end = self.number();
            self.push(Kind::Number, end);
        } else if is_ident_start(c) {
            self.word();
        } else if c == '#' && ident_len(&rest[1..]) > 0 {
            let end = self.at + 1 + ident_len(&rest[1..]);
            let kind = if self.next_non_space(end) == Some('(') { Kind::Function } else { Kind::Property };
            self.push(kind, end);
        } else if c == '/' && self.regex_allowed() {
            match self.regex_end() {
                Some(end) => self.push(Kind::Regex, end),
                None => self.symbol(),
            }
        } else {
            self.symbol();
        }
    }

    /// A line ends: a type alias whose text could end here ends, and type arguments do not run on.
    fn line_break(&mut self) {
        self.line_start = true;
        self.type_args = 0;
        if let Some(depth) = self.type_alias {
            let continues = self.prev.is_some_and(|p| matches!(p.text, "=" | "|" | "&" | "," | "(" | "<" | ":" | "=>" | "?"));
            if self.braces.len() <= depth && !continues {
                self.type_alias = None;
            }
        }
    }

    /// The end of a `'` or `"` string: after its closing quote, or at the end of its line when it
    /// has none. A backslash keeps the next character (a line break too: a continuation).
    fn quoted(&self, quote: char) -> usize {
        let start = self.at + quote.len_utf8();
        let mut chars = self.src[start..].char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' => {
                    chars.next();
                }
                '\n' => return start + i,
                c if c == quote => return start + i + 1,
                _ => {}
            }
        }
        self.src.len()
    }

    /// Emits a template literal's text, from `self.at` (its backtick, or the `}` of an
    /// interpolation already emitted) to its closing backtick, or to a `${`, which is emitted
    /// too and opens an interpolation whose code is scanned as code. `from` is where the
    /// search starts (past the opening backtick).
    fn template_text(&mut self, from: usize) {
        let mut chars = self.src[from..].char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' => {
                    chars.next();
                }
                '`' => {
                    self.push(Kind::String, from + i + 1);
                    return;
                }
                '$' if self.src[from + i..].starts_with("${") => {
                    self.push(Kind::String, from + i);
                    self.push(Kind::Punctuation, from + i + 2);
                    self.open_brace(Brace::Interpolation);
                    return;
                }
                _ => {}
            }
        }
        self.push(Kind::String, self.src.len());
    }

    fn number(&self) -> usize {
        let bytes = self.src.as_bytes();
        let mut i = self.at;
        let digits = |i: &mut usize, ok: fn(u8) -> bool| {
            while *i < bytes.len() && (ok(bytes[*i]) || bytes[*i] == b'_') {
                *i += 1;
            }
        };
        let radix = if bytes[i] == b'0' { bytes.get(i + 1).map(u8::to_ascii_lowercase) } else { None };
        match radix {
            Some(b'x') => {
                i += 2;
                digits(&mut i, |b| b.is_ascii_hexdigit());
            }
            Some(b'o') => {
                i += 2;
                digits(&mut i, |b| (b'0'..=b'7').contains(&b));
            }
            Some(b'b') => {
                i += 2;
                digits(&mut i, |b| b == b'0' || b == b'1');
            }
            _ => {
                digits(&mut i, |b| b.is_ascii_digit());
                if bytes.get(i) == Some(&b'.') {
                    i += 1;
                    digits(&mut i, |b| b.is_ascii_digit());
                }
                if matches!(bytes.get(i), Some(b'e' | b'E')) {
                    let sign = usize::from(matches!(bytes.get(i + 1), Some(b'+' | b'-')));
                    if bytes.get(i + 1 + sign).is_some_and(u8::is_ascii_digit) {
                        i += 1 + sign;
                        digits(&mut i, |b| b.is_ascii_digit());
                    }
                }
            }
        }
        if bytes.get(i) == Some(&b'n') {
            i += 1;
        }
        i
    }

    /// Whether a `/` here starts a regular expression rather than dividing: where an
    /// expression can start.
    fn regex_allowed(&self) -> bool {
        match self.prev {
            None => true,
            Some(Prev { kind: Kind::Keyword, text }) => BEFORE_EXPRESSION.contains(&text),
            Some(Prev { kind: Kind::Punctuation | Kind::Operator, text }) => !matches!(text, ")" | "]" | "}" | "++" | "--"),
            Some(_) => false,
        }
    }

    /// The end of a regular expression starting at `self.at` (flags included), or `None` when
    /// the line ends first or it would be longer than [`LOOKAHEAD`] (then the `/` is an
    /// operator).
    fn regex_end(&self) -> Option<usize> {
        let start = self.at + 1;
        let mut in_class = false;
        let mut chars = self.src[start..].char_indices();
        while let Some((i, c)) = chars.next() {
            if i > LOOKAHEAD {
                return None;
            }
            match c {
                '\\' => {
                    if chars.next().is_none_or(|(_, c)| c == '\n') {
                        return None;
                    }
                }
                '\n' => return None,
                '[' => in_class = true,
                ']' => in_class = false,
                '/' if !in_class => {
                    let after = start + i + 1;
                    let flags = self.src[after..].bytes().take_while(u8::is_ascii_alphabetic).count();
                    return Some(after + flags);
                }
                _ => {}
            }
        }
        None
    }

    fn word(&mut self) {
        let end = self.at + ident_len(&self.src[self.at..]);
        let word = &self.src[self.at..end];
        let kind = self.classify(word, end);
        if kind == Kind::Keyword {
            match word {
                "import" if !matches!(self.next_non_space(end), Some('(' | '.')) => self.in_import = true,
                "from" => self.in_import = false,
                "class" | "interface" => self.typed_header = true,
                "type" if self.next_word(end).is_some() => self.type_alias = Some(self.braces.len()),
                "case" => self.pending_case = true,
                "default" if self.next_non_space(end) == Some(':') => self.pending_case = true,
                _ => {}
            }
        }
        self.push(kind, end);
    }

    fn classify(&self, word: &str, end: usize) -> Kind {
        let next = self.next_non_space(end);
        let calls = matches!(next, Some('(' | '`')) || (next == Some('<') && self.ts() && self.generic_call(end));
        if self.prev_is(Kind::Punctuation, &[".", "?."]) {
            return if calls { Kind::Function } else { Kind::Property };
        }
        let keyword = KEYWORDS.contains(&word) || (self.ts() && TS_KEYWORDS.contains(&word));
        if keyword && (!CONTEXTUAL.contains(&word) || self.contextual_keyword(word, end)) {
            return Kind::Keyword;
        }
        if LITERALS.contains(&word) {
            return Kind::Literal;
        }
        if self.prev_is(Kind::Keyword, &["function"]) {
            return Kind::Function;
        }
        // `import { a, b as c } from`, `import d from`, `import * as e from`: new bindings (not
        // the `b` that `as` renames).
        if self.in_import {
            return if self.next_word(end) == Some("as") { Kind::Plain } else { Kind::Definition };
        }
        // `const { a, b: c } = o`: `a` and `c` are bound, `b` is a property.
        if self.innermost() == Some(Brace::Pattern) && self.parens == 0 {
            let key = next == Some(':');
            if key || self.prev_is(Kind::Punctuation, &["{", ",", ":"]) {
                return if key { Kind::Property } else { Kind::Definition };
            }
        }
        if self.prev_is(Kind::Keyword, &["const", "let", "var", "class", "enum", "interface", "type"]) {
            return Kind::Definition;
        }
        if self.prev_is(Kind::Keyword, &["new", "implements", "extends"]) {
            return Kind::Type;
        }
        if calls {
            return Kind::Function;
        }
        if self.member_name(end) {
            return Kind::Property;
        }
        if self.ts() && TS_TYPES.contains(&word) && !matches!(next, Some(':' | '=' | ',' | '}')) {
            return Kind::Type;
        }
        if is_pascal_case(word) {
            return Kind::Type;
        }
        // A name with an annotation (`(item: T) => void` in a type) is no type itself.
        let annotated = next == Some(':') || self.src[end..].trim_start_matches([' ', '\t']).starts_with("?:");
        if self.ts() && !annotated && self.in_type_position() {
            return Kind::Type;
        }
        Kind::Plain
    }

    /// Whether the name ending at `end` starts a member of an object literal (`{ limit: 3 }`,
    /// `{ item, resume }`) or of a class, interface or object type (`private queue: Job[] = []`,
    /// `id?: number`).
    fn member_name(&self, end: usize) -> bool {
        let brace = self.innermost();
        if !matches!(brace, Some(Brace::Object | Brace::Typed)) || self.ternaries > 0 || self.parens > 0 {
            return false;
        }
        let starts = self.line_start
            || self.prev.is_some_and(|p| matches!(p.text, "{" | "," | ";" | "}") || (p.kind == Kind::Keyword && MODIFIERS.contains(&p.text)));
        let rest = self.src[end..].trim_start_matches([' ', '\t']);
        let marks = rest.starts_with(':') || rest.starts_with("?:") || rest.starts_with("!:");
        let field = brace == Some(Brace::Typed) && (rest.starts_with(';') || (rest.starts_with('=') && !rest.starts_with("==") && !rest.starts_with("=>")));
        // `{ item, resume }`: a shorthand property.
        let shorthand = brace == Some(Brace::Object) && (rest.starts_with(',') || rest.starts_with('}'));
        starts && (marks || field || shorthand)
    }

    /// Whether a contextual word acts as a keyword here, judged by its neighbours.
    fn contextual_keyword(&self, word: &str, end: usize) -> bool {
        let next_word = self.next_word(end);
        let next = self.next_non_space(end);
        let names = next_word.is_some_and(|w| !matches!(w, "in" | "of" | "instanceof" | "as" | "satisfies"));
        match word {
            // Between two operands: `x of xs`, `v as T`, `o satisfies T`, `x is T`.
            "of" | "as" | "satisfies" | "is" => {
                next_word.is_some()
                    && self.prev.is_some_and(|p| {
                        matches!(p.kind, Kind::Plain | Kind::Type | Kind::Definition | Kind::Literal | Kind::String | Kind::Number)
                            || matches!(p.text, ")" | "]" | "}" | "*")
                    })
            }
            "from" => matches!(next, Some('"' | '\'')),
            "async" => names || matches!(next, Some('(' | '*')),
            "type" => names || (next == Some('{') && self.prev_is(Kind::Keyword, &["import", "export"])),
            "keyof" | "infer" | "unique" | "asserts" => names,
            // A modifier or a declaration: a name (or `[`, `#`, `*`, `{`) follows.
            _ => names || matches!(next, Some('[' | '#' | '*' | '{')),
        }
    }

    /// Whether `<...>(` follows `end` on the same line: a generic call `f<T>(x)`. Looks at most
    /// [`LOOKAHEAD`] bytes ahead.
    fn generic_call(&self, end: usize) -> bool {
        let mut depth = 0usize;
        for (i, c) in self.src[end..].char_indices() {
            if i > LOOKAHEAD {
                return false;
            }
            match c {
                '<' => depth += 1,
                '>' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return self.next_non_space(end + i + 1) == Some('(');
                    }
                }
                c if c.is_alphanumeric() || " \t,_$.[]{}:;|&?'\"".contains(c) => {}
                _ => return false,
            }
        }
        false
    }

    /// TypeScript: whether an identifier here names a type, by what came before it.
    fn in_type_position(&self) -> bool {
        if self.type_args > 0 {
            return true;
        }
        match self.prev {
            Some(Prev { kind: Kind::Punctuation, text: ":" }) => self.colon_is_type,
            Some(Prev { kind: Kind::Keyword, text: "as" | "satisfies" | "is" | "keyof" | "infer" }) => true,
            Some(Prev { kind: Kind::Operator, text: "|" | "&" | "=" }) => self.type_alias.is_some(),
            _ => false,
        }
    }

    fn symbol(&mut self) {
        let rest = &self.src[self.at..];
        let Some(sym) = SYMBOLS.iter().find(|s| rest.starts_with(**s)) else {
            // Anything else (`#`, `\`, a symbol outside ASCII) is one plain character.
            let len = rest.chars().next().map_or(rest.len(), char::len_utf8);
            self.push(Kind::Plain, self.at + len);
            return;
        };
        let end = self.at + sym.len();
        let mut kind = if PUNCTUATION.contains(sym) { Kind::Punctuation } else { Kind::Operator };
        match *sym {
            "{" => {
                let brace = self.opening_brace();
                self.open_brace(brace);
            }
            "}" => {
                if let Some((brace, outside)) = self.braces.pop() {
                    Outside { ternaries: self.ternaries, type_args: self.type_args, parens: self.parens } = outside;
                    if brace == Brace::Interpolation {
                        self.push(Kind::Punctuation, end);
                        self.template_text(end);
                        return;
                    }
                } else {
                    self.type_args = 0;
                }
            }
            "(" => self.parens += 1,
            ")" => self.parens = self.parens.saturating_sub(1),
            ";" => {
                self.type_alias = None;
                self.ternaries = 0;
                self.type_args = 0;
                self.pending_case = false;
                self.in_import = false;
            }
            // A star that belongs to a declaration: `function*`, `yield*`, `async *gen()`, `import *`.
            "*" if self.prev_is(Kind::Keyword, &["function", "yield", "async", "import", "export"]) => kind = Kind::Keyword,
            "?" if !matches!(self.next_non_space(end), Some(':' | ')' | ',' | '=')) => self.ternaries += 1,
            ":" => {
                self.colon_is_type = if self.pending_case {
                    self.pending_case = false;
                    false
                } else if self.ternaries > 0 {
                    // A conditional's colon is an operator, like its `?`.
                    self.ternaries -= 1;
                    kind = Kind::Operator;
                    false
                } else {
                    !matches!(self.innermost(), Some(Brace::Object | Brace::Interpolation | Brace::Pattern))
                };
            }
            // Type arguments' angle brackets are brackets, not comparisons.
            "<" if self.opens_type_args(end) => {
                self.type_args += 1;
                kind = Kind::Punctuation;
            }
            ">" | ">>" | ">>>" if self.type_args > 0 => {
                self.type_args = self.type_args.saturating_sub(sym.len());
                kind = Kind::Punctuation;
            }
            _ => {}
        }
        self.push(kind, end);
    }

    fn open_brace(&mut self, brace: Brace) {
        self.braces.push((brace, Outside { ternaries: self.ternaries, type_args: self.type_args, parens: self.parens }));
        self.ternaries = 0;
        self.type_args = 0;
        self.parens = 0;
    }

    /// TypeScript: a `<` right after a name, with no space on either side, opens type
    /// arguments or parameters (`Promise<void>`, `f<T>(x)`); `a < b` compares.
    fn opens_type_args(&self, end: usize) -> bool {
        let touching = self.out.last().is_some_and(|t| matches!(t.kind, Kind::Type | Kind::Plain | Kind::Function | Kind::Definition | Kind::Property) && !t.text.trim().is_empty());
        self.ts() && (touching || self.type_args > 0) && !self.char_at(end).is_some_and(char::is_whitespace)
    }

    /// What a `{` opens, judged by what came before it.
    fn opening_brace(&mut self) -> Brace {
        if std::mem::take(&mut self.typed_header) {
            return Brace::Typed;
        }
        if self.type_alias.is_some() || self.type_args > 0 || (self.prev_is(Kind::Punctuation, &[":"]) && self.colon_is_type && self.ts()) {
            return Brace::Typed;
        }
        match self.prev {
            None => Brace::Block,
            Some(Prev { kind: Kind::Keyword, text: "const" | "let" | "var" }) => Brace::Pattern,
            Some(Prev { kind: Kind::Punctuation | Kind::Operator, text }) => match text {
                "(" | "," | "[" | ":" | "?" | "${" | "=" | "??" | "||" | "&&" | "..." | "!" => Brace::Object,
                t if t.ends_with('=') && t != "=>" && t != "==" && t != "===" && t != "!=" && t != "!==" && t != "<=" && t != ">=" => Brace::Object,
                _ => Brace::Block,
            },
            Some(Prev { kind: Kind::Keyword, text: "return" | "yield" | "await" | "typeof" | "in" | "of" }) => Brace::Object,
            Some(_) => Brace::Block,
        }
    }
}
