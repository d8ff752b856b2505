use leptos::prelude::*;

use crate::course::LESSONS;
use crate::routes::{href, lesson_path};

#[component]
pub fn CourseIndex() -> impl IntoView {
    view! {
        <article class="course-index">
            <h1>"Concurrency for Node.js engineers"</h1>
            <p class="lede">
                "Short lessons on what happens when async code meets real load: the event loop, "
                "bounded concurrency, backpressure. Each one has programs you can run, step "
                "through, edit and run again, on an interpreter checked against real Node."
            </p>
            <h2>"Lessons"</h2>
            <ol class="lesson-list">
                {LESSONS
                    .iter()
                    .map(|l| {
                        view! {
                            <li class="lesson-card">
                                <h3><a href=href(&lesson_path(l.slug))>{l.title}</a></h3>
                                <p>{l.summary}</p>
                                <p class="meta">
                                    <span class=format!("level level-{}", l.level.name())>{l.level.name()}</span>
                                    <span>{format!("{} min read", l.minutes)}</span>
                                </p>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </article>
    }
}
