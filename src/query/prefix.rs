//! `word*`: a prefix of the words as written. The unstemmed vocabulary
//! (the `words` field: lowercased, not stemmed) is read from the prefix on,
//! and the most frequent words that start with it are searched as if typed
//! (stemmed, in the default fields, with their boosts), so `kubeed*` finds
//! KubeEdge and not the stem `kube`. Bounded twice: at most
//! [`MAX_SCANNED`] terms read per segment and [`MAX_WORDS`] words kept.

use crate::index::analyzer;
use crate::index::IdeaIndex;
use std::collections::HashMap;

/// Words a prefix stands for at most: the most frequent ones.
pub const MAX_WORDS: usize = 50;

/// Terms read per segment at most, from the prefix on (one letter starts
/// a few thousand words in the whole corpus).
pub(crate) const MAX_SCANNED: usize = 20_000;

/// The words of the vocabulary that start with `prefix` (lowercased), most
/// frequent first (then alphabetical), one per stem (`operator` and
/// `operators` search the same term), at most `max`. Empty when none does.
pub fn expand(ix: &IdeaIndex, prefix: &str, max: usize) -> Vec<String> {
    let prefix = prefix.to_lowercase();
    if prefix.is_empty() || max == 0 {
        return vec![];
    }
    let mut found: HashMap<String, u64> = HashMap::new();
    let searcher = ix.reader.searcher();
    for segment in searcher.segment_readers() {
        let Ok(inverted) = segment.inverted_index(ix.fields.words) else {
            continue;
        };
        let Ok(mut stream) = inverted.terms().range().ge(prefix.as_bytes()).into_stream() else {
            continue;
        };
        let mut scanned = 0;
        while scanned < MAX_SCANNED && stream.advance() {
            scanned += 1;
            let key = stream.key();
            if !key.starts_with(prefix.as_bytes()) {
                break;
            }
            if let Ok(word) = std::str::from_utf8(key) {
                *found.entry(word.to_string()).or_default() += stream.value().doc_freq as u64;
            }
        }
    }
    let mut words: Vec<(String, u64)> = found.into_iter().collect();
    words.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let mut stem = analyzer::en_stem();
    let mut stems = std::collections::HashSet::new();
    words
        .into_iter()
        .filter(|(w, _)| stems.insert(analyzer::terms(&mut stem, w)))
        .map(|(w, _)| w)
        .take(max)
        .collect()
}
