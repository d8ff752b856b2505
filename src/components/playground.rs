//! The playground: one runner, the width of the page, that starts from any of the course's
//! programs or from an empty one, for the snippet that puzzled a reader at work.

use inflight_course::{Block, Lang, Runner};
use leptos::prelude::*;

use super::runner::{Choice, Runner as RunnerIsland, RunnerData};
use crate::course::LESSONS;

/// What the empty program says, in a comment, so that Run works at once (and prints nothing).
const EMPTY: &str = "// Write a program here, or paste the snippet that puzzles you, and press Run.\n// Name a function under Lanes to give each of its calls a lane on the timeline.\n";

/// Every runner of the course, in reading order, with its lesson's title.
fn course_runners() -> Vec<(&'static str, &'static Runner)> {
    fn walk(lesson: &'static str, blocks: &'static [Block], out: &mut Vec<(&'static str, &'static Runner)>) {
        for b in blocks {
            match b {
                Block::Runner(r) => out.push((lesson, r)),
                Block::List { items, .. } => items.iter().for_each(|i| walk(lesson, i, out)),
                Block::Quote(body) | Block::Callout { body, .. } => walk(lesson, body, out),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    for l in LESSONS {
        walk(l.title, l.body, &mut out);
    }
    out
}

/// The menu: the course's programs, then the empty one.
pub fn choices() -> Vec<Choice> {
    let mut list: Vec<Choice> = course_runners()
        .into_iter()
        .map(|(lesson, r)| Choice {
            label: format!("{lesson}: {}", r.title),
            file: r.file.to_string(),
            code: r.code.to_string(),
            lanes: r.lanes.iter().map(|l| l.to_string()).collect(),
            seed: r.seed,
        })
        .collect();
    list.push(Choice { label: "An empty program".into(), file: "main.ts".into(), code: EMPTY.into(), lanes: Vec::new(), seed: 1 });
    list
}

#[component]
pub fn PlaygroundPage() -> impl IntoView {
    let choices = choices();
    let first = choices[0].clone();
    // The prerendered code view shows the first program, as the runner starts with it.
    let lang = Lang::from_fence(first.file.rsplit('.').next().unwrap_or("ts")).unwrap_or(Lang::TypeScript);
    let data = RunnerData {
        id: "playground".into(),
        title: "Your program".into(),
        file: first.file.clone(),
        code: first.code.clone(),
        lanes: first.lanes.clone(),
        knobs: Vec::new(),
        seed: first.seed,
        predict: false,
        choices: choices.iter().map(Choice::to_fields).collect(),
    };
    view! {
        <article class="playground">
            <header class="lesson-header">
                <h1>"Playground"</h1>
                <p class="lede">
                    "Any program, on the same interpreter and with the same views as the lessons: "
                    "Node's queues at every step, a lane for every call you name, a link that "
                    "reproduces the run. Start from one of the course's programs, or paste the "
                    "snippet whose output surprised you. Your program stays in this browser."
                </p>
            </header>
            <RunnerIsland runner=data lang=lang/>
        </article>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_menu_lists_every_course_runner_once_and_ends_with_an_empty_program() {
        let list = choices();
        let runners = course_runners();
        assert!(runners.len() >= 3, "the course has {} runners", runners.len());
        assert_eq!(list.len(), runners.len() + 1);
        for ((_, r), c) in runners.iter().zip(&list) {
            assert_eq!((c.code.as_str(), c.file.as_str(), c.seed), (r.code, r.file, r.seed));
        }
        let mut labels: Vec<&str> = list.iter().map(|c| c.label.as_str()).collect();
        labels.sort_unstable();
        labels.dedup();
        assert_eq!(labels.len(), list.len(), "two menu entries share a label");
        assert_eq!(list.last().map(|c| c.file.as_str()), Some("main.ts"));
    }
}
