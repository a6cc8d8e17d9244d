//! Ingest: one markdown idea list (bytes + path) in, idea records and
//! warnings out. Pure: no I/O, no global state, never panics on any input.
//!
//! Pipeline: [`markdown::sections`] (pulldown-cmark events -> headings with
//! bodies) -> [`fields::body`] (labelled fields) -> [`structure::place`]
//! (project and group of each idea) -> [`Idea`] records, deduplicated by id.

pub mod fields;
pub mod markdown;
pub mod meta;
pub mod structure;

use crate::idea::{self, Idea, Source};
use fields::Kind;
pub use meta::Meta;

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
    let sections = markdown::sections(text);
    let meta = meta::from_path(path).or(title_meta(&sections)).or(hints);
    let (Some(program), Some(year)) = (meta.program, meta.year) else {
        return Err(IngestError::NoMeta);
    };
    let term_key = idea::term_key(program, year, meta.term);

    let bodies: Vec<fields::Body> = sections.iter().map(fields::body).collect();
    let mut warnings = vec![];
    let is_idea: Vec<bool> = sections
        .iter()
        .zip(&bodies)
        .map(|(s, b)| {
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
    for (s, b) in sections.iter().zip(&bodies).filter(|(s, _)| s.level == 0) {
        if b.is_idea() {
            warnings.push(Warning {
                line: s.line,
                message: "idea fields before any heading: skipped (no title)".into(),
            });
        }
    }

    let placed = structure::place(&sections, &bodies, &is_idea, &mut warnings);
    let mut ideas = Vec::with_capacity(placed.len());
    for p in placed {
        let heading = &sections[p.title];
        let body = &bodies[p.body];
        let title = heading
            .title
            .trim_end_matches([':', '：'])
            .trim()
            .to_string();
        let mut description = body.text(Kind::Description);
        if description.is_empty() {
            description = fields::render(&body.lead.iter().collect::<Vec<_>>());
        }
        let lfx_url = heading
            .title_link
            .clone()
            .filter(|u| u.contains("lfx"))
            .or_else(|| body.urls(Kind::LfxUrl).into_iter().next());
        let size = body.text(Kind::Size);
        let title_slug = match idea::slug(&title) {
            s if s.is_empty() => format!("idea-line-{}", heading.line),
            s => s,
        };
        ideas.push(Idea {
            id: format!("{}/{}/{}", term_key, idea::slug(&p.project), title_slug),
            program,
            year,
            term: meta.term,
            project: p.project,
            group: p.group,
            title,
            description,
            outcome: body.text(Kind::Outcome),
            skills: fields::skills(&body.lines(Kind::Skills)),
            mentors: fields::mentors(&body.lines(Kind::Mentors)),
            upstream_issues: body.urls(Kind::Issue),
            lfx_url,
            // `# Large`: the template's comment marker left in front of the value.
            size: size
                .lines()
                .next()
                .map(|l| l.trim_start_matches(['#', ' ']).to_string())
                .filter(|l| !l.is_empty()),
            sources: vec![Source {
                path: path.to_string(),
                line: heading.line,
            }],
        });
    }
    let before = ideas.len();
    let ideas = idea::dedupe(ideas);
    if ideas.len() < before {
        warnings.push(Warning {
            line: 1,
            message: format!(
                "{} idea(s) appear twice in this file: merged",
                before - ideas.len()
            ),
        });
    }
    warnings.sort_by_key(|w| w.line);
    Ok(Parsed { ideas, warnings })
}

/// Program/year/term from the first headings of the document (its title).
fn title_meta(sections: &[markdown::Section]) -> Meta {
    sections
        .iter()
        .filter(|s| s.level > 0)
        .take(3)
        .fold(Meta::default(), |m, s| m.or(meta::from_title(&s.title)))
}
