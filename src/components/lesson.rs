use inflight_course::{Course, Lesson};
use leptos::prelude::*;

use super::blocks::Blocks;
use super::progress_view::LessonTracker;
use super::simulation::SimulationControl;
use crate::course::LESSONS;
use crate::routes::{href, lesson_path};

#[component]
pub fn LessonPage(lesson: &'static Lesson) -> impl IntoView {
    let (previous, next) = LESSONS.neighbours(lesson.slug);
    let related: Vec<&'static Lesson> = lesson.related.iter().filter_map(|s| LESSONS.lesson(s)).collect();
    // Search indexes the article and nothing else on the site (`data-pagefind-body`: Pagefind
    // then skips every page without one): its title (the result's title), summary, prose and
    // runners. Left out, as `data-pagefind-ignore`: the level and reading time, and the other
    // lessons' titles under "Related", which would make this lesson a match for them. The
    // table of contents and the pager are `<nav>`s, which Pagefind leaves out itself; the
    // questions leave themselves out (`quiz.rs`).
    view! {
        <article class="lesson" data-pagefind-body>
            <header class="lesson-header">
                <p class="meta" data-pagefind-ignore>
                    <span class=format!("level level-{}", lesson.level.name())>{lesson.level.name()}</span>
                    <span>{format!("{} min read", lesson.minutes)}</span>
                </p>
                <h1>{lesson.title}</h1>
                <p class="lede">{lesson.summary}</p>
            </header>
            {(!lesson.toc.is_empty()).then(|| view! {
                <nav class="toc" aria-label="On this page">
                    <h2 class="toc-title">"On this page"</h2>
                    <ol>
                        {lesson.toc.iter().map(|h| view! {
                            <li class=format!("toc-level-{}", h.level)>
                                <a href=format!("#{}", h.id)>{h.text}</a>
                            </li>
                        }).collect_view()}
                    </ol>
                </nav>
            })}
            <div class="lesson-body">
                <Blocks blocks=lesson.body/>
                // The quiz's score, which appears once every question has been answered.
                {lesson.body.iter().any(|b| matches!(b, inflight_course::Block::Quiz(_))).then(|| view! {
                    <p class="quiz-score" role="status" hidden></p>
                })}
                {lesson.body.iter().any(|b| matches!(b, inflight_course::Block::Simulation(_))).then(|| view! { <SimulationControl/> })}
            </div>
            {(!related.is_empty()).then(|| view! {
                <aside class="related" aria-labelledby="related-title" data-pagefind-ignore>
                    <h2 id="related-title">"Related lessons"</h2>
                    <ul>
                        {related.into_iter().map(|r| view! {
                            <li><a href=href(&lesson_path(r.slug))>{r.title}</a>" "<span class=format!("level level-{}", r.level.name())>{r.level.name()}</span></li>
                        }).collect_view()}
                    </ul>
                </aside>
            })}
            <LessonTracker>
            <nav class="pager lesson-end" data-lesson=lesson.slug aria-label="Previous and next lesson">
                {previous.map(|p| view! {
                    <a class="pager-prev" rel="prev" href=href(&lesson_path(p.slug))>
                        <span class="pager-label">"Previous"</span>{p.title}
                    </a>
                })}
                {next.map(|n| view! {
                    <a class="pager-next" rel="next" href=href(&lesson_path(n.slug))>
                        <span class="pager-label">"Next"</span>{n.title}
                    </a>
                })}
            </nav>
            </LessonTracker>
        </article>
    }
}
