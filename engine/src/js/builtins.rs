//! The built-in library, as tables: each family of built-ins is one table that names every
//! function, where it lives (a prototype, a constructor, a namespace object) and its `length`.
//! `vm/natives.rs` implements them; the machine installs the tables when it starts, and
//! inspect takes a built-in's name from here.

/// Every built-in function that is not part of the event loop or promises.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Builtin {
    // Array.prototype
    ArrayPop,
    ArrayShift,
    ArrayUnshift,
    ArraySlice,
    ArraySplice,
    ArrayConcat,
    ArrayJoin,
    ArrayIndexOf,
    ArrayLastIndexOf,
    ArrayIncludes,
    ArrayMap,
    ArrayFilter,
    ArrayForEach,
    ArrayReduce,
    ArrayReduceRight,
    ArrayFind,
    ArrayFindIndex,
    ArrayFindLast,
    ArrayFindLastIndex,
    ArraySome,
    ArrayEvery,
    ArraySort,
    ArrayReverse,
    ArrayFill,
    ArrayFlat,
    ArrayFlatMap,
    ArrayAt,
    ArrayKeys,
    ArrayValues,
    ArrayEntries,
    ArrayToString,
    // Array
    /// `Array(...)` and `new Array(...)`.
    ArrayConstructor,
    ArrayIsArray,
    ArrayFrom,
    ArrayOf,
    // String.prototype
    StringPadStart,
    StringPadEnd,
    StringRepeat,
    StringSplit,
    StringSlice,
    StringSubstring,
    StringToUpperCase,
    StringToLowerCase,
    StringTrim,
    StringTrimStart,
    StringTrimEnd,
    StringIncludes,
    StringStartsWith,
    StringEndsWith,
    StringReplace,
    StringReplaceAll,
    StringCharAt,
    StringAt,
    StringCharCodeAt,
    StringCodePointAt,
    StringIndexOf,
    StringLastIndexOf,
    StringConcat,
    StringToString,
    // Number.prototype and Number
    NumberToFixed,
    NumberToString,
    NumberIsInteger,
    NumberIsSafeInteger,
    NumberIsFinite,
    NumberIsNaN,
    // Globals
    ParseInt,
    ParseFloat,
    GlobalIsNaN,
    GlobalIsFinite,
    StringConstructor,
    NumberConstructor,
    BooleanConstructor,
    // Math
    MathAbs,
    MathFloor,
    MathCeil,
    MathRound,
    MathTrunc,
    MathSign,
    MathMax,
    MathMin,
    MathPow,
    MathSqrt,
    MathCbrt,
    MathExp,
    MathLog,
    MathLog2,
    MathLog10,
    MathRandom,
    MathImul,
    MathHypot,
    MathSin,
    MathCos,
    MathTan,
    MathAtan2,
    MathAsin,
    MathAcos,
    MathAtan,
    MathSinh,
    MathCosh,
    MathTanh,
    MathAsinh,
    MathAcosh,
    MathAtanh,
    MathExpm1,
    MathLog1p,
    MathFround,
    MathClz32,
    // JSON
    JsonStringify,
    JsonParse,
    // Object
    ObjectKeys,
    ObjectValues,
    ObjectEntries,
    ObjectAssign,
    ObjectFreeze,
    ObjectIsFrozen,
    ObjectFromEntries,
    ObjectCreate,
    /// `Object(v)` and `new Object(v)`.
    ObjectConstructor,
    ObjectGetPrototypeOf,
    ObjectToString,
    /// `Object.is`: SameValue.
    ObjectIs,
    // Boolean.prototype
    BooleanValueOf,
    BooleanToString,
    // Map and Set
    MapGet,
    MapSet,
    MapHas,
    MapDelete,
    MapClear,
    MapForEach,
    MapKeys,
    MapValues,
    MapEntries,
    SetAdd,
    // Date and performance, on the virtual clock
    DateNow,
    DateUtc,
    DateParse,
    DateGetTime,
    DateToIsoString,
    DateToString,
    DateToUtcString,
    DateGetFullYear,
    DateGetMonth,
    DateGetDate,
    DateGetDay,
    DateGetHours,
    DateGetMinutes,
    DateGetSeconds,
    DateGetMilliseconds,
    DateGetTimezoneOffset,
    PerformanceNow,
    // Iterators
    IteratorNext,
    /// An iterator's `[Symbol.iterator]()`: the iterator itself.
    IteratorSelf,
    /// `String.prototype[Symbol.iterator]()`: the string's code points.
    StringIterator,
    // Symbols
    /// `Symbol(description)`.
    SymbolFunction,
    SymbolToString,
}

use Builtin::*;

/// One entry: the property name, the function and its `length`.
pub type Entry = (&'static str, Builtin, u8);

pub const ARRAY_PROTOTYPE: &[Entry] = &[
    ("pop", ArrayPop, 0),
    ("shift", ArrayShift, 0),
    ("unshift", ArrayUnshift, 1),
    ("slice", ArraySlice, 2),
    ("splice", ArraySplice, 2),
    ("concat", ArrayConcat, 1),
    ("join", ArrayJoin, 1),
    ("indexOf", ArrayIndexOf, 1),
    ("lastIndexOf", ArrayLastIndexOf, 1),
    ("includes", ArrayIncludes, 1),
    ("map", ArrayMap, 1),
    ("filter", ArrayFilter, 1),
    ("forEach", ArrayForEach, 1),
    ("reduce", ArrayReduce, 1),
    ("reduceRight", ArrayReduceRight, 1),
    ("find", ArrayFind, 1),
    ("findIndex", ArrayFindIndex, 1),
    ("findLast", ArrayFindLast, 1),
    ("findLastIndex", ArrayFindLastIndex, 1),
    ("some", ArraySome, 1),
    ("every", ArrayEvery, 1),
    ("sort", ArraySort, 1),
    ("reverse", ArrayReverse, 0),
    ("fill", ArrayFill, 1),
    ("flat", ArrayFlat, 0),
    ("flatMap", ArrayFlatMap, 1),
    ("at", ArrayAt, 1),
    ("keys", ArrayKeys, 0),
    ("values", ArrayValues, 0),
    ("entries", ArrayEntries, 0),
    ("toString", ArrayToString, 0),
];

pub const ARRAY_STATIC: &[Entry] = &[("isArray", ArrayIsArray, 1), ("from", ArrayFrom, 1), ("of", ArrayOf, 0)];

pub const STRING_PROTOTYPE: &[Entry] = &[
    ("padStart", StringPadStart, 2),
    ("padEnd", StringPadEnd, 2),
    ("repeat", StringRepeat, 1),
    ("split", StringSplit, 2),
    ("slice", StringSlice, 2),
    ("substring", StringSubstring, 2),
    ("toUpperCase", StringToUpperCase, 0),
    ("toLowerCase", StringToLowerCase, 0),
    ("trim", StringTrim, 0),
    ("trimStart", StringTrimStart, 0),
    ("trimEnd", StringTrimEnd, 0),
    ("includes", StringIncludes, 1),
    ("startsWith", StringStartsWith, 1),
    ("endsWith", StringEndsWith, 1),
    ("replace", StringReplace, 2),
    ("replaceAll", StringReplaceAll, 2),
    ("charAt", StringCharAt, 1),
    ("at", StringAt, 1),
    ("charCodeAt", StringCharCodeAt, 1),
    ("codePointAt", StringCodePointAt, 1),
    ("indexOf", StringIndexOf, 1),
    ("lastIndexOf", StringLastIndexOf, 1),
    ("concat", StringConcat, 1),
    ("toString", StringToString, 0),
];

pub const NUMBER_PROTOTYPE: &[Entry] = &[("toFixed", NumberToFixed, 1), ("toString", NumberToString, 1)];

pub const NUMBER_STATIC: &[Entry] = &[
    ("isInteger", NumberIsInteger, 1),
    ("isSafeInteger", NumberIsSafeInteger, 1),
    ("isFinite", NumberIsFinite, 1),
    ("isNaN", NumberIsNaN, 1),
    ("parseInt", ParseInt, 2),
    ("parseFloat", ParseFloat, 1),
];

pub const GLOBAL_FUNCTIONS: &[Entry] = &[
    ("parseInt", ParseInt, 2),
    ("parseFloat", ParseFloat, 1),
    ("isNaN", GlobalIsNaN, 1),
    ("isFinite", GlobalIsFinite, 1),
];

pub const MATH: &[Entry] = &[
    ("abs", MathAbs, 1),
    ("floor", MathFloor, 1),
    ("ceil", MathCeil, 1),
    ("round", MathRound, 1),
    ("trunc", MathTrunc, 1),
    ("sign", MathSign, 1),
    ("max", MathMax, 2),
    ("min", MathMin, 2),
    ("pow", MathPow, 2),
    ("sqrt", MathSqrt, 1),
    ("cbrt", MathCbrt, 1),
    ("exp", MathExp, 1),
    ("log", MathLog, 1),
    ("log2", MathLog2, 1),
    ("log10", MathLog10, 1),
    ("random", MathRandom, 0),
    ("imul", MathImul, 2),
    ("hypot", MathHypot, 2),
    ("sin", MathSin, 1),
    ("cos", MathCos, 1),
    ("tan", MathTan, 1),
    ("atan2", MathAtan2, 2),
    ("asin", MathAsin, 1),
    ("acos", MathAcos, 1),
    ("atan", MathAtan, 1),
    ("sinh", MathSinh, 1),
    ("cosh", MathCosh, 1),
    ("tanh", MathTanh, 1),
    ("asinh", MathAsinh, 1),
    ("acosh", MathAcosh, 1),
    ("atanh", MathAtanh, 1),
    ("expm1", MathExpm1, 1),
    ("log1p", MathLog1p, 1),
    ("fround", MathFround, 1),
    ("clz32", MathClz32, 1),
];

pub const MATH_CONSTANTS: &[(&str, f64)] = &[
    ("PI", std::f64::consts::PI),
    ("E", std::f64::consts::E),
    ("LN2", std::f64::consts::LN_2),
    ("LN10", std::f64::consts::LN_10),
    ("LOG2E", std::f64::consts::LOG2_E),
    ("LOG10E", std::f64::consts::LOG10_E),
    ("SQRT2", std::f64::consts::SQRT_2),
    ("SQRT1_2", std::f64::consts::FRAC_1_SQRT_2),
];

pub const NUMBER_CONSTANTS: &[(&str, f64)] = &[
    ("MAX_SAFE_INTEGER", 9_007_199_254_740_991.0),
    ("MIN_SAFE_INTEGER", -9_007_199_254_740_991.0),
    ("EPSILON", f64::EPSILON),
    ("MAX_VALUE", f64::MAX),
    ("MIN_VALUE", 5e-324),
    ("POSITIVE_INFINITY", f64::INFINITY),
    ("NEGATIVE_INFINITY", f64::NEG_INFINITY),
    ("NaN", f64::NAN),
];

pub const JSON: &[Entry] = &[("stringify", JsonStringify, 3), ("parse", JsonParse, 2)];

pub const OBJECT_STATIC: &[Entry] = &[
    ("keys", ObjectKeys, 1),
    ("values", ObjectValues, 1),
    ("entries", ObjectEntries, 1),
    ("assign", ObjectAssign, 2),
    ("freeze", ObjectFreeze, 1),
    ("isFrozen", ObjectIsFrozen, 1),
    ("fromEntries", ObjectFromEntries, 1),
    ("create", ObjectCreate, 2),
    ("getPrototypeOf", ObjectGetPrototypeOf, 1),
    ("is", ObjectIs, 2),
];

pub const BOOLEAN_PROTOTYPE: &[Entry] = &[("valueOf", BooleanValueOf, 0), ("toString", BooleanToString, 0)];

pub const OBJECT_PROTOTYPE: &[Entry] = &[("toString", ObjectToString, 0)];

pub const MAP_PROTOTYPE: &[Entry] = &[
    ("get", MapGet, 1),
    ("set", MapSet, 2),
    ("has", MapHas, 1),
    ("delete", MapDelete, 1),
    ("clear", MapClear, 0),
    ("forEach", MapForEach, 1),
    ("keys", MapKeys, 0),
    ("values", MapValues, 0),
    ("entries", MapEntries, 0),
];

pub const SET_PROTOTYPE: &[Entry] = &[
    ("add", SetAdd, 1),
    ("has", MapHas, 1),
    ("delete", MapDelete, 1),
    ("clear", MapClear, 0),
    ("forEach", MapForEach, 1),
    ("keys", MapValues, 0),
    ("values", MapValues, 0),
    ("entries", MapEntries, 0),
];

/// Date.prototype. The local-time getters give UTC: the engine's clock has no time zone, as
/// Node's has none on a machine set to UTC.
pub const DATE_PROTOTYPE: &[Entry] = &[
    ("getTime", DateGetTime, 0),
    ("valueOf", DateGetTime, 0),
    ("toISOString", DateToIsoString, 0),
    ("toJSON", DateToIsoString, 1),
    ("toString", DateToString, 0),
    ("toUTCString", DateToUtcString, 0),
    ("getFullYear", DateGetFullYear, 0),
    ("getUTCFullYear", DateGetFullYear, 0),
    ("getMonth", DateGetMonth, 0),
    ("getUTCMonth", DateGetMonth, 0),
    ("getDate", DateGetDate, 0),
    ("getUTCDate", DateGetDate, 0),
    ("getDay", DateGetDay, 0),
    ("getUTCDay", DateGetDay, 0),
    ("getHours", DateGetHours, 0),
    ("getUTCHours", DateGetHours, 0),
    ("getMinutes", DateGetMinutes, 0),
    ("getUTCMinutes", DateGetMinutes, 0),
    ("getSeconds", DateGetSeconds, 0),
    ("getUTCSeconds", DateGetSeconds, 0),
    ("getMilliseconds", DateGetMilliseconds, 0),
    ("getUTCMilliseconds", DateGetMilliseconds, 0),
    ("getTimezoneOffset", DateGetTimezoneOffset, 0),
];

pub const SYMBOL_PROTOTYPE: &[Entry] = &[("toString", SymbolToString, 0)];

pub const DATE_STATIC: &[Entry] = &[("now", DateNow, 0), ("UTC", DateUtc, 7), ("parse", DateParse, 1)];

/// Every table, for looking a built-in's name up.
const ALL: &[&[Entry]] = &[
    ARRAY_PROTOTYPE,
    ARRAY_STATIC,
    STRING_PROTOTYPE,
    NUMBER_PROTOTYPE,
    NUMBER_STATIC,
    GLOBAL_FUNCTIONS,
    MATH,
    JSON,
    OBJECT_STATIC,
    OBJECT_PROTOTYPE,
    MAP_PROTOTYPE,
    SET_PROTOTYPE,
    DATE_PROTOTYPE,
    DATE_STATIC,
    SYMBOL_PROTOTYPE,
    BOOLEAN_PROTOTYPE,
];

/// The name inspect shows for a built-in (`[Function: map]`).
pub fn name(b: Builtin) -> &'static str {
    match b {
        StringConstructor => return "String",
        NumberConstructor => return "Number",
        BooleanConstructor => return "Boolean",
        PerformanceNow => return "now",
        IteratorNext => return "next",
        IteratorSelf | StringIterator => return "[Symbol.iterator]",
        SymbolFunction => return "Symbol",
        ArrayConstructor => return "Array",
        ObjectConstructor => return "Object",
        _ => {}
    }
    ALL.iter().flat_map(|t| t.iter()).find(|(_, f, _)| *f == b).map_or("", |(n, _, _)| n)
}
