//! Which heading is an idea's project, and which are its groups.
//!
//! The rule for well-formed lists: an idea is a section that carries idea
//! fields; its project is the outermost enclosing heading that is neither an
//! idea nor a container (`Proposed Project ideas`, `Accepted projects`, the
//! document title), and the headings between project and idea are its group.
//!
//! Real lists are edited by hand and break that shape (see `data/SOURCES.md`,
//! LFX 2025 term 3): an idea heading at project level, an idea nested under
//! another idea, a project heading left above another idea's body. Those are
//! attributed from the text: a known project named in the title
//! (`... in Karmada via ...`), else the nearest project-like heading before it.

use super::fields::{is_cjk, opens_field, Body, Kind};
use super::markdown::{Block, BlockKind, Section};
use super::Warning;
use std::collections::{BTreeSet, HashMap, HashSet};

/// Where an idea sits: its title heading and the project/group it belongs to.
#[derive(Debug, Clone)]
pub struct Placed {
    /// Section whose body holds the fields.
    pub body: usize,
    /// Section whose heading is the title (differs from `body` when a stray
    /// heading sits between an idea's title and its body).
    pub title: usize,
    pub project: String,
    pub group: Option<String>,
}

/// Words that mark a heading as a container of projects rather than a project.
const CONTAINER_WORDS: &[&str] = &[
    "idea",
    "ideas",
    "project",
    "projects",
    "proposal",
    "proposals",
    "participating",
    "accepted",
    "proposed",
    "selected",
    "term",
    "gsoc",
    "mentorship",
    "contents",
    "toc",
];

/// Chinese words of container headings (`项目列表`, `开源之夏 2025 项目想法`):
/// project, idea, OSPP (开源之夏), proposal, accepted, topic, contents.
/// Chinese is written without spaces, so these are matched as substrings.
const CONTAINER_WORDS_ZH: &[&str] = &["项目", "想法", "开源之夏", "提案", "入选", "课题", "目录"];

/// True for headings that group projects: `Project Ideas`, `Accepted projects`,
/// `Term 03 - 2023 ...`, `CNCF + Summer of Code`, `项目列表`; and for headings
/// without a word (`#`), which can name no project.
pub fn is_container(title: &str) -> bool {
    let lower = title.to_lowercase();
    // A heading with no words (`# `, `## ---`) names nothing: it cannot be
    // a project (found by cargo fuzz: an idea got the project '').
    !lower.chars().any(char::is_alphanumeric)
        || lower.contains("summer of code")
        || lower
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| CONTAINER_WORDS.contains(&w))
        || CONTAINER_WORDS_ZH.iter().any(|w| lower.contains(w))
}

/// True for headings of instructions rather than ideas: `How to propose a
/// project`, `Project Instructions`, `FAQ`, `Template`, `Idea template`.
pub fn is_furniture(title: &str) -> bool {
    let lower = title.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let furniture = [
        "template",
        "example",
        "instructions",
        "guidelines",
        "faq",
        "faqs",
    ];
    // Chinese: a short heading whose head noun (written last) is template,
    // example, instructions, guide or FAQ (`项目模板`, `申请说明`), or `如何...`.
    let furniture_zh = ["模板", "示例", "样例", "说明", "指南", "常见问题"];
    let chinese = lower.chars().filter(|c| !c.is_whitespace()).count() <= 8
        && furniture_zh.iter().any(|w| lower.ends_with(w));
    lower.starts_with("how to ")
        || lower.starts_with("how do ")
        || (words.len() <= 3 && words.iter().any(|w| furniture.contains(w)))
        || chinese
        || lower.starts_with("如何")
}

/// True for headings of a worked example left in a list (`Sample:`,
/// `Prometheus (sample):`): everything under them is an example, not an idea.
/// Only the heading `Sample` itself or a name marked `(sample)`: an idea
/// may well be about samples (`Extend build sample applications`).
pub fn is_sample(title: &str) -> bool {
    let lower = title.to_lowercase();
    let bare = lower.trim().trim_end_matches([':', '：']).trim();
    matches!(bare, "sample" | "samples") || lower.contains("(sample)")
}

/// Longest title made from a bullet group's lead item (see [`split_bullet_groups`]).
const GROUP_TITLE_CHARS: usize = 100;

/// Splits sections that hold several ideas as bullet groups (GSoC 2017's
/// gRPC: `* Port gRPC to ...` then `* Required skills: ...`, `* Likely
/// mentors: ...`, then the next idea's unlabelled item) into one child
/// section per group, one level down, titled by the first sentence of the
/// group's lead item. Only when there are two or more groups, each opening
/// with an unlabelled item followed by at least two labelled ones: a single
/// idea's stray bullet after its fields does not split it.
pub fn split_bullet_groups(sections: Vec<Section>, warnings: &mut Vec<Warning>) -> Vec<Section> {
    let mut out = Vec::with_capacity(sections.len());
    for mut s in sections {
        let (before, groups) = bullet_groups(&s.blocks);
        // A labelled description or outcome is the usual one-idea shape,
        // whose unlabelled items are its value.
        let labelled_items = |g: &[Block]| {
            g.iter()
                .filter(|b| b.kind == BlockKind::Item && opens_field(b).is_some())
                .count()
        };
        let well_formed = groups.len() >= 2
            && !s
                .blocks
                .iter()
                .any(|b| matches!(opens_field(b), Some(Kind::Description | Kind::Outcome)))
            && groups
                .iter()
                .all(|g| labelled_items(g) >= 2 && opens_field(&g[0]).is_none());
        if !well_formed {
            out.push(s);
            continue;
        }
        warnings.push(Warning {
            line: s.line,
            message: format!(
                "heading '{}' holds {} ideas as bullet groups (a lead item, then labelled items): read as one idea per group, titled by its lead item's first sentence",
                s.title,
                groups.len()
            ),
        });
        let level = s.level.saturating_add(1);
        s.blocks = before;
        out.push(s);
        for g in groups {
            let lead = &g[0].lines[0];
            out.push(Section {
                level,
                title: group_title(&lead.text),
                title_link: None,
                line: lead.line,
                blocks: g,
            });
        }
    }
    out
}

/// Grouping pass of [`split_bullet_groups`]: the blocks before the first
/// unlabelled item, and the groups that each open with an unlabelled item
/// after a labelled one (or the first).
fn bullet_groups(blocks: &[Block]) -> (Vec<Block>, Vec<Vec<Block>>) {
    let mut groups: Vec<Vec<Block>> = vec![];
    let mut labelled = 0;
    let mut before: Vec<Block> = vec![];
    for b in blocks {
        let opens = opens_field(b).is_some();
        if b.kind == BlockKind::Item && !opens && (groups.is_empty() || labelled > 0) {
            groups.push(vec![]);
            labelled = 0;
        }
        match groups.last_mut() {
            Some(g) => g.push(b.clone()),
            None => before.push(b.clone()),
        }
        labelled += usize::from(opens);
    }
    (before, groups)
}

/// The first sentence (or the part before ` - `) of a lead item, cut at a
/// word to [`GROUP_TITLE_CHARS`].
fn group_title(text: &str) -> String {
    let end = [". ", " - ", ": "]
        .iter()
        .filter_map(|sep| text.find(sep))
        .min()
        .unwrap_or(text.len());
    let t = text[..end].trim().trim_end_matches('.');
    if t.chars().count() <= GROUP_TITLE_CHARS {
        return t.to_string();
    }
    let cut: String = t.chars().take(GROUP_TITLE_CHARS).collect();
    match cut.rfind(' ') {
        Some(sp) => cut[..sp].to_string(),
        None => cut,
    }
}

/// Places every idea section. `is_idea[i]` says whether section `i` carries
/// idea fields; the result is in document order.
pub fn place(
    sections: &[Section],
    bodies: &[Body],
    is_idea: &[bool],
    warnings: &mut Vec<Warning>,
) -> Vec<Placed> {
    let mut outline = Outline::new(sections, bodies, is_idea);
    outline.take_orphan_titles(warnings);

    // Pass 1: well-formed ideas, placed by structure alone.
    let chains = outline.chains(warnings);
    let doc_title = outline.doc_title_above_projects(&chains);
    let (mut placed, mut known) = outline.place_by_structure(&chains, doc_title);

    // Pass 2: the rest, by a project the title names or the nearest
    // project-like heading (see [`Fallbacks`]).
    let misplaced: Vec<usize> = (0..sections.len())
        .filter(|&i| is_idea[i] && placed[i].is_none())
        .collect();
    let mut fallbacks = Fallbacks::new(&outline, &known, doc_title);
    fallbacks.learn_projects(&outline, &misplaced, &mut known);
    outline.place_misplaced(&misplaced, &fallbacks, &known, &mut placed, warnings);

    outline.warn_empty_headings(&known, warnings);
    placed.into_iter().flatten().collect()
}

/// The heading outline [`place`] works over: each heading's parent and
/// whether it is a container, worked out once, and the title heading each
/// idea was given.
struct Outline<'a> {
    sections: &'a [Section],
    bodies: &'a [Body],
    is_idea: &'a [bool],
    /// Nearest earlier heading of a lower level.
    parent: Vec<Option<usize>>,
    containers: Vec<bool>,
    /// Title heading of each idea: itself, unless an orphan title took it.
    title_of: Vec<usize>,
    /// Empty headings taken as an idea's title.
    used: Vec<bool>,
}

impl<'a> Outline<'a> {
    fn new(sections: &'a [Section], bodies: &'a [Body], is_idea: &'a [bool]) -> Self {
        let n = sections.len();
        // Nearest earlier heading of a lower level: a stack of open headings,
        // levels rising (a scan back per heading was quadratic in siblings).
        let mut parent: Vec<Option<usize>> = vec![None; n];
        let mut open: Vec<usize> = vec![];
        for i in 0..n {
            while open
                .last()
                .is_some_and(|&j| sections[j].level >= sections[i].level)
            {
                open.pop();
            }
            parent[i] = open.last().copied();
            if sections[i].level > 0 {
                open.push(i);
            }
        }
        // Once per heading: `is_container` lowercases and splits the title.
        let containers: Vec<bool> = sections.iter().map(|s| is_container(&s.title)).collect();
        Outline {
            sections,
            bodies,
            is_idea,
            parent,
            containers,
            title_of: (0..n).collect(),
            used: vec![false; n],
        }
    }

    fn len(&self) -> usize {
        self.sections.len()
    }

    fn has_children(&self, j: usize) -> bool {
        j + 1 < self.len() && self.sections[j + 1].level > self.sections[j].level
    }

    fn container(&self, j: usize) -> bool {
        self.containers[j]
    }

    /// An idea, or an empty heading taken as an idea's title.
    fn ideaish(&self, j: usize) -> bool {
        self.is_idea[j] || self.used[j]
    }

    fn ideas(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.len()).filter(|&i| self.is_idea[i])
    }

    /// Orphan-title pass, before placing: an idea's title heading is itself,
    /// unless its heading is a stray project name and an earlier empty
    /// heading's words are what its body talks about.
    fn take_orphan_titles(&mut self, warnings: &mut Vec<Warning>) {
        let (sections, bodies, is_idea) = (self.sections, self.bodies, self.is_idea);
        let orphans = OrphanCandidates::new(
            sections,
            is_idea,
            |j| self.has_children(j),
            |j| self.container(j),
        );
        for i in (0..sections.len()).filter(|&i| is_idea[i]) {
            if let Some(k) = orphans.find(sections, bodies, i, &self.used) {
                warnings.push(Warning {
                    line: sections[i].line,
                    message: format!(
                        "heading '{}' holds the body of the empty heading '{}' (line {}): read as that idea",
                        sections[i].title, sections[k].title, sections[k].line
                    ),
                });
                self.title_of[i] = k;
                self.used[k] = true;
            }
        }
    }

    /// Pass 1, by structure alone: the project-then-groups headings above
    /// idea `i` (innermost first), or none when it is nested under another
    /// idea and so not well formed.
    fn chain(&self, i: usize) -> Vec<usize> {
        let mut c = vec![];
        let mut p = self.parent[self.title_of[i]];
        while let Some(j) = p {
            if self.ideaish(j) {
                return vec![]; // nested under another idea: not well formed
            }
            if !self.container(j) {
                c.push(j);
            }
            p = self.parent[j];
        }
        if c.len() >= 2 && self.sections[*c.last().expect("len>=2")].level == 1 {
            c.pop(); // an unworded document title above the projects
        }
        c
    }

    /// Whether heading `group` is a part of `project` for idea `i`, and so
    /// stays a group even beside `project`'s ideas: a SIG or working group,
    /// a heading that names the project (`Kubernetes (SIG Node)`), or one
    /// whose ideas name the project (`CNCF - Volcano: AgentCube - ...`).
    fn part_of(&self, i: usize, group: usize, project: usize) -> bool {
        let g = self.sections[group].title.to_lowercase();
        let p = self.sections[project].title.to_lowercase();
        let words: Vec<&str> = g.split(|c: char| !c.is_alphanumeric()).collect();
        g.contains(&p)
            || words
                .iter()
                .any(|w| matches!(*w, "sig" | "wg" | "subproject" | "sub"))
            || g.contains("working group")
            || body_text(&self.bodies[i]).contains(&p)
    }

    /// Pass 1's [`Outline::chain`] of every idea (empty for the rest), with
    /// headings that are projects one level too deep promoted out of the
    /// groups: warned once per heading and project.
    fn chains(&self, warnings: &mut Vec<Warning>) -> Vec<Vec<usize>> {
        let sections = self.sections;
        // (parent, level) of the ideas that sit right under a heading: a
        // heading beside such ideas that holds ideas itself is a project one
        // level too deep (`#### Meshery` among `### KubeEdge`'s ideas), not a group.
        let idea_slots: HashSet<(usize, u8)> = self
            .ideas()
            .filter_map(|i| {
                let t = self.title_of[i];
                self.parent[t].map(|p| (p, sections[t].level))
            })
            .collect();
        // Each heading so promoted, with the project it sits in: warned once.
        let mut promoted: BTreeSet<(usize, usize)> = BTreeSet::new();
        let mut chain = |i: usize| -> Vec<usize> {
            let mut c = self.chain(i);
            if let Some(cut) = (1..c.len()).rev().find(|&k| {
                idea_slots.contains(&(c[k], sections[c[k - 1]].level))
                    && !self.part_of(i, c[k - 1], c[k])
            }) {
                promoted.insert((c[cut - 1], c[cut]));
                c.truncate(cut);
            }
            c
        };
        let chains: Vec<Vec<usize>> = (0..self.len())
            .map(|i| if self.is_idea[i] { chain(i) } else { vec![] })
            .collect();
        for (g, p) in promoted {
            warnings.push(Warning {
                line: sections[g].line,
                message: format!(
                    "heading '{}' sits among the ideas of '{}' and holds ideas itself: read as a project of its own, not a group of '{}'",
                    sections[g].title, sections[p].title, sections[p].title
                ),
            });
        }
        chains
    }

    /// The document title (the one heading above all others, `# Q3 -
    /// Fall'2021`) when the file names projects below it: then it is no
    /// project, and an idea right under it is out of place, not the title's.
    fn doc_title_above_projects(&self, chains: &[Vec<usize>]) -> Option<usize> {
        let (sections, n) = (self.sections, self.len());
        let doc_title = (0..n).find(|&i| sections[i].level > 0).filter(|&d| {
            (d + 1..n).all(|j| sections[j].level > sections[d].level || sections[j].level == 0)
        });
        let names_projects =
            doc_title.is_some_and(|d| chains.iter().any(|c| c.last().is_some_and(|&p| p != d)));
        doc_title.filter(|_| names_projects)
    }

    /// Pass 1's placements: project the outermost heading of the chain, group
    /// the headings inside it. Returns them per section with the projects
    /// so named.
    fn place_by_structure(
        &self,
        chains: &[Vec<usize>],
        doc_title: Option<usize>,
    ) -> (Vec<Option<Placed>>, Known) {
        let sections = self.sections;
        let mut placed: Vec<Option<Placed>> = vec![None; self.len()];
        let mut known = Known::default();
        for i in self.ideas() {
            let mut c = chains[i].clone();
            if c.len() == 1 && Some(c[0]) == doc_title {
                c.clear();
            }
            if let Some(&project) = c.last() {
                let group: Vec<&str> = c[..c.len() - 1]
                    .iter()
                    .rev()
                    .map(|&j| sections[j].title.trim_end_matches([':', '：']).trim())
                    .collect();
                let project = sections[project].title.clone();
                known.insert(&project);
                placed[i] = Some(Placed {
                    body: i,
                    title: self.title_of[i],
                    project,
                    group: (!group.is_empty()).then(|| group.join(" / ")),
                });
            }
        }
        (placed, known)
    }

    /// Pass 2's attribution of each idea pass 1 left unplaced: a known
    /// project its title mentions, else the project of the idea it is nested
    /// in, else the nearest fallback heading; warned either way.
    fn place_misplaced(
        &self,
        misplaced: &[usize],
        fallbacks: &Fallbacks,
        known: &Known,
        placed: &mut [Option<Placed>],
        warnings: &mut Vec<Warning>,
    ) {
        let sections = self.sections;
        for &i in misplaced {
            let t = self.title_of[i];
            let nested_in = self.parent[t].filter(|&p| self.ideaish(p));
            let project = known
                .mentioned_in(&sections[t].title)
                .or_else(|| nested_in.and_then(|p| placed[p].as_ref().map(|pl| pl.project.clone())))
                .or_else(|| fallbacks.nearest(t).map(|j| sections[j].title.clone()));
            match project {
                Some(project) => {
                    warnings.push(Warning {
                        line: sections[t].line,
                        message: format!("idea '{}' is out of place in the heading outline: attributed to project '{}'", sections[t].title, project),
                    });
                    placed[i] = Some(Placed {
                        body: i,
                        title: t,
                        project,
                        group: None,
                    });
                }
                None => warnings.push(Warning {
                    line: sections[t].line,
                    message: format!(
                        "idea '{}' has no project heading above it: skipped",
                        sections[t].title
                    ),
                }),
            }
        }
    }

    /// Last pass: headings that look like idea titles but hold nothing (when
    /// an idea sits at their level or above) are warned about.
    fn warn_empty_headings(&self, known: &Known, warnings: &mut Vec<Warning>) {
        let sections = self.sections;
        let top_idea_level = self.ideas().map(|i| sections[i].level).min();
        for (j, s) in sections.iter().enumerate().skip(1) {
            if !self.ideaish(j)
                && !self.container(j)
                && !self.has_children(j)
                && s.blocks.is_empty()
                && !known.contains(&s.title)
                && top_idea_level.is_some_and(|l| l <= s.level)
            {
                warnings.push(Warning {
                    line: s.line,
                    message: format!("heading '{}' has no idea fields: skipped", s.title),
                });
            }
        }
    }
}

/// Pass 2's fallback projects. A nearest preceding project-like heading is a
/// fallback and also a name the title may mention: the nearest earlier
/// heading at the idea's level or above that is neither an idea nor a
/// container, and is empty or a known project.
struct Fallbacks<'a> {
    sections: &'a [Section],
    /// `eligible[l]` holds the fallbacks of level <= l, so that the nearest
    /// is a lookup, not a scan back over every heading.
    eligible: Vec<BTreeSet<usize>>,
    /// Candidate headings with a body, by title: fallbacks once their title
    /// is a known project.
    with_blocks: HashMap<&'a str, Vec<usize>>,
}

impl<'a> Fallbacks<'a> {
    /// The candidates of `outline`: the document title above named projects
    /// (`doc_title`) is none.
    fn new(outline: &Outline<'a>, known: &Known, doc_title: Option<usize>) -> Self {
        let sections = outline.sections;
        let candidate = |j: usize| {
            sections[j].level > 0
                && !outline.ideaish(j)
                && !outline.container(j)
                && Some(j) != doc_title
        };
        let mut fallbacks = Fallbacks {
            sections,
            eligible: vec![BTreeSet::new(); 7],
            with_blocks: HashMap::new(),
        };
        for j in (0..sections.len()).filter(|&j| candidate(j)) {
            if sections[j].blocks.is_empty() || known.contains(&sections[j].title) {
                fallbacks.make_eligible(j);
            } else {
                fallbacks
                    .with_blocks
                    .entry(&sections[j].title)
                    .or_default()
                    .push(j);
            }
        }
        fallbacks
    }

    fn make_eligible(&mut self, j: usize) {
        for set in &mut self.eligible[usize::from(self.sections[j].level)..] {
            set.insert(j);
        }
    }

    /// The nearest fallback before title heading `t`, at its level or above.
    fn nearest(&self, t: usize) -> Option<usize> {
        let level = usize::from(self.sections[t].level).min(6);
        self.eligible[level].range(..t).next_back().copied()
    }

    /// The fallbacks of the `misplaced` ideas become known projects, so a
    /// title may mention them; headings of that name with a body become
    /// fallbacks in turn.
    fn learn_projects(&mut self, outline: &Outline, misplaced: &[usize], known: &mut Known) {
        let sections = self.sections;
        for &i in misplaced {
            if let Some(j) = self.nearest(outline.title_of[i]) {
                let title = sections[j].title.as_str();
                if known.insert(title) {
                    // Headings of that name with a body are now known projects.
                    for k in self.with_blocks.remove(title).unwrap_or_default() {
                        self.make_eligible(k);
                    }
                }
            }
        }
    }
}

/// Orphan titles looked at per idea, nearest first: the real case is the
/// empty heading right above a stray project heading; a bound keeps a file of
/// many empty headings linear.
const ORPHAN_LOOKBACK: usize = 8;

/// Significant words (4+ characters) of an orphan title looked at: a heading
/// of more words is prose, not a title, and each word is a substring search
/// of the body.
const ORPHAN_WORDS: usize = 32;

/// Headings that may be an orphan title (see [`OrphanCandidates::find`]),
/// with their significant words, in document order.
struct OrphanCandidates {
    list: Vec<(usize, Vec<String>)>,
}

impl OrphanCandidates {
    /// Empty, childless headings that are neither ideas nor containers, of
    /// four or more words.
    fn new(
        sections: &[Section],
        is_idea: &[bool],
        has_children: impl Fn(usize) -> bool,
        container: impl Fn(usize) -> bool,
    ) -> Self {
        let list = (1..sections.len())
            .filter(|&k| {
                let t = &sections[k];
                !is_idea[k]
                    && t.blocks.is_empty()
                    && !has_children(k)
                    && !container(k)
                    && t.title.split_whitespace().count() >= 4
            })
            .filter_map(|k| {
                let words: Vec<String> = sections[k]
                    .title
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| w.chars().count() >= 4)
                    .map(str::to_lowercase)
                    .collect();
                (!words.is_empty() && words.len() <= ORPHAN_WORDS).then_some((k, words))
            })
            .collect();
        OrphanCandidates { list }
    }

    /// An earlier unused candidate (of the [`ORPHAN_LOOKBACK`] nearest) whose
    /// significant words are mostly in idea `i`'s body, when `i`'s own
    /// heading (a short name) is not.
    fn find(
        &self,
        sections: &[Section],
        bodies: &[Body],
        i: usize,
        used: &[bool],
    ) -> Option<usize> {
        let own = sections[i].title.to_lowercase();
        if own.split_whitespace().count() > 3 {
            return None;
        }
        let before = self.list.partition_point(|(k, _)| *k < i);
        let mut nearest = self.list[..before]
            .iter()
            .rev()
            .filter(|(k, _)| !used[*k])
            .take(ORPHAN_LOOKBACK)
            .peekable();
        nearest.peek()?;
        let text = body_text(&bodies[i]);
        if own.is_empty() || text.contains(&own) {
            return None;
        }
        nearest
            .find(|(_, words)| {
                words.iter().filter(|w| text.contains(w.as_str())).count() * 10 >= words.len() * 6
            })
            .map(|(k, _)| *k)
    }
}

fn body_text(body: &Body) -> String {
    body.fields
        .iter()
        .flat_map(|f| &f.lines)
        .map(|l| l.text.to_lowercase())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Lowercase words of a title for [`mentioned_project`]: runs of letters,
/// digits and `-`, also cut where Chinese text meets Latin
/// (`基于Karmada的` -> `基于`, `karmada`, `的`).
fn title_words(s: &str) -> Vec<String> {
    let mut words: Vec<String> = vec![];
    let mut prev_cjk = None;
    for c in s.chars() {
        if !c.is_alphanumeric() && c != '-' {
            prev_cjk = None;
            continue;
        }
        let cjk = is_cjk(c);
        match words.last_mut() {
            Some(w) if prev_cjk == Some(cjk) => w.extend(c.to_lowercase()),
            _ => words.push(c.to_lowercase().collect()),
        }
        prev_cjk = Some(cjk);
    }
    words
}

/// Project names seen so far, in order, with lookups by name and by the
/// words of the name (for [`Known::mentioned_in`]).
#[derive(Default)]
struct Known {
    names: HashSet<String>,
    /// [`title_words`] of each name -> its place in the order of first sight.
    by_words: HashMap<Vec<String>, usize>,
    /// Word counts of the names, so a title is looked up once per count.
    lengths: BTreeSet<usize>,
    order: Vec<String>,
}

impl Known {
    /// Adds a name; true if it was new.
    fn insert(&mut self, name: &str) -> bool {
        if !self.names.insert(name.to_string()) {
            return false;
        }
        let words = title_words(name);
        if !words.is_empty() {
            self.lengths.insert(words.len());
            self.by_words.entry(words).or_insert(self.order.len());
        }
        self.order.push(name.to_string());
        true
    }

    fn contains(&self, name: &str) -> bool {
        self.names.contains(name)
    }

    /// A known project named in a title as a whole word; one after `in`/
    /// `for`/`into`/`on`/`with`/`to` (or `在`/`基于`/`为`/`面向`) wins over an
    /// earlier mention, then a later mention, then the project seen first.
    fn mentioned_in(&self, title: &str) -> Option<String> {
        let words = title_words(title);
        let mut best: Option<(bool, usize, std::cmp::Reverse<usize>)> = None;
        for start in 0..words.len() {
            for &len in self.lengths.range(..=words.len() - start) {
                let Some(&place) = self.by_words.get(&words[start..start + len]) else {
                    continue;
                };
                // Chinese prepositions end the run before the name: 在 (in),
                // 基于/对于 (on, for), 为 (for), 面向 (for, towards).
                let after_prep = start > 0
                    && (matches!(
                        words[start - 1].as_str(),
                        "in" | "for" | "into" | "on" | "with" | "to"
                    ) || words[start - 1].ends_with(['在', '于', '为', '向']));
                let key = (after_prep, start, std::cmp::Reverse(place));
                if best.is_none_or(|b| key > b) {
                    best = Some(key);
                }
            }
        }
        best.map(|(_, _, std::cmp::Reverse(place))| self.order[place].clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn containers_and_mentions() {
        assert!(is_container("Proposed Project ideas"));
        assert!(is_container("CNCF + Summer of Code"));
        assert!(is_container("Term 03 - 2023 September - November"));
        assert!(!is_container("Karmada"));
        assert!(is_furniture("How to propose a project"));
        assert!(is_furniture("Template"));
        assert!(!is_furniture(
            "Comprehensive Example Restoration for KubeEdge Ianvs"
        ));
        let mut known = Known::default();
        known.insert("Karmada");
        known.insert("Volcano");
        let mentioned_project = |t: &str, k: &Known| k.mentioned_in(t);
        assert_eq!(
            mentioned_project("Support Volcano Job and Notebook in Karmada via X", &known)
                .as_deref(),
            Some("Karmada")
        );
        assert_eq!(
            mentioned_project("Volcano supports DRA", &known).as_deref(),
            Some("Volcano")
        );
        assert_eq!(mentioned_project("Nothing here", &known), None);
        assert_eq!(
            mentioned_project("基于Karmada的多集群Volcano作业调度", &known).as_deref(),
            Some("Karmada")
        );
    }

    #[test]
    fn samples() {
        assert!(is_sample("Sample:"));
        assert!(is_sample("Sample"));
        assert!(is_sample("Prometheus (sample):"));
        assert!(!is_sample("Extend build sample applications"));
        assert!(is_container("Proposals"));
    }

    #[test]
    fn chinese_containers_and_furniture() {
        assert!(is_container("项目列表"));
        assert!(is_container("开源之夏 2025 项目想法"));
        assert!(!is_container("KubeEdge"));
        assert!(!is_container("边缘计算"));
        assert!(is_furniture("项目模板"));
        assert!(is_furniture("申请说明"));
        assert!(is_furniture("如何提交项目想法"));
        assert!(!is_furniture("边缘设备管理框架的文档国际化"));
        assert!(!is_furniture("示例应用的多集群部署"));
        assert!(!is_furniture("完善KubeEdge在边缘AI场景下的部署示例"));
    }
}
