//! Renders the compiled lesson model. Text is always inserted as text: nothing from content is
//! ever parsed as HTML here.

use inflight_course::{Align, Block, Inline, Lang};
use leptos::prelude::*;

use super::code::CodeView;
use super::diagram::Diagram;
use super::quiz::{QuizCard, QuizData};
use super::runner::{Runner, RunnerData};
use super::simulation::Simulation;
use crate::routes::href;

#[component]
pub fn Blocks(blocks: &'static [Block]) -> impl IntoView {
    blocks.iter().map(block).collect_view()
}

fn block(b: &'static Block) -> AnyView {
    match *b {
        Block::Heading { level, id, content } => {
            let inner = view! {
                {inlines(content)}
                // A mouse convenience for copying a section's address; keyboard and screen-reader
                // users have the table of contents, and the heading's name stays just its text.
                <a class="anchor" href=format!("#{id}") aria-hidden="true" tabindex="-1">"#"</a>
            };
            match level {
                2 => view! { <h2 id=id>{inner}</h2> }.into_any(),
                3 => view! { <h3 id=id>{inner}</h3> }.into_any(),
                4 => view! { <h4 id=id>{inner}</h4> }.into_any(),
                5 => view! { <h5 id=id>{inner}</h5> }.into_any(),
                _ => view! { <h6 id=id>{inner}</h6> }.into_any(),
            }
        }
        Block::Paragraph(content) => view! { <p>{inlines(content)}</p> }.into_any(),
        Block::Code { lang, code } => match Lang::from_fence(lang) {
            // TypeScript and JavaScript look as the runner shows them: highlighted, numbered.
            Some(highlighted) => view! {
                <figure class="code-block">
                    <figcaption class="code-lang">{lang}</figcaption>
                    <CodeView code=code lang=highlighted/>
                </figure>
            }
            .into_any(),
            None => view! {
                <figure class="code-block">
                    {(!lang.is_empty()).then(|| view! { <figcaption class="code-lang">{lang}</figcaption> })}
                    <pre tabindex="0"><code class=format!("language-{lang}")>{code}</code></pre>
                </figure>
            }
            .into_any(),
        },
        Block::List { start: None, items } => view! { <ul>{list_items(items)}</ul> }.into_any(),
        Block::List { start: Some(start), items } => view! { <ol start=start>{list_items(items)}</ol> }.into_any(),
        Block::Quote(body) => view! { <blockquote><Blocks blocks=body/></blockquote> }.into_any(),
        Block::Callout { kind, body } => view! {
            <aside class=format!("callout callout-{}", kind.name()) role="note">
                <p class="callout-label">{kind.label()}</p>
                <Blocks blocks=body/>
            </aside>
        }
        .into_any(),
        Block::Table { align, head, rows } => view! {
            <div class="table-wrap" tabindex="0">
                <table>
                    <thead><tr>{head.iter().enumerate().map(|(i, c)| view! { <th scope="col" class=align_class(align, i)>{inlines(c)}</th> }).collect_view()}</tr></thead>
                    <tbody>
                        {rows.iter().map(|row| view! {
                            <tr>{row.iter().enumerate().map(|(i, c)| view! { <td class=align_class(align, i)>{inlines(c)}</td> }).collect_view()}</tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        }
        .into_any(),
        Block::Rule => view! { <hr/> }.into_any(),
        Block::Runner(ref runner) => view! {
            <Runner runner=RunnerData::from(runner) lang=Lang::from_fence(runner.file.rsplit('.').next().unwrap_or("ts")).unwrap_or(Lang::TypeScript)/>
        }
        .into_any(),
        Block::Quiz(ref quiz) => view! { <QuizCard quiz=QuizData::from(quiz)/> }.into_any(),
        Block::Simulation(sim) => view! { <Simulation sim=sim/> }.into_any(),
        Block::Diagram(diagram) => view! { <Diagram diagram=diagram/> }.into_any(),
    }
}

fn list_items(items: &'static [&'static [Block]]) -> impl IntoView {
    items.iter().map(|item| view! { <li><Blocks blocks=item/></li> }).collect_view()
}

fn align_class(align: &[Align], column: usize) -> &'static str {
    match align.get(column) {
        Some(Align::Left) => "align-left",
        Some(Align::Center) => "align-center",
        Some(Align::Right) => "align-right",
        _ => "",
    }
}

pub fn inlines(content: &'static [Inline]) -> AnyView {
    content.iter().map(inline).collect_view().into_any()
}

fn inline(i: &'static Inline) -> AnyView {
    match *i {
        Inline::Text(t) => t.into_any(),
        Inline::Code(t) => view! { <code>{t}</code> }.into_any(),
        Inline::Emphasis(c) => view! { <em>{inlines(c)}</em> }.into_any(),
        Inline::Strong(c) => view! { <strong>{inlines(c)}</strong> }.into_any(),
        Inline::Strike(c) => view! { <del>{inlines(c)}</del> }.into_any(),
        Inline::LineBreak => view! { <br/> }.into_any(),
        Inline::Link { href: target, content } => {
            let url = if target.starts_with('/') { href(target) } else { target.to_string() };
            view! { <a href=url>{inlines(content)}</a> }.into_any()
        }
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    /// Raw HTML reaches the model as text (see the content compiler's tests); here the renderer
    /// must escape it, so a `<script>` or an `onerror=` attribute written in a lesson can never run.
    #[test]
    fn raw_html_in_content_is_rendered_as_escaped_text() {
        static BODY: &[Block] = &[
            Block::Paragraph(&[Inline::Text("<script>window.__inflightInjected = true</script>")]),
            Block::Paragraph(&[Inline::Text("<img src=x onerror=\"window.__inflightInjected = true\">")]),
            Block::Code { lang: "html", code: "<script>alert(1)</script>" },
        ];
        let html = Owner::new().with(|| view! { <Blocks blocks=BODY/> }.to_html());
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("&lt;script&gt;window.__inflightInjected = true&lt;/script&gt;"), "{html}");
        assert!(html.contains("&lt;img src=x onerror="), "{html}");
    }

    #[test]
    fn typescript_and_javascript_blocks_are_highlighted_and_others_are_not() {
        static BODY: &[Block] = &[
            Block::Code { lang: "ts", code: "const a: number = 1;" },
            Block::Code { lang: "javascript", code: "let b = 2;" },
            Block::Code { lang: "sh", code: "const c = 3" },
        ];
        let html = Owner::new().with(|| view! { <Blocks blocks=BODY/> }.to_html());
        assert_eq!(html.matches("class=\"code-view\"").count(), 2, "{html}");
        assert!(html.contains(r#"<figcaption class="code-lang">ts</figcaption><div data-lang="ts" class="code-view""#), "{html}");
        assert!(html.contains(r#"data-lang="js""#), "{html}");
        assert!(html.contains(r#"<code class="language-sh">const c = 3</code>"#), "{html}");
        assert_eq!(html.matches("tok-kw").count(), 2, "{html}");
    }
}
