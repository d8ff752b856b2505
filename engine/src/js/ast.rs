//! The syntax tree of the JavaScript the interpreter reads. TypeScript's types are erased by the
//! parser, so nothing here knows about them: a TypeScript program and the JavaScript it erases
//! to have the same tree (parameter properties become a flag on the parameter).
//!
//! Chains the parser builds in a loop can be as long as the source (`a.b.c...`, `1 + 2 + ...`),
//! so nothing may walk down their links by recursion: the tree is dropped in a loop (see the
//! `Drop` of [`Expr`]) and has no `Clone`.

/// A position in the source, 1-based, for messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
}

/// A whole program, and what the parser saw that makes a `.js` file an ES module.
#[derive(Debug, PartialEq)]
pub struct Program {
    pub body: Vec<Stmt>,
    /// `import`/`export` declarations, `import.meta`, a top-level `await`, or a top-level
    /// lexical declaration of `require`, `module`, `exports`, `__filename` or `__dirname`: what
    /// Node 20.20 looks for when it decides that a `.js` file without a package type is ESM.
    pub module_syntax: Option<Pos>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VarKind {
    Var,
    Let,
    Const,
}

#[derive(Debug, PartialEq)]
pub enum Stmt {
    Expr(Expr),
    /// `var`/`let`/`const` with one or more declarators.
    Decl { kind: VarKind, decls: Vec<Declarator>, pos: Pos },
    Function(Function),
    Class(Class),
    If { test: Expr, then: Box<Stmt>, otherwise: Option<Box<Stmt>> },
    For { init: Option<Box<Stmt>>, test: Option<Expr>, update: Option<Expr>, body: Box<Stmt> },
    /// `for (head in object)` or `for (head of iterable)`.
    ForIn { head: ForHead, object: Expr, body: Box<Stmt>, pos: Pos },
    ForOf { head: ForHead, iterable: Expr, body: Box<Stmt>, pos: Pos },
    While { test: Expr, body: Box<Stmt> },
    DoWhile { body: Box<Stmt>, test: Expr },
    Switch { discriminant: Expr, cases: Vec<SwitchCase>, pos: Pos },
    Labeled { label: String, body: Box<Stmt>, pos: Pos },
    Return(Option<Expr>, Pos),
    Break(Option<String>, Pos),
    Continue(Option<String>, Pos),
    Block(Vec<Stmt>),
    Try { body: Vec<Stmt>, param: Option<Pattern>, handler: Option<Vec<Stmt>>, finalizer: Option<Vec<Stmt>> },
    Throw(Expr, Pos),
    Import(Import),
    /// `export` of a declaration: the declaration runs as it would without `export`.
    ExportDecl(Box<Stmt>),
    /// `export default expr`.
    ExportDefault(Expr, Pos),
    /// `export { a, b as c }`, with `from` when re-exported.
    ExportNamed { names: Vec<(String, String)>, from: Option<String>, pos: Pos },
    Empty,
}

#[derive(Debug, PartialEq)]
pub struct Declarator {
    pub target: Pattern,
    pub init: Option<Expr>,
    pub pos: Pos,
}

/// The left side of `for ... in/of`: a declaration of one binding, or an assignment target.
#[derive(Debug, PartialEq)]
pub enum ForHead {
    Decl(VarKind, Pattern),
    Target(Pattern),
}

#[derive(Debug, PartialEq)]
pub struct SwitchCase {
    /// `None` for `default:`.
    pub test: Option<Expr>,
    pub body: Vec<Stmt>,
}

#[derive(Debug, PartialEq)]
pub struct Import {
    pub specifiers: Vec<ImportSpecifier>,
    pub source: String,
    pub pos: Pos,
}

#[derive(Debug, PartialEq)]
pub enum ImportSpecifier {
    /// `import name from "m"`.
    Default(String, Pos),
    /// `import * as name from "m"`.
    Namespace(String, Pos),
    /// `import { imported as local } from "m"`.
    Named { imported: String, local: String, pos: Pos },
}

/// A binding or assignment target, possibly destructuring.
#[derive(Debug, PartialEq)]
pub enum Pattern {
    Ident(String, Pos),
    Object { props: Vec<PatternProp>, rest: Option<Box<Pattern>>, pos: Pos },
    /// Holes are `None`.
    Array { elems: Vec<Option<PatternElem>>, rest: Option<Box<Pattern>>, pos: Pos },
    /// A property as an assignment target (`obj.x`, `a[i]`): only in assignments and in the
    /// head of `for ... of` without a declaration.
    Expr(Box<Expr>),
}

#[derive(Debug, PartialEq)]
pub struct PatternProp {
    pub key: PropKey,
    pub value: Pattern,
    pub default: Option<Expr>,
}

#[derive(Debug, PartialEq)]
pub struct PatternElem {
    pub pattern: Pattern,
    pub default: Option<Expr>,
}

#[derive(Debug, PartialEq)]
pub enum PropKey {
    Name(String),
    Computed(Box<Expr>),
    /// `#name`, without the `#`.
    Private(String),
}

#[derive(Debug, PartialEq)]
pub struct Param {
    pub pattern: Pattern,
    pub default: Option<Expr>,
    pub rest: bool,
    /// A TypeScript parameter property (`constructor(private limit: number)`): the constructor
    /// assigns `this.limit = limit` before its body runs.
    pub property: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FunctionKind {
    Normal,
    Arrow,
    Method,
    Getter,
    Setter,
    /// A class's `constructor`; `derived` when the class `extends` another.
    Constructor { derived: bool },
}

#[derive(Debug, PartialEq)]
pub struct Function {
    pub name: Option<String>,
    pub params: Vec<Param>,
    pub body: FunctionBody,
    pub is_async: bool,
    pub kind: FunctionKind,
    pub pos: Pos,
}

impl Function {
    pub fn is_arrow(&self) -> bool {
        self.kind == FunctionKind::Arrow
    }
}

#[derive(Debug, PartialEq)]
pub enum FunctionBody {
    Block(Vec<Stmt>),
    /// An arrow function's expression body.
    Expr(Box<Expr>),
}

#[derive(Debug, PartialEq)]
pub struct Class {
    pub name: Option<String>,
    pub extends: Option<Box<Expr>>,
    pub constructor: Option<Box<Function>>,
    pub members: Vec<ClassMember>,
    pub pos: Pos,
}

#[derive(Debug, PartialEq)]
pub enum ClassMember {
    /// A method, getter or setter (the function's kind says which).
    Method { key: PropKey, is_static: bool, function: Function },
    /// A field with its initialiser, run for each instance (or once, when static).
    Field { key: PropKey, is_static: bool, value: Option<Expr>, pos: Pos },
    /// `static { ... }`.
    StaticBlock(Vec<Stmt>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    Exp,
    Lt,
    Le,
    Gt,
    Ge,
    StrictEq,
    StrictNe,
    LooseEq,
    LooseNe,
    BitAnd,
    BitOr,
    BitXor,
    Shl,
    Shr,
    UShr,
    In,
    InstanceOf,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogicalOp {
    And,
    Or,
    Nullish,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    Not,
    Neg,
    Plus,
    BitNot,
    Typeof,
    Void,
    Delete,
}

/// What an assignment does with the old value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AssignOp {
    Assign,
    /// `x += y` and the other arithmetic and bitwise forms.
    Compound(BinOp),
    /// `x &&= y`, `x ||= y`, `x ??= y`: assigns only when the logical operator would evaluate `y`.
    Logical(LogicalOp),
}

#[derive(Debug, PartialEq)]
pub enum Arg {
    Expr(Expr),
    Spread(Expr),
}

#[derive(Debug, PartialEq)]
pub enum ObjectProp {
    /// `key: value`, and shorthand `key` (whose value is the identifier).
    Init { key: PropKey, value: Expr },
    /// A method, getter or setter.
    Method { key: PropKey, function: Function },
    Spread(Expr),
}

#[derive(Debug, PartialEq)]
pub enum Expr {
    Number(f64),
    Str(String),
    Bool(bool),
    Null,
    Undefined,
    Template { quasis: Vec<String>, exprs: Vec<Expr> },
    Ident(String, Pos),
    This(Pos),
    Function(Box<Function>),
    Class(Box<Class>),
    /// `callee(args)`; `optional` for `callee?.(args)`.
    Call { callee: Box<Expr>, args: Vec<Arg>, optional: bool, pos: Pos },
    /// `super(args)` in a derived constructor.
    SuperCall { args: Vec<Arg>, pos: Pos },
    New { callee: Box<Expr>, args: Vec<Arg>, pos: Pos },
    /// `object.name`, `object.#name`, `object?.name`.
    Member { object: Box<Expr>, property: PropKey, optional: bool, pos: Pos },
    /// `super.name` or `super[expr]` in a method.
    SuperMember { property: PropKey, pos: Pos },
    /// The extent of an optional chain: a `?.` inside short-circuits to `undefined` here.
    OptionalChain(Box<Expr>),
    Object(Vec<ObjectProp>),
    /// Holes are `None`.
    Array(Vec<Option<Arg>>),
    Binary(BinOp, Box<Expr>, Box<Expr>, Pos),
    /// `#name in object`.
    PrivateIn { name: String, object: Box<Expr>, pos: Pos },
    Logical(LogicalOp, Box<Expr>, Box<Expr>),
    Unary(UnaryOp, Box<Expr>, Pos),
    Conditional(Box<Expr>, Box<Expr>, Box<Expr>),
    Assign { target: Box<Pattern>, op: AssignOp, value: Box<Expr>, pos: Pos },
    /// `++x`, `x++`, `--x`, `x--`.
    Update { target: Box<Expr>, increment: bool, prefix: bool, pos: Pos },
    Await(Box<Expr>, Pos),
    /// `a, b, c`: each in turn, the value of the last.
    Sequence(Vec<Expr>),
    /// `import.meta`.
    ImportMeta(Pos),
}

/// The links of a chain the parser builds in a loop (`a.b.c`, `f()()`, `1 + 2 + 3`, `a && b && c`,
/// `a?.b`) hang off each other's left side, as many as the source has: the drop the compiler
/// would write recurses once per link, which 10^5 links of a long program make a stack overflow.
/// This one moves each link's left side out before the link drops, so that a chain is freed in
/// a loop; what recursion remains follows the tree's other edges, which the parser's nesting
/// limit bounds.
impl Drop for Expr {
    fn drop(&mut self) {
        let mut next = self.take_left_link();
        while let Some(mut link) = next {
            next = link.take_left_link();
        }
    }
}

impl Expr {
    /// Moves the expression out, leaving `undefined` in its place.
    pub fn take(&mut self) -> Expr {
        std::mem::replace(self, Expr::Undefined)
    }

    /// The left side of a link of a chain (a callee, an object, a left operand, what an optional
    /// chain holds), moved out when it is itself such a link.
    fn take_left_link(&mut self) -> Option<Expr> {
        let left = match self {
            Expr::Binary(_, left, ..) | Expr::Logical(_, left, _) | Expr::Call { callee: left, .. } | Expr::Member { object: left, .. } | Expr::OptionalChain(left) => left,
            _ => return None,
        };
        let is_link = matches!(**left, Expr::Binary(..) | Expr::Logical(..) | Expr::Call { .. } | Expr::Member { .. } | Expr::OptionalChain(_));
        is_link.then(|| left.take())
    }

    /// Where an expression starts, as far as the tree knows (for messages).
    pub fn pos(&self) -> Option<Pos> {
        match self {
            Expr::Ident(_, p) | Expr::This(p) | Expr::ImportMeta(p) => Some(*p),
            Expr::Call { pos, .. }
            | Expr::SuperCall { pos, .. }
            | Expr::New { pos, .. }
            | Expr::Member { pos, .. }
            | Expr::SuperMember { pos, .. }
            | Expr::Binary(_, _, _, pos)
            | Expr::PrivateIn { pos, .. }
            | Expr::Unary(_, _, pos)
            | Expr::Assign { pos, .. }
            | Expr::Update { pos, .. }
            | Expr::Await(_, pos) => Some(*pos),
            Expr::Function(f) => Some(f.pos),
            Expr::Class(c) => Some(c.pos),
            Expr::OptionalChain(e) => e.pos(),
            Expr::Sequence(es) => es.first().and_then(Expr::pos),
            _ => None,
        }
    }
}
