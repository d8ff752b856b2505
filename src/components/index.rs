use leptos::prelude::*;

use super::progress_view::{question_keys, CourseProgress};
use crate::course::LESSONS;
use crate::routes::{href, lesson_path};

/// Topics of the wider curriculum, shown as plain text (never as links to pages that do not exist).
const COMING_LATER: &[&str] = &[
    "Connection pools",
    "Rate limiting",
    "Load balancing",
    "WebSocket backpressure",
    "Batching and coalescing",
    "Distributed tracing",
    "Graceful shutdown",
    "Worker threads",
];

#[component]
pub fn CourseIndex() -> impl IntoView {
    view! {
        <article class="course-index">
            <h1>"Concurrency for Node.js engineers"</h1>
            <p class="lede">
                "Short lessons on what happens when async code meets real load: the event loop, "
                "bounded concurrency, backpressure, cancellation, idempotency, circuit breakers, "
                "observability and queueing. Each one has programs you can run, step "
                "through, edit and run again, on an interpreter checked against real Node."
            </p>
            <CourseProgress>
            <p class="continue" hidden>"Continue where you left off: " <a href=href("/")>""</a></p>
            <p class="review-due" hidden></p>
            <h2>"Lessons"</h2>
            <ol class="lesson-list">
                {LESSONS
                    .iter()
                    .map(|l| {
                        view! {
                            <li class="lesson-card">
                                <h3><a href=href(&lesson_path(l.slug)) data-lesson-link=l.slug>{l.title}</a></h3>
                                <p>{l.summary}</p>
                                <p class="meta">
                                    <span class=format!("level level-{}", l.level.name())>{l.level.name()}</span>
                                    <span>{format!("{} min read", l.minutes)}</span>
                                </p>
                                <p class="lesson-progress" data-progress-for=l.slug data-questions=question_keys(l) hidden></p>
                                <meter class="lesson-meter" min="0" max="1" value="0" aria-label=format!("Questions answered in {}", l.title) hidden></meter>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
            <section class="coming-later" aria-labelledby="coming-later-title">
                <h2 id="coming-later-title">"Coming later"</h2>
                <p>"The rest of the backend curriculum these lessons belong to, not written yet:"</p>
                <ul class="topic-list">
                    {COMING_LATER.iter().map(|t| view! { <li>{*t}</li> }).collect_view()}
                </ul>
            </section>
            <section class="progress-tools" aria-labelledby="progress-tools-title">
                <h2 id="progress-tools-title">"Your progress"</h2>
                <p>
                    "Your answers, reviews and edited code stay in this browser, and nowhere else. "
                    "To move them to another browser, export them to a file and import it there. "
                    <a href=href("/review/")>"Review"</a>" brings back the questions you missed."
                </p>
                <div class="progress-buttons">
                    <button type="button" data-progress="export">"Export to a file"</button>
                    <label class="button-like">
                        "Import a file"
                        <input type="file" accept="application/json,.json" data-progress="import" class="visually-hidden"/>
                    </label>
                    <button type="button" data-progress="reset" class="danger">"Reset…"</button>
                </div>
                <p class="progress-status" role="status"></p>
                <p class="progress-nojs">"Saving progress needs JavaScript; the lessons read without it."</p>
            </section>
            </CourseProgress>
        </article>
    }
}
