//! A multiple-choice question: pick one option, check it, read why.

use inflight_course::Quiz;
use leptos::prelude::*;

use super::hydrated;

#[component]
pub fn QuizCard(quiz: &'static Quiz) -> impl IntoView {
    let ready = hydrated();
    let chosen = RwSignal::new(None::<usize>);
    let checked = RwSignal::new(None::<usize>);
    let feedback = move || {
        checked.get().map(|pick| {
            let right = pick == quiz.answer;
            view! {
                <div class=if right { "quiz-feedback right" } else { "quiz-feedback wrong" }>
                    <p class="quiz-verdict">
                        {if right { "Right." } else { "Not quite." }}
                        {(!right).then(|| format!(" The answer is: {}", quiz.options[quiz.answer]))}
                    </p>
                    <p>{quiz.explanation}</p>
                </div>
            }
        })
    };
    view! {
        <form class="quiz" data-quiz=quiz.id on:submit=move |ev| {
            ev.prevent_default();
            checked.set(chosen.get());
        }>
            <fieldset>
                <legend>{quiz.question}</legend>
                {quiz.options.iter().enumerate().map(|(i, option)| {
                    let id = format!("{}-{i}", quiz.id);
                    view! {
                        <div class="quiz-option">
                            <input type="radio" id=id.clone() name=quiz.id value=i.to_string()
                                on:change=move |_| { chosen.set(Some(i)); checked.set(None); }/>
                            <label for=id>{*option}</label>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
            <button type="submit" disabled=move || !ready.get() || chosen.get().is_none()>"Check answer"</button>
            <div aria-live="polite">{feedback}</div>
        </form>
    }
}
