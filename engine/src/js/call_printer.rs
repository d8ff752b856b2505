//! The source text V8 puts in its TypeErrors about an expression's value: `cfg.load is not a
//! function`, `foo(...).bar is not a function`, `(intermediate value) is not a constructor`,
//! `bad is not iterable`. V8 prints the expression from its syntax tree (its `CallPrinter`), not
//! from the source: member keys that are strings are printed after a dot, calls as `(...)`,
//! operators in parentheses, numeric literals folded as its parser folds them (`1 + 2` is `3`),
//! and anything it does not print (functions, classes, `new`, `await`, conditionals) as
//! `(intermediate value)`.

use std::collections::HashMap;

use super::ast::{Arg, BinOp, Expr, LogicalOp, Pattern, PropKey, UnaryOp};
use super::value::number_to_string;
use super::vm::number_binary;

const INTERMEDIATE: &str = "(intermediate value)";

/// The text V8 shows for an expression in a message.
pub fn print(e: &Expr) -> String {
    let mut out = String::new();
    write(e, &mut out, None);
    out
}

/// The text of `e`, and where the text of each expression down its callees and objects ends in
/// it: `f().g()` begins with the texts of `f().g`, `f()` and `f`, so a chain's calls can share
/// one text instead of each printing its own (which would cost time quadratic in its length).
pub fn print_with_prefixes(e: &Expr) -> (String, HashMap<*const Expr, usize>) {
    let mut out = String::new();
    let mut prefixes = HashMap::new();
    write(e, &mut out, Some(&mut prefixes));
    (out, prefixes)
}

/// The left side of a link of a chain, which is written first: a call's callee, a member's
/// object, an operator's left operand. Chains can be as long as the source, so they are written
/// in a loop, never by recursion down their links.
fn left_link(e: &Expr) -> Option<&Expr> {
    match e {
        Expr::Call { callee: left, .. } | Expr::Member { object: left, .. } | Expr::Binary(_, left, ..) | Expr::Logical(_, left, _) => Some(left),
        _ => None,
    }
}

fn is_operation(e: &Expr) -> bool {
    matches!(e, Expr::Binary(..) | Expr::Logical(..))
}

/// Writes `e`; with `prefixes`, notes the length of the text of each expression the text begins
/// with (those reached from `e` through callees and objects, and `e` itself).
fn write(e: &Expr, out: &mut String, mut prefixes: Option<&mut HashMap<*const Expr, usize>>) {
    let mut links = Vec::new();
    let mut base = e;
    while let Some(left) = left_link(base) {
        links.push(base);
        base = left;
    }
    // An operation on literals is written as the literal it folds to; as soon as a link folds,
    // every link below it does too, so the topmost that folds is where the chain is cut.
    let mut literal = fold(base);
    let mut cut = links.len();
    while let (Some(left), Some(Expr::Binary(op, _, right, _))) = (literal, cut.checked_sub(1).map(|i| links[i])) {
        match fold_binary(*op, left, right) {
            Some(f) => {
                literal = Some(f);
                cut -= 1;
            }
            None => break,
        }
    }
    let bottom = links.get(cut).copied().unwrap_or(base);
    let links = &links[..cut];
    // An operation writes `(` before its left side: the texts below it do not begin the whole.
    // V8's parser makes one n-ary operation of `a + b + c` (the same operator again on its left
    // side, but for `**` and comparisons), written in one pair of parentheses.
    let clean = links.iter().position(|l| is_operation(l)).unwrap_or(links.len());
    let joins_left = |i: usize| links.get(i + 1).is_some_and(|left| n_ary_operator(links[i]).is_some_and(|op| n_ary_operator(left) == Some(op)));
    for (i, link) in links.iter().enumerate() {
        if is_operation(link) && !joins_left(i) {
            out.push('(');
        }
    }
    match literal {
        Some(f) => out.push_str(&f.text()),
        None => write_node(bottom, out),
    }
    if let Some(p) = prefixes.as_deref_mut() {
        if clean == links.len() {
            p.insert(bottom as *const Expr, out.len());
        }
    }
    for (i, link) in links.iter().enumerate().rev() {
        match link {
            Expr::Call { .. } => out.push_str("(...)"),
            Expr::Member { property, optional, .. } => {
                if *optional {
                    out.push_str("?.");
                }
                write_key(property, *optional, out);
            }
            Expr::Binary(op, _, right, _) => operand(binary_text(*op), right, out),
            Expr::Logical(op, _, right) => operand(logical_text(*op), right, out),
            _ => unreachable!("only links are on the chain"),
        }
        if is_operation(link) && !(i > 0 && joins_left(i - 1)) {
            out.push(')');
        }
        if let Some(p) = prefixes.as_deref_mut() {
            if i <= clean {
                p.insert(*link as *const Expr, out.len());
            }
        }
    }
}

/// Writes an expression that is not a link of a chain and does not fold.
fn write_node(e: &Expr, out: &mut String) {
    let write = |e: &Expr, out: &mut String| write(e, out, None);
    match e {
        Expr::Str(s) => {
            out.push('"');
            out.push_str(s);
            out.push('"');
        }
        Expr::Undefined => out.push_str("undefined"),
        Expr::Null => out.push_str("null"),
        Expr::Template { quasis, exprs } if exprs.is_empty() => {
            out.push('"');
            out.push_str(&quasis[0]);
            out.push('"');
        }
        // V8 prints a template's substitutions only, one after another.
        Expr::Template { exprs, .. } => exprs.iter().for_each(|e| write(e, out)),
        Expr::Ident(n, _) => out.push_str(n),
        Expr::This(_) => out.push_str("this"),
        Expr::SuperMember { property, .. } => {
            out.push_str(INTERMEDIATE);
            write_key(property, false, out);
        }
        Expr::Object(props) => {
            out.push('{');
            props.iter().for_each(|_| out.push_str(INTERMEDIATE));
            out.push('}');
        }
        Expr::Array(elems) => {
            out.push('[');
            for (i, elem) in elems.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                match elem {
                    Some(Arg::Expr(e)) => write(e, out),
                    Some(Arg::Spread(e)) => {
                        out.push_str("(...");
                        write(e, out);
                        out.push(')');
                    }
                    None => out.push_str(INTERMEDIATE),
                }
            }
            out.push(']');
        }
        Expr::Sequence(es) => {
            out.push('(');
            for (i, e) in es.iter().enumerate() {
                if i > 0 {
                    out.push_str(" , ");
                }
                write(e, out);
            }
            out.push(')');
        }
        Expr::Unary(op, x, _) => {
            out.push('(');
            out.push_str(unary_text(*op));
            write(x, out);
            out.push(')');
        }
        Expr::Update { target, increment, prefix, .. } => {
            let op = if *increment { "++" } else { "--" };
            out.push('(');
            if *prefix {
                out.push_str(op);
            }
            write(target, out);
            if !*prefix {
                out.push_str(op);
            }
            out.push(')');
        }
        // An assignment is printed as its target.
        Expr::Assign { target, .. } => match target.as_ref() {
            Pattern::Ident(n, _) => out.push_str(n),
            Pattern::Expr(e) => write(e, out),
            _ => out.push_str(INTERMEDIATE),
        },
        // Each branch of a conditional is a value V8 does not print.
        Expr::Conditional(..) => (0..3).for_each(|_| out.push_str(INTERMEDIATE)),
        _ => out.push_str(INTERMEDIATE),
    }
}

/// `.name` for a name or a string key, `[key]` for any other, `[#name]` for a private name.
fn write_key(key: &PropKey, after_optional: bool, out: &mut String) {
    let dotted = |n: &str, out: &mut String| {
        if !after_optional {
            out.push('.');
        }
        out.push_str(n);
    };
    match key {
        PropKey::Name(n) => dotted(n, out),
        PropKey::Computed(k) => match k.as_ref() {
            Expr::Str(s) => dotted(s, out),
            Expr::Template { quasis, exprs } if exprs.is_empty() => dotted(&quasis[0], out),
            k => {
                out.push('[');
                write(k, out, None);
                out.push(']');
            }
        },
        PropKey::Private(n) => {
            out.push_str("[#");
            out.push_str(n);
            out.push(']');
        }
    }
}

/// The operator and the right side of an operation whose left side is written: ` op right`.
fn operand(op: &str, right: &Expr, out: &mut String) {
    out.push(' ');
    out.push_str(op);
    out.push(' ');
    write(right, out, None);
}

/// The operator of an operation V8 makes n-ary when it repeats on the left side: the logical,
/// bitwise, shift and arithmetic operators but `**`.
fn n_ary_operator(e: &Expr) -> Option<&'static str> {
    match e {
        Expr::Binary(op, ..) if is_folded(*op) && *op != BinOp::Exp => Some(binary_text(*op)),
        Expr::Logical(op, ..) => Some(logical_text(*op)),
        _ => None,
    }
}

fn logical_text(op: LogicalOp) -> &'static str {
    match op {
        LogicalOp::And => "&&",
        LogicalOp::Or => "||",
        LogicalOp::Nullish => "??",
    }
}

/// A literal V8's parser makes of constant operations on literals.
#[derive(Clone, Copy)]
enum Folded {
    Num(f64),
    Bool(bool),
}

impl Folded {
    fn text(&self) -> String {
        match self {
            Folded::Num(n) => number_to_string(*n),
            Folded::Bool(b) => b.to_string(),
        }
    }
}

/// V8's parser folds `-`, `+` and `~` of a number literal, `!` of any literal, and the
/// arithmetic and bitwise operators on two number literals. (The operations down a left side are
/// folded in a loop: they can be as many as the source has.)
fn fold(e: &Expr) -> Option<Folded> {
    let mut operations = Vec::new();
    let mut base = e;
    while let Expr::Binary(op, left, right, _) = base {
        if !is_folded(*op) {
            return None;
        }
        operations.push((*op, right));
        base = left;
    }
    let mut value = match base {
        Expr::Number(n) => Folded::Num(*n),
        Expr::Bool(b) => Folded::Bool(*b),
        Expr::Unary(UnaryOp::Not, x, _) => {
            let truthy = match x.as_ref() {
                Expr::Str(s) => !s.is_empty(),
                Expr::Null | Expr::Undefined => false,
                other => match fold(other)? {
                    Folded::Num(n) => n != 0.0 && !n.is_nan(),
                    Folded::Bool(b) => b,
                },
            };
            Folded::Bool(!truthy)
        }
        Expr::Unary(op @ (UnaryOp::Neg | UnaryOp::Plus | UnaryOp::BitNot), x, _) => {
            let Folded::Num(n) = fold(x)? else { return None };
            Folded::Num(match op {
                UnaryOp::Neg => -n,
                UnaryOp::Plus => n,
                _ => f64::from(!super::vm::to_int32(n)),
            })
        }
        _ => return None,
    };
    for (op, right) in operations.into_iter().rev() {
        value = fold_binary(op, value, right)?;
    }
    Some(value)
}

/// `left op right` folded, when the operator folds and `right` does.
fn fold_binary(op: BinOp, left: Folded, right: &Expr) -> Option<Folded> {
    if !is_folded(op) {
        return None;
    }
    let (Folded::Num(a), Folded::Num(b)) = (left, fold(right)?) else { return None };
    match number_binary(op, a, b)? {
        super::value::Value::Num(n) => Some(Folded::Num(n)),
        _ => None,
    }
}

fn is_folded(op: BinOp) -> bool {
    use BinOp::*;
    matches!(op, Add | Sub | Mul | Div | Rem | Exp | BitAnd | BitOr | BitXor | Shl | Shr | UShr)
}

fn unary_text(op: UnaryOp) -> &'static str {
    match op {
        UnaryOp::Not => "!",
        UnaryOp::Neg => "-",
        UnaryOp::Plus => "+",
        UnaryOp::BitNot => "~",
        UnaryOp::Typeof => "typeof ",
        UnaryOp::Void => "void ",
        UnaryOp::Delete => "delete ",
    }
}

fn binary_text(op: BinOp) -> &'static str {
    use BinOp::*;
    match op {
        Add => "+",
        Sub => "-",
        Mul => "*",
        Div => "/",
        Rem => "%",
        Exp => "**",
        Lt => "<",
        Le => "<=",
        Gt => ">",
        Ge => ">=",
        StrictEq => "===",
        StrictNe => "!==",
        LooseEq => "==",
        LooseNe => "!=",
        BitAnd => "&",
        BitOr => "|",
        BitXor => "^",
        Shl => "<<",
        Shr => ">>",
        UShr => ">>>",
        In => "in",
        InstanceOf => "instanceof",
    }
}
