use leptos::prelude::*;

use super::progress_view::{questions, ReviewDeck};
use super::quiz::{QuizCard, QuizData};
use crate::course::LESSONS;
use crate::routes::{href, lesson_path};

/// The review page: every question of the course is in its markup, hidden; the page shows the
/// ones the reader's progress says are due (missed, or rated "partly", and their day come).
#[component]
pub fn ReviewPage() -> impl IntoView {
    view! {
        <article class="review">
            <header class="lesson-header">
                <h1>"Review"</h1>
                <p class="lede">
                    "The questions you missed come back here: a day later, then after 3, 7 and 21 "
                    "days as long as you keep getting them right. A miss starts a question over."
                </p>
            </header>
            <p class="review-nojs">
                "Reviews need JavaScript: the page reads your answers from this browser's storage to "
                "pick the questions that are due. Each lesson's questions, with their answers, are "
                "readable on its own page."
            </p>
            <ReviewDeck>
                <p class="review-summary" role="status"></p>
                <div class="review-list">
                    {LESSONS.iter().flat_map(|lesson| questions(lesson).map(move |q| (lesson, q))).map(|(lesson, q)| view! {
                        <section class="review-item" data-review=q.id hidden>
                            <p class="review-from">"From "<a href=href(&lesson_path(lesson.slug))>{lesson.title}</a></p>
                            <QuizCard quiz=QuizData::from(q)/>
                        </section>
                    }).collect_view()}
                </div>
            </ReviewDeck>
        </article>
    }
}
