//! The course's diagrams as a whole: every lesson has one, every file in content/diagrams/ is
//! used, and none can bypass the theme: no colour literal anywhere, every shape drawn with a d-*
//! class that the stylesheet defines.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use inflight_course::compile::load_dir;
use inflight_course::svg::{parse, Element, Node};
use inflight_course::{Block, Diagram};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// Every diagram of a lesson's blocks, nested ones (in a list, a quote, a callout) included.
fn diagrams_in(blocks: &[Block], out: &mut Vec<Diagram>) {
    for b in blocks {
        match b {
            Block::Diagram(d) => out.push(*d),
            Block::List { items, .. } => items.iter().for_each(|item| diagrams_in(item, out)),
            Block::Quote(body) | Block::Callout { body, .. } => diagrams_in(body, out),
            _ => {}
        }
    }
}

/// The SVG files in content/diagrams/, by name, with their text.
fn diagram_files() -> Vec<(String, String)> {
    let dir = root().join("content").join("diagrams");
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| (p.file_name().unwrap().to_string_lossy().to_string(), std::fs::read_to_string(&p).unwrap()))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "content/diagrams/ holds no diagrams");
    files
}

#[test]
fn every_lesson_has_a_diagram_and_every_diagram_file_is_used() {
    let lessons = load_dir(&root().join("content")).unwrap_or_else(|e| panic!("content errors: {e:#?}"));
    let mut used = BTreeSet::new();
    for lesson in &lessons {
        let mut found = Vec::new();
        diagrams_in(lesson.body, &mut found);
        assert!(!found.is_empty(), "{} has no diagram: add a ```diagram file=NAME.svg block where a picture helps", lesson.source);
        used.extend(found.iter().map(|d| d.file.to_string()));
    }
    for (name, _) in diagram_files() {
        assert!(name.ends_with(".svg"), "content/diagrams/{name} is not an SVG: only diagrams belong there");
        assert!(used.contains(&name), "content/diagrams/{name} is used by no lesson: place it with a ```diagram block, or delete it");
    }
}

/// CSS colour functions: none may appear in a diagram, in any attribute.
const COLOUR_FUNCTIONS: &[&str] = &["rgb(", "rgba(", "hsl(", "hsla(", "hwb(", "lab(", "lch(", "oklab(", "oklch(", "color(", "color-mix(", "light-dark(", "var("];

/// The attributes (and style properties) that take a colour.
const COLOUR_PROPERTIES: &[&str] = &["fill", "stroke", "color", "stop-color", "flood-color", "lighting-color"];

/// What a colour attribute may say: no colour at all, the surrounding text's, or a marker's.
const COLOUR_KEYWORDS: &[&str] = &["none", "currentcolor", "context-stroke", "context-fill", "inherit"];

/// A `#` followed by 3, 4, 6 or 8 hex digits that is not a fragment reference (`href="#id"`,
/// `url(#id)`).
fn hex_colour(value: &str) -> Option<String> {
    let trimmed = value.trim();
    if trimmed.starts_with('#') && !trimmed.contains(char::is_whitespace) && trimmed[1..].chars().any(|c| !c.is_ascii_hexdigit()) {
        return None; // `#head`: an id
    }
    let mut rest = value;
    while let Some(at) = rest.find('#') {
        let before = &rest[..at];
        let digits: String = rest[at + 1..].chars().take_while(char::is_ascii_hexdigit).collect();
        let after = rest[at + 1 + digits.len()..].chars().next();
        let in_url = before.trim_end().ends_with("url(");
        if !in_url && [3, 4, 6, 8].contains(&digits.len()) && !after.is_some_and(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            return Some(format!("#{digits}"));
        }
        rest = &rest[at + 1..];
    }
    None
}

/// Why an attribute brings its own colour, if it does.
fn colour_literal(name: &str, value: &str) -> Option<String> {
    let lower = value.to_ascii_lowercase();
    if let Some(f) = COLOUR_FUNCTIONS.iter().find(|f| lower.contains(*f)) {
        return Some(format!("`{f}`"));
    }
    if name != "href" && !name.ends_with(":href") {
        if let Some(hex) = hex_colour(value) {
            return Some(format!("the hex colour `{hex}`"));
        }
    }
    // A colour attribute, or a colour property in a style attribute.
    let mut colours: Vec<(String, String)> = Vec::new();
    if COLOUR_PROPERTIES.contains(&name) {
        colours.push((name.to_string(), value.trim().to_ascii_lowercase()));
    }
    if name == "style" {
        for declaration in lower.split(';') {
            if let Some((property, v)) = declaration.split_once(':') {
                if COLOUR_PROPERTIES.contains(&property.trim()) {
                    colours.push((property.trim().to_string(), v.trim().trim_end_matches("!important").trim().to_string()));
                }
            }
        }
    }
    for (property, v) in colours {
        let url = v.starts_with("url(#") && v.ends_with(')');
        if !url && !COLOUR_KEYWORDS.contains(&v.as_str()) {
            return Some(format!("`{property}: {v}` (a colour attribute may only be none, currentColor or a url(#id) here; colours come from d-* classes)"));
        }
    }
    None
}

#[test]
fn the_colour_check_finds_colours_and_leaves_references_alone() {
    for (name, value) in [("fill", "#abc"), ("stroke", "#A1B2C3"), ("fill", "red"), ("stroke", "rgb(1 2 3)"), ("style", "fill: teal"), ("style", "stroke:#fff!important"), ("stop-color", "hsl(0 0% 0%)"), ("fill", "var(--accent)"), ("class", "x #fafafa")] {
        assert!(colour_literal(name, value).is_some(), "{name}=\"{value}\" is a colour and was let through");
    }
    for (name, value) in [("fill", "none"), ("stroke", "currentColor"), ("fill", "url(#grad)"), ("href", "#abc"), ("marker-end", "url(#abc)"), ("id", "face"), ("class", "d-box"), ("d", "M0 0 L10 5"), ("style", "stroke-dasharray: 4 2")] {
        assert_eq!(colour_literal(name, value), None, "{name}=\"{value}\" is no colour");
    }
}

/// The d-* classes main.css defines a rule for.
fn styled_classes() -> BTreeSet<String> {
    let css = std::fs::read_to_string(root().join("style").join("main.css")).unwrap();
    let mut classes = BTreeSet::new();
    let mut rest = css.as_str();
    while let Some(at) = rest.find(".d-") {
        let name: String = rest[at + 1..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
        classes.insert(name);
        rest = &rest[at + 1..];
    }
    classes
}

const SHAPES: &[&str] = &["rect", "circle", "ellipse", "path", "line", "polyline", "polygon"];

/// Shapes that neither carry a class nor sit in a `<g>` with one: the browser would fill them
/// with its default black, whatever the theme.
fn unclassed_shapes(e: &Element, in_classed_group: bool, file: &str, out: &mut Vec<String>) {
    if SHAPES.contains(&e.name.as_str()) && !in_classed_group && e.attribute("class").is_none() {
        out.push(format!("{file}:{}: <{}> has no d-* class (nor a group with one): it would be drawn in default black", e.line, e.name));
    }
    let in_classed_group = in_classed_group || (e.name == "g" && e.attribute("class").is_some());
    for child in &e.children {
        if let Node::Element(c) = child {
            unclassed_shapes(c, in_classed_group, file, out);
        }
    }
}

#[test]
fn no_diagram_brings_its_own_colours() {
    let styled = styled_classes();
    let mut problems = Vec::new();
    for (name, text) in diagram_files() {
        let file = format!("content/diagrams/{name}");
        let svg = parse(&text).unwrap_or_else(|e| panic!("{file}:{}: {}", e.line, e.message));
        for e in svg.descendants() {
            for (attribute, value) in &e.attributes {
                if let Some(why) = colour_literal(attribute, value) {
                    problems.push(format!("{file}:{}: {attribute}=\"{value}\" on <{}> brings its own colour: {why}", e.line, e.name));
                }
                if attribute == "class" {
                    for class in value.split_whitespace() {
                        if !styled.contains(class) {
                            problems.push(format!("{file}:{}: class `{class}` has no `.{class}` rule in style/main.css (diagrams use the d-* classes it themes)", e.line));
                        }
                    }
                }
            }
        }
        unclassed_shapes(&svg, false, &file, &mut problems);
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
