//! The one error every model returns for parameters it cannot run with.

use std::fmt;

/// A parameter out of range: which field, and a sentence saying what it must be and what it got.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModelError {
    /// The parameter's name, as in the model's parameter struct.
    pub field: &'static str,
    pub message: String,
}

impl ModelError {
    pub(crate) fn new(field: &'static str, message: impl Into<String>) -> Self {
        Self { field, message: message.into() }
    }
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ModelError {}

/// `value` must lie in `min..=max`.
pub(crate) fn check_range(field: &'static str, value: u64, min: u64, max: u64) -> Result<(), ModelError> {
    if value < min || value > max {
        let range = if max == u64::MAX { format!("at least {min}") } else { format!("from {min} to {max}") };
        return Err(ModelError::new(field, format!("`{field}` must be {range} (got {value}).")));
    }
    Ok(())
}

/// `value` must be a finite number in `0.0..=1.0`.
pub(crate) fn check_fraction(field: &'static str, value: f64) -> Result<(), ModelError> {
    if !(0.0..=1.0).contains(&value) {
        return Err(ModelError::new(field, format!("`{field}` must be a number from 0 to 1 (got {value}).")));
    }
    Ok(())
}

/// `value` must be a finite number greater than zero.
pub(crate) fn check_positive(field: &'static str, value: f64) -> Result<(), ModelError> {
    if !(value.is_finite() && value > 0.0) {
        return Err(ModelError::new(field, format!("`{field}` must be a finite number above 0 (got {value}).")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_field_and_the_value() {
        let e = check_range("capacity", 0, 1, u64::MAX).unwrap_err();
        assert_eq!(e.field, "capacity");
        assert_eq!(e.message, "`capacity` must be at least 1 (got 0).");
        assert!(check_range("k", 11, 1, 10).unwrap_err().message.contains("from 1 to 10"));
        assert!(check_fraction("error_rate", f64::NAN).unwrap_err().message.contains("NaN"));
        assert!(check_fraction("error_rate", -0.1).is_err());
        assert!(check_fraction("error_rate", 1.0).is_ok());
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            assert!(check_positive("rate", bad).is_err(), "{bad}");
        }
        assert!(check_positive("rate", 1e-9).is_ok());
    }
}
