//! The code view: a program highlighted at build time, with line numbers.
//!
//! The prerender renders it (it is not an island), so the highlighter stays out of the
//! browser's wasm: it is compiled only with the `ssr` feature. An island that shows code takes
//! a `CodeView` as its children: Leptos renders an island's children on the server only and the
//! browser adopts that HTML as it is (see ARCHITECTURE.md, "The code view and the editor").
//!
//! The markup, which the editor (`editor/src/editor.js`) replaces when the reader edits and
//! whose box it reproduces to the pixel:
//!
//! ```text
//! <div data-lang="ts" class="code-view" style="--code-digits: 2;">
//!   <div aria-hidden="true" data-pagefind-ignore class="code-gutter">1
//! 2</div>
//!   <pre tabindex="0" class="code-text"><code><span class="code-line"><span class="tok-kw">const</span> x</span>
//! <span class="code-line">…</span></code></pre>
//! </div>
//! ```
//!
//! (without the indentation; Leptos also leaves `<!>` comments after lists, which are not text).
//! `--code-digits` is the number of digits of the last line number: the gutter's width.
//!
//! The gutter is a column of its own, hidden from screen readers and not selectable, so the
//! `<code>`'s text is exactly the program (what a reader copies, what the tests read); search
//! leaves it out too (`data-pagefind-ignore`), so excerpts are not strings of line numbers.
//! Lines are the text between `\n`s, as the editor counts them: a final `\n` makes a last,
//! empty line.

use inflight_course::Lang;
use leptos::either::Either;
use leptos::prelude::*;

/// One line: runs of text, each with the class of its token (none for plain text).
type Line = Vec<(Option<&'static str>, String)>;

/// `code` as a highlighted, numbered, focusable block (`Lang::from_fence` reads a fence's name).
#[component]
pub fn CodeView(#[prop(into)] code: String, lang: Lang) -> impl IntoView {
    let lines = highlight(&code, lang);
    let count = lines.len();
    let numbers = (1..=count).map(|n| n.to_string()).collect::<Vec<_>>().join("\n");
    let last = count - 1;
    let lines = lines
        .into_iter()
        .enumerate()
        .map(|(i, runs)| {
            let runs = runs
                .into_iter()
                .map(|(class, text)| match class {
                    Some(class) => Either::Left(view! { <span class=class>{text}</span> }),
                    None => Either::Right(text),
                })
                .collect_view();
            let line = view! { <span class="code-line">{runs}</span> };
            if i == last {
                Either::Left(line)
            } else {
                Either::Right((line, "\n"))
            }
        })
        .collect_view();
    view! {
        <div class="code-view" data-lang=lang.short() style=format!("--code-digits: {}", count.to_string().len())>
            <div class="code-gutter" aria-hidden="true" data-pagefind-ignore>{numbers}</div>
            <pre class="code-text" tabindex="0"><code>{lines}</code></pre>
        </div>
    }
}

/// The code's lines, highlighted.
#[cfg(feature = "ssr")]
fn highlight(code: &str, lang: Lang) -> Vec<Line> {
    split_lines(inflight_course::highlight::tokenize(code, lang).iter().map(|t| (t.kind.class(), t.text)))
}

/// The browser's build has no highlighter, and never renders a `CodeView`: lesson blocks are
/// rendered by the prerender only, and an island's children are adopted from its HTML. Were one
/// rendered here anyway, it would be plain text, and hydration would report the difference.
#[cfg(not(feature = "ssr"))]
fn highlight(code: &str, _lang: Lang) -> Vec<Line> {
    split_lines([(None, code)].into_iter())
}

/// Cuts classed runs of text into lines at each `\n` (which belongs to no line), merging
/// neighbouring runs of the same class so that the markup has one span per run.
fn split_lines<'a>(runs: impl Iterator<Item = (Option<&'static str>, &'a str)>) -> Vec<Line> {
    let mut lines: Vec<Line> = vec![Vec::new()];
    for (class, text) in runs {
        for (n, piece) in text.split('\n').enumerate() {
            if n > 0 {
                lines.push(Vec::new());
            }
            if piece.is_empty() {
                continue;
            }
            let line = lines.last_mut().expect("there is always a line");
            match line.last_mut() {
                Some((c, t)) if *c == class => t.push_str(piece),
                _ => line.push((class, piece.to_string())),
            }
        }
    }
    lines
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    fn render(code: &'static str, lang: Lang) -> String {
        Owner::new().with(|| view! { <CodeView code=code lang=lang/> }.to_html())
    }

    /// The text of the `<code>`, with tags removed and entities decoded.
    fn code_text(html: &str) -> String {
        let code = html.split_once("<code>").unwrap().1.rsplit_once("</code>").unwrap().0;
        let mut text = String::new();
        let mut in_tag = false;
        for c in code.chars() {
            match c {
                '<' => in_tag = true,
                '>' if in_tag => in_tag = false,
                c if !in_tag => text.push(c),
                _ => {}
            }
        }
        text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
    }

    #[test]
    fn renders_highlighted_numbered_lines_whose_text_is_the_code() {
        let code = "const x: number = 1; // one\nconst s = `a ${x} <b>`;\n\nfunction f() {}";
        let html = render(code, Lang::TypeScript);
        assert!(html.starts_with(r#"<div data-lang="ts" class="code-view" style="--code-digits: 1;">"#), "{html}");
        assert!(html.contains(r#"<div aria-hidden="true" data-pagefind-ignore class="code-gutter">1
2
3
4</div>"#), "{html}");
        assert!(html.contains(r#"<pre tabindex="0" class="code-text"><code><span class="code-line"><span class="tok-kw">const</span> <span class="tok-def">x</span>"#), "{html}");
        assert!(html.contains(r#"<span class="tok-type">number</span>"#), "{html}");
        assert!(html.contains(r#"<span class="tok-com">// one</span><!></span>"#), "{html}");
        assert!(html.contains(r#"<span class="tok-punc">${</span>x<span class="tok-punc">}</span>"#), "{html}");
        assert!(html.contains("&lt;b&gt;"), "text is escaped: {html}");
        assert!(html.contains("<span class=\"code-line\"><!></span>\n"), "an empty line is still a line: {html}");
        assert_eq!(html.matches("class=\"code-line\"").count(), 4);
        assert_eq!(code_text(&html), code);
    }

    #[test]
    fn multi_line_tokens_are_split_into_their_lines() {
        let code = "/* a\nb */ const t = `x\ny`;\n";
        let html = render(code, Lang::JavaScript);
        assert!(html.contains(r#"<span class="code-line"><span class="tok-com">/* a</span><!></span>
<span class="code-line"><span class="tok-com">b */</span> "#), "{html}");
        assert!(html.contains(r#"<span class="tok-str">`x</span><!></span>
<span class="code-line"><span class="tok-str">y`</span><span class="tok-punc">;</span><!></span>"#), "{html}");
        // The final newline makes a last, empty line, as the editor counts lines.
        assert_eq!(html.matches("class=\"code-line\"").count(), 4);
        assert!(html.contains(">1\n2\n3\n4</div>"), "{html}");
        assert_eq!(code_text(&html), code);
    }

    /// An island that shows code, as the runner will: the code view is its children.
    #[island]
    fn CodeShell(children: Children) -> impl IntoView {
        view! { <section class="shell">{children()}</section> }
    }

    #[test]
    fn inside_an_island_the_code_view_is_server_rendered_children() {
        // An island's children need the server's shared context, as in the prerender.
        let owner = Owner::new_root(Some(std::sync::Arc::new(hydration_context::SsrSharedContext::new())));
        let html = owner.with(|| view! { <CodeShell><CodeView code="let n = 1;" lang=Lang::JavaScript/></CodeShell> }.to_html());
        let island = html.find("<leptos-island").expect("an island");
        let children = html.find("<leptos-children").expect("its children are marked as server-rendered");
        let view = html.find(r#"class="code-view""#).expect("the code view");
        assert!(island < children && children < view, "{html}");
        assert!(html.contains(r#"<span class="tok-kw">let</span>"#), "{html}");
    }

    #[test]
    fn the_gutter_is_as_wide_as_the_last_line_number() {
        let code: &'static str = Box::leak((1..=12).map(|n| format!("log({n});")).collect::<Vec<_>>().join("\n").into_boxed_str());
        let html = render(code, Lang::JavaScript);
        assert!(html.contains(r#"data-lang="js" class="code-view" style="--code-digits: 2;""#), "{html}");
        assert!(html.contains(">1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12</div>"), "{html}");
        assert_eq!(code_text(&html), code);
    }
}
