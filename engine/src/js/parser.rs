//! A recursive-descent parser for the JavaScript a lesson uses, and for TypeScript, whose types
//! it skips as it reads them: annotations, `type` aliases, `interface`s, generics, `as`, `!`,
//! `satisfies`, access modifiers and `abstract` members leave nothing in the tree, and a
//! constructor's parameter properties become a flag on the parameter. TypeScript that would
//! change what the program does (`enum`, `namespace`, decorators, `declare`) is reported as
//! unsupported where it is. Nothing here panics: every problem is an [`Error`] with a position,
//! and nesting is bounded, so a hostile program cannot exhaust the native stack.

use std::collections::HashSet;

use super::ast::*;
use super::lexer::{tokenize, Tok, Token};
use super::Error;

/// How the program is read: as a script (CommonJS), as a module, or as Node 20.20 reads a
/// `.js` file without a package type: a module when it has module syntax, else a script.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Goal {
    Script,
    Module,
    Detect,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    pub goal: Goal,
    pub typescript: bool,
}

/// Parses a whole program (a script or a module body).
pub fn parse(src: &str, options: Options) -> Result<Program, Error> {
    let mut p = Parser::new(tokenize(src, Pos { line: 1, column: 1 })?, options);
    let mut body = Vec::new();
    while !p.at_eof() {
        body.push(p.statement()?);
    }
    Ok(Program { body, module_syntax: p.module_syntax })
}

/// Words that can never name a binding.
fn is_reserved(word: &str) -> bool {
    matches!(
        word,
        "break" | "case" | "catch" | "class" | "const" | "continue" | "debugger" | "default" | "delete" | "do" | "else" | "enum"
            | "export" | "extends" | "false" | "finally" | "for" | "function" | "if" | "import" | "in" | "instanceof" | "new"
            | "null" | "return" | "super" | "switch" | "this" | "throw" | "true" | "try" | "typeof" | "var" | "void" | "while"
            | "with" | "yield" | "let" | "static" | "implements" | "interface" | "package" | "private" | "protected" | "public"
    )
}

/// The names Node's CommonJS wrapper declares: a top-level `const`/`let`/`class` of one of them
/// cannot be CommonJS, so Node 20.20 reads such a `.js` file as a module.
const COMMONJS_WRAPPER: &[&str] = &["require", "module", "exports", "__filename", "__dirname"];

/// TypeScript's access and other member modifiers, which leave nothing behind.
const TS_MODIFIERS: &[&str] = &["public", "private", "protected", "readonly", "override"];

/// How deep a program may nest. Each level of the parser's recursion counts one: a statement, an
/// expression (`(`, `[`, `{`, an operand, an argument each take a few), a pattern, a type; a
/// function's body counts one more, as parsing and compiling a function take about twice the
/// stack a block does. Past the limit a program is a syntax error ("the program nests too
/// deeply"). 200 levels (a hundred nested functions, two hundred nested blocks; lessons nest
/// fewer than 15) take at most about 800 KiB of stack in a debug build and 300 KiB in a
/// release build, measured: `evloop_robustness.rs` holds every kind of nesting to a 2 MiB
/// thread.
const MAX_DEPTH: usize = 200;

/// A class member as far as its key: what the method or field after it needs.
struct Member {
    key: PropKey,
    pos: Pos,
    kind: FunctionKind,
    is_async: bool,
    is_static: bool,
    is_abstract: bool,
}

/// The head of a `for` statement, as far as `for_init` reads it.
enum ForInit {
    /// `for (init; ...)`.
    Statement(Option<Box<Stmt>>),
    /// `for (head in ...)` or `for (head of ...)`.
    InOf(ForHead),
}

/// What a statement is, as its first tokens say.
#[derive(Clone, Copy)]
enum StatementKind {
    Decorator,
    Labeled,
    Declaration,
    ConstEnum,
    Function,
    AsyncFunction,
    Class,
    If,
    For,
    While,
    DoWhile,
    Switch,
    Return,
    Break,
    Continue,
    Throw,
    Try,
    Import,
    Export,
    With,
    Debugger,
    /// A name in TypeScript: `type`, `interface`, `abstract class`... or an expression.
    TypeScriptOrExpression,
    Block,
    Empty,
    Expression,
}

#[derive(Clone, Copy)]
struct Saved {
    i: usize,
    gt_used: usize,
}

struct Label {
    name: String,
    is_loop: bool,
}

struct Parser {
    tokens: Vec<Token>,
    i: usize,
    options: Options,
    /// Nesting of functions: whether `await` is allowed here (async function, or a module's top).
    async_context: Vec<bool>,
    /// Loops and `switch`es around the current statement, inside the current function.
    breakable: usize,
    loops: usize,
    labels: Vec<Label>,
    depth: usize,
    /// While `for (init; ...)` is read, `in` is not an operator.
    no_in: bool,
    /// How many `>` of the current token a type argument list has already taken (`>>` closes two).
    gt_used: usize,
    module_syntax: Option<Pos>,
    /// Token indices where an arrow function was tried and was not one: never tried twice, so
    /// nested parentheses cost linear time.
    not_arrow: HashSet<usize>,
    /// Whether the last `next` moved on (it stays on the end of input).
    advanced: bool,
}

impl Parser {
    fn new(tokens: Vec<Token>, options: Options) -> Self {
        let top_await = options.goal != Goal::Script;
        Parser {
            tokens,
            i: 0,
            options,
            async_context: vec![top_await],
            breakable: 0,
            loops: 0,
            labels: Vec::new(),
            depth: 0,
            no_in: false,
            gt_used: 0,
            module_syntax: None,
            not_arrow: HashSet::new(),
            advanced: false,
        }
    }

    fn ts(&self) -> bool {
        self.options.typescript
    }

    fn peek(&self) -> &Token {
        &self.tokens[self.i.min(self.tokens.len() - 1)]
    }

    fn peek_at(&self, n: usize) -> &Token {
        &self.tokens[(self.i + n).min(self.tokens.len() - 1)]
    }

    fn next(&mut self) -> Token {
        let t = self.peek().clone();
        self.advanced = self.i < self.tokens.len() - 1;
        if self.advanced {
            self.i += 1;
        }
        self.gt_used = 0;
        t
    }

    /// Gives back the token the last `next` returned (nothing, if that was the end of input).
    fn unread(&mut self) {
        if self.advanced {
            self.i -= 1;
            self.advanced = false;
        }
    }

    fn save(&self) -> Saved {
        Saved { i: self.i, gt_used: self.gt_used }
    }

    fn restore(&mut self, s: Saved) {
        self.i = s.i;
        self.gt_used = s.gt_used;
    }

    fn at_eof(&self) -> bool {
        self.peek().tok == Tok::Eof
    }

    fn is_punct(&self, p: &str) -> bool {
        matches!(&self.peek().tok, Tok::Punct(q) if *q == p)
    }

    fn is_punct_at(&self, n: usize, p: &str) -> bool {
        matches!(&self.peek_at(n).tok, Tok::Punct(q) if *q == p)
    }

    fn is_ident(&self, name: &str) -> bool {
        matches!(&self.peek().tok, Tok::Ident(n) if n == name)
    }

    fn is_ident_at(&self, n: usize, name: &str) -> bool {
        matches!(&self.peek_at(n).tok, Tok::Ident(w) if w == name)
    }

    fn is_any_ident_at(&self, n: usize) -> bool {
        matches!(&self.peek_at(n).tok, Tok::Ident(_))
    }

    fn eat_punct(&mut self, p: &str) -> bool {
        if self.is_punct(p) {
            self.next();
            true
        } else {
            false
        }
    }

    fn eat_ident(&mut self, name: &str) -> bool {
        if self.is_ident(name) {
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
            Tok::Private(n) => format!("`#{n}`"),
            Tok::Num(n) => format!("the number {}", super::value::number_to_string(*n)),
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

    /// Any identifier, keywords included: a property name.
    fn ident_name(&mut self) -> Result<(String, Pos), Error> {
        match self.peek().tok.clone() {
            Tok::Ident(n) => {
                let pos = self.next().pos;
                Ok((n, pos))
            }
            _ => Err(self.unexpected("a name")),
        }
    }

    /// A binding name: an identifier that is not a reserved word.
    fn binding_name(&mut self) -> Result<(String, Pos), Error> {
        let pos = self.peek().pos;
        let (name, pos) = match self.peek().tok.clone() {
            Tok::Ident(n) => {
                self.next();
                (n, pos)
            }
            _ => return Err(self.unexpected("a name")),
        };
        if is_reserved(&name) {
            return Err(Error::syntax(pos, format!("`{name}` cannot be used as a name here")));
        }
        if name == "await" && *self.async_context.last().unwrap() {
            return Err(Error::syntax(pos, "`await` cannot be used as a name here".into()));
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

    fn leave(&mut self) {
        self.depth -= 1;
    }

    fn saw_module_syntax(&mut self, pos: Pos) -> Result<(), Error> {
        if self.options.goal == Goal::Script {
            return Err(Error::syntax(pos, "Cannot use import statement outside a module".into()));
        }
        self.module_syntax.get_or_insert(pos);
        Ok(())
    }

    fn at_top_level(&self) -> bool {
        self.async_context.len() == 1
    }

    // ----- statements -----

    fn statement(&mut self) -> Result<Stmt, Error> {
        self.enter()?;
        let s = self.statement_inner();
        self.leave();
        s
    }

    fn statement_inner(&mut self) -> Result<Stmt, Error> {
        // Each kind of statement is read by a function of its own, so that this frame, which
        // every level of nesting holds, stays small (a debug build gives every local of every
        // arm a slot of its own).
        let pos = self.peek().pos;
        match self.statement_kind() {
            StatementKind::Decorator => Err(Error::unsupported(pos, "decorators")),
            StatementKind::Labeled => self.labeled(),
            StatementKind::Declaration => self.declaration_statement(),
            StatementKind::ConstEnum => Err(Error::unsupported(pos, "TypeScript `enum`")),
            StatementKind::Function => self.function_declaration(false, pos),
            StatementKind::AsyncFunction => {
                self.next();
                self.function_declaration(true, pos)
            }
            StatementKind::Class => self.class_declaration(),
            StatementKind::If => self.if_statement(),
            StatementKind::For => self.for_statement(),
            StatementKind::While => self.while_statement(),
            StatementKind::DoWhile => self.do_while_statement(),
            StatementKind::Switch => self.switch_statement(),
            StatementKind::Return => self.return_statement(),
            StatementKind::Break => self.break_or_continue(true, pos),
            StatementKind::Continue => self.break_or_continue(false, pos),
            StatementKind::Throw => self.throw_statement(),
            StatementKind::Try => self.try_statement(),
            StatementKind::Import => self.import_declaration(),
            StatementKind::Export => self.export_declaration(),
            StatementKind::With => Err(Error::unsupported(pos, "`with`")),
            StatementKind::Debugger => {
                self.next();
                self.end_statement()?;
                Ok(Stmt::Empty)
            }
            StatementKind::TypeScriptOrExpression => self.typescript_or_expression_statement(),
            StatementKind::Block => self.block().map(Stmt::Block),
            StatementKind::Empty => {
                self.next();
                Ok(Stmt::Empty)
            }
            StatementKind::Expression => self.expression_statement(),
        }
    }

    /// What kind of statement starts at the cursor.
    fn statement_kind(&self) -> StatementKind {
        let word = match &self.peek().tok {
            Tok::Punct("@") => return StatementKind::Decorator,
            Tok::Punct("{") => return StatementKind::Block,
            Tok::Punct(";") => return StatementKind::Empty,
            Tok::Ident(word) => word.as_str(),
            _ => return StatementKind::Expression,
        };
        // A label: `name:` before a statement.
        if self.is_punct_at(1, ":") && !is_reserved(word) {
            return StatementKind::Labeled;
        }
        match word {
            "const" if self.is_ident_at(1, "enum") => StatementKind::ConstEnum,
            "var" | "const" => StatementKind::Declaration,
            "let" if matches!(self.peek_at(1).tok, Tok::Ident(_) | Tok::Punct("[") | Tok::Punct("{")) => StatementKind::Declaration,
            "function" => StatementKind::Function,
            "async" if self.is_ident_at(1, "function") && !self.peek_at(1).newline_before => StatementKind::AsyncFunction,
            "class" => StatementKind::Class,
            "if" => StatementKind::If,
            "for" => StatementKind::For,
            "while" => StatementKind::While,
            "do" => StatementKind::DoWhile,
            "switch" => StatementKind::Switch,
            "return" => StatementKind::Return,
            "break" => StatementKind::Break,
            "continue" => StatementKind::Continue,
            "throw" => StatementKind::Throw,
            "try" => StatementKind::Try,
            "import" if !self.is_punct_at(1, "(") && !self.is_punct_at(1, ".") => StatementKind::Import,
            "export" => StatementKind::Export,
            "with" => StatementKind::With,
            "debugger" => StatementKind::Debugger,
            _ if self.ts() => StatementKind::TypeScriptOrExpression,
            _ => StatementKind::Expression,
        }
    }

    fn class_declaration(&mut self) -> Result<Stmt, Error> {
        let pos = self.peek().pos;
        let class = self.class(true)?;
        self.check_commonjs_redeclaration(class.name.as_deref(), pos);
        Ok(Stmt::Class(class))
    }

    fn while_statement(&mut self) -> Result<Stmt, Error> {
        self.next();
        let test = self.condition()?;
        let body = self.loop_body()?;
        Ok(Stmt::While { test, body })
    }

    fn do_while_statement(&mut self) -> Result<Stmt, Error> {
        self.next();
        let body = self.loop_body()?;
        if !self.eat_ident("while") {
            return Err(self.unexpected("`while`"));
        }
        let test = self.condition()?;
        // After `do ... while (...)` a semicolon is always optional.
        self.eat_punct(";");
        Ok(Stmt::DoWhile { body, test })
    }

    fn return_statement(&mut self) -> Result<Stmt, Error> {
        let pos = self.next().pos;
        if self.at_top_level() {
            return Err(Error::syntax(pos, "Illegal return statement".into()));
        }
        let value = if self.is_punct(";") || self.is_punct("}") || self.at_eof() || self.peek().newline_before {
            None
        } else {
            Some(self.expression()?)
        };
        self.end_statement()?;
        Ok(Stmt::Return(value, pos))
    }

    fn throw_statement(&mut self) -> Result<Stmt, Error> {
        let pos = self.next().pos;
        if self.peek().newline_before {
            return Err(Error::syntax(pos, "Illegal newline after throw".into()));
        }
        let e = self.expression()?;
        self.end_statement()?;
        Ok(Stmt::Throw(e, pos))
    }

    /// In TypeScript, a statement that starts with a name may be a declaration of types only.
    fn typescript_or_expression_statement(&mut self) -> Result<Stmt, Error> {
        let t = self.peek().clone();
        if let Tok::Ident(word) = &t.tok {
            if let Some(s) = self.typescript_statement(word, t.pos)? {
                return Ok(s);
            }
        }
        self.expression_statement()
    }

    fn expression_statement(&mut self) -> Result<Stmt, Error> {
        let e = self.expression()?;
        self.end_statement()?;
        Ok(Stmt::Expr(e))
    }

    /// TypeScript's declarations that only declare types, and the ones out of scope.
    fn typescript_statement(&mut self, word: &str, pos: Pos) -> Result<Option<Stmt>, Error> {
        let next_is_name = self.is_any_ident_at(1) && !self.peek_at(1).newline_before;
        match word {
            "type" if next_is_name && (self.is_punct_at(2, "=") || self.is_punct_at(2, "<")) => {
                self.next();
                self.next();
                if self.is_punct("<") {
                    self.skip_type_params()?;
                }
                self.expect_punct("=")?;
                self.skip_type()?;
                self.end_statement()?;
                Ok(Some(Stmt::Empty))
            }
            "interface" if next_is_name => {
                self.skip_interface()?;
                Ok(Some(Stmt::Empty))
            }
            "abstract" if self.is_ident_at(1, "class") => {
                self.next();
                let class = self.class(true)?;
                Ok(Some(Stmt::Class(class)))
            }
            "enum" if next_is_name => Err(Error::unsupported(pos, "TypeScript `enum`")),
            "declare" if next_is_name => Err(Error::unsupported(pos, "TypeScript `declare`")),
            "namespace" | "module" if next_is_name && (self.is_punct_at(2, "{") || self.is_punct_at(2, ".")) => {
                Err(Error::unsupported(pos, "TypeScript namespaces"))
            }
            _ => Ok(None),
        }
    }

    fn skip_interface(&mut self) -> Result<(), Error> {
        self.next(); // `interface`
        self.next(); // its name
        if self.is_punct("<") {
            self.skip_type_params()?;
        }
        if self.eat_ident("extends") {
            loop {
                self.skip_type_reference()?;
                if !self.eat_punct(",") {
                    break;
                }
            }
        }
        self.skip_balanced("{", "}")
    }

    fn labeled(&mut self) -> Result<Stmt, Error> {
        let (label, pos) = self.label()?;
        let body = self.boxed_statement();
        self.labels.pop();
        Ok(Stmt::Labeled { label, body: body?, pos })
    }

    /// `name:` before a statement: the label is pushed for the statement to see.
    fn label(&mut self) -> Result<(String, Pos), Error> {
        let (label, pos) = self.ident_name()?;
        self.next(); // `:`
        if self.labels.iter().any(|l| l.name == label) {
            return Err(Error::syntax(pos, format!("Label '{label}' has already been declared")));
        }
        let is_loop = self.is_ident("for") || self.is_ident("while") || self.is_ident("do");
        self.labels.push(Label { name: label.clone(), is_loop });
        Ok((label, pos))
    }

    /// A statement, boxed as soon as it is read: the frames it passes through on the way up
    /// hold a pointer, not the statement.
    fn boxed_statement(&mut self) -> Result<Box<Stmt>, Error> {
        self.statement().map(Box::new)
    }

    fn break_or_continue(&mut self, is_break: bool, pos: Pos) -> Result<Stmt, Error> {
        self.next();
        let label = match self.peek().tok.clone() {
            Tok::Ident(name) if !self.peek().newline_before && !is_reserved(&name) => {
                let lpos = self.next().pos;
                match self.labels.iter().find(|l| l.name == name) {
                    None => return Err(Error::syntax(lpos, format!("Undefined label '{name}'"))),
                    Some(l) if !is_break && !l.is_loop => {
                        return Err(Error::syntax(lpos, format!("Illegal continue statement: '{name}' does not denote an iteration statement")))
                    }
                    Some(_) => {}
                }
                Some(name)
            }
            _ => None,
        };
        if label.is_none() {
            if is_break && self.breakable == 0 {
                return Err(Error::syntax(pos, "Illegal break statement".into()));
            }
            if !is_break && self.loops == 0 {
                return Err(Error::syntax(pos, "Illegal continue statement: no surrounding iteration statement".into()));
            }
        }
        self.end_statement()?;
        Ok(if is_break { Stmt::Break(label, pos) } else { Stmt::Continue(label, pos) })
    }

    fn loop_body(&mut self) -> Result<Box<Stmt>, Error> {
        self.breakable += 1;
        self.loops += 1;
        let body = self.boxed_statement();
        self.breakable -= 1;
        self.loops -= 1;
        body
    }

    fn block(&mut self) -> Result<Vec<Stmt>, Error> {
        self.expect_punct("{")?;
        let mut body = Vec::new();
        while !self.is_punct("}") {
            if self.at_eof() {
                return Err(self.unexpected("`}`"));
            }
            self.statement().map(|s| body.push(s))?;
        }
        self.next();
        Ok(body)
    }

    /// `(expression)`, as after `if`, `while` and `switch`.
    fn condition(&mut self) -> Result<Expr, Error> {
        self.expect_punct("(")?;
        let test = self.expression()?;
        self.expect_punct(")")?;
        Ok(test)
    }

    fn if_statement(&mut self) -> Result<Stmt, Error> {
        self.next();
        let test = self.condition()?;
        let then = self.boxed_statement()?;
        let otherwise = if self.eat_ident("else") { Some(self.boxed_statement()?) } else { None };
        Ok(Stmt::If { test, then, otherwise })
    }

    fn var_kind(&mut self) -> Option<VarKind> {
        let kind = match &self.peek().tok {
            Tok::Ident(w) if w == "var" => VarKind::Var,
            Tok::Ident(w) if w == "let" => VarKind::Let,
            Tok::Ident(w) if w == "const" => VarKind::Const,
            _ => return None,
        };
        self.next();
        Some(kind)
    }

    fn declaration_statement(&mut self) -> Result<Stmt, Error> {
        let pos = self.peek().pos;
        let kind = self.var_kind().expect("called at var, let or const");
        let decls = self.declarators(kind)?;
        self.end_statement()?;
        Ok(Stmt::Decl { kind, decls, pos })
    }

    fn declarators(&mut self, kind: VarKind) -> Result<Vec<Declarator>, Error> {
        let mut decls = Vec::new();
        loop {
            let pos = self.peek().pos;
            let target = self.binding_pattern()?;
            if kind != VarKind::Var {
                if let Pattern::Ident(name, _) = &target {
                    self.check_commonjs_redeclaration(Some(name), pos);
                }
            }
            if self.ts() {
                // `let x!: number` (definitely assigned) and the annotation.
                if matches!(target, Pattern::Ident(..)) && !self.peek().newline_before {
                    self.eat_punct("!");
                }
                if self.eat_punct(":") {
                    self.skip_type()?;
                }
            }
            let init = if self.eat_punct("=") { Some(self.assignment()?) } else { None };
            if init.is_none() && !self.is_ident("in") && !self.is_ident("of") {
                if kind == VarKind::Const {
                    return Err(Error::syntax(pos, "Missing initializer in const declaration".into()));
                }
                if !matches!(target, Pattern::Ident(..)) {
                    return Err(Error::syntax(pos, "Missing initializer in destructuring declaration".into()));
                }
            }
            decls.push(Declarator { target, init, pos });
            if !self.eat_punct(",") {
                return Ok(decls);
            }
        }
    }

    fn check_commonjs_redeclaration(&mut self, name: Option<&str>, pos: Pos) {
        if self.at_top_level() && self.options.goal == Goal::Detect && name.is_some_and(|n| COMMONJS_WRAPPER.contains(&n)) {
            self.module_syntax.get_or_insert(pos);
        }
    }

    fn for_statement(&mut self) -> Result<Stmt, Error> {
        let for_pos = self.next().pos;
        if self.is_ident("await") {
            return Err(Error::unsupported(for_pos, "`for await`"));
        }
        self.expect_punct("(")?;
        let init = match self.for_init()? {
            ForInit::Statement(init) => init,
            ForInit::InOf(head) => return self.for_in_of(head, for_pos),
        };
        self.expect_punct(";")?;
        let test = if self.is_punct(";") { None } else { Some(self.expression()?) };
        self.expect_punct(";")?;
        let update = if self.is_punct(")") { None } else { Some(self.expression()?) };
        self.expect_punct(")")?;
        let body = self.loop_body()?;
        Ok(Stmt::For { init, test, update, body })
    }

    /// What follows `for (`: the first part of a three-part loop, or the head of a `for ... in`
    /// or `for ... of`.
    fn for_init(&mut self) -> Result<ForInit, Error> {
        if self.is_punct(";") {
            return Ok(ForInit::Statement(None));
        }
        if self.is_ident("var") || self.is_ident("const") || (self.is_ident("let") && matches!(self.peek_at(1).tok, Tok::Ident(_) | Tok::Punct("[") | Tok::Punct("{"))) {
            let pos = self.peek().pos;
            let kind = self.var_kind().expect("a declaration keyword");
            self.no_in = true;
            let decls = self.declarators(kind);
            self.no_in = false;
            let mut decls = decls?;
            if (self.is_ident("of") || self.is_ident("in")) && decls.len() == 1 && decls[0].init.is_none() {
                return Ok(ForInit::InOf(ForHead::Decl(kind, decls.pop().unwrap().target)));
            }
            return Ok(ForInit::Statement(Some(Box::new(Stmt::Decl { kind, decls, pos }))));
        }
        let start = self.save();
        self.no_in = true;
        let e = self.expression();
        self.no_in = false;
        let e = e?;
        if self.is_ident("of") || self.is_ident("in") {
            // Read the head again as an assignment target.
            self.restore(start);
            let target = self.left_hand_side()?;
            return Ok(ForInit::InOf(ForHead::Target(self.pattern_of(target)?)));
        }
        Ok(ForInit::Statement(Some(Box::new(Stmt::Expr(e)))))
    }

    fn for_in_of(&mut self, head: ForHead, pos: Pos) -> Result<Stmt, Error> {
        let is_of = self.is_ident("of");
        self.next();
        let object = if is_of { self.assignment()? } else { self.expression()? };
        self.expect_punct(")")?;
        let body = self.loop_body()?;
        Ok(if is_of { Stmt::ForOf { head, iterable: object, body, pos } } else { Stmt::ForIn { head, object, body, pos } })
    }

    fn switch_statement(&mut self) -> Result<Stmt, Error> {
        let pos = self.next().pos;
        let discriminant = self.condition()?;
        self.expect_punct("{")?;
        let mut cases: Vec<SwitchCase> = Vec::new();
        self.breakable += 1;
        let result = self.switch_cases(&mut cases);
        self.breakable -= 1;
        result?;
        Ok(Stmt::Switch { discriminant, cases, pos })
    }

    /// The clauses of a `switch` up to its `}`.
    fn switch_cases(&mut self, cases: &mut Vec<SwitchCase>) -> Result<(), Error> {
        while !self.eat_punct("}") {
            let test = self.case_test(cases)?;
            self.expect_punct(":")?;
            let mut body = Vec::new();
            while !self.is_ident("case") && !self.is_ident("default") && !self.is_punct("}") {
                if self.at_eof() {
                    return Err(self.unexpected("`}`"));
                }
                self.statement().map(|s| body.push(s))?;
            }
            cases.push(SwitchCase { test, body });
        }
        Ok(())
    }

    /// `case test` (`Some`) or `default` (`None`), after the clauses in `cases`.
    fn case_test(&mut self, cases: &[SwitchCase]) -> Result<Option<Expr>, Error> {
        if self.eat_ident("case") {
            return self.expression().map(Some);
        }
        if !self.is_ident("default") {
            return Err(self.unexpected("`case`, `default` or `}`"));
        }
        let pos = self.next().pos;
        if cases.iter().any(|c| c.test.is_none()) {
            return Err(Error::syntax(pos, "More than one default clause in switch statement".into()));
        }
        Ok(None)
    }

    fn try_statement(&mut self) -> Result<Stmt, Error> {
        let pos = self.next().pos;
        let body = self.block()?;
        let (param, handler) = if self.eat_ident("catch") { (self.catch_param()?, Some(self.block()?)) } else { (None, None) };
        let finalizer = if self.eat_ident("finally") { Some(self.block()?) } else { None };
        if handler.is_none() && finalizer.is_none() {
            return Err(Error::syntax(pos, "Missing catch or finally after try".into()));
        }
        Ok(Stmt::Try { body, param, handler, finalizer })
    }

    /// `(pattern)` after `catch`, if there is one.
    fn catch_param(&mut self) -> Result<Option<Pattern>, Error> {
        if !self.eat_punct("(") {
            return Ok(None);
        }
        let param = self.binding_pattern()?;
        if self.ts() && self.eat_punct(":") {
            self.skip_type()?;
        }
        self.expect_punct(")")?;
        Ok(Some(param))
    }

    fn import_declaration(&mut self) -> Result<Stmt, Error> {
        let pos = self.next().pos;
        self.saw_module_syntax(pos)?;
        if self.ts() && self.is_ident("type") && !self.is_punct_at(1, ",") && !self.is_ident_at(1, "from") {
            // `import type { X } from "m"`: types only.
            while !self.at_eof() && !matches!(self.peek().tok, Tok::Str(_)) {
                self.next();
            }
            self.next();
            self.end_statement()?;
            return Ok(Stmt::Empty);
        }
        let mut specifiers = Vec::new();
        if let Tok::Str(source) = self.peek().tok.clone() {
            self.next();
            self.end_statement()?;
            return Ok(Stmt::Import(Import { specifiers, source, pos }));
        }
        if matches!(self.peek().tok, Tok::Ident(_)) {
            let (local, lpos) = self.binding_name()?;
            if self.ts() && self.is_punct("=") {
                return Err(Error::unsupported(pos, "TypeScript `import = require()`"));
            }
            specifiers.push(ImportSpecifier::Default(local, lpos));
            if !self.eat_punct(",") {
                return self.import_from(specifiers, pos);
            }
        }
        if self.eat_punct("*") {
            if !self.eat_ident("as") {
                return Err(self.unexpected("`as`"));
            }
            let (local, lpos) = self.binding_name()?;
            specifiers.push(ImportSpecifier::Namespace(local, lpos));
        } else if self.eat_punct("{") {
            while !self.eat_punct("}") {
                let type_only = self.ts() && self.is_ident("type") && self.is_any_ident_at(1) && !self.is_ident_at(1, "as");
                if type_only {
                    self.next();
                }
                let (imported, ipos) = match self.peek().tok.clone() {
                    Tok::Str(s) => (s, self.next().pos),
                    _ => self.ident_name()?,
                };
                let local = if self.eat_ident("as") { self.binding_name()?.0 } else { imported.clone() };
                if is_reserved(&local) {
                    return Err(Error::syntax(ipos, format!("`{local}` cannot be used as a name here")));
                }
                if !type_only {
                    specifiers.push(ImportSpecifier::Named { imported, local, pos: ipos });
                }
                if !self.eat_punct(",") {
                    self.expect_punct("}")?;
                    break;
                }
            }
        } else {
            return Err(self.unexpected("an import specifier"));
        }
        self.import_from(specifiers, pos)
    }

    fn import_from(&mut self, specifiers: Vec<ImportSpecifier>, pos: Pos) -> Result<Stmt, Error> {
        if !self.eat_ident("from") {
            return Err(self.unexpected("`from`"));
        }
        let source = match self.next().tok {
            Tok::Str(s) => s,
            _ => {
                self.unread();
                return Err(self.unexpected("a module name in quotes"));
            }
        };
        if self.is_ident("with") || self.is_ident("assert") {
            return Err(Error::unsupported(self.peek().pos, "import attributes"));
        }
        self.end_statement()?;
        Ok(Stmt::Import(Import { specifiers, source, pos }))
    }

    fn export_declaration(&mut self) -> Result<Stmt, Error> {
        let pos = self.next().pos;
        self.saw_module_syntax(pos)?;
        let t = self.peek().clone();
        match &t.tok {
            Tok::Ident(w) if w == "default" => {
                self.next();
                let is_function = self.is_ident("function") || (self.is_ident("async") && self.is_ident_at(1, "function"));
                if is_function || self.is_ident("class") {
                    let e = self.assignment()?;
                    self.eat_punct(";");
                    return Ok(Stmt::ExportDefault(e, pos));
                }
                let e = self.assignment()?;
                self.end_statement()?;
                Ok(Stmt::ExportDefault(e, pos))
            }
            Tok::Punct("{") => {
                self.next();
                let mut names = Vec::new();
                while !self.eat_punct("}") {
                    let type_only = self.ts() && self.is_ident("type") && self.is_any_ident_at(1) && !self.is_ident_at(1, "as");
                    if type_only {
                        self.next();
                    }
                    let (local, _) = self.ident_name()?;
                    let exported = if self.eat_ident("as") { self.ident_name()?.0 } else { local.clone() };
                    if !type_only {
                        names.push((local, exported));
                    }
                    if !self.eat_punct(",") {
                        self.expect_punct("}")?;
                        break;
                    }
                }
                let from = if self.eat_ident("from") {
                    match self.next().tok {
                        Tok::Str(s) => Some(s),
                        _ => {
                            self.unread();
                            return Err(self.unexpected("a module name in quotes"));
                        }
                    }
                } else {
                    None
                };
                self.end_statement()?;
                Ok(Stmt::ExportNamed { names, from, pos })
            }
            Tok::Punct("*") => Err(Error::unsupported(t.pos, "`export * from`")),
            Tok::Punct("=") if self.ts() => Err(Error::unsupported(t.pos, "TypeScript `export =`")),
            Tok::Ident(w) if self.ts() && w == "type" && self.is_punct_at(1, "{") => {
                self.next();
                self.skip_balanced("{", "}")?;
                if self.eat_ident("from") {
                    self.next();
                }
                self.end_statement()?;
                Ok(Stmt::Empty)
            }
            _ => {
                let decl = self.statement()?;
                match decl {
                    Stmt::Decl { .. } | Stmt::Function(_) | Stmt::Class(_) | Stmt::Empty => Ok(Stmt::ExportDecl(Box::new(decl))),
                    _ => Err(Error::syntax(t.pos, "`export` must be followed by a declaration".into())),
                }
            }
        }
    }

    // ----- functions and classes -----

    fn function_declaration(&mut self, is_async: bool, pos: Pos) -> Result<Stmt, Error> {
        match self.function(is_async, pos, true)? {
            Some(f) => Ok(Stmt::Function(f)),
            // A TypeScript overload signature: no body, nothing to run.
            None => Ok(Stmt::Empty),
        }
    }

    /// `function name(params) { body }`, after `async` if any. `None` for a TypeScript overload
    /// signature (a declaration without a body).
    fn function(&mut self, is_async: bool, pos: Pos, declaration: bool) -> Result<Option<Function>, Error> {
        let (name, params) = self.function_head(is_async, declaration)?;
        if self.ts() && declaration && !self.is_punct("{") {
            self.end_statement()?;
            return Ok(None);
        }
        let body = self.function_body(is_async)?;
        Ok(Some(Function { name, params, body: FunctionBody::Block(body), is_async, kind: FunctionKind::Normal, pos }))
    }

    /// `function name(params)` and TypeScript's type parameters and return type.
    fn function_head(&mut self, is_async: bool, declaration: bool) -> Result<(Option<String>, Vec<Param>), Error> {
        self.next(); // `function`
        if self.is_punct("*") {
            return Err(Error::unsupported(self.peek().pos, "generator functions"));
        }
        let name = if matches!(self.peek().tok, Tok::Ident(_)) && !self.is_punct("(") {
            Some(self.binding_name()?.0)
        } else if declaration {
            return Err(self.unexpected("a function name"));
        } else {
            None
        };
        if self.ts() && self.is_punct("<") {
            self.skip_type_params()?;
        }
        let params = self.params(is_async, false)?;
        self.return_type()?;
        Ok((name, params))
    }

    /// A TypeScript return type annotation, if any.
    fn return_type(&mut self) -> Result<(), Error> {
        if self.ts() && self.eat_punct(":") {
            self.skip_return_type()?;
        }
        Ok(())
    }

    /// `(params)`; in a constructor, TypeScript's access modifiers make parameter properties.
    fn params(&mut self, is_async: bool, constructor: bool) -> Result<Vec<Param>, Error> {
        self.expect_punct("(")?;
        // Default values are read in the function's own context (`await` in an async one's
        // parameters is an error in JavaScript; it is reported where it is used).
        self.async_context.push(is_async);
        let result = self.param_list(constructor);
        self.async_context.pop();
        result
    }

    fn param_list(&mut self, constructor: bool) -> Result<Vec<Param>, Error> {
        let mut params = Vec::new();
        while !self.is_punct(")") {
            let mut property = false;
            if self.ts() {
                while matches!(&self.peek().tok, Tok::Ident(w) if TS_MODIFIERS.contains(&w.as_str()))
                    && matches!(self.peek_at(1).tok, Tok::Ident(_) | Tok::Punct("{") | Tok::Punct("["))
                {
                    let m = self.next();
                    if !constructor {
                        return Err(Error::syntax(m.pos, "A parameter property is only allowed in a constructor implementation".into()));
                    }
                    property = true;
                }
                // `this: Type` declares what `this` is; it is not a parameter.
                if self.is_ident("this") && self.is_punct_at(1, ":") {
                    self.next();
                    self.next();
                    self.skip_type()?;
                    if !self.eat_punct(",") {
                        break;
                    }
                    continue;
                }
            }
            let rest = self.eat_punct("...");
            let pattern = self.binding_pattern()?;
            if self.ts() {
                self.eat_punct("?");
                if self.eat_punct(":") {
                    self.skip_type()?;
                }
            }
            let default = if self.eat_punct("=") { Some(self.assignment()?) } else { None };
            if rest && (default.is_some() || self.is_punct(",")) {
                return Err(Error::syntax(self.peek().pos, "Rest parameter must be last formal parameter".into()));
            }
            params.push(Param { pattern, default, rest, property });
            if !self.eat_punct(",") {
                break;
            }
        }
        self.expect_punct(")")?;
        Ok(params)
    }

    /// The block of a function, a method or a static block. It counts as two levels of nesting
    /// (see [`MAX_DEPTH`]).
    fn function_body(&mut self, is_async: bool) -> Result<Vec<Stmt>, Error> {
        self.enter()?;
        self.async_context.push(is_async);
        let saved = (std::mem::take(&mut self.breakable), std::mem::take(&mut self.loops), std::mem::take(&mut self.labels));
        let body = self.block();
        (self.breakable, self.loops, self.labels) = saved;
        self.async_context.pop();
        self.leave();
        body
    }

    fn class(&mut self, declaration: bool) -> Result<Class, Error> {
        let pos = self.next().pos; // `class`
        let (name, extends) = self.class_heritage(declaration)?;
        self.expect_punct("{")?;
        let mut members = Vec::new();
        let mut constructor = None;
        while !self.eat_punct("}") {
            if self.at_eof() {
                return Err(self.unexpected("`}`"));
            }
            if !self.eat_punct(";") {
                self.class_member(extends.is_some(), &mut constructor, &mut members)?;
            }
        }
        Ok(Class { name, extends, constructor, members, pos })
    }

    /// A class's name, type parameters, `extends` and `implements`.
    fn class_heritage(&mut self, declaration: bool) -> Result<(Option<String>, Option<Box<Expr>>), Error> {
        let name = if matches!(&self.peek().tok, Tok::Ident(w) if w != "extends" && w != "implements") {
            Some(self.binding_name()?.0)
        } else if declaration {
            return Err(self.unexpected("a class name"));
        } else {
            None
        };
        if self.ts() && self.is_punct("<") {
            self.skip_type_params()?;
        }
        let extends = if self.eat_ident("extends") {
            let e = self.left_hand_side()?;
            if self.ts() && self.is_punct("<") {
                self.skip_type_args()?;
            }
            Some(Box::new(e))
        } else {
            None
        };
        if self.ts() && self.eat_ident("implements") {
            loop {
                self.skip_type_reference()?;
                if !self.eat_punct(",") {
                    break;
                }
            }
        }
        Ok((name, extends))
    }

    /// Whether the word at the cursor is a modifier (and not, say, a method named `static`).
    fn modifier_follows(&self) -> bool {
        !self.peek_at(1).newline_before
            && matches!(self.peek_at(1).tok, Tok::Ident(_) | Tok::Private(_) | Tok::Str(_) | Tok::Num(_) | Tok::Punct("[") | Tok::Punct("*") | Tok::Punct("{") | Tok::Punct("#"))
    }

    /// One member of a class body, added to `members`: TypeScript's signatures and abstract
    /// members leave nothing, the constructor goes to `constructor`. (Methods and fields are
    /// read by functions of their own: this frame is on every level of nested classes.)
    fn class_member(&mut self, derived: bool, constructor: &mut Option<Box<Function>>, members: &mut Vec<ClassMember>) -> Result<(), Error> {
        if self.is_punct("@") {
            return Err(Error::unsupported(self.peek().pos, "decorators"));
        }
        let Some((is_static, is_abstract)) = self.member_modifiers()? else {
            self.next(); // `static`
            let body = self.function_body(false)?;
            members.push(ClassMember::StaticBlock(body));
            return Ok(());
        };
        if self.ts() && self.is_punct("[") && self.is_any_ident_at(1) && self.is_punct_at(2, ":") {
            return self.skip_index_signature();
        }
        let m = self.member_key(is_static, is_abstract)?;
        if self.is_punct("(") || (self.ts() && self.is_punct("<")) {
            return self.class_method(m, derived, constructor, members);
        }
        if m.kind != FunctionKind::Method || m.is_async {
            return Err(self.unexpected("`(`"));
        }
        self.class_field(m, members)
    }

    /// A member's `get`, `set` or `async`, and its key.
    fn member_key(&mut self, is_static: bool, is_abstract: bool) -> Result<Member, Error> {
        let mut kind = FunctionKind::Method;
        let mut is_async = false;
        if matches!(&self.peek().tok, Tok::Ident(w) if w == "get" || w == "set") && self.modifier_follows() {
            kind = if self.next().tok == Tok::Ident("get".into()) { FunctionKind::Getter } else { FunctionKind::Setter };
        } else if self.is_ident("async") && self.modifier_follows() {
            self.next();
            is_async = true;
        }
        if self.is_punct("*") {
            return Err(Error::unsupported(self.peek().pos, "generator methods"));
        }
        let pos = self.peek().pos;
        let key = self.property_key()?;
        if self.ts() {
            // Optional (`name?`) and definitely assigned (`name!`) members.
            if !self.eat_punct("?") {
                self.eat_punct("!");
            }
        }
        Ok(Member { key, pos, kind, is_async, is_static, is_abstract })
    }

    /// The modifiers before a member's name (`static`, and in TypeScript `abstract`, `public`
    /// and the like): whether it is static and abstract, or `None` before a `static { ... }`
    /// block.
    fn member_modifiers(&mut self) -> Result<Option<(bool, bool)>, Error> {
        let mut is_static = false;
        let mut is_abstract = false;
        loop {
            match &self.peek().tok {
                Tok::Ident(w) if w == "static" && self.is_punct_at(1, "{") => return Ok(None),
                Tok::Ident(w) if w == "static" && self.modifier_follows() => {
                    self.next();
                    is_static = true;
                }
                Tok::Ident(w) if self.ts() && w == "abstract" && self.modifier_follows() => {
                    self.next();
                    is_abstract = true;
                }
                Tok::Ident(w) if self.ts() && w == "declare" && self.modifier_follows() => {
                    return Err(Error::unsupported(self.peek().pos, "TypeScript `declare` fields"));
                }
                Tok::Ident(w) if self.ts() && TS_MODIFIERS.contains(&w.as_str()) && self.modifier_follows() => {
                    self.next();
                }
                _ => return Ok(Some((is_static, is_abstract))),
            }
        }
    }

    /// TypeScript's index signatures: `[key: string]: T;`.
    fn skip_index_signature(&mut self) -> Result<(), Error> {
        self.skip_balanced("[", "]")?;
        if self.eat_punct(":") {
            self.skip_type()?;
        }
        self.end_statement()
    }

    /// A method, getter, setter or the constructor, after its key.
    fn class_method(&mut self, m: Member, derived: bool, constructor: &mut Option<Box<Function>>, members: &mut Vec<ClassMember>) -> Result<(), Error> {
        let is_constructor = !m.is_static && matches!(&m.key, PropKey::Name(n) if n == "constructor") && m.kind == FunctionKind::Method;
        if self.ts() && self.is_punct("<") {
            self.skip_type_params()?;
        }
        let params = self.params(m.is_async, is_constructor)?;
        self.return_type()?;
        if self.ts() && !self.is_punct("{") {
            // An overload signature or an abstract method: nothing runs.
            return self.end_statement();
        }
        if m.is_abstract {
            return Err(Error::syntax(m.pos, "an abstract method cannot have a body".into()));
        }
        let body = self.function_body(m.is_async)?;
        let kind = if is_constructor { FunctionKind::Constructor { derived } } else { m.kind };
        let function = Function { name: None, params, body: FunctionBody::Block(body), is_async: m.is_async, kind, pos: m.pos };
        add_method(m, function, constructor, members)
    }

    /// A field, after its key.
    fn class_field(&mut self, m: Member, members: &mut Vec<ClassMember>) -> Result<(), Error> {
        if self.ts() && self.eat_punct(":") {
            self.skip_type()?;
        }
        let value = if self.eat_punct("=") {
            // A field initialiser runs like a method body: `this` is the instance, no `await`.
            self.async_context.push(false);
            let v = self.assignment();
            self.async_context.pop();
            Some(v?)
        } else {
            None
        };
        self.end_statement()?;
        if !m.is_abstract {
            members.push(ClassMember::Field { key: m.key, is_static: m.is_static, value, pos: m.pos });
        }
        Ok(())
    }

    /// A property name in an object literal or a class: a name, string, number, `[computed]` or
    /// `#private`.
    fn property_key(&mut self) -> Result<PropKey, Error> {
        let t = self.next();
        Ok(match t.tok {
            Tok::Ident(n) => PropKey::Name(n),
            Tok::Str(s) => PropKey::Name(s),
            Tok::Num(n) => PropKey::Name(super::value::number_to_string(n)),
            Tok::Private(n) => PropKey::Private(n),
            Tok::Punct("[") => {
                let e = self.assignment()?;
                self.expect_punct("]")?;
                PropKey::Computed(Box::new(e))
            }
            _ => {
                self.unread();
                return Err(self.unexpected("a property name"));
            }
        })
    }

    // ----- patterns -----

    fn binding_pattern(&mut self) -> Result<Pattern, Error> {
        self.enter()?;
        let p = self.binding_pattern_inner();
        self.leave();
        p
    }

    fn binding_pattern_inner(&mut self) -> Result<Pattern, Error> {
        let pos = self.peek().pos;
        if self.eat_punct("{") {
            let mut props = Vec::new();
            let mut rest = None;
            while !self.eat_punct("}") {
                if self.eat_punct("...") {
                    let (name, npos) = self.binding_name()?;
                    rest = Some(Box::new(Pattern::Ident(name, npos)));
                    self.eat_punct(",");
                    self.expect_punct("}")?;
                    break;
                }
                let key_tok = self.peek().clone();
                let key = self.property_key()?;
                let value = if self.eat_punct(":") {
                    self.binding_pattern()?
                } else {
                    match (&key, &key_tok.tok) {
                        (PropKey::Name(n), Tok::Ident(_)) => {
                            if is_reserved(n) {
                                return Err(Error::syntax(key_tok.pos, format!("`{n}` cannot be used as a name here")));
                            }
                            Pattern::Ident(n.clone(), key_tok.pos)
                        }
                        _ => return Err(self.unexpected("`:`")),
                    }
                };
                let default = if self.eat_punct("=") { Some(self.assignment()?) } else { None };
                props.push(PatternProp { key, value, default });
                if !self.eat_punct(",") {
                    self.expect_punct("}")?;
                    break;
                }
            }
            return Ok(Pattern::Object { props, rest, pos });
        }
        if self.eat_punct("[") {
            let mut elems = Vec::new();
            let mut rest = None;
            while !self.eat_punct("]") {
                if self.eat_punct(",") {
                    elems.push(None);
                    continue;
                }
                if self.eat_punct("...") {
                    rest = Some(Box::new(self.binding_pattern()?));
                    self.expect_punct("]")?;
                    break;
                }
                let pattern = self.binding_pattern()?;
                let default = if self.eat_punct("=") { Some(self.assignment()?) } else { None };
                elems.push(Some(PatternElem { pattern, default }));
                if !self.eat_punct(",") {
                    self.expect_punct("]")?;
                    break;
                }
            }
            return Ok(Pattern::Array { elems, rest, pos });
        }
        let (name, pos) = self.binding_name()?;
        Ok(Pattern::Ident(name, pos))
    }

    /// An expression read where a target was meant (`[a, b] = [b, a]`, `obj.x = 1`), as a pattern.
    fn pattern_of(&mut self, mut e: Expr) -> Result<Pattern, Error> {
        let invalid = |pos: Option<Pos>| Error::syntax(pos.unwrap_or_default(), "Invalid left-hand side in assignment".into());
        // (`Expr` has its own drop, so its parts are taken out rather than moved out.)
        match &mut e {
            Expr::Ident(name, pos) => {
                if name == "eval" || name == "arguments" {
                    return Err(invalid(Some(*pos)));
                }
                Ok(Pattern::Ident(std::mem::take(name), *pos))
            }
            Expr::Member { optional: false, .. } | Expr::SuperMember { .. } => Ok(Pattern::Expr(Box::new(e))),
            Expr::Array(items) => {
                let mut elems = Vec::new();
                let mut rest = None;
                let count = items.len();
                for (n, item) in std::mem::take(items).into_iter().enumerate() {
                    match item {
                        None => elems.push(None),
                        Some(Arg::Spread(e)) if n + 1 == count => rest = Some(Box::new(self.pattern_of(e)?)),
                        Some(Arg::Spread(e)) => return Err(invalid(e.pos())),
                        Some(Arg::Expr(e)) => elems.push(Some(self.pattern_elem_of(e)?)),
                    }
                }
                Ok(Pattern::Array { elems, rest, pos: Pos::default() })
            }
            Expr::Object(props) => {
                let mut out = Vec::new();
                let mut rest = None;
                for prop in std::mem::take(props) {
                    match prop {
                        ObjectProp::Init { key, value } => {
                            let elem = self.pattern_elem_of(value)?;
                            out.push(PatternProp { key, value: elem.pattern, default: elem.default });
                        }
                        ObjectProp::Spread(e) => rest = Some(Box::new(self.pattern_of(e)?)),
                        ObjectProp::Method { function, .. } => return Err(invalid(Some(function.pos))),
                    }
                }
                Ok(Pattern::Object { props: out, rest, pos: Pos::default() })
            }
            other => Err(invalid(other.pos())),
        }
    }

    fn pattern_elem_of(&mut self, mut e: Expr) -> Result<PatternElem, Error> {
        match &mut e {
            Expr::Assign { target, op: AssignOp::Assign, value, .. } => {
                let pattern = std::mem::replace(&mut **target, Pattern::Ident(String::new(), Pos::default()));
                Ok(PatternElem { pattern, default: Some(value.take()) })
            }
            _ => Ok(PatternElem { pattern: self.pattern_of(e)?, default: None }),
        }
    }

    // ----- expressions -----

    fn expression(&mut self) -> Result<Expr, Error> {
        self.enter()?;
        let result = match self.assignment() {
            Ok(first) if self.is_punct(",") => self.sequence(first),
            other => other,
        };
        self.leave();
        result
    }

    /// `, b, c` after `first`.
    fn sequence(&mut self, first: Expr) -> Result<Expr, Error> {
        let mut items = vec![first];
        while self.eat_punct(",") {
            items.push(self.assignment()?);
        }
        Ok(Expr::Sequence(items))
    }

    fn assignment(&mut self) -> Result<Expr, Error> {
        self.enter()?;
        let e = self.assignment_inner();
        self.leave();
        e
    }

    fn assignment_inner(&mut self) -> Result<Expr, Error> {
        if let Some(arrow) = self.try_arrow()? {
            return Ok(arrow);
        }
        let pos = self.peek().pos;
        let target = self.conditional()?;
        self.assignment_rest(target, pos)
    }

    /// An assignment operator and its right side after `target` (read at `pos`), if one follows.
    fn assignment_rest(&mut self, target: Expr, pos: Pos) -> Result<Expr, Error> {
        let op = match &self.peek().tok {
            Tok::Punct("=") => AssignOp::Assign,
            Tok::Punct("+=") => AssignOp::Compound(BinOp::Add),
            Tok::Punct("-=") => AssignOp::Compound(BinOp::Sub),
            Tok::Punct("*=") => AssignOp::Compound(BinOp::Mul),
            Tok::Punct("/=") => AssignOp::Compound(BinOp::Div),
            Tok::Punct("%=") => AssignOp::Compound(BinOp::Rem),
            Tok::Punct("**=") => AssignOp::Compound(BinOp::Exp),
            Tok::Punct("<<=") => AssignOp::Compound(BinOp::Shl),
            Tok::Punct(">>=") => AssignOp::Compound(BinOp::Shr),
            Tok::Punct(">>>=") => AssignOp::Compound(BinOp::UShr),
            Tok::Punct("&=") => AssignOp::Compound(BinOp::BitAnd),
            Tok::Punct("|=") => AssignOp::Compound(BinOp::BitOr),
            Tok::Punct("^=") => AssignOp::Compound(BinOp::BitXor),
            Tok::Punct("&&=") => AssignOp::Logical(LogicalOp::And),
            Tok::Punct("||=") => AssignOp::Logical(LogicalOp::Or),
            Tok::Punct("??=") => AssignOp::Logical(LogicalOp::Nullish),
            _ => return Ok(target),
        };
        let op_pos = self.next().pos;
        let target = if op == AssignOp::Assign {
            self.pattern_of(target)?
        } else {
            let mut target = target;
            match &mut target {
                Expr::Ident(name, p) => Pattern::Ident(std::mem::take(name), *p),
                Expr::Member { optional: false, .. } | Expr::SuperMember { .. } => Pattern::Expr(Box::new(target)),
                _ => return Err(Error::syntax(pos, "Invalid left-hand side in assignment".into())),
            }
        };
        let value = self.assignment()?;
        Ok(Expr::Assign { target: Box::new(target), op, value: Box::new(value), pos: op_pos })
    }

    /// An arrow function starts here: `x =>`, `(a, b) =>`, `async x =>`, `async (a) =>`, and in
    /// TypeScript `(a: T): R =>` and `<T>(a: T) =>`.
    fn try_arrow(&mut self) -> Result<Option<Expr>, Error> {
        let start = self.save();
        let pos = self.peek().pos;
        if self.not_arrow.contains(&self.i) {
            return Ok(None);
        }
        let is_async = self.is_ident("async")
            && !self.peek_at(1).newline_before
            && (matches!(self.peek_at(1).tok, Tok::Ident(_)) && self.is_punct_at(2, "=>") || self.is_punct_at(1, "(") || (self.ts() && self.is_punct_at(1, "<")));
        if is_async {
            self.next();
        }
        if let Tok::Ident(name) = self.peek().tok.clone() {
            if self.is_punct_at(1, "=>") {
                let (name, npos) = self.binding_name()?;
                let params = vec![Param { pattern: Pattern::Ident(name, npos), default: None, rest: false, property: false }];
                return self.arrow_rest(params, is_async, pos).map(Some);
            }
            if !is_async || name != "async" {
                self.restore(start);
                return Ok(None);
            }
        }
        let typed = self.ts() && self.is_punct("<");
        if !self.is_punct("(") && !typed {
            self.restore(start);
            return Ok(None);
        }
        // Cheap test first: in JavaScript the parameters' `)` is followed by `=>`.
        if !typed && !self.ts() && !self.arrow_after_parens(self.i) {
            self.restore(start);
            return Ok(None);
        }
        let attempt = (|| -> Result<Vec<Param>, Error> {
            if typed {
                self.skip_type_params()?;
            }
            let params = self.params(is_async, false)?;
            if self.ts() && self.eat_punct(":") {
                self.skip_return_type()?;
            }
            if !self.is_punct("=>") {
                return Err(self.unexpected("`=>`"));
            }
            Ok(params)
        })();
        match attempt {
            Ok(params) => self.arrow_rest(params, is_async, pos).map(Some),
            Err(e) if !self.ts() => Err(e),
            Err(_) => {
                self.restore(start);
                self.not_arrow.insert(self.i);
                Ok(None)
            }
        }
    }

    fn arrow_rest(&mut self, params: Vec<Param>, is_async: bool, pos: Pos) -> Result<Expr, Error> {
        if self.peek().newline_before {
            return Err(Error::syntax(self.peek().pos, "a line break cannot come before `=>`".into()));
        }
        self.expect_punct("=>")?;
        let body = if self.is_punct("{") {
            FunctionBody::Block(self.function_body(is_async)?)
        } else {
            self.async_context.push(is_async);
            let saved = (std::mem::take(&mut self.breakable), std::mem::take(&mut self.loops), std::mem::take(&mut self.labels));
            let no_in = std::mem::replace(&mut self.no_in, false);
            let e = self.assignment();
            self.no_in = no_in;
            (self.breakable, self.loops, self.labels) = saved;
            self.async_context.pop();
            FunctionBody::Expr(Box::new(e?))
        };
        Ok(Expr::Function(Box::new(Function { name: None, params, body, is_async, kind: FunctionKind::Arrow, pos })))
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
        let test = self.binary(1)?;
        if self.is_punct("?") {
            return self.conditional_branches(test);
        }
        Ok(test)
    }

    /// `? then : otherwise` after `test`.
    fn conditional_branches(&mut self, test: Expr) -> Result<Expr, Error> {
        self.next(); // `?`
        let then = self.with_in_allowed(Parser::assignment)?;
        self.expect_punct(":")?;
        let otherwise = self.assignment()?;
        Ok(Expr::Conditional(Box::new(test), Box::new(then), Box::new(otherwise)))
    }

    /// The binary operator at the cursor with its precedence (higher binds tighter).
    fn binary_op(&self) -> Option<(u8, Option<BinOp>, Option<LogicalOp>)> {
        let t = &self.peek().tok;
        Some(match t {
            Tok::Punct("??") => (1, None, Some(LogicalOp::Nullish)),
            Tok::Punct("||") => (2, None, Some(LogicalOp::Or)),
            Tok::Punct("&&") => (3, None, Some(LogicalOp::And)),
            Tok::Punct("|") => (4, Some(BinOp::BitOr), None),
            Tok::Punct("^") => (5, Some(BinOp::BitXor), None),
            Tok::Punct("&") => (6, Some(BinOp::BitAnd), None),
            Tok::Punct("==") => (7, Some(BinOp::LooseEq), None),
            Tok::Punct("!=") => (7, Some(BinOp::LooseNe), None),
            Tok::Punct("===") => (7, Some(BinOp::StrictEq), None),
            Tok::Punct("!==") => (7, Some(BinOp::StrictNe), None),
            Tok::Punct("<") => (8, Some(BinOp::Lt), None),
            Tok::Punct(">") => (8, Some(BinOp::Gt), None),
            Tok::Punct("<=") => (8, Some(BinOp::Le), None),
            Tok::Punct(">=") => (8, Some(BinOp::Ge), None),
            Tok::Ident(w) if w == "instanceof" => (8, Some(BinOp::InstanceOf), None),
            Tok::Ident(w) if w == "in" && !self.no_in => (8, Some(BinOp::In), None),
            // TypeScript's `x as T` and `x satisfies T` bind like relational operators.
            Tok::Ident(w) if self.ts() && (w == "as" || w == "satisfies") && !self.peek().newline_before => (8, None, None),
            Tok::Punct("<<") => (9, Some(BinOp::Shl), None),
            Tok::Punct(">>") => (9, Some(BinOp::Shr), None),
            Tok::Punct(">>>") => (9, Some(BinOp::UShr), None),
            Tok::Punct("+") => (10, Some(BinOp::Add), None),
            Tok::Punct("-") => (10, Some(BinOp::Sub), None),
            Tok::Punct("*") => (11, Some(BinOp::Mul), None),
            Tok::Punct("/") => (11, Some(BinOp::Div), None),
            Tok::Punct("%") => (11, Some(BinOp::Rem), None),
            Tok::Punct("**") => (12, Some(BinOp::Exp), None),
            _ => return None,
        })
    }

    /// Binary operators by precedence climbing; `**` is right-associative.
    fn binary(&mut self, min: u8) -> Result<Expr, Error> {
        self.enter()?;
        let result = self.binary_inner(min);
        self.leave();
        result
    }

    fn binary_inner(&mut self, min: u8) -> Result<Expr, Error> {
        let parenthesized = self.is_punct("(");
        // `#field in object`: a brand check.
        let mut left = if matches!(self.peek().tok, Tok::Private(_)) && self.is_ident_at(1, "in") && min <= 8 { self.private_in()? } else { self.unary()? };
        while let Some((prec, op, logical)) = self.binary_op() {
            if prec < min {
                break;
            }
            left = self.binary_link(left, prec, op, logical, parenthesized)?;
        }
        Ok(left)
    }

    fn private_in(&mut self) -> Result<Expr, Error> {
        let t = self.next();
        let Tok::Private(name) = t.tok else { unreachable!("a private name was seen") };
        self.next(); // `in`
        let object = self.binary(9)?;
        Ok(Expr::PrivateIn { name, object: Box::new(object), pos: t.pos })
    }

    /// The operator at the cursor (of precedence `prec`) and its right side, after `left`.
    fn binary_link(&mut self, left: Expr, prec: u8, op: Option<BinOp>, logical: Option<LogicalOp>, parenthesized: bool) -> Result<Expr, Error> {
        let pos = self.next().pos;
        if op.is_none() && logical.is_none() {
            // `as const`, `as T`, `satisfies T`: the value is unchanged.
            if !self.eat_ident("const") {
                self.skip_type()?;
            }
            return Ok(left);
        }
        if op == Some(BinOp::Exp) && matches!(left, Expr::Unary(..) | Expr::Await(..)) && !parenthesized {
            return Err(Error::syntax(pos, "Unary operator used immediately before exponentiation expression. Parenthesis must be used to disambiguate operator precedence".into()));
        }
        let next_min = if op == Some(BinOp::Exp) { prec } else { prec + 1 };
        let right = self.binary(next_min)?;
        Ok(match (op, logical) {
            (Some(op), _) => Expr::Binary(op, Box::new(left), Box::new(right), pos),
            (None, Some(l)) => Expr::Logical(l, Box::new(left), Box::new(right)),
            (None, None) => unreachable!("handled above"),
        })
    }

    fn unary(&mut self) -> Result<Expr, Error> {
        self.enter()?;
        let e = self.unary_inner();
        self.leave();
        e
    }

    /// A unary operation, `await`, an update, or what they apply to. (Each is read by a function
    /// of its own: this frame is on every level of nesting.)
    fn unary_inner(&mut self) -> Result<Expr, Error> {
        let op = match &self.peek().tok {
            Tok::Punct("!") => UnaryOp::Not,
            Tok::Punct("-") => UnaryOp::Neg,
            Tok::Punct("+") => UnaryOp::Plus,
            Tok::Punct("~") => UnaryOp::BitNot,
            Tok::Ident(w) if w == "typeof" => UnaryOp::Typeof,
            Tok::Ident(w) if w == "void" => UnaryOp::Void,
            Tok::Ident(w) if w == "delete" => UnaryOp::Delete,
            Tok::Punct("++") | Tok::Punct("--") => return self.prefix_update(),
            // An old-style TypeScript assertion: `<T>value`.
            Tok::Punct("<") if self.ts() => {
                self.next();
                self.skip_type()?;
                self.expect_type_close()?;
                return self.unary();
            }
            Tok::Ident(w) if w == "await" && *self.async_context.last().unwrap() => return self.await_expression(),
            Tok::Ident(w) if w == "await" && self.is_await_expression() => {
                return Err(Error::syntax(self.peek().pos, "await is only valid in async functions and the top level bodies of modules".into()))
            }
            _ => return self.postfix_expression(),
        };
        self.unary_operation(op)
    }

    fn unary_operation(&mut self, op: UnaryOp) -> Result<Expr, Error> {
        let pos = self.next().pos;
        let operand = self.unary()?;
        if op == UnaryOp::Delete && matches!(operand, Expr::Ident(..)) {
            return Err(Error::syntax(pos, "Delete of an unqualified identifier in strict mode.".into()));
        }
        Ok(Expr::Unary(op, Box::new(operand), pos))
    }

    /// `++x` or `--x`.
    fn prefix_update(&mut self) -> Result<Expr, Error> {
        let t = self.next();
        let target = self.unary()?;
        self.check_update_target(&target, t.pos)?;
        Ok(Expr::Update { target: Box::new(target), increment: t.tok == Tok::Punct("++"), prefix: true, pos: t.pos })
    }

    fn await_expression(&mut self) -> Result<Expr, Error> {
        let pos = self.next().pos;
        if self.at_top_level() {
            self.module_syntax.get_or_insert(pos);
        }
        Ok(Expr::Await(Box::new(self.unary()?), pos))
    }

    /// A left-hand side expression, and `++` or `--` after it.
    fn postfix_expression(&mut self) -> Result<Expr, Error> {
        let e = self.left_hand_side()?;
        if (self.is_punct("++") || self.is_punct("--")) && !self.peek().newline_before {
            let op = self.next();
            self.check_update_target(&e, op.pos)?;
            return Ok(Expr::Update { target: Box::new(e), increment: op.tok == Tok::Punct("++"), prefix: false, pos: op.pos });
        }
        Ok(e)
    }

    /// `await` where it is not allowed: an error when it is used as an operator (`await x`),
    /// a plain name otherwise (in a script, `await` is an ordinary identifier).
    fn is_await_expression(&self) -> bool {
        matches!(self.peek_at(1).tok, Tok::Ident(_) | Tok::Num(_) | Tok::Str(_) | Tok::Template { .. } | Tok::Punct("(") | Tok::Punct("[") | Tok::Punct("{"))
            && !self.peek_at(1).newline_before
    }

    fn check_update_target(&self, e: &Expr, pos: Pos) -> Result<(), Error> {
        if matches!(e, Expr::Ident(..) | Expr::Member { optional: false, .. } | Expr::SuperMember { .. }) {
            Ok(())
        } else {
            Err(Error::syntax(pos, "Invalid left-hand side expression in postfix operation".into()))
        }
    }

    /// Calls, members, `new` and optional chains.
    fn left_hand_side(&mut self) -> Result<Expr, Error> {
        let mut e = match &self.peek().tok {
            Tok::Ident(w) if w == "new" => self.new_expression(),
            Tok::Ident(w) if w == "super" => self.super_expression(),
            _ => self.primary(),
        }?;
        // Each kind of link is read by a function of its own: this frame is on every level of
        // nesting.
        let mut chained = false;
        loop {
            e = match &self.peek().tok {
                Tok::Punct(".") => self.member_link(e),
                Tok::Punct("?.") => {
                    chained = true;
                    self.optional_link(e)
                }
                Tok::Punct("[") => self.computed_link(e),
                Tok::Punct("(") => self.call_link(e),
                Tok::Template { .. } => Err(self.tagged_template(chained)),
                // TypeScript's non-null assertion `value!`.
                Tok::Punct("!") if self.ts() && !self.peek().newline_before => {
                    self.next();
                    Ok(e)
                }
                // TypeScript's type arguments on a call: `f<T>(x)`.
                Tok::Punct("<") if self.ts() => {
                    if !self.call_type_arguments() {
                        break;
                    }
                    Ok(e)
                }
                _ => break,
            }?;
        }
        Ok(if chained { Expr::OptionalChain(Box::new(e)) } else { e })
    }

    /// `.name` after `object`.
    fn member_link(&mut self, object: Expr) -> Result<Expr, Error> {
        let pos = self.next().pos;
        let property = self.member_name()?;
        Ok(Expr::Member { object: Box::new(object), property, optional: false, pos })
    }

    /// `?.name`, `?.[key]` or `?.(args)` after `object`.
    fn optional_link(&mut self, object: Expr) -> Result<Expr, Error> {
        let pos = self.next().pos;
        if self.is_punct("(") {
            let args = self.arguments()?;
            return Ok(Expr::Call { callee: Box::new(object), args, optional: true, pos });
        }
        let property = if self.eat_punct("[") {
            let index = self.expression()?;
            self.expect_punct("]")?;
            PropKey::Computed(Box::new(index))
        } else {
            self.member_name()?
        };
        Ok(Expr::Member { object: Box::new(object), property, optional: true, pos })
    }

    /// `[key]` after `object`.
    fn computed_link(&mut self, object: Expr) -> Result<Expr, Error> {
        let pos = self.next().pos;
        let index = self.with_in_allowed(Parser::expression)?;
        self.expect_punct("]")?;
        Ok(Expr::Member { object: Box::new(object), property: PropKey::Computed(Box::new(index)), optional: false, pos })
    }

    /// `(args)` after `callee`.
    fn call_link(&mut self, callee: Expr) -> Result<Expr, Error> {
        let pos = self.peek().pos;
        let args = self.arguments()?;
        Ok(Expr::Call { callee: Box::new(callee), args, optional: false, pos })
    }

    fn tagged_template(&self, chained: bool) -> Error {
        let pos = self.peek().pos;
        if chained {
            return Error::syntax(pos, "Invalid tagged template on optional chain".into());
        }
        Error::unsupported(pos, "tagged templates")
    }

    /// Skips TypeScript's type arguments of a call (`f<T>(x)`), or reads nothing and returns
    /// false when what follows `<` is not that.
    fn call_type_arguments(&mut self) -> bool {
        let saved = self.save();
        if self.skip_type_args().is_ok() && (self.is_punct("(") || self.is_punct("?.")) {
            return true;
        }
        self.restore(saved);
        false
    }

    fn member_name(&mut self) -> Result<PropKey, Error> {
        match self.peek().tok.clone() {
            Tok::Private(n) => {
                self.next();
                Ok(PropKey::Private(n))
            }
            _ => Ok(PropKey::Name(self.ident_name()?.0)),
        }
    }

    fn new_expression(&mut self) -> Result<Expr, Error> {
        let pos = self.next().pos; // `new`
        if self.is_punct(".") {
            return Err(Error::unsupported(pos, "`new.target`"));
        }
        self.enter()?;
        let callee = (|| {
            let mut callee = if self.is_ident("new") { self.new_expression()? } else { self.primary()? };
            // The callee is a member expression: no calls inside it.
            loop {
                let t = self.peek().clone();
                match t.tok {
                    Tok::Punct(".") => {
                        self.next();
                        let property = self.member_name()?;
                        callee = Expr::Member { object: Box::new(callee), property, optional: false, pos: t.pos };
                    }
                    Tok::Punct("[") => {
                        self.next();
                        let index = self.expression()?;
                        self.expect_punct("]")?;
                        callee = Expr::Member { object: Box::new(callee), property: PropKey::Computed(Box::new(index)), optional: false, pos: t.pos };
                    }
                    Tok::Punct("?.") => return Err(Error::syntax(t.pos, "Invalid optional chain from new expression".into())),
                    _ => break,
                }
            }
            Ok(callee)
        })();
        self.leave();
        let callee = callee?;
        if self.ts() && self.is_punct("<") {
            self.skip_type_args()?;
        }
        let args = if self.is_punct("(") { self.arguments()? } else { Vec::new() };
        Ok(Expr::New { callee: Box::new(callee), args, pos })
    }

    fn super_expression(&mut self) -> Result<Expr, Error> {
        let pos = self.next().pos;
        match self.peek().tok {
            Tok::Punct("(") => {
                let args = self.arguments()?;
                Ok(Expr::SuperCall { args, pos })
            }
            Tok::Punct(".") => {
                self.next();
                let (name, _) = self.ident_name()?;
                Ok(Expr::SuperMember { property: PropKey::Name(name), pos })
            }
            Tok::Punct("[") => {
                self.next();
                let index = self.expression()?;
                self.expect_punct("]")?;
                Ok(Expr::SuperMember { property: PropKey::Computed(Box::new(index)), pos })
            }
            _ => Err(Error::syntax(pos, "'super' keyword unexpected here".into())),
        }
    }

    fn arguments(&mut self) -> Result<Vec<Arg>, Error> {
        self.expect_punct("(")?;
        let no_in = std::mem::replace(&mut self.no_in, false);
        let result = (|| {
            let mut args = Vec::new();
            while !self.is_punct(")") {
                if self.eat_punct("...") {
                    args.push(Arg::Spread(self.assignment()?));
                } else {
                    args.push(Arg::Expr(self.assignment()?));
                }
                if !self.eat_punct(",") {
                    break;
                }
            }
            self.expect_punct(")")?;
            Ok(args)
        })();
        self.no_in = no_in;
        result
    }

    /// A literal, a name, a parenthesized expression, a function or class expression. (Each
    /// kind that nests is read by a function of its own: this frame is on every level.)
    fn primary(&mut self) -> Result<Expr, Error> {
        let t = self.next();
        match t.tok {
            Tok::Num(n) => Ok(Expr::Number(n)),
            Tok::Str(s) => Ok(Expr::Str(s)),
            Tok::Template { quasis, exprs } => self.template(quasis, exprs),
            Tok::Punct("(") => self.with_in_allowed(|p| {
                let e = p.expression()?;
                p.expect_punct(")")?;
                Ok(e)
            }),
            Tok::Punct("[") => self.with_in_allowed(|p| p.array_items().map(Expr::Array)),
            Tok::Punct("{") => self.with_in_allowed(Parser::object_literal),
            Tok::Ident(word) => self.primary_word(word, t.pos),
            _ => {
                self.unread();
                Err(self.primary_error(t))
            }
        }
    }

    /// Reads with `in` an operator again, as it is inside brackets of any kind.
    fn with_in_allowed(&mut self, read: impl FnOnce(&mut Parser) -> Result<Expr, Error>) -> Result<Expr, Error> {
        let no_in = std::mem::replace(&mut self.no_in, false);
        let e = read(self);
        self.no_in = no_in;
        e
    }

    /// A template literal: each substitution is read by a parser of its own.
    fn template(&mut self, quasis: Vec<String>, exprs: Vec<(String, Pos)>) -> Result<Expr, Error> {
        let mut parsed = Vec::new();
        for (src, pos) in exprs {
            let mut sub = Parser::new(tokenize(&src, pos)?, self.options);
            sub.async_context = self.async_context.clone();
            sub.depth = self.depth;
            let e = sub.expression()?;
            if !sub.at_eof() {
                return Err(sub.unexpected("`}` closing the template expression"));
            }
            if let Some(p) = sub.module_syntax {
                self.module_syntax.get_or_insert(p);
            }
            parsed.push(e);
        }
        Ok(Expr::Template { quasis, exprs: parsed })
    }

    /// Why the token `t` (stepped back over) cannot start an expression.
    fn primary_error(&self, t: Token) -> Error {
        match t.tok {
            Tok::Private(name) => Error::syntax(t.pos, format!("Private field '#{name}' must be declared in an enclosing class")),
            Tok::Punct("/") | Tok::Punct("/=") => Error::unsupported(t.pos, "regular expressions"),
            Tok::Punct("@") => Error::unsupported(t.pos, "decorators"),
            _ => self.unexpected("an expression"),
        }
    }

    /// An expression that starts with the word `word`, read at `pos`.
    fn primary_word(&mut self, word: String, pos: Pos) -> Result<Expr, Error> {
        match word.as_str() {
            "true" => Ok(Expr::Bool(true)),
            "false" => Ok(Expr::Bool(false)),
            "null" => Ok(Expr::Null),
            "undefined" => Ok(Expr::Undefined),
            "this" => Ok(Expr::This(pos)),
            "function" => {
                self.unread();
                self.function_expression(false, pos)
            }
            "async" if self.is_ident("function") && !self.peek().newline_before => self.function_expression(true, pos),
            "class" => {
                self.unread();
                self.class(false).map(|c| Expr::Class(Box::new(c)))
            }
            "import" if self.is_punct(".") => self.import_meta(pos),
            "import" => Err(Error::unsupported(pos, "dynamic `import()`")),
            "await" if !*self.async_context.last().unwrap() => Ok(Expr::Ident(word, pos)),
            w if is_reserved(w) => {
                self.unread();
                Err(self.unexpected("an expression"))
            }
            _ => Ok(Expr::Ident(word, pos)),
        }
    }

    fn function_expression(&mut self, is_async: bool, pos: Pos) -> Result<Expr, Error> {
        let f = self.function(is_async, pos, false)?.expect("an expression has a body");
        Ok(Expr::Function(Box::new(f)))
    }

    fn import_meta(&mut self, pos: Pos) -> Result<Expr, Error> {
        self.next();
        let (meta, _) = self.ident_name()?;
        if meta != "meta" {
            return Err(Error::syntax(pos, "only `import.meta` is valid here".into()));
        }
        self.saw_module_syntax(pos)?;
        Ok(Expr::ImportMeta(pos))
    }

    fn array_items(&mut self) -> Result<Vec<Option<Arg>>, Error> {
        let mut items = Vec::new();
        while !self.is_punct("]") {
            if self.eat_punct(",") {
                items.push(None);
                continue;
            }
            if self.eat_punct("...") {
                items.push(Some(Arg::Spread(self.assignment()?)));
            } else {
                items.push(Some(Arg::Expr(self.assignment()?)));
            }
            if !self.eat_punct(",") {
                break;
            }
        }
        self.expect_punct("]")?;
        Ok(items)
    }

    fn object_literal(&mut self) -> Result<Expr, Error> {
        let mut props = Vec::new();
        while !self.is_punct("}") {
            props.push(self.object_property()?);
            if !self.eat_punct(",") {
                break;
            }
        }
        self.expect_punct("}")?;
        Ok(Expr::Object(props))
    }

    /// One property of an object literal. (Methods and shorthands are read by functions of
    /// their own: this frame is on every level of nested literals.)
    fn object_property(&mut self) -> Result<ObjectProp, Error> {
        if self.eat_punct("...") {
            return Ok(ObjectProp::Spread(self.assignment()?));
        }
        let word_follows = !self.peek_at(1).newline_before
            && matches!(self.peek_at(1).tok, Tok::Ident(_) | Tok::Str(_) | Tok::Num(_) | Tok::Punct("[") | Tok::Punct("*"));
        let mut kind = FunctionKind::Method;
        let mut is_async = false;
        if matches!(&self.peek().tok, Tok::Ident(w) if w == "get" || w == "set") && word_follows {
            kind = if self.next().tok == Tok::Ident("get".into()) { FunctionKind::Getter } else { FunctionKind::Setter };
        } else if self.is_ident("async") && word_follows {
            self.next();
            is_async = true;
        }
        if self.is_punct("*") {
            return Err(Error::unsupported(self.peek().pos, "generator methods"));
        }
        let key_tok = self.peek().clone();
        let key = self.property_key()?;
        if let PropKey::Private(_) = key {
            return Err(Error::syntax(key_tok.pos, "Unexpected identifier: private names belong in classes".into()));
        }
        if self.is_punct("(") || (self.ts() && self.is_punct("<")) || kind != FunctionKind::Method || is_async {
            return self.object_method(key, key_tok.pos, kind, is_async);
        }
        if self.eat_punct(":") {
            return Ok(ObjectProp::Init { key, value: self.assignment()? });
        }
        match (key_tok.tok, &key) {
            (Tok::Ident(name), PropKey::Name(_)) => self.object_shorthand(key, name, key_tok.pos),
            _ => Err(self.unexpected("`:`")),
        }
    }

    /// A method, getter or setter of an object literal, after its key.
    fn object_method(&mut self, key: PropKey, pos: Pos, kind: FunctionKind, is_async: bool) -> Result<ObjectProp, Error> {
        if self.ts() && self.is_punct("<") {
            self.skip_type_params()?;
        }
        let params = self.params(is_async, false)?;
        self.return_type()?;
        let body = self.function_body(is_async)?;
        let name = match &key {
            PropKey::Name(n) => Some(n.clone()),
            _ => None,
        };
        let function = Function { name, params, body: FunctionBody::Block(body), is_async, kind, pos };
        Ok(ObjectProp::Method { key, function })
    }

    /// `{ name }`, or `{ name = default }` (only valid as a destructuring target: it becomes one
    /// when the `=` after the literal turns it into a pattern).
    fn object_shorthand(&mut self, key: PropKey, name: String, pos: Pos) -> Result<ObjectProp, Error> {
        if is_reserved(&name) {
            return Err(Error::syntax(pos, format!("Unexpected token '{name}'")));
        }
        if self.is_punct("=") {
            let eq = self.next().pos;
            let default = self.assignment()?;
            let value = Expr::Assign { target: Box::new(Pattern::Ident(name, pos)), op: AssignOp::Assign, value: Box::new(default), pos: eq };
            return Ok(ObjectProp::Init { key, value });
        }
        Ok(ObjectProp::Init { key, value: Expr::Ident(name, pos) })
    }

    // ----- TypeScript types, skipped -----

    fn skip_type(&mut self) -> Result<(), Error> {
        self.enter()?;
        let r = self.skip_type_inner(true);
        self.leave();
        r
    }

    fn skip_type_inner(&mut self, allow_conditional: bool) -> Result<(), Error> {
        // A function type or a constructor type.
        if self.is_punct("<") {
            self.skip_type_params()?;
            return self.skip_function_type();
        }
        if self.is_ident("new") || (self.is_ident("abstract") && self.is_ident_at(1, "new")) {
            if self.is_ident("abstract") {
                self.next();
            }
            self.next();
            if self.is_punct("<") {
                self.skip_type_params()?;
            }
            return self.skip_function_type();
        }
        if self.is_punct("(") && self.function_type_follows() {
            return self.skip_function_type();
        }
        self.eat_punct("|");
        self.eat_punct("&");
        loop {
            self.skip_type_operand()?;
            if !(self.eat_punct("|") || self.eat_punct("&")) {
                break;
            }
        }
        if allow_conditional && self.is_ident("extends") && !self.peek().newline_before {
            self.next();
            self.enter()?;
            let r = self.skip_type_inner(false);
            self.leave();
            r?;
            self.expect_punct("?")?;
            self.skip_type()?;
            self.expect_punct(":")?;
            self.skip_type()?;
        }
        Ok(())
    }

    /// Whether the `(` at the cursor starts a function type `(a: T) => R` rather than a
    /// parenthesized type.
    fn function_type_follows(&self) -> bool {
        if matches!(self.peek_at(1).tok, Tok::Punct(")") | Tok::Punct("...")) {
            return true;
        }
        if self.is_any_ident_at(1) && matches!(self.peek_at(2).tok, Tok::Punct(":") | Tok::Punct("?") | Tok::Punct(",")) {
            return true;
        }
        self.arrow_after_parens(self.i)
    }

    fn skip_function_type(&mut self) -> Result<(), Error> {
        self.skip_balanced("(", ")")?;
        self.expect_punct("=>")?;
        self.skip_return_type()
    }

    /// A return type, which may be a type predicate (`x is T`, `asserts x is T`).
    fn skip_return_type(&mut self) -> Result<(), Error> {
        if self.is_ident("asserts") && self.is_any_ident_at(1) && !self.peek_at(1).newline_before {
            self.next();
            self.next();
            if self.eat_ident("is") {
                self.skip_type()?;
            }
            return Ok(());
        }
        if self.is_any_ident_at(0) && self.is_ident_at(1, "is") && !self.peek_at(1).newline_before {
            self.next();
            self.next();
        }
        self.skip_type()
    }

    fn skip_type_operand(&mut self) -> Result<(), Error> {
        self.enter()?;
        let r = self.skip_type_operand_inner();
        self.leave();
        r
    }

    fn skip_type_operand_inner(&mut self) -> Result<(), Error> {
        while matches!(&self.peek().tok, Tok::Ident(w) if w == "keyof" || w == "unique" || w == "readonly" || w == "infer")
            && matches!(self.peek_at(1).tok, Tok::Ident(_) | Tok::Punct("(") | Tok::Punct("[") | Tok::Punct("{"))
        {
            let infer = self.is_ident("infer");
            self.next();
            if infer {
                self.next();
                if self.is_ident("extends") && !self.is_punct_at(2, "?") {
                    self.next();
                    self.skip_type_operand()?;
                }
                return self.skip_array_suffixes();
            }
        }
        let t = self.peek().clone();
        match &t.tok {
            Tok::Ident(w) if w == "typeof" => {
                self.next();
                self.skip_entity_name()?;
                if self.is_punct("<") && !self.peek().newline_before {
                    self.skip_type_args()?;
                }
            }
            Tok::Ident(_) => self.skip_type_reference()?,
            Tok::Str(_) | Tok::Num(_) | Tok::Template { .. } => {
                self.next();
            }
            Tok::Punct("-") if matches!(self.peek_at(1).tok, Tok::Num(_)) => {
                self.next();
                self.next();
            }
            Tok::Punct("{") => self.skip_balanced("{", "}")?,
            Tok::Punct("[") => self.skip_balanced("[", "]")?,
            Tok::Punct("(") => {
                self.next();
                self.skip_type()?;
                self.expect_punct(")")?;
            }
            _ => return Err(self.unexpected("a type")),
        }
        self.skip_array_suffixes()
    }

    /// `T[]` and indexed access `T[K]`.
    fn skip_array_suffixes(&mut self) -> Result<(), Error> {
        while self.is_punct("[") && !self.peek().newline_before {
            self.next();
            if !self.eat_punct("]") {
                self.skip_type()?;
                self.expect_punct("]")?;
            }
        }
        Ok(())
    }

    fn skip_entity_name(&mut self) -> Result<(), Error> {
        self.ident_name()?;
        while self.is_punct(".") {
            self.next();
            self.ident_name()?;
        }
        Ok(())
    }

    /// `Name`, `A.B.C`, `Name<Args>`.
    fn skip_type_reference(&mut self) -> Result<(), Error> {
        self.skip_entity_name()?;
        if self.is_punct("<") && !self.peek().newline_before {
            self.skip_type_args()?;
        }
        Ok(())
    }

    /// `<A, B<C>>`: a type argument list.
    fn skip_type_args(&mut self) -> Result<(), Error> {
        self.expect_punct("<")?;
        self.enter()?;
        let r = (|| {
            loop {
                self.skip_type()?;
                if !self.eat_punct(",") {
                    break;
                }
            }
            self.expect_type_close()
        })();
        self.leave();
        r
    }

    /// `<T extends X = Y, const U>`: a type parameter list.
    fn skip_type_params(&mut self) -> Result<(), Error> {
        self.expect_punct("<")?;
        loop {
            if self.is_type_close() {
                break;
            }
            while matches!(&self.peek().tok, Tok::Ident(w) if w == "const" || w == "in" || w == "out") && self.is_any_ident_at(1) {
                self.next();
            }
            self.ident_name()?;
            if self.eat_ident("extends") {
                self.skip_type()?;
            }
            if self.eat_punct("=") {
                self.skip_type()?;
            }
            if !self.eat_punct(",") {
                break;
            }
        }
        self.expect_type_close()
    }

    fn is_type_close(&self) -> bool {
        matches!(self.peek().tok, Tok::Punct(">") | Tok::Punct(">>") | Tok::Punct(">>>"))
    }

    /// Takes one `>`, splitting `>>` and `>>>` when generic lists end together (`Map<K, Set<V>>`).
    fn expect_type_close(&mut self) -> Result<(), Error> {
        let width = match self.peek().tok {
            Tok::Punct(">") => 1,
            Tok::Punct(">>") => 2,
            Tok::Punct(">>>") => 3,
            _ => return Err(self.unexpected("`>`")),
        };
        if self.gt_used + 1 == width {
            self.next();
        } else {
            self.gt_used += 1;
        }
        Ok(())
    }

    /// Skips from an opening bracket to its match, whatever is inside (object types, tuples,
    /// interface bodies, parameter lists of function types).
    fn skip_balanced(&mut self, open: &str, close: &str) -> Result<(), Error> {
        let start = self.expect_punct(open)?;
        let mut depth = 1usize;
        loop {
            match &self.peek().tok {
                Tok::Eof => return Err(Error::syntax(start.pos, format!("`{open}` is never closed"))),
                Tok::Punct("(") | Tok::Punct("[") | Tok::Punct("{") => depth += 1,
                Tok::Punct(")") | Tok::Punct("]") | Tok::Punct("}") => {
                    depth -= 1;
                    if depth == 0 {
                        if !self.is_punct(close) {
                            return Err(self.unexpected(&format!("`{close}`")));
                        }
                        self.next();
                        return Ok(());
                    }
                }
                _ => {}
            }
            self.next();
        }
    }
}

/// A method with its body (`function`, its name yet to be given), added to the class's members,
/// or as its constructor.
fn add_method(m: Member, mut function: Function, constructor: &mut Option<Box<Function>>, members: &mut Vec<ClassMember>) -> Result<(), Error> {
    function.name = match &m.key {
        PropKey::Name(n) => Some(n.clone()),
        PropKey::Private(n) => Some(format!("#{n}")),
        PropKey::Computed(_) => None,
    };
    if let FunctionKind::Constructor { .. } = function.kind {
        if constructor.is_some() {
            return Err(Error::syntax(m.pos, "A class may only have one constructor".into()));
        }
        *constructor = Some(Box::new(function));
        return Ok(());
    }
    if params_have_properties(&function.params) {
        return Err(Error::syntax(m.pos, "A parameter property is only allowed in a constructor implementation".into()));
    }
    members.push(ClassMember::Method { key: m.key, is_static: m.is_static, function });
    Ok(())
}

fn params_have_properties(params: &[Param]) -> bool {
    params.iter().any(|p| p.property)
}
