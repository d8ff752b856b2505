//! Values, objects on the interpreter's heap, and JavaScript's number-to-string rules.

use std::borrow::Borrow;
use std::cell::OnceCell;
use std::collections::HashMap;
use std::fmt::Debug;
use std::hash::{Hash, Hasher};
use std::rc::Rc;

use super::compile::Proto;

pub type ObjId = usize;
pub type ScopeId = usize;

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Undefined,
    Null,
    Bool(bool),
    Num(f64),
    Str(Rc<str>),
    Obj(ObjId),
}

impl Value {
    pub fn str(s: &str) -> Value {
        Value::Str(Rc::from(s))
    }

    pub fn truthy(&self) -> bool {
        match self {
            Value::Undefined | Value::Null => false,
            Value::Bool(b) => *b,
            Value::Num(n) => *n != 0.0 && !n.is_nan(),
            Value::Str(s) => !s.is_empty(),
            Value::Obj(_) => true,
        }
    }

    pub fn as_obj(&self) -> Option<ObjId> {
        match self {
            Value::Obj(id) => Some(*id),
            _ => None,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Object {
    pub kind: ObjKind,
    /// Own properties in insertion order (arrays keep their elements in `ObjKind::Array`).
    pub props: PropList<Property>,
    /// `[[Prototype]]`: where a property not found here is looked for next.
    pub proto: Option<ObjId>,
    /// Private fields and methods (`#name`), keyed by the class that declared them, so two
    /// classes' `#x` never meet and no string key can reach them.
    pub privates: Vec<(PrivateName, Slot)>,
    /// `Object.freeze` was applied: writes and new properties are ignored.
    pub frozen: bool,
    /// Own properties keyed by symbols, in insertion order: no string key reaches them.
    pub symbol_props: PropList<SymbolProperty>,
}

/// A property whose key is a symbol (the symbol's heap cell).
#[derive(Clone, Debug)]
pub struct SymbolProperty {
    pub symbol: ObjId,
    pub slot: Slot,
    pub enumerable: bool,
}

impl Object {
    pub fn new(kind: ObjKind, proto: Option<ObjId>) -> Object {
        Object { kind, props: PropList::default(), proto, privates: Vec::new(), frozen: false, symbol_props: PropList::default() }
    }

    pub fn own_symbol(&self, symbol: ObjId) -> Option<&SymbolProperty> {
        self.symbol_props.get(&symbol)
    }

    pub fn own(&self, key: &str) -> Option<&Property> {
        self.props.get(key)
    }

    /// An own data property's value (accessors and missing keys give `None`).
    pub fn own_value(&self, key: &str) -> Option<&Value> {
        match self.own(key).map(|p| &p.slot) {
            Some(Slot::Data(v)) => Some(v),
            _ => None,
        }
    }
}

/// A list this long or shorter is searched by scanning it; a longer one builds an index of its
/// keys when it is first searched, and keeps it up to date from then on. (A scan of 16 short
/// names costs about what hashing one does, and most objects never grow this large.)
pub const INDEX_FROM: usize = 16;

/// What an ordered property list is keyed by: a string-keyed property by its name
/// (`Rc<str>`, looked up by `&str`), a symbol-keyed one by its symbol's heap cell.
pub trait Keyed {
    type Key: Hash + Eq + Clone + Debug + Borrow<Self::Query>;
    type Query: Hash + Eq + ?Sized;
    fn key(&self) -> &Self::Key;
}

impl Keyed for Property {
    type Key = Rc<str>;
    type Query = str;
    fn key(&self) -> &Rc<str> {
        &self.key
    }
}

impl Keyed for SymbolProperty {
    type Key = ObjId;
    type Query = ObjId;
    fn key(&self) -> &ObjId {
        &self.symbol
    }
}

/// An object's own properties in the order they were added (the order `Object.keys` and
/// `console.log` start from: they put integer-like keys first themselves), each key at most once.
/// A long list is searched through an index from key to position, so adding, reading and
/// deleting a property costs the same however many the object has.
#[derive(Clone, Debug)]
pub struct PropList<P: Keyed> {
    /// The properties in insertion order. A deletion from an indexed list leaves a hole (`None`),
    /// so that no position after it moves; the holes are removed once they outnumber the
    /// properties. A list with no index has no holes.
    list: Vec<Option<P>>,
    /// Where each key is in `list`: made by the first search of a list longer than `INDEX_FROM`.
    /// (Boxed: most objects never have one, and a box is a sixth of a map's size.)
    #[allow(clippy::box_collection)]
    index: OnceCell<Box<HashMap<P::Key, usize>>>,
}

impl<P: Keyed> Default for PropList<P> {
    fn default() -> Self {
        PropList { list: Vec::new(), index: OnceCell::new() }
    }
}

impl<P: Keyed> PropList<P> {
    /// The properties, in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = &P> + '_ {
        self.list.iter().flatten()
    }

    fn index(&self) -> Option<&HashMap<P::Key, usize>> {
        if self.list.len() <= INDEX_FROM && self.index.get().is_none() {
            return None;
        }
        Some(self.index.get_or_init(|| {
            Box::new(self.list.iter().enumerate().filter_map(|(i, p)| p.as_ref().map(|p| (p.key().clone(), i))).collect())
        }))
    }

    fn position(&self, key: &P::Query) -> Option<usize> {
        match self.index() {
            Some(index) => index.get(key).copied(),
            None => self.list.iter().position(|p| p.as_ref().is_some_and(|p| p.key().borrow() == key)),
        }
    }

    pub fn get(&self, key: &P::Query) -> Option<&P> {
        self.list[self.position(key)?].as_ref()
    }

    pub fn get_mut(&mut self, key: &P::Query) -> Option<&mut P> {
        let i = self.position(key)?;
        self.list[i].as_mut()
    }

    /// Adds a property at the end; its key must not be in the list already (the callers look
    /// first, with `get_mut`).
    pub fn push(&mut self, p: P) {
        debug_assert!(self.position(p.key().borrow()).is_none(), "a key is in a property list once");
        if let Some(index) = self.index.get_mut() {
            index.insert(p.key().clone(), self.list.len());
        }
        self.list.push(Some(p));
    }

    /// Removes the property keyed `key`, if there is one.
    pub fn remove(&mut self, key: &P::Query) -> Option<P> {
        let i = self.position(key)?;
        let Some(index) = self.index.get_mut() else { return self.list.remove(i) };
        index.remove(key);
        let removed = self.list[i].take();
        let live = index.len();
        if self.list.len() - live > INDEX_FROM.max(live) {
            self.list.retain(Option::is_some);
            self.index = OnceCell::new();
        }
        removed
    }
}

impl<'a, P: Keyed> IntoIterator for &'a PropList<P> {
    type Item = &'a P;
    type IntoIter = std::iter::Flatten<std::slice::Iter<'a, Option<P>>>;
    fn into_iter(self) -> Self::IntoIter {
        self.list.iter().flatten()
    }
}

/// A private name: the id of the class body that declared it, and the name without `#`.
pub type PrivateName = (u32, Rc<str>);

#[derive(Clone, Debug)]
pub struct Property {
    pub key: Rc<str>,
    pub slot: Slot,
    /// Shown by `console.log`, `Object.keys`, `for ... in` and spread. Methods of classes and
    /// the built-ins' own properties are not.
    pub enumerable: bool,
}

#[derive(Clone, Debug)]
pub enum Slot {
    Data(Value),
    /// A getter and a setter; `Undefined` where one is missing.
    Accessor { get: Value, set: Value },
}

#[derive(Clone, Debug)]
pub enum ObjKind {
    Plain,
    Array(Vec<Elem>),
    Function(Callable),
    Promise(PromiseData),
    /// An error object made by the runtime (TypeError, ReferenceError, AggregateError...):
    /// the lines of its stack after the first (`vm/stack_trace.rs`).
    Error(std::rc::Rc<str>),
    /// What `setTimeout`/`setInterval` return: the timer's id.
    Timer(u64),
    /// What `setImmediate` returns.
    Immediate(u64),
    /// An iterator the runtime made (over an array, a string, keys for `for ... in`).
    Iterator(IterState),
    /// A Date: milliseconds since 1970-01-01T00:00:00Z (NaN for an invalid date).
    Date(f64),
    /// A Map or a Set: entries in insertion order, found by key through an index.
    Map(MapData),
    /// A symbol, with its description. A symbol is a primitive; it lives on the heap so that
    /// each one is a distinct value (`Symbol('a') !== Symbol('a')`), and no program can reach
    /// it as an object: `typeof` says "symbol" and it has no properties of its own.
    Symbol(Option<Rc<str>>),
}

/// One slot of an array: `None` is a hole, an index below `length` that has no property
/// ([ECMA-262 §10.4.2](https://tc39.es/ecma262/#sec-array-exotic-objects)): reading it gives
/// undefined, but `in`, `Object.keys`, `forEach` and the printing of the array skip it.
pub type Elem = Option<Value>;

/// An array's slots with no holes.
pub fn dense(values: Vec<Value>) -> Vec<Elem> {
    values.into_iter().map(Some).collect()
}

/// What reading each slot gives: holes read as undefined.
pub fn read_all(items: &[Elem]) -> Vec<Value> {
    items.iter().map(read_slot).collect()
}

/// What reading one slot gives.
pub fn read_slot(item: &Elem) -> Value {
    item.clone().unwrap_or(Value::Undefined)
}

impl ObjKind {
    /// An array of these values, no holes.
    pub fn array(values: Vec<Value>) -> ObjKind {
        ObjKind::Array(dense(values))
    }
}

/// A Map's or Set's entries ([ECMA-262 §24.1](https://tc39.es/ecma262/#sec-map-objects)): a
/// list in insertion order, and an index from each key to its place, so that `get`, `set`,
/// `has` and `delete` cost the same however many entries there are.
///
/// The spec's list keeps a deleted entry as an empty one, so that an iteration in progress
/// goes on from where it was: entries added meanwhile are visited, deleted ones are not. Here
/// a deletion leaves a hole too, but the holes are removed once they outnumber the entries
/// (and `clear` removes everything at once). An iteration in progress holds a `MapCursor`,
/// which names the next entry by its sequence number (entries are numbered as they are added,
/// holes keep theirs), so it finds its place again after the list was compacted.
#[derive(Clone, Debug, Default)]
pub struct MapData {
    entries: Vec<MapEntry>,
    /// Where each live key is in `entries`.
    index: HashMap<MapKey, usize>,
    /// The sequence number the next entry added gets.
    next_seq: u64,
    /// How many times the entries moved (a compaction, a `clear`): a cursor whose position was
    /// found before the last move looks for it again.
    moves: u64,
    /// How many entries at the start are holes (where a new iteration may start).
    leading_holes: usize,
    pub is_set: bool,
}

#[derive(Clone, Debug)]
struct MapEntry {
    seq: u64,
    /// The key and the value; `None` once deleted.
    pair: Option<(Value, Value)>,
}

/// A key as the index hashes and compares it: SameValueZero (NaN equals NaN, +0 equals -0,
/// strings by content, objects and symbols by identity).
#[derive(Clone, Debug)]
struct MapKey(Value);

impl PartialEq for MapKey {
    fn eq(&self, other: &MapKey) -> bool {
        same_value_zero(&self.0, &other.0)
    }
}

impl Eq for MapKey {}

impl Hash for MapKey {
    fn hash<H: Hasher>(&self, h: &mut H) {
        match &self.0 {
            Value::Undefined => h.write_u8(0),
            Value::Null => h.write_u8(1),
            Value::Bool(b) => h.write_u8(2 + u8::from(*b)),
            // Equal numbers hash alike: every NaN as one, -0 as +0.
            Value::Num(n) if n.is_nan() => h.write_u8(4),
            Value::Num(n) => h.write_u64(if *n == 0.0 { 0 } else { n.to_bits() }),
            Value::Str(s) => s.hash(h),
            Value::Obj(id) => h.write_usize(*id),
        }
    }
}

/// Where an iteration over a Map or Set is: the next entry it visits is the first live one
/// whose sequence number is at least `seq` (`None` once it has finished: a finished iterator
/// stays finished, whatever is added later). `at` is that entry's position as of `moves`.
#[derive(Clone, Copy, Debug)]
pub struct MapCursor {
    seq: Option<u64>,
    at: usize,
    moves: u64,
}

impl Default for MapCursor {
    /// A cursor at the start.
    fn default() -> MapCursor {
        MapCursor { seq: Some(0), at: 0, moves: 0 }
    }
}

impl MapData {
    pub fn new(is_set: bool) -> MapData {
        MapData { is_set, ..MapData::default() }
    }

    /// The number of live entries.
    pub fn size(&self) -> usize {
        self.index.len()
    }

    /// The live entries in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = (&Value, &Value)> + '_ {
        self.entries.iter().filter_map(|e| e.pair.as_ref().map(|(k, v)| (k, v)))
    }

    pub fn get(&self, key: &Value) -> Option<&Value> {
        let i = *self.index.get(&MapKey(key.clone()))?;
        self.entries[i].pair.as_ref().map(|(_, v)| v)
    }

    pub fn has(&self, key: &Value) -> bool {
        self.index.contains_key(&MapKey(key.clone()))
    }

    /// Sets the value of an existing key in its place, or adds the entry at the end. A key of
    /// -0 is stored as +0 ([ECMA-262 §24.1.3.9](https://tc39.es/ecma262/#sec-map.prototype.set)).
    pub fn set(&mut self, mut key: Value, value: Value) {
        if let Value::Num(n) = &mut key {
            if *n == 0.0 {
                *n = 0.0;
            }
        }
        match self.index.get(&MapKey(key.clone())) {
            Some(&i) => {
                if let Some((_, v)) = &mut self.entries[i].pair {
                    *v = value;
                }
            }
            None => {
                self.index.insert(MapKey(key.clone()), self.entries.len());
                self.entries.push(MapEntry { seq: self.next_seq, pair: Some((key, value)) });
                self.next_seq += 1;
            }
        }
    }

    /// Deletes the entry keyed `key`: whether there was one.
    pub fn delete(&mut self, key: &Value) -> bool {
        let Some(i) = self.index.remove(&MapKey(key.clone())) else { return false };
        self.entries[i].pair = None;
        if i == self.leading_holes {
            while self.entries.get(self.leading_holes).is_some_and(|e| e.pair.is_none()) {
                self.leading_holes += 1;
            }
        }
        let holes = self.entries.len() - self.index.len();
        if holes > INDEX_FROM.max(self.index.len()) {
            self.entries.retain(|e| e.pair.is_some());
            self.index = self.entries.iter().enumerate().filter_map(|(i, e)| Some((MapKey(e.pair.as_ref()?.0.clone()), i))).collect();
            self.leading_holes = 0;
            self.moves += 1;
        }
        true
    }

    /// Deletes every entry ([ECMA-262 §24.1.3.1](https://tc39.es/ecma262/#sec-map.prototype.clear)):
    /// an iteration in progress goes on with the entries added after.
    pub fn clear(&mut self) {
        self.entries.clear();
        self.index.clear();
        self.leading_holes = 0;
        self.moves += 1;
    }

    /// The entry a cursor is at, moving it past; `None` when the iteration is over (and from
    /// then on).
    pub fn next(&self, cursor: &mut MapCursor) -> Option<(Value, Value)> {
        let seq = cursor.seq?;
        if cursor.moves != self.moves {
            cursor.at = self.entries.partition_point(|e| e.seq < seq);
            cursor.moves = self.moves;
        }
        let mut i = cursor.at.max(self.leading_holes);
        while let Some(e) = self.entries.get(i) {
            if let Some((k, v)) = &e.pair {
                cursor.at = i + 1;
                cursor.seq = Some(e.seq + 1);
                return Some((k.clone(), v.clone()));
            }
            i += 1;
        }
        cursor.seq = None;
        None
    }
}

/// SameValue ([ECMA-262 §7.2.10](https://tc39.es/ecma262/#sec-samevalue)): SameValueZero,
/// except that +0 and -0 differ.
pub fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Num(x), Value::Num(y)) if *x == 0.0 && *y == 0.0 => x.is_sign_negative() == y.is_sign_negative(),
        _ => same_value_zero(a, b),
    }
}

pub fn same_value_zero(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Num(x), Value::Num(y)) => x == y || (x.is_nan() && y.is_nan()),
        _ => a == b,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IterKind {
    Keys,
    Values,
    Entries,
}

#[derive(Clone, Debug)]
pub enum IterState {
    /// Reads the array live, as an array iterator does: elements pushed during the loop come.
    Array { array: ObjId, next: usize, kind: IterKind },
    /// A Map's or Set's entries, live.
    Map { map: ObjId, cursor: MapCursor, kind: IterKind },
    /// A fixed list: a string's code points, an object's keys.
    Values { values: Vec<Value>, next: usize },
    /// An iterator a program made (`[Symbol.iterator]()` returned it), with its `next` method
    /// read once; `done` once it said so or was closed, so it is not asked again
    /// ([ECMA-262 §7.4](https://tc39.es/ecma262/#sec-operations-on-iterator-objects)).
    Protocol { iterator: Value, next: Value, done: bool },
}

#[derive(Clone, Debug)]
pub enum Callable {
    Closure { proto: Rc<Proto>, scope: ScopeId, home: Option<ObjId>, class: Option<Rc<ClassData>> },
    Native(Native),
}

/// What a class constructor knows about its class.
#[derive(Clone, Debug)]
pub struct ClassData {
    /// Identifies the class body, for its private names.
    pub id: u32,
    /// `extends` something: `this` exists only after `super(...)`.
    pub derived: bool,
    /// Runs the instance field initialisers, with `this` the new instance.
    pub fields: Option<Value>,
    /// Private methods and accessors copied onto every instance.
    pub private_methods: Vec<(PrivateName, Slot)>,
    /// The source says `class`: calling it without `new` is a TypeError, and inspect shows
    /// `[class Name]`.
    pub name: Rc<str>,
    pub extends_name: Option<Rc<str>>,
    pub default_constructor: bool,
}

/// Functions implemented by the interpreter, with the data each instance carries.
#[derive(Clone, Debug)]
pub enum Native {
    ConsoleLog,
    ConsoleError,
    SetTimeout { repeat: bool },
    ClearTimer,
    SetImmediate,
    ClearImmediate,
    NextTick,
    QueueMicrotask,
    Require,
    ReadFile,
    PromiseResolve,
    PromiseReject,
    PromiseCombinator(Combinator),
    Then,
    Catch,
    Finally,
    ArrayPush,
    /// The resolve or reject function handed to an executor or a thenable's `then`.
    Resolving { promise: ObjId, record: usize, reject: bool },
    /// One element's callback in `Promise.all`/`allSettled`/`any`.
    CombinatorElement { record: usize, index: usize, outcome: ElementOutcome, called: usize },
    /// `finally`'s wrappers: run the callback, then pass the value (or the reason) through.
    ThenFinally { on_finally: Value },
    CatchFinally { on_finally: Value },
    ValueThunk { value: Value },
    Thrower { reason: Value },
    /// `Error`, `TypeError`, ...: makes an error whose prototype is this one (or the one of the
    /// class that extends it).
    ErrorConstructor { prototype: ObjId },
    ErrorToString,
    HasOwnProperty,
    /// A function of the built-in library (see `builtins.rs`).
    Builtin(super::builtins::Builtin),
    /// `new Date(...)`, `Date()`.
    DateConstructor,
    /// `new Map(iterable)`, `new Set(iterable)`.
    MapConstructor { set: bool },
    /// `Function.prototype.call`, `apply` and `bind`, and what `bind` makes.
    FunctionCall,
    FunctionApply,
    FunctionBind,
    Bound { target: Value, this: Value, args: Vec<Value> },
    /// A Timeout's `unref()` / `ref()` / `hasRef()`.
    TimerRef { keep_alive: bool },
    TimerHasRef,
    /// `new AsyncLocalStorage()` and its methods.
    AsyncLocalStorage,
    AlsRun,
    AlsGetStore,
    AlsEnterWith,
    AlsExit,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Combinator {
    All,
    AllSettled,
    Race,
    Any,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ElementOutcome {
    Fulfilled,
    Rejected,
}

#[derive(Clone, Debug)]
pub struct PromiseData {
    pub state: PromiseState,
    pub fulfill_reactions: Vec<Reaction>,
    pub reject_reactions: Vec<Reaction>,
    /// A handler has been attached (for unhandled-rejection tracking).
    pub handled: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub enum PromiseState {
    Pending,
    Fulfilled(Value),
    Rejected(Value),
}

#[derive(Clone, Debug)]
pub struct Reaction {
    /// The promise the handler's result settles (none for `await`).
    pub target: Option<ObjId>,
    pub handler: Handler,
    /// The async context (AsyncLocalStorage stores) when `then` or `await` was called: the
    /// handler runs in it.
    pub context: Context,
}

/// The stores of every AsyncLocalStorage, as one immutable list: each `run` makes a new one.
pub type Context = Option<Rc<Vec<(ObjId, Value)>>>;

#[derive(Clone, Debug)]
pub enum Handler {
    /// A JavaScript function, or `undefined` for pass-through.
    Callable(Value),
    /// Resumes an awaiting async function with the value, or throws the reason into it.
    Await { cont: usize, rejected: bool },
}

/// JavaScript's Number::toString for base 10.
pub fn number_to_string(n: f64) -> String {
    if n.is_nan() {
        return "NaN".into();
    }
    if n == 0.0 {
        return "0".into();
    }
    if n.is_infinite() {
        return if n > 0.0 { "Infinity".into() } else { "-Infinity".into() };
    }
    if n < 0.0 {
        return format!("-{}", number_to_string(-n));
    }
    // Rust's `{:e}` gives the shortest digits that round-trip, as JavaScript requires.
    let sci = format!("{n:e}");
    let (mantissa, exp) = sci.split_once('e').unwrap();
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let k = digits.len() as i32;
    let e: i32 = exp.parse().unwrap();
    let point = e + 1; // position of the decimal point relative to the digits
    if k <= point && point <= 21 {
        format!("{digits}{}", "0".repeat((point - k) as usize))
    } else if 0 < point && point <= 21 {
        format!("{}.{}", &digits[..point as usize], &digits[point as usize..])
    } else if -6 < point && point <= 0 {
        format!("0.{}{digits}", "0".repeat((-point) as usize))
    } else {
        let sign = if point > 0 { "+" } else { "-" };
        let exponent = (point - 1).abs();
        if k == 1 {
            format!("{digits}e{sign}{exponent}")
        } else {
            format!("{}.{}e{sign}{exponent}", &digits[..1], &digits[1..])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::number_to_string as s;

    #[test]
    fn numbers_print_as_javascript_prints_them() {
        assert_eq!(s(0.0), "0");
        assert_eq!(s(-0.0), "0");
        assert_eq!(s(42.0), "42");
        assert_eq!(s(-7.5), "-7.5");
        assert_eq!(s(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(s(1e21), "1e+21");
        assert_eq!(s(123456789012345680000.0), "123456789012345680000");
        assert_eq!(s(0.000001), "0.000001");
        assert_eq!(s(0.0000001), "1e-7");
        assert_eq!(s(1.5e-10), "1.5e-10");
        assert_eq!(s(f64::NAN), "NaN");
        assert_eq!(s(f64::NEG_INFINITY), "-Infinity");
        assert_eq!(s(2f64.powi(53)), "9007199254740992");
    }
}
