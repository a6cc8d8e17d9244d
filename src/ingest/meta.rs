//! Program, year and term of an idea list: from the upstream path layout
//! (`programs/lfx-mentorship/2023/03-Sep-Nov/README.md`,
//! `programs/summerofcode/2019.md`), else from the document's own title
//! (`# Term 03 - 2023 September - November`, `Google Summer of Code 2019`,
//! `GSoC 2025`), else from hints given on the command line.

use crate::idea::Program;

/// What is known about a list's program, year and term; any part may be missing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Meta {
    pub program: Option<Program>,
    pub year: Option<u16>,
    pub term: Option<u8>,
}

impl Meta {
    /// Fills the parts `self` lacks from `other`.
    pub fn or(self, other: Meta) -> Meta {
        Meta {
            program: self.program.or(other.program),
            year: self.year.or(other.year),
            term: self.term.or(other.term),
        }
    }
}

fn year_of(s: &str) -> Option<u16> {
    let digits: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
    let y: u16 = digits.parse().ok()?;
    (digits.len() == 4 && (2000..2100).contains(&y)).then_some(y)
}

/// Reads the upstream layout: a program folder, then a year folder (or a
/// `YEAR.md` file), then for LFX a term folder such as `03-Sep-Nov` or `term-3`.
pub fn from_path(path: &str) -> Meta {
    let parts: Vec<&str> = path.split(['/', '\\']).filter(|p| !p.is_empty()).collect();
    let mut meta = Meta::default();
    for (i, part) in parts.iter().enumerate() {
        let lower = part.to_ascii_lowercase();
        let program = match lower.as_str() {
            // LFX Mentorship was called CommunityBridge until 2020.
            "lfx-mentorship" | "lfx" | "lfx_mentorship" | "lfxmentorship" | "communitybridge"
            | "community-bridge" => Some(Program::Lfx),
            "summerofcode" | "gsoc" | "google-summer-of-code" | "summer-of-code" => {
                Some(Program::Gsoc)
            }
            _ => None,
        };
        let Some(program) = program else { continue };
        meta.program = Some(program);
        let rest = &parts[i + 1..];
        if let Some(year) = rest.first().and_then(|p| year_of(p)) {
            meta.year = Some(year);
            if program == Program::Lfx {
                meta.term = rest.get(1).and_then(|p| term_of_folder(p));
            }
        }
    }
    meta
}

/// `03-Sep-Nov` -> 3, `term-2` / `term2` / `q2` -> 2, `Jun-Aug` -> 2 (terms
/// start in March, June and September).
fn term_of_folder(part: &str) -> Option<u8> {
    let lower = part.to_ascii_lowercase();
    let months = [("mar", 1), ("jun", 2), ("sep", 3)];
    if let Some(&(_, t)) = months.iter().find(|(m, _)| lower.starts_with(m)) {
        return Some(t);
    }
    let lower = lower
        .strip_prefix('q')
        .filter(|r| r.starts_with(|c: char| c.is_ascii_digit()))
        .map(str::to_string)
        .unwrap_or(lower);
    let s = lower
        .strip_prefix("term")
        .map(|s| s.trim_start_matches(['-', '_', ' ']))
        .unwrap_or(&lower);
    let digits: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
    let t: u8 = digits.parse().ok()?;
    let follows = s[digits.len()..].chars().next();
    ((1..=3).contains(&t) && digits.len() <= 2 && matches!(follows, None | Some('-' | '_')))
        .then_some(t)
}

/// Reads a document title such as `Term 03 - 2023 September - November`,
/// `LFX Mentorship 2024 Term 1`, `Google Summer of Code 2019` or `GSoC 2025`.
pub fn from_title(title: &str) -> Meta {
    let lower = title.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let mut meta = Meta::default();
    if lower.contains("summer of code") || words.contains(&"gsoc") {
        meta.program = Some(Program::Gsoc);
    } else if words.contains(&"lfx") || words.contains(&"term") || lower.contains("mentorship") {
        meta.program = Some(Program::Lfx);
    }
    meta.year = words
        .iter()
        .find_map(|w| year_of(w).filter(|_| w.len() == 4));
    if meta.program == Some(Program::Lfx) {
        meta.term = words
            .windows(2)
            .find(|w| w[0] == "term")
            .and_then(|w| w[1].parse::<u8>().ok())
            .filter(|t| (1..=3).contains(t));
    }
    meta
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upstream_paths() {
        let m = from_path("programs/lfx-mentorship/2023/03-Sep-Nov/README.md");
        assert_eq!(
            m,
            Meta {
                program: Some(Program::Lfx),
                year: Some(2023),
                term: Some(3)
            }
        );
        let m = from_path("data/summerofcode/2019.md");
        assert_eq!(
            m,
            Meta {
                program: Some(Program::Gsoc),
                year: Some(2019),
                term: None
            }
        );
        assert_eq!(from_path("notes/ideas.md"), Meta::default());
        assert_eq!(
            from_path("lfx-mentorship/2021/term-2/ideas.md").term,
            Some(2)
        );
    }

    #[test]
    fn titles() {
        assert_eq!(
            from_title("Term 03 - 2023 September - November"),
            Meta {
                program: Some(Program::Lfx),
                year: Some(2023),
                term: Some(3)
            }
        );
        assert_eq!(
            from_title("Google Summer of Code 2019"),
            Meta {
                program: Some(Program::Gsoc),
                year: Some(2019),
                term: None
            }
        );
        assert_eq!(from_title("GSoC 2025").year, Some(2025));
        assert_eq!(from_title("Karmada"), Meta::default());
    }
}
