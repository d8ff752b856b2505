//! A simulation: a model of the engine run at a scale no interpreter should, with two settings
//! side by side on one seed. The prerender draws both settings' charts and table (the same code
//! that draws them in the browser, `inflight_sims::simulate`), so the page shows them before any
//! wasm runs; the form lets the reader change either setting and run both again in the
//! simulation's Web Worker (`sim_control`).

use inflight_course::Simulation as SimulationBlock;
use leptos::prelude::*;

/// The markup of a simulation block; `SimulationControl` brings every one on the page to life.
#[component]
pub fn Simulation(sim: SimulationBlock) -> impl IntoView {
    let id = sim.id;
    view! {
        <section class="simulation" id=id aria-labelledby=format!("{id}-title") data-sim-model=sim.model data-sim-seed=sim.seed.to_string()>
            <header class="sim-head">
                <p class="sim-kind">"Simulation"</p>
                <h3 id=format!("{id}-title")>{sim.title}</h3>
            </header>
            <form class="sim-form" novalidate="">
                {settings(&sim)}
                <div class="sim-actions">
                    <div class="field">
                        <label for=format!("{id}-seed")>"Seed"</label>
                        <input id=format!("{id}-seed") type="number" inputmode="numeric" min="0" max="4294967295" step="1" value=sim.seed.to_string() data-act="seed"/>
                    </div>
                    <label class="sim-compare"><input type="checkbox" checked="" data-act="compare"/>" Compare A with B"</label>
                    <button type="submit" class="run sim-run" disabled="" data-act="run">"Run A and B"</button>
                    <p class="needs-js sim-needs-js">"Running it needs JavaScript; the charts below are settings A and B as written."</p>
                </div>
                <p class="sim-status" role="status" aria-live="polite" data-act="status"></p>
                <p class="sim-error" role="alert" hidden="" data-act="error"></p>
            </form>
            <div class="sim-results" data-act="results" inner_html=results(&sim)></div>
            <p class="sim-rule"><strong>"The model's rule: "</strong>{rule(&sim)}</p>
        </section>
    }
}

#[cfg(feature = "ssr")]
fn model(sim: &SimulationBlock) -> inflight_sims::Model {
    // The content compiler only lets through the names of models that exist.
    inflight_sims::Model::from_name(sim.model).unwrap_or(inflight_sims::Model::Migration)
}

#[cfg(feature = "ssr")]
fn results(sim: &SimulationBlock) -> String {
    inflight_sims::simulate(model(sim), sim.a, Some(sim.b), sim.seed).unwrap_or_else(|e| format!("<p class=\"sim-error\">{e}</p>"))
}

#[cfg(feature = "ssr")]
fn rule(sim: &SimulationBlock) -> &'static str {
    model(sim).rule()
}

/// The table of fields: a row per parameter, a column per setting.
#[cfg(feature = "ssr")]
fn settings(sim: &SimulationBlock) -> impl IntoView {
    use inflight_sims::Kind;
    let id = sim.id;
    let rows = model(sim)
        .params()
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let row_id = format!("{id}-p-{}", p.name);
            let unit = match p.kind {
                Kind::Number { unit, .. } if !unit.is_empty() => format!(" ({unit})"),
                _ => String::new(),
            };
            let cell = |setting: &'static str, value: i64| {
                let field_id = format!("{id}-{setting}-{}", p.name);
                let labelled = format!("{row_id} {id}-col-{setting}");
                match p.kind {
                    Kind::Number { min, max, step, .. } => view! {
                        <td><input id=field_id type="number" inputmode="numeric" min=min max=max step=step value=value aria-labelledby=labelled
                            data-setting=setting data-param=p.name/></td>
                    }
                    .into_any(),
                    Kind::Choice(choices) => {
                        let options: String = choices
                            .iter()
                            .enumerate()
                            .map(|(j, c)| format!("<option value=\"{}\"{}>{}</option>", c.key, if j as i64 == value { " selected" } else { "" }, super::runner_views::esc(c.label)))
                            .collect();
                        view! { <td><select id=field_id aria-labelledby=labelled data-setting=setting data-param=p.name inner_html=options></select></td> }.into_any()
                    }
                }
            };
            let (a, b) = (cell("a", sim.a.get(i).copied().unwrap_or(p.default)), cell("b", sim.b.get(i).copied().unwrap_or(p.default)));
            view! {
                <tr>
                    <th scope="row" id=row_id>{p.label}{unit}</th>
                    {a}
                    {b}
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap sim-settings" tabindex="0" role="group" aria-label="Settings A and B">
            <table>
                <thead><tr><th scope="col">"Parameter"</th><th scope="col" id=format!("{id}-col-a")>"A"</th><th scope="col" id=format!("{id}-col-b") class="sim-col-b">"B"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

// The browser never renders this component (islands: it is prerendered markup), but the wasm
// build compiles it; it needs neither the models nor plotters.
#[cfg(not(feature = "ssr"))]
fn results(_: &SimulationBlock) -> String {
    String::new()
}

#[cfg(not(feature = "ssr"))]
fn rule(_: &SimulationBlock) -> &'static str {
    ""
}

#[cfg(not(feature = "ssr"))]
fn settings(_: &SimulationBlock) -> impl IntoView {}

/// Brings every simulation on the page to life (one per page is enough; more do nothing).
#[island]
pub fn SimulationControl() -> impl IntoView {
    Effect::new(move |_| super::sim_control::attach_all());
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    #[test]
    fn every_chart_colour_is_themed_by_the_stylesheet() {
        let css = include_str!("../../style/main.css");
        for ink in inflight_sims::Ink::ALL {
            for attribute in ["fill", "stroke"] {
                let rule = format!(".sim-chart [{attribute}=\"{}\"]", ink.hex());
                assert!(css.contains(&rule), "main.css has no `{rule}` rule: that colour would show as drawn");
            }
        }
        for width in [inflight_sims::DASHED_RULE, inflight_sims::DASHED_SERIES] {
            let rule = format!(".sim-chart [stroke-width=\"{width}\"] {{");
            assert!(css.contains(&rule), "main.css has no `{rule}` rule: that line would show solid and thick");
        }
    }
}
