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
use tantivy::termdict::TermDictionary;
use tantivy::Term;

/// Words shorter than this get no typo.
pub(crate) const ONE_TYPO_FROM: usize = 5;
/// Words this long or longer may have two typos.
pub(crate) const TWO_TYPOS_FROM: usize = 9;
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
/// Walks the sorted term dictionary from the first letter with a
/// dynamic-programming automaton ([`Osa`]): the distance table's row after
/// each term prefix, shared by the terms of that prefix, and a seek past every
/// prefix whose row is already beyond `distance`, so only the terms near
/// `word` are read. Each term reached is then measured with
/// `strsim::osa_distance` (a swap of neighbours counts once). tantivy's
/// Levenshtein automaton would visit as few terms, but building the two-typo
/// one costs about 90 ms per process; this one costs a row per byte read.
/// Words that are not ASCII, or longer than the automaton takes, are scanned:
/// every word of the first letter, measured one by one.
pub fn near(ix: &IdeaIndex, word: &str, distance: u8) -> Vec<(String, u64)> {
    near_with(ix, word, distance, Osa::new)
}

/// [`near`], with the automaton `osa` gives for the lowercased word (none: scan).
fn near_with(
    ix: &IdeaIndex,
    word: &str,
    distance: u8,
    osa: impl Fn(&[u8], u8) -> Option<Osa>,
) -> Vec<(String, u64)> {
    let searcher = ix.reader.searcher();
    let inverted: Vec<_> = searcher
        .segment_readers()
        .iter()
        .filter_map(|segment| segment.inverted_index(ix.fields.words).ok())
        .collect();
    near_in(inverted.iter().map(|i| i.terms()), word, distance, osa)
}

/// [`near_with`] over the term dictionaries of some segments.
fn near_in<'a>(
    dictionaries: impl IntoIterator<Item = &'a TermDictionary>,
    word: &str,
    distance: u8,
    osa: impl Fn(&[u8], u8) -> Option<Osa>,
) -> Vec<(String, u64)> {
    let word = word.to_lowercase();
    let Some(first) = word.chars().next() else {
        return vec![];
    };
    let osa = osa(word.as_bytes(), distance);
    let len = word.chars().count();
    let d = distance as usize;
    let mut found: HashMap<String, u64> = HashMap::new();
    let mut keep = |key: &[u8], doc_freq: u32| {
        let Ok(w) = std::str::from_utf8(key) else {
            return;
        };
        if w.len().abs_diff(len) > d * 4 || w.chars().count().abs_diff(len) > d {
            return;
        }
        if w != word && strsim::osa_distance(w, &word) <= d {
            *found.entry(w.to_string()).or_default() += doc_freq as u64;
        }
    };
    for terms in dictionaries {
        // An unreadable dictionary adds no word, as before.
        let _ = match &osa {
            Some(osa) => walk(terms, osa, &mut keep),
            None => scan(terms, first, &mut keep),
        };
    }
    let mut out: Vec<(String, u64)> = found.into_iter().collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    out
}

/// Every term of `terms` that starts with `first`, to `keep` with its
/// document count.
fn scan(
    terms: &TermDictionary,
    first: char,
    keep: &mut impl FnMut(&[u8], u32),
) -> std::io::Result<()> {
    let from = first.to_string();
    let to = char::from_u32(first as u32 + 1).map(String::from);
    let mut range = terms.range().ge(from.as_bytes());
    if let Some(to) = &to {
        range = range.lt(to.as_bytes());
    }
    let mut stream = range.into_stream()?;
    while stream.advance() {
        keep(stream.key(), stream.value().doc_freq);
    }
    Ok(())
}

/// The terms of `terms` that `osa` accepts, to `keep` with their document
/// counts (`keep` measures each again).
///
/// Reads the terms in order from the first letter, running `osa` along each
/// from the prefix it shares with the previous term (`rows[k]` is the state
/// after the first `k` bytes of `key`). When a byte leaves no match possible,
/// seeks to the least string after that prefix whose bytes `osa` can all
/// follow ([`next_live`]), which passes over every term in between. (A seek
/// costs about as much as reading a term.) `TermDictionary::search` would run
/// the automaton over the dictionary's graph instead, but it takes a
/// `tantivy_fst::Automaton`, a trait tantivy does not re-export.
fn walk(
    terms: &TermDictionary,
    osa: &Osa,
    keep: &mut impl FnMut(&[u8], u32),
) -> std::io::Result<()> {
    let end = [osa.word[0] + 1];
    let mut stream = terms.range().ge(&osa.word[..1]).lt(end).into_stream()?;
    let mut rows = Vec::with_capacity(32);
    rows.push(osa.start());
    let mut key: Vec<u8> = Vec::with_capacity(64);
    while stream.advance() {
        let term = stream.key();
        let shared = key.iter().zip(term).take_while(|(a, b)| a == b).count();
        rows.truncate(shared.min(rows.len() - 1) + 1);
        key.clear();
        key.extend_from_slice(term);
        let mut dead = false;
        for &byte in &key[rows.len() - 1..] {
            let next = osa.accept(&rows[rows.len() - 1], byte);
            if !osa.can_match(&next) {
                dead = true;
                break;
            }
            rows.push(next);
        }
        if !dead {
            if osa.is_match(&rows[rows.len() - 1]) {
                keep(&key, stream.value().doc_freq);
            }
            continue;
        }
        let Some(next) = next_live(osa, &rows, &key) else {
            break;
        };
        stream = terms.range().ge(next).lt(end).into_stream()?;
    }
    Ok(())
}

/// The least string after the dead prefix `key[..rows.len()]` that keeps the
/// first byte and whose bytes `osa` can all follow, given the states `rows`
/// along `key`; `None` when there is none.
fn next_live(osa: &Osa, rows: &[OsaState], key: &[u8]) -> Option<Vec<u8>> {
    (1..rows.len()).rev().find_map(|k| {
        let byte = osa.next_byte(&rows[k], key[k])?;
        let mut next = key[..k].to_vec();
        next.push(byte);
        Some(next)
    })
}

/// Longest word, in bytes, [`Osa`] takes.
const MAX_WORD: usize = 64;

/// A lazily evaluated automaton of the terms within `d` optimal string
/// alignment edits of an ASCII word that start with its first byte: the
/// state after a term prefix is the last two rows of the distance table
/// between the prefix and the word. Distances are capped at `d + 1` to fit a
/// byte. A UTF-8 continuation byte leaves the state as it is, so a
/// multi-byte character counts as one, through its lead byte, which is no
/// ASCII byte: the distance is the one `strsim::osa_distance` measures
/// between characters.
struct Osa {
    word: [u8; MAX_WORD],
    n: usize,
    d: u8,
    /// The word's distinct bytes, ascending (the first `bytes` of them).
    alphabet: [u8; MAX_WORD],
    bytes: usize,
}

/// An [`Osa`] state: the table's row after the term prefix read, the row
/// before its last character, and that character's (lead) byte.
#[derive(Clone)]
struct OsaState {
    row: [u8; MAX_WORD + 1],
    before: [u8; MAX_WORD + 1],
    /// `NONE` before the second character.
    last: u8,
}

impl Osa {
    /// Stands for no character: no ASCII byte equals it.
    const NONE: u8 = u8::MAX;

    /// The automaton for a nonempty ASCII `word` of at most [`MAX_WORD`]
    /// bytes; `None` for any other word.
    fn new(word: &[u8], d: u8) -> Option<Osa> {
        if word.is_empty() || word.len() > MAX_WORD || !word.is_ascii() {
            return None;
        }
        let mut w = [0; MAX_WORD];
        w[..word.len()].copy_from_slice(word);
        let mut alphabet = w;
        alphabet[..word.len()].sort_unstable();
        let mut bytes = 0;
        for i in 0..word.len() {
            if bytes == 0 || alphabet[i] != alphabet[bytes - 1] {
                alphabet[bytes] = alphabet[i];
                bytes += 1;
            }
        }
        Some(Osa {
            word: w,
            n: word.len(),
            // Room for `d + 2` in a byte.
            d: d.min(u8::MAX - 2),
            alphabet,
            bytes,
        })
    }

    fn start(&self) -> OsaState {
        let mut row = [0; MAX_WORD + 1];
        for (j, r) in row.iter_mut().enumerate().take(self.n + 1) {
            *r = (j as u8).min(self.d + 1);
        }
        OsaState {
            row,
            before: row,
            last: Self::NONE,
        }
    }

    /// The state after `byte` (the caller keeps to terms of the first byte).
    fn accept(&self, state: &OsaState, byte: u8) -> OsaState {
        if byte & 0xC0 == 0x80 {
            return state.clone();
        }
        let cap = self.d + 1;
        let (q, cur) = (&self.word[..self.n], &state.row);
        let mut row = [cap; MAX_WORD + 1];
        row[0] = (cur[0] + 1).min(cap);
        for j in 1..=self.n {
            let mut v = (cur[j - 1] + u8::from(byte != q[j - 1]))
                .min(cur[j] + 1)
                .min(row[j - 1] + 1);
            if j > 1 && byte == q[j - 2] && state.last == q[j - 1] {
                v = v.min(state.before[j - 2] + 1);
            }
            row[j] = v.min(cap);
        }
        OsaState {
            row,
            before: state.row,
            last: byte,
        }
    }

    /// Whether some term under the prefix can be within `d`: no cell of the
    /// row is (a swap reaching back to the row before goes through a cell of
    /// this one no further than one edit).
    fn can_match(&self, state: &OsaState) -> bool {
        state.row[..=self.n].iter().any(|&v| v <= self.d)
    }

    fn is_match(&self, state: &OsaState) -> bool {
        state.row[self.n] <= self.d
    }

    /// The least byte above `after` that can follow `state` in a term that
    /// may match, where `after` did. Inside a character (after a
    /// continuation byte), the next continuation byte: it leaves the state as
    /// it is. At a character's start, a byte of the word, or any byte that
    /// starts a character if a mismatch keeps a match possible: a byte the
    /// word lacks is a mismatch. (Other bytes make no UTF-8, and the terms of
    /// a text field are UTF-8.)
    fn next_byte(&self, state: &OsaState, after: u8) -> Option<u8> {
        match after {
            0x80..=0xBE => Some(after + 1),
            0xBF | 0xFF => None,
            _ if self.can_match(&self.accept(state, u8::MAX)) => {
                Some(if after == 0x7F { 0xC0 } else { after + 1 })
            }
            _ => self.alphabet[..self.bytes]
                .iter()
                .copied()
                .find(|&b| b > after && self.can_match(&self.accept(state, b))),
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::OnceLock;

    /// The embedded corpus indexed once for these tests.
    fn ix() -> &'static IdeaIndex {
        static IX: OnceLock<(tempfile::TempDir, IdeaIndex)> = OnceLock::new();
        &IX.get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            // As `store::build_embedded` would, without naming the module above.
            let seed = crate::corpus::load(&crate::corpus::embedded(), Default::default(), &|| {});
            let manifest = crate::index::Manifest::files(vec![]);
            crate::index::build(dir.path(), &seed.ideas, manifest).unwrap();
            let ix = IdeaIndex::open(dir.path()).unwrap();
            (dir, ix)
        })
        .1
    }

    /// The reference: every word of the first letter, measured one by one.
    fn near_by_scan(ix: &IdeaIndex, word: &str, distance: u8) -> Vec<(String, u64)> {
        near_with(ix, word, distance, |_, _| None)
    }

    /// The distinct words of the vocabulary, sorted.
    fn vocabulary(ix: &IdeaIndex) -> Vec<String> {
        let mut words = std::collections::BTreeSet::new();
        for segment in ix.reader.searcher().segment_readers() {
            let inverted = segment.inverted_index(ix.fields.words).unwrap();
            let mut stream = inverted.terms().stream().unwrap();
            while stream.advance() {
                if let Ok(w) = std::str::from_utf8(stream.key()) {
                    words.insert(w.to_string());
                }
            }
        }
        words.into_iter().collect()
    }

    #[test]
    fn the_automaton_finds_what_the_scan_finds() {
        let ix = ix();
        let mut words: Vec<String> = [
            "webasembly",
            "webassembly",
            "kubernets",
            "observability",
            "obsevability",
            "dashbord",
            "plugin",
            "model",
            "schedular",
            "monitring",
            "prometheus",
            "documentaion",
            "security",
            "contaner",
            "WebAsembly",
            "rust",
            "x",
            "",
            "café",
            "naïve",
            "边缘计算",
            "zzzzzzzzz",
            "0123456789",
        ]
        .map(String::from)
        .to_vec();
        let long: Vec<String> = vocabulary(ix)
            .into_iter()
            .filter(|w| w.chars().count() >= ONE_TYPO_FROM)
            .collect();
        assert!(long.len() > 1000, "{} words", long.len());
        let step = long.len() / 300;
        words.extend(long.into_iter().step_by(step));
        let mut nonempty = 0;
        for w in &words {
            for d in [1, 2] {
                let found = near(ix, w, d);
                assert_eq!(found, near_by_scan(ix, w, d), "{w:?} within {d}");
                nonempty += usize::from(!found.is_empty());
            }
        }
        // Not a test of empty lists: about half the searches find words.
        assert!(
            nonempty * 3 > words.len(),
            "{nonempty} searches found words"
        );
        assert_eq!(near(ix, "webasembly", 2)[0].0, "webassembly");
    }

    /// Runs `osa` along `term`: the final state, or `None` once no match is
    /// possible.
    fn run(osa: &Osa, term: &str) -> Option<OsaState> {
        let mut state = osa.start();
        for &b in term.as_bytes() {
            state = osa.accept(&state, b);
            if !osa.can_match(&state) {
                return None;
            }
        }
        Some(state)
    }

    /// Every string of `alphabet` up to `len` characters.
    fn strings(alphabet: &[char], len: usize) -> Vec<String> {
        let mut all = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..len {
            last = last
                .iter()
                .flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}")))
                .collect();
            all.extend(last.iter().cloned());
        }
        all
    }

    #[test]
    fn the_automaton_measures_as_strsim_does() {
        // Terms with two- and three-byte characters, words of ASCII.
        let terms = strings(&['a', 'b', 'c', 'é', '中'], 5);
        let words = strings(&['a', 'b', 'c'], 4);
        for word in words.iter().filter(|w| !w.is_empty()) {
            for d in [1, 2] {
                let osa = Osa::new(word.as_bytes(), d).unwrap();
                for term in &terms {
                    let within = strsim::osa_distance(term, word) <= d as usize;
                    let accepted = run(&osa, term).is_some_and(|s| osa.is_match(&s));
                    assert_eq!(accepted, within, "{term:?} vs {word:?} within {d}");
                }
            }
        }
    }

    /// A term dictionary of `terms`, each in `index + 1` documents.
    fn dictionary(terms: &[String]) -> TermDictionary {
        use tantivy::postings::TermInfo;
        use tantivy::termdict::TermDictionaryBuilder;
        let mut sorted: Vec<&[u8]> = terms.iter().map(|t| t.as_bytes()).collect();
        sorted.sort();
        sorted.dedup();
        let mut b = TermDictionaryBuilder::create(Vec::new()).unwrap();
        for (i, t) in sorted.into_iter().enumerate() {
            let info = TermInfo {
                doc_freq: i as u32 + 1,
                postings_range: i * 10..i * 10 + 10,
                positions_range: i * 20..i * 20 + 20,
            };
            b.insert(t, &info).unwrap();
        }
        TermDictionary::open(b.finish().unwrap().into()).unwrap()
    }

    #[test]
    fn the_automaton_walks_past_multibyte_characters() {
        // Two- and three-byte characters, two of them neighbours (é, ê: C3 A9,
        // C3 AA) and one ending in the last continuation byte (ÿ: C3 BF), the
        // last ASCII byte, and a letter no word has.
        let alphabet = ['a', 'b', 'z', '\u{7f}', 'é', 'ê', 'ÿ', '中'];
        let terms: Vec<String> = strings(&alphabet, 4)
            .into_iter()
            .map(|t| format!("a{t}"))
            .chain(["b", "bé", "中"].map(String::from))
            .collect();
        let dict = dictionary(&terms);
        let mut non_ascii = 0;
        for word in strings(&['a', 'b', 'c'], 4)
            .iter()
            .filter(|w| w.starts_with('a'))
        {
            for d in [1, 2] {
                let found = near_in([&dict], word, d, Osa::new);
                assert_eq!(
                    found,
                    near_in([&dict], word, d, |_, _| None),
                    "{word:?} within {d}"
                );
                non_ascii += found.iter().filter(|(w, _)| !w.is_ascii()).count();
            }
        }
        assert!(
            non_ascii > 100,
            "{non_ascii} words found with non-ASCII characters"
        );
    }

    #[test]
    fn only_short_ascii_words_get_the_automaton() {
        assert!(Osa::new(b"plugin", 1).is_some());
        assert!(Osa::new("café".as_bytes(), 1).is_none());
        assert!(Osa::new(b"", 1).is_none());
        assert!(Osa::new(&[b'a'; MAX_WORD], 2).is_some());
        assert!(Osa::new(&[b'a'; MAX_WORD + 1], 2).is_none());
    }
}
