//! A lesson's question, every kind interactive: answer, check, read why, try again. Every kind
//! keeps its answer in a `<details>` the reader opens, which is what a reader without
//! JavaScript gets; the page's controller (`quiz_control`) hides it.
//!
//! Search leaves every question out (`data-pagefind-ignore` on its form, and on a predict
//! question's runner): its markup holds the answer and the explanation, which a search for a
//! word in them would show in an excerpt. Pagefind skips forms by itself too; the attribute
//! says it for this markup, whatever Pagefind's defaults, and the build checks that every
//! question has it.

use inflight_course::{code_spans, Lang, PredictInput, QuizKind};
use leptos::prelude::*;

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
                // Its runner's id, unique on any page the question is on.
                program: RunnerData { id: format!("quiz-{}-run", q.id), ..RunnerData::from(&p.program) },
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

/// Renders on the server only (the prerender): what a question shows is static markup, checked
/// in the page by the small island `QuizCheck` (see `quiz_control`).
#[component]
pub fn QuizCard(quiz: QuizData) -> impl IntoView {
    match &quiz.kind {
        QuizKindData::Single { options } | QuizKindData::Multiple { options } => {
            let options = options.clone();
            choice(quiz, options).into_any()
        }
        QuizKindData::Short { accepted } => {
            let accepted = accepted.clone();
            short(quiz, accepted).into_any()
        }
        QuizKindData::Review { model_answer } => {
            let model = model_answer.clone();
            review(quiz, model).into_any()
        }
        QuizKindData::Predict { program, input, answer, exit_code } => {
            let (program, input, answer, exit_code) = (program.clone(), *input, answer.clone(), *exit_code);
            predict(quiz, program, input, answer, exit_code).into_any()
        }
    }
}

/// The island, without props (island props need a serde deserializer in the wasm): once the
/// page has hydrated it has the controller attach every question not attached yet.
#[island]
fn QuizCheck(children: Children) -> impl IntoView {
    Effect::new(move |_| super::quiz_control::attach_all());
    children()
}

/// The buttons and the result region every checked question ends with.
fn actions(check: &'static str) -> impl IntoView {
    view! {
        <p class="quiz-attempt" aria-live="polite"></p>
        <div class="quiz-actions">
            <button type="submit" disabled>{check}</button>
            <button type="button" class="quiz-retry" hidden>"Try again"</button>
        </div>
    }
}

/// A verdict, hidden until a check shows it (`data-for`: an option's index, or `right`/`wrong`).
fn verdict(quiz: &QuizData, key: String, right: bool, answer: Option<&str>, why: Option<&str>) -> impl IntoView {
    view! {
        <div class=if right { "quiz-feedback right" } else { "quiz-feedback wrong" } data-for=key hidden>
            <p class="quiz-verdict">
                {if right { "Right." } else { "Not quite." }}
                {answer.filter(|_| !right).map(|a| view! { " The answer is: " {rich(a)} })}
            </p>
            {why.map(|w| view! { <p class="quiz-option-why">{rich(w)}</p> })}
            {quiz.explanation.as_deref().map(paragraphs)}
        </div>
    }
}

/// Single choice (radio buttons) or multiple select (checkboxes): the reader picks and checks.
/// Single choice has one verdict per option; multiple select one for right and one for wrong,
/// and each option's explanation under it.
fn choice(quiz: QuizData, options: Vec<OptionData>) -> impl IntoView {
    let multiple = matches!(quiz.kind, QuizKindData::Multiple { .. });
    let name = format!("quiz-{}", quiz.id);
    let right: Vec<&OptionData> = options.iter().filter(|o| o.right).collect();
    let answer_text = right.iter().map(|o| o.text.as_str()).collect::<Vec<_>>().join("; ");
    let feedback = if multiple {
        view! {
            {verdict(&quiz, "right".into(), true, None, None)}
            {verdict(&quiz, "wrong".into(), false, Some(&answer_text), Some("Each option says why, under it."))}
        }
        .into_any()
    } else {
        options.iter().enumerate().map(|(i, o)| verdict(&quiz, i.to_string(), o.right, Some(&answer_text), o.explanation.as_deref())).collect_view().into_any()
    };
    view! {
        <QuizCheck>
        <form class="quiz" data-quiz=quiz.id.clone() data-quiz-kind=quiz.kind.name() data-fingerprint=quiz.fingerprint.clone() novalidate data-pagefind-ignore>
            <fieldset>
                <legend>{rich(&quiz.question)}{multiple.then_some(" (pick every right option)")}</legend>
                {options.iter().enumerate().map(|(i, option)| {
                    let id = format!("{name}-{i}");
                    view! {
                        <div class="quiz-option">
                            <input type=if multiple { "checkbox" } else { "radio" } id=id.clone() name=name.clone() value=i.to_string()
                                data-right=if option.right { "true" } else { "false" }/>
                            <label for=id>{rich(&option.text)}</label>
                            {multiple.then(|| view! {
                                <p class=if option.right { "quiz-option-why right" } else { "quiz-option-why wrong" } hidden>
                                    <strong>{if option.right { "Right option. " } else { "Wrong option. " }}</strong>
                                    {option.explanation.as_deref().map(rich)}
                                </p>
                            })}
                        </div>
                    }
                }).collect_view()}
            </fieldset>
            {hint(&quiz)}
            <details class="quiz-reveal">
                <summary>{if multiple { "Answer: every right option" } else { "Answer" }}</summary>
                <p>{rich(&answer_text)}</p>
                {quiz.explanation.as_deref().map(paragraphs)}
            </details>
            <div aria-live="polite">{feedback}</div>
            {actions("Check answer")}
        </form>
        </QuizCheck>
    }
}

/// A short answer: a number or a word, checked against the accepted answers (`data-accepted`,
/// one per line) as `inflight_course::short_answer_matches` normalises them.
fn short(quiz: QuizData, accepted: Vec<String>) -> impl IntoView {
    let input_id = format!("quiz-{}-answer", quiz.id);
    let first = accepted.first().cloned().unwrap_or_default();
    view! {
        <QuizCheck>
        <form class="quiz" data-quiz=quiz.id.clone() data-quiz-kind="short" data-fingerprint=quiz.fingerprint.clone() novalidate data-pagefind-ignore>
            <label class="quiz-question" for=input_id.clone()>{rich(&quiz.question)}</label>
            <input type="text" id=input_id class="quiz-answer" autocomplete="off" spellcheck="false" data-accepted=accepted.join("\n")/>
            {hint(&quiz)}
            <details class="quiz-reveal">
                <summary>"Answer"</summary>
                <p><strong>{rich(&first)}</strong></p>
                {(accepted.len() > 1).then(|| view! { <p>"Also accepted: " {accepted[1..].join(", ")}</p> })}
                {quiz.explanation.as_deref().map(paragraphs)}
            </details>
            <div aria-live="polite">
                {verdict(&quiz, "right".into(), true, None, None)}
                {verdict(&quiz, "wrong".into(), false, Some(&first), None)}
            </div>
            {actions("Check answer")}
        </form>
        </QuizCheck>
    }
}

/// An open review prompt: the reader writes an answer, shows the model answer, and rates their
/// own (`data-rate`).
fn review(quiz: QuizData, model: String) -> impl IntoView {
    let input_id = format!("quiz-{}-answer", quiz.id);
    view! {
        <QuizCheck>
        <form class="quiz" data-quiz=quiz.id.clone() data-quiz-kind="review" data-fingerprint=quiz.fingerprint.clone() novalidate data-pagefind-ignore>
            <label class="quiz-question" for=input_id.clone()>{rich(&quiz.question)}</label>
            <textarea id=input_id class="quiz-answer" rows="5" placeholder="Your answer, in a few sentences"></textarea>
            {hint(&quiz)}
            <details class="quiz-reveal">
                <summary>"Model answer"</summary>
                {paragraphs(&model)}
            </details>
            <div class="quiz-model" hidden>
                <h4>"Model answer"</h4>
                {paragraphs(&model)}
                <div class="quiz-rate" role="group" aria-label="How did your answer compare?">
                    <p>"How did yours compare?"</p>
                    <button type="button" data-rate="got_it">"Got it"</button>
                    <button type="button" data-rate="partly">"Partly"</button>
                    <button type="button" data-rate="missed">"Missed it"</button>
                </div>
            </div>
            {actions("Show the model answer")}
        </form>
        </QuizCheck>
    }
}

/// The lines to arrange, in the order they start in: not the answer's (the reader's own
/// shuffle replaces it in the page). Sorted, and turned once more if sorting left them in the
/// answer's order.
fn scrambled(answer: &[String]) -> Vec<String> {
    let mut lines = answer.to_vec();
    lines.sort();
    if lines == answer && lines.len() > 1 {
        lines.rotate_left(1);
    }
    lines
}

/// A predict-the-output question: the program, then the reader's answer, arranged (lines to put
/// in order, by dragging or with the keyboard) or typed. The answer is in `data-answer`, one
/// line per line, and in a `<details>` for readers without JavaScript. Once answered, the
/// program's runner appears, to run it and watch why.
fn predict(quiz: QuizData, program: RunnerData, input: PredictInputData, answer: Vec<String>, exit_code: i32) -> impl IntoView {
    let how = match input {
        PredictInputData::Arrange => "Put the lines it prints in order: drag them, or use the arrow buttons (Alt and an arrow key moves the focused line).",
        PredictInputData::Type => "Write the lines it prints, one per line.",
    };
    let input_id = format!("quiz-{}-answer", quiz.id);
    let answer_text = answer.join("\n");
    let entry = match input {
        PredictInputData::Arrange => view! {
            <ol class="quiz-arrange" aria-label="The lines it prints, in your order">
                {scrambled(&answer).into_iter().map(|line| view! {
                    <li class="quiz-line" data-line=line.clone() draggable="true" tabindex="0">
                        <code>{line.clone()}</code>
                        <span class="quiz-move">
                            <button type="button" data-move="up" aria-label=format!("Move \u{201c}{line}\u{201d} up")>"\u{2191}"</button>
                            <button type="button" data-move="down" aria-label=format!("Move \u{201c}{line}\u{201d} down")>"\u{2193}"</button>
                        </span>
                    </li>
                }).collect_view()}
            </ol>
            <p class="quiz-moved visually-hidden" aria-live="polite"></p>
        }
        .into_any(),
        PredictInputData::Type => view! {
            <label class="visually-hidden" for=input_id.clone()>"What it prints"</label>
            <textarea id=input_id class="quiz-answer quiz-typed" rows=answer.len().max(2).to_string() spellcheck="false" autocomplete="off"></textarea>
        }
        .into_any(),
    };
    let lang = Lang::from_fence(program.file.rsplit('.').next().unwrap_or("js")).unwrap_or(Lang::JavaScript);
    let exit_note = (exit_code != 0).then(|| format!("Then it exits with status {exit_code}."));
    let (hint, question, explanation) = (hint(&quiz), rich(&quiz.question), quiz.explanation.clone());
    let lines = move || answer.iter().map(|l| view! { <li><code>{l.clone()}</code></li> }).collect_view();
    let right = verdict(&quiz, "right".into(), true, None, None);
    let (code, file) = (program.code.clone(), program.file.clone());
    view! {
        <QuizCheck>
        <form class="quiz" data-quiz=quiz.id data-quiz-kind="predict" data-predict-input=match input { PredictInputData::Arrange => "arrange", PredictInputData::Type => "type" }
            data-fingerprint=quiz.fingerprint data-answer=answer_text novalidate data-pagefind-ignore>
            <p class="quiz-question">{question}</p>
            <figure class="code-block">
                <figcaption class="code-lang">{file}</figcaption>
                <pre tabindex="0"><code>{code.clone()}</code></pre>
            </figure>
            <p class="quiz-how">{how}</p>
            {entry}
            {hint}
            <details class="quiz-reveal">
                <summary>"Answer: what it prints"</summary>
                <ol class="quiz-lines">{lines.clone()()}</ol>
                {exit_note.clone().map(|n| view! { <p>{n}</p> })}
                {explanation.as_deref().map(paragraphs)}
            </details>
            <div aria-live="polite">
                {right}
                <div class="quiz-feedback wrong" data-for="wrong" hidden>
                    <p class="quiz-verdict">"Not quite. It prints:"</p>
                    <ol class="quiz-lines">{lines()}</ol>
                    {exit_note.map(|n| view! { <p>{n}</p> })}
                    {explanation.as_deref().map(paragraphs)}
                </div>
            </div>
            {actions("Check answer")}
        </form>
        // After the form: a runner has a form of its own.
        <div class="quiz-run" hidden data-pagefind-ignore>
            <p>"Run it, and step through what Node does:"</p>
            <super::runner::Runner runner=program lang=lang/>
        </div>
        </QuizCheck>
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
                QuizKindData::Multiple { options } => {
                    assert_eq!(html.matches("type=\"checkbox\"").count(), options.len(), "{html}");
                    assert_eq!(html.matches("data-right=\"true\"").count(), options.iter().filter(|o| o.right).count(), "{html}");
                    // A verdict for right and one for wrong, and each option's explanation.
                    assert_eq!(html.matches("class=\"quiz-feedback ").count(), 2, "{html}");
                    assert_eq!(html.matches("class=\"quiz-option-why ").count(), options.len(), "{html}");
                }
                QuizKindData::Short { accepted } => {
                    assert!(html.contains(&format!("data-accepted=\"{}\"", accepted.join("\n"))), "{html}");
                    assert_eq!(html.matches("class=\"quiz-feedback ").count(), 2, "{html}");
                }
                QuizKindData::Single { options } => {
                    assert!(html.contains(&format!("data-quiz=\"{}\" data-quiz-kind=\"single\"", q.id)), "{html}");
                    assert_eq!(html.matches("type=\"radio\"").count(), options.len(), "{html}");
                    // One hidden feedback per option, and the answer for readers without JavaScript.
                    assert_eq!(html.matches("class=\"quiz-feedback ").count(), options.len(), "{html}");
                    assert!(html.contains("class=\"quiz-reveal\""), "{html}");
                    assert!(html.contains(&format!("id=\"quiz-{}-0\"", q.id)), "{html}");
                }
                QuizKindData::Predict { answer, input, .. } => {
                    let reveal = &html[html.find("class=\"quiz-reveal\"").expect("a details with the answer")..];
                    let reveal = &reveal[..reveal.find("</details>").expect("the details ends")];
                    assert_eq!(reveal.matches("<li>").count(), answer.len(), "{html}");
                    assert!(html.contains(&format!("data-answer=\"{}\"", answer.join("\n"))), "{html}");
                    // Lines to arrange, each once, not in the answer's order; or a field to type in.
                    if *input == PredictInputData::Arrange {
                        let start = html.find("class=\"quiz-arrange\"").expect("a list to arrange");
                        let shown: Vec<&str> = html[start..].split("data-line=\"").skip(1).map(|rest| &rest[..rest.find('"').unwrap()]).collect();
                        let mut sorted_shown = shown.clone();
                        let mut sorted_answer: Vec<&str> = answer.iter().map(String::as_str).collect();
                        sorted_shown.sort();
                        sorted_answer.sort();
                        assert_eq!(sorted_shown, sorted_answer, "{html}");
                        assert_ne!(shown, answer.iter().map(String::as_str).collect::<Vec<_>>(), "{html}");
                        assert_eq!(html.matches("data-move=\"up\"").count(), answer.len(), "{html}");
                    } else {
                        assert!(html.contains("class=\"quiz-answer quiz-typed\""), "{html}");
                    }
                    // The runner that shows why comes after the form, not inside it.
                    let form_end = html.find("</form>").unwrap();
                    assert!(html[form_end..].contains("class=\"quiz-run\""), "{html}");
                }
                QuizKindData::Review { model_answer } => {
                    let reveal = &html[html.find("class=\"quiz-reveal\"").expect("a details with the model answer")..];
                    let reveal = &reveal[..reveal.find("</details>").expect("the details ends")];
                    assert_eq!(html.matches("data-rate=").count(), 3, "got it, partly, missed: {html}");
                    assert!(html.contains("class=\"quiz-model\""), "{html}");
                    assert!(model_answer.contains("\n\n"), "the course's model answers have paragraphs");
                    assert_eq!(reveal.matches("<p>").count(), model_answer.split("\n\n").count(), "{html}");
                }
            }
        }
    }

    #[test]
    fn backtick_spans_become_code_and_the_rest_stays_text() {
        let html = Owner::new().with(|| view! { <p>{rich("Call `write()` until <b>")}</p> }.to_html());
        assert!(html.contains("Call <code>write()</code> until &lt;b&gt;"), "{html}");
    }
}
