//! Ideas: one idea's content (title, description, outcome, skills, mentors,
//! issues) drawn from the vocabulary, before it is written in a file's style.

use super::vocab::{ascii_lower, not_a_label, pick, Project, Vocab};
use super::Style;
use ideas::idea;
use ideas::ingest::structure;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use std::collections::HashSet;

pub(super) struct Mentor {
    pub(super) name: String,
    pub(super) handle: String,
    pub(super) email: String,
}

/// One idea's content, before it is written in a file's style.
pub(super) struct Content {
    pub(super) title: String,
    /// Paragraphs, each a run of sentences.
    pub(super) description: Vec<String>,
    /// Sentences (written inline or as list items).
    pub(super) outcome: Vec<String>,
    pub(super) skills: Vec<String>,
    pub(super) mentors: Vec<usize>,
    pub(super) issues: Vec<String>,
    pub(super) lfx_url: String,
}

pub(super) struct Gen<'a> {
    pub(super) v: &'a Vocab,
    pub(super) rng: ChaCha8Rng,
}

impl Gen<'_> {
    pub(super) fn chance(&mut self, p: f64) -> bool {
        self.rng.random_bool(p)
    }

    pub(super) fn below(&mut self, n: u32) -> u32 {
        self.rng.random_range(0..n)
    }

    /// A sentence of the text chain, safe at the start of a line.
    fn sentence(&mut self, out: &mut String) -> usize {
        loop {
            let start = out.len();
            let n = self.v.chains.sentence(&mut self.rng, 45, out);
            if not_a_label(&out[start..]) {
                if out.ends_with(char::is_alphanumeric) || out.ends_with([')', '"', '\'']) {
                    out.push('.');
                }
                return n;
            }
            out.truncate(start);
        }
    }

    /// Sentences up to about `words` words.
    fn sentences(&mut self, words: u32) -> Vec<String> {
        let words = words as usize;
        let mut out = vec![];
        let mut n = 0;
        while n < words {
            let mut s = String::new();
            let k = self.sentence(&mut s);
            // Keep the sentence that crosses the target when it ends nearer to it.
            if !out.is_empty() && n + k > words && n + k - words > words - n {
                break;
            }
            n += k;
            out.push(s);
        }
        out
    }

    pub(super) fn title(&mut self, project: &str, seen: &mut HashSet<String>) -> String {
        let mut tries = 0;
        loop {
            let mut t = String::new();
            let n = self.v.chains.title(&mut self.rng, 11, &mut t);
            let t = t.trim_end_matches([':', ',', ';', '.']).to_string();
            // Three to ten words, not cut off after a preposition.
            let last = t.rsplit(' ').next().unwrap_or("").to_lowercase();
            let cut = matches!(
                last.as_str(),
                "a" | "an"
                    | "the"
                    | "to"
                    | "for"
                    | "of"
                    | "in"
                    | "on"
                    | "with"
                    | "and"
                    | "or"
                    | "by"
                    | "from"
                    | "into"
                    | "as"
                    | "via"
                    | "is"
                    | "are"
                    | "that"
            );
            // A seed's title as it stands: now and then (a re-proposal).
            let copy = self.v.seed_titles.contains(&t) && !self.chance(0.15);
            if (!(3..=10).contains(&n) || cut || copy) && tries < 20 {
                tries += 1;
                continue;
            }
            if self.chance(0.08) {
                let prep = if self.chance(0.5) { "in" } else { "for" };
                let t = format!("{t} {prep} {project}");
                if self.accept_title(&t, seen) {
                    return t;
                }
            }
            if self.accept_title(&t, seen) {
                return t;
            }
            tries += 1;
            if tries >= 4 && Self::title_ok(&t) {
                // Taken: a follow-up, as upstream writes them (`... II`).
                for k in 2u32.. {
                    let suffix = match k {
                        2 => " II".to_string(),
                        3 => " III".to_string(),
                        4 => " IV".to_string(),
                        _ => format!(" (phase {k})"),
                    };
                    let t = format!("{t}{suffix}");
                    if self.accept_title(&t, seen) {
                        return t;
                    }
                }
            }
        }
    }

    fn title_ok(t: &str) -> bool {
        !idea::slug(t).is_empty() && not_a_label(t) && !structure::is_furniture(t)
    }

    fn accept_title(&mut self, t: &str, seen: &mut HashSet<String>) -> bool {
        Self::title_ok(t) && seen.insert(idea::slug(t))
    }

    pub(super) fn mentor(&mut self) -> Mentor {
        let first = pick(&mut self.rng, &self.v.first_names).clone();
        let last = pick(&mut self.rng, &self.v.last_names).clone();
        let (f, l) = (ascii_lower(&first), ascii_lower(&last));
        let f = if f.is_empty() { "mentor".into() } else { f };
        let handle = match self.below(3) {
            0 => format!("{}{}", &f[..1], l),
            1 => format!("{f}-{l}"),
            _ => format!("{f}{}", self.below(1000)),
        };
        Mentor {
            name: format!("{first} {last}"),
            handle,
            email: format!("{f}.{l}@example.com"),
        }
    }

    fn uuid(&mut self) -> String {
        let (a, b): (u64, u64) = (self.rng.random(), self.rng.random());
        format!(
            "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0xfff,
            0x8000 | ((b >> 48) & 0x3fff),
            b & 0xffff_ffff_ffff
        )
    }

    /// One idea's content, drawn in a fixed order (description, outcome,
    /// skills, mentors as indexes into a roster of `roster`, issues, LFX URL).
    pub(super) fn content(
        &mut self,
        title: String,
        project: &Project,
        roster: usize,
        style: Style,
    ) -> Content {
        let description = self.description();
        let outcome = self.outcome(style);
        let skills = self.skills(project);
        let mentors = self.mentors(roster);
        let issues = (0..if self.chance(0.12) { 2 } else { 1 })
            .map(|_| {
                let repo = pick(&mut self.rng, &project.repos);
                format!("{repo}/issues/{}", 1 + self.below(30_000))
            })
            .collect();
        let lfx_url = format!(
            "https://mentorship.lfx.linuxfoundation.org/project/{}",
            self.uuid()
        );
        Content {
            title,
            description,
            outcome,
            skills,
            mentors,
            issues,
            lfx_url,
        }
    }

    /// Paragraphs of a seed description's length in words: one, or two
    /// halves for one description in five of four sentences or more.
    fn description(&mut self) -> Vec<String> {
        let words = *pick(&mut self.rng, &self.v.description_words);
        let mut sentences = self.sentences(words);
        let mut description = vec![];
        if sentences.len() >= 4 && self.chance(0.2) {
            let cut = sentences.len() / 2;
            description.push(sentences.split_off(cut).join(" "));
        }
        description.insert(0, sentences.join(" "));
        description
    }

    /// Sentences of a seed outcome's length; none for 70% of GSoC 2017-2020
    /// ideas.
    fn outcome(&mut self, style: Style) -> Vec<String> {
        let with_outcome = match style {
            Style::Gsoc2018 | Style::Gsoc2019 => self.chance(0.3),
            _ => true,
        };
        if with_outcome {
            let words = *pick(&mut self.rng, &self.v.outcome_words);
            self.sentences(words)
        } else {
            vec![]
        }
    }

    /// A seed idea's number of skills, each from the project's skills (60%)
    /// or all skills, no two equal ignoring ASCII case (fewer when `3 * k`
    /// draws did not find `k`).
    fn skills(&mut self, project: &Project) -> Vec<String> {
        let v = self.v;
        let k = *pick(&mut self.rng, &v.skill_counts);
        let mut skills: Vec<String> = vec![];
        for _ in 0..k * 3 {
            if skills.len() as u32 >= k {
                break;
            }
            let pool = if !project.skills.is_empty() && self.chance(0.6) {
                &project.skills
            } else {
                &v.skills
            };
            let s = pool.pick(&mut self.rng);
            if !skills.iter().any(|o| o.eq_ignore_ascii_case(s)) {
                skills.push(s.clone());
            }
        }
        skills
    }

    /// A seed idea's number of mentors (at most `roster`), distinct indexes
    /// into the project's roster.
    fn mentors(&mut self, roster: usize) -> Vec<usize> {
        let m = (*pick(&mut self.rng, &self.v.mentor_counts) as usize).min(roster);
        let mut mentors: Vec<usize> = vec![];
        while mentors.len() < m {
            let i = self.below(roster as u32) as usize;
            if !mentors.contains(&i) {
                mentors.push(i);
            }
        }
        mentors
    }
}
