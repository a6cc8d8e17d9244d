//! The idea record: one mentorship project idea as extracted from an idea list.
//!
//! Its JSON form is described by `schema/idea.schema.json`; `tests/schema.rs`
//! holds this type to that schema.

use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
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

    /// The name people use: `LFX` or `GSoC` (`Display` writes the key,
    /// `lfx`, as flags and the API take it).
    pub fn label(self) -> &'static str {
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

/// Whether an idea was accepted into its term or only proposed.
///
/// From the kind of list it was read in (see [`list_status`]): an idea read
/// in any accepted list is accepted, however many proposal lists also hold it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// In a term's list of accepted (selected, completed) projects.
    Accepted,
    /// Only in a list of proposals.
    #[default]
    Proposed,
}

impl Status {
    /// The lowercase key used in filters and facets: `accepted` or `proposed`.
    pub fn key(self) -> &'static str {
        match self {
            Status::Accepted => "accepted",
            Status::Proposed => "proposed",
        }
    }

    /// Parses `accepted` / `proposed` (any case).
    pub fn parse(s: &str) -> Option<Status> {
        match s.trim().to_ascii_lowercase().as_str() {
            "accepted" => Some(Status::Accepted),
            "proposed" => Some(Status::Proposed),
            _ => None,
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// The kind of list the file at `path` is, by the upstream layout
/// (`data/SOURCES.md`): in an LFX term folder, `project_ideas.md` (any file
/// named for ideas or proposals) is what was proposed and the others
/// (`README.md`, `selected_projects.md`) list the accepted projects; a GSoC
/// `YEAR.md` is the organisation's list of proposals for the round (which
/// were picked is decided by students' applications, not written there), so
/// proposed.
pub fn list_status(path: &str, program: Program) -> Status {
    if program == Program::Gsoc {
        return Status::Proposed;
    }
    let name = path
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(path)
        .to_lowercase();
    if ["idea", "proposal", "proposed"]
        .iter()
        .any(|w| name.contains(w))
    {
        Status::Proposed
    } else {
        Status::Accepted
    }
}

/// Where an idea was read: a file path (as given to `ideas index`, or relative
/// to `data/` for the embedded corpus) and the 1-based line of its heading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    pub path: String,
    pub line: u32,
    /// The line upstream, for an idea of a fetched corpus (`ideas update`):
    /// `https://github.com/cncf/mentoring/blob/COMMIT/PATH#L123`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// A text field that can hold links.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TextField {
    Description,
    Outcome,
}

/// A link in [`Idea::description`] or [`Idea::outcome`]: a markdown link
/// (`[Jaeger v2](https://...)`, its text as the span) or a bare URL written
/// in the text. `[start, end)` are UTF-8 byte offsets into the field, as
/// snippet highlights are. Only `http(s)` targets are kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub field: TextField,
    pub start: u32,
    pub end: u32,
    pub url: String,
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
    /// The projects of an idea several propose together (a heading `Jaeger
    /// & Linkerd`), canonical names in heading order, [`Idea::project`]
    /// then being them joined by ` & `; empty for an idea of one project.
    /// Facets count a joint idea once under each; see [`Idea::projects`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub joint: Vec<String>,
    pub title: String,
    pub description: String,
    pub outcome: String,
    /// The links of `description` and `outcome`, in order, not overlapping.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
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
    /// Accepted if any of [`Idea::sources`] is a list of accepted projects
    /// ([`list_status`]), else proposed. Records written before the field
    /// existed read as proposed.
    #[serde(default)]
    pub status: Status,
    /// Read from a row of a table of projects (a list with no idea
    /// sections, LFX 2019): such a row may only sum up ideas another list
    /// of the term holds, and [`dedupe`] folds it into them. Not serialised.
    #[serde(skip)]
    pub from_table: bool,
}

impl Idea {
    /// `program-year[-term]`, the id prefix: `lfx-2023-3`, `gsoc-2019`.
    pub fn term_key(&self) -> String {
        term_key(self.program, self.year, self.term)
    }

    /// The projects the idea counts under: [`Idea::joint`], or
    /// [`Idea::project`] alone.
    pub fn projects(&self) -> impl Iterator<Item = &str> {
        let one = self.joint.is_empty().then_some(self.project.as_str());
        one.into_iter().chain(self.joint.iter().map(String::as_str))
    }

    /// Human label of the term: `LFX 2023 term 3`, `GSoC 2019`.
    pub fn term_label(&self) -> String {
        match self.term {
            Some(t) => format!("{} {} term {}", self.program.label(), self.year, t),
            None => format!("{} {}", self.program.label(), self.year),
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
        // A field filled from `other` brings its links along.
        let took_d = self.description.trim().is_empty();
        let took_o = self.outcome.trim().is_empty();
        let taken = |l: &Link| match l.field {
            TextField::Description => took_d,
            TextField::Outcome => took_o,
        };
        self.links.retain(|l| !taken(l));
        self.links
            .extend(other.links.into_iter().filter(|l| taken(l)));
        self.links.sort_by_key(|l| (l.field as u8, l.start));
        fill(&mut self.description, other.description);
        fill(&mut self.outcome, other.outcome);
        fill_vec(&mut self.skills, other.skills);
        fill_vec(&mut self.mentors, other.mentors);
        fill_vec(&mut self.upstream_issues, other.upstream_issues);
        fill_vec(&mut self.joint, other.joint);
        self.lfx_url = self.lfx_url.take().or(other.lfx_url);
        self.size = self.size.take().or(other.size);
        self.group = self.group.take().or(other.group);
        self.status = self.status.min(other.status);
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

/// Term, project (by [`project_key`]) and title (the id's last part: the
/// title's [`slug`], `idea-line-N` for a title with no word, with `--2` for a
/// second idea of that title in the project in one file): two records with
/// the same key are one idea.
fn dedupe_key(idea: &Idea) -> (String, String, String) {
    let title = idea.id.rsplit('/').next().unwrap_or_default();
    (
        idea.term_key(),
        project_key(&idea.project),
        title.to_string(),
    )
}

/// Merges records of the same idea, keeping first-seen order and the first
/// id. Two records are the same idea when term, project (by [`project_key`])
/// and title (by [`slug`], see `dedupe_key`) agree: `KubeArmor`/`Kubearmor` or `Litmus Chaos`/
/// `LitmusChaos` in a term's proposals and accepted list are one idea.
pub fn dedupe(ideas: Vec<Idea>) -> Vec<Idea> {
    fold_table_rows(dedupe_by_key(ideas))
}

/// Significant words of a text for [`covers`]: lowercase runs of 3+ letters
/// or digits, cut to their first 5 characters (`improving` = `improved`).
fn stems(text: &str) -> HashSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3)
        .map(|w| w.to_lowercase().chars().take(5).collect::<String>())
        .filter(|w| !matches!(w.as_str(), "the" | "and" | "for" | "with" | "from" | "into"))
        .collect()
}

/// True when table row `row` sums up idea `idea`: most of the idea's title
/// words are in the row's title (a row naming several ideas: `Extending
/// internal metrics support on Fluent Bit and improving Fluent Bit
/// usability`), or most of the row's title words are in the idea's title
/// and description (a row rewording one idea).
fn covers(row: &Idea, idea: &Idea) -> bool {
    let r = stems(&row.title);
    let t = stems(&idea.title);
    let in_row = t.iter().filter(|w| r.contains(*w)).count();
    if !t.is_empty() && in_row * 10 >= t.len() * 6 {
        return true;
    }
    let text = stems(&format!("{} {}", idea.title, idea.description));
    let in_idea = r.iter().filter(|w| text.contains(*w)).count();
    !r.is_empty() && in_idea * 10 >= r.len() * 7
}

/// Folds table rows ([`Idea::from_table`]) into the ideas of the same term
/// and project they sum up: those ideas get the row's source (and so its
/// status); a row that sums up none stays an idea of its own.
fn fold_table_rows(mut ideas: Vec<Idea>) -> Vec<Idea> {
    if !ideas.iter().any(|i| i.from_table) {
        return ideas;
    }
    let mut by_project: HashMap<(String, String), Vec<usize>> = HashMap::new();
    for (n, i) in ideas.iter().enumerate().filter(|(_, i)| !i.from_table) {
        by_project
            .entry((i.term_key(), project_key(&i.project)))
            .or_default()
            .push(n);
    }
    let mut folded = vec![false; ideas.len()];
    for r in 0..ideas.len() {
        if !ideas[r].from_table {
            continue;
        }
        let key = (ideas[r].term_key(), project_key(&ideas[r].project));
        let covered: Vec<usize> = by_project
            .get(&key)
            .map(|c| {
                c.iter()
                    .copied()
                    .filter(|&n| covers(&ideas[r], &ideas[n]))
                    .collect()
            })
            .unwrap_or_default();
        for &n in &covered {
            let (sources, status) = (ideas[r].sources.clone(), ideas[r].status);
            let idea = &mut ideas[n];
            for s in sources {
                if !idea.sources.contains(&s) {
                    idea.sources.push(s);
                }
            }
            idea.status = idea.status.min(status);
        }
        folded[r] = !covered.is_empty();
    }
    let mut keep = folded.into_iter().map(|f| !f);
    ideas.retain(|_| keep.next().unwrap_or(true));
    ideas
}

fn dedupe_by_key(ideas: Vec<Idea>) -> Vec<Idea> {
    let mut out: Vec<Idea> = Vec::with_capacity(ideas.len());
    let mut seen = HashMap::new();
    for idea in ideas {
        let key = dedupe_key(&idea);
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
/// the first seen), so facet counts do not split. Projects already in
/// `chosen` (by [`project_key`]) keep the spelling chosen there; the others
/// are added to it.
pub(crate) fn unify_project_names(ideas: &mut [Idea], chosen: &mut HashMap<String, String>) {
    let mut counts: HashMap<String, Vec<(&str, usize)>> = HashMap::new();
    for idea in ideas.iter() {
        let key = project_key(&idea.project);
        if chosen.contains_key(&key) {
            continue;
        }
        let spellings = counts.entry(key).or_default();
        match spellings.iter_mut().find(|(s, _)| *s == idea.project) {
            Some((_, n)) => *n += 1,
            None => spellings.push((&idea.project, 1)),
        }
    }
    let new: Vec<(String, String)> = counts
        .into_iter()
        .map(|(key, spellings)| {
            let best = spellings
                .iter()
                .fold(&spellings[0], |best, s| if s.1 > best.1 { s } else { best });
            (key, best.0.to_string())
        })
        .collect();
    chosen.extend(new);
    for idea in ideas.iter_mut() {
        if let Some(name) = chosen.get(&project_key(&idea.project)) {
            if *name != idea.project {
                idea.project = name.clone();
            }
        }
    }
}

/// Ideas arriving in batches (a batch is the files parsed together), made
/// into one catalogue: each idea gets its place in arrival order, the same
/// idea read twice is one record ([`dedupe`]) and each project one spelling
/// ([`unify_project_names`]; the first batch naming a project decides).
///
/// Memory: 16 bytes per idea plus one name per project, so the ideas
/// themselves can be dropped once a batch is indexed.
#[derive(Debug, Default)]
pub struct Catalog {
    /// xxh3 of the dedupe key -> place of the idea in arrival order.
    seen: HashMap<u64, u64>,
    names: HashMap<String, String>,
}

/// A batch after [`Catalog::admit`].
#[derive(Debug, Default)]
pub struct Admitted {
    /// Ideas not seen before, with their place in arrival order.
    pub fresh: Vec<(u64, Idea)>,
    /// Ideas admitted in an earlier batch: merge each into the record at
    /// that place ([`Idea::merge`]).
    pub again: Vec<(u64, Idea)>,
}

impl Catalog {
    /// Admits one batch, in order.
    pub fn admit(&mut self, batch: Vec<Idea>) -> Admitted {
        let mut batch = dedupe(batch);
        unify_project_names(&mut batch, &mut self.names);
        let mut out = Admitted::default();
        for idea in batch {
            let key = dedupe_key(&idea);
            let hash =
                xxhash_rust::xxh3::xxh3_64(format!("{}\0{}\0{}", key.0, key.1, key.2).as_bytes());
            let next = self.seen.len() as u64;
            match self.seen.entry(hash) {
                std::collections::hash_map::Entry::Occupied(e) => out.again.push((*e.get(), idea)),
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(next);
                    out.fresh.push((next, idea));
                }
            }
        }
        out
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
            joint: vec![],
            title: title.into(),
            description: String::new(),
            outcome: String::new(),
            links: vec![],
            skills: vec![],
            mentors: vec![],
            upstream_issues: vec![],
            lfx_url: None,
            size: None,
            sources: vec![Source {
                path: path.into(),
                line: 1,
                url: None,
            }],
            status: list_status(path, Program::Lfx),
            from_table: false,
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
        // README.md is the accepted list: accepted, though proposed first.
        assert_eq!(merged[0].status, Status::Accepted);
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
