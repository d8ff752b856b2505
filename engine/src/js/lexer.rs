//! Turns source text into tokens, with positions and the line breaks that automatic semicolon
//! insertion needs.

use super::ast::Pos;
use super::Error;

#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    Ident(String),
    Num(f64),
    Str(String),
    /// A template literal: its text pieces, and the source of each `${...}` with its position.
    Template { quasis: Vec<String>, exprs: Vec<(String, Pos)> },
    Punct(&'static str),
    /// `#name`, without the `#`.
    Private(String),
    Eof,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    pub tok: Tok,
    pub pos: Pos,
    /// A line break between the previous token and this one.
    pub newline_before: bool,
}

/// Longest first, so that `>>>=` is one token and not `>` `>>=`.
const PUNCTS: &[&str] = &[
    ">>>=", "===", "!==", "...", ">>>", "<<=", ">>=", "**=", "&&=", "||=", "??=", "=>", "==", "!=", "<=", ">=", "&&", "||", "++", "--",
    "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "??", "?.", "**", "<<", ">>", "{", "}", "(", ")", "[", "]", ";", ",", ".", "?", ":",
    "+", "-", "*", "/", "%", "<", ">", "!", "=", "&", "|", "^", "~", "@",
];

pub fn tokenize(src: &str, start: Pos) -> Result<Vec<Token>, Error> {
    let mut lx = Lexer { chars: src.chars().collect(), i: 0, line: start.line, col: start.column };
    let mut out = Vec::new();
    loop {
        let newline_before = lx.skip_space()?;
        let pos = lx.pos();
        let Some(c) = lx.peek() else {
            out.push(Token { tok: Tok::Eof, pos, newline_before: true });
            return Ok(out);
        };
        let tok = if c.is_ascii_digit() || (c == '.' && lx.peek_at(1).is_some_and(|d| d.is_ascii_digit())) {
            lx.number(pos)?
        } else if c == '_' || c == '$' || c.is_alphabetic() {
            let mut s = String::new();
            while let Some(c) = lx.peek().filter(|c| *c == '_' || *c == '$' || c.is_alphanumeric()) {
                s.push(c);
                lx.bump();
            }
            Tok::Ident(s)
        } else if c == '#' && lx.peek_at(1).is_some_and(|c| c == '_' || c == '$' || c.is_alphabetic()) {
            // A private name: `#count`.
            lx.bump();
            let mut s = String::new();
            while let Some(c) = lx.peek().filter(|c| *c == '_' || *c == '$' || c.is_alphanumeric()) {
                s.push(c);
                lx.bump();
            }
            Tok::Private(s)
        } else if c == '?' && lx.peek_at(1) == Some('.') && lx.peek_at(2).is_some_and(|d| d.is_ascii_digit()) {
            // `a?.5:1` is a conditional, not optional chaining.
            lx.bump();
            Tok::Punct("?")
        } else if c == '\'' || c == '"' {
            lx.string(c, pos)?
        } else if c == '`' {
            lx.template(pos)?
        } else {
            let rest: String = lx.chars[lx.i..lx.chars.len().min(lx.i + 4)].iter().collect();
            match PUNCTS.iter().find(|p| rest.starts_with(**p)) {
                Some(p) => {
                    for _ in 0..p.chars().count() {
                        lx.bump();
                    }
                    Tok::Punct(p)
                }
                None => return Err(Error::syntax(pos, format!("unexpected character `{c}`"))),
            }
        };
        out.push(Token { tok, pos, newline_before });
    }
}

struct Lexer {
    chars: Vec<char>,
    i: usize,
    line: u32,
    col: u32,
}

impl Lexer {
    fn pos(&self) -> Pos {
        Pos { line: self.line, column: self.col }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.i).copied()
    }

    fn peek_at(&self, n: usize) -> Option<char> {
        self.chars.get(self.i + n).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.chars.get(self.i).copied()?;
        self.i += 1;
        if c == '\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
        Some(c)
    }

    /// Skips white space and comments; says whether a line break was crossed.
    fn skip_space(&mut self) -> Result<bool, Error> {
        let mut newline = false;
        loop {
            match self.peek() {
                Some('\n') => {
                    newline = true;
                    self.bump();
                }
                Some(c) if c.is_whitespace() => {
                    self.bump();
                }
                Some('/') if self.peek_at(1) == Some('/') => {
                    while self.peek().is_some_and(|c| c != '\n') {
                        self.bump();
                    }
                }
                Some('/') if self.peek_at(1) == Some('*') => {
                    let pos = self.pos();
                    self.bump();
                    self.bump();
                    loop {
                        match self.bump() {
                            Some('*') if self.peek() == Some('/') => {
                                self.bump();
                                break;
                            }
                            Some('\n') => newline = true,
                            Some(_) => {}
                            None => return Err(Error::syntax(pos, "unterminated comment".into())),
                        }
                    }
                }
                Some('#') if self.i == 0 && self.peek_at(1) == Some('!') => {
                    while self.peek().is_some_and(|c| c != '\n') {
                        self.bump();
                    }
                }
                _ => return Ok(newline),
            }
        }
    }

    fn number(&mut self, pos: Pos) -> Result<Tok, Error> {
        let mut s = String::new();
        if self.peek() == Some('0') && matches!(self.peek_at(1), Some('x' | 'X' | 'b' | 'B' | 'o' | 'O')) {
            self.bump();
            let radix = match self.bump() {
                Some('x' | 'X') => 16,
                Some('b' | 'B') => 2,
                _ => 8,
            };
            while let Some(c) = self.peek().filter(|c| c.is_ascii_alphanumeric() || *c == '_') {
                if c != '_' {
                    s.push(c);
                }
                self.bump();
            }
            return u64::from_str_radix(&s, radix)
                .map(|n| Tok::Num(n as f64))
                .map_err(|_| Error::syntax(pos, format!("invalid number literal `{s}`")));
        }
        while let Some(c) = self.peek() {
            let exponent_sign = (c == '+' || c == '-') && s.ends_with(['e', 'E']);
            if c.is_ascii_digit() || c == '.' || c == 'e' || c == 'E' || c == '_' || exponent_sign {
                if c != '_' {
                    s.push(c);
                }
                self.bump();
            } else {
                break;
            }
        }
        if self.peek() == Some('n') {
            return Err(Error::unsupported(pos, "BigInt literals"));
        }
        s.parse::<f64>().map(Tok::Num).map_err(|_| Error::syntax(pos, format!("invalid number literal `{s}`")))
    }

    fn escape(&mut self, pos: Pos, out: &mut String) -> Result<(), Error> {
        let Some(c) = self.bump() else { return Err(Error::syntax(pos, "unterminated string".into())) };
        match c {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'v' => out.push('\u{b}'),
            '0' if !self.peek().is_some_and(|d| d.is_ascii_digit()) => out.push('\0'),
            'x' | 'u' => {
                let digits: String = if c == 'u' && self.peek() == Some('{') {
                    self.bump();
                    let mut d = String::new();
                    while let Some(h) = self.bump() {
                        if h == '}' {
                            break;
                        }
                        d.push(h);
                    }
                    d
                } else {
                    (0..if c == 'x' { 2 } else { 4 }).filter_map(|_| self.bump()).collect()
                };
                let code = u32::from_str_radix(&digits, 16).map_err(|_| Error::syntax(pos, "invalid escape sequence".into()))?;
                out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
            }
            '\n' => {}
            other => out.push(other),
        }
        Ok(())
    }

    fn string(&mut self, quote: char, pos: Pos) -> Result<Tok, Error> {
        self.bump();
        let mut s = String::new();
        loop {
            match self.bump() {
                Some(c) if c == quote => return Ok(Tok::Str(s)),
                Some('\\') => self.escape(pos, &mut s)?,
                Some('\n') | None => return Err(Error::syntax(pos, "unterminated string".into())),
                Some(c) => s.push(c),
            }
        }
    }

    fn template(&mut self, pos: Pos) -> Result<Tok, Error> {
        self.bump();
        let mut quasis = Vec::new();
        let mut exprs = Vec::new();
        let mut current = String::new();
        loop {
            match self.bump() {
                Some('`') => {
                    quasis.push(current);
                    return Ok(Tok::Template { quasis, exprs });
                }
                Some('\\') => self.escape(pos, &mut current)?,
                Some('$') if self.peek() == Some('{') => {
                    self.bump();
                    quasis.push(std::mem::take(&mut current));
                    let start = self.pos();
                    let source = self.balanced_source(pos)?;
                    exprs.push((source, start));
                }
                Some(c) => current.push(c),
                None => return Err(Error::syntax(pos, "unterminated template literal".into())),
            }
        }
    }

    /// The source of a `${ ... }` up to its matching `}` (which is consumed).
    fn balanced_source(&mut self, pos: Pos) -> Result<String, Error> {
        let mut depth = 0usize;
        let mut s = String::new();
        loop {
            let Some(c) = self.bump() else { return Err(Error::syntax(pos, "unterminated `${` in a template literal".into())) };
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => return Ok(s),
                '}' => depth -= 1,
                '\'' | '"' | '`' => {
                    s.push(c);
                    let mut escaped = false;
                    loop {
                        let Some(d) = self.bump() else { return Err(Error::syntax(pos, "unterminated string in a template literal".into())) };
                        s.push(d);
                        if escaped {
                            escaped = false;
                        } else if d == '\\' {
                            escaped = true;
                        } else if d == c {
                            break;
                        }
                    }
                    continue;
                }
                _ => {}
            }
            s.push(c);
        }
    }
}
