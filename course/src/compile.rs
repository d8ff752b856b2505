//! The build-time compiler: `content/*.md` -> validated [`Lesson`]s -> Rust source.
//!
//! Stages, each a plain function: [`load_dir`] reads the files; [`parse_lesson`] splits front
//! matter from markdown and turns pulldown-cmark's events into the typed model; [`check_course`]
//! checks what spans lessons (duplicate slugs, links, related lessons); [`bake`] writes the model
//! as Rust. A `diagram` block reads its SVG from `content/diagrams/` (through the reader
//! [`parse_lesson_with`] is given) and checks it with [`crate::svg`]. Every error carries `file:line` and says what to do. The compiled data is leaked into
//! `&'static` form, which is fine for a build tool that runs once and exits.

use std::collections::{BTreeSet, HashMap};
use std::fmt::{self, Write as _};
use std::path::Path;

use pulldown_cmark::{Alignment, BlockQuoteKind, CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag};

use crate::{
    knob_value, short_answer_matches, with_knob, Align, Block, CalloutKind, Diagram, Inline, Knob, Lesson, Level, Oracle, Predict,
    PredictInput, Quiz, QuizKind, QuizOption, Review, Runner, ShortAnswer, Simulation, TocEntry,
};
use inflight_engine::js::view::{Report, ViewOptions};
use inflight_engine::js::{run_file_limited, Limits, DEFAULT_HEAP_LIMIT, DEFAULT_STEP_BUDGET};

/// A content error: where it is and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContentError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for ContentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

/// Languages a plain code block may name. Any other info string must be a directive.
pub const CODE_LANGUAGES: &[&str] =
    &["ts", "typescript", "js", "javascript", "mjs", "cjs", "json", "sh", "bash", "console", "text", "rust", "toml", "diff"];
/// Fenced-block directives that become typed components.
pub const DIRECTIVES: &[&str] = &["runner", "quiz", "simulation", "diagram"];

/// The folder, inside the content folder, that `diagram` blocks take their SVG files from.
pub const DIAGRAMS_DIR: &str = "diagrams";

/// A caption longer than this is more than the one or two sentences a caption should be.
pub const MAX_CAPTION_CHARS: usize = 400;

/// Reads a diagram's SVG file by its name (`event-loop-phases.svg`), as `parse_lesson_with` is
/// given it: [`load_dir`] reads `<content>/diagrams/<name>`.
pub type DiagramReader<'r> = &'r dyn Fn(&str) -> std::io::Result<String>;

fn leak<T>(v: Vec<T>) -> &'static [T] {
    Box::leak(v.into_boxed_slice())
}

fn leak_str(s: impl Into<String>) -> &'static str {
    Box::leak(s.into().into_boxed_str())
}

/// Reads and compiles every `*.md` in `dir`, sorted by course order. Files whose name starts
/// with `_` are ignored (notes, drafts).
pub fn load_dir(dir: &Path) -> Result<Vec<Lesson>, Vec<ContentError>> {
    let (lessons, errors) = load_dir_parsed(dir);
    if errors.is_empty() {
        Ok(lessons.into_iter().map(|p| p.lesson).collect())
    } else {
        Err(errors)
    }
}

fn load_dir_parsed(dir: &Path) -> (Vec<Parsed>, Vec<ContentError>) {
    let mut files: Vec<_> = match std::fs::read_dir(dir) {
        Ok(entries) => entries.filter_map(Result::ok).map(|e| e.path()).collect(),
        Err(e) => {
            let message = format!("cannot read the content folder: {e}");
            return (Vec::new(), vec![ContentError { file: dir.display().to_string(), line: 0, message }]);
        }
    };
    files.retain(|p| {
        p.extension().is_some_and(|x| x == "md") && !p.file_name().unwrap().to_string_lossy().starts_with('_')
    });
    files.sort();
    let mut lessons = Vec::new();
    let mut errors = Vec::new();
    for path in files {
        let name = format!("content/{}", path.file_name().unwrap().to_string_lossy());
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) => {
                errors.push(ContentError { file: name, line: 0, message: format!("cannot read the file as UTF-8 text: {e}") });
                continue;
            }
        };
        let diagrams = dir.join(DIAGRAMS_DIR);
        let read = |file: &str| std::fs::read_to_string(diagrams.join(file));
        match parse_lesson_with(&name, &text, &read) {
            Ok(lesson) => lessons.push(lesson),
            Err(mut e) => errors.append(&mut e),
        }
    }
    lessons.sort_by_key(|p: &Parsed| (p.lesson.order, p.lesson.slug));
    errors.extend(check_course(&lessons));
    (lessons, errors)
}

/// Errors that need the whole course: duplicate slugs or orders, related lessons and internal
/// links that point nowhere, quiz ids used twice, the same question asked twice.
pub fn check_course(parsed: &[Parsed]) -> Vec<ContentError> {
    let lessons: Vec<Lesson> = parsed.iter().map(|p| p.lesson).collect();
    let mut errors = Vec::new();
    let mut seen: HashMap<&str, &str> = HashMap::new();
    let mut orders: HashMap<u32, &str> = HashMap::new();
    for p in parsed {
        let l = &p.lesson;
        if let Some(first) = seen.insert(l.slug, l.source) {
            errors.push(err(l.source, p.slug_line, format!("duplicate slug `{}`: {first} has it already", l.slug)));
        }
        if let Some(first) = orders.insert(l.order, l.source) {
            errors.push(err(l.source, p.order_line, format!("duplicate order {}: {first} has it already", l.order)));
        }
    }
    let mut quiz_ids: HashMap<&str, (&str, usize)> = HashMap::new();
    let mut fingerprints: HashMap<&str, (&str, usize, &str)> = HashMap::new();
    for p in parsed {
        for &(id, fingerprint, line) in &p.quizzes {
            if let Some((file, first)) = quiz_ids.get(id) {
                errors.push(err(p.lesson.source, line, format!("duplicate quiz id `{id}`: {file}:{first} has it already (ids are unique across the course)")));
                continue;
            }
            quiz_ids.insert(id, (p.lesson.source, line));
            if let Some((file, first, other)) = fingerprints.get(fingerprint) {
                errors.push(err(p.lesson.source, line, format!("quiz `{id}` asks the same question as quiz `{other}` ({file}:{first}), with the same answer")));
                continue;
            }
            fingerprints.insert(fingerprint, (p.lesson.source, line, id));
        }
    }
    let slugs: BTreeSet<&str> = lessons.iter().map(|l| l.slug).collect();
    for p in parsed {
        let l = &p.lesson;
        for r in l.related {
            if !slugs.contains(r) {
                errors.push(err(l.source, p.related_line, format!("related lesson `{r}` does not exist (lessons: {})", join(&slugs))));
            } else if *r == l.slug {
                errors.push(err(l.source, p.related_line, "a lesson cannot be related to itself".into()));
            }
        }
    }
    for p in parsed {
        let l = &p.lesson;
        for &(href, line) in &p.links {
            let (path, anchor) = href.split_once('#').unwrap_or((href, ""));
            let target = if path.is_empty() {
                Some(p)
            } else {
                path.strip_prefix("/lessons/").and_then(|s| s.strip_suffix('/')).and_then(|s| parsed.iter().find(|x| x.lesson.slug == s))
            };
            match target {
                None if path == "/" => {}
                None => errors.push(err(
                    l.source,
                    line,
                    format!("broken internal link `{href}`: write lesson links as /lessons/<slug>/ with one of: {}", join(&slugs)),
                )),
                Some(t) if !anchor.is_empty() && !t.anchors.contains(&anchor) => {
                    errors.push(err(l.source, line, format!("link `{href}`: {} has no heading with the anchor #{anchor}", t.lesson.slug)))
                }
                Some(_) => {}
            }
        }
    }
    errors
}

fn join(set: &BTreeSet<&str>) -> String {
    set.iter().copied().collect::<Vec<_>>().join(", ")
}

fn err(file: &str, line: usize, message: String) -> ContentError {
    ContentError { file: file.to_string(), line, message }
}


/// Parses one lesson file. `file` is the name used in messages (`content/x.md`). It has no
/// diagrams folder: a `diagram` block in it is an error ([`parse_lesson_with`] reads them).
pub fn parse_lesson(file: &str, text: &str) -> Result<Parsed, Vec<ContentError>> {
    let none = |_: &str| Err(std::io::Error::new(std::io::ErrorKind::NotFound, "no diagrams folder was given"));
    parse_lesson_with(file, text, &none)
}

/// Parses one lesson file, reading the SVG of each `diagram` block with `diagrams`.
pub fn parse_lesson_with(file: &str, text: &str, diagrams: DiagramReader) -> Result<Parsed, Vec<ContentError>> {
    let file: &'static str = leak_str(file);
    let (front, body, body_line) = split_front_matter(file, text).map_err(|e| vec![e])?;
    let meta = parse_front_matter(file, &front)?;
    let mut md = Markdown::new(file, &body, body_line, diagrams);
    let blocks = md.blocks();
    if !md.errors.is_empty() {
        return Err(md.errors);
    }
    let expected_slug = Path::new(file).file_stem().unwrap().to_string_lossy().to_string();
    if meta.slug != expected_slug {
        return Err(vec![err(file, meta.slug_line, format!("slug `{}` must match the file name `{expected_slug}.md`", meta.slug))]);
    }
    let lesson = Lesson {
        slug: leak_str(meta.slug),
        title: leak_str(meta.title),
        summary: leak_str(meta.summary),
        level: meta.level,
        minutes: meta.minutes,
        order: meta.order,
        related: leak(meta.related.into_iter().map(leak_str).collect()),
        toc: leak(md.toc),
        body: leak(blocks),
        source: file,
    };
    Ok(Parsed {
        lesson,
        links: md.links,
        anchors: md.anchors,
        quizzes: md.quizzes,
        slug_line: meta.slug_line,
        order_line: meta.order_line,
        related_line: meta.related_line,
    })
}

/// A compiled lesson and the site paths it links to, with their lines (checked course-wide).
#[derive(Clone, Debug)]
pub struct Parsed {
    pub lesson: Lesson,
    pub links: Vec<(&'static str, usize)>,
    /// Every heading id, nested ones included: what `#anchor` links may point at.
    pub anchors: Vec<&'static str>,
    /// Each quiz's id and fingerprint, with the line of its fence.
    pub quizzes: Vec<(&'static str, &'static str, usize)>,
    pub slug_line: usize,
    pub order_line: usize,
    pub related_line: usize,
}

/// Returns (front matter lines with their line numbers, markdown body, line of the body's start).
/// Front matter lines with their line numbers.
type FrontMatter = Vec<(usize, String)>;

fn split_front_matter(file: &str, text: &str) -> Result<(FrontMatter, String, usize), ContentError> {
    let mut lines = text.lines();
    if lines.next().map(str::trim_end) != Some("---") {
        return Err(err(file, 1, "a lesson starts with front matter: a line `---`, `key: value` lines, then `---`".into()));
    }
    let mut front = Vec::new();
    for (i, line) in lines.enumerate() {
        let n = i + 2;
        if line.trim_end() == "---" {
            let body: String = text.lines().skip(n).map(|l| format!("{l}\n")).collect();
            return Ok((front, body, n + 1));
        }
        front.push((n, line.to_string()));
    }
    Err(err(file, 1, "the front matter is never closed: add a line `---` after it".into()))
}

struct Meta {
    title: String,
    slug: String,
    slug_line: usize,
    summary: String,
    level: Level,
    minutes: u32,
    order: u32,
    related: Vec<String>,
    order_line: usize,
    related_line: usize,
}

fn parse_front_matter(file: &str, lines: &[(usize, String)]) -> Result<Meta, Vec<ContentError>> {
    const KEYS: &[&str] = &["title", "slug", "summary", "level", "minutes", "order", "related"];
    let mut values: HashMap<&str, (usize, String)> = HashMap::new();
    let mut errors = Vec::new();
    for (n, line) in lines {
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            errors.push(err(file, *n, format!("expected `key: value`, found `{line}`")));
            continue;
        };
        let key = key.trim();
        let Some(known) = KEYS.iter().find(|k| **k == key) else {
            errors.push(err(file, *n, format!("unknown front matter key `{key}` (known: {})", KEYS.join(", "))));
            continue;
        };
        if values.insert(known, (*n, value.trim().to_string())).is_some() {
            errors.push(err(file, *n, format!("`{key}` is given twice")));
        }
    }
    // The closing `---`: where a missing key is reported.
    let end_line = lines.last().map_or(2, |l| l.0 + 1);
    let mut text = |key: &str| -> (usize, String) {
        match values.get(key) {
            Some((n, v)) if !v.is_empty() => (*n, v.clone()),
            Some((n, _)) => {
                errors.push(err(file, *n, format!("`{key}` is empty")));
                (*n, String::new())
            }
            None => {
                errors.push(err(file, end_line, format!("front matter lacks `{key}`")));
                (end_line, String::new())
            }
        }
    };
    let (_, title) = text("title");
    let (slug_line, slug) = text("slug");
    let (summary_line, summary) = text("summary");
    let (level_line, level) = text("level");
    let (minutes_line, minutes) = text("minutes");
    let (order_line, order) = text("order");
    let related = values.get("related").cloned();
    let mut number = |line: usize, key: &str, v: &str| -> u32 {
        v.parse().unwrap_or_else(|_| {
            if !v.is_empty() {
                errors.push(err(file, line, format!("`{key}` must be a whole number, found `{v}`")));
            }
            0
        })
    };
    let minutes = number(minutes_line, "minutes", &minutes);
    let order = number(order_line, "order", &order);
    let level = match level.as_str() {
        "junior" => Level::Junior,
        "middle" => Level::Middle,
        "senior" => Level::Senior,
        other => {
            if !other.is_empty() {
                errors.push(err(file, level_line, format!("level must be junior, middle or senior, found `{other}`")));
            }
            Level::Junior
        }
    };
    if !slug.is_empty() && !slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
        errors.push(err(file, slug_line, format!("slug `{slug}` may hold only a-z, 0-9 and -")));
    }
    if summary.chars().count() > 200 {
        errors.push(err(file, summary_line, "summary is over 200 characters: keep it to one sentence".into()));
    }
    let related_line = related.as_ref().map_or(end_line, |r| r.0);
    let related = match related {
        None => Vec::new(),
        Some((n, v)) => match v.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
            Some(inner) => inner.split(',').map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect(),
            None => {
                errors.push(err(file, n, format!("related must be a list like `[slug-a, slug-b]`, found `{v}`")));
                Vec::new()
            }
        },
    };
    if errors.is_empty() {
        Ok(Meta { title, slug, slug_line, summary, level, minutes, order, related, order_line, related_line })
    } else {
        Err(errors)
    }
}

/// Walks pulldown-cmark's event stream and builds blocks and inlines.
struct Markdown<'a> {
    file: &'static str,
    events: std::iter::Peekable<pulldown_cmark::OffsetIter<'a, pulldown_cmark::DefaultBrokenLinkCallback>>,
    /// Byte offset where each line of the body starts.
    line_starts: Vec<usize>,
    first_line: usize,
    errors: Vec<ContentError>,
    toc: Vec<TocEntry>,
    ids: HashMap<String, usize>,
    links: Vec<(&'static str, usize)>,
    anchors: Vec<&'static str>,
    /// Element ids handed out to runners, so two can never share one.
    widget_ids: Vec<&'static str>,
    /// Every quiz's id and fingerprint, with the line of its fence (checked course-wide).
    quizzes: Vec<(&'static str, &'static str, usize)>,
    diagrams: DiagramReader<'a>,
}

impl<'a> Markdown<'a> {
    fn new(file: &'static str, body: &'a str, first_line: usize, diagrams: DiagramReader<'a>) -> Self {
        let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_GFM;
        let line_starts = std::iter::once(0).chain(body.match_indices('\n').map(|(i, _)| i + 1)).collect();
        Markdown {
            file,
            events: Parser::new_ext(body, options).into_offset_iter().peekable(),
            line_starts,
            first_line,
            errors: Vec::new(),
            toc: Vec::new(),
            ids: HashMap::new(),
            links: Vec::new(),
            anchors: Vec::new(),
            widget_ids: Vec::new(),
            quizzes: Vec::new(),
            diagrams,
        }
    }

    fn line_of(&self, offset: usize) -> usize {
        self.first_line + self.line_starts.partition_point(|&s| s <= offset) - 1
    }

    fn error(&mut self, offset: usize, message: String) {
        let line = self.line_of(offset);
        self.errors.push(err(self.file, line, message));
    }

    /// Blocks until the end tag that closes the current container (or the end of input).
    fn blocks(&mut self) -> Vec<Block> {
        let mut out = Vec::new();
        while let Some((event, range)) = self.events.next() {
            let at = range.start;
            match event {
                Event::End(_) => break,
                Event::Start(Tag::Paragraph) => out.push(Block::Paragraph(leak(self.inlines()))),
                Event::Start(Tag::Heading { level, .. }) => {
                    let level = heading_number(level);
                    let content = self.inlines();
                    let text = plain_text(&content);
                    if level == 1 {
                        self.error(at, "use `##` and below: the lesson title is the page's only level-1 heading".into());
                    }
                    let id = self.unique_id(&text);
                    if level == 2 || level == 3 {
                        self.toc.push(TocEntry { level, id, text: leak_str(text) });
                    }
                    out.push(Block::Heading { level, id, content: leak(content) });
                }
                Event::Start(Tag::BlockQuote(kind)) => {
                    let body = leak(self.blocks());
                    out.push(match kind {
                        None => Block::Quote(body),
                        Some(kind) => Block::Callout { kind: callout_kind(kind), body },
                    });
                }
                Event::Start(Tag::CodeBlock(kind)) => {
                    let mut code = String::new();
                    for (event, _) in self.events.by_ref() {
                        match event {
                            Event::Text(t) => code.push_str(&t),
                            _ => break,
                        }
                    }
                    let info = match kind {
                        CodeBlockKind::Fenced(info) => info.to_string(),
                        CodeBlockKind::Indented => String::new(),
                    };
                    if let Some(block) = self.code_block(at, info.trim(), code) {
                        out.push(block);
                    }
                }
                Event::Start(Tag::List(start)) => {
                    let mut items = Vec::new();
                    while let Some((event, _)) = self.events.next() {
                        match event {
                            Event::Start(Tag::Item) => items.push(leak(self.item())),
                            _ => break,
                        }
                    }
                    out.push(Block::List { start, items: leak(items) });
                }
                Event::Start(Tag::Table(align)) => out.push(self.table(align)),
                Event::Start(Tag::HtmlBlock) => {
                    // Shown as text, never injected.
                    let mut html = String::new();
                    for (event, _) in self.events.by_ref() {
                        match event {
                            Event::Html(t) | Event::Text(t) => html.push_str(&t),
                            _ => break,
                        }
                    }
                    // Comments are notes for authors: dropped. Any other HTML is shown as text.
                    if !html.trim_start().starts_with("<!--") {
                        out.push(Block::Paragraph(leak(vec![Inline::Text(leak_str(html.trim_end()))])));
                    }
                }
                Event::Rule => out.push(Block::Rule),
                Event::Start(Tag::Image { .. }) => {
                    self.error(at, "images are not supported yet: describe it in text, or draw it as a demo".into());
                    self.skip_to_end();
                }
                Event::Start(Tag::FootnoteDefinition(_)) | Event::FootnoteReference(_) => {
                    self.error(at, "footnotes are not supported: put the note in the text".into());
                }
                // Loose inline content at block level (tight list items): wrap it in a paragraph.
                Event::Text(_) | Event::Code(_) | Event::Start(_) | Event::SoftBreak | Event::HardBreak | Event::InlineHtml(_) | Event::Html(_) => {
                    let mut inlines = Vec::new();
                    self.inline_event(event, at, &mut inlines);
                    while let Some((e, _)) = self.events.peek() {
                        if matches!(e, Event::Text(_) | Event::Code(_) | Event::SoftBreak | Event::HardBreak | Event::InlineHtml(_))
                            || matches!(e, Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. }))
                        {
                            let (e, r) = self.events.next().unwrap();
                            self.inline_event(e, r.start, &mut inlines);
                        } else {
                            break;
                        }
                    }
                    out.push(Block::Paragraph(leak(inlines)));
                }
                other => self.error(at, format!("unsupported markdown: {other:?}")),
            }
        }
        out
    }

    fn item(&mut self) -> Vec<Block> {
        self.blocks()
    }

    fn skip_to_end(&mut self) {
        let mut depth = 1;
        for (event, _) in self.events.by_ref() {
            match event {
                Event::Start(_) => depth += 1,
                Event::End(_) => {
                    depth -= 1;
                    if depth == 0 {
                        return;
                    }
                }
                _ => {}
            }
        }
    }

    /// Inlines until the end tag that closes the current inline container.
    fn inlines(&mut self) -> Vec<Inline> {
        let mut out = Vec::new();
        while let Some((event, range)) = self.events.next() {
            if matches!(event, Event::End(_)) {
                break;
            }
            self.inline_event(event, range.start, &mut out);
        }
        out
    }

    fn inline_event(&mut self, event: Event<'a>, at: usize, out: &mut Vec<Inline>) {
        match event {
            Event::Text(t) => out.push(Inline::Text(leak_str(t.to_string()))),
            Event::Code(t) => out.push(Inline::Code(leak_str(t.to_string()))),
            // Raw HTML is kept as the text the author typed: visible, never parsed.
            Event::InlineHtml(t) | Event::Html(t) if t.starts_with("<!--") => {}
            Event::InlineHtml(t) | Event::Html(t) => out.push(Inline::Text(leak_str(t.to_string()))),
            Event::SoftBreak => out.push(Inline::Text(" ")),
            Event::HardBreak => out.push(Inline::LineBreak),
            Event::Start(Tag::Emphasis) => out.push(Inline::Emphasis(leak(self.inlines()))),
            Event::Start(Tag::Strong) => out.push(Inline::Strong(leak(self.inlines()))),
            Event::Start(Tag::Strikethrough) => out.push(Inline::Strike(leak(self.inlines()))),
            Event::Start(Tag::Link { dest_url, .. }) => {
                let href = leak_str(dest_url.to_string());
                let content = leak(self.inlines());
                if let Some(message) = check_href(href) {
                    self.error(at, message);
                }
                if href.starts_with('/') || href.starts_with('#') {
                    let line = self.line_of(at);
                    self.links.push((href, line));
                }
                out.push(Inline::Link { href, content });
            }
            Event::Start(Tag::Image { .. }) => {
                self.error(at, "images are not supported yet: describe it in text, or draw it as a demo".into());
                self.skip_to_end();
            }
            Event::FootnoteReference(_) => self.error(at, "footnotes are not supported: put the note in the text".into()),
            Event::TaskListMarker(done) => out.push(Inline::Text(if done { "[x] " } else { "[ ] " })),
            other => self.error(at, format!("unsupported inline markdown: {other:?}")),
        }
    }

    fn table(&mut self, align: Vec<Alignment>) -> Block {
        let mut head = Vec::new();
        let mut rows = Vec::new();
        while let Some((event, _)) = self.events.next() {
            match event {
                Event::Start(Tag::TableHead) => head = self.cells(),
                Event::Start(Tag::TableRow) => rows.push(leak(self.cells())),
                _ => break,
            }
        }
        let align = align
            .into_iter()
            .map(|a| match a {
                Alignment::None => Align::None,
                Alignment::Left => Align::Left,
                Alignment::Center => Align::Center,
                Alignment::Right => Align::Right,
            })
            .collect();
        Block::Table { align: leak(align), head: leak(head), rows: leak(rows) }
    }

    fn cells(&mut self) -> Vec<&'static [Inline]> {
        let mut cells = Vec::new();
        while let Some((event, _)) = self.events.next() {
            match event {
                Event::Start(Tag::TableCell) => cells.push(leak(self.inlines())),
                _ => break,
            }
        }
        cells
    }

    fn unique_id(&mut self, text: &str) -> &'static str {
        let mut base = slugify(text);
        // Ids the page itself uses, and the prefixes of runners, quizzes and diagrams (whose
        // SVGs' ids start with it too), are not available to headings.
        if base == "main" || base == "related-title" || ["run-", "quiz-", "diagram-"].iter().any(|p| base.starts_with(p)) {
            base = format!("section-{base}");
        }
        let n = self.ids.entry(base.clone()).or_insert(0);
        *n += 1;
        let id = leak_str(if *n == 1 { base } else { format!("{base}-{n}") });
        self.anchors.push(id);
        id
    }

    fn code_block(&mut self, at: usize, info: &str, code: String) -> Option<Block> {
        let mut words = info.split_whitespace();
        let first = words.next().unwrap_or("");
        let line = self.line_of(at);
        match first {
            "runner" => {
                let spec = match parse_runner_info(info["runner".len()..].trim()) {
                    Ok(spec) => spec,
                    Err(message) => {
                        self.error(at, message);
                        return None;
                    }
                };
                let stem = spec.file.rsplit_once('.').map_or(spec.file.as_str(), |(s, _)| s);
                let base = format!("run-{}", slugify(stem));
                let same = self.widget_ids.iter().filter(|i| **i == base || i.starts_with(&format!("{base}-"))).count();
                let id = leak_str(if same == 0 { base } else { format!("{base}-{}", same + 1) });
                self.widget_ids.push(id);
                match check_runner(spec, &code, line + 1) {
                    Ok((mut runner, _)) => {
                        runner.id = id;
                        Some(Block::Runner(runner))
                    }
                    Err((line, message)) => {
                        self.errors.push(err(self.file, line, message));
                        None
                    }
                }
            }
            "simulation" => match parse_simulation(info["simulation".len()..].trim(), &code, line) {
                Ok(mut sim) => {
                    let base = format!("sim-{}", sim.model);
                    let same = self.widget_ids.iter().filter(|i| **i == base || i.starts_with(&format!("{base}-"))).count();
                    sim.id = leak_str(if same == 0 { base } else { format!("{base}-{}", same + 1) });
                    self.widget_ids.push(sim.id);
                    Some(Block::Simulation(sim))
                }
                Err((line, message)) => {
                    self.errors.push(err(self.file, line, message));
                    None
                }
            },
            "diagram" => self.diagram(at, info["diagram".len()..].trim(), &code),
            "quiz" => match parse_quiz(info["quiz".len()..].trim(), &code, line) {
                Ok(mut quiz) => {
                    if let QuizKind::Predict(p) = &mut quiz.kind {
                        // Under the question's own element ids, which headings keep off.
                        p.program.id = leak_str(format!("quiz-{}-run", quiz.id));
                        self.widget_ids.push(p.program.id);
                    }
                    self.quizzes.push((quiz.id, quiz.fingerprint, line));
                    Some(Block::Quiz(quiz))
                }
                Err((line, message)) => {
                    self.errors.push(err(self.file, line, message));
                    None
                }
            },
            lang if lang.is_empty() || CODE_LANGUAGES.contains(&lang) => {
                let code = code.strip_suffix('\n').unwrap_or(&code);
                Some(Block::Code { lang: leak_str(lang), code: leak_str(code) })
            }
            other => {
                self.error(
                    at,
                    format!(
                        "unknown directive or language `{other}` (directives: {}; languages: {})",
                        DIRECTIVES.join(", "),
                        CODE_LANGUAGES.join(", ")
                    ),
                );
                None
            }
        }
    }
}

impl Markdown<'_> {
    /// A diagram block: `diagram file=NAME.svg`, its body the caption. Every error is reported
    /// at the fence; one about the SVG names the file's own line too.
    fn diagram(&mut self, at: usize, info: &str, body: &str) -> Option<Block> {
        let line = self.line_of(at);
        let words = match info_words(info) {
            Ok(words) => words,
            Err(e) => {
                self.error(at, format!("diagram: {e}"));
                return None;
            }
        };
        let mut file = None;
        for word in &words {
            match word.split_once('=') {
                Some(("file", value)) if file.is_none() => file = Some(value.to_string()),
                Some(("file", _)) => {
                    self.error(at, "diagram: `file=` is given twice".into());
                    return None;
                }
                _ => {
                    self.error(at, format!("diagram: unknown option `{word}` (options: file=)"));
                    return None;
                }
            }
        }
        let Some(file) = file else {
            self.error(at, format!("a diagram block needs `file=NAME.svg`, a file in content/{DIAGRAMS_DIR}/"));
            return None;
        };
        let stem = file.strip_suffix(".svg").filter(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'));
        let Some(stem) = stem else {
            self.error(at, format!("diagram: `file={file}` must name a file in content/{DIAGRAMS_DIR}/: lowercase letters, digits and -, ending in .svg"));
            return None;
        };
        let base = format!("diagram-{stem}");
        let same = self.widget_ids.iter().filter(|i| **i == base || i.starts_with(&format!("{base}-"))).count();
        let id = leak_str(if same == 0 { base } else { format!("{base}-{}", same + 1) });
        self.widget_ids.push(id);

        let path = format!("content/{DIAGRAMS_DIR}/{file}");
        let text = match (self.diagrams)(&file) {
            Ok(text) => text,
            Err(e) => {
                self.error(at, format!("diagram: cannot read {path}: {e}"));
                return None;
            }
        };
        let checked = match crate::svg::check(&text, id) {
            Ok(checked) => checked,
            Err(e) => {
                self.error(at, format!("diagram `{file}`: {path}:{}: {}", e.line, e.message));
                return None;
            }
        };

        if body.trim().is_empty() {
            self.error(at, format!("the diagram `{file}` has no caption: write one or two sentences in the block, saying what to look at in the picture"));
            return None;
        }
        // The caption is markdown of its own, one paragraph of inline text; its links are
        // checked with the lesson's.
        let mut md = Markdown::new(self.file, body, line + 1, self.diagrams);
        let blocks = md.blocks();
        let had_errors = !md.errors.is_empty();
        self.errors.append(&mut md.errors);
        self.links.append(&mut md.links);
        let caption = match blocks.as_slice() {
            [Block::Paragraph(inlines)] => *inlines,
            _ if had_errors => return None,
            _ => {
                self.error(at, format!("the caption of `{file}` must be one paragraph of text (inline markdown only: `code`, *emphasis*, links)"));
                return None;
            }
        };
        let length = plain_text(caption).chars().count();
        if length > MAX_CAPTION_CHARS {
            self.error(at, format!("the caption of `{file}` is {length} characters, over {MAX_CAPTION_CHARS}: keep it to one or two sentences and say the rest in the lesson"));
            return None;
        }
        Some(Block::Diagram(Diagram { id, file: leak_str(file.as_str()), svg: leak_str(checked.svg), label: leak_str(checked.label), caption }))
    }
}

fn heading_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn callout_kind(kind: BlockQuoteKind) -> CalloutKind {
    match kind {
        BlockQuoteKind::Note => CalloutKind::Note,
        BlockQuoteKind::Tip => CalloutKind::Tip,
        BlockQuoteKind::Important => CalloutKind::Important,
        BlockQuoteKind::Warning => CalloutKind::Warning,
        BlockQuoteKind::Caution => CalloutKind::Caution,
    }
}

/// The visible text of some inlines.
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut s = String::new();
    for i in inlines {
        match i {
            Inline::Text(t) | Inline::Code(t) => s.push_str(t),
            Inline::Emphasis(c) | Inline::Strong(c) | Inline::Strike(c) | Inline::Link { content: c, .. } => s.push_str(&plain_text(c)),
            Inline::LineBreak => s.push(' '),
        }
    }
    s
}

/// A heading's anchor: lowercase words joined by `-`.
pub fn slugify(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if (c.is_whitespace() || c == '-' || c == '_') && !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "section".into()
    } else {
        out
    }
}

/// Links must be external (http/https/mailto), a lesson path or an anchor.
fn check_href(href: &str) -> Option<String> {
    let lower = href.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:") {
        return None;
    }
    if href.starts_with('/') || href.starts_with('#') {
        return None; // checked against the course once every lesson is parsed
    }
    Some(format!("link `{href}` is neither a site path (/lessons/<slug>/), an anchor (#id) nor an http(s) URL"))
}

/// A runner block's info string, parsed: `runner file=NAME title="..." lanes=a,b seed=N
/// knob="NAME MIN..MAX Label" predict oracle=node`.
struct RunnerSpec {
    file: String,
    title: String,
    lanes: Vec<String>,
    knobs: Vec<(String, i64, i64, String)>,
    seed: u32,
    predict: bool,
    oracle: Oracle,
    /// The exit status the program must end with: 0 for a runner.
    exit: i32,
    /// What messages call it: `runner` or `predict program`.
    noun: &'static str,
}

impl RunnerSpec {
    fn new(noun: &'static str) -> RunnerSpec {
        RunnerSpec { file: String::new(), title: String::new(), lanes: vec![], knobs: vec![], seed: 1, predict: false, oracle: Oracle::Virtual, exit: 0, noun }
    }
}

/// Words of an info string; a double-quoted part is one word (`key="two words"`).
fn info_words(info: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    let mut any = false;
    for c in info.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                any = true;
            }
            c if c.is_whitespace() && !quoted => {
                if any {
                    words.push(std::mem::take(&mut word));
                    any = false;
                }
            }
            c => {
                word.push(c);
                any = true;
            }
        }
    }
    if quoted {
        return Err("the info string has an unclosed `\"`".into());
    }
    if any {
        words.push(word);
    }
    Ok(words)
}

const RUNNER_EXTENSIONS: &[&str] = &["ts", "mts", "cts", "js", "mjs", "cjs"];

fn parse_runner_info(info: &str) -> Result<RunnerSpec, String> {
    let mut spec = RunnerSpec::new("runner");
    for word in info_words(info)? {
        let (key, value) = word.split_once('=').unwrap_or((word.as_str(), ""));
        if program_option(&mut spec, key, value)? {
            continue;
        }
        match key {
            "predict" if value.is_empty() => spec.predict = true,
            "knob" => {
                let mut parts = value.splitn(3, ' ');
                let name = parts.next().unwrap_or("");
                let range = parts.next().unwrap_or("");
                let label = parts.next().unwrap_or("").trim();
                let bounds = range.split_once("..").and_then(|(a, b)| Some((a.parse::<i64>().ok()?, b.parse::<i64>().ok()?)));
                let Some((min, max)) = bounds.filter(|(a, b)| a <= b) else {
                    return Err(format!("runner: `knob=\"{value}\"` must be `knob=\"NAME MIN..MAX Label\"` with MIN <= MAX"));
                };
                if name.is_empty() || label.is_empty() {
                    return Err(format!("runner: `knob=\"{value}\"` needs a constant's name and a label: `knob=\"NAME MIN..MAX Label\"`"));
                }
                spec.knobs.push((name.to_string(), min, max, label.to_string()));
            }
            _ => return Err(format!("runner: unknown option `{word}` (options: file=, title=, lanes=, seed=, knob=, predict, oracle=)")),
        }
    }
    if spec.file.is_empty() || spec.title.is_empty() {
        return Err("a runner block needs `file=NAME.ts` (or .js, .mjs, ...) and `title=\"...\"`".into());
    }
    Ok(spec)
}

/// The options a runner and a predict question share: `file=`, `title=`, `lanes=`, `seed=`,
/// `oracle=`. False when `key` is none of them.
fn program_option(spec: &mut RunnerSpec, key: &str, value: &str) -> Result<bool, String> {
    let noun = spec.noun;
    match key {
        "file" => {
            let ext = value.rsplit_once('.').map_or("", |(_, e)| e);
            if !RUNNER_EXTENSIONS.contains(&ext) || value.contains('/') {
                return Err(format!("{noun}: `file={value}` must be a file name ending in .{}", RUNNER_EXTENSIONS.join(", .")));
            }
            spec.file = value.to_string();
        }
        "title" => spec.title = value.to_string(),
        "lanes" => spec.lanes = value.split(',').map(str::trim).filter(|l| !l.is_empty()).map(String::from).collect(),
        "seed" => spec.seed = value.parse().map_err(|_| format!("{noun}: `seed={value}` must be a whole number from 0 to 4294967295"))?,
        "oracle" => {
            spec.oracle = match value {
                "virtual" => Oracle::Virtual,
                "node" => Oracle::Node,
                _ => return Err(format!("{noun}: `oracle={value}`: the oracles are `virtual` (fake timers, seeded random) and `node`")),
            }
        }
        _ => return Ok(false),
    }
    Ok(true)
}

/// Runs a runner's code as a reader's browser will, to the end, twice: it must run without
/// being refused or stopped, exit with the status the spec expects (0 for a runner), and record
/// the same thing both times; and so with every knob at its bounds. Errors point at the block's
/// lines (`first_line` is the code's). Returns the runner and its run's report.
fn check_runner(spec: RunnerSpec, code: &str, first_line: usize) -> Result<(Runner, Report), (usize, String)> {
    let noun = spec.noun;
    let options = ViewOptions { lanes: spec.lanes.clone(), max_steps: inflight_engine::js::view::DEFAULT_MAX_STEPS };
    let run = |code: &str| -> Report {
        let limits = Limits { steps: DEFAULT_STEP_BUDGET, seed: spec.seed, heap_bytes: DEFAULT_HEAP_LIMIT, collect_every: None };
        inflight_engine::js::report(&spec.file, code, limits, &options)
    };
    let check = |code: &str, what: &str| -> Result<Report, (usize, String)> {
        let report = run(code);
        if let Some(stop) = &report.stopped {
            let line = if stop.line > 0 { first_line + stop.line as usize - 1 } else { first_line.saturating_sub(1) };
            return Err((line, format!("{noun} `{}`{what}: {}:{}: {}", spec.file, stop.line, stop.column, stop.message)));
        }
        if report.exit_code != spec.exit {
            let last = report.view.console.iter().rev().find(|l| l.stderr).map_or("", |l| l.text.as_str());
            let expected = if spec.exit == 0 { String::new() } else { format!(" instead of {} (`exit={}`)", spec.exit, spec.exit) };
            return Err((first_line.saturating_sub(1), format!("{noun} `{}`{what} exits with status {}{expected}: {last}", spec.file, report.exit_code)));
        }
        if report.view.truncated {
            return Err((first_line.saturating_sub(1), format!("{noun} `{}`{what} records more than a reader can step through: make it smaller", spec.file)));
        }
        Ok(report)
    };
    let first = check(code, "")?;
    if run(code) != first {
        return Err((first_line.saturating_sub(1), format!("{noun} `{}` does not record the same run twice: it is not deterministic", spec.file)));
    }
    for lane in &spec.lanes {
        if !first.view.lanes.iter().any(|l| &l.function == lane) {
            return Err((first_line.saturating_sub(1), format!("{noun} `{}`: `lanes={lane}`, but the program never calls a function named `{lane}`", spec.file)));
        }
    }
    let mut knobs = Vec::new();
    for (name, min, max, label) in &spec.knobs {
        let Some(value) = knob_value(code, name) else {
            return Err((first_line.saturating_sub(1), format!("runner `{}`: knob `{name}` needs a line `const {name} = <integer>;` in the code", spec.file)));
        };
        if !(*min..=*max).contains(&value) {
            return Err((first_line.saturating_sub(1), format!("runner `{}`: knob `{name}` is {value} in the code, outside {min}..{max}", spec.file)));
        }
        for bound in [*min, *max] {
            let changed = with_knob(code, name, bound).expect("the knob was found");
            check(&changed, &format!(" with {name} = {bound}"))?;
        }
        knobs.push(Knob { name: leak_str(name.as_str()), label: leak_str(label.as_str()), min: *min, max: *max, value });
    }
    let runner = Runner {
        id: "",
        title: leak_str(spec.title),
        file: leak_str(spec.file),
        code: leak_str(code.strip_suffix('\n').unwrap_or(code)),
        lanes: leak(spec.lanes.into_iter().map(leak_str).collect()),
        knobs: leak(knobs),
        seed: spec.seed,
        predict: spec.predict,
        oracle: spec.oracle,
    };
    Ok((runner, first))
}

/// A simulation block: `simulation model=NAME title="..." [seed=N]`, then the lines `A: name=value
/// ...` and `B: name=value ...` (B may be left out: then B is A). `line` is the fence's.
fn parse_simulation(info: &str, body: &str, line: usize) -> Result<Simulation, (usize, String)> {
    let words = info_words(info).map_err(|e| (line, format!("simulation: {e}")))?;
    let (mut model, mut title, mut seed) = (None, None, 1u32);
    for word in &words {
        let (key, value) = word.split_once('=').unwrap_or((word.as_str(), ""));
        match key {
            "model" => {
                model = Some(inflight_sims::Model::from_name(value).ok_or_else(|| {
                    let names: Vec<_> = inflight_sims::Model::ALL.iter().map(|m| m.name()).collect();
                    (line, format!("simulation: unknown model `{value}` (models: {})", names.join(", ")))
                })?)
            }
            "title" if !value.is_empty() => title = Some(value.to_string()),
            "seed" => seed = value.parse().map_err(|_| (line, format!("simulation: `seed={value}` must be a whole number from 0 to {}", u32::MAX)))?,
            _ => return Err((line, format!("simulation: unknown option `{word}` (options: model=, title=, seed=)"))),
        }
    }
    let (Some(model), Some(title)) = (model, title) else {
        return Err((line, "a simulation block needs `model=NAME` and `title=\"...\"`".into()));
    };
    let (mut a, mut b) = (None, None);
    for (i, text) in body.lines().enumerate() {
        let at = line + 1 + i;
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        let (slot, name) = match text.split_once(':') {
            Some(("A", rest)) => (&mut a, ("A", rest)),
            Some(("B", rest)) => (&mut b, ("B", rest)),
            _ => return Err((at, format!("simulation: `{text}` must be `A: name=value ...` or `B: name=value ...`"))),
        };
        if slot.is_some() {
            return Err((at, format!("simulation: setting {} is given twice", name.0)));
        }
        *slot = Some(model.parse(name.1, name.0).map_err(|e| (at, format!("simulation: {e}")))?);
    }
    let a = a.ok_or((line, "simulation: the block needs a line `A: name=value ...`".to_string()))?;
    let b = b.unwrap_or_else(|| a.clone());
    Ok(Simulation { id: "", model: model.name(), title: leak_str(title), a: leak(a), b: leak(b), seed })
}

/// The kinds of question, as a quiz block's info string names them (none: single choice).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum KindWord {
    Single,
    Multiple,
    Predict,
    Short,
    Review,
}

const KIND_WORDS: &[(&str, KindWord)] =
    &[("multiple", KindWord::Multiple), ("predict", KindWord::Predict), ("short", KindWord::Short), ("review", KindWord::Review)];

impl KindWord {
    fn describe(self) -> &'static str {
        match self {
            KindWord::Single => "a single-choice question",
            KindWord::Multiple => "a multiple-select question",
            KindWord::Predict => "a predict-the-output question",
            KindWord::Short => "a short-answer question",
            KindWord::Review => "a review prompt",
        }
    }

    /// The lines a body of this kind may hold, for messages.
    fn lines(self) -> &'static str {
        match self {
            KindWord::Single => "`? question`, `- [ ] option`, `- [x] right option`, an indented `> why` under an option, `hint: ...`, `> explanation`",
            KindWord::Multiple => "`? question`, `- [ ] option`, `- [x] right option` (one or more), an indented `> why` under an option, `hint: ...`, `> explanation`",
            KindWord::Predict => "`? question`, `hint: ...`, `> explanation`, then `---` and the program",
            KindWord::Short => "`? question`, `= accepted answer` (one or more), `hint: ...`, `> explanation`",
            KindWord::Review => "`? prompt`, `hint: ...`, `> model answer`",
        }
    }
}

/// A quiz block's info string, parsed: `quiz [multiple|predict|short|review] id=NAME`, and for a
/// predict question its program's options (`file=`, `title=`, `seed=`, `lanes=`, `oracle=`)
/// with `input=arrange|type` and `exit=N`.
struct QuizSpec {
    id: String,
    kind: KindWord,
    program: RunnerSpec,
    input: PredictInput,
}

const QUIZ_OPTIONS: &str = "id=; multiple, predict, short or review; and for predict: file=, title=, seed=, lanes=, oracle=, input=, exit=";

fn parse_quiz_info(info: &str) -> Result<QuizSpec, String> {
    let mut id: Option<String> = None;
    let mut kind: Option<(&str, KindWord)> = None;
    let mut program = RunnerSpec::new("predict program");
    let mut input = PredictInput::Arrange;
    // Options only a predict question takes, as given.
    let mut program_keys = Vec::new();
    for word in info_words(info)? {
        if let Some(&(name, k)) = KIND_WORDS.iter().find(|(name, _)| *name == word) {
            if let Some((first, _)) = kind {
                return Err(format!("quiz: `{first}` and `{name}`: a question is of one kind"));
            }
            kind = Some((name, k));
            continue;
        }
        let (key, value) = word.split_once('=').unwrap_or((word.as_str(), ""));
        match key {
            "id" => {
                let valid = value.starts_with(|c: char| c.is_ascii_lowercase())
                    && value.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                    && !value.ends_with('-');
                if !valid {
                    return Err(format!("quiz: `id={value}`: an id is lowercase letters, digits and `-`, starting with a letter"));
                }
                if id.is_some() {
                    return Err("quiz: `id=` is given twice".into());
                }
                id = Some(value.to_string());
            }
            "input" => {
                input = match value {
                    "arrange" => PredictInput::Arrange,
                    "type" => PredictInput::Type,
                    _ => return Err(format!("quiz: `input={value}`: the reader either arranges the printed lines (`input=arrange`) or types them (`input=type`)")),
                };
                program_keys.push(key.to_string());
            }
            "exit" => {
                program.exit = value.parse().ok().filter(|c| (0..=255).contains(c)).ok_or_else(|| format!("quiz: `exit={value}` must be an exit status from 0 to 255"))?;
                program_keys.push(key.to_string());
            }
            _ if program_option(&mut program, key, value)? => program_keys.push(key.to_string()),
            _ => return Err(format!("quiz: unknown option `{word}` (options: {QUIZ_OPTIONS})")),
        }
    }
    let kind = kind.map_or(KindWord::Single, |(_, k)| k);
    let Some(id) = id else {
        return Err("a quiz block needs an id: ```quiz id=some-name``` (lowercase letters, digits and -, unique across the course)".into());
    };
    if kind != KindWord::Predict {
        if let Some(key) = program_keys.first() {
            return Err(format!("quiz: `{key}=` is an option of predict questions, and this is {}", kind.describe()));
        }
    } else if program.file.is_empty() {
        return Err("a predict question needs `file=NAME.js` (or .ts, .mjs, ...): the name its program runs under".into());
    }
    if program.title.is_empty() {
        program.title = program.file.clone();
    }
    Ok(QuizSpec { id, kind, program, input })
}

/// Text of `>` lines: consecutive lines join with a space, a bare `>` starts a new paragraph.
fn push_text(text: &mut String, piece: &str) {
    if piece.is_empty() {
        if !text.is_empty() && !text.ends_with("\n\n") {
            text.push_str("\n\n");
        }
    } else {
        if !text.is_empty() && !text.ends_with("\n\n") {
            text.push(' ');
        }
        text.push_str(piece);
    }
}

/// `- [ ] text` or `- [x] text`: whether it is marked right, and its text.
fn option_line(line: &str) -> Option<(bool, &str)> {
    if let Some(t) = line.strip_prefix("- [ ]") {
        Some((false, t.trim()))
    } else {
        line.strip_prefix("- [x]").or_else(|| line.strip_prefix("- [X]")).map(|t| (true, t.trim()))
    }
}

/// A `>` text being collected, with the line it starts on.
#[derive(Default)]
struct Text {
    line: usize,
    text: String,
}

impl Text {
    fn push(&mut self, line: usize, piece: &str) {
        if self.text.is_empty() && self.line == 0 {
            self.line = line;
        }
        push_text(&mut self.text, piece);
    }

    fn done(self) -> Option<(usize, String)> {
        let text = self.text.trim_end().to_string();
        (!text.is_empty()).then_some((self.line, text))
    }
}

struct OptionDraft {
    line: usize,
    text: String,
    right: bool,
    explanation: Text,
}

/// A quiz block: the info string after `quiz`, the body, and the line of the opening fence.
/// The body holds `? question`, `hint: ...`, `> explanation` lines, and by kind: options
/// `- [ ] text` / `- [x] text`, each with optional indented `> why` lines under it; accepted
/// answers `= text`; or, after a line `---`, the program whose output is the answer.
fn parse_quiz(info: &str, body: &str, fence_line: usize) -> Result<Quiz, (usize, String)> {
    let spec = parse_quiz_info(info).map_err(|m| (fence_line, m))?;
    let kind = spec.kind;
    let first_line = fence_line + 1;
    // Where a missing line is reported: the body's last line, or the `---` before a program.
    let mut last = first_line + body.lines().count().max(1) - 1;
    let mut question: Option<(usize, String)> = None;
    let mut hint: Option<(usize, String)> = None;
    let mut options: Vec<OptionDraft> = Vec::new();
    let mut explanation = Text::default();
    let mut accepted: Vec<(usize, String)> = Vec::new();
    let mut program: Option<(usize, String)> = None;
    // Whether the last line given was an option or its explanation: an indented `>` then
    // explains that option.
    let mut under_option = false;
    let mut offset = 0;
    for (i, raw) in body.split_inclusive('\n').enumerate() {
        let n = first_line + i;
        offset += raw.len();
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        if line == "---" {
            if kind != KindWord::Predict {
                return Err((n, format!("`---` starts the program of a predict question, and this is {}", kind.describe())));
            }
            program = Some((n + 1, body[offset..].to_string()));
            last = n;
            break;
        }
        let indented = raw.starts_with([' ', '\t']);
        if let Some(q) = line.strip_prefix('?') {
            if question.is_some() {
                return Err((n, "a quiz block holds one question: start another ```quiz block".into()));
            }
            question = Some((n, q.trim().to_string()));
        } else if let Some(h) = line.strip_prefix("hint:") {
            if hint.is_some() {
                return Err((n, "a question has one `hint:` line".into()));
            }
            hint = Some((n, h.trim().to_string()));
        } else if let Some((right, text)) = option_line(line) {
            if !matches!(kind, KindWord::Single | KindWord::Multiple) {
                return Err((n, format!("`- [ ]` options belong to single-choice and multiple-select questions, and this is {}", kind.describe())));
            }
            if right && kind == KindWord::Single && options.iter().any(|o| o.right) {
                return Err((n, "a quiz has exactly one right answer, marked `- [x]`; this is the second (a question with several is ```quiz multiple ...```)".into()));
            }
            options.push(OptionDraft { line: n, text: text.to_string(), right, explanation: Text::default() });
            under_option = true;
            continue;
        } else if let Some(e) = line.strip_prefix('>') {
            if indented {
                match options.last_mut() {
                    Some(o) if under_option => o.explanation.push(n, e.trim()),
                    _ => return Err((n, "an indented `>` explains the option just above it: put it under a `- [ ]` line, or unindent it to explain the question".into())),
                }
                continue;
            }
            explanation.push(n, e.trim());
        } else if let Some(a) = line.strip_prefix('=') {
            if kind != KindWord::Short {
                return Err((n, format!("`= answer` lines are the key of a short-answer question (```quiz short ...```), and this is {}", kind.describe())));
            }
            accepted.push((n, a.trim().to_string()));
        } else {
            return Err((n, format!("unexpected line in {}: `{line}` (it takes {})", kind.describe(), kind.lines())));
        }
        under_option = false;
    }

    let Some((question_line, question)) = question else {
        return Err((first_line, "the quiz has no question: add a line `? Your question`".into()));
    };
    if question.is_empty() {
        return Err((question_line, "the question is empty: write it after the `?`".into()));
    }
    let explanation = explanation.done();
    let mut texts: Vec<(usize, &str)> = vec![(question_line, question.as_str())];
    texts.extend(hint.iter().map(|(n, h)| (*n, h.as_str())));
    texts.extend(explanation.iter().map(|(n, e)| (*n, e.as_str())));
    let kind = match kind {
        KindWord::Single | KindWord::Multiple => {
            if let Some(o) = options.iter().find(|o| o.text.is_empty()) {
                return Err((o.line, "an empty option: write its text after the `- [ ]`".into()));
            }
            if options.len() < 2 {
                return Err((last, "a quiz needs at least two non-empty options `- [ ] ...`".into()));
            }
            if !options.iter().any(|o| o.right) {
                let how = if kind == KindWord::Single { "mark exactly one with `- [x]`" } else { "mark each right one with `- [x]`" };
                return Err((last, format!("no option is marked right: {how}")));
            }
            let options: Vec<QuizOption> = options
                .into_iter()
                .map(|o| {
                    let text = leak_str(o.text);
                    let why = o.explanation.done().map(|(n, w)| (n, leak_str(w)));
                    texts.push((o.line, text));
                    texts.extend(why);
                    QuizOption { text, right: o.right, explanation: why.map(|(_, w)| w) }
                })
                .collect();
            if kind == KindWord::Single {
                QuizKind::Single(leak(options))
            } else {
                QuizKind::Multiple(leak(options))
            }
        }
        KindWord::Short => {
            if accepted.is_empty() {
                return Err((last, "a short-answer question needs its key: one `= accepted answer` line for each answer it accepts".into()));
            }
            for (i, (n, a)) in accepted.iter().enumerate() {
                if a.is_empty() {
                    return Err((*n, "an empty accepted answer: write it after the `=`".into()));
                }
                if let Some((_, same)) = accepted[..i].iter().find(|(_, b)| short_answer_matches(a, &[b])) {
                    return Err((*n, format!("`= {a}` is the same answer as `= {same}` once normalised (case, spaces and numbers are compared loosely)")));
                }
            }
            QuizKind::Short(ShortAnswer { accepted: leak(accepted.into_iter().map(|(_, a)| leak_str(a)).collect()) })
        }
        KindWord::Review => {
            let Some((_, model)) = &explanation else {
                return Err((last, "a review prompt needs a model answer: `> ...` lines, shown once the reader has written theirs".into()));
            };
            QuizKind::Review(Review { model_answer: leak_str(model.as_str()) })
        }
        KindWord::Predict => {
            let Some((code_line, code)) = program else {
                return Err((last, "a predict question holds its program after a line `---`".into()));
            };
            if code.trim().is_empty() {
                return Err((code_line - 1, "the program after `---` is empty".into()));
            }
            QuizKind::Predict(check_predict(spec.program, spec.input, &code, code_line)?)
        }
    };
    if explanation.is_none() && !matches!(kind, QuizKind::Review(_)) {
        return Err((last, "the quiz has no explanation: add a line `> why the answer is right`".into()));
    }
    for (n, text) in texts {
        if text.matches('`').count() % 2 == 1 {
            return Err((n, "an unclosed backtick: code in a quiz is written between single backticks, `like this`".into()));
        }
    }
    let question = leak_str(question);
    Ok(Quiz {
        id: leak_str(spec.id),
        fingerprint: leak_str(Quiz::fingerprint_of(question, &kind)),
        question,
        hint: hint.map(|(_, h)| leak_str(h)),
        explanation: if matches!(kind, QuizKind::Review(_)) { None } else { explanation.map(|(_, e)| leak_str(e)) },
        kind,
    })
}

/// Runs a predict question's program as a runner's (twice, to the end, with the exit status
/// `exit=` gives), and takes what it prints on stdout as the answer. It must not depend on a
/// race in Node, write to stderr other than through the uncaught error `exit=` asks for, or print
/// too little to predict; lines to arrange must not number themselves in order.
fn check_predict(spec: RunnerSpec, input: PredictInput, code: &str, first_line: usize) -> Result<Predict, (usize, String)> {
    let fence = first_line.saturating_sub(1);
    let file = spec.file.clone();
    let seed = spec.seed;
    let exit_code = spec.exit;
    let (runner, report) = check_runner(spec, code, first_line)?;
    if let Some(race) = &report.race {
        return Err((fence, format!("predict program `{file}` has no single right answer: {race}")));
    }
    let limits = Limits { steps: DEFAULT_STEP_BUDGET, seed, heap_bytes: DEFAULT_HEAP_LIMIT, collect_every: None };
    let run = run_file_limited(runner.file, runner.code, limits).map_err(|e| (fence, format!("predict program `{file}`: {e}")))?;
    if let Some(first) = run.console_errors.first() {
        return Err((fence, format!("predict program `{file}` writes to stderr (`{first}`): the answer is what it prints on stdout, so use console.log")));
    }
    let answer: Vec<&'static str> = run.stdout.iter().flat_map(|l| l.split('\n')).map(leak_str).collect();
    if answer.is_empty() {
        return Err((fence, format!("predict program `{file}` prints nothing: there is nothing to predict")));
    }
    if input == PredictInput::Arrange {
        if answer.len() < 2 {
            return Err((fence, format!("predict program `{file}` prints one line: there is nothing to arrange (use `input=type`)")));
        }
        let numbers: Vec<Option<u64>> = answer.iter().map(|l| first_number(l)).collect();
        if answer.len() >= 3 && numbers.iter().all(Option::is_some) && numbers.windows(2).all(|w| w[0] < w[1]) {
            return Err((fence, format!("predict program `{file}`: every line it prints carries a number that rises line by line, which gives the order away; print what ran, not a step number or a time")));
        }
    }
    let runner = Runner { predict: false, ..runner };
    Ok(Predict { program: runner, input, answer: leak(answer), exit_code })
}

/// The first whole number in a line of text.
fn first_number(line: &str) -> Option<u64> {
    let start = line.find(|c: char| c.is_ascii_digit())?;
    let digits: String = line[start..].chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// Writes the course as Rust source: `pub static LESSONS: &[Lesson] = &[...];`.
pub fn bake(lessons: &[Lesson]) -> String {
    let mut out = String::from("// Generated by inflight-course from content/*.md. Do not edit.\n");
    out.push_str("pub static LESSONS: &[::inflight_course::Lesson] = &[\n");
    for l in lessons {
        l.bake(&mut out);
        out.push_str(",\n");
    }
    out.push_str("];\n");
    out
}

trait Bake {
    fn bake(&self, out: &mut String);
}

impl Bake for &str {
    fn bake(&self, out: &mut String) {
        write!(out, "{self:?}").unwrap();
    }
}

impl Bake for u32 {
    fn bake(&self, out: &mut String) {
        write!(out, "{self}").unwrap();
    }
}

impl<T: Bake> Bake for &[T] {
    fn bake(&self, out: &mut String) {
        out.push_str("&[");
        for item in self.iter() {
            item.bake(out);
            out.push(',');
        }
        out.push(']');
    }
}

const P: &str = "::inflight_course::";

impl Bake for Lesson {
    fn bake(&self, out: &mut String) {
        write!(out, "{P}Lesson {{ slug: {:?}, title: {:?}, summary: {:?}, level: {P}Level::{:?}, minutes: {}, order: {}, source: {:?}, related: ",
            self.slug, self.title, self.summary, self.level, self.minutes, self.order, self.source).unwrap();
        self.related.bake(out);
        out.push_str(", toc: ");
        self.toc.bake(out);
        out.push_str(", body: ");
        self.body.bake(out);
        out.push('}');
    }
}

impl Bake for TocEntry {
    fn bake(&self, out: &mut String) {
        write!(out, "{P}TocEntry {{ level: {}, id: {:?}, text: {:?} }}", self.level, self.id, self.text).unwrap();
    }
}

impl Bake for Block {
    fn bake(&self, out: &mut String) {
        match self {
            Block::Heading { level, id, content } => {
                write!(out, "{P}Block::Heading {{ level: {level}, id: {id:?}, content: ").unwrap();
                content.bake(out);
                out.push('}');
            }
            Block::Paragraph(c) => {
                write!(out, "{P}Block::Paragraph(").unwrap();
                c.bake(out);
                out.push(')');
            }
            Block::Code { lang, code } => write!(out, "{P}Block::Code {{ lang: {lang:?}, code: {code:?} }}").unwrap(),
            Block::List { start, items } => {
                write!(out, "{P}Block::List {{ start: {start:?}, items: ").unwrap();
                items.bake(out);
                out.push('}');
            }
            Block::Quote(body) => {
                write!(out, "{P}Block::Quote(").unwrap();
                body.bake(out);
                out.push(')');
            }
            Block::Callout { kind, body } => {
                write!(out, "{P}Block::Callout {{ kind: {P}CalloutKind::{kind:?}, body: ").unwrap();
                body.bake(out);
                out.push('}');
            }
            Block::Table { align, head, rows } => {
                write!(out, "{P}Block::Table {{ align: &[").unwrap();
                for a in align.iter() {
                    write!(out, "{P}Align::{a:?},").unwrap();
                }
                out.push_str("], head: ");
                head.bake(out);
                out.push_str(", rows: ");
                rows.bake(out);
                out.push('}');
            }
            Block::Rule => write!(out, "{P}Block::Rule").unwrap(),
            Block::Runner(r) => {
                write!(out, "{P}Block::Runner(").unwrap();
                r.bake(out);
                out.push(')');
            }
            Block::Quiz(q) => {
                write!(out, "{P}Block::Quiz(").unwrap();
                q.bake(out);
                out.push(')');
            }
            Block::Simulation(s) => write!(
                out,
                "{P}Block::Simulation({P}Simulation {{ id: {:?}, model: {:?}, title: {:?}, a: &{:?}, b: &{:?}, seed: {} }})",
                s.id, s.model, s.title, s.a, s.b, s.seed
            )
            .unwrap(),
            Block::Diagram(d) => {
                write!(out, "{P}Block::Diagram({P}Diagram {{ id: {:?}, file: {:?}, svg: {:?}, label: {:?}, caption: ", d.id, d.file, d.svg, d.label).unwrap();
                d.caption.bake(out);
                out.push_str("})");
            }
        }
    }
}

impl Bake for Runner {
    fn bake(&self, out: &mut String) {
        let r = self;
        write!(
            out,
            "{P}Runner {{ id: {:?}, title: {:?}, file: {:?}, code: {:?}, seed: {}, predict: {}, oracle: {P}Oracle::{:?}, lanes: ",
            r.id, r.title, r.file, r.code, r.seed, r.predict, r.oracle
        )
        .unwrap();
        r.lanes.bake(out);
        out.push_str(", knobs: &[");
        for k in r.knobs {
            write!(out, "{P}Knob {{ name: {:?}, label: {:?}, min: {}, max: {}, value: {} }},", k.name, k.label, k.min, k.max, k.value).unwrap();
        }
        out.push_str("]}");
    }
}

impl Bake for QuizOption {
    fn bake(&self, out: &mut String) {
        write!(out, "{P}QuizOption {{ text: {:?}, right: {}, explanation: {:?} }}", self.text, self.right, self.explanation).unwrap();
    }
}

impl Bake for Quiz {
    fn bake(&self, out: &mut String) {
        write!(
            out,
            "{P}Quiz {{ id: {:?}, fingerprint: {:?}, question: {:?}, hint: {:?}, explanation: {:?}, kind: ",
            self.id, self.fingerprint, self.question, self.hint, self.explanation
        )
        .unwrap();
        match &self.kind {
            QuizKind::Single(options) => {
                write!(out, "{P}QuizKind::Single(").unwrap();
                options.bake(out);
                out.push(')');
            }
            QuizKind::Multiple(options) => {
                write!(out, "{P}QuizKind::Multiple(").unwrap();
                options.bake(out);
                out.push(')');
            }
            QuizKind::Predict(p) => {
                write!(out, "{P}QuizKind::Predict({P}Predict {{ input: {P}PredictInput::{:?}, exit_code: {}, program: ", p.input, p.exit_code).unwrap();
                p.program.bake(out);
                out.push_str(", answer: ");
                p.answer.bake(out);
                out.push_str("})");
            }
            QuizKind::Short(s) => {
                write!(out, "{P}QuizKind::Short({P}ShortAnswer {{ accepted: ").unwrap();
                s.accepted.bake(out);
                out.push_str("})");
            }
            QuizKind::Review(r) => write!(out, "{P}QuizKind::Review({P}Review {{ model_answer: {:?} }})", r.model_answer).unwrap(),
        }
        out.push('}');
    }
}

impl Bake for Inline {
    fn bake(&self, out: &mut String) {
        let (name, content) = match self {
            Inline::Text(t) => return write!(out, "{P}Inline::Text({t:?})").unwrap(),
            Inline::Code(t) => return write!(out, "{P}Inline::Code({t:?})").unwrap(),
            Inline::LineBreak => return write!(out, "{P}Inline::LineBreak").unwrap(),
            Inline::Link { href, content } => {
                write!(out, "{P}Inline::Link {{ href: {href:?}, content: ").unwrap();
                content.bake(out);
                return out.push('}');
            }
            Inline::Emphasis(c) => ("Emphasis", c),
            Inline::Strong(c) => ("Strong", c),
            Inline::Strike(c) => ("Strike", c),
        };
        write!(out, "{P}Inline::{name}(").unwrap();
        content.bake(out);
        out.push(')');
    }
}
