//! Compiles the syntax tree to a small stack-machine code, one `Proto` per function. A frame of
//! this code can stop at `await` and resume later with its stack, scopes and handlers intact,
//! which is what async functions need.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use super::call_printer;
use super::ast::*;
use super::Error;

/// Where a binding lives at run time: in the scope `hops` parents up from the current one, at
/// position `index` of its bindings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VarSlot {
    pub hops: u32,
    pub index: u32,
}

/// What the compiler knows of a scope the code will run in: its bindings, in the order the
/// machine creates them. The program's own scope is the global one, which also holds the
/// built-ins and whatever sloppy code assigns: names there are looked up by name.
#[derive(Debug, Clone, Default)]
struct ScopeModel {
    names: Vec<Rc<str>>,
    /// Where each name is last in `names` (the binding a search by name finds).
    index: HashMap<Rc<str>, usize>,
    global: bool,
}

impl ScopeModel {
    fn new(names: Vec<Rc<str>>, global: bool) -> ScopeModel {
        let index = names.iter().enumerate().map(|(i, n)| (n.clone(), i)).collect();
        ScopeModel { names, index, global }
    }

    /// Adds a binding as the machine does: a name already in the scope is reused. The global
    /// scope keeps none: its names are searched for at run time anyway, and every nested
    /// function's compiler copies the model.
    fn declare(&mut self, n: &Rc<str>) {
        if !self.global && !self.index.contains_key(n) {
            self.index.insert(n.clone(), self.names.len());
            self.names.push(n.clone());
        }
    }
}

/// The bindings the machine makes when it enters a function (`Vm::enter`): unless it is an
/// arrow, its `this`, the function itself, its home object and `new.target`, then one per
/// parameter.
fn function_scope(is_arrow: bool, params: &[Rc<str>]) -> ScopeModel {
    let own: &[&str] = if is_arrow { &[] } else { &FUNCTION_OWN_NAMES };
    ScopeModel::new(own.iter().map(|n| name(n)).chain(params.iter().cloned()).collect(), false)
}

#[derive(Debug, Clone)]
pub enum Op {
    Num(f64),
    Str(Rc<str>),
    Undefined,
    Null,
    Bool(bool),
    Pop,
    Dup,
    /// Duplicates the two top values (`a b` -> `a b a b`).
    Dup2,
    /// Reads a binding found by name along the scope chain: the global scope's, or one the
    /// compiler could not place.
    GetVar(Rc<str>, Pos),
    /// Assigns the top value (kept on the stack) to an existing binding.
    SetVar(Rc<str>, Pos),
    /// `GetVar` of a binding the compiler placed: `slot.hops` scopes up, at `slot.index` (checked
    /// against the name, so a wrong slot could only cost a search, never read another binding).
    GetLocal(Rc<str>, Pos, VarSlot),
    /// `SetVar` of a placed binding.
    SetLocal(Rc<str>, Pos, VarSlot),
    /// Creates a binding in the current scope that may not be read before it is initialised.
    DeclareUninit(Rc<str>, bool),
    /// Initialises a binding declared in the current scope with the popped value.
    Init(Rc<str>),
    PushScope,
    PopScope,
    /// Pops the current scope and frees it at once: no closure was made while it was current,
    /// so nothing else can hold it (a loop's body would otherwise leave one scope per iteration
    /// for the collector).
    DropScope,
    /// Replaces the current scope by a copy (a `for (let ...)` loop's per-iteration binding).
    IterCopy,
    /// Does nothing (what an `IterCopy` becomes in a loop that makes no closure, where no one can
    /// tell the iterations' bindings apart).
    Nop,
    GetProp(Rc<str>, Pos),
    /// `obj value` -> `value`.
    SetProp(Rc<str>, Pos),
    /// `obj index` -> `value`.
    GetIndex(Pos),
    /// `obj index value` -> `value`.
    SetIndex(Pos),
    NewObject,
    /// `obj value` -> `obj`, with the property added.
    InitProp(Rc<str>),
    NewArray(usize),
    Closure(Rc<Proto>),
    /// `callee args...` -> result.
    Call(usize, Pos),
    /// `obj args...` -> result, calling `obj[name]` with `obj` as the receiver.
    CallMethod(Rc<str>, usize, Pos),
    NewPromise(usize, Pos),
    /// `callee args...` -> the new object.
    New(usize, Pos),
    /// `obj key args...` -> result, calling `obj[key]` with `obj` as the receiver.
    CallMethodIndex(usize, Pos),
    /// `this fn args...` -> result: a call with an explicit receiver (`super.m()`).
    CallWithThis(usize, Pos),
    /// `args...` -> the new `this`: calls the parent class's constructor (`super(...)`).
    SuperCall(usize, Pos),
    /// `this` -> the parent prototype's property, read with `this` as the receiver.
    GetSuper(Rc<str>, Pos),
    /// `parent?` -> `F P`: a class's constructor and prototype, before its members.
    NewClass(Rc<ClassTemplate>),
    /// `F P method` -> `F P`: defines a method, getter or setter on P (or F when static).
    DefineMethod { key: Rc<str>, kind: MethodKind, is_static: bool },
    /// `F P key method` -> `F P`: the same with a computed key.
    DefineMethodComputed { kind: MethodKind, is_static: bool },
    /// `F P fields` -> `F P`: the instance field initialiser (a function run with the instance).
    SetClassFields,
    /// `F P init` -> `F P`: runs the static initialiser with `this` = F.
    RunStatic,
    /// `F P` -> `F`.
    FinishClass,
    /// `obj value` -> `obj`: an own, enumerable data property, whatever the prototype has.
    DefineField(Rc<str>),
    /// `obj key value` -> `obj`.
    DefineFieldComputed,
    /// `obj accessor` -> `obj`: a getter or setter in an object literal.
    DefineAccessor { key: Rc<str>, setter: bool },
    /// `obj` -> value of the private name (class id, name).
    GetPrivate(u32, Rc<str>, Pos),
    /// `obj value` -> value.
    SetPrivate(u32, Rc<str>, Pos),
    /// `obj value` -> `obj`: adds a private field to a new instance.
    DefinePrivate(u32, Rc<str>),
    /// `obj method` -> `obj`: adds a private method or accessor to a new instance.
    DefinePrivateMethod(u32, Rc<str>, MethodKind),
    /// `obj` -> whether it has the private name.
    HasPrivate(u32, Rc<str>),
    /// `a b` -> `a instanceof b`.
    InstanceOf(Pos),
    /// `key obj` -> `key in obj`.
    In(Pos),
    Binary(BinOp, Pos),
    Not,
    Neg,
    ToNumber,
    BitNot,
    Typeof,
    /// `typeof name`: "undefined" for a name that is not declared anywhere, instead of a
    /// ReferenceError.
    TypeofVar(Rc<str>, Pos),
    /// `a b` -> `a + String(b)`: template literals.
    ConcatString,
    Jump(usize),
    JumpIfFalse(usize),
    /// Jumps if the top is falsy, keeping it; otherwise pops it (`&&`).
    JumpIfFalseKeep(usize),
    /// Jumps if the top is truthy, keeping it; otherwise pops it (`||`).
    JumpIfTrueKeep(usize),
    /// Jumps if the top is neither null nor undefined, keeping it; otherwise pops it (`??`).
    JumpIfNotNullishKeep(usize),
    /// Jumps if the top is not undefined, keeping it; otherwise pops it (defaults).
    JumpIfNotUndefined(usize),
    /// `?.`: if the top is null or undefined, pops it and `below` more values, pushes
    /// undefined and jumps to the end of the chain.
    OptionalJump { target: usize, below: usize },
    /// `value` -> an iterator over it (arrays, strings, Maps, Sets, their iterators).
    GetIterator(Pos),
    /// `object` -> an iterator over its enumerable string keys (`for ... in`).
    ForInKeys(Pos),
    /// `iter` -> `iter value`, or pops nothing and jumps when the iterator is done.
    IterNext(usize),
    /// `iter` -> `iter value`: the next value, or undefined when done (array patterns).
    IterStep,
    /// `iter` -> `iter`: a handler that closes the iterator when a throw, `return`, `break` or
    /// `continue` leaves the loop or pattern walking it (IteratorClose).
    EnterIterLoop,
    /// The iterator is done: its handler goes, nothing is closed.
    LeaveIterLoop,
    /// `iter` -> ``: closes the iterator unless it is done (a pattern that did not exhaust it).
    IterClose,
    /// `iter` -> `iter array`: everything left, as an array.
    IterRest,
    /// `value` -> `value`: TypeError when it is null or undefined (object patterns).
    RequireObject(Rc<PatternCheck>),
    /// `value` -> an iterator over it, as GetIterator, for an array pattern.
    PatternIterator(Rc<PatternCheck>),
    /// `source` -> `source rest`: an object of the own enumerable properties not in the list.
    ObjectRest(Vec<Rc<str>>),
    /// Pushes a copy of the value this far below the top (0 is the top).
    Pick(usize),
    /// Removes `n` values below the top one.
    Nip(usize),
    /// `array value` -> `array`: appends.
    ArrayPush,
    /// `array` -> `array`: appends a hole (an elision, `[1, , 3]`).
    ArrayHole,
    /// `array iterable` -> `array`: appends each value.
    ArraySpread(Pos),
    /// `obj source` -> `obj`: copies the source's own enumerable properties.
    CopyProps,
    /// `callee args` -> result, the arguments in an array (a call with spread).
    CallSpread(Pos),
    /// `obj method args` -> result.
    CallMethodSpread(Pos),
    /// `callee args` -> the new object.
    NewSpread(Pos),
    /// Declares (or finds) a `var` binding in the function's scope, initialised to undefined.
    DeclareVar(Rc<str>),
    /// `obj key` -> whether the own property is gone (`delete obj[key]`).
    Delete(Pos),
    /// Pushes a built-in module (`import ... from 'node:events'`).
    ImportModule(Rc<str>, Pos),
    Return,
    Throw(Pos),
    Await(Pos),
    EnterCatch(usize),
    EnterFinally(usize),
    /// `break`/`continue` leaving a `try` that has a `finally`: drops the handlers, scopes and
    /// stack values inside the innermost finally's `try`, runs that finally with a pending jump
    /// to the given target (the rest of the way out), as a throw or `return` would run it
    /// ([ECMA-262 §14.15.3](https://tc39.es/ecma262/#sec-try-statement-runtime-semantics-evaluation)).
    BreakToFinally(usize),
    /// `break`/`continue` out of a `finally` block: its pending completion is dropped.
    DiscardCompletion,
    LeaveHandler,
    /// Entering a finally block normally: nothing pending.
    CompletionNormal,
    EndFinally,
}

#[derive(Debug)]
pub struct Proto {
    pub name: Rc<str>,
    pub params: Vec<Rc<str>>,
    pub code: Vec<Op>,
    pub is_async: bool,
    pub is_arrow: bool,
    /// The last parameter collects the remaining arguments in an array.
    pub rest: bool,
    /// Strict mode code (modules, classes, "use strict"): a failed assignment throws.
    pub strict: bool,
    /// `fn.length`: the parameters before the first with a default or the rest.
    pub length: usize,
    pub kind: ProtoKind,
    /// TypeScript parameter properties of a derived constructor: assigned to `this` right after
    /// `super(...)` returns (a base constructor's are the first statements of its body).
    pub param_properties: Vec<Rc<str>>,
    /// Whether its code makes functions (closures, classes), which keep its scopes alive; a call
    /// of a function that makes none frees its scopes when it returns.
    pub makes_closures: bool,
    /// For the operations that can fail on a value (calls, `new`, patterns), in code order: the
    /// operation's index and the text V8 names that value by in its message (`call_printer`):
    /// the first `len` bytes of a text that the calls of one chain share.
    pub subjects: Vec<(usize, Rc<str>, usize)>,
    /// For the operations a stack frame can stand at (calls, `new`, property reads and writes
    /// that may run an accessor, `await`), in code order: the operation's index and the
    /// position V8 prints for it (`vm/stack_trace.rs`).
    pub positions: Vec<(usize, Pos)>,
    /// Code of the machine's own prelude: its frames are left out of stacks, as Node's
    /// internal frames would be.
    pub internal: bool,
    /// The name V8 gives an anonymous function assigned to a property (`o.k = function () {}`
    /// is "o.k", `Foo.prototype.bar = ...` "Foo.bar"), which stacks show; empty for others.
    pub debug_name: Rc<str>,
}

impl Proto {
    /// The text V8 would name the value the operation at `pc` works on by, if it has one.
    pub fn subject(&self, pc: usize) -> Option<&str> {
        let i = self.subjects.binary_search_by_key(&pc, |(at, ..)| *at).ok()?;
        let (_, text, len) = &self.subjects[i];
        text.get(..*len)
    }

    /// The position V8 prints for a frame standing at the operation at `pc`, if it has one.
    pub fn position(&self, pc: usize) -> Option<Pos> {
        let i = self.positions.binary_search_by_key(&pc, |(at, _)| *at).ok()?;
        Some(self.positions[i].1)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProtoKind {
    /// A function, an arrow, a method: callable; a plain function can also be used with `new`.
    Function,
    /// Methods, getters, setters and arrows cannot be used with `new`.
    NotConstructor,
    /// A class's constructor: only with `new`.
    ClassConstructor { derived: bool },
}

/// What `new`, the constructor and `super` need to make a class.
#[derive(Debug)]
pub struct ClassTemplate {
    pub name: Rc<str>,
    pub constructor: Rc<Proto>,
    pub derived: bool,
    pub id: u32,
    pub extends_name: Option<Rc<str>>,
    /// No `constructor` in the body: a derived class passes its arguments to `super`.
    pub default_constructor: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MethodKind {
    Method,
    Getter,
    Setter,
}

/// Class bodies get ids for their private names; unique within a run of the program.
static NEXT_CLASS: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(1);

/// Compiles a whole program: a CommonJS script, or an ES module (whose body is async, for
/// top-level `await`).
pub fn compile(body: &[Stmt], is_module: bool) -> Result<Rc<Proto>, Error> {
    let compiled = compile_program(body, is_module);
    forget_names();
    compiled
}

fn compile_program(body: &[Stmt], is_module: bool) -> Result<Rc<Proto>, Error> {
    let mut c = Compiler { strict: is_module || uses_strict(body), ..Compiler::default() };
    c.scopes.push(ScopeModel::new(Vec::new(), true));
    c.hoist_vars(body);
    c.hoist(body)?;
    for s in body {
        c.stmt(s)?;
    }
    c.emit(Op::Undefined);
    c.emit(Op::Return);
    Ok(Rc::new(Proto {
        name: Rc::from(if is_module { "<module>" } else { "<main>" }),
        params: vec![],
        makes_closures: code_makes_closures(&c.code),
        code: c.code,
        subjects: c.subjects,
        positions: c.positions,
        internal: INTERNAL.with(|i| i.get()),
        debug_name: Rc::from(""),
        is_async: is_module,
        is_arrow: false,
        rest: false,
        strict: c.strict,
        length: 0,
        kind: ProtoKind::Function,
        param_properties: vec![],
    }))
}

/// A program that is one function expression (the engine's prelude): that function's code.
pub fn function_expression(body: &[Stmt]) -> Result<Rc<Proto>, Error> {
    INTERNAL.with(|i| i.set(true));
    let compiled = function_expression_code(body);
    INTERNAL.with(|i| i.set(false));
    forget_names();
    compiled
}

/// V8's name for an anonymous function assigned to `target`, a property reached by names:
/// its text without `this.` and `.prototype` (`None` for a computed one).
fn debug_name(target: &Expr) -> Option<String> {
    let Expr::Member { property: PropKey::Name(_), .. } = target else { return None };
    let text = call_printer::print(target);
    if text.contains(['[', '(']) {
        return None;
    }
    let text = text.replace(".prototype.", ".");
    Some(text.strip_prefix("this.").unwrap_or(&text).to_string())
}

/// The position of a property name after its `.` (or `?.`) token at `dot`: where V8 places a
/// frame that stands at a method call or an accessor.
fn after_dot(dot: Pos, optional: bool) -> Pos {
    Pos { line: dot.line, column: dot.column + if optional { 2 } else { 1 } }
}

fn function_expression_code(body: &[Stmt]) -> Result<Rc<Proto>, Error> {
    match body {
        [Stmt::Expr(Expr::Function(f))] => Compiler::default().function(f, None),
        _ => Err(Error::syntax(Pos::default(), "expected one function expression".into())),
    }
}

#[derive(Default)]
struct Compiler {
    /// Strict mode code.
    strict: bool,
    /// The classes around this code, innermost last: their ids and private names.
    classes: Vec<(u32, Vec<String>)>,
    /// Operand-stack values held by enclosing switches and for-of loops.
    held: usize,
    /// Labels waiting for the loop they label.
    pending_labels: Vec<String>,
    /// Optional chains being compiled, innermost last.
    chains: Vec<ChainJumps>,
    code: Vec<Op>,
    loops: Vec<LoopCtx>,
    scope_depth: usize,
    handler_depth: usize,
    /// The scopes this code runs in, innermost last, as far as the compiler knows them: the
    /// pass that turns names into slots (`emit`).
    scopes: Vec<ScopeModel>,
    /// The `try ... finally` statements whose `try` (or `catch`) block is being compiled,
    /// innermost last.
    finallies: Vec<Depths>,
    /// `finally` blocks being compiled.
    finally_bodies: usize,
    /// `Proto::subjects`, as the code is emitted.
    subjects: Vec<(usize, Rc<str>, usize)>,
    /// The subjects' texts printed for a whole chain (`share_subject_texts`), by expression.
    subject_texts: HashMap<*const Expr, (Rc<str>, usize)>,
    /// `Proto::positions`, as the code is emitted.
    positions: Vec<(usize, Pos)>,
}

/// How deep the compiler is at one point: the scopes, handlers and held stack values a jump
/// out of the code there must undo.
#[derive(Clone, Copy)]
struct Depths {
    scopes: usize,
    handlers: usize,
    held: usize,
}

/// What a function's prologue made: the names of the bindings its arguments arrive in, and of
/// its parameter properties.
struct Prologue {
    params: Vec<Rc<str>>,
    properties: Vec<Rc<str>>,
}

/// An optional chain being compiled: its jumps to the chain's end, taken when a `?.` meets null
/// or undefined, and the receivers its calls of values (`f?.()`) have pushed before their
/// callees, which a jump from inside those callees drops too.
#[derive(Default)]
struct ChainJumps {
    jumps: Vec<usize>,
    receivers: usize,
}

/// A statement that `break` (and for loops `continue`) can leave.
struct LoopCtx {
    scope_depth: usize,
    handler_depth: usize,
    /// `self.finallies.len()` where the statement starts.
    finally_depth: usize,
    finally_bodies: usize,
    /// Operand-stack values held by the constructs around this one, plus its own (a switch's
    /// discriminant, a for-of's iterator): a jump to it leaves exactly these.
    held: usize,
    is_loop: bool,
    labels: Vec<String>,
    breaks: Vec<usize>,
    continues: Vec<usize>,
}

thread_local! {
    /// Set while the engine's prelude compiles: its functions are `Proto::internal`.
    static INTERNAL: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// The names the compiler writes into code, one allocation per distinct name while a program
    /// compiles, so that a binding's name and the names that read it are the same pointer (the
    /// machine's slot check compares pointers first). Emptied after each program but for the
    /// names every function scope holds.
    static NAMES: RefCell<HashSet<Rc<str>>> = RefCell::new(HashSet::new());
}

/// The names `Vm::enter` gives the first bindings of a non-arrow function's scope.
pub const FUNCTION_OWN_NAMES: [&str; 4] = ["this", "%func", "%home", "%newtarget"];

fn name(s: &str) -> Rc<str> {
    NAMES.with(|names| {
        let mut names = names.borrow_mut();
        if let Some(n) = names.get(s) {
            return n.clone();
        }
        let n: Rc<str> = Rc::from(s);
        names.insert(n.clone());
        n
    })
}

/// The shared allocation of one of [`FUNCTION_OWN_NAMES`], for the machine.
pub fn function_own_name(i: usize) -> Rc<str> {
    name(FUNCTION_OWN_NAMES[i])
}

/// Whether code makes functions that capture the scope they are made in.
fn code_makes_closures(code: &[Op]) -> bool {
    code.iter().any(|op| matches!(op, Op::Closure(_) | Op::NewClass(_)))
}

/// Forgets the names of the program just compiled.
fn forget_names() {
    NAMES.with(|names| names.borrow_mut().retain(|n| FUNCTION_OWN_NAMES.contains(&&**n)));
}

impl Compiler {
    /// Appends an operation, resolving the names it reads and writes to slots where the scopes
    /// are known, and keeping the model of the current scope in step with what it declares.
    fn emit(&mut self, op: Op) -> usize {
        let op = match op {
            Op::GetVar(n, pos) => match self.slot_of(&n) {
                Some(slot) => Op::GetLocal(n, pos, slot),
                None => Op::GetVar(n, pos),
            },
            Op::SetVar(n, pos) => match self.slot_of(&n) {
                Some(slot) => Op::SetLocal(n, pos, slot),
                None => Op::SetVar(n, pos),
            },
            other => other,
        };
        match &op {
            // As the machine does: a name already in the scope is reused, else appended.
            Op::DeclareUninit(n, _) | Op::DeclareVar(n) | Op::Init(n) => {
                if let Some(scope) = self.scopes.last_mut() {
                    scope.declare(n);
                }
            }
            Op::PushScope => self.scopes.push(ScopeModel::default()),
            // A read that may run a getter stands at the property's name. (V8 puts a write at its `=`, which the operation does not know: a frame
            // there is left out.)
            Op::GetProp(_, pos) => self.positions.push((self.code.len(), after_dot(*pos, false))),
            // A read of a variable (a ReferenceError's) and `await` stand at the name or keyword.
            Op::GetVar(_, pos) | Op::GetLocal(_, pos, _) | Op::Await(pos) => self.positions.push((self.code.len(), *pos)),
            _ => {}
        }
        self.code.push(op);
        self.code.len() - 1
    }

    /// The slot of the innermost binding named `n`, as the machine's search by name would find
    /// it (the last of equal names in a scope); `None` in the global scope or when unknown.
    fn slot_of(&self, n: &str) -> Option<VarSlot> {
        for (hops, scope) in self.scopes.iter().rev().enumerate() {
            if scope.global {
                return None;
            }
            if let Some(&index) = scope.index.get(n) {
                return Some(VarSlot { hops: u32::try_from(hops).ok()?, index: u32::try_from(index).ok()? });
            }
        }
        None
    }

    /// The model's side of leaving a scope (the code that leaves it is emitted separately: a
    /// normal end, or the exits of `break` and `continue`).
    fn end_scope_model(&mut self) {
        self.scopes.pop();
    }

    fn here(&self) -> usize {
        self.code.len()
    }

    fn patch(&mut self, at: usize, target: usize) {
        match &mut self.code[at] {
            Op::Jump(t)
            | Op::JumpIfFalse(t)
            | Op::JumpIfFalseKeep(t)
            | Op::JumpIfTrueKeep(t)
            | Op::JumpIfNotNullishKeep(t)
            | Op::JumpIfNotUndefined(t)
            | Op::EnterCatch(t)
            | Op::EnterFinally(t)
            | Op::IterNext(t)
            | Op::OptionalJump { target: t, .. } => *t = target,
            other => unreachable!("patching {other:?}"),
        }
    }

    /// Declarations of a block, made before its statements run: functions are created at once
    /// (so they can be called before their text), `let`/`const` exist but are not yet readable.
    fn hoist(&mut self, body: &[Stmt]) -> Result<(), Error> {
        self.hoist_all(body.iter())
    }

    /// [`Compiler::hoist`] for statements that are not one slice (a `switch`'s cases).
    fn hoist_all<'a>(&mut self, body: impl Iterator<Item = &'a Stmt>) -> Result<(), Error> {
        // `export const x` declares x like `const x`.
        let body: Vec<&Stmt> = body.map(|s| if let Stmt::ExportDecl(inner) = s { inner.as_ref() } else { s }).collect();
        check_redeclarations(&body)?;
        self.bind_imports(&body);
        self.declare_lexical(&body);
        for &s in &body {
            if let Stmt::Function(f) = s {
                self.function_declaration(f)?;
            }
        }
        Ok(())
    }

    /// Imports are bound before the module body runs.
    fn bind_imports(&mut self, body: &[&Stmt]) {
        for &s in body {
            if let Stmt::Import(import) = s {
                self.emit(Op::ImportModule(name(&import.source), import.pos));
                for spec in &import.specifiers {
                    self.emit(Op::Dup);
                    let local = match spec {
                        ImportSpecifier::Default(local, _) | ImportSpecifier::Namespace(local, _) => local,
                        ImportSpecifier::Named { imported, local, pos } => {
                            self.emit(Op::GetProp(name(imported), *pos));
                            local
                        }
                    };
                    self.emit(Op::DeclareUninit(name(local), true));
                    self.emit(Op::Init(name(local)));
                }
                self.emit(Op::Pop);
            }
        }
    }

    /// The `let`, `const` and `class` declarations of a block, not yet initialized.
    fn declare_lexical(&mut self, body: &[&Stmt]) {
        for &s in body {
            if let Stmt::Decl { kind, decls, .. } = s {
                if *kind == VarKind::Var {
                    continue;
                }
                for d in decls {
                    for n in pattern_names(&d.target) {
                        self.emit(Op::DeclareUninit(name(&n), *kind == VarKind::Const));
                    }
                }
            }
        }
        for &s in body {
            if let Stmt::Class(c) = s {
                self.emit(Op::DeclareUninit(name(c.name.as_deref().unwrap_or("")), false));
            }
        }
    }

    /// A function declaration, made when its block starts.
    fn function_declaration(&mut self, f: &Function) -> Result<(), Error> {
        let n = name(f.name.as_deref().unwrap_or(""));
        self.emit(Op::DeclareUninit(n.clone(), false));
        let proto = self.function(f, None)?;
        self.emit(Op::Closure(proto));
        self.emit(Op::Init(n));
        Ok(())
    }

    fn block(&mut self, body: &[Stmt]) -> Result<(), Error> {
        let start = self.emit(Op::PushScope);
        self.scope_depth += 1;
        self.hoist(body)?;
        for s in body {
            self.stmt(s)?;
        }
        self.scope_depth -= 1;
        self.pop_scope_made_at(start);
        Ok(())
    }

    /// Whether the code from `start` on makes a function that captures the current scope.
    fn makes_closures_since(&self, start: usize) -> bool {
        code_makes_closures(&self.code[start..])
    }

    /// Leaves the scope pushed at `start` at its normal end: it is freed at once when nothing
    /// since made a closure (the exits by `break` and `throw` leave it to the collector).
    fn pop_scope_made_at(&mut self, start: usize) {
        let op = if self.makes_closures_since(start) { Op::PopScope } else { Op::DropScope };
        self.emit(op);
        self.end_scope_model();
    }

    /// Compiles a statement. Each kind has a function of its own, so that this frame, which
    /// every level of nesting holds, stays small (a debug build gives every local of every arm
    /// a slot of its own).
    fn stmt(&mut self, s: &Stmt) -> Result<(), Error> {
        match s {
            Stmt::Expr(e) | Stmt::ExportDefault(e, _) => self.expr_statement(e),
            Stmt::Decl { kind, decls, .. } => self.declaration(*kind, decls),
            // Functions are made by `hoist`; imports are bound when the module starts; a
            // single-file program's exports are never imported, only run.
            Stmt::Function(_) | Stmt::Empty | Stmt::Import(_) | Stmt::ExportNamed { .. } => Ok(()),
            Stmt::If { test, then, otherwise } => self.if_statement(test, then, otherwise.as_deref()),
            Stmt::While { test, body } => self.while_loop(test, body),
            Stmt::DoWhile { body, test } => self.do_while_loop(body, test),
            Stmt::For { init, test, update, body } => self.for_loop(init.as_deref(), test.as_ref(), update.as_ref(), body),
            Stmt::ForOf { head, iterable, body, pos } => self.for_of(head, iterable, body, *pos),
            Stmt::ForIn { head, object, body, pos } => self.for_in(head, object, body, *pos),
            Stmt::Return(value, _) => self.return_statement(value.as_ref()),
            Stmt::Break(label, pos) => self.jump_out(label.as_deref(), *pos, true),
            Stmt::Continue(label, pos) => self.jump_out(label.as_deref(), *pos, false),
            Stmt::Block(body) => self.block(body),
            Stmt::Throw(e, pos) => self.throw_statement(e, *pos),
            Stmt::Try { body, param, handler, finalizer } => self.try_statement(body, param.as_ref(), handler.as_deref(), finalizer.as_deref()),
            Stmt::Class(c) => self.class_statement(c),
            Stmt::Switch { discriminant, cases, .. } => self.switch_statement(discriminant, cases),
            Stmt::Labeled { label, body, .. } => self.labeled(label, body),
            Stmt::ExportDecl(inner) => self.stmt(inner),
        }
    }

    fn expr_statement(&mut self, e: &Expr) -> Result<(), Error> {
        self.expr(e)?;
        self.emit(Op::Pop);
        Ok(())
    }

    fn declaration(&mut self, kind: VarKind, decls: &[Declarator]) -> Result<(), Error> {
        for d in decls {
            let inferred = match &d.target {
                Pattern::Ident(n, _) => Some(n.as_str()),
                _ => None,
            };
            match (&d.init, kind) {
                // `var x;` leaves x as it was.
                (None, VarKind::Var) => continue,
                (Some(e), _) => match inferred {
                    Some(n) => self.named_expr(e, n)?,
                    None => self.expr(e)?,
                },
                (None, _) => {
                    self.emit(Op::Undefined);
                }
            }
            let mode = if kind == VarKind::Var { Bind::Assign } else { Bind::Init };
            let source = d.init.as_ref().map_or(Source::Value, Source::Init);
            self.bind(&d.target, mode, source)?;
        }
        Ok(())
    }

    fn if_statement(&mut self, test: &Expr, then: &Stmt, otherwise: Option<&Stmt>) -> Result<(), Error> {
        self.expr(test)?;
        let skip = self.emit(Op::JumpIfFalse(0));
        self.scoped(then)?;
        match otherwise {
            Some(o) => {
                let end = self.emit(Op::Jump(0));
                let here = self.here();
                self.patch(skip, here);
                self.scoped(o)?;
                let here = self.here();
                self.patch(end, here);
            }
            None => {
                let here = self.here();
                self.patch(skip, here);
            }
        }
        Ok(())
    }

    fn while_loop(&mut self, test: &Expr, body: &Stmt) -> Result<(), Error> {
        let start = self.here();
        self.expr(test)?;
        let exit = self.emit(Op::JumpIfFalse(0));
        self.push_loop();
        self.scoped(body)?;
        let ctx = self.pop_loop();
        for c in ctx.continues {
            self.patch(c, start);
        }
        self.emit(Op::Jump(start));
        let end = self.here();
        self.patch(exit, end);
        for b in ctx.breaks {
            self.patch(b, end);
        }
        Ok(())
    }

    fn do_while_loop(&mut self, body: &Stmt, test: &Expr) -> Result<(), Error> {
        let start = self.here();
        self.push_loop();
        self.scoped(body)?;
        let ctx = self.pop_loop();
        let continue_at = self.here();
        for c in ctx.continues {
            self.patch(c, continue_at);
        }
        self.expr(test)?;
        let exit = self.emit(Op::JumpIfFalse(0));
        self.emit(Op::Jump(start));
        let end = self.here();
        self.patch(exit, end);
        for b in ctx.breaks {
            self.patch(b, end);
        }
        Ok(())
    }

    fn for_loop(&mut self, init: Option<&Stmt>, test: Option<&Expr>, update: Option<&Expr>, body: &Stmt) -> Result<(), Error> {
        let scope_at = self.emit(Op::PushScope);
        let mut copies = Vec::new();
        self.scope_depth += 1;
        let per_iteration = matches!(init, Some(Stmt::Decl { kind: VarKind::Let, .. }));
        if let Some(init) = init {
            if let Stmt::Decl { kind, decls, .. } = init {
                if *kind != VarKind::Var {
                    for d in decls {
                        for n in pattern_names(&d.target) {
                            self.emit(Op::DeclareUninit(name(&n), *kind == VarKind::Const));
                        }
                    }
                }
            }
            self.stmt(init)?;
        }
        if per_iteration {
            copies.push(self.emit(Op::IterCopy));
        }
        let start = self.here();
        let exit = match test {
            Some(t) => {
                self.expr(t)?;
                Some(self.emit(Op::JumpIfFalse(0)))
            }
            None => None,
        };
        self.push_loop();
        self.scoped(body)?;
        let ctx = self.pop_loop();
        let continue_at = self.here();
        for c in ctx.continues {
            self.patch(c, continue_at);
        }
        if per_iteration {
            copies.push(self.emit(Op::IterCopy));
        }
        if let Some(u) = update {
            self.expr(u)?;
            self.emit(Op::Pop);
        }
        self.emit(Op::Jump(start));
        let end = self.here();
        if let Some(exit) = exit {
            self.patch(exit, end);
        }
        for b in ctx.breaks {
            self.patch(b, end);
        }
        self.scope_depth -= 1;
        if !self.makes_closures_since(scope_at) {
            for at in copies {
                self.code[at] = Op::Nop;
            }
        }
        self.pop_scope_made_at(scope_at);
        Ok(())
    }

    fn for_of(&mut self, head: &ForHead, iterable: &Expr, body: &Stmt, pos: Pos) -> Result<(), Error> {
        self.expr(iterable)?;
        self.emit(Op::GetIterator(pos));
        self.for_each(head, body)
    }

    fn for_in(&mut self, head: &ForHead, object: &Expr, body: &Stmt, pos: Pos) -> Result<(), Error> {
        self.expr(object)?;
        self.emit(Op::ForInKeys(pos));
        self.for_each(head, body)
    }

    fn return_statement(&mut self, value: Option<&Expr>) -> Result<(), Error> {
        match value {
            Some(e) => self.expr(e)?,
            None => {
                self.emit(Op::Undefined);
            }
        }
        self.emit(Op::Return);
        Ok(())
    }

    /// `break` (`is_break`) or `continue`, with or without a label.
    fn jump_out(&mut self, label: Option<&str>, pos: Pos, is_break: bool) -> Result<(), Error> {
        let found = self.loops.iter().rposition(|c| match label {
            Some(l) => c.labels.iter().any(|x| x == l) && (is_break || c.is_loop),
            None => is_break || c.is_loop,
        });
        let Some(index) = found else { return Err(Error::syntax(pos, "Illegal break statement".into())) };
        self.leave_to(index);
        let jump = self.emit(Op::Jump(0));
        let ctx = &mut self.loops[index];
        if is_break {
            ctx.breaks.push(jump);
        } else {
            ctx.continues.push(jump);
        }
        Ok(())
    }

    fn throw_statement(&mut self, e: &Expr, pos: Pos) -> Result<(), Error> {
        self.expr(e)?;
        self.emit(Op::Throw(pos));
        Ok(())
    }

    fn try_statement(&mut self, body: &[Stmt], param: Option<&Pattern>, handler: Option<&[Stmt]>, finalizer: Option<&[Stmt]>) -> Result<(), Error> {
        let fin = match finalizer {
            Some(_) => {
                self.finallies.push(self.depths());
                self.handler_depth += 1;
                Some(self.emit(Op::EnterFinally(0)))
            }
            None => None,
        };
        match handler {
            Some(h) => self.try_catch(body, param, h)?,
            None => self.block(body)?,
        }
        if let (Some(enter), Some(f)) = (fin, finalizer) {
            self.handler_depth -= 1;
            self.finallies.pop();
            self.emit(Op::LeaveHandler);
            self.emit(Op::CompletionNormal);
            let at = self.here();
            self.patch(enter, at);
            self.finally_bodies += 1;
            self.block(f)?;
            self.finally_bodies -= 1;
            self.emit(Op::EndFinally);
        }
        Ok(())
    }

    fn try_catch(&mut self, body: &[Stmt], param: Option<&Pattern>, handler: &[Stmt]) -> Result<(), Error> {
        let enter = self.emit(Op::EnterCatch(0));
        self.handler_depth += 1;
        self.block(body)?;
        self.handler_depth -= 1;
        self.emit(Op::LeaveHandler);
        let skip = self.emit(Op::Jump(0));
        let catch_at = self.here();
        self.patch(enter, catch_at);
        // The thrown value is on the stack.
        self.emit(Op::PushScope);
        self.scope_depth += 1;
        match param {
            Some(p) => {
                for n in pattern_names(p) {
                    self.emit(Op::DeclareUninit(name(&n), false));
                }
                self.bind(p, Bind::Init, Source::Value)?;
            }
            None => {
                self.emit(Op::Pop);
            }
        }
        self.block(handler)?;
        self.scope_depth -= 1;
        self.emit(Op::PopScope);
        self.end_scope_model();
        let end = self.here();
        self.patch(skip, end);
        Ok(())
    }

    fn class_statement(&mut self, c: &Class) -> Result<(), Error> {
        self.class(c, None)?;
        self.emit(Op::Init(name(c.name.as_deref().unwrap_or(""))));
        Ok(())
    }

    fn switch_statement(&mut self, discriminant: &Expr, cases: &[SwitchCase]) -> Result<(), Error> {
        self.expr(discriminant)?;
        self.held += 1;
        self.push_breakable(false);
        // One scope for all the cases, made before their tests run (as the spec does).
        self.emit(Op::PushScope);
        self.scope_depth += 1;
        self.hoist_all(cases.iter().flat_map(|c| &c.body))?;
        let to_body = self.case_tests(cases)?;
        let to_default = self.emit(Op::Jump(0));
        let mut default_at = None;
        for (case, jump) in cases.iter().zip(&to_body) {
            let here = self.here();
            match jump {
                Some(j) => self.patch(*j, here),
                None => default_at = Some(here),
            }
            for st in &case.body {
                self.stmt(st)?;
            }
        }
        let fall_out = self.here();
        self.patch(to_default, default_at.unwrap_or(fall_out));
        self.scope_depth -= 1;
        self.emit(Op::PopScope);
        self.end_scope_model();
        let ctx = self.pop_loop();
        let end = self.here();
        // Breaks pop the cases' scope themselves (it is inside the switch's context).
        for b in ctx.breaks {
            self.patch(b, end);
        }
        self.held -= 1;
        self.emit(Op::Pop);
        Ok(())
    }

    /// A `switch`'s tests in order, the discriminant on the stack: the first strictly equal
    /// case is where the bodies start. Returns each case's jump to its body (`None` for
    /// `default`).
    fn case_tests(&mut self, cases: &[SwitchCase]) -> Result<Vec<Option<usize>>, Error> {
        let mut to_body = Vec::new();
        for case in cases {
            if let Some(test) = &case.test {
                self.emit(Op::Dup);
                self.expr(test)?;
                self.emit(Op::Binary(BinOp::StrictEq, Pos::default()));
                let skip = self.emit(Op::JumpIfFalse(0));
                to_body.push(Some(self.emit(Op::Jump(0))));
                let here = self.here();
                self.patch(skip, here);
            } else {
                to_body.push(None);
            }
        }
        Ok(to_body)
    }

    fn labeled(&mut self, label: &str, body: &Stmt) -> Result<(), Error> {
        self.pending_labels.push(label.to_string());
        match body {
            Stmt::For { .. } | Stmt::ForOf { .. } | Stmt::ForIn { .. } | Stmt::While { .. } | Stmt::DoWhile { .. } | Stmt::Labeled { .. } => self.stmt(body),
            other => {
                self.push_breakable(false);
                self.scoped(other)?;
                let ctx = self.pop_loop();
                let end = self.here();
                for b in ctx.breaks {
                    self.patch(b, end);
                }
                Ok(())
            }
        }
    }

    /// A statement that gets its own scope when it is a block (if/loop bodies).
    fn scoped(&mut self, s: &Stmt) -> Result<(), Error> {
        match s {
            Stmt::Decl { kind: VarKind::Let | VarKind::Const, pos, .. } => {
                Err(Error::syntax(*pos, "Lexical declaration cannot appear in a single-statement context".into()))
            }
            Stmt::Function(f) => Err(Error::syntax(f.pos, "a function declaration needs braces around it here".into())),
            other => self.stmt(other),
        }
    }

    fn depths(&self) -> Depths {
        Depths { scopes: self.scope_depth, handlers: self.handler_depth, held: self.held }
    }

    /// The code of a `break` or `continue` up to its jump: undoes what lies between here and
    /// the statement it leaves (`self.loops[index]`). Each `finally` on the way runs first,
    /// innermost first, and leaves things as they were at its `try`; a `finally` block the jump
    /// leaves forgets its pending completion.
    fn leave_to(&mut self, index: usize) {
        let (finally_depth, finally_bodies) = (self.loops[index].finally_depth, self.loops[index].finally_bodies);
        for _ in finally_bodies..self.finally_bodies {
            self.emit(Op::DiscardCompletion);
        }
        let mut at = self.depths();
        for i in (finally_depth..self.finallies.len()).rev() {
            let next = self.here() + 1;
            self.emit(Op::BreakToFinally(next));
            at = self.finallies[i];
        }
        let ctx = &self.loops[index];
        let (scopes, handlers, held) = (at.scopes - ctx.scope_depth, at.handlers - ctx.handler_depth, at.held - ctx.held);
        for _ in 0..handlers {
            self.emit(Op::LeaveHandler);
        }
        for _ in 0..scopes {
            self.emit(Op::PopScope);
        }
        for _ in 0..held {
            self.emit(Op::Pop);
        }
    }

    fn push_loop(&mut self) {
        self.push_breakable(true);
    }

    /// The context `push_breakable` pushed for the statement whose code ends here.
    fn pop_loop(&mut self) -> LoopCtx {
        self.loops.pop().expect("each statement pops the context it pushed")
    }

    fn push_breakable(&mut self, is_loop: bool) {
        let labels = std::mem::take(&mut self.pending_labels);
        self.loops.push(LoopCtx {
            scope_depth: self.scope_depth,
            handler_depth: self.handler_depth,
            finally_depth: self.finallies.len(),
            finally_bodies: self.finally_bodies,
            held: self.held,
            is_loop,
            labels,
            breaks: vec![],
            continues: vec![],
        });
    }

    /// Compiles an expression. A chain's links (callees, objects, left operands, what an
    /// optional chain holds) can be as many as the source has, so they are compiled in a loop:
    /// down the chain for what a link emits before its left side, up it for what comes after.
    /// The recursion that remains follows the tree's other edges, which the parser bounds.
    fn expr(&mut self, e: &Expr) -> Result<(), Error> {
        let mut links = Vec::new();
        let mut base = e;
        while let Some(left) = chain_left(base) {
            links.push(base);
            base = left;
        }
        if links.is_empty() {
            return self.node(e);
        }
        self.share_subject_texts(&links);
        for link in &links {
            self.link_before(link)?;
        }
        self.node(base)?;
        for link in links.iter().rev() {
            self.link_after(link)?;
        }
        Ok(())
    }

    /// Prints once, for the calls of a run of callees and objects (`a.b().c().d()`), the text
    /// V8 names their callees by: each callee's text begins the text of the run's top.
    fn share_subject_texts(&mut self, links: &[&Expr]) {
        let mut i = 0;
        while i < links.len() {
            let run = links[i..].iter().take_while(|l| matches!(l, Expr::Call { .. } | Expr::Member { .. })).count();
            if links[i..i + run].iter().filter(|l| matches!(l, Expr::Call { .. })).count() > 1 {
                let (text, prefixes) = call_printer::print_with_prefixes(links[i]);
                let text: Rc<str> = Rc::from(text);
                for (node, len) in prefixes {
                    self.subject_texts.insert(node, (text.clone(), len));
                }
            }
            i += run.max(1);
        }
    }

    /// What a link of a chain emits before its left side.
    fn link_before(&mut self, link: &Expr) -> Result<(), Error> {
        match link {
            Expr::OptionalChain(_) => self.chains.push(ChainJumps::default()),
            Expr::Call { callee, optional: true, .. } if is_plain_call(link, callee) => {
                self.emit(Op::Undefined);
                if let Some(chain) = self.chains.last_mut() {
                    chain.receivers += 1;
                }
            }
            Expr::Call { callee, args, optional: false, .. } if !has_spread(args) => {
                if let Expr::Member { property: PropKey::Private(n), optional: false, pos, .. } = callee.as_ref() {
                    self.private_class(n, *pos)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// What a link of a chain emits after its left side.
    fn link_after(&mut self, link: &Expr) -> Result<(), Error> {
        match link {
            Expr::Binary(op, _, right, pos) => {
                self.expr(right)?;
                self.emit(match op {
                    BinOp::InstanceOf => Op::InstanceOf(*pos),
                    BinOp::In => Op::In(*pos),
                    op => Op::Binary(*op, Pos::default()),
                });
            }
            Expr::Logical(op, _, right) => {
                let jump = match op {
                    LogicalOp::And => self.emit(Op::JumpIfFalseKeep(0)),
                    LogicalOp::Or => self.emit(Op::JumpIfTrueKeep(0)),
                    LogicalOp::Nullish => self.emit(Op::JumpIfNotNullishKeep(0)),
                };
                self.expr(right)?;
                let end = self.here();
                self.patch(jump, end);
            }
            Expr::OptionalChain(_) => {
                let jumps = self.chains.pop().unwrap_or_default().jumps;
                let end = self.here();
                for j in jumps {
                    self.patch(j, end);
                }
            }
            Expr::Member { property, optional, pos, .. } => {
                if *optional {
                    self.optional_jump(0, *pos)?;
                }
                self.read_property(property, *pos)?;
            }
            Expr::Call { callee, args, optional, pos } => self.call_after(link, callee, args, *optional, *pos)?,
            _ => unreachable!("only links are on the chain"),
        }
        Ok(())
    }

    /// A call, its callee (or the object of its method) on the stack.
    fn call_after(&mut self, call: &Expr, callee: &Expr, args: &[Arg], optional: bool, pos: Pos) -> Result<(), Error> {
        let method = match callee {
            Expr::Member { property, optional, pos, .. } if !is_plain_call(call, callee) => Some((property, *optional, *pos)),
            _ => None,
        };
        if optional {
            return self.optional_call_after(callee, method, args, pos);
        }
        if has_spread(args) {
            return self.spread_call_after(callee, method, args, pos);
        }
        match method {
            Some((PropKey::Name(method), member_optional, mpos)) => {
                if member_optional {
                    self.optional_jump(0, mpos)?;
                }
                self.args(args)?;
                self.emit_on(Op::CallMethod(name(method), args.len(), pos), callee);
            }
            Some((PropKey::Computed(key), member_optional, mpos)) => {
                if member_optional {
                    self.optional_jump(0, mpos)?;
                }
                self.expr(key)?;
                self.args(args)?;
                self.emit_on(Op::CallMethodIndex(args.len(), pos), callee);
            }
            Some((PropKey::Private(n), _, mpos)) => {
                let id = self.private_class(n, mpos)?;
                self.emit(Op::Dup);
                self.emit(Op::GetPrivate(id, name(n), mpos));
                self.args(args)?;
                self.emit_on(Op::CallWithThis(args.len(), pos), callee);
            }
            None => {
                self.args(args)?;
                self.emit_on(Op::Call(args.len(), pos), callee);
            }
        }
        Ok(())
    }

    /// `callee?.(args)`, and `object.method?.(args)` (`method` is the member called).
    fn optional_call_after(&mut self, callee: &Expr, method: Option<(&PropKey, bool, Pos)>, args: &[Arg], pos: Pos) -> Result<(), Error> {
        match method {
            Some((property, member_optional, mpos)) => {
                if member_optional {
                    self.optional_jump(0, mpos)?;
                }
                self.emit(Op::Dup);
                self.read_property(property, mpos)?;
            }
            // The receiver pushed before the callee is this call's own now.
            None => {
                if let Some(chain) = self.chains.last_mut() {
                    chain.receivers -= 1;
                }
            }
        }
        self.optional_jump(1, pos)?;
        self.call_args(args, Op::CallWithThis(args.len(), pos), Op::CallMethodSpread(pos), callee)
    }

    /// A call with spread arguments (`method` is the member called, if it calls a method).
    fn spread_call_after(&mut self, callee: &Expr, method: Option<(&PropKey, bool, Pos)>, args: &[Arg], pos: Pos) -> Result<(), Error> {
        match method {
            Some((property, member_optional, mpos)) => {
                if member_optional {
                    self.optional_jump(0, mpos)?;
                }
                self.emit(Op::Dup);
                self.read_property(property, mpos)?;
                self.spread_args(args)?;
                self.emit_on(Op::CallMethodSpread(pos), callee);
            }
            None => {
                self.spread_args(args)?;
                self.emit_on(Op::CallSpread(pos), callee);
            }
        }
        Ok(())
    }

    /// An expression that is not a link of a chain. (Each kind that nests is compiled by a
    /// function of its own: this frame is on every level of nesting.)
    fn node(&mut self, e: &Expr) -> Result<(), Error> {
        if let Some(op) = value_op(e) {
            self.emit(op);
            return Ok(());
        }
        match e {
            Expr::Template { quasis, exprs } => self.template(quasis, exprs),
            Expr::Function(f) => self.closure(f),
            Expr::Class(c) => self.class(c, None),
            Expr::Call { callee, args, pos, .. } => self.super_method_call(callee, args, *pos),
            Expr::New { callee, args, pos } => self.new_expr(callee, args, *pos),
            Expr::Object(props) => self.object(props),
            Expr::Array(items) => self.array(items),
            Expr::Unary(op, a, pos) => self.unary(*op, a, *pos),
            Expr::Conditional(test, then, otherwise) => self.conditional(test, then, otherwise),
            Expr::Assign { target, op, value, pos } => self.assignment(target, *op, value, *pos),
            Expr::Update { target, increment, prefix, pos } => self.update(target, *increment, *prefix, *pos),
            Expr::Await(e, pos) => self.await_expr(e, *pos),
            Expr::Sequence(items) => self.sequence(items),
            Expr::SuperCall { args, pos } => self.super_call(args, *pos),
            Expr::SuperMember { property, pos } => self.super_member(property, *pos),
            Expr::PrivateIn { name: n, object, pos } => self.private_in(n, object, *pos),
            Expr::ImportMeta(pos) => Err(Error::unsupported(*pos, "`import.meta`")),
            _ => unreachable!("values are compiled above, links by `expr`"),
        }
    }

    fn await_expr(&mut self, e: &Expr, pos: Pos) -> Result<(), Error> {
        self.expr(e)?;
        self.emit(Op::Await(pos));
        Ok(())
    }

    fn super_call(&mut self, args: &[Arg], pos: Pos) -> Result<(), Error> {
        self.args(args)?;
        self.emit(Op::SuperCall(args.len(), pos));
        Ok(())
    }

    fn super_member(&mut self, property: &PropKey, pos: Pos) -> Result<(), Error> {
        let PropKey::Name(n) = property else { return Err(Error::unsupported(pos, "`super[...]`")) };
        self.emit(Op::GetVar(name("this"), pos));
        self.emit(Op::GetSuper(name(n), pos));
        Ok(())
    }

    /// `#name in object`.
    fn private_in(&mut self, n: &str, object: &Expr, pos: Pos) -> Result<(), Error> {
        let id = self.private_class(n, pos)?;
        self.expr(object)?;
        self.emit(Op::HasPrivate(id, name(n)));
        Ok(())
    }

    fn template(&mut self, quasis: &[String], exprs: &[Expr]) -> Result<(), Error> {
        self.emit(Op::Str(name(&quasis[0])));
        for (i, e) in exprs.iter().enumerate() {
            self.expr(e)?;
            self.emit(Op::ConcatString);
            if !quasis[i + 1].is_empty() {
                self.emit(Op::Str(name(&quasis[i + 1])));
                self.emit(Op::ConcatString);
            }
        }
        Ok(())
    }

    fn closure(&mut self, f: &Function) -> Result<(), Error> {
        let proto = self.function(f, None)?;
        self.emit(Op::Closure(proto));
        Ok(())
    }

    /// `super.name(args)`: the only call whose callee is not a link of a chain.
    fn super_method_call(&mut self, callee: &Expr, args: &[Arg], pos: Pos) -> Result<(), Error> {
        let Expr::SuperMember { property: PropKey::Name(n), pos: spos } = callee else { unreachable!("other calls are links") };
        self.emit(Op::GetVar(name("this"), *spos));
        self.emit(Op::Dup);
        self.emit(Op::GetSuper(name(n), *spos));
        self.args(args)?;
        self.emit_on(Op::CallWithThis(args.len(), pos), callee);
        Ok(())
    }

    fn new_expr(&mut self, callee: &Expr, args: &[Arg], pos: Pos) -> Result<(), Error> {
        if has_spread(args) {
            self.expr(callee)?;
            self.spread_args(args)?;
            self.emit_on(Op::NewSpread(pos), callee);
            return Ok(());
        }
        match callee {
            Expr::Ident(n, _) if n == "Promise" => {
                self.args(args)?;
                self.emit_on(Op::NewPromise(args.len(), pos), callee);
            }
            _ => {
                self.expr(callee)?;
                self.args(args)?;
                self.emit_on(Op::New(args.len(), pos), callee);
            }
        }
        Ok(())
    }

    fn object(&mut self, props: &[ObjectProp]) -> Result<(), Error> {
        self.emit(Op::NewObject);
        for prop in props {
            self.object_prop(prop)?;
        }
        Ok(())
    }

    /// One property of an object literal, the object on the stack.
    fn object_prop(&mut self, prop: &ObjectProp) -> Result<(), Error> {
        match prop {
            ObjectProp::Init { key: PropKey::Name(k), value } => {
                self.named_expr(value, k)?;
                self.emit(Op::InitProp(name(k)));
            }
            ObjectProp::Method { key: PropKey::Name(k), function } => {
                let proto = self.function(function, None)?;
                self.emit(Op::Closure(proto));
                self.emit(match function.kind {
                    FunctionKind::Method => Op::InitProp(name(k)),
                    kind => Op::DefineAccessor { key: name(k), setter: kind == FunctionKind::Setter },
                });
            }
            ObjectProp::Spread(e) => {
                self.expr(e)?;
                self.emit(Op::CopyProps);
            }
            ObjectProp::Init { key: PropKey::Computed(k), value } => {
                self.expr(k)?;
                self.expr(value)?;
                self.emit(Op::DefineFieldComputed);
            }
            ObjectProp::Method { key: PropKey::Computed(k), function } if function.kind == FunctionKind::Method => {
                self.expr(k)?;
                let proto = self.function(function, None)?;
                self.emit(Op::Closure(proto));
                self.emit(Op::DefineFieldComputed);
            }
            ObjectProp::Init { value, .. } => return Err(Error::unsupported(value.pos().unwrap_or_default(), "this property key")),
            ObjectProp::Method { function, .. } => return Err(Error::unsupported(function.pos, "computed accessor names")),
        }
        Ok(())
    }

    fn array(&mut self, items: &[Option<Arg>]) -> Result<(), Error> {
        if items.iter().all(|i| matches!(i, Some(Arg::Expr(_)))) {
            for item in items.iter().flatten() {
                if let Arg::Expr(e) = item {
                    self.expr(e)?;
                }
            }
            self.emit(Op::NewArray(items.len()));
            return Ok(());
        }
        self.emit(Op::NewArray(0));
        for item in items {
            match item {
                Some(Arg::Expr(e)) => {
                    self.expr(e)?;
                    self.emit(Op::ArrayPush);
                }
                Some(Arg::Spread(e)) => {
                    self.expr(e)?;
                    self.emit(Op::ArraySpread(e.pos().unwrap_or_default()));
                }
                None => {
                    self.emit(Op::ArrayHole);
                }
            }
        }
        Ok(())
    }

    fn unary(&mut self, op: UnaryOp, a: &Expr, pos: Pos) -> Result<(), Error> {
        let op = match op {
            UnaryOp::Typeof => {
                if let Expr::Ident(n, pos) = a {
                    self.emit(Op::TypeofVar(name(n), *pos));
                    return Ok(());
                }
                Op::Typeof
            }
            UnaryOp::Delete => return self.delete(a, pos),
            UnaryOp::Void => {
                self.expr(a)?;
                self.emit(Op::Pop);
                self.emit(Op::Undefined);
                return Ok(());
            }
            UnaryOp::Not => Op::Not,
            UnaryOp::Neg => Op::Neg,
            UnaryOp::Plus => Op::ToNumber,
            UnaryOp::BitNot => Op::BitNot,
        };
        self.expr(a)?;
        self.emit(op);
        Ok(())
    }

    fn delete(&mut self, a: &Expr, pos: Pos) -> Result<(), Error> {
        match a {
            Expr::Member { object, property: PropKey::Name(n), optional: false, .. } => {
                self.expr(object)?;
                self.emit(Op::Str(name(n)));
                self.emit(Op::Delete(pos));
            }
            Expr::Member { object, property: PropKey::Computed(k), optional: false, .. } => {
                self.expr(object)?;
                self.expr(k)?;
                self.emit(Op::Delete(pos));
            }
            Expr::Member { property: PropKey::Private(_), .. } => {
                return Err(Error::syntax(pos, "Private fields can not be deleted".into()));
            }
            other => {
                // `delete` of anything that is not a property evaluates it and gives true.
                self.expr(other)?;
                self.emit(Op::Pop);
                self.emit(Op::Bool(true));
            }
        }
        Ok(())
    }

    fn conditional(&mut self, test: &Expr, then: &Expr, otherwise: &Expr) -> Result<(), Error> {
        self.expr(test)?;
        let skip = self.emit(Op::JumpIfFalse(0));
        self.expr(then)?;
        let end = self.emit(Op::Jump(0));
        let here = self.here();
        self.patch(skip, here);
        self.expr(otherwise)?;
        let here = self.here();
        self.patch(end, here);
        Ok(())
    }

    fn assignment(&mut self, target: &Pattern, op: AssignOp, value: &Expr, pos: Pos) -> Result<(), Error> {
        let ident;
        let target = match target {
            // The value of a destructuring assignment is its right side.
            Pattern::Object { .. } | Pattern::Array { .. } if op == AssignOp::Assign => {
                self.expr(value)?;
                self.emit(Op::Dup);
                return self.bind(target, Bind::Assign, Source::Assigned(value));
            }
            Pattern::Ident(n, p) => {
                ident = Expr::Ident(n.clone(), *p);
                &ident
            }
            Pattern::Expr(e) => e.as_ref(),
            Pattern::Object { .. } | Pattern::Array { .. } => unreachable!("the parser makes only `=` destructure"),
        };
        match op {
            AssignOp::Assign => self.assign(target, None, value, pos),
            AssignOp::Compound(op) => self.assign(target, Some(op), value, pos),
            AssignOp::Logical(op) => self.logical_assign(target, op, value),
        }
    }

    fn sequence(&mut self, items: &[Expr]) -> Result<(), Error> {
        for (i, e) in items.iter().enumerate() {
            self.expr(e)?;
            if i + 1 < items.len() {
                self.emit(Op::Pop);
            }
        }
        Ok(())
    }

    /// An expression whose value gets a name when it is an anonymous function or class, as
    /// JavaScript names `const f = () => 1` "f".
    fn named_expr(&mut self, e: &Expr, inferred: &str) -> Result<(), Error> {
        match e {
            Expr::Function(f) if f.name.is_none() => {
                let proto = self.function_named(f, Some(inferred), None)?;
                self.emit(Op::Closure(proto));
                Ok(())
            }
            Expr::Class(c) if c.name.is_none() => self.class(c, Some(inferred)),
            other => self.expr(other),
        }
    }

    fn args(&mut self, args: &[Arg]) -> Result<(), Error> {
        for a in args {
            match a {
                Arg::Expr(e) => self.expr(e)?,
                Arg::Spread(e) => return Err(Error::unsupported(e.pos().unwrap_or_default(), "spread arguments here")),
            }
        }
        Ok(())
    }

    /// Arguments as one array (when some are spread).
    fn spread_args(&mut self, args: &[Arg]) -> Result<(), Error> {
        self.emit(Op::NewArray(0));
        for a in args {
            match a {
                Arg::Expr(e) => {
                    self.expr(e)?;
                    self.emit(Op::ArrayPush);
                }
                Arg::Spread(e) => {
                    self.expr(e)?;
                    self.emit(Op::ArraySpread(e.pos().unwrap_or_default()));
                }
            }
        }
        Ok(())
    }

    /// `this fn` are on the stack: the call, with or without spread arguments.
    fn call_args(&mut self, args: &[Arg], plain: Op, spread: Op, callee: &Expr) -> Result<(), Error> {
        if args.iter().any(|a| matches!(a, Arg::Spread(_))) {
            self.spread_args(args)?;
            self.emit_on(spread, callee);
        } else {
            self.args(args)?;
            self.emit_on(plain, callee);
        }
        Ok(())
    }

    /// Emits an operation that can fail on the value of `subject` (a call on its callee),
    /// noting the text V8's message names that value by.
    fn emit_on(&mut self, op: Op, subject: &Expr) -> usize {
        let position = match (&op, subject) {
            (Op::New(_, pos) | Op::NewSpread(pos) | Op::NewPromise(_, pos), _) => Some(*pos),
            (_, Expr::Ident(_, pos)) => Some(*pos),
            (_, Expr::Member { property: PropKey::Name(_), optional, pos, .. }) => Some(after_dot(*pos, *optional)),
            _ => None,
        };
        let at = self.emit(op);
        if let Some(pos) = position {
            self.positions.push((at, pos));
        }
        let (text, len) = match self.subject_texts.get(&(subject as *const Expr)) {
            Some((text, len)) => (text.clone(), *len),
            None => {
                let text = call_printer::print(subject);
                let len = text.len();
                (Rc::from(text), len)
            }
        };
        self.subjects.push((at, text, len));
        at
    }

    /// `obj` -> `obj[property]`.
    fn read_property(&mut self, property: &PropKey, pos: Pos) -> Result<(), Error> {
        match property {
            PropKey::Name(n) => {
                self.emit(Op::GetProp(name(n), pos));
            }
            PropKey::Computed(k) => {
                self.expr(k)?;
                self.emit(Op::GetIndex(pos));
            }
            PropKey::Private(n) => {
                let id = self.private_class(n, pos)?;
                self.emit(Op::GetPrivate(id, name(n), pos));
            }
        }
        Ok(())
    }

    /// `?.` with `below` values of its own under the value it tests (a method's object, a
    /// call's receiver).
    fn optional_jump(&mut self, below: usize, pos: Pos) -> Result<(), Error> {
        let Some(receivers) = self.chains.last().map(|c| c.receivers) else {
            return Err(Error::syntax(pos, "`?.` outside an optional chain".into()));
        };
        let at = self.emit(Op::OptionalJump { target: 0, below: below + receivers });
        if let Some(chain) = self.chains.last_mut() {
            chain.jumps.push(at);
        }
        Ok(())
    }

    /// `a ||= b`, `a &&= b`, `a ??= b`: the right side runs, and is assigned, only when the
    /// operator would evaluate it.
    fn logical_assign(&mut self, target: &Expr, op: LogicalOp, value: &Expr) -> Result<(), Error> {
        self.target_prefix(target)?;
        let prefix = match target {
            Expr::Ident(..) => 0,
            Expr::Member { property: PropKey::Computed(_), .. } => 2,
            _ => 1,
        };
        self.target_read(target);
        let keep = self.emit(match op {
            LogicalOp::Or => Op::JumpIfTrueKeep(0),
            LogicalOp::And => Op::JumpIfFalseKeep(0),
            LogicalOp::Nullish => Op::JumpIfNotNullishKeep(0),
        });
        match target {
            Expr::Ident(n, _) => self.named_expr(value, n)?,
            _ => self.expr(value)?,
        }
        self.target_write(target);
        let end = self.emit(Op::Jump(0));
        let here = self.here();
        self.patch(keep, here);
        if prefix > 0 {
            self.emit(Op::Nip(prefix));
        }
        let here = self.here();
        self.patch(end, here);
        Ok(())
    }

    /// The body of a for-of or for-in, with the iterator on the stack.
    /// The loop of `for ... of` and `for ... in`, the iterator on the stack: finishing leaves
    /// it as it is, leaving early (`break` lands after the exit) closes it.
    fn for_each(&mut self, head: &ForHead, body: &Stmt) -> Result<(), Error> {
        self.held += 1;
        self.emit(Op::EnterIterLoop);
        self.handler_depth += 1;
        self.push_loop();
        let start = self.here();
        let exit = self.emit(Op::IterNext(0));
        let scope_at = self.emit(Op::PushScope);
        self.scope_depth += 1;
        match head {
            ForHead::Decl(VarKind::Var, p) | ForHead::Target(p) => self.bind(p, Bind::Assign, Source::ForOf)?,
            ForHead::Decl(kind, p) => {
                for n in pattern_names(p) {
                    self.emit(Op::DeclareUninit(name(&n), *kind == VarKind::Const));
                }
                self.bind(p, Bind::Init, Source::ForOf)?;
            }
        }
        self.scoped(body)?;
        self.scope_depth -= 1;
        self.pop_scope_made_at(scope_at);
        self.emit(Op::Jump(start));
        let ctx = self.pop_loop();
        for c in ctx.continues {
            self.patch(c, start);
        }
        let done = self.here();
        self.patch(exit, done);
        self.emit(Op::LeaveIterLoop);
        let skip = self.emit(Op::Jump(0));
        let broken = self.here();
        for b in ctx.breaks {
            self.patch(b, broken);
        }
        self.emit(Op::LeaveHandler);
        let end = self.here();
        self.patch(skip, end);
        self.handler_depth -= 1;
        self.held -= 1;
        self.emit(Op::Pop);
        Ok(())
    }

    /// Binds the value on top of the stack (and consumes it) to a pattern: declared names
    /// (`Init`) or assignment targets (`Assign`).
    fn bind(&mut self, pattern: &Pattern, mode: Bind, source: Source) -> Result<(), Error> {
        match pattern {
            Pattern::Ident(n, pos) => match mode {
                Bind::Init => {
                    self.emit(Op::Init(name(n)));
                }
                Bind::Assign => {
                    self.emit(Op::SetVar(name(n), *pos));
                    self.emit(Op::Pop);
                }
            },
            Pattern::Expr(target) => {
                self.target_prefix(target)?;
                let prefix = match target.as_ref() {
                    Expr::Member { property: PropKey::Computed(_), .. } => 2,
                    _ => 1,
                };
                self.emit(Op::Pick(prefix));
                self.target_write(target);
                self.emit(Op::Pop);
                self.emit(Op::Pop);
            }
            Pattern::Object { props, rest, pos } => {
                let first = props.first();
                // V8 names a first key written as a name, a string or a number, never a computed one.
                let first_key = first.and_then(|p| match &p.key {
                    PropKey::Name(k) => Some(name(k)),
                    _ => None,
                });
                let first_default = first.is_some_and(|p| p.default.is_some());
                self.emit(Op::RequireObject(Rc::new(PatternCheck { pos: *pos, from: PatternFrom::object(source), first_key, first_default })));
                let mut names = Vec::new();
                for p in props {
                    self.emit(Op::Dup);
                    match &p.key {
                        PropKey::Name(k) => {
                            names.push(name(k));
                            self.emit(Op::GetProp(name(k), *pos));
                        }
                        PropKey::Computed(k) => {
                            if rest.is_some() {
                                return Err(Error::unsupported(*pos, "computed keys with a rest pattern"));
                            }
                            self.expr(k)?;
                            self.emit(Op::GetIndex(*pos));
                        }
                        PropKey::Private(_) => return Err(Error::syntax(*pos, "Unexpected identifier".into())),
                    }
                    self.default_value(&p.value, p.default.as_ref())?;
                    self.bind(&p.value, mode, Source::Nested)?;
                }
                if let Some(r) = rest {
                    self.emit(Op::ObjectRest(names));
                    self.bind(r, mode, Source::Nested)?;
                }
                self.emit(Op::Pop);
            }
            Pattern::Array { elems, rest, pos } => {
                let check = PatternCheck { pos: *pos, from: PatternFrom::array(source), first_key: None, first_default: false };
                self.emit(Op::PatternIterator(Rc::new(check)));
                self.emit(Op::EnterIterLoop);
                for e in elems {
                    self.emit(Op::IterStep);
                    match e {
                        None => {
                            self.emit(Op::Pop);
                        }
                        Some(e) => {
                            self.default_value(&e.pattern, e.default.as_ref())?;
                            self.bind(&e.pattern, mode, Source::Nested)?;
                        }
                    }
                }
                if let Some(r) = rest {
                    self.emit(Op::IterRest);
                    self.bind(r, mode, Source::Nested)?;
                }
                self.emit(Op::LeaveIterLoop);
                self.emit(Op::IterClose);
            }
        }
        Ok(())
    }

    /// Replaces an undefined value on the stack with the default, if there is one.
    fn default_value(&mut self, target: &Pattern, default: Option<&Expr>) -> Result<(), Error> {
        if let Some(d) = default {
            let skip = self.emit(Op::JumpIfNotUndefined(0));
            match target {
                Pattern::Ident(n, _) => self.named_expr(d, n)?,
                _ => self.expr(d)?,
            }
            let here = self.here();
            self.patch(skip, here);
        }
        Ok(())
    }

    /// `var` declarations anywhere in a function body (not in nested functions) exist from its
    /// start, as undefined.
    fn hoist_vars(&mut self, body: &[Stmt]) {
        let mut names = Vec::new();
        for s in body {
            var_names(s, &mut names);
        }
        let mut seen = HashSet::new();
        for n in names {
            if seen.insert(n.clone()) {
                self.emit(Op::DeclareVar(name(&n)));
            }
        }
    }

    /// Pushes what a target needs before its value: nothing for a name, the object for `a.b`,
    /// the object and the key for `a[i]`.
    fn target_prefix(&mut self, target: &Expr) -> Result<(), Error> {
        match target {
            Expr::Ident(..) => {}
            Expr::Member { object, property: PropKey::Name(_), .. } => self.expr(object)?,
            Expr::Member { object, property: PropKey::Computed(index), .. } => {
                self.expr(object)?;
                self.expr(index)?;
            }
            Expr::Member { object, property: PropKey::Private(n), pos, .. } => {
                self.private_class(n, *pos)?;
                self.expr(object)?;
            }
            other => return Err(Error::unsupported(other.pos().unwrap_or_default(), "this assignment target")),
        }
        Ok(())
    }

    /// Reads the target's current value, with its prefix already on the stack (kept).
    fn target_read(&mut self, target: &Expr) {
        match target {
            Expr::Ident(n, pos) => {
                self.emit(Op::GetVar(name(n), *pos));
            }
            Expr::Member { property: PropKey::Name(n), pos, .. } => {
                self.emit(Op::Dup);
                self.emit(Op::GetProp(name(n), *pos));
            }
            Expr::Member { property: PropKey::Private(n), pos, .. } => {
                let id = self.private_class(n, *pos).expect("checked by target_prefix");
                self.emit(Op::Dup);
                self.emit(Op::GetPrivate(id, name(n), *pos));
            }
            Expr::Member { pos, .. } => {
                self.emit(Op::Dup2);
                self.emit(Op::GetIndex(*pos));
            }
            _ => unreachable!("target_prefix accepts only these"),
        }
    }

    /// Stores the top value into the target (prefix below it), leaving the value.
    fn target_write(&mut self, target: &Expr) {
        match target {
            Expr::Ident(n, pos) => {
                self.emit(Op::SetVar(name(n), *pos));
            }
            Expr::Member { property: PropKey::Name(n), pos, .. } => {
                self.emit(Op::SetProp(name(n), *pos));
            }
            Expr::Member { property: PropKey::Private(n), pos, .. } => {
                let id = self.private_class(n, *pos).expect("checked by target_prefix");
                self.emit(Op::SetPrivate(id, name(n), *pos));
            }
            Expr::Member { pos, .. } => {
                self.emit(Op::SetIndex(*pos));
            }
            _ => unreachable!("target_prefix accepts only these"),
        }
    }

    fn assign(&mut self, target: &Expr, op: Option<BinOp>, value: &Expr, pos: Pos) -> Result<(), Error> {
        self.target_prefix(target)?;
        if let Some(op) = op {
            self.target_read(target);
            self.expr(value)?;
            self.emit(Op::Binary(op, pos));
        } else if let Expr::Ident(n, _) = target {
            self.named_expr(value, n)?;
        } else if let (Expr::Function(f), Some(debug)) = (value, debug_name(target)) {
            let mut proto = self.function(f, None)?;
            if let (None, Some(p)) = (&f.name, Rc::get_mut(&mut proto)) {
                p.debug_name = Rc::from(debug);
            }
            self.emit(Op::Closure(proto));
        } else {
            self.expr(value)?;
        }
        self.target_write(target);
        Ok(())
    }

    fn update(&mut self, target: &Expr, increment: bool, prefix: bool, pos: Pos) -> Result<(), Error> {
        // Postfix is written as prefix minus the step: `x++` is `(++x) - 1`, which is the old
        // value as a number, exactly what JavaScript gives.
        self.target_prefix(target)?;
        self.target_read(target);
        self.emit(Op::ToNumber);
        self.emit(Op::Num(1.0));
        self.emit(Op::Binary(if increment { BinOp::Add } else { BinOp::Sub }, pos));
        self.target_write(target);
        if !prefix {
            self.emit(Op::Num(1.0));
            self.emit(Op::Binary(if increment { BinOp::Sub } else { BinOp::Add }, pos));
        }
        Ok(())
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Bind {
    Init,
    Assign,
}

/// Where the value a pattern destructures comes from, as far as V8's messages care.
#[derive(Clone, Copy)]
enum Source<'a> {
    /// A declaration's initializer.
    Init(&'a Expr),
    /// The right side of a destructuring assignment.
    Assigned(&'a Expr),
    /// The head of a `for ... of`.
    ForOf,
    /// A parameter, a caught exception.
    Value,
    /// A pattern inside a pattern.
    Nested,
}

/// What V8's TypeError says when a destructuring pattern meets a value it cannot take: an object
/// pattern null or undefined, an array pattern something not iterable.
#[derive(Debug, PartialEq)]
pub struct PatternCheck {
    pub pos: Pos,
    pub from: PatternFrom,
    /// An object pattern's first key, unless it is computed.
    pub first_key: Option<Rc<str>>,
    /// Whether that first property has a default (V8 then reports the property read).
    pub first_default: bool,
}

/// How V8's message names the value a pattern could not take.
#[derive(Debug, PartialEq)]
pub enum PatternFrom {
    /// By the source text of the expression it came from (`bad is not iterable`). V8 names a
    /// `for ... of` head `.for`.
    Text(Rc<str>),
    /// By the callee of the call that returned it (`f is not a function or its return value is
    /// not iterable`).
    Call(Rc<str>),
    /// By the value: a parameter, an assignment to an array pattern, a nested pattern.
    Value,
    /// A nested object pattern: V8 reports reading its first property.
    Nested,
}

impl PatternFrom {
    /// For an object pattern: V8 names any source expression by its text.
    fn object(source: Source) -> PatternFrom {
        match source {
            Source::Init(e) | Source::Assigned(e) => PatternFrom::Text(Rc::from(call_printer::print(e))),
            Source::ForOf => PatternFrom::Text(Rc::from(".for")),
            Source::Value => PatternFrom::Value,
            Source::Nested => PatternFrom::Nested,
        }
    }

    /// For an array pattern: V8 names a declaration's initializer by its text when it is a
    /// name, a literal or a conditional, a call by its callee, and anything else by its value.
    fn array(source: Source) -> PatternFrom {
        match source {
            Source::Init(Expr::Call { callee, .. }) => PatternFrom::Call(Rc::from(call_printer::print(callee))),
            Source::Init(
                e @ (Expr::Ident(..)
                | Expr::Number(_)
                | Expr::Str(_)
                | Expr::Bool(_)
                | Expr::Null
                | Expr::Undefined
                | Expr::Object(_)
                | Expr::Array(_)
                | Expr::Conditional(..)),
            ) => PatternFrom::Text(Rc::from(call_printer::print(e))),
            Source::ForOf => PatternFrom::Text(Rc::from(".for")),
            _ => PatternFrom::Value,
        }
    }
}

/// Every name a pattern binds, in order.
fn pattern_names(p: &Pattern) -> Vec<String> {
    let mut out = Vec::new();
    fn walk(p: &Pattern, out: &mut Vec<String>) {
        match p {
            Pattern::Ident(n, _) => out.push(n.clone()),
            Pattern::Object { props, rest, .. } => {
                for prop in props {
                    walk(&prop.value, out);
                }
                if let Some(r) = rest {
                    walk(r, out);
                }
            }
            Pattern::Array { elems, rest, .. } => {
                for e in elems.iter().flatten() {
                    walk(&e.pattern, out);
                }
                if let Some(r) = rest {
                    walk(r, out);
                }
            }
            Pattern::Expr(_) => {}
        }
    }
    walk(p, &mut out);
    out
}

/// The `var` names a statement declares, looking into blocks but not into functions (repeats
/// included: `hoist_vars` keeps the first of each).
fn var_names(s: &Stmt, out: &mut Vec<String>) {
    let add = |p: &Pattern, out: &mut Vec<String>| out.extend(pattern_names(p));
    match s {
        Stmt::Decl { kind: VarKind::Var, decls, .. } => {
            for d in decls {
                add(&d.target, out);
            }
        }
        Stmt::ExportDecl(inner) | Stmt::Labeled { body: inner, .. } => var_names(inner, out),
        Stmt::If { then, otherwise, .. } => {
            var_names(then, out);
            if let Some(o) = otherwise {
                var_names(o, out);
            }
        }
        Stmt::For { init, body, .. } => {
            if let Some(i) = init {
                var_names(i, out);
            }
            var_names(body, out);
        }
        Stmt::ForIn { head, body, .. } | Stmt::ForOf { head, body, .. } => {
            if let ForHead::Decl(VarKind::Var, p) = head {
                add(p, out);
            }
            var_names(body, out);
        }
        Stmt::While { body, .. } | Stmt::DoWhile { body, .. } => var_names(body, out),
        Stmt::Block(body) => body.iter().for_each(|s| var_names(s, out)),
        Stmt::Switch { cases, .. } => cases.iter().flat_map(|c| &c.body).for_each(|s| var_names(s, out)),
        Stmt::Try { body, handler, finalizer, .. } => {
            body.iter().for_each(|s| var_names(s, out));
            handler.iter().flatten().for_each(|s| var_names(s, out));
            finalizer.iter().flatten().for_each(|s| var_names(s, out));
        }
        _ => {}
    }
}

/// `let x; let x;` and the like: a name declared twice in one block by `let`, `const`, `class` or
/// an import (or once by one of them and once by `var` or a function there) is an early
/// SyntaxError, as V8 reports it: nothing of the program runs.
fn check_redeclarations(body: &[&Stmt]) -> Result<(), Error> {
    // Sets, so that a body with thousands of declarations is checked in linear time.
    let mut lexical: HashSet<String> = HashSet::new();
    let mut other: HashSet<String> = HashSet::new();
    let clash = |name: &str, pos: Pos| Err(Error::syntax(pos, format!("Identifier '{name}' has already been declared")));
    for &s in body {
        let s = match s {
            Stmt::ExportDecl(inner) => inner.as_ref(),
            s => s,
        };
        match s {
            Stmt::Decl { kind: VarKind::Let | VarKind::Const, decls, .. } => {
                for d in decls {
                    for n in pattern_names(&d.target) {
                        if lexical.contains(&n) || other.contains(&n) {
                            return clash(&n, d.pos);
                        }
                        lexical.insert(n);
                    }
                }
            }
            Stmt::Class(c) => {
                if let Some(n) = &c.name {
                    if lexical.contains(n) || other.contains(n) {
                        return clash(n, c.pos);
                    }
                    lexical.insert(n.clone());
                }
            }
            Stmt::Import(import) => {
                for spec in &import.specifiers {
                    let (ImportSpecifier::Default(n, pos) | ImportSpecifier::Namespace(n, pos) | ImportSpecifier::Named { local: n, pos, .. }) = spec;
                    if lexical.contains(n) || other.contains(n) {
                        return clash(n, *pos);
                    }
                    lexical.insert(n.clone());
                }
            }
            Stmt::Function(f) => {
                if let Some(n) = &f.name {
                    if lexical.contains(n) {
                        return clash(n, f.pos);
                    }
                    other.insert(n.clone());
                }
            }
            Stmt::Decl { kind: VarKind::Var, decls, .. } => {
                for d in decls {
                    for n in pattern_names(&d.target) {
                        if lexical.contains(&n) {
                            return clash(&n, d.pos);
                        }
                        other.insert(n);
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// The constructor of a class that writes none (the machine passes a derived class's arguments to
/// its parent's: `ClassTemplate::default_constructor`).
fn default_constructor(class_name: &str, derived: bool) -> Rc<Proto> {
    Rc::new(Proto {
        name: name(class_name),
        params: vec![],
        makes_closures: false,
        code: vec![Op::Undefined, Op::Return],
        subjects: vec![],
        positions: vec![],
        internal: INTERNAL.with(|i| i.get()),
        debug_name: Rc::from(""),
        is_async: false,
        is_arrow: false,
        rest: false,
        strict: true,
        length: 0,
        kind: ProtoKind::ClassConstructor { derived },
        param_properties: vec![],
    })
}

/// The one operation that pushes the value of a literal, a name or `this`.
fn value_op(e: &Expr) -> Option<Op> {
    Some(match e {
        Expr::Number(n) => Op::Num(*n),
        Expr::Str(s) => Op::Str(name(s)),
        Expr::Bool(b) => Op::Bool(*b),
        Expr::Null => Op::Null,
        Expr::Undefined => Op::Undefined,
        Expr::Ident(n, pos) => Op::GetVar(name(n), *pos),
        Expr::This(pos) => Op::GetVar(name("this"), *pos),
        _ => return None,
    })
}

fn has_spread(args: &[Arg]) -> bool {
    args.iter().any(|a| matches!(a, Arg::Spread(_)))
}

/// The left side of a link of a chain, which is compiled first: an operator's left operand, a
/// member's object, what an optional chain holds, and a call's callee or, for a method call,
/// the object it is called on. (`super.name(args)` is no link: nothing is below it.)
fn chain_left(e: &Expr) -> Option<&Expr> {
    match e {
        Expr::Binary(_, left, ..) | Expr::Logical(_, left, _) | Expr::Member { object: left, .. } | Expr::OptionalChain(left) => Some(left),
        Expr::Call { callee, args, optional, .. } => match callee.as_ref() {
            // `a?.#m()` is no method call: it reads the member, then calls it without a receiver.
            Expr::Member { object, property, optional: member_optional, .. }
                if *optional || has_spread(args) || !(matches!(property, PropKey::Private(_)) && *member_optional) =>
            {
                Some(object)
            }
            Expr::SuperMember { property: PropKey::Name(_), .. } if !optional && !has_spread(args) => None,
            _ => Some(callee),
        },
        _ => None,
    }
}

/// Whether a call that is a link of a chain calls the value of its callee (with no receiver),
/// rather than a method of the callee's object.
fn is_plain_call(call: &Expr, callee: &Expr) -> bool {
    chain_left(call).is_some_and(|left| std::ptr::eq(left, callee))
}

/// A body that starts with the "use strict" directive.
fn uses_strict(body: &[Stmt]) -> bool {
    matches!(body.first(), Some(Stmt::Expr(Expr::Str(s))) if s == "use strict")
}

/// The name a simple parameter binds.
fn simple_name(p: &Pattern) -> Result<&str, Error> {
    match p {
        Pattern::Ident(n, _) => Ok(n),
        Pattern::Object { pos, .. } | Pattern::Array { pos, .. } => Err(Error::unsupported(*pos, "destructuring")),
        Pattern::Expr(e) => Err(Error::unsupported(e.pos().unwrap_or_default(), "destructuring")),
    }
}

impl Compiler {
    /// A child compiler for a function inside this code: it sees the same classes.
    fn child(&self) -> Compiler {
        Compiler { classes: self.classes.clone(), strict: self.strict || !self.classes.is_empty(), scopes: self.scopes.clone(), ..Compiler::default() }
    }

    /// The id of the innermost class that declares `#name`.
    fn private_class(&self, n: &str, pos: Pos) -> Result<u32, Error> {
        self.classes
            .iter()
            .rev()
            .find(|(_, names)| names.iter().any(|x| x == n))
            .map(|(id, _)| *id)
            .ok_or_else(|| Error::syntax(pos, format!("Private field '#{n}' must be declared in an enclosing class")))
    }

    /// Compiles a function. `derived_ctor` is set for a class's constructor: whether the class
    /// is derived (where its parameter properties are assigned).
    fn function(&self, f: &Function, derived_ctor: Option<bool>) -> Result<Rc<Proto>, Error> {
        self.function_named(f, f.name.as_deref(), derived_ctor)
    }

    /// [`Compiler::function`] with the name the function gets (an anonymous function's inferred
    /// one, a constructor's class name).
    fn function_named(&self, f: &Function, fn_name: Option<&str>, derived_ctor: Option<bool>) -> Result<Rc<Proto>, Error> {
        // The parts of this are functions of their own: this frame is on every level of nested
        // functions.
        let mut c = self.child();
        let prologue = c.function_prologue(f, derived_ctor)?;
        match &f.body {
            FunctionBody::Block(body) => c.function_block(body)?,
            FunctionBody::Expr(e) => {
                c.expr(e)?;
                c.emit(Op::Return);
            }
        }
        Ok(c.finish_function(f, fn_name, derived_ctor, prologue))
    }

    /// A function's scope and what runs before its body: the parameters bound (when they are
    /// patterns or have defaults), its `var`s declared and a base constructor's parameter
    /// properties assigned.
    fn function_prologue(&mut self, f: &Function, derived_ctor: Option<bool>) -> Result<Prologue, Error> {
        if let FunctionBody::Block(body) = &f.body {
            self.strict |= uses_strict(body);
        }
        let simple = f.params.iter().all(|p| !p.rest && p.default.is_none() && matches!(p.pattern, Pattern::Ident(..)));
        // Arguments arrive in bindings named after the parameters or, when those are patterns
        // or have defaults, in hidden ones that the prologue binds.
        let params: Vec<Rc<str>> = if simple {
            f.params.iter().map(|p| simple_name(&p.pattern).map(name)).collect::<Result<_, _>>()?
        } else {
            (0..f.params.len()).map(|i| name(&format!("%arg{i}"))).collect()
        };
        self.scopes.push(function_scope(f.is_arrow(), &params));
        if !simple {
            for p in &f.params {
                for n in pattern_names(&p.pattern) {
                    self.emit(Op::DeclareUninit(name(&n), false));
                }
            }
            for (i, p) in f.params.iter().enumerate() {
                self.emit(Op::GetVar(name(&format!("%arg{i}")), f.pos));
                self.default_value(&p.pattern, p.default.as_ref())?;
                self.bind(&p.pattern, Bind::Init, Source::Value)?;
            }
        }
        if let FunctionBody::Block(body) = &f.body {
            self.hoist_vars(body);
        }
        let properties: Vec<Rc<str>> = f.params.iter().filter(|p| p.property).filter_map(|p| simple_name(&p.pattern).ok()).map(name).collect();
        // A base constructor assigns its parameter properties first; a derived one after super().
        if derived_ctor == Some(false) {
            for p in &properties {
                self.emit(Op::GetVar(name("this"), f.pos));
                self.emit(Op::GetVar(p.clone(), f.pos));
                self.emit(Op::SetProp(p.clone(), f.pos));
                self.emit(Op::Pop);
            }
        }
        Ok(Prologue { params, properties })
    }

    /// A function's body of statements.
    fn function_block(&mut self, body: &[Stmt]) -> Result<(), Error> {
        self.hoist(body)?;
        for s in body {
            self.stmt(s)?;
        }
        self.emit(Op::Undefined);
        self.emit(Op::Return);
        Ok(())
    }

    /// The function this compiler compiled (see [`Compiler::function_prologue`]).
    fn finish_function(self, f: &Function, fn_name: Option<&str>, derived_ctor: Option<bool>, prologue: Prologue) -> Rc<Proto> {
        let Prologue { params, properties } = prologue;
        let kind = match f.kind {
            FunctionKind::Normal => ProtoKind::Function,
            FunctionKind::Constructor { derived } => ProtoKind::ClassConstructor { derived },
            FunctionKind::Arrow | FunctionKind::Method | FunctionKind::Getter | FunctionKind::Setter => ProtoKind::NotConstructor,
        };
        Rc::new(Proto {
            name: name(fn_name.unwrap_or("")),
            params,
            makes_closures: code_makes_closures(&self.code),
            code: self.code,
            subjects: self.subjects,
            positions: self.positions,
            internal: INTERNAL.with(|i| i.get()),
            debug_name: Rc::from(""),
            is_async: f.is_async,
            is_arrow: f.is_arrow(),
            rest: f.params.last().is_some_and(|p| p.rest),
            strict: self.strict,
            length: f.params.iter().take_while(|p| !p.rest && p.default.is_none()).count(),
            kind,
            param_properties: if derived_ctor == Some(true) { properties } else { vec![] },
        })
    }

    /// A class: leaves its constructor on the stack.
    fn class(&mut self, class: &Class, inferred_name: Option<&str>) -> Result<(), Error> {
        let id = NEXT_CLASS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let private_names: Vec<String> = class
            .members
            .iter()
            .filter_map(|m| match m {
                ClassMember::Method { key: PropKey::Private(n), .. } | ClassMember::Field { key: PropKey::Private(n), .. } => Some(n.clone()),
                _ => None,
            })
            .collect();
        self.classes.push((id, private_names));
        let result = self.class_body(class, id, inferred_name);
        self.classes.pop();
        result
    }

    fn class_body(&mut self, class: &Class, id: u32, inferred_name: Option<&str>) -> Result<(), Error> {
        // The parts of this are functions of their own: this frame is on every level of nested
        // classes.
        let class_name = class.name.as_deref().or(inferred_name).unwrap_or("");
        let derived = class.extends.is_some();
        if let Some(parent) = &class.extends {
            self.expr(parent)?;
        }
        let constructor = match &class.constructor {
            Some(f) => self.function_named(f, Some(class_name), Some(derived))?,
            None => default_constructor(class_name, derived),
        };
        self.new_class(class, class_name, constructor, id);
        for m in &class.members {
            if let ClassMember::Method { key, is_static, function } = m {
                self.method(key, *is_static, function)?;
            }
        }
        self.class_initializers(class, class_name, id)?;
        self.emit(Op::FinishClass);
        Ok(())
    }

    fn new_class(&mut self, class: &Class, class_name: &str, constructor: Rc<Proto>, id: u32) {
        let extends_name = match class.extends.as_deref() {
            Some(Expr::Ident(n, _)) => Some(name(n)),
            _ => None,
        };
        let (derived, default_constructor) = (class.extends.is_some(), class.constructor.is_none());
        self.emit(Op::NewClass(Rc::new(ClassTemplate { name: name(class_name), constructor, derived, id, extends_name, default_constructor })));
    }

    /// A method, getter or setter, on the prototype (or the constructor when static).
    fn method(&mut self, key: &PropKey, is_static: bool, function: &Function) -> Result<(), Error> {
        let kind = match function.kind {
            FunctionKind::Getter => MethodKind::Getter,
            FunctionKind::Setter => MethodKind::Setter,
            _ => MethodKind::Method,
        };
        match key {
            PropKey::Name(k) => {
                let proto = self.function(function, None)?;
                self.emit(Op::Closure(proto));
                self.emit(Op::DefineMethod { key: name(k), kind, is_static });
            }
            PropKey::Computed(e) => {
                self.expr(e)?;
                let proto = self.function(function, None)?;
                self.emit(Op::Closure(proto));
                self.emit(Op::DefineMethodComputed { kind, is_static });
            }
            PropKey::Private(_) => {}
        }
        Ok(())
    }

    /// The functions that run with each new instance (its fields and private methods) and once
    /// with the class (its static fields and blocks).
    fn class_initializers(&mut self, class: &Class, class_name: &str, id: u32) -> Result<(), Error> {
        let instance_members: Vec<&ClassMember> = class
            .members
            .iter()
            .filter(|m| match m {
                ClassMember::Field { is_static, .. } => !is_static,
                ClassMember::Method { key: PropKey::Private(_), is_static, .. } => !is_static,
                _ => false,
            })
            .collect();
        if !instance_members.is_empty() {
            let proto = self.initializer(&instance_members, id, &format!("<fields of {class_name}>"))?;
            self.emit(Op::Closure(proto));
            self.emit(Op::SetClassFields);
        }
        let static_members: Vec<&ClassMember> = class
            .members
            .iter()
            .filter(|m| match m {
                ClassMember::Field { is_static, .. } | ClassMember::Method { key: PropKey::Private(_), is_static, .. } => *is_static,
                ClassMember::StaticBlock(_) => true,
                _ => false,
            })
            .collect();
        if !static_members.is_empty() {
            let proto = self.initializer(&static_members, id, &format!("<static of {class_name}>"))?;
            self.emit(Op::Closure(proto));
            self.emit(Op::RunStatic);
        }
        Ok(())
    }

    /// A method-like function that defines fields and private methods on `this`, in order.
    fn initializer(&self, members: &[&ClassMember], id: u32, label: &str) -> Result<Rc<Proto>, Error> {
        let mut c = self.child();
        c.scopes.push(function_scope(false, &[]));
        for m in members {
            match m {
                ClassMember::Field { key, value, pos, .. } => {
                    c.emit(Op::GetVar(name("this"), *pos));
                    let field_name = match key {
                        PropKey::Name(k) => Some(k.clone()),
                        PropKey::Private(k) => Some(format!("#{k}")),
                        PropKey::Computed(_) => None,
                    };
                    match value {
                        Some(Expr::Function(f)) if f.name.is_none() => {
                            let proto = c.function_named(f, field_name.as_deref(), None)?;
                            c.emit(Op::Closure(proto));
                        }
                        Some(Expr::Class(k)) if k.name.is_none() => c.class(k, field_name.as_deref())?,
                        Some(v) => c.expr(v)?,
                        None => {
                            c.emit(Op::Undefined);
                        }
                    }
                    match key {
                        PropKey::Name(k) => {
                            c.emit(Op::DefineField(name(k)));
                        }
                        PropKey::Private(k) => {
                            c.emit(Op::DefinePrivate(id, name(k)));
                        }
                        PropKey::Computed(e) => return Err(Error::unsupported(e.pos().unwrap_or(*pos), "computed field names")),
                    }
                    c.emit(Op::Pop);
                }
                ClassMember::Method { key: PropKey::Private(k), function, .. } => {
                    let kind = match function.kind {
                        FunctionKind::Getter => MethodKind::Getter,
                        FunctionKind::Setter => MethodKind::Setter,
                        _ => MethodKind::Method,
                    };
                    c.emit(Op::GetVar(name("this"), function.pos));
                    let proto = c.function(function, None)?;
                    c.emit(Op::Closure(proto));
                    c.emit(Op::DefinePrivateMethod(id, name(k), kind));
                    c.emit(Op::Pop);
                }
                ClassMember::StaticBlock(body) => c.block(body)?,
                ClassMember::Method { .. } => unreachable!("only private methods are initialised per instance"),
            }
        }
        c.emit(Op::Undefined);
        c.emit(Op::Return);
        Ok(Rc::new(Proto {
            name: name(label),
            params: vec![],
            makes_closures: code_makes_closures(&c.code),
            code: c.code,
            subjects: c.subjects,
            positions: c.positions,
            internal: INTERNAL.with(|i| i.get()),
            debug_name: Rc::from(""),
            is_async: false,
            is_arrow: false,
            rest: false,
            strict: true,
            length: 0,
            kind: ProtoKind::NotConstructor,
            param_properties: vec![],
        }))
    }
}
