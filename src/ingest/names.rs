//! Projects and skills as people name them: one canonical name per project
//! (`schema/projects.json`) and per skill (`schema/skills.json`), applied to
//! each idea at ingest ([`normalise`]) and to filter input ([`project`],
//! [`skill`]). The data files are compiled in; a broken file fails the
//! unit tests, and reads as empty tables rather than a panic.

use crate::idea::{project_key, slug, Idea};
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// `schema/projects.json`.
pub const PROJECTS_JSON: &str = include_str!("../../schema/projects.json");
/// `schema/skills.json`.
pub const SKILLS_JSON: &str = include_str!("../../schema/skills.json");

#[derive(Deserialize, Default)]
struct ProjectsFile {
    projects: Vec<ProjectEntry>,
}

#[derive(Deserialize)]
struct ProjectEntry {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    /// Sub-project heading -> the group the idea keeps.
    #[serde(default)]
    parts: HashMap<String, String>,
}

#[derive(Deserialize, Default)]
struct SkillsFile {
    max_words: usize,
    skills: Vec<SkillEntry>,
    lead_ins: Vec<String>,
    tails: Vec<String>,
    heads: Vec<String>,
    marks: Vec<String>,
    not_skills: Vec<String>,
}

#[derive(Deserialize)]
struct SkillEntry {
    name: String,
    aliases: Vec<String>,
}

/// How a project heading resolves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// The canonical name.
    pub name: &'static str,
    /// For a sub-project heading (`Volcano/AgentCube`), its sub-name.
    pub part: Option<&'static str>,
}

struct Projects {
    /// `project_key` of every name, alias and part -> resolution.
    by_key: HashMap<String, Resolved>,
    /// Canonical name -> its aliases and part headings (searchable spellings).
    spellings: HashMap<&'static str, Vec<&'static str>>,
}

struct Skills {
    /// Lowercased alias or name -> display name.
    by_alias: HashMap<String, &'static str>,
    /// Display name -> its aliases.
    aliases: HashMap<&'static str, Vec<&'static str>>,
    file: &'static SkillsFile,
}

fn leak<T>(t: T) -> &'static T {
    Box::leak(Box::new(t))
}

fn projects() -> &'static Projects {
    static P: OnceLock<Projects> = OnceLock::new();
    P.get_or_init(|| {
        let file: &'static ProjectsFile =
            leak(serde_json::from_str(PROJECTS_JSON).unwrap_or_default());
        let mut by_key = HashMap::new();
        let mut spellings: HashMap<&'static str, Vec<&'static str>> = HashMap::new();
        for p in &file.projects {
            let name = p.name.as_str();
            by_key.insert(project_key(name), Resolved { name, part: None });
            let list = spellings.entry(name).or_default();
            for a in &p.aliases {
                by_key.insert(project_key(a), Resolved { name, part: None });
                list.push(a);
            }
            for (heading, part) in &p.parts {
                by_key.insert(
                    project_key(heading),
                    Resolved {
                        name,
                        part: Some(part),
                    },
                );
                list.push(heading);
            }
        }
        Projects { by_key, spellings }
    })
}

fn skills() -> &'static Skills {
    static S: OnceLock<Skills> = OnceLock::new();
    S.get_or_init(|| {
        let file: &'static SkillsFile = leak(serde_json::from_str(SKILLS_JSON).unwrap_or_default());
        let mut by_alias = HashMap::new();
        let mut aliases: HashMap<&'static str, Vec<&'static str>> = HashMap::new();
        for s in &file.skills {
            let name = s.name.as_str();
            by_alias.insert(name.to_lowercase(), name);
            let list = aliases.entry(name).or_default();
            for a in &s.aliases {
                by_alias.insert(a.to_lowercase(), name);
                list.push(a);
            }
        }
        Skills {
            by_alias,
            aliases,
            file,
        }
    })
}

/// The canonical project of a heading or filter value (case, spaces and
/// punctuation ignored), or `None` if the data file does not know it.
pub fn project(name: &str) -> Option<Resolved> {
    projects().by_key.get(&project_key(name)).cloned()
}

/// The other spellings of a canonical project (aliases and sub-project
/// headings): indexed with it so that a search for any of them finds it.
pub fn project_spellings(canonical: &str) -> &'static [&'static str] {
    projects()
        .spellings
        .get(canonical)
        .map_or(&[], |v| v.as_slice())
}

/// Every canonical name and alias of the data file (for suggestions).
pub fn known_project_names() -> impl Iterator<Item = &'static str> {
    projects()
        .spellings
        .iter()
        .flat_map(|(name, list)| std::iter::once(*name).chain(list.iter().copied()))
}

/// The display name of a skill spelling (`golang`, `GoLang` -> `Go`), or
/// `None` for a skill the data file does not know.
pub fn skill(name: &str) -> Option<&'static str> {
    skills().by_alias.get(&name.trim().to_lowercase()).copied()
}

/// The spellings a `--skill` value matches: the display name and its aliases
/// for a known skill, else the value itself.
pub fn skill_spellings(name: &str) -> Vec<String> {
    match skill(name) {
        Some(display) => std::iter::once(display)
            .chain(skills().aliases.get(display).into_iter().flatten().copied())
            .map(str::to_string)
            .collect(),
        None => vec![name.trim().to_string()],
    }
}

/// Canonical project names (and the id's project part with them), group for
/// a sub-project, and cleaned skills in their display form, for every idea
/// of one parse. Ids are `TERM/PROJECT-SLUG/TITLE-SLUG` (see `ingest::parse`).
pub fn normalise(ideas: &mut [Idea]) {
    for idea in ideas {
        if let Some(r) = project(&idea.project) {
            if r.name != idea.project {
                let title = idea.id.rsplit('/').next().unwrap_or_default();
                idea.id = format!("{}/{}/{title}", idea.term_key(), slug(r.name));
            }
            idea.project = r.name.to_string();
            if let Some(part) = r.part {
                idea.group = Some(match idea.group.take() {
                    Some(g) => format!("{part} / {g}"),
                    None => part.to_string(),
                });
            }
        } else if let Some(joint) = joint(&idea.project) {
            // The id keeps the heading's slug: it names the joint idea.
            idea.project = joint.join(" & ");
            idea.joint = joint.into_iter().map(str::to_string).collect();
        }
        idea.skills = clean_skills(&idea.skills);
    }
}

/// The projects of a heading that names several (`Jaeger & Linkerd`,
/// `Open Service Mesh, Kuma and Service Mesh Interface`): its parts split
/// at `&`, `,`, `+` and the word `and`, when there are two or more and
/// every part is a project of the data file. `None` otherwise (a name such
/// as `CNCF TAG Network and Observability` is one project, or unknown).
pub fn joint(heading: &str) -> Option<Vec<&'static str>> {
    let mut parts: Vec<&'static str> = vec![];
    for run in heading.split([',', '&', '+']) {
        // ASCII lowercasing keeps byte offsets: ` and ` splits in any case.
        let lower = run.to_ascii_lowercase();
        let mut at = 0;
        for piece in lower.split(" and ") {
            let part = &run[at..at + piece.len()];
            at += piece.len() + " and ".len();
            if part.trim().is_empty() {
                continue;
            }
            let name = project(part)?.name;
            if !parts.contains(&name) {
                parts.push(name);
            }
        }
    }
    (parts.len() >= 2).then_some(parts)
}

/// Cleans a list of skills: each through [`clean_skill`], duplicates (by
/// lowercase) dropped, first-seen order kept.
pub fn clean_skills(raw: &[String]) -> Vec<String> {
    let mut seen = HashSet::new();
    raw.iter()
        .flat_map(|s| clean_skill(s))
        .filter(|s| seen.insert(s.to_lowercase()))
        .collect()
}

const EDGE_PUNCT: &[char] = &[
    '.', ',', ';', ':', '!', '?', '"', '\'', '`', '*', '-', ' ', '\u{2013}', '\u{2014}',
];

/// Strips `affix` (case-insensitive, whole words) from the start or end.
fn strip_word_affix<'a>(s: &'a str, affix: &str, head: bool) -> Option<&'a str> {
    let (n, a) = (s.len(), affix.len());
    if a >= n {
        return None;
    }
    let rest = if head {
        let (h, rest) = (s.get(..a)?, &s[a..]);
        if !h.eq_ignore_ascii_case(affix) || !(rest.starts_with(' ') || affix.ends_with(':')) {
            return None;
        }
        rest
    } else {
        let (rest, t) = (s.get(..n - a)?, &s[n - a..]);
        if !t.eq_ignore_ascii_case(affix) || !(rest.ends_with(' ') || affix.starts_with('(')) {
            return None;
        }
        rest
    };
    let rest = rest.trim_matches(EDGE_PUNCT);
    (!rest.is_empty()).then_some(rest)
}

/// One raw skill value to zero (a sentence, not a skill), one, or several
/// (`TypeScript and React`) skills: edge punctuation and backticks,
/// `(optional)`/`(required)` marks, lead-ins (`familiarity with`), tails
/// (`is a plus`), a `label:` prefix and a whole-value bracket `(go)` taken
/// off; known spellings to their display name; a pair of known skills joined
/// by `and`, `or`, `/`, `+`, `&` split.
pub(crate) fn clean_skill(raw: &str) -> Vec<String> {
    let f = skills().file;
    let s = strip_qualifiers(strip_wrapping(raw), f);
    if !is_skill_sized(s, f) {
        return vec![];
    }
    if let Some(display) = skill(s) {
        return vec![display.to_string()];
    }
    for sep in [" and ", " or ", " & ", " + ", "/", ", "] {
        let parts: Vec<&str> = s.split(sep).map(|p| p.trim_matches(EDGE_PUNCT)).collect();
        if parts.len() > 1 && parts.iter().all(|p| skill(p).is_some()) {
            return parts
                .iter()
                .filter_map(|p| skill(p))
                .map(str::to_string)
                .collect();
        }
    }
    vec![s.to_string()]
}

/// First pass of [`clean_skill`], once: edge punctuation, brackets around
/// the whole value and a short `label: ` prefix taken off.
fn strip_wrapping(raw: &str) -> &str {
    // A leading `.` is part of the name (`.NET`).
    let mut s = raw
        .trim()
        .trim_start_matches(|c| c != '.' && EDGE_PUNCT.contains(&c))
        .trim_end_matches(EDGE_PUNCT);
    // `(go)`: the whole value in brackets.
    while let Some(inner) = s.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        if inner.contains(['(', ')']) {
            break;
        }
        s = inner.trim_matches(EDGE_PUNCT);
    }
    // `Backend development: Go`: a short label, then the skill.
    if let Some((label, rest)) = s.split_once(": ") {
        if label.split_whitespace().count() <= 3 && !rest.trim().is_empty() {
            s = rest.trim_matches(EDGE_PUNCT);
        }
    }
    s
}

/// Second pass of [`clean_skill`], until nothing changes (qualifiers nest:
/// `(helpful) familiarity with Go (a plus)`): leading marks in brackets,
/// heads and lead-ins, tails, and a trailing bracket that is a mark or
/// names the same skill.
fn strip_qualifiers<'a>(mut s: &'a str, f: &SkillsFile) -> &'a str {
    loop {
        let before = s;
        // `(helpful) Kafka`: a short leading mark in brackets qualifies the skill.
        if let Some((mark, rest)) = s.strip_prefix('(').and_then(|r| r.split_once(')')) {
            if mark.split_whitespace().count() <= 3 && !rest.trim().is_empty() {
                s = rest.trim_matches(EDGE_PUNCT);
            }
        }
        for h in f.heads.iter().chain(&f.lead_ins) {
            if let Some(r) = strip_word_affix(s, h, true) {
                s = r;
            }
        }
        for t in &f.tails {
            if let Some(r) = strip_word_affix(s, t, false) {
                s = r;
            }
        }
        s = strip_trailing_mark(s, f);
        if s == before {
            return s;
        }
    }
}

/// `Go (golang)`: a bracket that names the same skill; `Go (a plus)`,
/// `React (for the Headlamp plugin)`, `C# (or any other language)`: a mark.
/// Either is taken off.
fn strip_trailing_mark<'a>(s: &'a str, f: &SkillsFile) -> &'a str {
    if let Some((out, inner)) = s.strip_suffix(')').and_then(|r| r.rsplit_once(" (")) {
        let inner_lower = inner.to_lowercase();
        let mark = inner_lower.starts_with("for ")
            || inner_lower.starts_with("or ")
            || inner_lower
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| f.marks.iter().any(|m| m == w));
        let same = skill(out).is_some() && skill(out) == skill(inner);
        if (same || mark) && !inner.contains(['(', ')']) {
            return out.trim_matches(EDGE_PUNCT);
        }
    }
    s
}

/// Last check of [`clean_skill`]: false for what is no skill, an empty
/// value, a known non-skill phrase, more than `max_words` words outside
/// brackets, or a mentor's handle.
fn is_skill_sized(s: &str, f: &SkillsFile) -> bool {
    let lower = s.to_lowercase();
    // Words outside brackets: `concepts (SBOM, SPDX)` is a list, not a sentence.
    let mut depth = 0i32;
    let unbracketed: String = lower
        .chars()
        .filter(|&c| {
            depth += i32::from(c == '(') - i32::from(c == ')');
            depth <= 0 && c != ')'
        })
        .collect();
    let words: Vec<&str> = unbracketed.split_whitespace().collect();
    let sentence = f.not_skills.iter().any(|p| {
        if p.contains(' ') {
            lower.contains(p.as_str())
        } else {
            lower == *p
        }
    });
    // `Name (@handle, mail)`: a mentor written into the skills.
    !(s.is_empty() || sentence || words.len() > f.max_words || s.contains('@'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_files_parse_and_aliases_are_unambiguous() {
        let p: ProjectsFile = serde_json::from_str(PROJECTS_JSON).unwrap();
        let mut keys = HashMap::new();
        for e in &p.projects {
            for n in std::iter::once(&e.name)
                .chain(&e.aliases)
                .chain(e.parts.keys())
            {
                let prev = keys.insert(project_key(n), &e.name);
                assert!(prev.is_none(), "{n} is listed twice");
            }
        }
        let s: SkillsFile = serde_json::from_str(SKILLS_JSON).unwrap();
        let mut seen = HashMap::new();
        for e in &s.skills {
            for a in std::iter::once(&e.name).chain(&e.aliases) {
                if let Some(prev) = seen.insert(a.to_lowercase(), &e.name) {
                    assert_eq!(prev, &e.name, "{a} names two skills");
                }
            }
        }
    }

    #[test]
    fn a_heading_naming_known_projects_is_joint() {
        assert_eq!(joint("Jaeger & Linkerd"), Some(vec!["Jaeger", "Linkerd"]));
        assert_eq!(
            joint("Open Service Mesh, Kuma and Service Mesh Interface"),
            Some(vec![
                "Open Service Mesh",
                "Kuma",
                "Service Mesh Interface (SMI)"
            ])
        );
        assert_eq!(
            joint("linkerd AND envoy + OSM"),
            Some(vec!["Linkerd", "Envoy", "Open Service Mesh"])
        );
        // One unknown part, one project, or the same project twice: not joint.
        assert_eq!(joint("Jaeger and Friends"), None);
        assert_eq!(joint("Jaeger"), None);
        assert_eq!(joint("TUF & The Update Framework"), None);
        assert_eq!(joint("Sandbox and"), None);
    }

    #[test]
    fn project_aliases_resolve_case_and_punctuation_insensitively() {
        for (given, name) in [
            ("OPA", "Open Policy Agent (OPA)"),
            ("open policy agent", "Open Policy Agent (OPA)"),
            ("tuf", "The Update Framework (TUF)"),
            ("The Update Framework", "The Update Framework (TUF)"),
            ("krkn - Chaos", "Krkn"),
            ("Headlamp (a Kubernetes UI)", "Headlamp"),
            ("buildpacks", "Cloud Native Buildpacks"),
        ] {
            assert_eq!(project(given).map(|r| r.name), Some(name), "{given}");
        }
        let r = project("volcano/kthena").unwrap();
        assert_eq!((r.name, r.part), ("Volcano", Some("Kthena")));
        assert_eq!(project("Prometheus"), None);
    }

    #[test]
    fn skills_clean_to_display_names() {
        let cases: &[(&str, &[&str])] = &[
            ("golang", &["Go"]),
            ("(go)", &["Go"]),
            ("Go (golang)", &["Go"]),
            ("k8s", &["Kubernetes"]),
            ("WASM.", &["WebAssembly"]),
            ("TypeScript and React", &["TypeScript", "React"]),
            ("tensorflow/pytorch", &["TensorFlow", "PyTorch"]),
            ("ci/cd", &["CI/CD"]),
            ("Familiarity with Golang", &["Go"]),
            ("basic understanding of Karmada", &["Karmada"]),
            ("(optional) familiarity with Kubernetes CRDs", &["CRDs"]),
            ("Kubernetes basics (required)", &["Kubernetes"]),
            ("Frontend development: Node.js", &["Node.js"]),
            (
                "familiarity with LitmusChaos is a plus but not required",
                &["LitmusChaos"],
            ),
            ("you do not need to have all of these skills", &[]),
            (
                "light familiarity with all of the CNCF projects and a desire to study each",
                &[],
            ),
            ("etc", &[]),
            (".NET.", &[".NET"]),
            ("(helpful) experience with Kafka", &["Kafka"]),
            ("golang (a plus but not mandatory)", &["Go"]),
            (
                "TypeScript/React (for the Headlamp plugin)",
                &["TypeScript", "React"],
            ),
            ("MQTT protocol (not mandatory but to be learned)", &["MQTT"]),
            ("unit and feature testing", &["unit and feature testing"]),
        ];
        for (raw, want) in cases {
            assert_eq!(clean_skill(raw), *want, "{raw}");
        }
        let list = ["Go", "golang", "(go)"].map(String::from);
        assert_eq!(clean_skills(&list), ["Go"]);
    }

    #[test]
    fn skill_spellings_include_every_alias() {
        let k = skill_spellings("K8S");
        assert!(k.contains(&"Kubernetes".to_string()) && k.contains(&"k8s".to_string()));
        assert_eq!(skill_spellings("kubernetes"), k);
        assert_eq!(skill_spellings(" zig "), ["zig"]);
    }
}
