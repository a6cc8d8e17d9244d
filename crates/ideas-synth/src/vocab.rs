//! Vocabulary from the embedded corpus: weighted pools, the title and text
//! Markov chains, and the words that may be written without being read as markup
//! or labels.

use super::render::seed_of;
use ideas::corpus;
use ideas::idea::{self, Idea};
use ideas::ingest::{fields, structure, Meta};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Items drawn in proportion to integer weights.
pub(super) struct Weighted<T> {
    items: Vec<T>,
    /// Running totals: `cum[i]` is the weight of items `0..=i`.
    cum: Vec<u64>,
}

impl<T> Weighted<T> {
    pub(super) fn new(items: Vec<(T, u64)>) -> Self {
        let mut total = 0;
        let mut cum = Vec::with_capacity(items.len());
        let items = items
            .into_iter()
            .map(|(t, w)| {
                total += w.max(1);
                cum.push(total);
                t
            })
            .collect();
        Weighted { items, cum }
    }

    pub(super) fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub(super) fn pick(&self, rng: &mut ChaCha8Rng) -> &T {
        let total = *self.cum.last().expect("a non-empty pool");
        let x = rng.random_range(0..total);
        &self.items[self.cum.partition_point(|&c| c <= x)]
    }
}

pub(super) fn pick<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len() as u32) as usize]
}

/// Two word-level bigram Markov chains over one vocabulary, one trained on
/// idea titles and one on description and outcome sentences: each word's
/// successors with their multiplicity (so drawing one uniformly follows the
/// corpus frequencies).
pub(super) struct Chains {
    /// Word `0` is the end of a sequence.
    words: Vec<String>,
    /// Lowercase words of 4-9 letters, less common than the 200 most
    /// frequent, sorted: the parts of rare words.
    stems: Vec<String>,
    titles: Chain,
    text: Chain,
}

struct Chain {
    /// `next[w]`: successors of word `w`; `0` ends the sequence.
    next: Vec<Vec<u32>>,
    /// First words of sequences that may start a line (a letter first, no label).
    starts: Vec<u32>,
}

impl Chains {
    fn train<'a>(titles: &[Vec<&'a str>], sentences: &[Vec<&'a str>]) -> Chains {
        let mut words = vec![String::new()];
        let mut ids: HashMap<&str, u32> = HashMap::new();
        let mut train = |sequences: &[Vec<&'a str>]| {
            let mut chain = Chain {
                next: vec![],
                starts: vec![],
            };
            for seq in sequences {
                let mut prev = 0u32;
                for (i, w) in seq.iter().enumerate() {
                    let id = *ids.entry(w).or_insert_with(|| {
                        words.push(w.to_string());
                        (words.len() - 1) as u32
                    });
                    if i == 0 {
                        if w.starts_with(char::is_alphabetic) && !w.ends_with(':') {
                            chain.starts.push(id);
                        }
                    } else {
                        push(&mut chain.next, prev, id);
                    }
                    prev = id;
                }
                if prev != 0 {
                    push(&mut chain.next, prev, 0);
                }
            }
            chain
        };
        fn push(next: &mut Vec<Vec<u32>>, from: u32, to: u32) {
            if next.len() <= from as usize {
                next.resize(from as usize + 1, vec![]);
            }
            next[from as usize].push(to);
        }
        let mut titles = train(titles);
        let mut text = train(sentences);
        let n = words.len();
        titles.next.resize(n, vec![]);
        text.next.resize(n, vec![]);
        let mut freq: BTreeMap<String, usize> = BTreeMap::new();
        for w in sentences.iter().flatten() {
            let w = w
                .trim_end_matches(['.', ',', ';', ':', '?', '!', ')'])
                .trim_start_matches('(');
            if (4..=9).contains(&w.len()) && w.chars().all(|c| c.is_ascii_alphabetic()) {
                *freq.entry(w.to_ascii_lowercase()).or_default() += 1;
            }
        }
        let mut by_freq: Vec<(&String, &usize)> = freq.iter().collect();
        by_freq.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let mut stems: Vec<String> = by_freq
            .iter()
            .skip(200)
            .map(|(w, _)| (*w).clone())
            .collect();
        stems.sort();
        Chains {
            words,
            stems,
            titles,
            text,
        }
    }

    /// Appends one sentence of the text chain, at most `max` words, to `out`
    /// (space-separated); returns its word count.
    pub(super) fn sentence(&self, rng: &mut ChaCha8Rng, max: usize, out: &mut String) -> usize {
        self.walk(&self.text, None, TEXT_RARE, rng, max, out)
    }

    /// Appends a title of at most `max` words: the title chain, taking a
    /// step of the text chain now and then so titles do not repeat the seeds'.
    pub(super) fn title(&self, rng: &mut ChaCha8Rng, max: usize, out: &mut String) -> usize {
        self.walk(&self.titles, Some(&self.text), TITLE_RARE, rng, max, out)
    }

    /// A walk of `chain` (or of `mix` for a third of the steps), with a rare
    /// word after a word `rare` times in 1000.
    fn walk(
        &self,
        chain: &Chain,
        mix: Option<&Chain>,
        rare: u32,
        rng: &mut ChaCha8Rng,
        max: usize,
        out: &mut String,
    ) -> usize {
        let mut w = *pick(rng, &chain.starts);
        let mut n = 0;
        loop {
            if n > 0 {
                out.push(' ');
            }
            let word = &self.words[w as usize];
            out.push_str(word);
            n += 1;
            if !word.ends_with(['.', '?', '!', ':']) && rng.random_range(0..1000u32) < rare {
                out.push(' ');
                self.rare_word(rng, out);
                n += 1;
            }
            let mut next = &chain.next[w as usize];
            if let Some(other) = mix {
                let alt = &other.next[w as usize];
                if next.is_empty() || (!alt.is_empty() && rng.random_bool(0.35)) {
                    next = alt;
                }
            }
            w = *pick(rng, next);
            if w == 0 || n >= max {
                return n;
            }
        }
    }

    /// A rare word: an identifier made of two corpus stems
    /// (`SchedulerPlugin`, `metricsgateway`), of Zipf-distributed rank (the
    /// share of ranks at or above `k` falls as `k^-0.2`, in integers so every
    /// machine draws the same), so the vocabulary keeps growing with the corpus
    /// as real text does (Heaps' law) while each rank is always the same word.
    fn rare_word(&self, rng: &mut ChaCha8Rng, out: &mut String) {
        let mut level = 0u32;
        while level < 40 && rng.random_range(0..1000u32) < 870 {
            level += 1;
        }
        let rank = (1u64 << level) + rng.random_range(0..1u64 << level);
        let h = seed_of(0x005e_ed0f_5a7e, rank);
        let n = self.stems.len() as u64;
        let a = &self.stems[(h % n) as usize];
        let b = &self.stems[((h >> 20) % n) as usize];
        if (h >> 62) == 0 {
            out.push_str(a);
            out.push_str(b);
        } else {
            for s in [a, b] {
                let mut c = s.chars();
                if let Some(first) = c.next() {
                    out.extend(first.to_uppercase());
                    out.push_str(c.as_str());
                }
            }
        }
    }
}

/// Rare words per 1000 words of descriptions and outcomes, and of titles.
const TEXT_RARE: u32 = 25;
const TITLE_RARE: u32 = 60;

/// A CNCF project as the corpus names it.
pub(super) struct Project {
    pub(super) name: String,
    /// Ideas of this project in the corpus.
    pub(super) weight: u64,
    pub(super) skills: Weighted<String>,
    /// `https://github.com/org/repo` of its upstream issues.
    pub(super) repos: Vec<String>,
}

/// Pools drawn from the embedded corpus.
pub(super) struct Vocab {
    pub(super) projects: Vec<Project>,
    pub(super) skills: Weighted<String>,
    pub(super) first_names: Vec<String>,
    pub(super) last_names: Vec<String>,
    pub(super) chains: Chains,
    /// The seeds' titles (membership only).
    pub(super) seed_titles: HashSet<String>,
    /// Word counts of the seeds' descriptions, of their (non-empty) outcomes,
    /// and their numbers of skills and mentors.
    pub(super) description_words: Vec<u32>,
    pub(super) outcome_words: Vec<u32>,
    pub(super) skill_counts: Vec<u32>,
    pub(super) mentor_counts: Vec<u32>,
}

/// Characters that would make a word markdown markup (emphasis, code, links,
/// HTML, tables, escapes): words holding them are not used.
fn plain_word(w: &str) -> bool {
    let b = w.as_bytes();
    if w.chars().any(|c| {
        matches!(c, '`' | '*' | '<' | '>' | '[' | ']' | '\\' | '|' | '~') || c.is_control()
    }) || w.starts_with(['#', '=', '-', '+', '&'])
        || (w.contains('&') && w.contains(';'))
        || w.chars().all(|c| !c.is_alphanumeric())
    {
        return false;
    }
    // `_` only inside a word (`kube_batch`), where it is no emphasis.
    b.iter().enumerate().all(|(i, &c)| {
        c != b'_'
            || (i > 0
                && i + 1 < b.len()
                && b[i - 1].is_ascii_alphanumeric()
                && b[i + 1].is_ascii_alphanumeric())
    })
}

/// True when `line`, written at the start of a line or list item, is not
/// read as a field label.
pub(super) fn not_a_label(line: &str) -> bool {
    let t = line
        .trim_start_matches(['-', '*', '\u{2022}', ' '])
        .trim_start();
    // Fast path for long text (labels are at most 48 characters, the text
    // before a first colon, or the whole text): what `split_label` decides.
    if t.len() > 120 {
        let colon = t
            .char_indices()
            .take(49)
            .find(|(_, c)| matches!(c, ':' | '\u{ff1a}'));
        return colon.is_none_or(|(i, _)| fields::label_kind(&t[..i]).is_none());
    }
    fields::split_label(t).is_none()
}

pub(super) fn ascii_lower(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

impl Vocab {
    pub(super) fn from_embedded() -> Vocab {
        let loaded = corpus::load(&corpus::embedded(), Meta::default(), &|| {});
        Vocab::from_ideas(&loaded.ideas)
    }

    fn from_ideas(ideas: &[Idea]) -> Vocab {
        let spellings = Spellings::of(ideas);
        let projects = projects(ideas, &spellings);
        let all: Vec<&Idea> = ideas.iter().collect();
        let skills = spellings.count(&all);
        let (first_names, last_names) = mentor_names(ideas);
        let chains = Chains::train(&title_sequences(ideas), &sentence_sequences(ideas));

        let words = |s: &str| s.split_whitespace().count() as u32;
        let description_words = ideas.iter().map(|i| words(&i.description).max(8)).collect();
        let outcome_words = ideas
            .iter()
            .map(|i| words(&i.outcome))
            .filter(|&n| n > 0)
            .collect();
        let skill_counts = ideas
            .iter()
            .map(|i| (i.skills.len() as u32).clamp(1, 6))
            .collect();
        let mentor_counts = ideas
            .iter()
            .map(|i| (i.mentors.len() as u32).clamp(1, 4))
            .collect();
        Vocab {
            projects,
            skills,
            first_names,
            last_names,
            chains,
            seed_titles: ideas.iter().map(|i| i.title.clone()).collect(),
            description_words,
            outcome_words,
            skill_counts,
            mentor_counts,
        }
    }
}

/// A recommended skill usable as written: short, plain words, one skill
/// (no list punctuation, no sentence), not read as a label.
fn skill_ok(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 40
        && s.starts_with(char::is_alphanumeric)
        && !s.contains([',', ';', ':', '\n'])
        && !s.contains(". ")
        && !s.ends_with('.')
        && !s.to_lowercase().starts_with("and ")
        && !s.to_lowercase().starts_with("or ")
        && s.split_whitespace().all(plain_word)
        && not_a_label(s)
}

/// Skill spellings by lowercase key, with how often each spelling is used.
struct Spellings(BTreeMap<String, BTreeMap<String, u64>>);

impl Spellings {
    fn of(ideas: &[Idea]) -> Spellings {
        let mut spellings: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
        for i in ideas {
            for s in i.skills.iter().filter(|s| skill_ok(s)) {
                *spellings
                    .entry(s.to_lowercase())
                    .or_default()
                    .entry(s.clone())
                    .or_default() += 1;
            }
        }
        Spellings(spellings)
    }

    /// The most frequent spelling of `s` (the first in order on a tie), or
    /// `None` for a skill that is not usable.
    fn canonical(&self, s: &str) -> Option<String> {
        let forms = self.0.get(&s.to_lowercase())?;
        let best = forms
            .iter()
            .fold(None, |best: Option<(&String, u64)>, (f, &n)| match best {
                Some((_, bn)) if bn >= n => best,
                _ => Some((f, n)),
            });
        best.map(|(f, _)| f.clone())
    }

    /// The usable skills of `ideas`, canonically spelled, weighted by use.
    fn count(&self, ideas: &[&Idea]) -> Weighted<String> {
        let mut counts: BTreeMap<String, u64> = BTreeMap::new();
        for i in ideas {
            for s in &i.skills {
                if let Some(c) = self.canonical(s) {
                    *counts.entry(c).or_default() += 1;
                }
            }
        }
        Weighted::new(counts.into_iter().collect())
    }
}

/// Projects: one spelling per project key (the first by name), sorted by
/// name, each with its skills and upstream repositories.
fn projects(ideas: &[Idea], spellings: &Spellings) -> Vec<Project> {
    let mut by_project: BTreeMap<String, Vec<&Idea>> = BTreeMap::new();
    for i in ideas {
        by_project.entry(i.project.clone()).or_default().push(i);
    }
    let mut projects: Vec<Project> = vec![];
    for (name, list) in &by_project {
        let usable = !name.is_empty()
            && !structure::is_container(name)
            && !structure::is_furniture(name)
            && !idea::slug(name).is_empty()
            && name.split_whitespace().all(plain_word)
            && not_a_label(name)
            && !projects
                .iter()
                .any(|p| idea::project_key(&p.name) == idea::project_key(name));
        if !usable {
            continue;
        }
        projects.push(Project {
            name: name.clone(),
            weight: list.len() as u64,
            skills: spellings.count(list),
            repos: repos(name, list),
        });
    }
    projects
}

/// `https://github.com/org/repo` of the project's upstream issues, sorted
/// and deduplicated; one made of its slug when there is none.
fn repos(name: &str, list: &[&Idea]) -> Vec<String> {
    let mut repos: Vec<String> = list
        .iter()
        .flat_map(|i| &i.upstream_issues)
        .filter_map(|u| {
            let rest = u.strip_prefix("https://github.com/")?;
            let mut parts = rest.split('/');
            let (org, repo) = (parts.next()?, parts.next()?);
            let ok = |s: &str| {
                !s.is_empty()
                    && s.chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.'))
            };
            (ok(org) && ok(repo)).then(|| format!("https://github.com/{org}/{repo}"))
        })
        .collect();
    repos.sort();
    repos.dedup();
    if repos.is_empty() {
        let s = idea::slug(name);
        repos.push(format!("https://github.com/{s}/{s}"));
    }
    repos
}

/// Mentor names: first word and the rest of each listed name (2-3
/// capitalised words), to be recombined; each list sorted, deduplicated.
fn mentor_names(ideas: &[Idea]) -> (Vec<String>, Vec<String>) {
    let mut first_names = vec![];
    let mut last_names = vec![];
    for m in ideas.iter().flat_map(|i| &i.mentors) {
        let name = m.split(['(', ',', '<', '[']).next().unwrap_or("").trim();
        let name = name.split(" - ").next().unwrap_or("").trim();
        let words: Vec<&str> = name.split_whitespace().collect();
        let ok = (2..=3).contains(&words.len())
            && words.iter().all(|w| {
                w.starts_with(char::is_uppercase)
                    && w.chars()
                        .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '.'))
            });
        if ok {
            first_names.push(words[0].to_string());
            last_names.push(words[1..].join(" "));
        }
    }
    for v in [&mut first_names, &mut last_names] {
        v.sort();
        v.dedup();
    }
    (first_names, last_names)
}

/// Titles for the title chain: each title a sequence of its plain words.
fn title_sequences(ideas: &[Idea]) -> Vec<Vec<&str>> {
    ideas
        .iter()
        .map(|i| {
            i.title
                .split_whitespace()
                .filter(|w| plain_word(w))
                .collect()
        })
        .collect()
}

/// Text for the text chain: descriptions and outcomes, one sequence per
/// sentence (a word ending in `.`, `?` or `!` ends one, as does a line end).
fn sentence_sequences(ideas: &[Idea]) -> Vec<Vec<&str>> {
    let mut sentences: Vec<Vec<&str>> = vec![];
    for i in ideas {
        for text in [&i.description, &i.outcome] {
            for line in text.lines() {
                let line = line.trim_start().trim_start_matches("- ");
                let mut cur = vec![];
                for w in line.split_whitespace().filter(|w| plain_word(w)) {
                    cur.push(w);
                    if w.ends_with(['.', '?', '!']) && w.len() > 2 {
                        sentences.push(std::mem::take(&mut cur));
                    }
                }
                if !cur.is_empty() {
                    sentences.push(cur);
                }
            }
        }
    }
    sentences
}
