//! Markdown -> sections: pulldown-cmark events folded into one [`Section`] per
//! heading, each with its body as [`Block`]s of plain-text [`Line`]s.
//!
//! Only headings outside lists and blockquotes open sections; headings inside
//! them (a Description written as a blockquote with its own `## Expected
//! outcomes`) become lines marked `heading`. Fenced code is kept as a `Code`
//! block, so templates inside fences can never carry idea fields.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::HashSet;

/// One line of plain text inside a block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub text: String,
    /// List nesting below the block's own level: 0 for the block's lead text.
    pub depth: u8,
    /// A heading written inside a list item or blockquote.
    pub heading: bool,
    /// 1-based line in the file.
    pub line: u32,
    /// Continues the previous line's paragraph (a soft line break in the source).
    pub cont: bool,
    /// Link targets and bare `http(s)://` URLs on this line, in order.
    pub urls: Vec<String>,
    /// Markdown links on this line, in order.
    pub links: Vec<LineLink>,
}

/// A markdown link on a [`Line`]: its text starts at byte `start` of the
/// line's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineLink {
    pub start: usize,
    pub text: String,
    pub url: String,
}

/// What kind of top-level block a [`Block`] was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// A top-level list item.
    Item,
    /// A paragraph or blockquote at top level.
    Prose,
    /// A table at top level: one line per row (the header first), its cells
    /// joined by ` | ` (see [`table_cells`]). Read as prose for fields.
    Table,
    /// A fenced or indented code block at top level.
    Code,
}

/// A top-level block of a section's body.
#[derive(Debug, Clone)]
pub struct Block {
    pub kind: BlockKind,
    pub lines: Vec<Line>,
}

/// A heading and the body up to the next heading of any level.
#[derive(Debug, Clone)]
pub struct Section {
    /// 1-6 (setext `===` is 1, `---` is 2).
    pub level: u8,
    pub title: String,
    /// The link target when the heading is (or holds) a link.
    pub title_link: Option<String>,
    /// 1-based line of the heading.
    pub line: u32,
    pub blocks: Vec<Block>,
}

/// The cells of a row of a [`BlockKind::Table`] block (or of a table
/// pulldown-cmark did not take for one, see [`table_rows`]), trimmed.
pub fn table_cells(row: &str) -> Vec<&str> {
    // Cells end in `|` (tabs may sit before it): an escaped `\|` in a cell
    // splits it, which only shortens a title.
    let row = row.trim();
    let row = row.strip_prefix('|').unwrap_or(row);
    let row = row.strip_suffix('|').unwrap_or(row);
    row.split('|').map(str::trim).collect()
}

/// The rows of a table block, header first: a [`BlockKind::Table`], or a
/// paragraph written as one that CommonMark's table extension refuses (LFX
/// 2019: tabs before the pipes of its `|---|` row), whose lines all start
/// with `|` and whose second line is the delimiter row (left out here).
pub fn table_rows(block: &Block) -> Option<Vec<&Line>> {
    match block.kind {
        BlockKind::Table => Some(block.lines.iter().collect()),
        BlockKind::Prose => {
            let delimiter = |l: &Line| {
                l.text.contains('-')
                    && l.text
                        .chars()
                        .all(|c| matches!(c, '|' | '-' | ':') || c.is_whitespace())
            };
            let shaped = block.lines.len() >= 3
                && block
                    .lines
                    .iter()
                    .all(|l| l.text.trim_start().starts_with('|'))
                && delimiter(&block.lines[1]);
            shaped.then(|| {
                let mut rows: Vec<&Line> = block.lines.iter().collect();
                rows.remove(1);
                rows
            })
        }
        _ => None,
    }
}

/// Splits markdown into sections. Text before the first heading lands in a
/// level-0 section with an empty title.
pub fn sections(text: &str) -> Vec<Section> {
    let lines = LineIndex::new(text);
    let mut b = SectionBuilder {
        out: vec![Section {
            level: 0,
            title: String::new(),
            title_link: None,
            line: 1,
            blocks: vec![],
        }],
        ..Default::default()
    };
    let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    for (event, range) in Parser::new_ext(text, opts).into_offset_iter() {
        b.event(event, lines.line_of(range.start));
    }
    b.flush_block();
    b.out
}

/// Folds pulldown-cmark events into [`Section`]s: the sections so far and
/// the heading, block and line being read.
#[derive(Default)]
struct SectionBuilder {
    out: Vec<Section>,
    /// Open lists, items and blockquotes (and tables), outermost first.
    containers: Vec<Container>,
    heading: Option<(u8, String, Option<String>, u32)>,
    block: Option<Block>,
    cur: String,
    cur_line: u32,
    cur_heading: bool,
    cur_cont: bool,
    cur_urls: Vec<String>,
    /// The URLs in `cur_urls`, for a check in constant time (a scan of the
    /// list made 150k URLs on one line quadratic: 58 s).
    cur_url_set: HashSet<String>,
    cur_links: Vec<LineLink>,
    /// The open link: where its text starts in `cur`, and its target.
    link: Option<(usize, String)>,
    in_code: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Container {
    List,
    Item,
    Quote,
    Table,
}

impl SectionBuilder {
    fn list_depth(&self) -> u8 {
        self.containers
            .iter()
            .filter(|c| **c == Container::List)
            .count() as u8
    }

    /// One event, at 1-based source line `line`, by its kind.
    fn event(&mut self, event: Event<'_>, line: u32) {
        match event {
            Event::Start(tag) => self.start(tag, line),
            Event::End(tag) => self.end(tag),
            Event::Text(t) | Event::Code(t) => self.text(&t, line),
            Event::InlineHtml(_)
            | Event::Html(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_) => {}
            Event::SoftBreak | Event::HardBreak => self.line_break(),
            Event::TaskListMarker(_) | Event::Rule | Event::FootnoteReference(_) => {}
        }
    }

    /// An opening tag: a heading outside containers opens a section; an item
    /// of a top-level list, and a quote, table, paragraph or code block at top
    /// level (see [`SectionBuilder::open_top_block`]), open a block; inside a
    /// block they start a new line.
    fn start(&mut self, tag: Tag<'_>, line: u32) {
        match tag {
            Tag::Heading { level, .. } if self.containers.is_empty() => {
                self.flush_block();
                self.heading = Some((heading_level(level), String::new(), None, line));
            }
            Tag::Heading { .. } => {
                self.flush_line();
                self.cur_heading = true;
            }
            Tag::List(_) => {
                self.flush_line();
                self.containers.push(Container::List);
            }
            Tag::Item => {
                if self.containers.len() == 1 {
                    self.flush_block();
                    self.open_block(BlockKind::Item);
                }
                self.flush_line();
                self.containers.push(Container::Item);
            }
            Tag::BlockQuote(_) => {
                self.open_top_block(BlockKind::Prose);
                self.flush_line();
                self.containers.push(Container::Quote);
            }
            Tag::Table(_) => {
                self.open_top_block(BlockKind::Table);
                self.containers.push(Container::Table);
            }
            Tag::Paragraph if !self.open_top_block(BlockKind::Prose) => {
                self.flush_line();
            }
            Tag::CodeBlock(_) => {
                self.open_top_block(BlockKind::Code);
                self.flush_line();
                self.in_code = true;
            }
            Tag::Link { dest_url, .. } => {
                if let Some(h) = self.heading.as_mut() {
                    h.2.get_or_insert_with(|| dest_url.to_string());
                } else {
                    self.push_url(&dest_url);
                    self.link = Some((self.cur.len(), dest_url.to_string()));
                }
            }
            _ => {}
        }
    }

    /// A closing tag: the open heading becomes a section; a container or
    /// row ends the line, a top-level block ends the block (see
    /// [`SectionBuilder::close_top_block`]); a link is recorded on the line.
    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(_) if self.heading.is_some() => {
                let (level, title, link, line) = self.heading.take().expect("checked");
                self.out.push(Section {
                    level,
                    title: squash(&title),
                    title_link: link,
                    line,
                    blocks: vec![],
                });
            }
            TagEnd::Heading(_) => {
                self.flush_line();
            }
            TagEnd::List(_) | TagEnd::Item => {
                self.flush_line();
                self.containers.pop();
            }
            TagEnd::BlockQuote(_) => {
                self.flush_line();
                self.containers.pop();
                self.close_top_block();
            }
            TagEnd::Table => {
                self.containers.pop();
                self.close_top_block();
            }
            TagEnd::TableRow | TagEnd::TableHead => self.flush_line(),
            TagEnd::TableCell => self.cur.push_str(" | "),
            TagEnd::Paragraph => {
                self.flush_line();
                self.close_top_block();
            }
            TagEnd::CodeBlock => {
                self.in_code = false;
                self.close_top_block();
            }
            TagEnd::Link => {
                if let Some((start, url)) = self.link.take() {
                    let text = squash(self.cur.get(start..).unwrap_or_default());
                    if !text.is_empty() {
                        // `start` is into `cur` until the line is squashed.
                        self.cur_links.push(LineLink { start, text, url });
                    }
                }
            }
            _ => {}
        }
    }

    /// Outside every container, ends the block before and opens one of
    /// `kind`; true if it did.
    fn open_top_block(&mut self, kind: BlockKind) -> bool {
        let top = self.containers.is_empty();
        if top {
            self.flush_block();
            self.open_block(kind);
        }
        top
    }

    /// Outside every container (the one just closed was the last), ends the
    /// block.
    fn close_top_block(&mut self) {
        if self.containers.is_empty() {
            self.flush_block();
        }
    }

    /// Text or inline code; in a code block, one line per source line.
    fn text(&mut self, t: &str, line: u32) {
        if self.in_code {
            // Code text arrives in chunks that end with newlines: one line each.
            for (i, l) in t.split('\n').enumerate() {
                if i > 0 {
                    self.flush_line();
                }
                self.push_text(l, line + i as u32);
            }
        } else {
            self.push_text(t, line);
        }
    }

    /// A soft or hard line break ends the line, outside a heading.
    fn line_break(&mut self) {
        if self.heading.is_some() {
            return;
        }
        // One line per source line, so that labels and names written
        // on separate lines of one paragraph stay apart.
        let heading = self.cur_heading;
        self.flush_line();
        self.cur_heading = heading;
        self.cur_cont = true;
    }

    fn push_text(&mut self, t: &str, line: u32) {
        if let Some(h) = self.heading.as_mut() {
            h.1.push_str(t);
            return;
        }
        if self.block.is_none() {
            // Loose inline text with no block (e.g. inside raw HTML): keep as prose.
            self.open_block(BlockKind::Prose);
        }
        if self.cur.is_empty() {
            self.cur_line = line;
        }
        self.cur.push_str(t);
        // One substring search per text run, not one per word.
        if t.contains("://") {
            for url in bare_urls(t) {
                self.push_url(url);
            }
        }
    }

    fn push_url(&mut self, url: &str) {
        let url = url.trim();
        if url.is_empty() || url.starts_with('#') {
            return;
        }
        if !self.cur_url_set.contains(url) {
            self.cur_url_set.insert(url.to_string());
            self.cur_urls.push(url.to_string());
        }
    }

    fn open_block(&mut self, kind: BlockKind) {
        self.block = Some(Block {
            kind,
            lines: vec![],
        });
    }

    fn flush_line(&mut self) {
        let mut links = std::mem::take(&mut self.cur_links);
        let text = if self.in_code {
            self.cur.trim().to_string()
        } else {
            let starts: Vec<usize> = links.iter().map(|k| k.start).collect();
            let (text, moved) = squash_mapped(&self.cur, &starts);
            for (k, at) in links.iter_mut().zip(moved) {
                k.start = at;
            }
            text
        };
        self.cur.clear();
        let heading = std::mem::take(&mut self.cur_heading);
        let cont = std::mem::take(&mut self.cur_cont);
        let urls = std::mem::take(&mut self.cur_urls);
        // A link whose text runs onto the next line keeps that line's part.
        if let Some(open) = self.link.as_mut() {
            open.0 = 0;
        }
        self.cur_url_set.clear();
        if text.is_empty() {
            if let Some(last) = self.block.as_mut().and_then(|b| b.lines.last_mut()) {
                last.urls.extend(urls);
            }
            return;
        }
        // List nesting below the block: an item's own lead text is 0, and so
        // is a paragraph inside a top-level blockquote; a list inside that
        // blockquote is 1.
        let lists = self.list_depth();
        let depth = if self.containers.first() == Some(&Container::List) {
            lists.saturating_sub(1)
        } else {
            lists
        };
        if let Some(b) = self.block.as_mut() {
            let cont = cont && !b.lines.is_empty();
            b.lines.push(Line {
                text,
                depth,
                heading,
                line: self.cur_line,
                cont,
                urls,
                links,
            });
        }
    }

    fn flush_block(&mut self) {
        self.flush_line();
        if let Some(b) = self.block.take() {
            if !b.lines.is_empty() {
                self.out.last_mut().expect("root section").blocks.push(b);
            }
        }
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Collapses runs of whitespace to one space and trims.
pub fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// [`squash`], and where each of `offsets` (ascending byte offsets into
/// `s`) lands in the result: an offset in whitespace moves to the next
/// word. One pass over `s`.
fn squash_mapped(s: &str, offsets: &[usize]) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(s.len());
    let mut moved = Vec::with_capacity(offsets.len());
    let mut pending = offsets.iter().copied().peekable();
    let words = s.split_whitespace().map(|w| {
        let start = w.as_ptr() as usize - s.as_ptr() as usize;
        (start, w)
    });
    for (start, word) in words {
        if !out.is_empty() {
            out.push(' ');
        }
        while let Some(o) = pending.next_if(|&o| o < start + word.len()) {
            moved.push(out.len() + o.saturating_sub(start));
        }
        out.push_str(word);
    }
    moved.extend(pending.map(|_| out.len()));
    (out, moved)
}

/// `http(s)://` URLs written as plain text, trailing punctuation removed.
pub fn bare_urls(text: &str) -> impl Iterator<Item = &str> {
    // Non-ASCII ends a URL too: Chinese text runs into links with no space
    // (`详见https://…，https://…。`).
    text.split(|c: char| {
        c.is_whitespace() || !c.is_ascii() || c == '<' || c == '>' || c == '(' || c == '"'
    })
    .filter_map(|w| {
        w.find("http://")
            .or_else(|| w.find("https://"))
            .map(|at| &w[at..])
    })
    .map(|w| {
        w.trim_end_matches(|c: char| {
            matches!(
                c,
                '.' | ',' | ';' | ':' | ')' | ']' | '*' | '_' | '\'' | '`'
            )
        })
    })
}

/// Byte offset -> 1-based line number.
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    fn line_of(&self, offset: usize) -> u32 {
        (self.starts.partition_point(|&s| s <= offset)).max(1) as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_nested_lists_and_lines() {
        let md = "# Top\n\n### Proj\n\n#### Idea\n\n- Description: one\n  two\n- Mentor(s):\n  - A (@a)\n  - B\n\n```\n- Description: fake\n```\n";
        let s = sections(md);
        assert_eq!(
            s.iter()
                .map(|s| (s.level, s.title.as_str(), s.line))
                .collect::<Vec<_>>(),
            vec![(0, "", 1), (1, "Top", 1), (3, "Proj", 3), (4, "Idea", 5)]
        );
        let idea = &s[3];
        assert_eq!(idea.blocks.len(), 3);
        assert_eq!(idea.blocks[0].lines[0].text, "Description: one");
        assert!(idea.blocks[0].lines[1].cont);
        assert_eq!(
            idea.blocks[1]
                .lines
                .iter()
                .map(|l| (l.text.as_str(), l.depth))
                .collect::<Vec<_>>(),
            vec![("Mentor(s):", 0), ("A (@a)", 1), ("B", 1)]
        );
        assert_eq!(idea.blocks[1].lines[1].line, 10);
        assert_eq!(idea.blocks[2].kind, BlockKind::Code);
    }

    #[test]
    fn setext_headings_links_and_quotes() {
        let md = "Title\n=====\n\nIdeas\n-----\n\n###### [Do it](https://mentorship.lfx.linuxfoundation.org/project/x)\n\n> ## Expected outcomes\n> done\n\nsee https://example.com/a.\n";
        let s = sections(md);
        assert_eq!(s[1].level, 1);
        assert_eq!(s[2].level, 2);
        assert_eq!(s[3].title, "Do it");
        assert_eq!(
            s[3].title_link.as_deref(),
            Some("https://mentorship.lfx.linuxfoundation.org/project/x")
        );
        assert!(s[3].blocks[0].lines[0].heading);
        assert_eq!(s[3].blocks[1].lines[0].urls, vec!["https://example.com/a"]);
    }
}

#[cfg(test)]
mod url_tests {
    use super::bare_urls;

    #[test]
    fn urls_end_at_chinese_text_and_punctuation() {
        let urls: Vec<&str> =
            bare_urls("详见https://github.com/a/1，https://github.com/a/2。和 (https://x.io/b).")
                .collect();
        assert_eq!(
            urls,
            [
                "https://github.com/a/1",
                "https://github.com/a/2",
                "https://x.io/b"
            ]
        );
    }
}
