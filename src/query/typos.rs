//! Typo tolerance and "did you mean", over the index's vocabulary (the
//! `words` field: every word of the searchable text, lowercased, unstemmed).
//!
//! Rules after Meilisearch's defaults
//! (<https://www.meilisearch.com/docs/learn/relevancy/typo_tolerance_settings>):
//! no typo in words under 5 letters, one from 5, two from 9; a typo is a
//! Damerau-Levenshtein edit (a swap of neighbours counts once). The first
//! letter must match, which keeps `model` from reaching `yodel`.

use crate::index::IdeaIndex;
use std::collections::HashMap;
use tantivy::Term;

/// Words shorter than this get no typo.
pub const ONE_TYPO_FROM: usize = 5;
/// Words this long or longer may have two typos.
pub const TWO_TYPOS_FROM: usize = 9;
/// Alternatives kept per query word (the most frequent).
const MAX_VARIANTS: usize = 4;

/// Typos allowed in `word`: 0, 1 or 2 by its length in characters. Only
/// words of ASCII letters and digits get any (not Han text, not `c++`).
pub fn allowed(word: &str) -> u8 {
    let n = word.chars().count();
    if !word.chars().all(|c| c.is_ascii_alphanumeric()) || n < ONE_TYPO_FROM {
        0
    } else if n < TWO_TYPOS_FROM {
        1
    } else {
        2
    }
}

/// Vocabulary words within `distance` typos of `word` (lowercased), other than
/// `word`, with the number of documents holding each, most frequent first.
///
/// Scans the words that share the first letter (a range of the sorted term
/// dictionary) and measures each with `strsim::osa_distance` (a swap of
/// neighbours counts once). A Levenshtein automaton would visit fewer terms,
/// but building the two-typo one costs about 90 ms per process: more than a
/// scan of any vocabulary we index.
pub fn near(ix: &IdeaIndex, word: &str, distance: u8) -> Vec<(String, u64)> {
    let word = word.to_lowercase();
    let Some(first) = word.chars().next() else {
        return vec![];
    };
    let from = first.to_string();
    let to = char::from_u32(first as u32 + 1).map(String::from);
    let len = word.chars().count();
    let d = distance as usize;
    let mut found: HashMap<String, u64> = HashMap::new();
    let searcher = ix.reader.searcher();
    for segment in searcher.segment_readers() {
        let Ok(inverted) = segment.inverted_index(ix.fields.words) else {
            continue;
        };
        let mut range = inverted.terms().range().ge(from.as_bytes());
        if let Some(to) = &to {
            range = range.lt(to.as_bytes());
        }
        let Ok(mut stream) = range.into_stream() else {
            continue;
        };
        while stream.advance() {
            let Ok(w) = std::str::from_utf8(stream.key()) else {
                continue;
            };
            if w.len().abs_diff(len) > d * 4 || w.chars().count().abs_diff(len) > d {
                continue;
            }
            if w != word && strsim::osa_distance(w, &word) <= d {
                *found.entry(w.to_string()).or_default() += stream.value().doc_freq as u64;
            }
        }
    }
    let mut out: Vec<(String, u64)> = found.into_iter().collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    out
}

/// True when some indexed word has a Han character (the vocabulary's terms
/// are sorted, so one seek per segment answers it).
pub fn has_han_words(ix: &IdeaIndex) -> bool {
    let searcher = ix.reader.searcher();
    searcher.segment_readers().iter().any(|segment| {
        let Ok(inverted) = segment.inverted_index(ix.fields.words) else {
            return false;
        };
        let mut from = [0u8; 4];
        let mut to = [0u8; 4];
        let range = inverted
            .terms()
            .range()
            .ge('\u{3400}'.encode_utf8(&mut from).as_bytes())
            .lt('\u{fb00}'.encode_utf8(&mut to).as_bytes());
        range.into_stream().is_ok_and(|mut s| s.advance())
    })
}

/// Documents holding `word` exactly (lowercased) in the vocabulary.
pub fn doc_freq(ix: &IdeaIndex, word: &str) -> u64 {
    let term = Term::from_field_text(ix.fields.words, &word.to_lowercase());
    ix.reader.searcher().doc_freq(&term).unwrap_or(0)
}

/// The typo variants to add for a query word: up to four vocabulary words
/// within the allowed typos that are more frequent than the word itself,
/// most frequent first (Lucene's `SuggestMode.SUGGEST_MORE_POPULAR`: the
/// rarer spelling is the likelier typo, so `model` does not also search
/// `mode`, but `webasembly` searches `webassembly`). Empty for short words.
pub fn variants(ix: &IdeaIndex, word: &str) -> Vec<String> {
    match allowed(word) {
        0 => vec![],
        d => {
            let own = doc_freq(ix, word);
            near(ix, word, d)
                .into_iter()
                .filter(|(_, df)| *df > own)
                .take(MAX_VARIANTS)
                .map(|(w, _)| w)
                .collect()
        }
    }
}

/// The best correction of a word that is not in the vocabulary: the most
/// frequent word one typo away, else two (words of 3+ letters; two typos
/// only from 5). `None` when the word is known or nothing is close.
pub fn correct(ix: &IdeaIndex, word: &str) -> Option<String> {
    let n = word.chars().count();
    if n < 3 || !word.chars().all(|c| c.is_alphanumeric()) || doc_freq(ix, word) > 0 {
        return None;
    }
    let max = if n >= ONE_TYPO_FROM { 2 } else { 1 };
    (1..=max).find_map(|d| near(ix, word, d).into_iter().next().map(|(w, _)| w))
}
