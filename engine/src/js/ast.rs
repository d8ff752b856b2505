//! The syntax tree of the JavaScript subset the interpreter accepts.

/// A position in the source, 1-based, for messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Stmt {
    Expr(Expr),
    /// `const`/`let` with one binding.
    Let { name: String, constant: bool, init: Option<Expr>, pos: Pos },
    Function(Function),
    If { test: Expr, then: Box<Stmt>, otherwise: Option<Box<Stmt>> },
    /// `for (init; test; update) body`; `init` declares with `let` when `let_name` is set.
    For { init: Option<Box<Stmt>>, test: Option<Expr>, update: Option<Expr>, body: Box<Stmt> },
    While { test: Expr, body: Box<Stmt> },
    Return(Option<Expr>, Pos),
    Break(Pos),
    Continue(Pos),
    Block(Vec<Stmt>),
    Try { body: Vec<Stmt>, param: Option<String>, handler: Option<Vec<Stmt>>, finalizer: Option<Vec<Stmt>> },
    Throw(Expr, Pos),
    Empty,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Function {
    pub name: Option<String>,
    pub params: Vec<String>,
    pub body: FunctionBody,
    pub is_async: bool,
    pub is_arrow: bool,
    pub pos: Pos,
}

#[derive(Clone, Debug, PartialEq)]
pub enum FunctionBody {
    Block(Vec<Stmt>),
    /// An arrow function's expression body.
    Expr(Box<Expr>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    Lt,
    Le,
    Gt,
    Ge,
    StrictEq,
    StrictNe,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogicalOp {
    And,
    Or,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    Not,
    Neg,
    Plus,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    Number(f64),
    Str(String),
    Bool(bool),
    Null,
    Undefined,
    Template { quasis: Vec<String>, exprs: Vec<Expr> },
    Ident(String, Pos),
    Function(Box<Function>),
    Call { callee: Box<Expr>, args: Vec<Expr>, pos: Pos },
    /// `new Promise(executor)`: the only constructor in the subset.
    NewPromise { args: Vec<Expr>, pos: Pos },
    Member { object: Box<Expr>, name: String, pos: Pos },
    Index { object: Box<Expr>, index: Box<Expr>, pos: Pos },
    Object(Vec<(String, Expr)>),
    Array(Vec<Expr>),
    Binary(BinOp, Box<Expr>, Box<Expr>),
    Logical(LogicalOp, Box<Expr>, Box<Expr>),
    Unary(UnaryOp, Box<Expr>),
    Conditional(Box<Expr>, Box<Expr>, Box<Expr>),
    /// `target = value` or `target op= value` (op is `None` for plain assignment).
    Assign { target: Box<Expr>, op: Option<BinOp>, value: Box<Expr>, pos: Pos },
    /// `++x`, `x++`, `--x`, `x--`.
    Update { target: Box<Expr>, increment: bool, prefix: bool, pos: Pos },
    Await(Box<Expr>, Pos),
}
