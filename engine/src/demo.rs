//! The catalogue of live demos a lesson can embed, with their parameters.
//!
//! A demo is named in content (```` ```runner semaphore ````), validated at build time against
//! this catalogue, and run in the browser through [`Demo::run`]. Parameters are whole numbers
//! with bounds; a value out of bounds is refused with a message that names the field and the
//! range, never clamped silently and never a panic.

use crate::semaphore::{self, LimitedTasks};
use crate::trace::Trace;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Demo {
    /// `limit` async tasks at a time through a FIFO semaphore.
    Semaphore,
}

/// One parameter of a demo, as the reader sees it in a form and the code sees it as a constant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Param {
    /// The key used in content, e.g. `limit = 3`.
    pub key: &'static str,
    /// The form label.
    pub label: &'static str,
    /// The constant in the shown code, e.g. `LIMIT`.
    pub constant: &'static str,
    pub min: u32,
    pub max: u32,
    pub default: u32,
    /// One short sentence shown under the field.
    pub hint: &'static str,
}

const SEMAPHORE_PARAMS: &[Param] = &[
    Param { key: "limit", label: "Limit k", constant: "LIMIT", min: 1, max: 10, default: 3, hint: "Slots: at most this many tasks run at once." },
    Param { key: "tasks", label: "Tasks", constant: "TASKS", min: 1, max: 30, default: 8, hint: "How many tasks are started together." },
    Param { key: "seed", label: "Seed", constant: "SEED", min: 0, max: u32::MAX, default: 42, hint: "Picks the task durations; the same seed gives the same run." },
];

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParamError {
    pub key: &'static str,
    pub message: String,
}

impl std::fmt::Display for ParamError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl Demo {
    pub const ALL: &'static [Demo] = &[Demo::Semaphore];

    pub fn name(self) -> &'static str {
        match self {
            Demo::Semaphore => "semaphore",
        }
    }

    pub fn from_name(name: &str) -> Option<Demo> {
        Demo::ALL.iter().copied().find(|d| d.name() == name)
    }

    pub fn title(self) -> &'static str {
        match self {
            Demo::Semaphore => "A semaphore limiting async tasks",
        }
    }

    pub fn params(self) -> &'static [Param] {
        match self {
            Demo::Semaphore => SEMAPHORE_PARAMS,
        }
    }

    pub fn defaults(self) -> Vec<u32> {
        self.params().iter().map(|p| p.default).collect()
    }

    /// Parses what a reader typed (or content set) for one parameter.
    pub fn parse_param(self, key: &str, raw: &str) -> Result<u32, ParamError> {
        let Some(param) = self.params().iter().find(|p| p.key == key) else {
            let known: Vec<&str> = self.params().iter().map(|p| p.key).collect();
            return Err(ParamError {
                key: "",
                message: format!("the {} demo has no parameter `{key}` (it has: {})", self.name(), known.join(", ")),
            });
        };
        param.parse(raw.trim())
    }

    /// Checks a full set of values, in the order of [`Demo::params`].
    pub fn check(self, values: &[u32]) -> Result<(), ParamError> {
        let params = self.params();
        if values.len() != params.len() {
            return Err(ParamError { key: "", message: format!("expected {} values, got {}", params.len(), values.len()) });
        }
        for (param, &value) in params.iter().zip(values) {
            param.check(value)?;
        }
        Ok(())
    }

    /// The TypeScript the demo models, with the reader's values filled in.
    pub fn code(self, values: &[u32]) -> String {
        let mut code = match self {
            Demo::Semaphore => include_str!("demo_code/semaphore.ts").to_string(),
        };
        for (param, value) in self.params().iter().zip(values) {
            code = code.replace(&format!("__{}__", param.constant), &value.to_string());
        }
        code
    }

    /// Runs the demo. Values are checked first, so bad input is an error, not a panic.
    pub fn run(self, values: &[u32]) -> Result<Trace, ParamError> {
        self.check(values)?;
        Ok(match self {
            Demo::Semaphore => semaphore::run(LimitedTasks { limit: values[0], tasks: values[1], seed: values[2] }),
        })
    }
}

impl Param {
    pub fn parse(&self, raw: &str) -> Result<u32, ParamError> {
        let value: u64 = raw.parse().map_err(|_| self.out_of_range(if raw.is_empty() { "nothing" } else { raw }))?;
        if value < u64::from(self.min) || value > u64::from(self.max) {
            return Err(self.out_of_range(raw));
        }
        Ok(value as u32)
    }

    pub fn check(&self, value: u32) -> Result<(), ParamError> {
        if value < self.min || value > self.max {
            return Err(self.out_of_range(&value.to_string()));
        }
        Ok(())
    }

    fn out_of_range(&self, got: &str) -> ParamError {
        ParamError {
            key: self.key,
            message: format!("{} must be a whole number from {} to {} (got {got}).", self.label, self.min, self.max),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_of_range_and_garbage_are_refused_with_the_range() {
        let d = Demo::Semaphore;
        assert_eq!(d.parse_param("limit", " 4 "), Ok(4));
        for bad in ["0", "11", "-1", "2.5", "", "three", "99999999999999999999"] {
            let err = d.parse_param("limit", bad).unwrap_err();
            assert!(err.message.contains("from 1 to 10"), "{bad}: {}", err.message);
            assert_eq!(err.key, "limit");
        }
        assert!(d.parse_param("speed", "1").unwrap_err().message.contains("no parameter `speed`"));
        assert!(d.run(&[0, 5, 1]).is_err());
        assert!(d.run(&[1, 5]).is_err());
    }

    #[test]
    fn code_has_every_placeholder_filled() {
        let code = Demo::Semaphore.code(&[4, 12, 7]);
        assert!(!code.contains("__"), "unfilled placeholder in:\n{code}");
        assert!(code.contains("const LIMIT = 4;"));
        assert!(code.contains("const TASKS = 12;"));
        assert!(code.contains("const SEED = 7;"));
    }
}
