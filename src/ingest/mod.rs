//! Ingest: one markdown idea list (bytes + path) in, idea records and
//! warnings out. Pure: no I/O, no global state, never panics on any input.
//!
//! Pipeline: [`markdown::sections`] (pulldown-cmark events -> headings with
//! bodies) -> [`fields::body`] (labelled fields) -> [`structure::place`]
//! (project and group of each idea) -> [`Idea`] records, deduplicated by id.

pub mod fields;
pub mod limits;
pub mod markdown;
pub mod meta;
pub mod names;
pub mod structure;

use crate::idea::{self, Idea, Source, TextField};
use fields::Kind;
use limits::FIELD_CAP;
pub use meta::Meta;
use std::collections::HashMap;

/// A note about something in a file that was skipped or read with a guess.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Warning {
    /// 1-based line in the file.
    pub line: u32,
    pub message: String,
}

/// What one file yields.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    pub ideas: Vec<Idea>,
    pub warnings: Vec<Warning>,
}

/// Why a file could not be read as an idea list.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IngestError {
    #[error("file is empty")]
    Empty,
    #[error("binary file (NUL byte on line {line})")]
    Binary { line: u32 },
    #[error("not UTF-8 text (invalid byte on line {line})")]
    NotUtf8 { line: u32 },
    #[error("program and year unknown: neither the path (…/lfx-mentorship/YEAR/NN-Mon-Mon/…, …/summerofcode/YEAR.md) nor the title says; pass --program and --year")]
    NoMeta,
}

fn line_at(bytes: &[u8], offset: usize) -> u32 {
    bytes[..offset.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count() as u32
        + 1
}

/// Decodes a file's bytes: rejects empty, binary and non-UTF-8 input, drops a BOM.
pub fn decode(bytes: &[u8]) -> Result<&str, IngestError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(IngestError::Empty);
    }
    if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        return Err(IngestError::Binary {
            line: line_at(bytes, nul),
        });
    }
    let text = std::str::from_utf8(bytes).map_err(|e| IngestError::NotUtf8 {
        line: line_at(bytes, e.valid_up_to()),
    })?;
    Ok(text.strip_prefix('\u{feff}').unwrap_or(text))
}

/// Parses one idea list. `path` is recorded in each idea's sources and read for
/// program/year/term; `hints` fill what neither the path nor the title says.
pub fn parse(bytes: &[u8], path: &str, hints: Meta) -> Result<Parsed, IngestError> {
    let text = decode(bytes)?;
    let mut warnings = vec![];
    let sections = structure::split_bullet_groups(markdown::sections(text), &mut warnings);
    let meta = meta::from_path(path).or(title_meta(&sections)).or(hints);
    let (Some(program), Some(year)) = (meta.program, meta.year) else {
        return Err(IngestError::NoMeta);
    };
    let list = List {
        path,
        program,
        year,
        term: meta.term,
        term_key: idea::term_key(program, year, meta.term),
    };

    let bodies: Vec<fields::Body> = sections.iter().map(fields::body).collect();
    let is_idea = idea_sections(&sections, &bodies, &mut warnings);
    let placed = structure::place(&sections, &bodies, &is_idea, &mut warnings);
    let mut ideas: Vec<Idea> = placed
        .into_iter()
        .map(|p| section_idea(&list, p, &sections, &bodies, &mut warnings))
        .collect();
    // Ideas that could not be placed have warnings of their own.
    let no_sections = !is_idea.iter().any(|&i| i);
    if no_sections {
        ideas = table_ideas(&sections, &list, &mut warnings);
    }
    if no_sections && ideas.is_empty() {
        warn_nothing_to_index(&sections, &mut warnings);
    }
    // Projects and skills as people name them (canonical project in the id).
    names::normalise(&mut ideas);
    keep_repeated_titles_apart(&mut ideas, &mut warnings);
    let ideas = idea::dedupe(ideas);
    warnings.sort_by_key(|w| w.line);
    Ok(Parsed { ideas, warnings })
}

/// What every idea of one list shares: the file it is read from and its term.
struct List<'a> {
    path: &'a str,
    program: idea::Program,
    year: u16,
    term: Option<u8>,
    /// [`idea::term_key`] of the list, the first part of each id.
    term_key: String,
}

impl List<'_> {
    /// A record of this list with its id, project, title and source line
    /// (`line`, also the id's fallback when the title has no slug), and
    /// every field empty.
    fn idea(&self, project: String, title: String, line: u32, from_table: bool) -> Idea {
        let title_slug = match idea::slug(&title) {
            s if s.is_empty() => format!("idea-line-{line}"),
            s => s,
        };
        Idea {
            id: format!("{}/{}/{}", self.term_key, idea::slug(&project), title_slug),
            program: self.program,
            year: self.year,
            term: self.term,
            project,
            group: None,
            joint: vec![],
            title,
            description: String::new(),
            outcome: String::new(),
            links: vec![],
            skills: vec![],
            mentors: vec![],
            upstream_issues: vec![],
            lfx_url: None,
            size: None,
            sources: vec![Source {
                path: self.path.to_string(),
                line,
                url: None,
            }],
            status: idea::list_status(self.path, self.program),
            from_table,
        }
    }
}

/// Sample pass: sections under a `Sample` heading (or themselves one) are a
/// worked example of the format, not ideas.
fn in_sample(sections: &[markdown::Section]) -> Vec<bool> {
    // The open headings are a stack by level.
    let mut in_sample = vec![false; sections.len()];
    let mut open: Vec<(u8, bool)> = vec![];
    for (i, s) in sections.iter().enumerate() {
        while open.last().is_some_and(|&(l, _)| l >= s.level) {
            open.pop();
        }
        in_sample[i] =
            s.level > 0 && (structure::is_sample(&s.title) || open.last().is_some_and(|&(_, x)| x));
        if s.level > 0 {
            open.push((s.level, in_sample[i]));
        }
    }
    in_sample
}

/// Idea pass, before placing: which sections are ideas (a titled heading
/// with idea fields), warning about the ones that have fields but are
/// skipped: samples, templates, instructions, fields before any heading.
fn idea_sections(
    sections: &[markdown::Section],
    bodies: &[fields::Body],
    warnings: &mut Vec<Warning>,
) -> Vec<bool> {
    let is_idea: Vec<bool> = sections
        .iter()
        .zip(bodies)
        .zip(&in_sample(sections))
        .map(|((s, b), &sample)| {
            if sample && b.is_idea() {
                warnings.push(Warning {
                    line: s.line,
                    message: format!(
                        "heading '{}' is part of a sample of the format, not an idea: skipped",
                        s.title
                    ),
                });
                return false;
            }
            let template = b.is_template();
            if template && s.level > 0 {
                warnings.push(Warning {
                    line: s.line,
                    message: format!(
                        "heading '{}' is a template (its fields are empty): skipped",
                        s.title
                    ),
                });
            }
            let furniture = structure::is_furniture(&s.title) && b.is_idea();
            if furniture {
                warnings.push(Warning {
                    line: s.line,
                    message: format!(
                        "heading '{}' holds instructions or a template, not an idea: skipped",
                        s.title
                    ),
                });
            }
            s.level > 0 && !s.title.is_empty() && b.is_idea() && !template && !furniture
        })
        .collect();
    for (s, b) in sections.iter().zip(bodies).filter(|(s, _)| s.level == 0) {
        if b.is_idea() {
            warnings.push(Warning {
                line: s.line,
                message: "idea fields before any heading: skipped (no title)".into(),
            });
        }
    }
    is_idea
}

/// Record pass: the idea a placed section reads as, each field cut to
/// [`FIELD_CAP`] and its non-web links dropped (warned either way).
fn section_idea(
    list: &List,
    p: structure::Placed,
    sections: &[markdown::Section],
    bodies: &[fields::Body],
    warnings: &mut Vec<Warning>,
) -> Idea {
    let heading = &sections[p.title];
    let body = &bodies[p.body];
    let mut title = heading
        .title
        .trim_end_matches([':', '：'])
        .trim()
        .to_string();
    let mut w = Fields {
        title: title.clone(),
        warnings,
    };
    if limits::cut(&mut title, FIELD_CAP) {
        w.capped("title", heading.line);
    }
    let (description, outcome, links) = prose(body, &mut w);
    let lfx_url = lfx_url(heading, body, &mut w);
    let mut upstream_issues = w.web_urls("upstream issues", body.urls(Kind::Issue));
    let mut skills = fields::skills(&body.lines(Kind::Skills));
    let mut mentors = fields::mentors(&body.lines(Kind::Mentors));
    for (name, kind, list) in [
        ("skills", Kind::Skills, &mut skills),
        ("mentors", Kind::Mentors, &mut mentors),
        ("upstream issues", Kind::Issue, &mut upstream_issues),
    ] {
        if limits::cap_list(list, FIELD_CAP) > 0 {
            let line = body.lines(kind).first().map_or(heading.line, |l| l.line);
            w.capped(name, line);
        }
    }
    let size = size(body, heading.line, &mut w);
    Idea {
        group: p.group,
        description,
        outcome,
        links,
        skills,
        mentors,
        upstream_issues,
        lfx_url,
        size,
        ..list.idea(p.project, title, heading.line, false)
    }
}

/// The description (else the lead paragraph), the outcome, and the links of
/// both, each text cut to [`FIELD_CAP`].
fn prose(body: &fields::Body, w: &mut Fields) -> (String, String, Vec<idea::Link>) {
    let mut description_lines = body.lines(Kind::Description);
    let (mut description, cut) = fields::render_capped(&description_lines, FIELD_CAP);
    if description.is_empty() {
        description_lines = body.lead.iter().collect();
        (description, _) = fields::render_capped(&description_lines, FIELD_CAP);
    }
    if let Some(line) = cut {
        w.capped("description", line);
    }
    let outcome_lines = body.lines(Kind::Outcome);
    let (outcome, cut) = fields::render_capped(&outcome_lines, FIELD_CAP);
    if let Some(line) = cut {
        w.capped("outcome", line);
    }
    let mut links = fields::links(&description_lines, &description, TextField::Description);
    links.extend(fields::links(&outcome_lines, &outcome, TextField::Outcome));
    (description, outcome, links)
}

/// The LFX URL: the heading's link when it is one, else the first web URL
/// of the `LFX URL` field.
fn lfx_url(heading: &markdown::Section, body: &fields::Body, w: &mut Fields) -> Option<String> {
    match heading.title_link.clone().filter(|u| u.contains("lfx")) {
        Some(u) if limits::is_web_url(&u) => Some(u),
        link => {
            if let Some(u) = link {
                w.not_web("LFX URL", &u, heading.line, 1);
            }
            w.web_urls("LFX URL", body.urls(Kind::LfxUrl))
                .into_iter()
                .next()
        }
    }
}

/// The first line of the size field, cut to [`FIELD_CAP`]; `heading_line`
/// is where a cut is warned when the field has no line.
fn size(body: &fields::Body, heading_line: u32, w: &mut Fields) -> Option<String> {
    // `# Large`: the template's comment marker left in front of the value.
    let size = body.text(Kind::Size);
    let mut size = size
        .lines()
        .next()
        .map(|l| l.trim_start_matches(['#', ' ']).to_string())
        .filter(|l| !l.is_empty());
    if let Some(s) = size.as_mut().filter(|s| s.len() > FIELD_CAP) {
        limits::cut(s, FIELD_CAP);
        let line = body
            .lines(Kind::Size)
            .first()
            .map_or(heading_line, |l| l.line);
        w.capped("size", line);
    }
    size
}

/// The one warning of a file that yields no idea, neither from sections
/// nor from a table, naming its title when it has one.
fn warn_nothing_to_index(sections: &[markdown::Section], warnings: &mut Vec<Warning>) {
    let title = sections
        .iter()
        .find(|s| s.level > 0)
        .map(|s| s.title.as_str());
    warnings.push(Warning {
        line: 1,
        message: match title {
            Some(t) => format!(
                "no idea sections (headings with Description/Mentors... fields) and no table of projects in this file: nothing to index (its title: '{}')",
                limits::shown_title(t)
            ),
            None => "no headings, idea sections or table of projects in this file: nothing to index".into(),
        },
    });
}

/// Ideas from the rows of tables of projects, for a list with no idea
/// sections (LFX 2019: `| CNCF Projects | Community Bridge Project |
/// Mentor Name(s) | Mentee Name |`). A table is one of projects when its
/// header names a project column (`CNCF Project(s)`, `Project`) and a title
/// column (another `... Project`, `Title`, `Idea`); a `Mentor` and a
/// `Description` column are read when there. One warning per table says
/// so, as these ideas carry only what a row gives.
fn table_ideas(
    sections: &[markdown::Section],
    list: &List,
    warnings: &mut Vec<Warning>,
) -> Vec<Idea> {
    let mut out = vec![];
    for lines in sections
        .iter()
        .flat_map(|s| &s.blocks)
        .filter_map(markdown::table_rows)
    {
        let Some((head, rows)) = lines.split_first() else {
            continue;
        };
        let Some(columns) = ProjectColumns::of_header(&head.text) else {
            continue;
        };
        let before = out.len();
        out.extend(rows.iter().filter_map(|row| columns.idea(list, row)));
        if out.len() > before {
            warnings.push(Warning {
                line: head.line,
                message: format!(
                    "no idea sections: {} ideas read from the rows of the table of projects here (project, title and mentors only)",
                    out.len() - before
                ),
            });
        }
    }
    out
}

/// The columns [`table_ideas`] reads in a table of projects (0-based).
struct ProjectColumns {
    project: usize,
    title: usize,
    mentor: Option<usize>,
    description: Option<usize>,
}

impl ProjectColumns {
    /// Header pass: the columns of a table's header row, when it is the
    /// header of a table of projects.
    fn of_header(head: &str) -> Option<Self> {
        let cells: Vec<String> = markdown::table_cells(head)
            .iter()
            .map(|c| c.to_lowercase())
            .collect();
        let words = |c: &str| -> Vec<String> {
            c.split(|ch: char| !ch.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect()
        };
        let col = |pred: &dyn Fn(&[String]) -> bool, not: Option<usize>| {
            cells
                .iter()
                .enumerate()
                .position(|(i, c)| Some(i) != not && pred(&words(c)))
        };
        let projectish = |w: &[String]| w.iter().any(|w| w == "project" || w == "projects");
        let project = col(
            &|w| w.iter().any(|w| w == "cncf") && projectish(w) || w.len() == 1 && projectish(w),
            None,
        )?;
        let title = col(
            &|w| {
                projectish(w)
                    || w.iter()
                        .any(|w| matches!(w.as_str(), "title" | "idea" | "ideas"))
            },
            Some(project),
        )?;
        let mentor = col(&|w| w.iter().any(|w| w.starts_with("mentor")), None)
            .filter(|&c| c != project && c != title);
        let description = col(&|w| w.iter().any(|w| w == "description"), None);
        Some(ProjectColumns {
            project,
            title,
            mentor,
            description,
        })
    }

    /// Row pass: the idea of one row of `list`, when it has a project and a
    /// title; its title and description cut to [`FIELD_CAP`].
    fn idea(&self, list: &List, row: &markdown::Line) -> Option<Idea> {
        let cells = markdown::table_cells(&row.text);
        let cell = |c: Option<usize>| c.and_then(|c| cells.get(c)).map_or("", |s| s.trim());
        let (project, title) = (cell(Some(self.project)), cell(Some(self.title)));
        if project.is_empty() || title.is_empty() {
            return None;
        }
        let mut title = title.to_string();
        limits::cut(&mut title, FIELD_CAP);
        let mut description = cell(self.description).to_string();
        limits::cut(&mut description, FIELD_CAP);
        let mentors: Vec<String> = cell(self.mentor)
            .split([',', '&', ';'])
            .flat_map(|m| m.split(" and "))
            .map(|m| m.trim().to_string())
            .filter(|m| !m.is_empty())
            .collect();
        Some(Idea {
            description,
            mentors,
            ..list.idea(project.to_string(), title, row.line, true)
        })
    }
}

/// Warnings about one idea's fields.
struct Fields<'a> {
    title: String,
    warnings: &'a mut Vec<Warning>,
}

impl Fields<'_> {
    fn capped(&mut self, field: &str, line: u32) {
        self.warnings.push(Warning {
            line,
            message: format!(
                "{field} of idea '{}' is over the {} KiB field limit: cut here, the rest is not indexed",
                limits::shown_title(&self.title),
                FIELD_CAP >> 10
            ),
        });
    }

    fn not_web(&mut self, field: &str, first: &str, line: u32, n: usize) {
        self.warnings.push(Warning {
            line,
            message: format!(
                "{n} link(s) in the {field} of idea '{}' are not http(s) URLs: dropped (the first: {})",
                limits::shown_title(&self.title),
                limits::shown(first)
            ),
        });
    }

    /// The `http(s)` URLs of `urls`; one warning for the others, at the
    /// line of the first.
    fn web_urls(&mut self, field: &str, urls: Vec<(String, u32)>) -> Vec<String> {
        let (web, other): (Vec<_>, Vec<_>) =
            urls.into_iter().partition(|(u, _)| limits::is_web_url(u));
        if let Some((first, line)) = other.first() {
            self.not_web(field, first, *line, other.len());
        }
        web.into_iter().map(|(u, _)| u).collect()
    }
}

/// Two ideas of one title under one project in one file are two ideas,
/// not one read twice (that is across files: a term's proposals and its
/// accepted list), unless the later one repeats the description: the later
/// ones get the id `...title-slug--2`, `--3` (a slug never holds `--`, so
/// no title can take it) and a warning at their heading's line.
fn keep_repeated_titles_apart(ideas: &mut [Idea], warnings: &mut Vec<Warning>) {
    // id -> (heading line, description) of the first idea with that id, and
    // how many came after it.
    let mut first: HashMap<String, (u32, String, usize)> = HashMap::new();
    for idea in ideas.iter_mut() {
        let line = idea.sources[0].line;
        let Some((at, description, n)) = first.get_mut(&idea.id) else {
            first.insert(idea.id.clone(), (line, idea.description.clone(), 0));
            continue;
        };
        if *description == idea.description {
            warnings.push(Warning {
                line,
                message: format!(
                    "idea '{}' repeats the idea of line {at} (same title, project and description): merged",
                    limits::shown_title(&idea.title)
                ),
            });
            continue;
        }
        *n += 1;
        let id = format!("{}--{}", idea.id, *n + 1);
        warnings.push(Warning {
            line,
            message: format!(
                "idea '{}' has the title of the idea of line {at} in the same project: kept as a separate idea, {id}",
                limits::shown_title(&idea.title)
            ),
        });
        idea.id = id;
    }
}

/// Program/year/term from the first headings of the document (its title).
fn title_meta(sections: &[markdown::Section]) -> Meta {
    sections
        .iter()
        .filter(|s| s.level > 0)
        .take(3)
        .fold(Meta::default(), |m, s| m.or(meta::from_title(&s.title)))
}
