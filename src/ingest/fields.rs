//! Idea fields: recognising labels (`- **Expected Outcome(s):**`, `-\tIssue:`,
//! `Mentors` with no colon, OSPP's Chinese `- 项目描述：`...) and turning their
//! values into record fields.

use super::markdown::{bare_urls, Block, BlockKind, Line, LineLink, Section};
use crate::idea::{Link, TextField};
use std::collections::HashSet;

/// The fields an idea section can carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Description,
    Outcome,
    Skills,
    Mentors,
    Issue,
    LfxUrl,
    Size,
    /// A label of something the record does not keep (OSPP's `项目难度：进阶`,
    /// `导师联系邮箱：...`): it ends the field before it and its value is dropped.
    Other,
}

/// Labels as written across the family, normalised by [`normalise_label`]
/// (lowercase, parentheses dropped, spaces folded).
const LABELS: &[(&str, Kind)] = &[
    ("description", Kind::Description),
    ("project description", Kind::Description),
    ("idea description", Kind::Description),
    ("expected outcome", Kind::Outcome),
    ("expected outcomes", Kind::Outcome),
    ("expected results", Kind::Outcome),
    ("outcome", Kind::Outcome),
    ("outcomes", Kind::Outcome),
    ("deliverables", Kind::Outcome),
    ("recommended skills", Kind::Skills),
    ("recommended skill", Kind::Skills),
    ("recommend skills", Kind::Skills),
    ("recommended skills/technologies", Kind::Skills),
    ("required skills", Kind::Skills),
    ("skills required", Kind::Skills),
    ("preferred skills", Kind::Skills),
    ("skills", Kind::Skills),
    ("technologies", Kind::Skills),
    ("prerequisites", Kind::Skills),
    ("pre-requisites", Kind::Skills),
    ("skills needed", Kind::Skills),
    ("recommended skills and technologies", Kind::Skills),
    ("mentor", Kind::Mentors),
    ("mentors", Kind::Mentors),
    ("potential mentor", Kind::Mentors),
    ("potential mentors", Kind::Mentors),
    // `Mentors(s)`, a typo several lists copied.
    ("mentorss", Kind::Mentors),
    ("mentor-s", Kind::Mentors),
    ("mentor[s]", Kind::Mentors),
    ("mentor name", Kind::Mentors),
    ("mentor names", Kind::Mentors),
    ("likely mentor", Kind::Mentors),
    ("likely mentors", Kind::Mentors),
    ("mentors names", Kind::Mentors),
    ("upstream issue", Kind::Issue),
    ("upstream issues", Kind::Issue),
    ("upstream issue url", Kind::Issue),
    ("upstream issues url", Kind::Issue),
    ("issue", Kind::Issue),
    ("issues", Kind::Issue),
    ("issue url", Kind::Issue),
    ("relevant issue", Kind::Issue),
    ("relevant issues", Kind::Issue),
    ("related issue", Kind::Issue),
    ("related issues", Kind::Issue),
    ("github issue", Kind::Issue),
    ("lfx url", Kind::LfxUrl),
    ("lfx mentorship url", Kind::LfxUrl),
    ("lfx link", Kind::LfxUrl),
    ("expected project size", Kind::Size),
    ("project size", Kind::Size),
    ("expected size", Kind::Size),
    ("expected size of project", Kind::Size),
    ("estimated project size", Kind::Size),
    // Chinese labels of OSPP (开源之夏) lists, often with a full-width colon.
    ("描述", Kind::Description),
    ("项目描述", Kind::Description),
    ("项目简介", Kind::Description),
    ("预期成果", Kind::Outcome),
    ("预期产出", Kind::Outcome),
    ("产出", Kind::Outcome),
    ("项目产出", Kind::Outcome),
    ("产出要求", Kind::Outcome),
    ("项目产出要求", Kind::Outcome),
    ("技能", Kind::Skills),
    ("推荐技能", Kind::Skills),
    ("技能要求", Kind::Skills),
    ("技术要求", Kind::Skills),
    ("项目技术要求", Kind::Skills),
    ("导师", Kind::Mentors),
    ("项目导师", Kind::Mentors),
    ("社区导师", Kind::Mentors),
    ("项目社区导师", Kind::Mentors),
    ("相关issue", Kind::Issue),
    ("相关issues", Kind::Issue),
    ("相关的开源软件仓库列表", Kind::Issue),
    ("项目规模", Kind::Size),
    ("项目难度", Kind::Other),
    ("难度", Kind::Other),
    ("导师联系邮箱", Kind::Other),
    ("导师邮箱", Kind::Other),
    ("联系邮箱", Kind::Other),
    ("项目名称", Kind::Other),
    ("项目编号", Kind::Other),
];

/// ASCII and full-width (`：`, as Chinese text writes it) colons.
const COLONS: [char; 2] = [':', '\u{ff1a}'];

/// Lowercases, drops `(`/`)` (also full-width `（`/`）`), `*` and `_`, folds
/// whitespace: `Mentor(s)` -> `mentors`, `Upstream Issue (URL)` -> `upstream issue url`.
pub(crate) fn normalise_label(s: &str) -> String {
    let cleaned: String = s
        .chars()
        .filter(|c| !matches!(c, '(' | ')' | '\u{ff08}' | '\u{ff09}' | '*' | '_'))
        .flat_map(char::to_lowercase)
        .collect();
    cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The field a label names, if it is one.
pub fn label_kind(label: &str) -> Option<Kind> {
    let n = normalise_label(label);
    let n = n.trim_end_matches(COLONS).trim();
    LABELS.iter().find(|(l, _)| *l == n).map(|(_, k)| *k)
}

/// Splits `Label: value` or `标签：value` (or a bare `Label`) into the field
/// kind and the value text. The label is what comes before the first colon,
/// ASCII or full-width, when it is at most 48 characters long.
pub fn split_label(text: &str) -> Option<(Kind, &str)> {
    if let Some((colon, c)) = text.char_indices().find(|(_, c)| COLONS.contains(c)) {
        let label = &text[..colon];
        if label.chars().count() <= 48 {
            if let Some(kind) = label_kind(label) {
                let rest = text[colon + c.len_utf8()..]
                    .trim_start_matches(['*', '_'])
                    .trim();
                return Some((kind, rest));
            }
        }
    }
    label_kind(text).map(|k| (k, ""))
}

/// A field with its value lines.
#[derive(Debug, Clone)]
pub struct Field {
    pub kind: Kind,
    pub lines: Vec<Line>,
}

/// What a section's body holds: labelled fields and the prose before them.
#[derive(Debug, Default, Clone)]
pub struct Body {
    pub fields: Vec<Field>,
    /// Unlabelled prose before the first field (a subtitle or lead paragraph).
    pub lead: Vec<Line>,
    /// The last field's label stood alone (`**Potential Mentors**`): the
    /// blocks that follow are its value.
    awaiting: bool,
}

impl Body {
    /// True when the section carries idea fields: a description or outcome,
    /// or at least two different fields ([`Kind::Other`] does not count).
    pub fn is_idea(&self) -> bool {
        let has = |k| self.fields.iter().any(|f| f.kind == k);
        let mut kinds: Vec<Kind> = self
            .fields
            .iter()
            .map(|f| f.kind)
            .filter(|k| *k != Kind::Other)
            .collect();
        kinds.sort_by_key(|k| *k as u8);
        kinds.dedup();
        has(Kind::Description) || has(Kind::Outcome) || kinds.len() >= 2
    }

    /// True when every field is empty: an unfenced template. Fields of
    /// [`Kind::Other`] are not looked at (a template may say `项目难度：基础/进阶`).
    pub fn is_template(&self) -> bool {
        let mut kept = self.fields.iter().filter(|f| f.kind != Kind::Other);
        kept.clone().next().is_some() && kept.all(|f| f.lines.is_empty())
    }

    /// Value lines of all fields of `kind`.
    pub fn lines(&self, kind: Kind) -> Vec<&Line> {
        self.fields
            .iter()
            .filter(|f| f.kind == kind)
            .flat_map(|f| &f.lines)
            .collect()
    }

    /// The value text of all fields of `kind` (see [`render`]).
    pub fn text(&self, kind: Kind) -> String {
        render(&self.lines(kind))
    }

    /// URLs on the value lines of all fields of `kind`, in order,
    /// deduplicated, each with the 1-based line it is on.
    pub fn urls(&self, kind: Kind) -> Vec<(String, u32)> {
        let mut seen: HashSet<&str> = HashSet::new();
        let mut out = vec![];
        for l in self.lines(kind) {
            for u in &l.urls {
                if seen.insert(u) {
                    out.push((u.clone(), l.line));
                }
            }
        }
        out
    }
}

/// The field a block opens with a label (`- Required skills: C`), if any.
pub fn opens_field(block: &Block) -> Option<Kind> {
    block
        .lines
        .first()
        .and_then(|l| split_label(strip_bullet(&l.text)))
        .map(|(k, _)| k)
}

/// Reads the labelled fields of a section.
pub fn body(section: &Section) -> Body {
    let mut body = Body::default();
    for block in &section.blocks {
        read_block(block, &mut body);
    }
    body
}

/// `-Description: x` written without the space that makes a list item.
fn strip_bullet(text: &str) -> &str {
    text.trim_start_matches(['-', '*', '\u{2022}', ' '])
        .trim_start()
}

/// Adds one block of a section to `body`: a code block may continue a
/// description, an unlabelled block may be the value of the field before it,
/// and any other block is read line by line for labels.
fn read_block(block: &Block, body: &mut Body) {
    if block.kind == BlockKind::Code {
        continue_with_code(block, body);
        return;
    }
    if continue_field(block, body) {
        return;
    }
    let mut opened = false; // a field was opened by this block
    for (i, line) in block.lines.iter().enumerate() {
        // Labels open a field at the start of an item, at an inner heading, at the
        // start of any top-level line of prose, and on a continuation line that
        // names a different field with a colon.
        let candidate = i == 0 || line.heading || line.depth == 0;
        let label = if candidate {
            split_label(strip_bullet(&line.text))
        } else {
            None
        };
        let label = label.filter(|(kind, _)| {
            !(line.cont && block.kind == BlockKind::Item && i > 0)
                || (strip_bullet(&line.text).contains(COLONS)
                    && body.fields.last().is_some_and(|f| f.kind != *kind))
        });
        match label {
            Some((kind, rest)) => {
                body.fields.push(open_field(kind, line, rest));
                opened = true;
            }
            None => match body.fields.last_mut() {
                Some(last) if opened => last.lines.push(line.clone()),
                Some(_) => {}
                None => body.lead.push(line.clone()),
            },
        }
    }
    body.awaiting = opened && body.fields.last().is_some_and(|f| f.lines.is_empty());
}

/// Code-block pass of [`read_block`]: a code block is kept only as more of a
/// description or outcome, and only when it holds no markup.
fn continue_with_code(block: &Block, body: &mut Body) {
    // An over-indented paragraph continuing a description (not a fenced template).
    if let Some(last) = body.fields.last_mut() {
        if matches!(last.kind, Kind::Description | Kind::Outcome)
            && !block.lines.iter().any(|l| looks_like_markup(&l.text))
        {
            last.lines.extend(block.lines.iter().cloned());
        }
    }
}

/// Continuation pass of [`read_block`]: a block that does not open with a
/// label joins the last field when it is that field's awaited value or
/// more of a description or outcome; true if it did.
fn continue_field(block: &Block, body: &mut Body) -> bool {
    let first_is_label = block
        .lines
        .first()
        .is_some_and(|l| split_label(strip_bullet(&l.text)).is_some());
    if first_is_label {
        return false;
    }
    let Some(last) = body.fields.last_mut() else {
        return false;
    };
    let continues = matches!(last.kind, Kind::Description | Kind::Outcome);
    let value = body.awaiting && (block.kind == BlockKind::Item || last.lines.is_empty());
    if !(value || continues) {
        return false;
    }
    // The value of a label written on its own, or a further
    // paragraph or unlabelled item of a description or outcome
    // written outside its list item. Items keep their `- ` marker.
    let shift = u8::from(block.kind == BlockKind::Item);
    last.lines.extend(block.lines.iter().map(|l| Line {
        depth: l.depth + shift,
        ..l.clone()
    }));
    body.awaiting = value && block.kind == BlockKind::Item;
    true
}

/// The field a label on `line` opens, `rest` (a slice of the line's text)
/// being what follows the label: its first line is `rest` with the line's
/// URLs and links, or an empty line keeping the URLs of a label-only line.
fn open_field(kind: Kind, line: &Line, rest: &str) -> Field {
    let mut field = Field {
        kind,
        lines: vec![],
    };
    if !rest.is_empty() {
        // A URL written right after a full-width colon
        // (`仓库列表：https://...`) is not a word of its own in
        // the line; it is at the start of the value.
        let linked: HashSet<&str> = line.urls.iter().map(String::as_str).collect();
        let mut urls: Vec<String> = bare_urls(rest)
            .filter(|u| !linked.contains(u))
            .map(str::to_string)
            .collect();
        urls.extend(line.urls.iter().cloned());
        // Links count their place from the value's start.
        // (`rest` is a slice of the line's text.)
        let label = &line.text[..rest.as_ptr() as usize - line.text.as_ptr() as usize];
        let links = line
            .links
            .iter()
            .filter_map(|k| {
                let start = k.start.checked_sub(label.len())?;
                Some(LineLink { start, ..k.clone() })
            })
            .collect();
        field.lines.push(Line {
            text: rest.to_string(),
            cont: false,
            urls,
            links,
            ..line.clone()
        });
    } else if !line.urls.is_empty() {
        field.lines.push(Line {
            text: String::new(),
            cont: false,
            ..line.clone()
        });
    }
    field
}

/// Template-like text in a code block: headings or field labels.
fn looks_like_markup(text: &str) -> bool {
    text.starts_with('#') || split_label(strip_bullet(text)).is_some()
}

/// Chinese, Japanese and Korean characters and punctuation: text in these
/// scripts is written without spaces, so a soft line break between two of
/// them joins the lines without one.
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{2e80}'..='\u{9fff}'     // radicals, punctuation, kana, CJK ideographs
        | '\u{ac00}'..='\u{d7af}'   // Hangul syllables
        | '\u{f900}'..='\u{faff}'   // compatibility ideographs
        | '\u{fe30}'..='\u{fe4f}'   // compatibility forms
        | '\u{ff00}'..='\u{ffef}'   // full-width forms (`，`, `：`, `（`)
        | '\u{20000}'..='\u{3134f}' // extension ideographs
    )
}

/// Joins value lines as plain text: a continuation line joins the previous
/// one with a space (none between CJK characters), other lines start a new
/// line, nested list items become `- item` lines.
pub fn render(lines: &[&Line]) -> String {
    render_capped(lines, usize::MAX).0
}

/// [`render`], stopped once the text is over `cap` bytes: the text cut to
/// at most `cap` bytes (at a char boundary), and the 1-based line of the
/// source where it was cut (`None` if it was not).
pub fn render_capped(lines: &[&Line], cap: usize) -> (String, Option<u32>) {
    let mut out = String::new();
    for l in lines.iter().filter(|l| !l.text.is_empty()) {
        if !out.is_empty() {
            if !l.cont {
                out.push('\n');
            } else if !(out.ends_with(is_cjk) && l.text.starts_with(is_cjk)) {
                out.push(' ');
            }
        }
        if l.depth > 0 && !l.cont {
            for _ in 1..l.depth {
                out.push_str("  ");
            }
            out.push_str("- ");
        }
        out.push_str(&l.text);
        if out.len() > cap {
            super::limits::cut(&mut out, cap);
            return (out, Some(l.line));
        }
    }
    (out, None)
}

/// The links of a field rendered from `lines` as `text` ([`render`]):
/// each markdown link with an `http(s)` target at its own place (its
/// line's place in `text`, then the link's in the line), then
/// each bare URL of `text` that no link covers; by start.
pub fn links(lines: &[&Line], text: &str, field: TextField) -> Vec<Link> {
    let mut out: Vec<Link> = vec![];
    let mut at = 0;
    for l in lines.iter().filter(|l| !l.text.is_empty()) {
        let Some(base) = text.get(at..).and_then(|rest| rest.find(&l.text)) else {
            continue;
        };
        let base = at + base;
        at = base + l.text.len();
        for link in l.links.iter().filter(|k| super::limits::is_web_url(&k.url)) {
            let end = link.start + link.text.len();
            if l.text.get(link.start..end) == Some(link.text.as_str()) {
                out.push(Link {
                    field,
                    start: (base + link.start) as u32,
                    end: (base + end) as u32,
                    url: link.url.clone(),
                });
            }
        }
    }
    // Both lists run in text order: one pass finds the links a URL overlaps.
    let mut bare = vec![];
    let mut next = 0;
    for url in bare_urls(text) {
        let start = url.as_ptr() as usize - text.as_ptr() as usize;
        let end = start + url.len();
        while out.get(next).is_some_and(|l| l.end as usize <= start) {
            next += 1;
        }
        let covered = out.get(next).is_some_and(|l| (l.start as usize) < end);
        if !covered && super::limits::is_web_url(url) {
            bare.push(Link {
                field,
                start: start as u32,
                end: end as u32,
                url: url.to_string(),
            });
        }
    }
    out.extend(bare);
    out.sort_by_key(|l| l.start);
    out
}

/// Splits on `,` and `;` (and Chinese `、`, `，`, `；`) outside parentheses
/// and brackets (ASCII or full-width).
fn split_top_level(s: &str) -> Vec<&str> {
    let mut out = vec![];
    let (mut depth, mut start) = (0i32, 0usize);
    for (i, c) in s.char_indices() {
        match c {
            '(' | '[' | '{' | '\u{ff08}' | '\u{3010}' => depth += 1,
            ')' | ']' | '}' | '\u{ff09}' | '\u{3011}' => depth -= 1,
            ',' | ';' | '\u{3001}' | '\u{ff0c}' | '\u{ff1b}' if depth <= 0 => {
                out.push(&s[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    out.push(&s[start..]);
    out
}

fn clean_item(s: &str) -> String {
    let s = s.trim().trim_end_matches(['.', '\u{3002}']).trim();
    let s = s
        .strip_prefix("and ")
        .or_else(|| s.strip_prefix("or "))
        .unwrap_or(s);
    s.trim().to_string()
}

/// Skills: every list item and comma/semicolon-separated part, trimmed, deduplicated
/// case-insensitively (ASCII case).
pub fn skills(lines: &[&Line]) -> Vec<String> {
    let mut out: Vec<String> = vec![];
    // ASCII-lowercased skills kept so far (a scan of `out` made 100k skills quadratic: 14 s).
    let mut seen: HashSet<String> = HashSet::new();
    for l in lines {
        for part in split_top_level(&l.text)
            .into_iter()
            .flat_map(|p| p.split(". "))
        {
            let s = clean_item(part);
            if !s.is_empty() && s.len() <= 120 && seen.insert(s.to_ascii_lowercase()) {
                out.push(s);
            }
        }
    }
    out
}

/// Mentors: one per list item; inline values split on commas and ` and `
/// unless the parts look like one person's name, handle and email.
pub fn mentors(lines: &[&Line]) -> Vec<String> {
    let mut out = vec![];
    for l in lines {
        if l.depth > 0 && !l.cont {
            out.push(l.text.trim().to_string());
            continue;
        }
        let parts: Vec<&str> = split_top_level(&l.text)
            .into_iter()
            .flat_map(|p| p.split(" and "))
            .collect();
        // A later part that is one word is a handle or an email of the
        // first part's person, unless it is a Chinese name (`张三、李四`).
        let one_person = parts.iter().skip(1).any(|p| {
            let p = p.trim();
            let one_word = !p.is_empty() && !p.contains(' ');
            one_word && (p.contains('@') || !p.contains(['(', '\u{ff08}']) && !p.contains(is_cjk))
        });
        if one_person {
            out.push(l.text.trim().to_string());
        } else {
            out.extend(
                parts
                    .iter()
                    .map(|p| clean_item(p))
                    .filter(|p| !p.is_empty()),
            );
        }
    }
    out.retain(|m| !m.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, depth: u8) -> Line {
        Line {
            text: text.into(),
            depth,
            heading: false,
            line: 1,
            cont: false,
            urls: vec![],
            links: vec![],
        }
    }

    #[test]
    fn labels_of_the_family() {
        for (label, kind) in [
            ("Description:", Kind::Description),
            ("**Expected Outcome(s):**", Kind::Outcome),
            ("Upstream Issue (URL)", Kind::Issue),
            ("Mentor(s)", Kind::Mentors),
            ("Potential Mentors", Kind::Mentors),
            ("Technologies", Kind::Skills),
            ("LFX URL", Kind::LfxUrl),
            ("Expected project size", Kind::Size),
        ] {
            assert_eq!(label_kind(label), Some(kind), "{label}");
        }
        assert_eq!(
            split_label("Upstream Issue: https://x/1").map(|(k, v)| (k, v.to_string())),
            Some((Kind::Issue, "https://x/1".into()))
        );
        assert_eq!(split_label("https://github.com/x"), None);
        assert_eq!(split_label("Timeline: soon"), None);
    }

    #[test]
    fn chinese_labels_and_full_width_colons() {
        let split = |t: &str| split_label(t).map(|(k, v)| (k, v.to_string()));
        assert_eq!(
            split("项目描述：基于KubeEdge实现GPU管理"),
            Some((Kind::Description, "基于KubeEdge实现GPU管理".into()))
        );
        assert_eq!(
            split("项目产出要求："),
            Some((Kind::Outcome, String::new()))
        );
        assert_eq!(
            split("项目技术要求：Go, Kubernetes"),
            Some((Kind::Skills, "Go, Kubernetes".into()))
        );
        assert_eq!(
            split("项目社区导师：张三"),
            Some((Kind::Mentors, "张三".into()))
        );
        assert_eq!(
            split("相关的开源软件仓库列表：https://github.com/kubeedge/ianvs"),
            Some((Kind::Issue, "https://github.com/kubeedge/ianvs".into()))
        );
        assert_eq!(
            split("相关Issue: https://x/1"),
            Some((Kind::Issue, "https://x/1".into()))
        );
        assert_eq!(split("项目难度：进阶"), Some((Kind::Other, "进阶".into())));
        assert_eq!(
            split("导师联系邮箱：a@b.c"),
            Some((Kind::Other, "a@b.c".into()))
        );
        // The first colon of either kind ends the label.
        assert_eq!(
            split("Description：见下文: 细节"),
            Some((Kind::Description, "见下文: 细节".into()))
        );
        assert_eq!(
            split("Description: 见下文：细节"),
            Some((Kind::Description, "见下文：细节".into()))
        );
        // Prose with a colon is not a label.
        assert_eq!(split("本项目的目标：支持GPU调度"), None);
        // The length limit counts characters, not bytes: a 20-character
        // Chinese prefix (60 bytes) is looked up, and is no label.
        assert_eq!(label_kind("项目描述项目描述项目描述项目描述项目描述"), None);
        assert_eq!(label_kind("**项目导师**："), Some(Kind::Mentors));
    }

    #[test]
    fn chinese_separators_in_skills_and_mentors() {
        let l = [line("Go、Kubernetes；eBPF，大模型推理（LLM、RAG）。", 0)];
        assert_eq!(
            skills(&l.iter().collect::<Vec<_>>()),
            vec!["Go", "Kubernetes", "eBPF", "大模型推理（LLM、RAG）"]
        );
        let l = [line("张三、李四，王五", 0)];
        assert_eq!(
            mentors(&l.iter().collect::<Vec<_>>()),
            vec!["张三", "李四", "王五"]
        );
        let l = [line("张三 (@zhangsan), zhangsan@example.com", 0)];
        assert_eq!(mentors(&l.iter().collect::<Vec<_>>()).len(), 1);
        let l = [line("、，；", 0)];
        assert!(mentors(&l.iter().collect::<Vec<_>>()).is_empty());
    }

    #[test]
    fn soft_breaks_between_chinese_characters_add_no_space() {
        let a = line("当前的迁移", 0);
        let mut b = line("没有考虑数据，", 0);
        let mut c = line("and English text", 0);
        let mut d = line("继续。", 0);
        (b.cont, c.cont, d.cont) = (true, true, true);
        assert_eq!(
            render(&[&a, &b, &c, &d]),
            "当前的迁移没有考虑数据， and English text 继续。"
        );
    }

    #[test]
    fn skills_split_outside_parentheses() {
        let l = [
            line(
                "Golang, Lua, Familiarity with supply chain (SBOM, SPDX).",
                0,
            ),
            line("C/C++", 1),
            line("golang", 1),
        ];
        let refs: Vec<&Line> = l.iter().collect();
        assert_eq!(
            skills(&refs),
            vec![
                "Golang",
                "Lua",
                "Familiarity with supply chain (SBOM, SPDX)",
                "C/C++"
            ]
        );
        let l = [line("Kubernetes, Golang. networking", 0)];
        assert_eq!(
            skills(&l.iter().collect::<Vec<_>>()),
            vec!["Kubernetes", "Golang", "networking"]
        );
    }

    #[test]
    fn mentors_inline_and_listed() {
        let a = [line(
            "Zach Corleissen (@zacharysarah), Luc Perkins (@lucperkins)",
            0,
        )];
        assert_eq!(mentors(&a.iter().collect::<Vec<_>>()).len(), 2);
        let b = [line("Jared Watts and Rohan Gupta", 0)];
        assert_eq!(
            mentors(&b.iter().collect::<Vec<_>>()),
            vec!["Jared Watts", "Rohan Gupta"]
        );
        let c = [line("Peter Hunt, haircommander, pehunt@redhat.com", 1)];
        assert_eq!(mentors(&c.iter().collect::<Vec<_>>()).len(), 1);
        let d = [line("Peter Hunt, haircommander, pehunt@redhat.com", 0)];
        assert_eq!(mentors(&d.iter().collect::<Vec<_>>()).len(), 1);
    }
}
