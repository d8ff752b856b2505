//! The checker behind `diagram` blocks: an SVG file from `content/diagrams/` is parsed, checked
//! and written out again, and what the page receives is that rewrite, never the file's own bytes.
//!
//! A diagram is a picture and nothing else. The file must be one `<svg>` element with a
//! `viewBox`, built only from the drawing elements in [`ELEMENTS`]; it may not hold a
//! `<script>`, a `<foreignObject>`, an event-handler attribute (`on...=`), a reference outside
//! itself (`href` other than `#id`, `url(...)` other than `url(#id)`), a DOCTYPE, CDATA or a
//! processing instruction. Comments are dropped. Ids are prefixed with the block's id, so two
//! diagrams, or a diagram and a heading, never share one. The root gets `role="img"` and an
//! `aria-label`: the file's own, or else the text of its `<desc>`, which then leaves the markup
//! (it would be read twice).

use std::collections::HashSet;

/// The elements a diagram may use: shapes, text, groups, markers and references inside itself.
pub const ELEMENTS: &[&str] =
    &["svg", "g", "defs", "marker", "use", "path", "line", "polyline", "polygon", "rect", "circle", "ellipse", "text", "tspan", "title", "desc"];

/// The elements whose content is text.
const TEXT_ELEMENTS: &[&str] = &["text", "tspan", "title", "desc"];

/// The namespaces a root may declare (the HTML parser ignores them; a standalone viewer needs them).
const NAMESPACES: &[(&str, &str)] = &[("xmlns", "http://www.w3.org/2000/svg"), ("xmlns:xlink", "http://www.w3.org/1999/xlink")];

/// A diagram file larger than this is not a small hand-written picture.
pub const MAX_BYTES: usize = 48 * 1024;

/// Nesting deeper than this is refused.
const MAX_DEPTH: usize = 32;

/// A text alternative needs at least this many words to say what a picture shows.
pub const MIN_LABEL_WORDS: usize = 8;

/// A checked diagram: its markup as the page gets it, and its text alternative.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checked {
    pub svg: String,
    pub label: String,
}

/// What is wrong with a diagram file, and on which of its lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SvgError {
    pub line: usize,
    pub message: String,
}

/// A parsed element: its name, its attributes in order, its children, and the line it starts on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Element {
    pub name: String,
    pub attributes: Vec<(String, String)>,
    pub children: Vec<Node>,
    pub line: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node {
    Element(Element),
    /// Text as it reads, entities decoded.
    Text(String),
}

impl Element {
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// This element and every element inside it, in document order.
    pub fn descendants(&self) -> Vec<&Element> {
        let mut out = vec![self];
        for child in &self.children {
            if let Node::Element(e) = child {
                out.extend(e.descendants());
            }
        }
        out
    }

    /// The text inside, whitespace runs collapsed to one space.
    pub fn text(&self) -> String {
        let mut s = String::new();
        for child in &self.children {
            match child {
                Node::Text(t) => s.push_str(t),
                Node::Element(e) => {
                    s.push(' ');
                    s.push_str(&e.text());
                }
            }
        }
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

/// Checks a diagram file and writes it out as the page gets it, its ids prefixed with
/// `id_prefix` (`diagram-event-loop` makes `arrow` into `diagram-event-loop-arrow`).
pub fn check(text: &str, id_prefix: &str) -> Result<Checked, SvgError> {
    if text.len() > MAX_BYTES {
        return Err(SvgError { line: 1, message: format!("the file is {} bytes, over {MAX_BYTES}: a diagram is a small picture drawn by hand", text.len()) });
    }
    let mut root = parse(text)?;
    if root.name != "svg" {
        return Err(SvgError { line: root.line, message: format!("the root element is <{}>: a diagram is one <svg> element", root.name) });
    }
    check_tree(&root, 0)?;
    match root.attribute("viewBox") {
        None => return Err(SvgError { line: root.line, message: "the <svg> has no viewBox: give it one (`viewBox=\"0 0 340 480\"`), so that it scales to the page".into() }),
        Some(v) if !valid_view_box(v) => {
            return Err(SvgError { line: root.line, message: format!("viewBox=\"{v}\" must be four numbers, `min-x min-y width height`, with a width and height above 0") })
        }
        Some(_) => {}
    }
    match root.attribute("role") {
        Some("img") | None => {}
        Some(other) => return Err(SvgError { line: root.line, message: format!("role=\"{other}\": a diagram is one image to assistive technology, role=\"img\" (or leave it out)") }),
    }

    // The text alternative: the root's aria-label, or else its <desc>, which then leaves the markup.
    let label = match root.attribute("aria-label") {
        Some(label) => label.split_whitespace().collect::<Vec<_>>().join(" "),
        None => {
            let desc = root.children.iter().position(|c| matches!(c, Node::Element(e) if e.name == "desc"));
            let Some(i) = desc else {
                return Err(SvgError {
                    line: root.line,
                    message: "the diagram has no text alternative: write what the picture shows in a <desc> inside the <svg> (or an aria-label on it)".into(),
                });
            };
            let Node::Element(desc) = root.children.remove(i) else { unreachable!() };
            desc.text()
        }
    };
    if label.split_whitespace().count() < MIN_LABEL_WORDS {
        return Err(SvgError {
            line: root.line,
            message: format!("the text alternative `{label}` is too short to stand in for the picture: say what it shows, in a sentence or more ({MIN_LABEL_WORDS} words at least)"),
        });
    }

    // Ids, and the references to them: every reference must point at an id of this diagram.
    let mut ids = HashSet::new();
    for e in root.descendants() {
        if let Some(id) = e.attribute("id") {
            if !ids.insert(id.to_string()) {
                return Err(SvgError { line: e.line, message: format!("id=\"{id}\" is used twice") });
            }
        }
    }
    for e in root.descendants() {
        for (name, value) in &e.attributes {
            for target in references(name, value) {
                if !ids.contains(target) {
                    return Err(SvgError { line: e.line, message: format!("{name}=\"{value}\" points at #{target}, and no element has id=\"{target}\"") });
                }
            }
        }
    }
    rename_ids(&mut root, id_prefix);

    let mut attributes: Vec<(String, String)> = root.attributes.iter().filter(|(n, _)| n != "role" && n != "aria-label").cloned().collect();
    attributes.push(("role".into(), "img".into()));
    attributes.push(("aria-label".into(), label.clone()));
    root.attributes = attributes;
    let mut svg = String::new();
    write(&root, &mut svg);
    Ok(Checked { svg, label })
}

fn valid_view_box(v: &str) -> bool {
    let numbers: Vec<Option<f64>> = v.split(|c: char| c.is_whitespace() || c == ',').filter(|s| !s.is_empty()).map(|s| s.parse().ok()).collect();
    match numbers.as_slice() {
        [Some(x), Some(y), Some(w), Some(h)] => x.is_finite() && y.is_finite() && w.is_finite() && h.is_finite() && *w > 0.0 && *h > 0.0,
        _ => false,
    }
}

/// Checks an element and everything inside it: the elements, attributes and text a diagram may hold.
fn check_tree(e: &Element, depth: usize) -> Result<(), SvgError> {
    let fail = |message: String| Err(SvgError { line: e.line, message });
    if depth > MAX_DEPTH {
        return fail(format!("elements are nested more than {MAX_DEPTH} deep"));
    }
    let lower = e.name.to_ascii_lowercase();
    if lower == "script" {
        return fail("<script> is not allowed in a diagram: a picture runs no code".into());
    }
    if lower == "foreignobject" {
        return fail("<foreignObject> is not allowed in a diagram: it would put HTML inside the picture".into());
    }
    if !ELEMENTS.contains(&e.name.as_str()) {
        return fail(format!("<{}> is not an element a diagram may use (it may use: {})", e.name, ELEMENTS.join(", ")));
    }
    if e.name == "svg" && depth > 0 {
        return fail("an <svg> inside the <svg>: a diagram is one picture, group its parts with <g>".into());
    }
    let mut seen = HashSet::new();
    for (name, value) in &e.attributes {
        if !seen.insert(name.as_str()) {
            return fail(format!("`{name}=` is given twice on <{}>", e.name));
        }
        check_attribute(&e.name, name, value, depth == 0).map_err(|message| SvgError { line: e.line, message })?;
    }
    for child in &e.children {
        match child {
            // Inside an HTML page a <title> or <desc> is parsed as HTML: it holds text only.
            Node::Element(c) if e.name == "title" || e.name == "desc" => {
                return fail(format!("<{}> inside <{}>: a title or desc holds text only", c.name, e.name));
            }
            Node::Element(c) if e.name == "text" || e.name == "tspan" => {
                if c.name != "tspan" {
                    return fail(format!("<{}> inside <{}>: text holds text and <tspan> only", c.name, e.name));
                }
                check_tree(c, depth + 1)?
            }
            Node::Element(c) => check_tree(c, depth + 1)?,
            Node::Text(t) if !t.trim().is_empty() && !TEXT_ELEMENTS.contains(&e.name.as_str()) => {
                return fail(format!("text `{}` directly inside <{}>: text goes in a <text> element", t.trim(), e.name));
            }
            Node::Text(_) => {}
        }
    }
    Ok(())
}

fn check_attribute(element: &str, name: &str, value: &str, root: bool) -> Result<(), String> {
    let lower = name.to_ascii_lowercase();
    // `x:onclick` is no handler to an HTML page, but nothing a diagram needs either.
    if lower.starts_with("on") || lower.rsplit(':').next().is_some_and(|local| local.starts_with("on")) {
        return Err(format!("the event handler attribute `{name}=` is not allowed on <{element}>: a picture runs no code"));
    }
    if lower == "xmlns" || lower.starts_with("xmlns:") {
        return match NAMESPACES.iter().find(|(n, _)| *n == name) {
            Some((_, uri)) if root && value == *uri => Ok(()),
            Some(_) if root => Err(format!("{name}=\"{value}\" is not the SVG namespace it names")),
            Some(_) => Err(format!("`{name}=` belongs on the root <svg> only")),
            None => Err(format!("the namespace `{name}=` is not one a diagram needs (it may declare: xmlns, xmlns:xlink)")),
        };
    }
    if value.contains('\\') {
        return Err(format!("a backslash in `{name}=`: CSS escapes could hide a reference"));
    }
    if lower == "href" || lower.ends_with(":href") {
        if fragment(value).is_none() {
            return Err(format!("the external reference {name}=\"{value}\": a diagram may only point inside itself, at `#id`"));
        }
        return Ok(());
    }
    if lower == "id" {
        let ok = value.starts_with(|c: char| c.is_ascii_alphabetic()) && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        return if ok { Ok(()) } else { Err(format!("id=\"{value}\" must start with a letter and hold only letters, digits, - and _")) };
    }
    let css = value.to_ascii_lowercase();
    if lower == "style" {
        for function in ["url(", "image(", "image-set(", "cross-fade(", "element(", "expression("] {
            if css.contains(function) {
                return Err(format!("style=\"{value}\" uses `{function}`: a diagram's style may not fetch or point at anything (use classes styled by the site)"));
            }
        }
        return Ok(());
    }
    // Presentation attributes read as CSS: `url(#id)` points inside the diagram; any other
    // `url(` would load something from elsewhere.
    if css.contains("url(") && url_target(value).is_none() {
        return Err(format!("the external reference {name}=\"{value}\": a diagram may only point inside itself, with `url(#id)`"));
    }
    Ok(())
}

/// `#id` -> `id`.
fn fragment(value: &str) -> Option<&str> {
    let id = value.strip_prefix('#')?;
    (!id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')).then_some(id)
}

/// `url(#id)` (the whole value, quotes allowed) -> `id`.
fn url_target(value: &str) -> Option<&str> {
    let inner = value.trim().strip_prefix("url(")?.strip_suffix(')')?.trim();
    let inner = inner.strip_prefix('"').and_then(|i| i.strip_suffix('"')).or_else(|| inner.strip_prefix('\'').and_then(|i| i.strip_suffix('\''))).unwrap_or(inner);
    fragment(inner)
}

/// The ids an attribute points at.
fn references<'v>(name: &str, value: &'v str) -> Vec<&'v str> {
    let lower = name.to_ascii_lowercase();
    if lower == "href" || lower.ends_with(":href") {
        return fragment(value).into_iter().collect();
    }
    url_target(value).into_iter().collect()
}

fn rename_ids(e: &mut Element, prefix: &str) {
    for (name, value) in e.attributes.iter_mut() {
        let lower = name.to_ascii_lowercase();
        if lower == "id" {
            *value = format!("{prefix}-{value}");
        } else if lower == "href" || lower.ends_with(":href") {
            if let Some(id) = fragment(value) {
                *value = format!("#{prefix}-{id}");
            }
        } else if let Some(id) = url_target(value) {
            *value = format!("url(#{prefix}-{id})");
        }
    }
    for child in e.children.iter_mut() {
        if let Node::Element(c) = child {
            rename_ids(c, prefix);
        }
    }
}

fn write(e: &Element, out: &mut String) {
    out.push('<');
    out.push_str(&e.name);
    for (name, value) in &e.attributes {
        out.push(' ');
        out.push_str(name);
        out.push_str("=\"");
        escape(value, true, out);
        out.push('"');
    }
    let text_element = TEXT_ELEMENTS.contains(&e.name.as_str());
    // Whitespace between drawing elements is not shown: it is left out.
    let children: Vec<&Node> = e.children.iter().filter(|c| text_element || !matches!(c, Node::Text(t) if t.trim().is_empty())).collect();
    if children.is_empty() {
        out.push_str("/>");
        return;
    }
    out.push('>');
    for child in children {
        match child {
            Node::Element(c) => write(c, out),
            Node::Text(t) => escape(t, false, out),
        }
    }
    out.push_str("</");
    out.push_str(&e.name);
    out.push('>');
}

fn escape(text: &str, attribute: bool, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            // A literal newline or tab in an attribute would be normalised to a space anyway.
            '\n' | '\t' | '\r' if attribute => out.push(' '),
            c => out.push(c),
        }
    }
}

/// Parses an SVG file into its root element. The XML it reads is the part a hand-written
/// picture needs: an optional `<?xml ...?>` declaration, comments, elements, quoted attributes,
/// text, and the entities `&lt; &gt; &amp; &quot; &apos;` and `&#...;`. Anything else (a
/// DOCTYPE, CDATA, a processing instruction, an unknown entity, a second root) is an error.
pub fn parse(text: &str) -> Result<Element, SvgError> {
    let mut p = Parser { text, pos: 0 };
    p.pos = text.strip_prefix('\u{feff}').map_or(0, |_| '\u{feff}'.len_utf8());
    p.skip_whitespace();
    if p.rest().starts_with("<?xml") && p.rest()[5..].starts_with(|c: char| c.is_whitespace() || c == '?') {
        let end = p.rest().find("?>").ok_or_else(|| p.error("the <?xml declaration is never closed with ?>"))?;
        p.pos += end + 2;
    }
    p.misc()?;
    if !p.rest().starts_with('<') {
        return Err(p.error("a diagram file holds one <svg> element, and this one starts with something else"));
    }
    p.pos += 1;
    let root = p.element(0)?;
    p.misc()?;
    if !p.rest().is_empty() {
        return Err(p.error("more after the </svg>: a diagram file holds one <svg> element"));
    }
    Ok(root)
}

struct Parser<'t> {
    text: &'t str,
    pos: usize,
}

impl<'t> Parser<'t> {
    fn rest(&self) -> &'t str {
        &self.text[self.pos..]
    }

    fn line(&self) -> usize {
        1 + self.text[..self.pos].matches('\n').count()
    }

    fn error(&self, message: impl Into<String>) -> SvgError {
        SvgError { line: self.line(), message: message.into() }
    }

    fn skip_whitespace(&mut self) {
        let rest = self.rest();
        self.pos += rest.len() - rest.trim_start().len();
    }

    /// Whitespace and comments, outside the root or between nodes; refuses the markup a diagram
    /// does not need.
    fn misc(&mut self) -> Result<(), SvgError> {
        loop {
            self.skip_whitespace();
            if self.rest().starts_with("<!--") {
                self.comment()?;
            } else {
                self.refuse_markup_declarations()?;
                return Ok(());
            }
        }
    }

    fn refuse_markup_declarations(&self) -> Result<(), SvgError> {
        let rest = self.rest();
        if rest.starts_with("<!DOCTYPE") || rest.starts_with("<!doctype") {
            return Err(self.error("a DOCTYPE is not allowed in a diagram (it can declare entities): start the file with <svg>"));
        }
        if rest.starts_with("<![CDATA[") {
            return Err(self.error("CDATA is not allowed in a diagram: write the text with &lt; and &amp;"));
        }
        if rest.starts_with("<!") {
            return Err(self.error("a `<!` declaration is not allowed in a diagram"));
        }
        if rest.starts_with("<?") {
            return Err(self.error("a processing instruction `<?` is not allowed in a diagram"));
        }
        Ok(())
    }

    fn comment(&mut self) -> Result<(), SvgError> {
        let body = &self.rest()[4..];
        let end = body.find("-->").ok_or_else(|| self.error("a comment is never closed with -->"))?;
        if body[..end].contains("--") {
            return Err(self.error("`--` inside a comment: XML does not allow it"));
        }
        self.pos += 4 + end + 3;
        Ok(())
    }

    fn name(&mut self) -> Result<String, SvgError> {
        let rest = self.rest();
        let len = rest
            .char_indices()
            .take_while(|&(i, c)| if i == 0 { c.is_ascii_alphabetic() || c == '_' } else { c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | ':') })
            .count();
        if len == 0 {
            return Err(self.error(format!("expected a name after `<` or before `=`, found `{}`", rest.chars().next().map_or("the end of the file".into(), |c| c.to_string()))));
        }
        self.pos += len;
        Ok(rest[..len].to_string())
    }

    /// An element, from just after its `<`.
    fn element(&mut self, depth: usize) -> Result<Element, SvgError> {
        if depth > MAX_DEPTH {
            return Err(self.error(format!("elements are nested more than {MAX_DEPTH} deep")));
        }
        let line = self.line();
        let name = self.name()?;
        let mut attributes = Vec::new();
        loop {
            let before = self.pos;
            self.skip_whitespace();
            let rest = self.rest();
            if rest.starts_with("/>") {
                self.pos += 2;
                return Ok(Element { name, attributes, children: Vec::new(), line });
            }
            if rest.starts_with('>') {
                self.pos += 1;
                break;
            }
            if rest.is_empty() {
                return Err(self.error(format!("<{name}> is never closed")));
            }
            if self.pos == before {
                return Err(self.error(format!("expected whitespace, `>` or `/>` in <{name}>")));
            }
            let attribute = self.name()?;
            self.skip_whitespace();
            if !self.rest().starts_with('=') {
                return Err(self.error(format!("`{attribute}` on <{name}> has no value: write {attribute}=\"...\"")));
            }
            self.pos += 1;
            self.skip_whitespace();
            let quote = match self.rest().chars().next() {
                Some(q @ ('"' | '\'')) => q,
                _ => return Err(self.error(format!("the value of `{attribute}=` must be quoted"))),
            };
            self.pos += 1;
            let end = self.rest().find(quote).ok_or_else(|| self.error(format!("the value of `{attribute}=` is never closed")))?;
            let raw = &self.rest()[..end];
            if raw.contains('<') {
                return Err(self.error(format!("a `<` in the value of `{attribute}=`: write &lt;")));
            }
            let value = self.decode(raw)?;
            self.pos += end + 1;
            attributes.push((attribute, value));
        }
        let mut children = Vec::new();
        loop {
            let rest = self.rest();
            if rest.is_empty() {
                return Err(SvgError { line, message: format!("<{name}> is never closed") });
            }
            if let Some(close) = rest.strip_prefix("</") {
                if !close.starts_with(name.as_str()) || !close[name.len()..].trim_start().starts_with('>') {
                    return Err(self.error(format!("expected </{name}> to close the <{name}> of line {line}")));
                }
                let after = &close[name.len()..];
                self.pos += 2 + name.len() + (after.len() - after.trim_start().len()) + 1;
                return Ok(Element { name, attributes, children, line });
            }
            if rest.starts_with("<!--") {
                self.comment()?;
                continue;
            }
            self.refuse_markup_declarations()?;
            if rest.starts_with('<') {
                self.pos += 1;
                children.push(Node::Element(self.element(depth + 1)?));
                continue;
            }
            let end = rest.find('<').unwrap_or(rest.len());
            let text = self.decode(&rest[..end])?;
            self.pos += end;
            children.push(Node::Text(text));
        }
    }

    /// Text or an attribute value with its entities decoded. `self.pos` is where `raw` starts.
    fn decode(&self, raw: &str) -> Result<String, SvgError> {
        let mut out = String::new();
        let mut rest = raw;
        while let Some(amp) = rest.find('&') {
            out.push_str(&rest[..amp]);
            let after = &rest[amp + 1..];
            let at = SvgError { line: self.line() + raw[..raw.len() - rest.len() + amp].matches('\n').count(), message: String::new() };
            let end = after.find(';').filter(|&e| e <= 10).ok_or_else(|| SvgError { message: "a `&` that starts no entity: write &amp;".into(), ..at.clone() })?;
            let entity = &after[..end];
            let c = match entity {
                "lt" => Some('<'),
                "gt" => Some('>'),
                "amp" => Some('&'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => entity
                    .strip_prefix("#x")
                    .map(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| entity.strip_prefix('#').map(|d| d.parse::<u32>().ok()))
                    .flatten()
                    .and_then(char::from_u32)
                    .filter(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r')),
            };
            let Some(c) = c else {
                return Err(SvgError { message: format!("the entity &{entity}; is not one a diagram may use (&lt; &gt; &amp; &quot; &apos; and numeric ones)"), ..at });
            };
            out.push(c);
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        Ok(out)
    }
}
