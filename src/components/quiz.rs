//! A multiple-choice question: pick one option, check it, read why.

use leptos::prelude::*;

use super::hydrated;

/// A question as the island receives it: serialized into the page by the prerender.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct QuizData {
    pub id: String,
    pub question: String,
    pub options: Vec<String>,
    pub answer: usize,
    pub explanation: String,
}

impl From<&inflight_course::Quiz> for QuizData {
    fn from(q: &inflight_course::Quiz) -> Self {
        QuizData {
            id: q.id.to_string(),
            question: q.question.to_string(),
            options: q.options.iter().map(|o| o.to_string()).collect(),
            answer: q.answer,
            explanation: q.explanation.to_string(),
        }
    }
}

#[island]
pub fn QuizCard(quiz: QuizData) -> impl IntoView {
    let quiz = std::sync::Arc::new(quiz);
    let ready = hydrated();
    let chosen = RwSignal::new(None::<usize>);
    let checked = RwSignal::new(None::<usize>);
    let q = quiz.clone();
    let feedback = move || {
        let quiz = q.clone();
        checked.get().map(move |pick| {
            let right = pick == quiz.answer;
            let answer = quiz.options.get(quiz.answer).cloned().unwrap_or_default();
            view! {
                <div class=if right { "quiz-feedback right" } else { "quiz-feedback wrong" }>
                    <p class="quiz-verdict">
                        {if right { "Right." } else { "Not quite." }}
                        {(!right).then(|| format!(" The answer is: {answer}"))}
                    </p>
                    <p>{quiz.explanation.clone()}</p>
                </div>
            }
        })
    };
    view! {
        <form class="quiz" data-quiz=quiz.id.clone() on:submit=move |ev| {
            ev.prevent_default();
            checked.set(chosen.get());
        }>
            <fieldset>
                <legend>{quiz.question.clone()}</legend>
                {quiz.options.iter().enumerate().map(|(i, option)| {
                    let id = format!("{}-{i}", quiz.id);
                    view! {
                        <div class="quiz-option">
                            <input type="radio" id=id.clone() name=quiz.id.clone() value=i.to_string()
                                on:change=move |_| { chosen.set(Some(i)); checked.set(None); }/>
                            <label for=id>{option.clone()}</label>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
            <button type="submit" disabled=move || !ready.get() || chosen.get().is_none()>"Check answer"</button>
            <div aria-live="polite">{feedback}</div>
        </form>
    }
}
