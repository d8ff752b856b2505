//! The lessons' simulations: one of the engine's models, its parameters with labels and bounds,
//! and two settings (A and B) run on the same seed, drawn as SVG charts with a table of the
//! numbers.
//!
//! A lesson's `simulation` block names a [`Model`] and its two settings; the prerender calls
//! [`simulate`] with them, so the page shows the charts before any wasm runs, and the page's
//! simulation worker (`inflight-sims-wasm`) calls it again with the reader's settings. The
//! HTML it returns is the same in both places: one piece of code draws it.
//!
//! Settings travel as text, `name=value` separated by spaces (a choice by its key), and are
//! checked against the model's [`Param`]s: anything out of bounds, unknown or malformed is an
//! `Err` with a sentence for the reader, never a panic.

mod chart;
mod format;
mod models;

pub use chart::{Ink, DASHED_RULE, DASHED_SERIES};
pub use models::Model;

/// One parameter of a model.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Param {
    /// How settings name it: `k`, `tasks`.
    pub name: &'static str,
    /// What the reader sees.
    pub label: &'static str,
    pub kind: Kind,
    pub default: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A whole number in `min..=max`, in steps of `step` from `min`.
    Number { min: i64, max: i64, step: i64, unit: &'static str },
    /// One of these; the value is the index.
    Choice(&'static [Choice]),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Choice {
    pub key: &'static str,
    pub label: &'static str,
}

/// A setting: one value per parameter of its model, in the model's order.
pub type Values = Vec<i64>;

/// The most a seed may be (the engine's generators take a `u32`).
pub const MAX_SEED: u32 = u32::MAX;

impl Model {
    /// The model's default setting.
    pub fn defaults(self) -> Values {
        self.params().iter().map(|p| p.default).collect()
    }

    /// Reads `name=value` pairs over the defaults. `what` names the setting in messages (`A`).
    pub fn parse(self, text: &str, what: &str) -> Result<Values, String> {
        let params = self.params();
        let mut values = self.defaults();
        for word in text.split_whitespace() {
            let Some((name, value)) = word.split_once('=') else {
                return Err(format!("{what}: `{word}` must be `name=value`."));
            };
            let Some(i) = params.iter().position(|p| p.name == name) else {
                let names: Vec<_> = params.iter().map(|p| p.name).collect();
                return Err(format!("{what}: {} has no parameter `{name}` (it has {}).", self.name(), names.join(", ")));
            };
            values[i] = read_value(&params[i], value).map_err(|e| format!("{what}: {e}"))?;
        }
        Ok(values)
    }

    /// The setting as `parse` reads it, every parameter written.
    pub fn format(self, values: &[i64]) -> String {
        let mut out = Vec::new();
        for (p, &v) in self.params().iter().zip(values) {
            match p.kind {
                Kind::Number { .. } => out.push(format!("{}={v}", p.name)),
                Kind::Choice(choices) => out.push(format!("{}={}", p.name, choices.get(v as usize).map_or("?", |c| c.key))),
            }
        }
        out.join(" ")
    }
}

/// `value` for `param`: a choice's key, or a whole number within bounds and on a step.
pub fn read_value(param: &Param, value: &str) -> Result<i64, String> {
    match param.kind {
        Kind::Choice(choices) => choices.iter().position(|c| c.key == value).map(|i| i as i64).ok_or_else(|| {
            let keys: Vec<_> = choices.iter().map(|c| c.key).collect();
            format!("{} must be one of {} (got `{value}`).", param.label, keys.join(", "))
        }),
        Kind::Number { .. } => {
            let digits: String = value.chars().filter(|c| *c != '_' && *c != ',').collect();
            let n: i64 = digits.parse().map_err(|_| format!("{} must be a whole number (got `{value}`).", param.label))?;
            check_value(param, n).map(|()| n)
        }
    }
}

/// Whether `n` is a value `param` takes: a choice's index, or a number within bounds, on a step.
pub fn check_value(param: &Param, n: i64) -> Result<(), String> {
    match param.kind {
        Kind::Choice(choices) if n < 0 || n as usize >= choices.len() => Err(format!("{} has no choice {n}.", param.label)),
        Kind::Choice(_) => Ok(()),
        Kind::Number { min, max, step, unit } => {
            let unit = if unit.is_empty() { String::new() } else { format!(" {unit}") };
            if n < min || n > max {
                return Err(format!("{} must be from {} to {}{unit} (got {}).", param.label, format::count(min), format::count(max), format::count(n)));
            }
            if (n - min) % step != 0 {
                return Err(format!("{} goes in steps of {} from {} (got {}).", param.label, format::count(step), format::count(min), format::count(n)));
            }
            Ok(())
        }
    }
}

/// Runs `a` (and `b`, if given) on `seed` and returns the results as HTML: one chart per
/// setting, side by side, then a table of the numbers for both (the charts' text alternative).
pub fn simulate(model: Model, a: &[i64], b: Option<&[i64]>, seed: u32) -> Result<String, String> {
    let params = model.params();
    for (what, values) in [("A", Some(a)), ("B", b)] {
        let Some(values) = values else { continue };
        if values.len() != params.len() {
            return Err(format!("{what}: {} takes {} values (got {}).", model.name(), params.len(), values.len()));
        }
        for (p, &v) in params.iter().zip(values) {
            check_value(p, v).map_err(|e| format!("{what}: {e}"))?;
        }
    }
    let first = models::run(model, a, seed)?;
    let second = match b {
        Some(b) => Some(models::run(model, b, seed)?),
        None => None,
    };
    Ok(models::html(model, &first, second.as_ref()))
}

/// Escapes text for HTML (element content and quoted attributes).
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_are_read_over_the_defaults_and_written_back() {
        for model in Model::ALL {
            let d = model.defaults();
            assert_eq!(model.parse("", "A").unwrap(), d);
            assert_eq!(model.parse(&model.format(&d), "A").unwrap(), d, "{}", model.name());
            for p in model.params() {
                assert!(read_value(p, &p.default.to_string()).is_ok() || matches!(p.kind, Kind::Choice(_)), "{}: default out of bounds", p.name);
            }
        }
        let m = Model::Migration;
        let v = m.parse("regime=bounded k=50", "B").unwrap();
        assert_eq!(m.format(&v).split(' ').take(2).collect::<Vec<_>>(), ["regime=bounded", "k=50"]);
    }

    #[test]
    fn bad_settings_get_a_sentence_not_a_panic() {
        let m = Model::Migration;
        assert!(m.parse("k=0", "A").unwrap_err().contains("from 1 to"));
        assert!(m.parse("k=ten", "A").unwrap_err().contains("whole number"));
        assert!(m.parse("k", "A").unwrap_err().contains("name=value"));
        assert!(m.parse("speed=3", "B").unwrap_err().starts_with("B: migration has no parameter `speed`"));
        assert!(m.parse("regime=fast", "A").unwrap_err().contains("one of sequential, unbounded, bounded"));
        assert!(m.parse("tasks=1500", "A").unwrap_err().contains("steps of"));
        assert!(m.parse("k=99999999999999999999999", "A").is_err());
        assert!(simulate(m, &[1, 2], None, 1).unwrap_err().contains("takes"));
        let mut v = m.defaults();
        v[1] = -5;
        assert!(simulate(m, &m.defaults(), Some(&v), 1).unwrap_err().starts_with("B:"));
    }
}
