//! A diagram: a hand-drawn SVG and its caption. The SVG was checked and rewritten by the content
//! compiler (no script, no event handler, no reference outside itself; `role="img"` and an
//! `aria-label` on its root), so it is inserted as markup; its colours come from the stylesheet's
//! `d-*` classes, so it follows the theme. It is plain prerendered HTML: it needs no JavaScript.

use inflight_course::Diagram as DiagramBlock;
use leptos::prelude::*;

use super::blocks::inlines;

#[component]
pub fn Diagram(diagram: DiagramBlock) -> impl IntoView {
    view! {
        <figure class="diagram" id=diagram.id data-diagram=diagram.file>
            <div class="diagram-art" inner_html=diagram.svg></div>
            <figcaption>{inlines(diagram.caption)}</figcaption>
        </figure>
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use inflight_course::{Block, Inline};

    static CAPTION: &[Inline] = &[Inline::Text("The loop's phases, with "), Inline::Code("<b>"), Inline::Text(" in the caption.")];
    static DIAGRAM: DiagramBlock = DiagramBlock {
        id: "diagram-demo",
        file: "demo.svg",
        svg: r#"<svg viewBox="0 0 10 10" role="img" aria-label="A square of ten by ten units, drawn as a demo"><rect class="d-box" width="10" height="10"/></svg>"#,
        label: "A square of ten by ten units, drawn as a demo",
        caption: CAPTION,
    };

    #[test]
    fn a_diagram_is_a_figure_with_its_svg_as_markup_and_its_caption_as_text() {
        let html = Owner::new().with(|| view! { <Diagram diagram=DIAGRAM/> }.to_html());
        let figure = html.split_once('>').map_or("", |(open, _)| open);
        for attribute in [r#"class="diagram""#, r#"id="diagram-demo""#, r#"data-diagram="demo.svg""#] {
            assert!(figure.starts_with("<figure ") && figure.contains(attribute), "{attribute} is not on the figure: {html}");
        }
        assert!(html.contains(&format!(r#"<div class="diagram-art">{}</div>"#, DIAGRAM.svg)), "the SVG is inserted as it was baked: {html}");
        assert!(html.contains("<figcaption>The loop's phases, with <code>&lt;b&gt;</code> in the caption."), "the caption is text: {html}");
    }

    /// Every diagram block of the course reaches the page through `Blocks`, as baked.
    #[test]
    fn every_lesson_shows_its_diagrams() {
        for lesson in crate::course::LESSONS {
            let diagrams: Vec<&'static Block> = lesson.body.iter().filter(|b| matches!(b, Block::Diagram(_))).collect();
            assert!(!diagrams.is_empty(), "{} has no diagram at its top level", lesson.slug);
            for b in diagrams {
                let Block::Diagram(d) = b else { unreachable!() };
                let html = Owner::new().with(|| view! { <super::super::blocks::Blocks blocks=std::slice::from_ref(b)/> }.to_html());
                assert!(html.contains(&format!(r#"<div class="diagram-art">{}</div>"#, d.svg)), "{}: {} is not on the page as baked", lesson.slug, d.file);
                assert!(d.svg.starts_with("<svg ") && d.svg.contains(r#" role="img" aria-label=""#), "{}: {}", lesson.slug, d.file);
            }
        }
    }
}
