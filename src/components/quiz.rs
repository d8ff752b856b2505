//! A lesson's question. A single-choice question is interactive: pick one option, check it, read
//! why. The other kinds (multiple select, predict the output, short answer, review prompt) are
//! shown readable, with their answer in a `<details>` the reader opens, which also works without
//! JavaScript.

use inflight_course::{code_spans, PredictInput, QuizKind};
use leptos::prelude::*;

use super::hydrated;
use super::runner::RunnerData;

/// A question as the page renders it: the whole of the course's `Quiz`, every kind, with owned
/// strings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuizData {
    pub id: String,
    pub fingerprint: String,
    pub question: String,
    pub hint: Option<String>,
    /// `None` only for a review prompt, whose model answer is in its kind.
    pub explanation: Option<String>,
    pub kind: QuizKindData,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum QuizKindData {
    Single { options: Vec<OptionData> },
    Multiple { options: Vec<OptionData> },
    Predict { program: RunnerData, input: PredictInputData, answer: Vec<String>, exit_code: i32 },
    Short { accepted: Vec<String> },
    Review { model_answer: String },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OptionData {
    pub text: String,
    pub right: bool,
    pub explanation: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PredictInputData {
    Arrange,
    Type,
}

impl From<&inflight_course::Quiz> for QuizData {
    fn from(q: &inflight_course::Quiz) -> Self {
        let options = |options: &[inflight_course::QuizOption]| -> Vec<OptionData> {
            options.iter().map(|o| OptionData { text: o.text.into(), right: o.right, explanation: o.explanation.map(Into::into) }).collect()
        };
        let kind = match &q.kind {
            QuizKind::Single(o) => QuizKindData::Single { options: options(o) },
            QuizKind::Multiple(o) => QuizKindData::Multiple { options: options(o) },
            QuizKind::Predict(p) => QuizKindData::Predict {
                program: RunnerData::from(&p.program),
                input: match p.input {
                    PredictInput::Arrange => PredictInputData::Arrange,
                    PredictInput::Type => PredictInputData::Type,
                },
                answer: p.answer.iter().map(|l| l.to_string()).collect(),
                exit_code: p.exit_code,
            },
            QuizKind::Short(s) => QuizKindData::Short { accepted: s.accepted.iter().map(|a| a.to_string()).collect() },
            QuizKind::Review(r) => QuizKindData::Review { model_answer: r.model_answer.into() },
        };
        QuizData {
            id: q.id.into(),
            fingerprint: q.fingerprint.into(),
            question: q.question.into(),
            hint: q.hint.map(Into::into),
            explanation: q.explanation.map(Into::into),
            kind,
        }
    }
}

impl QuizKindData {
    fn name(&self) -> &'static str {
        match self {
            QuizKindData::Single { .. } => "single",
            QuizKindData::Multiple { .. } => "multiple",
            QuizKindData::Predict { .. } => "predict",
            QuizKindData::Short { .. } => "short",
            QuizKindData::Review { .. } => "review",
        }
    }
}

/// Quiz text: the parts between backticks are code.
fn rich(text: &str) -> AnyView {
    code_spans(text)
        .into_iter()
        .map(|(part, code)| if code { view! { <code>{part.to_string()}</code> }.into_any() } else { part.to_string().into_any() })
        .collect_view()
        .into_any()
}

/// Text whose paragraphs are separated by a blank line.
fn paragraphs(text: &str) -> AnyView {
    text.split("\n\n").map(|p| view! { <p>{rich(p)}</p> }).collect_view().into_any()
}

fn hint(quiz: &QuizData) -> Option<AnyView> {
    quiz.hint.as_ref().map(|h| {
        view! {
            <details class="quiz-hint">
                <summary>"Hint"</summary>
                <p>{rich(h)}</p>
            </details>
        }
        .into_any()
    })
}

/// Renders on the server only (the prerender): what a question shows is static markup, and the
/// wasm holds just the small island that checks a single-choice answer.
#[component]
pub fn QuizCard(quiz: QuizData) -> impl IntoView {
    match &quiz.kind {
        QuizKindData::Single { options } => {
            let options = options.clone();
            single_choice(quiz, options).into_any()
        }
        _ => readable(&quiz).into_any(),
    }
}

/// The check of a single-choice question, around its server-rendered markup: the options'
/// radio inputs and, hidden, the feedback for each option (`data-for` its index), which a check
/// reveals. Before hydration (and without JavaScript) the answer is in a `<details>`, which the
/// island hides: its check replaces it.
#[island]
fn ChoiceCheck(id: String, children: Children) -> impl IntoView {
    use wasm_bindgen::JsCast;
    let ready = hydrated();
    let chosen = RwSignal::new(false);
    let form = NodeRef::<leptos::html::Form>::new();
    let each = move |selector: &str, mut f: Box<dyn FnMut(web_sys::HtmlElement)>| {
        let Some(list) = form.get_untracked().and_then(|f| f.query_selector_all(selector).ok()) else { return };
        for i in 0..list.length() {
            if let Some(el) = list.item(i).and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok()) {
                f(el);
            }
        }
    };
    Effect::new(move |_| {
        if ready.get() {
            each(".quiz-reveal", Box::new(|el| el.set_hidden(true)));
        }
    });
    let show = move |pick: Option<String>| {
        each(".quiz-feedback", Box::new(move |el| el.set_hidden(pick.is_none() || el.get_attribute("data-for") != pick)));
    };
    view! {
        <form class="quiz" node_ref=form data-quiz=id data-quiz-kind="single"
            on:change=move |_| {
                chosen.set(true);
                show(None);
            }
            on:submit=move |ev| {
                ev.prevent_default();
                let pick = form.get_untracked().and_then(|f| f.query_selector("input:checked").ok().flatten()).and_then(|i| i.get_attribute("value"));
                show(pick);
            }>
            {children()}
            <button type="submit" disabled=move || !ready.get() || !chosen.get()>"Check answer"</button>
        </form>
    }
}

/// A single-choice question: the reader picks an option and checks it.
fn single_choice(quiz: QuizData, options: Vec<OptionData>) -> impl IntoView {
    let answer = options.iter().position(|o| o.right).unwrap_or_default();
    let name = format!("quiz-{}", quiz.id);
    let answer_text = options.get(answer).map(|o| o.text.clone()).unwrap_or_default();
    let feedback = options
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let right = i == answer;
            view! {
                <div class=if right { "quiz-feedback right" } else { "quiz-feedback wrong" } data-for=i.to_string() hidden>
                    <p class="quiz-verdict">
                        {if right { "Right." } else { "Not quite." }}
                        {(!right).then(|| view! { " The answer is: " {rich(&answer_text)} })}
                    </p>
                    {o.explanation.as_deref().map(|w| view! { <p class="quiz-option-why">{rich(w)}</p> })}
                    {quiz.explanation.as_deref().map(paragraphs)}
                </div>
            }
        })
        .collect_view();
    view! {
        <ChoiceCheck id=quiz.id.clone()>
            <fieldset data-fingerprint=quiz.fingerprint.clone()>
                <legend>{rich(&quiz.question)}</legend>
                {options.iter().enumerate().map(|(i, option)| {
                    let id = format!("{name}-{i}");
                    view! {
                        <div class="quiz-option">
                            <input type="radio" id=id.clone() name=name.clone() value=i.to_string()/>
                            <label for=id>{rich(&option.text)}</label>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
            {hint(&quiz)}
            <details class="quiz-reveal">
                <summary>"Answer"</summary>
                <p>{rich(&answer_text)}</p>
                {quiz.explanation.as_deref().map(paragraphs)}
            </details>
            <div aria-live="polite">{feedback}</div>
        </ChoiceCheck>
    }
}

/// Any other kind, as text: the question, what the reader works from, and the answer behind a
/// `<details>`.
fn readable(quiz: &QuizData) -> impl IntoView {
    let (body, summary, answer) = match &quiz.kind {
        QuizKindData::Single { .. } => unreachable!("single choice is interactive"),
        QuizKindData::Multiple { options } => {
            let list = view! { <ul class="quiz-choices">{options.iter().map(|o| view! { <li>{rich(&o.text)}</li> }).collect_view()}</ul> };
            let key = view! {
                <ul class="quiz-key">
                    {options.iter().map(|o| view! {
                        <li class=if o.right { "right" } else { "wrong" }>
                            <strong>{if o.right { "Right: " } else { "Wrong: " }}</strong>
                            {rich(&o.text)}
                            {o.explanation.as_ref().map(|w| view! { <span class="quiz-option-why">" — " {rich(w)}</span> })}
                        </li>
                    }).collect_view()}
                </ul>
            };
            (Some(list.into_any()), "Answer: every right option", key.into_any())
        }
        QuizKindData::Predict { program, input, answer, exit_code } => {
            let how = match input {
                PredictInputData::Arrange => "Put the lines it prints in order.",
                PredictInputData::Type => "Write the lines it prints.",
            };
            let code = view! {
                <p class="quiz-how">{how}</p>
                <figure class="code-block">
                    <figcaption class="code-lang">{program.file.clone()}</figcaption>
                    <pre tabindex="0"><code>{program.code.clone()}</code></pre>
                </figure>
            };
            let key = view! {
                <ol class="quiz-lines">{answer.iter().map(|l| view! { <li><code>{l.clone()}</code></li> }).collect_view()}</ol>
                {(*exit_code != 0).then(|| view! { <p>{format!("Then it exits with status {exit_code}.")}</p> })}
            };
            (Some(code.into_any()), "Answer: what it prints", key.into_any())
        }
        QuizKindData::Short { accepted } => {
            let key = view! {
                <p><strong>{rich(accepted.first().map_or("", String::as_str))}</strong></p>
                {(accepted.len() > 1).then(|| view! { <p>"Also accepted: " {accepted[1..].join(", ")}</p> })}
            };
            (None, "Answer", key.into_any())
        }
        QuizKindData::Review { model_answer } => (None, "Model answer", paragraphs(model_answer)),
    };
    view! {
        <section class="quiz" data-quiz=quiz.id.clone() data-quiz-kind=quiz.kind.name() data-fingerprint=quiz.fingerprint.clone()>
            <p class="quiz-question">{rich(&quiz.question)}</p>
            {body}
            {hint(quiz)}
            <details class="quiz-reveal">
                <summary>{summary}</summary>
                {answer}
                {quiz.explanation.as_deref().map(paragraphs)}
            </details>
        </section>
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use inflight_course::{Block, Quiz};

    fn course_quizzes() -> Vec<&'static Quiz> {
        crate::course::LESSONS
            .iter()
            .flat_map(|l| l.body.iter())
            .filter_map(|b| if let Block::Quiz(q) = b { Some(q) } else { None })
            .collect()
    }

    /// Every question of the course renders, with its question, and every kind but single
    /// choice keeps its answer in a `<details>`.
    #[test]
    fn every_kind_of_question_renders_with_its_answer() {
        let quizzes = course_quizzes();
        let mut kinds: Vec<&str> = quizzes.iter().map(|q| q.kind.name()).collect();
        kinds.sort();
        kinds.dedup();
        assert_eq!(kinds, ["multiple", "predict", "review", "short", "single"], "the course uses every kind");
        for q in quizzes {
            let data = QuizData::from(q);
            // An island with children needs the server's shared context, as in the prerender.
            let owner = Owner::new_root(Some(std::sync::Arc::new(hydration_context::SsrSharedContext::new())));
            let html = owner.with(|| view! { <QuizCard quiz=data.clone()/> }.to_html());
            assert!(html.contains(&format!("data-quiz=\"{}\"", q.id)), "{html}");
            assert!(html.contains(&format!("data-quiz-kind=\"{}\"", q.kind.name())), "{html}");
            assert!(html.contains(&format!("data-fingerprint=\"{}\"", q.fingerprint)), "{html}");
            match &data.kind {
                QuizKindData::Single { options } => {
                    assert!(html.contains(&format!("data-quiz=\"{}\" data-quiz-kind=\"single\"", q.id)), "{html}");
                    assert_eq!(html.matches("type=\"radio\"").count(), options.len(), "{html}");
                    // One hidden feedback per option, and the answer for readers without JavaScript.
                    assert_eq!(html.matches("class=\"quiz-feedback ").count(), options.len(), "{html}");
                    assert!(html.contains("class=\"quiz-reveal\""), "{html}");
                    assert!(html.contains(&format!("id=\"quiz-{}-0\"", q.id)), "{html}");
                }
                QuizKindData::Predict { answer, .. } => {
                    let reveal = &html[html.find("class=\"quiz-reveal\"").expect("a details with the answer")..];
                    assert_eq!(reveal.matches("<li>").count(), answer.len(), "{html}");
                }
                QuizKindData::Review { model_answer } => {
                    let reveal = &html[html.find("class=\"quiz-reveal\"").expect("a details with the model answer")..];
                    assert!(model_answer.contains("\n\n"), "the course's model answers have paragraphs");
                    assert_eq!(reveal.matches("<p>").count(), model_answer.split("\n\n").count(), "{html}");
                }
                _ => assert!(html.contains("class=\"quiz-reveal\""), "{html}"),
            }
        }
    }

    #[test]
    fn backtick_spans_become_code_and_the_rest_stays_text() {
        let html = Owner::new().with(|| view! { <p>{rich("Call `write()` until <b>")}</p> }.to_html());
        assert!(html.contains("Call <code>write()</code> until &lt;b&gt;"), "{html}");
    }
}
