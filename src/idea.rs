//! The idea record: one mentorship project idea as extracted from an idea list.
//!
//! Its JSON form is described by `schema/idea.schema.json`; `tests/schema.rs`
//! holds this type to that schema.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Which mentorship program an idea list belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Program {
    /// LFX Mentorship (`programs/lfx-mentorship/YEAR/NN-Mon-Mon/` upstream), three terms a year.
    Lfx,
    /// Google Summer of Code (`programs/summerofcode/YEAR.md` upstream), one round a year.
    Gsoc,
}

impl Program {
    /// The lowercase key used in ids, filters and facets: `lfx` or `gsoc`.
    pub fn key(self) -> &'static str {
        match self {
            Program::Lfx => "lfx",
            Program::Gsoc => "gsoc",
        }
    }

    /// Parses `lfx` / `gsoc` (any case, with a few common spellings).
    pub fn parse(s: &str) -> Option<Program> {
        match s.trim().to_ascii_lowercase().as_str() {
            "lfx" | "lfx-mentorship" | "lfx mentorship" => Some(Program::Lfx),
            "gsoc" | "summerofcode" | "google summer of code" => Some(Program::Gsoc),
            _ => None,
        }
    }

    /// The name people use: `LFX` or `GSoC`.
    pub fn display(self) -> &'static str {
        match self {
            Program::Lfx => "LFX",
            Program::Gsoc => "GSoC",
        }
    }
}

impl fmt::Display for Program {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// Where an idea was read: a file path (as given to `ideas index`, or relative
/// to `data/` for the embedded corpus) and the 1-based line of its heading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    pub path: String,
    pub line: u32,
}

/// One project idea.
///
/// `id` is `{program}-{year}[-{term}]/{project-slug}/{title-slug}`, e.g.
/// `lfx-2023-3/karmada/add-karmada-api-documentation-on-the-website`: stable
/// across re-indexing and readable. Text fields are plain text (markdown
/// markup removed, nested list items kept as `- item` lines).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Idea {
    pub id: String,
    pub program: Program,
    /// Calendar year of the term or GSoC round, e.g. 2024.
    pub year: u16,
    /// LFX term 1-3 (Mar-May, Jun-Aug, Sep-Nov); `None` for GSoC.
    pub term: Option<u8>,
    /// The CNCF project, as its heading names it (e.g. `KubeEdge`).
    pub project: String,
    /// Headings between the project and the idea (e.g. `SIG Storage`), joined by ` / `.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    pub title: String,
    pub description: String,
    pub outcome: String,
    /// Recommended skills, split on commas/semicolons and list items, trimmed.
    pub skills: Vec<String>,
    pub mentors: Vec<String>,
    /// Upstream issue URLs, in the order given.
    pub upstream_issues: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lfx_url: Option<String>,
    /// GSoC project size as written, e.g. `medium (~175 hour projects)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<String>,
    /// Every place this idea was read from (the same idea in two files of one term is one record).
    pub sources: Vec<Source>,
}

impl Idea {
    /// `program-year[-term]`, the id prefix: `lfx-2023-3`, `gsoc-2019`.
    pub fn term_key(&self) -> String {
        term_key(self.program, self.year, self.term)
    }

    /// Human label of the term: `LFX 2023 term 3`, `GSoC 2019`.
    pub fn term_label(&self) -> String {
        match self.term {
            Some(t) => format!("{} {} term {}", self.program.display(), self.year, t),
            None => format!("{} {}", self.program.display(), self.year),
        }
    }

    /// Folds a second record of the same id into this one: empty fields are
    /// filled from `other` and its sources are appended.
    pub fn merge(&mut self, other: Idea) {
        fn fill(a: &mut String, b: String) {
            if a.trim().is_empty() {
                *a = b;
            }
        }
        fn fill_vec(a: &mut Vec<String>, b: Vec<String>) {
            if a.is_empty() {
                *a = b;
            }
        }
        fill(&mut self.description, other.description);
        fill(&mut self.outcome, other.outcome);
        fill_vec(&mut self.skills, other.skills);
        fill_vec(&mut self.mentors, other.mentors);
        fill_vec(&mut self.upstream_issues, other.upstream_issues);
        self.lfx_url = self.lfx_url.take().or(other.lfx_url);
        self.size = self.size.take().or(other.size);
        self.group = self.group.take().or(other.group);
        for s in other.sources {
            if !self.sources.contains(&s) {
                self.sources.push(s);
            }
        }
    }
}

/// `program-year[-term]`: `lfx-2023-3`, `gsoc-2019`.
pub fn term_key(program: Program, year: u16, term: Option<u8>) -> String {
    match term {
        Some(t) => format!("{}-{}-{}", program.key(), year, t),
        None => format!("{}-{}", program.key(), year),
    }
}

/// Lowercase slug of a title or project: runs of letters/digits (any script)
/// joined by `-`. `"Move2Kube: WASM Transformers"` -> `move2kube-wasm-transformers`.
pub fn slug(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let s: String = s
        .chars()
        .filter(|c| !matches!(c, '\'' | '\u{2019}'))
        .collect();
    for word in s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push('-');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

/// Merges records of the same idea, keeping first-seen order and the first
/// id. Two records are the same idea when term, project (by [`project_key`])
/// and title (by [`slug`]) agree: `KubeArmor`/`Kubearmor` or `Litmus Chaos`/
/// `LitmusChaos` in a term's proposals and accepted list are one idea.
pub fn dedupe(ideas: Vec<Idea>) -> Vec<Idea> {
    let mut out: Vec<Idea> = Vec::with_capacity(ideas.len());
    let mut seen = std::collections::HashMap::new();
    for idea in ideas {
        let key = (
            idea.term_key(),
            project_key(&idea.project),
            slug(&idea.title),
        );
        match seen.get(&key) {
            Some(&i) => {
                let existing: &mut Idea = &mut out[i];
                existing.merge(idea);
            }
            None => {
                seen.insert(key, out.len());
                out.push(idea);
            }
        }
    }
    out
}

/// A project name reduced to lowercase letters and digits, so `Litmus Chaos`,
/// `LitmusChaos` and `litmuschaos` are one project (for filters and merging).
pub fn project_key(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Gives every spelling of a project one name: ideas whose project names
/// differ only in case, spaces or punctuation (`Kubearmor`/`KubeArmor`,
/// `Litmus Chaos`/`LitmusChaos`) take the most frequent spelling (on a tie,
/// the first seen), so facet counts do not split.
pub fn unify_project_names(ideas: &mut [Idea]) {
    use std::collections::HashMap;
    let key = project_key;
    let mut counts: HashMap<String, Vec<(String, usize)>> = HashMap::new();
    for idea in ideas.iter() {
        let spellings = counts.entry(key(&idea.project)).or_default();
        match spellings.iter_mut().find(|(s, _)| *s == idea.project) {
            Some((_, n)) => *n += 1,
            None => spellings.push((idea.project.clone(), 1)),
        }
    }
    for idea in ideas.iter_mut() {
        if let Some(spellings) = counts.get(&key(&idea.project)) {
            let best = spellings
                .iter()
                .fold(&spellings[0], |best, s| if s.1 > best.1 { s } else { best });
            if best.0 != idea.project {
                idea.project = best.0.clone();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn idea(project: &str, title: &str, path: &str) -> Idea {
        Idea {
            id: format!("lfx-2024-1/{}/{}", slug(project), slug(title)),
            program: Program::Lfx,
            year: 2024,
            term: Some(1),
            project: project.into(),
            group: None,
            title: title.into(),
            description: String::new(),
            outcome: String::new(),
            skills: vec![],
            mentors: vec![],
            upstream_issues: vec![],
            lfx_url: None,
            size: None,
            sources: vec![Source {
                path: path.into(),
                line: 1,
            }],
        }
    }

    #[test]
    fn the_same_idea_spelt_two_ways_in_one_term_is_one_record() {
        let mut b = idea(
            "LitmusChaos",
            "Enhance Chaos Center: E2E tests",
            "README.md",
        );
        b.outcome = "tests".into();
        let merged = dedupe(vec![
            idea(
                "Litmus Chaos",
                "Enhance Chaos Center - E2E Tests",
                "project_ideas.md",
            ),
            b,
        ]);
        assert_eq!(merged.len(), 1);
        assert_eq!(merged[0].sources.len(), 2);
        assert_eq!(merged[0].outcome, "tests");
        assert_eq!(
            merged[0].id,
            "lfx-2024-1/litmus-chaos/enhance-chaos-center-e2e-tests"
        );
    }

    #[test]
    fn slugs_are_readable() {
        assert_eq!(
            slug("Move2Kube: Advanced Resources support - ArgoCD, Tekton, Stateful Set, etc."),
            "move2kube-advanced-resources-support-argocd-tekton-stateful-set-etc"
        );
        assert_eq!(slug("  KubeEdge "), "kubeedge");
        assert_eq!(slug("边缘 AI 调度"), "边缘-ai-调度");
    }
}
