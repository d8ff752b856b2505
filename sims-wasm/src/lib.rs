//! The simulations for the page's simulation worker (`worker/sim.js`): one function that runs a
//! model with two settings on one seed and returns the charts and table as HTML.

use inflight_sims::Model;
use wasm_bindgen::prelude::*;

/// Runs `model` with setting `a` and, if `compare`, setting `b` (each `name=value` text over the
/// model's defaults) on `seed`. A setting the model refuses is an `Err` holding a sentence for
/// the reader (thrown as a string in JavaScript).
#[wasm_bindgen]
pub fn simulate(model: &str, a: &str, b: &str, compare: bool, seed: u32) -> Result<String, String> {
    let model = Model::from_name(model).ok_or_else(|| format!("There is no simulation named “{model}”."))?;
    let a = model.parse(a, "A")?;
    let b = if compare { Some(model.parse(b, "B")?) } else { None };
    inflight_sims::simulate(model, &a, b.as_deref(), seed)
}
