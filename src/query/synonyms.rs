//! The synonym and abbreviation table, `schema/synonyms.json` (compiled in).

use crate::index::analyzer::is_han;
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::OnceLock;

/// `schema/synonyms.json`, compiled in.
pub const SYNONYMS_JSON: &str = include_str!("../../schema/synonyms.json");

/// One entry of a group: a word or phrase, optionally only in one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Field to search this entry in when it is added by expansion (`skills:go`).
    pub field: Option<String>,
    /// Lowercased word or phrase.
    pub text: String,
}

/// The table: each key (an entry's text, lowercased, words single-spaced)
/// maps to its whole group.
#[derive(Debug, Default)]
pub struct Synonyms {
    groups: Vec<Vec<Entry>>,
    by_key: HashMap<String, usize>,
    /// The most words any key has.
    pub longest: usize,
}

#[derive(Deserialize)]
struct File {
    groups: Vec<Vec<String>>,
}

/// Words joined as written: a space between them, except between two Han
/// words (jieba cuts `多集群` into `多`, `集群`; the table writes `多集群`).
pub fn join(words: &[&str]) -> String {
    let mut out = String::new();
    for w in words {
        let han_seam =
            out.chars().next_back().is_some_and(is_han) && w.chars().next().is_some_and(is_han);
        if !out.is_empty() && !han_seam {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Lowercase, joined by [`join`]: how keys and query n-grams compare.
pub fn key(words: &[&str]) -> String {
    join(words).to_lowercase()
}

impl Synonyms {
    /// Parses the table's JSON (`{"groups": [["k8s", "kubernetes"], ...]}`).
    pub fn parse(json: &str) -> Result<Synonyms, serde_json::Error> {
        let file: File = serde_json::from_str(json)?;
        let mut s = Synonyms::default();
        for raw in file.groups {
            let entries: Vec<Entry> = raw
                .iter()
                .map(|e| match e.split_once(':') {
                    Some((f, t)) if !f.is_empty() && f.chars().all(|c| c.is_ascii_lowercase()) => {
                        Entry {
                            field: Some(f.to_string()),
                            text: t.to_lowercase(),
                        }
                    }
                    _ => Entry {
                        field: None,
                        text: e.to_lowercase(),
                    },
                })
                .collect();
            let index = s.groups.len();
            for e in &entries {
                let words: Vec<&str> = e.text.split_whitespace().collect();
                s.longest = s.longest.max(words.len());
                s.by_key.insert(key(&words), index);
            }
            s.groups.push(entries);
        }
        Ok(s)
    }

    /// The compiled-in table.
    pub fn embedded() -> &'static Synonyms {
        static TABLE: OnceLock<Synonyms> = OnceLock::new();
        TABLE.get_or_init(|| {
            Synonyms::parse(SYNONYMS_JSON).expect("schema/synonyms.json is valid (tested)")
        })
    }

    /// The other entries of the group `words` belong to, or `None`.
    pub fn lookup(&self, words: &[&str]) -> Option<Vec<Entry>> {
        let k = key(words);
        let group = &self.groups[*self.by_key.get(&k)?];
        Some(group.iter().filter(|e| e.text != k).cloned().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_table_parses_and_covers_the_field_abbreviations() {
        let s = Synonyms::embedded();
        for (a, b) in [
            ("k8s", "kubernetes"),
            ("wasm", "webassembly"),
            ("js", "javascript"),
            ("ts", "typescript"),
            ("ml", "machine learning"),
            ("ebpf", "bpf"),
            ("ci/cd", "continuous integration"),
            ("e2e", "end-to-end"),
            ("docs", "documentation"),
            ("ui", "frontend"),
        ] {
            let found = s.lookup(&[a]).unwrap_or_default();
            assert!(found.iter().any(|e| e.text == b), "{a} -> {b}: {found:?}");
        }
        let golang = s.lookup(&["Golang"]).unwrap();
        assert!(golang.contains(&Entry {
            field: Some("skills".into()),
            text: "go".into()
        }));
        assert!(s
            .lookup(&["machine", "learning"])
            .unwrap()
            .iter()
            .any(|e| e.text == "ml"));
        assert!(s.lookup(&["rust"]).is_none());
        // Chinese keys match however jieba cut the query.
        assert!(s
            .lookup(&["多", "集群"])
            .unwrap()
            .iter()
            .any(|e| e.text == "multi-cluster"));
        assert_eq!(join(&["GPU", "资源", "管理"]), "GPU 资源管理");
    }
}
