//! The source text V8 puts in its TypeErrors about an expression's value: `cfg.load is not a
//! function`, `foo(...).bar is not a function`, `(intermediate value) is not a constructor`,
//! `bad is not iterable`. V8 prints the expression from its syntax tree (its `CallPrinter`), not
//! from the source: member keys that are strings are printed after a dot, calls as `(...)`,
//! operators in parentheses, numeric literals folded as its parser folds them (`1 + 2` is `3`),
//! and anything it does not print (functions, classes, `new`, `await`, conditionals) as
//! `(intermediate value)`.

use super::ast::{Arg, BinOp, Expr, LogicalOp, Pattern, PropKey, UnaryOp};
use super::value::number_to_string;
use super::vm::number_binary;

const INTERMEDIATE: &str = "(intermediate value)";

/// The text V8 shows for an expression in a message.
pub fn print(e: &Expr) -> String {
    let mut out = String::new();
    write(e, &mut out);
    out
}

fn write(e: &Expr, out: &mut String) {
    if let Some(folded) = fold(e) {
        out.push_str(&folded.text());
        return;
    }
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
        Expr::Call { callee, .. } => {
            write(callee, out);
            out.push_str("(...)");
        }
        Expr::Member { object, property, optional, .. } => {
            write(object, out);
            if *optional {
                out.push_str("?.");
            }
            write_key(property, *optional, out);
        }
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
        Expr::Binary(op, l, r, _) => operation(l, binary_text(*op), r, out),
        Expr::Logical(op, l, r) => {
            let text = match op {
                LogicalOp::And => "&&",
                LogicalOp::Or => "||",
                LogicalOp::Nullish => "??",
            };
            operation(l, text, r, out);
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
                write(k, out);
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

fn operation(l: &Expr, op: &str, r: &Expr, out: &mut String) {
    out.push('(');
    write(l, out);
    out.push(' ');
    out.push_str(op);
    out.push(' ');
    write(r, out);
    out.push(')');
}

/// A literal V8's parser makes of constant operations on literals.
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
/// arithmetic and bitwise operators on two number literals.
fn fold(e: &Expr) -> Option<Folded> {
    match e {
        Expr::Number(n) => Some(Folded::Num(*n)),
        Expr::Bool(b) => Some(Folded::Bool(*b)),
        Expr::Unary(UnaryOp::Not, x, _) => {
            let truthy = match x.as_ref() {
                Expr::Str(s) => !s.is_empty(),
                Expr::Null | Expr::Undefined => false,
                other => match fold(other)? {
                    Folded::Num(n) => n != 0.0 && !n.is_nan(),
                    Folded::Bool(b) => b,
                },
            };
            Some(Folded::Bool(!truthy))
        }
        Expr::Unary(op @ (UnaryOp::Neg | UnaryOp::Plus | UnaryOp::BitNot), x, _) => {
            let Folded::Num(n) = fold(x)? else { return None };
            Some(Folded::Num(match op {
                UnaryOp::Neg => -n,
                UnaryOp::Plus => n,
                _ => f64::from(!super::vm::to_int32(n)),
            }))
        }
        Expr::Binary(op, l, r, _) if is_folded(*op) => {
            let (Folded::Num(a), Folded::Num(b)) = (fold(l)?, fold(r)?) else { return None };
            match number_binary(*op, a, b)? {
                super::value::Value::Num(n) => Some(Folded::Num(n)),
                _ => None,
            }
        }
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
