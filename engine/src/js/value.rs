//! Values, objects on the interpreter's heap, and JavaScript's number-to-string rules.

use std::borrow::Borrow;
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

    #[inline]
    pub fn own_symbol(&self, symbol: ObjId) -> Option<&SymbolProperty> {
        self.symbol_props.get(&symbol)
    }

    #[inline]
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

/// A list of properties or bindings this long or shorter is searched by scanning it; one that
/// grows longer gets an index of its keys, kept up to date from then on. (Hashing a short name
/// costs about what comparing it with 30 others does, and most objects and scopes never grow
/// this large.)
pub const INDEX_FROM: usize = 32;

/// How many lookups a `KeyIndex` remembers by address.
const RECENT: usize = 16;

/// Where each key of a long list is. Beside the hash map, it remembers where the last few
/// lookups found their key, by the address of what was looked up: compiled code looks a name up
/// through the same shared text every time, so a loop that reads `o.x` or a global finds its
/// place without hashing. A remembered position is only a guess, which the caller checks by
/// comparing the key found there with the one asked for.
#[derive(Clone, Debug)]
pub struct KeyIndex<K> {
    positions: HashMap<K, usize>,
    /// (address, position) pairs, at the slot the address picks; `usize::MAX` for none.
    recent: [std::cell::Cell<(usize, usize)>; RECENT],
}

impl<K: Hash + Eq> KeyIndex<K> {
    pub fn new(positions: HashMap<K, usize>) -> KeyIndex<K> {
        KeyIndex { positions, recent: std::array::from_fn(|_| std::cell::Cell::new((usize::MAX, usize::MAX))) }
    }

    fn slot(&self, address: usize) -> &std::cell::Cell<(usize, usize)> {
        // Fibonacci hashing: the top bits of the product depend on all of the address.
        &self.recent[(address.wrapping_mul(0x9E37_79B9_7F4A_7C15_u64 as usize) >> (usize::BITS - RECENT.trailing_zeros())) % RECENT]
    }

    /// Where a lookup of the same address last found its key, if it is remembered.
    pub fn recent(&self, address: usize) -> Option<usize> {
        let (a, i) = self.slot(address).get();
        (a == address).then_some(i)
    }

    /// The position of `key` by hash; remembered for the next lookup at `address`.
    pub fn get<Q: Hash + Eq + ?Sized>(&self, key: &Q, address: usize) -> Option<usize>
    where
        K: Borrow<Q>,
    {
        let found = self.positions.get(key).copied();
        if let Some(i) = found {
            self.slot(address).set((address, i));
        }
        found
    }

    pub fn insert(&mut self, key: K, position: usize) {
        self.positions.insert(key, position);
    }

    pub fn remove<Q: Hash + Eq + ?Sized>(&mut self, key: &Q)
    where
        K: Borrow<Q>,
    {
        self.positions.remove(key);
    }

    pub fn len(&self) -> usize {
        self.positions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.positions.is_empty()
    }

    /// Forgets every remembered position (a list where a later key can shadow an earlier one
    /// calls this when it grows).
    pub fn forget_recent(&self) {
        for r in &self.recent {
            r.set((usize::MAX, usize::MAX));
        }
    }
}

/// What an ordered property list is keyed by: a string-keyed property by its name
/// (`Rc<str>`, looked up by `&str`), a symbol-keyed one by its symbol's heap cell.
pub trait Keyed {
    type Key: Hash + Eq + Clone + Debug + Borrow<Self::Query>;
    type Query: Hash + Eq + ?Sized;
    fn key(&self) -> &Self::Key;
    /// What identifies a lookup for `KeyIndex::recent`: the text's address, the symbol's cell.
    fn address(key: &Self::Query) -> usize;
}

impl Keyed for Property {
    type Key = Rc<str>;
    type Query = str;
    fn key(&self) -> &Rc<str> {
        &self.key
    }
    fn address(key: &str) -> usize {
        key.as_ptr() as usize
    }
}

impl Keyed for SymbolProperty {
    type Key = ObjId;
    type Query = ObjId;
    fn key(&self) -> &ObjId {
        &self.symbol
    }
    fn address(key: &ObjId) -> usize {
        *key
    }
}

/// An object's own properties in the order they were added (the order `Object.keys` and
/// `console.log` start from: they put integer-like keys first themselves), each key at most once.
/// A short list is a plain vector, searched by scanning it; one that grows past `INDEX_FROM`
/// becomes a `LongPropList`, searched through an index from key to position, so adding, reading
/// and deleting a property costs the same however many the object has. (Either fits in the
/// three words a vector takes.)
#[derive(Clone, Debug)]
pub struct PropList<P: Keyed>(Props<P>);

#[derive(Clone, Debug)]
enum Props<P: Keyed> {
    /// At most `INDEX_FROM` properties.
    Short(Vec<P>),
    Long(Box<LongPropList<P>>),
}

#[derive(Clone, Debug)]
struct LongPropList<P: Keyed> {
    /// The properties in insertion order. A deletion leaves a hole (`None`), so that no position
    /// after it moves; the holes are removed once they outnumber the properties.
    list: Vec<Option<P>>,
    /// Where each key is in `list`.
    index: KeyIndex<P::Key>,
}

impl<P: Keyed> Default for PropList<P> {
    fn default() -> Self {
        PropList(Props::Short(Vec::new()))
    }
}

impl<P: Keyed> LongPropList<P> {
    fn new(list: Vec<Option<P>>) -> LongPropList<P> {
        let index = KeyIndex::new(list.iter().enumerate().filter_map(|(i, p)| p.as_ref().map(|p| (p.key().clone(), i))).collect());
        LongPropList { list, index }
    }

    #[inline(never)]
    fn get(&self, key: &P::Query) -> Option<&P> {
        self.list[self.position(key)?].as_ref()
    }

    #[inline(never)]
    fn get_mut(&mut self, key: &P::Query) -> Option<&mut P> {
        let i = self.position(key)?;
        self.list[i].as_mut()
    }

    fn position(&self, key: &P::Query) -> Option<usize> {
        // Keys are distinct, so a remembered position holding this key is its position.
        let address = P::address(key);
        if let Some(i) = self.index.recent(address) {
            if self.list.get(i).and_then(Option::as_ref).is_some_and(|p| p.key().borrow() == key) {
                return Some(i);
            }
        }
        self.index.get(key, address)
    }
}

impl<P: Keyed> PropList<P> {
    /// How many properties there are.
    pub fn len(&self) -> usize {
        match &self.0 {
            Props::Short(list) => list.len(),
            Props::Long(long) => long.index.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many properties the list has room for (holes included): what it takes in memory.
    pub fn capacity(&self) -> usize {
        match &self.0 {
            Props::Short(list) => list.capacity(),
            Props::Long(long) => long.list.capacity() + long.index.len(),
        }
    }

    /// The properties, in insertion order.
    pub fn iter(&self) -> PropIter<'_, P> {
        match &self.0 {
            Props::Short(list) => PropIter::Short(list.iter()),
            Props::Long(long) => PropIter::Long(long.list.iter()),
        }
    }

    #[inline]
    pub fn get(&self, key: &P::Query) -> Option<&P> {
        match &self.0 {
            Props::Short(list) => list.iter().find(|p| p.key().borrow() == key),
            Props::Long(long) => long.get(key),
        }
    }

    #[inline]
    pub fn get_mut(&mut self, key: &P::Query) -> Option<&mut P> {
        match &mut self.0 {
            Props::Short(list) => list.iter_mut().find(|p| p.key().borrow() == key),
            Props::Long(long) => long.get_mut(key),
        }
    }

    /// Adds a property at the end; its key must not be in the list already (the callers look
    /// first, with `get_mut`).
    pub fn push(&mut self, p: P) {
        debug_assert!(self.get(p.key().borrow()).is_none(), "a key is in a property list once");
        match &mut self.0 {
            Props::Long(long) => {
                long.index.insert(p.key().clone(), long.list.len());
                long.list.push(Some(p));
            }
            Props::Short(list) if list.len() < INDEX_FROM => list.push(p),
            Props::Short(list) => {
                let list = std::mem::take(list).into_iter().map(Some).chain([Some(p)]).collect();
                self.0 = Props::Long(Box::new(LongPropList::new(list)));
            }
        }
    }

    /// Removes the property keyed `key`, if there is one.
    pub fn remove(&mut self, key: &P::Query) -> Option<P> {
        let long = match &mut self.0 {
            Props::Short(list) => {
                let i = list.iter().position(|p| p.key().borrow() == key)?;
                return Some(list.remove(i));
            }
            Props::Long(long) => long,
        };
        let i = long.position(key)?;
        long.index.remove(key);
        let removed = long.list[i].take();
        let live = long.index.len();
        if long.list.len() - live > INDEX_FROM.max(live) {
            long.list.retain(Option::is_some);
            **long = LongPropList::new(std::mem::take(&mut long.list));
        }
        removed
    }
}

/// The properties of a `PropList` in insertion order.
pub enum PropIter<'a, P> {
    Short(std::slice::Iter<'a, P>),
    /// Skips the holes.
    Long(std::slice::Iter<'a, Option<P>>),
}

impl<'a, P> Iterator for PropIter<'a, P> {
    type Item = &'a P;
    #[inline]
    fn next(&mut self) -> Option<&'a P> {
        match self {
            PropIter::Short(it) => it.next(),
            PropIter::Long(it) => it.find_map(Option::as_ref),
        }
    }
}

impl<'a, P: Keyed> IntoIterator for &'a PropList<P> {
    type Item = &'a P;
    type IntoIter = PropIter<'a, P>;
    fn into_iter(self) -> PropIter<'a, P> {
        self.iter()
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

    /// How many entries the Map has room for (holes included): what it takes in memory.
    pub fn capacity(&self) -> usize {
        self.entries.capacity() + self.index.len()
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
    /// Sets `key` to `value`; true when the key is new.
    pub fn set(&mut self, mut key: Value, value: Value) -> bool {
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
                false
            }
            None => {
                self.index.insert(MapKey(key.clone()), self.entries.len());
                self.entries.push(MapEntry { seq: self.next_seq, pair: Some((key, value)) });
                self.next_seq += 1;
                true
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

#[cfg(test)]
mod collection_tests {
    use super::*;

    /// A xorshift32 sequence: the same operations on every run.
    fn sequence(mut x: u32) -> impl FnMut(u32) -> u32 {
        move |n| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x % n
        }
    }

    fn prop(key: &str, n: f64) -> Property {
        Property { key: Rc::from(key), slot: Slot::Data(Value::Num(n)), enumerable: true }
    }

    fn value_of(p: &Property) -> f64 {
        match p.slot {
            Slot::Data(Value::Num(n)) => n,
            _ => f64::NAN,
        }
    }

    /// Random adds, overwrites and deletions over a few hundred keys agree with a plain list
    /// searched by scanning: the same properties, in the same order, after every operation, and
    /// the holes never outnumber the properties by more than `INDEX_FROM`.
    #[test]
    fn a_property_list_behaves_as_a_scanned_list_at_every_size() {
        let mut next = sequence(7);
        let mut list: PropList<Property> = PropList::default();
        let mut model: Vec<(String, f64)> = Vec::new();
        for step in 0..10_000 {
            // Grow to a few hundred keys, shrink to a few, grow again.
            let spread = if (step / 4000) % 2 == 0 { 400 } else { 40 };
            let key = format!("k{}", next(spread));
            let v = f64::from(step);
            if next(3) == 0 {
                let removed = list.remove(&key).map(|p| value_of(&p));
                let at = model.iter().position(|(k, _)| *k == key);
                assert_eq!(removed, at.map(|i| model.remove(i).1), "delete {key} at step {step}");
            } else {
                match (list.get_mut(&key), model.iter_mut().find(|(k, _)| *k == key)) {
                    (Some(p), Some(m)) => {
                        p.slot = Slot::Data(Value::Num(v));
                        m.1 = v;
                    }
                    (None, None) => {
                        list.push(prop(&key, v));
                        model.push((key.clone(), v));
                    }
                    (found, expected) => panic!("step {step}: {key} found {:?}, expected {expected:?}", found.is_some()),
                }
            }
            let probe = format!("k{}", next(spread));
            assert_eq!(list.get(&probe).map(value_of), model.iter().find(|(k, _)| *k == probe).map(|m| m.1), "read {probe} at step {step}");
            assert_eq!(list.len(), model.len(), "size at step {step}");
            if step % 97 == 0 {
                let order: Vec<(String, f64)> = list.iter().map(|p| (p.key.to_string(), value_of(p))).collect();
                assert_eq!(order, model, "order at step {step}");
            }
            if let Props::Long(long) = &list.0 {
                assert!(long.list.len() - model.len() <= INDEX_FROM.max(model.len()) + 1, "holes pile up at step {step}");
            }
        }
    }

    /// Random sets and deletions agree with a scanned list of entries (SameValueZero keys of
    /// every kind), and every iteration in progress, started at a random moment, visits exactly
    /// the entries the spec's list of entries with empty slots would give it, however often the
    /// entries were compacted meanwhile.
    #[test]
    fn a_map_agrees_with_the_specs_list_of_entries_and_its_iterations() {
        let mut next = sequence(11);
        let keys = |i: u32| match i % 5 {
            0 => Value::Num(f64::from(i)),
            1 => Value::str(&format!("s{i}")),
            2 => Value::Obj(i as usize),
            3 if i % 10 == 3 => Value::Num(f64::NAN),
            3 => Value::Num(-0.0),
            _ => Value::Bool(i.is_multiple_of(2)),
        };
        let mut map = MapData::new(false);
        // The spec's list: deleted entries stay as empty slots, so positions never move.
        let mut spec: Vec<Option<(Value, f64)>> = Vec::new();
        let mut cursors: Vec<(MapCursor, usize)> = Vec::new();
        let mut moves = 0;
        for step in 0..10_000u32 {
            let key = keys(next(300));
            match next(10) {
                0..=4 => {
                    map.set(key.clone(), Value::Num(f64::from(step)));
                    match spec.iter_mut().flatten().find(|(k, _)| same_value_zero(k, &key)) {
                        Some(e) => e.1 = f64::from(step),
                        None => spec.push(Some((key, f64::from(step)))),
                    }
                }
                5..=7 => {
                    let at = spec.iter().position(|e| e.as_ref().is_some_and(|(k, _)| same_value_zero(k, &key)));
                    assert_eq!(map.delete(&key), at.is_some(), "delete at step {step}");
                    if let Some(i) = at {
                        spec[i] = None;
                    }
                }
                8 if cursors.len() < 8 => cursors.push((MapCursor::default(), 0)),
                _ => {
                    // Step a random iteration and check it against the spec's list.
                    if let Some(c) = cursors.len().checked_sub(1).map(|n| next(n as u32 + 1) as usize) {
                        let (cursor, at) = &mut cursors[c];
                        let got = map.next(cursor).map(|(_, v)| v);
                        let expected = spec.iter().enumerate().skip(*at).find_map(|(i, e)| e.as_ref().map(|(_, v)| (i, *v)));
                        assert_eq!(got, expected.map(|(_, v)| Value::Num(v)), "iteration {c} at step {step}");
                        match expected {
                            Some((i, _)) => *at = i + 1,
                            None => {
                                cursors.remove(c);
                            }
                        }
                    }
                }
            }
            assert_eq!(map.size(), spec.iter().flatten().count());
            assert!(map.entries.len() - map.size() <= INDEX_FROM.max(map.size()) + 1, "holes pile up at step {step}");
            moves = moves.max(map.moves);
            let probe = keys(next(300));
            let expected = spec.iter().flatten().find(|(k, _)| same_value_zero(k, &probe)).map(|(_, v)| Value::Num(*v));
            assert_eq!(map.get(&probe).cloned(), expected, "get at step {step}");
        }
        assert!(moves > 10, "the entries were compacted {moves} times: the test did not reach compaction");
        // A finished iteration stays finished.
        let mut done = MapCursor::default();
        while map.next(&mut done).is_some() {}
        map.set(Value::str("late"), Value::Null);
        assert_eq!(map.next(&mut done), None);
        // clear empties the list; an iteration goes on with what is added after.
        let mut c = MapCursor::default();
        map.next(&mut c);
        map.clear();
        map.set(Value::Num(1.0), Value::Num(2.0));
        assert_eq!(map.next(&mut c), Some((Value::Num(1.0), Value::Num(2.0))));
        assert_eq!(map.entries.len(), 1);
    }
}
