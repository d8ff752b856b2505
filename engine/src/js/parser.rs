//! A recursive-descent parser for the subset. Anything outside it is an error that names the
//! construct and its line and column, never a panic.

use super::ast::*;
use super::lexer::{tokenize, Tok, Token};
use super::Error;

/// Parses a whole program (a script or a module body).
pub fn parse_program(src: &str) -> Result<Vec<Stmt>, Error> {
    let mut p = Parser::new(tokenize(src, Pos { line: 1, column: 1 })?);
    let mut body = Vec::new();
    while !p.at_eof() {
        body.push(p.statement()?);
    }
    Ok(body)
}

const RESERVED: &[&str] = &[
    "var", "class", "switch", "case", "default", "do", "typeof", "instanceof", "in", "of", "delete", "void", "yield", "this", "super",
    "import", "export", "with", "debugger", "extends", "static", "get", "set",
];

struct Parser {
    tokens: Vec<Token>,
    i: usize,
    /// Nesting of functions: whether `await` is allowed here (async function or module top level).
    async_context: Vec<bool>,
    loop_depth: usize,
    depth: usize,
}

const MAX_DEPTH: usize = 200;

impl Parser {
    fn new(tokens: Vec<Token>) -> Self {
        Parser { tokens, i: 0, async_context: vec![true], loop_depth: 0, depth: 0 }
    }

    fn peek(&self) -> &Token {
        &self.tokens[self.i.min(self.tokens.len() - 1)]
    }

    fn peek_at(&self, n: usize) -> &Token {
        &self.tokens[(self.i + n).min(self.tokens.len() - 1)]
    }

    fn next(&mut self) -> Token {
        let t = self.peek().clone();
        if self.i < self.tokens.len() - 1 {
            self.i += 1;
        }
        t
    }

    fn at_eof(&self) -> bool {
        self.peek().tok == Tok::Eof
    }

    fn is_punct(&self, p: &str) -> bool {
        matches!(&self.peek().tok, Tok::Punct(q) if *q == p)
    }

    fn is_ident(&self, name: &str) -> bool {
        matches!(&self.peek().tok, Tok::Ident(n) if n == name)
    }

    fn eat_punct(&mut self, p: &str) -> bool {
        if self.is_punct(p) {
            self.next();
            true
        } else {
            false
        }
    }

    fn expect_punct(&mut self, p: &str) -> Result<Token, Error> {
        if self.is_punct(p) {
            Ok(self.next())
        } else {
            Err(self.unexpected(&format!("`{p}`")))
        }
    }

    fn unexpected(&self, wanted: &str) -> Error {
        let t = self.peek();
        let found = match &t.tok {
            Tok::Eof => "the end of the program".to_string(),
            Tok::Punct(p) => format!("`{p}`"),
            Tok::Ident(n) => format!("`{n}`"),
            Tok::Num(n) => format!("the number {n}"),
            Tok::Str(_) => "a string".to_string(),
            Tok::Template { .. } => "a template literal".to_string(),
        };
        Error::syntax(t.pos, format!("expected {wanted}, found {found}"))
    }

    /// Statement end: `;`, or a line break, `}` or the end (automatic semicolon insertion).
    fn end_statement(&mut self) -> Result<(), Error> {
        if self.eat_punct(";") || self.is_punct("}") || self.at_eof() || self.peek().newline_before {
            Ok(())
        } else {
            Err(self.unexpected("`;` or a line break"))
        }
    }

    fn ident_name(&mut self) -> Result<(String, Pos), Error> {
        let t = self.next();
        match t.tok {
            Tok::Ident(n) => Ok((n, t.pos)),
            _ => {
                self.i -= 1;
                Err(self.unexpected("a name"))
            }
        }
    }

    /// A binding name: an identifier that is not a keyword.
    fn binding_name(&mut self) -> Result<(String, Pos), Error> {
        if self.is_punct("{") || self.is_punct("[") {
            return Err(Error::unsupported(self.peek().pos, "destructuring"));
        }
        let (name, pos) = self.ident_name()?;
        if RESERVED.contains(&name.as_str()) || is_keyword(&name) {
            return Err(Error::syntax(pos, format!("`{name}` cannot be used as a name here")));
        }
        Ok((name, pos))
    }

    fn enter(&mut self) -> Result<(), Error> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Error::syntax(self.peek().pos, "the program nests too deeply".into()));
        }
        Ok(())
    }

    fn statement(&mut self) -> Result<Stmt, Error> {
        self.enter()?;
        let s = self.statement_inner();
        self.depth -= 1;
        s
    }

    fn statement_inner(&mut self) -> Result<Stmt, Error> {
        let t = self.peek().clone();
        if let Tok::Ident(word) = &t.tok {
            match word.as_str() {
                "const" | "let" => {
                    self.next();
                    let (name, pos) = self.binding_name()?;
                    let init = if self.eat_punct("=") { Some(self.expression()?) } else { None };
                    if self.is_punct(",") {
                        return Err(Error::unsupported(self.peek().pos, "several bindings in one declaration"));
                    }
                    if word == "const" && init.is_none() {
                        return Err(Error::syntax(pos, "a `const` needs a value".into()));
                    }
                    self.end_statement()?;
                    return Ok(Stmt::Let { name, constant: word == "const", init, pos });
                }
                "function" => return Ok(Stmt::Function(self.function(false, t.pos)?)),
                "async" if matches!(&self.peek_at(1).tok, Tok::Ident(n) if n == "function") && !self.peek_at(1).newline_before => {
                    self.next();
                    return Ok(Stmt::Function(self.function(true, t.pos)?));
                }
                "if" => {
                    self.next();
                    self.expect_punct("(")?;
                    let test = self.expression()?;
                    self.expect_punct(")")?;
                    let then = Box::new(self.statement()?);
                    let otherwise = if self.is_ident("else") {
                        self.next();
                        Some(Box::new(self.statement()?))
                    } else {
                        None
                    };
                    return Ok(Stmt::If { test, then, otherwise });
                }
                "for" => return self.for_statement(),
                "while" => {
                    self.next();
                    self.expect_punct("(")?;
                    let test = self.expression()?;
                    self.expect_punct(")")?;
                    self.loop_depth += 1;
                    let body = self.statement();
                    self.loop_depth -= 1;
                    return Ok(Stmt::While { test, body: Box::new(body?) });
                }
                "return" => {
                    self.next();
                    if self.async_context.len() == 1 {
                        return Err(Error::syntax(t.pos, "`return` outside a function".into()));
                    }
                    let value = if self.is_punct(";") || self.is_punct("}") || self.at_eof() || self.peek().newline_before {
                        None
                    } else {
                        Some(self.expression()?)
                    };
                    self.end_statement()?;
                    return Ok(Stmt::Return(value, t.pos));
                }
                "break" | "continue" => {
                    self.next();
                    if self.loop_depth == 0 {
                        return Err(Error::syntax(t.pos, format!("`{word}` outside a loop")));
                    }
                    if matches!(self.peek().tok, Tok::Ident(_)) && !self.peek().newline_before {
                        return Err(Error::unsupported(self.peek().pos, "labels"));
                    }
                    self.end_statement()?;
                    return Ok(if word == "break" { Stmt::Break(t.pos) } else { Stmt::Continue(t.pos) });
                }
                "throw" => {
                    self.next();
                    if self.peek().newline_before {
                        return Err(Error::syntax(t.pos, "a line break cannot follow `throw`".into()));
                    }
                    let e = self.expression()?;
                    self.end_statement()?;
                    return Ok(Stmt::Throw(e, t.pos));
                }
                "try" => return self.try_statement(),
                "var" => return Err(Error::unsupported(t.pos, "`var` (use `let` or `const`)")),
                "class" => return Err(Error::unsupported(t.pos, "classes")),
                "switch" => return Err(Error::unsupported(t.pos, "`switch`")),
                "do" => return Err(Error::unsupported(t.pos, "`do ... while`")),
                "import" | "export" => return Err(Error::unsupported(t.pos, "`import`/`export` (use require('fs') in a .js file)")),
                _ => {}
            }
        }
        if self.is_punct("{") {
            return Ok(Stmt::Block(self.block()?));
        }
        if self.eat_punct(";") {
            return Ok(Stmt::Empty);
        }
        let e = self.expression()?;
        self.end_statement()?;
        Ok(Stmt::Expr(e))
    }

    fn block(&mut self) -> Result<Vec<Stmt>, Error> {
        self.expect_punct("{")?;
        let mut body = Vec::new();
        while !self.is_punct("}") {
            if self.at_eof() {
                return Err(self.unexpected("`}`"));
            }
            body.push(self.statement()?);
        }
        self.next();
        Ok(body)
    }

    fn for_statement(&mut self) -> Result<Stmt, Error> {
        let for_pos = self.next().pos;
        if self.is_ident("await") {
            return Err(Error::unsupported(for_pos, "`for await`"));
        }
        self.expect_punct("(")?;
        let init = if self.eat_punct(";") {
            None
        } else {
            let init = if self.is_ident("let") || self.is_ident("const") {
                let constant = self.is_ident("const");
                self.next();
                let (name, pos) = self.binding_name()?;
                if self.is_ident("of") || self.is_ident("in") {
                    return Err(Error::unsupported(pos, "`for ... of` and `for ... in`"));
                }
                let value = if self.eat_punct("=") { Some(self.expression()?) } else { None };
                Stmt::Let { name, constant, init: value, pos }
            } else if self.is_ident("var") {
                return Err(Error::unsupported(self.peek().pos, "`var` (use `let` or `const`)"));
            } else {
                Stmt::Expr(self.expression()?)
            };
            self.expect_punct(";")?;
            Some(Box::new(init))
        };
        let test = if self.is_punct(";") { None } else { Some(self.expression()?) };
        self.expect_punct(";")?;
        let update = if self.is_punct(")") { None } else { Some(self.expression()?) };
        self.expect_punct(")")?;
        self.loop_depth += 1;
        let body = self.statement();
        self.loop_depth -= 1;
        Ok(Stmt::For { init, test, update, body: Box::new(body?) })
    }

    fn try_statement(&mut self) -> Result<Stmt, Error> {
        let pos = self.next().pos;
        let body = self.block()?;
        let (mut param, mut handler, mut finalizer) = (None, None, None);
        if self.is_ident("catch") {
            self.next();
            if self.eat_punct("(") {
                param = Some(self.binding_name()?.0);
                self.expect_punct(")")?;
            }
            handler = Some(self.block()?);
        }
        if self.is_ident("finally") {
            self.next();
            finalizer = Some(self.block()?);
        }
        if handler.is_none() && finalizer.is_none() {
            return Err(Error::syntax(pos, "`try` needs a `catch` or a `finally`".into()));
        }
        Ok(Stmt::Try { body, param, handler, finalizer })
    }

    /// `function name(params) { body }`, after `async` if any.
    fn function(&mut self, is_async: bool, pos: Pos) -> Result<Function, Error> {
        self.next(); // `function`
        if self.is_punct("*") {
            return Err(Error::unsupported(self.peek().pos, "generator functions"));
        }
        let name = if matches!(self.peek().tok, Tok::Ident(_)) { Some(self.binding_name()?.0) } else { None };
        let params = self.params()?;
        let body = self.function_body(is_async)?;
        Ok(Function { name, params, body: FunctionBody::Block(body), is_async, is_arrow: false, pos })
    }

    fn params(&mut self) -> Result<Vec<String>, Error> {
        self.expect_punct("(")?;
        let mut params = Vec::new();
        while !self.is_punct(")") {
            if self.is_punct("...") {
                return Err(Error::unsupported(self.peek().pos, "rest parameters"));
            }
            params.push(self.binding_name()?.0);
            if self.is_punct("=") {
                return Err(Error::unsupported(self.peek().pos, "default parameter values"));
            }
            if !self.eat_punct(",") {
                break;
            }
        }
        self.expect_punct(")")?;
        Ok(params)
    }

    fn function_body(&mut self, is_async: bool) -> Result<Vec<Stmt>, Error> {
        self.async_context.push(is_async);
        let saved_loops = std::mem::replace(&mut self.loop_depth, 0);
        let body = self.block();
        self.loop_depth = saved_loops;
        self.async_context.pop();
        body
    }

    fn expression(&mut self) -> Result<Expr, Error> {
        self.enter()?;
        let e = self.assignment();
        self.depth -= 1;
        if self.is_punct(",") && e.is_ok() {
            return Err(Error::unsupported(self.peek().pos, "the comma operator"));
        }
        e
    }

    fn assignment(&mut self) -> Result<Expr, Error> {
        if let Some(arrow) = self.try_arrow()? {
            return Ok(arrow);
        }
        let pos = self.peek().pos;
        let target = self.conditional()?;
        let op = match &self.peek().tok {
            Tok::Punct("=") => None,
            Tok::Punct("+=") => Some(BinOp::Add),
            Tok::Punct("-=") => Some(BinOp::Sub),
            Tok::Punct("*=") => Some(BinOp::Mul),
            Tok::Punct("/=") => Some(BinOp::Div),
            Tok::Punct("%=") => Some(BinOp::Rem),
            _ => return Ok(target),
        };
        if !matches!(target, Expr::Ident(..) | Expr::Member { .. } | Expr::Index { .. }) {
            return Err(Error::syntax(pos, "the left side of an assignment must be a name or a property".into()));
        }
        self.next();
        self.enter()?;
        let value = self.assignment();
        self.depth -= 1;
        Ok(Expr::Assign { target: Box::new(target), op, value: Box::new(value?), pos })
    }

    /// An arrow function starts here: `x =>`, `(a, b) =>`, `async x =>`, `async (a) =>`.
    fn try_arrow(&mut self) -> Result<Option<Expr>, Error> {
        let start = self.i;
        let pos = self.peek().pos;
        let is_async = self.is_ident("async")
            && !self.peek_at(1).newline_before
            && (matches!(self.peek_at(1).tok, Tok::Ident(_)) && matches!(self.peek_at(2).tok, Tok::Punct("=>"))
                || matches!(self.peek_at(1).tok, Tok::Punct("(")) && self.arrow_after_parens(self.i + 1));
        if is_async {
            self.next();
        }
        let params = match &self.peek().tok {
            Tok::Ident(name) if matches!(self.peek_at(1).tok, Tok::Punct("=>")) => {
                let name = name.clone();
                self.binding_name()?;
                vec![name]
            }
            Tok::Punct("(") if self.arrow_after_parens(self.i) => self.params()?,
            _ => {
                self.i = start;
                return Ok(None);
            }
        };
        if self.peek().newline_before {
            return Err(Error::syntax(self.peek().pos, "a line break cannot come before `=>`".into()));
        }
        self.expect_punct("=>")?;
        let body = if self.is_punct("{") {
            FunctionBody::Block(self.function_body(is_async)?)
        } else {
            self.async_context.push(is_async);
            let saved_loops = std::mem::replace(&mut self.loop_depth, 0);
            let e = self.assignment();
            self.loop_depth = saved_loops;
            self.async_context.pop();
            FunctionBody::Expr(Box::new(e?))
        };
        Ok(Some(Expr::Function(Box::new(Function { name: None, params, body, is_async, is_arrow: true, pos }))))
    }

    /// Whether the `(` at token `i` closes with a `)` that is followed by `=>`.
    fn arrow_after_parens(&self, i: usize) -> bool {
        let mut depth = 0usize;
        let mut j = i;
        while j < self.tokens.len() {
            match self.tokens[j].tok {
                Tok::Punct("(") | Tok::Punct("[") | Tok::Punct("{") => depth += 1,
                Tok::Punct(")") | Tok::Punct("]") | Tok::Punct("}") => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return matches!(self.tokens.get(j + 1).map(|t| &t.tok), Some(Tok::Punct("=>")));
                    }
                }
                Tok::Eof => return false,
                _ => {}
            }
            j += 1;
        }
        false
    }

    fn conditional(&mut self) -> Result<Expr, Error> {
        let test = self.logical_or()?;
        if self.eat_punct("?") {
            let then = self.assignment()?;
            self.expect_punct(":")?;
            let otherwise = self.assignment()?;
            return Ok(Expr::Conditional(Box::new(test), Box::new(then), Box::new(otherwise)));
        }
        Ok(test)
    }

    fn logical_or(&mut self) -> Result<Expr, Error> {
        let mut left = self.logical_and()?;
        while self.eat_punct("||") {
            let right = self.logical_and()?;
            left = Expr::Logical(LogicalOp::Or, Box::new(left), Box::new(right));
        }
        if self.is_punct("??") {
            return Err(Error::unsupported(self.peek().pos, "`??`"));
        }
        Ok(left)
    }

    fn logical_and(&mut self) -> Result<Expr, Error> {
        let mut left = self.equality()?;
        while self.eat_punct("&&") {
            let right = self.equality()?;
            left = Expr::Logical(LogicalOp::And, Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn equality(&mut self) -> Result<Expr, Error> {
        let mut left = self.relational()?;
        loop {
            let op = match self.peek().tok {
                Tok::Punct("===") => BinOp::StrictEq,
                Tok::Punct("!==") => BinOp::StrictNe,
                Tok::Punct("==") | Tok::Punct("!=") => return Err(Error::unsupported(self.peek().pos, "loose equality `==`/`!=` (use `===`/`!==`)")),
                _ => return Ok(left),
            };
            self.next();
            let right = self.relational()?;
            left = Expr::Binary(op, Box::new(left), Box::new(right));
        }
    }

    fn relational(&mut self) -> Result<Expr, Error> {
        let mut left = self.additive()?;
        loop {
            let op = match self.peek().tok {
                Tok::Punct("<") => BinOp::Lt,
                Tok::Punct("<=") => BinOp::Le,
                Tok::Punct(">") => BinOp::Gt,
                Tok::Punct(">=") => BinOp::Ge,
                _ => return Ok(left),
            };
            self.next();
            let right = self.additive()?;
            left = Expr::Binary(op, Box::new(left), Box::new(right));
        }
    }

    fn additive(&mut self) -> Result<Expr, Error> {
        let mut left = self.multiplicative()?;
        loop {
            let op = match self.peek().tok {
                Tok::Punct("+") => BinOp::Add,
                Tok::Punct("-") => BinOp::Sub,
                _ => return Ok(left),
            };
            self.next();
            let right = self.multiplicative()?;
            left = Expr::Binary(op, Box::new(left), Box::new(right));
        }
    }

    fn multiplicative(&mut self) -> Result<Expr, Error> {
        let mut left = self.unary()?;
        loop {
            let op = match self.peek().tok {
                Tok::Punct("*") => BinOp::Mul,
                Tok::Punct("/") => BinOp::Div,
                Tok::Punct("%") => BinOp::Rem,
                Tok::Punct("**") | Tok::Punct("&") | Tok::Punct("|") | Tok::Punct("^") => {
                    return Err(Error::unsupported(self.peek().pos, "bitwise and exponent operators"))
                }
                _ => return Ok(left),
            };
            self.next();
            let right = self.unary()?;
            left = Expr::Binary(op, Box::new(left), Box::new(right));
        }
    }

    fn unary(&mut self) -> Result<Expr, Error> {
        self.enter()?;
        let e = self.unary_inner();
        self.depth -= 1;
        e
    }

    fn unary_inner(&mut self) -> Result<Expr, Error> {
        let t = self.peek().clone();
        match &t.tok {
            Tok::Punct("!") => {
                self.next();
                Ok(Expr::Unary(UnaryOp::Not, Box::new(self.unary()?)))
            }
            Tok::Punct("-") => {
                self.next();
                Ok(Expr::Unary(UnaryOp::Neg, Box::new(self.unary()?)))
            }
            Tok::Punct("+") => {
                self.next();
                Ok(Expr::Unary(UnaryOp::Plus, Box::new(self.unary()?)))
            }
            Tok::Punct("++") | Tok::Punct("--") => {
                self.next();
                let target = self.unary()?;
                self.check_update_target(&target, t.pos)?;
                Ok(Expr::Update { target: Box::new(target), increment: t.tok == Tok::Punct("++"), prefix: true, pos: t.pos })
            }
            Tok::Punct("~") => Err(Error::unsupported(t.pos, "bitwise operators")),
            Tok::Ident(w) if w == "await" && *self.async_context.last().unwrap() => {
                self.next();
                Ok(Expr::Await(Box::new(self.unary()?), t.pos))
            }
            Tok::Ident(w) if w == "await" => Err(Error::syntax(t.pos, "`await` is only valid in async functions and at the top level of a .mjs module".into())),
            Tok::Ident(w) if w == "typeof" || w == "delete" || w == "void" => Err(Error::unsupported(t.pos, &format!("`{w}`"))),
            _ => {
                let e = self.postfix()?;
                if (self.is_punct("++") || self.is_punct("--")) && !self.peek().newline_before {
                    let op = self.next();
                    self.check_update_target(&e, op.pos)?;
                    return Ok(Expr::Update { target: Box::new(e), increment: op.tok == Tok::Punct("++"), prefix: false, pos: op.pos });
                }
                Ok(e)
            }
        }
    }

    fn check_update_target(&self, e: &Expr, pos: Pos) -> Result<(), Error> {
        if matches!(e, Expr::Ident(..) | Expr::Member { .. } | Expr::Index { .. }) {
            Ok(())
        } else {
            Err(Error::syntax(pos, "`++`/`--` need a name or a property".into()))
        }
    }

    fn postfix(&mut self) -> Result<Expr, Error> {
        let mut e = self.primary()?;
        loop {
            let t = self.peek().clone();
            match t.tok {
                Tok::Punct(".") => {
                    self.next();
                    let (name, _) = self.ident_name()?;
                    e = Expr::Member { object: Box::new(e), name, pos: t.pos };
                }
                Tok::Punct("?.") => return Err(Error::unsupported(t.pos, "optional chaining `?.`")),
                Tok::Punct("[") => {
                    self.next();
                    let index = self.expression()?;
                    self.expect_punct("]")?;
                    e = Expr::Index { object: Box::new(e), index: Box::new(index), pos: t.pos };
                }
                Tok::Punct("(") => {
                    let args = self.arguments()?;
                    e = Expr::Call { callee: Box::new(e), args, pos: t.pos };
                }
                Tok::Template { .. } => return Err(Error::unsupported(t.pos, "tagged templates")),
                _ => return Ok(e),
            }
        }
    }

    fn arguments(&mut self) -> Result<Vec<Expr>, Error> {
        self.expect_punct("(")?;
        let mut args = Vec::new();
        while !self.is_punct(")") {
            if self.is_punct("...") {
                return Err(Error::unsupported(self.peek().pos, "spread arguments"));
            }
            args.push(self.assignment()?);
            if !self.eat_punct(",") {
                break;
            }
        }
        self.expect_punct(")")?;
        Ok(args)
    }

    fn primary(&mut self) -> Result<Expr, Error> {
        let t = self.next();
        match t.tok {
            Tok::Num(n) => Ok(Expr::Number(n)),
            Tok::Str(s) => Ok(Expr::Str(s)),
            Tok::Template { quasis, exprs } => {
                let mut parsed = Vec::new();
                for (src, pos) in exprs {
                    let mut sub = Parser::new(tokenize(&src, pos)?);
                    sub.async_context = self.async_context.clone();
                    sub.depth = self.depth;
                    let e = sub.expression()?;
                    if !sub.at_eof() {
                        return Err(sub.unexpected("`}` closing the template expression"));
                    }
                    parsed.push(e);
                }
                Ok(Expr::Template { quasis, exprs: parsed })
            }
            Tok::Punct("(") => {
                let e = self.expression()?;
                self.expect_punct(")")?;
                Ok(e)
            }
            Tok::Punct("[") => {
                let mut items = Vec::new();
                while !self.is_punct("]") {
                    if self.is_punct(",") {
                        return Err(Error::unsupported(self.peek().pos, "array holes"));
                    }
                    if self.is_punct("...") {
                        return Err(Error::unsupported(self.peek().pos, "spread elements"));
                    }
                    items.push(self.assignment()?);
                    if !self.eat_punct(",") {
                        break;
                    }
                }
                self.expect_punct("]")?;
                Ok(Expr::Array(items))
            }
            Tok::Punct("{") => self.object_literal(),
            Tok::Ident(word) => match word.as_str() {
                "true" => Ok(Expr::Bool(true)),
                "false" => Ok(Expr::Bool(false)),
                "null" => Ok(Expr::Null),
                "undefined" => Ok(Expr::Undefined),
                "function" => {
                    self.i -= 1;
                    Ok(Expr::Function(Box::new(self.function(false, t.pos)?)))
                }
                "async" if self.is_ident("function") && !self.peek().newline_before => Ok(Expr::Function(Box::new(self.function(true, t.pos)?))),
                "new" => {
                    let (name, pos) = self.ident_name()?;
                    if name != "Promise" {
                        return Err(Error::unsupported(pos, &format!("`new {name}` (the only constructor in the subset is `new Promise`)")));
                    }
                    let args = self.arguments()?;
                    Ok(Expr::NewPromise { args, pos: t.pos })
                }
                w if RESERVED.contains(&w) => Err(Error::unsupported(t.pos, &format!("`{w}`"))),
                w if is_keyword(w) => Err(Error::syntax(t.pos, format!("unexpected keyword `{w}`"))),
                _ => Ok(Expr::Ident(word, t.pos)),
            },
            Tok::Punct("/") | Tok::Punct("/=") => Err(Error::unsupported(t.pos, "regular expressions")),
            _ => {
                self.i -= 1;
                Err(self.unexpected("an expression"))
            }
        }
    }

    fn object_literal(&mut self) -> Result<Expr, Error> {
        let mut props = Vec::new();
        while !self.is_punct("}") {
            let t = self.next();
            let key = match t.tok {
                Tok::Ident(ref n) => n.clone(),
                Tok::Str(ref s) => s.clone(),
                Tok::Num(n) => super::value::number_to_string(n),
                Tok::Punct("[") => return Err(Error::unsupported(t.pos, "computed property names")),
                Tok::Punct("...") => return Err(Error::unsupported(t.pos, "object spread")),
                _ => {
                    self.i -= 1;
                    return Err(self.unexpected("a property name"));
                }
            };
            let is_async_method = key == "async" && matches!(self.peek().tok, Tok::Ident(_)) && !self.peek().newline_before;
            if (key == "get" || key == "set") && matches!(self.peek().tok, Tok::Ident(_)) {
                return Err(Error::unsupported(t.pos, "getters and setters"));
            }
            if is_async_method || self.is_punct("(") {
                // A method: `name(params) { body }` or `async name(params) { body }`.
                let name = if is_async_method { self.ident_name()?.0 } else { key };
                let pos = self.peek().pos;
                let params = self.params()?;
                let body = self.function_body(is_async_method)?;
                let f = Function { name: Some(name.clone()), params, body: FunctionBody::Block(body), is_async: is_async_method, is_arrow: false, pos };
                props.push((name, Expr::Function(Box::new(f))));
            } else if self.eat_punct(":") {
                props.push((key, self.assignment()?));
            } else if matches!(t.tok, Tok::Ident(_)) {
                props.push((key.clone(), Expr::Ident(key, t.pos)));
            } else {
                return Err(self.unexpected("`:`"));
            }
            if !self.eat_punct(",") {
                break;
            }
        }
        self.expect_punct("}")?;
        Ok(Expr::Object(props))
    }
}

fn is_keyword(word: &str) -> bool {
    matches!(
        word,
        "const" | "let" | "function" | "if" | "else" | "for" | "while" | "return" | "break" | "continue" | "throw" | "try" | "catch"
            | "finally" | "new" | "true" | "false" | "null"
    )
}
