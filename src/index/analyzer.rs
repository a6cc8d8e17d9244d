//! The text analyzer: one tokenizer for English, Chinese and both mixed in a
//! sentence ("基于KubeEdge实现边缘节点的GPU资源管理").
//!
//! Han runs go to jieba-rs (search mode, so both `边缘计算` and its parts
//! `边缘`, `计算` are indexed); everything else splits into runs of letters
//! and digits, keeping the technical tokens an English word splitter breaks:
//! `c++`, `c#`, `f#`, `.net`. Tokens are then lowercased and, for the `en_stem`
//! analyzer, Snowball-English stemmed (Han and `c++` pass through unchanged).

use jieba_rs::Jieba;
use std::sync::OnceLock;
use tantivy::tokenizer::{
    LowerCaser, RemoveLongFilter, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
};

/// Bumped whenever tokenization changes, so cached indexes are rebuilt.
pub const VERSION: u32 = 2;

/// Name of the stemmed analyzer used by the text fields.
pub const EN_STEM: &str = "en_stem";
/// Name of the unstemmed analyzer of the `words` field (typo and "did you mean" vocabulary).
pub const WORDS: &str = "words";

/// Tokens longer than this many bytes (base64, URLs run together) are dropped.
pub(crate) const MAX_TOKEN_BYTES: usize = 40;

/// The dictionary loads in about 0.1 s, so only text with Han characters pays for it.
fn jieba() -> &'static Jieba {
    static JIEBA: OnceLock<Jieba> = OnceLock::new();
    JIEBA.get_or_init(Jieba::new)
}

/// True for CJK unified ideographs (the basic block, extension A and the
/// compatibility block): what jieba segments.
pub fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}')
}

/// True when `text` holds a Han character.
pub fn has_han(text: &str) -> bool {
    text.chars().any(is_han)
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_han(c)
}

/// Splits `text` into `(byte_start, byte_end)` word spans. With `search_mode`,
/// a Han word also yields its dictionary sub-words (jieba's `cut_for_search`);
/// without it, Han runs are cut once, in jieba's precise mode.
pub fn spans(text: &str, search_mode: bool) -> Vec<(usize, usize)> {
    let mut out = vec![];
    let mut chars = text.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if is_han(c) {
            let mut end = start;
            while let Some(&(i, c)) = chars.peek() {
                if !is_han(c) {
                    break;
                }
                end = i + c.len_utf8();
                chars.next();
            }
            let run = &text[start..end];
            let tokens = if search_mode {
                jieba().cut_for_search(run, true)
            } else {
                jieba().cut(run, true)
            };
            out.extend(
                tokens
                    .iter()
                    .map(|t| (start + t.byte_start, start + t.byte_end)),
            );
        } else if is_word_char(c) {
            let mut end = start;
            while let Some(&(i, c)) = chars.peek() {
                if !is_word_char(c) {
                    break;
                }
                end = i + c.len_utf8();
                chars.next();
            }
            let (start, end) = technical(text, start, end);
            out.push((start, end));
            // `technical` may have taken a `++` or `#` suffix: skip past it.
            while chars.peek().is_some_and(|&(i, _)| i < end) {
                chars.next();
            }
        } else {
            chars.next();
        }
    }
    out
}

/// Widens a word span to `c++`, `c#`, `f#` or `.net` where the text has one.
fn technical(text: &str, start: usize, end: usize) -> (usize, usize) {
    let word = &text[start..end];
    let rest = &text[end..];
    let ends_word = |after: &str| !after.chars().next().is_some_and(is_word_char);
    if word.len() <= 2 {
        for suffix in ["++", "#"] {
            if rest.starts_with(suffix) && ends_word(&rest[suffix.len()..]) {
                return (start, end + suffix.len());
            }
        }
    }
    let before = &text[..start];
    if word.eq_ignore_ascii_case("net")
        && before.ends_with('.')
        && !before[..before.len() - 1]
            .chars()
            .next_back()
            .is_some_and(is_word_char)
    {
        return (start - 1, end);
    }
    (start, end)
}

/// The words of a query's text as a user would count them: Han runs cut in
/// jieba's precise mode, technical tokens kept, case kept.
pub fn words(text: &str) -> Vec<&str> {
    spans(text, false)
        .into_iter()
        .map(|(a, b)| &text[a..b])
        .collect()
}

/// The tokenizer behind both analyzers (see the module doc).
#[derive(Clone, Default)]
pub struct MixedTokenizer {
    tokens: Vec<Token>,
}

/// Tokens of one text, already split.
pub struct MixedTokenStream<'a> {
    tokens: &'a mut Vec<Token>,
    next: usize,
}

impl Tokenizer for MixedTokenizer {
    type TokenStream<'a> = MixedTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> MixedTokenStream<'a> {
        let spans = spans(text, true);
        // Reuse the previous text's token buffers: no allocation per token.
        self.tokens.resize_with(spans.len(), Token::default);
        for (position, (token, (from, to))) in self.tokens.iter_mut().zip(spans).enumerate() {
            token.offset_from = from;
            token.offset_to = to;
            token.position = position;
            token.position_length = 1;
            token.text.clear();
            token.text.push_str(&text[from..to]);
        }
        MixedTokenStream {
            tokens: &mut self.tokens,
            next: 0,
        }
    }
}

impl TokenStream for MixedTokenStream<'_> {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

/// The analyzer of the text fields: mixed tokenizer, lowercase, English stemmer.
pub fn en_stem() -> TextAnalyzer {
    TextAnalyzer::builder(MixedTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(MemoStemmer)
        .build()
}

/// Snowball English stemming (the algorithm of tantivy's `Stemmer`, from the
/// same `frostem` crate) that remembers each word's stem: words follow
/// Zipf's law, so most tokens of a text are words already stemmed, and a
/// hash lookup costs a fraction of the stemmer's suffix search. The memo is
/// per thread (tantivy clones analyzers per indexing thread and per snippet,
/// so a memo per analyzer would start empty each time), never locked, and
/// emptied at [`MEMO_MAX`] words.
#[derive(Clone, Copy, Debug, Default)]
pub struct MemoStemmer;

/// Words a [`MemoStemmer`] remembers per thread before it starts over.
pub const MEMO_MAX: usize = 1 << 16;

type Memo = std::collections::HashMap<String, String, xxhash_rust::xxh3::Xxh3Builder>;

thread_local! {
    static MEMO: std::cell::RefCell<Memo> = std::cell::RefCell::new(Memo::default());
}

impl TokenFilter for MemoStemmer {
    type Tokenizer<T: Tokenizer> = MemoStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> MemoStemmerFilter<T> {
        MemoStemmerFilter { inner }
    }
}

/// The [`MemoStemmer`] around a tokenizer.
#[derive(Clone)]
pub struct MemoStemmerFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for MemoStemmerFilter<T> {
    type TokenStream<'a> = MemoStemmerStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        MemoStemmerStream {
            tail: self.inner.token_stream(text),
            stemmer: frostem::Stemmer::new(frostem::Algorithm::English),
        }
    }
}

/// Tokens of one text, stemmed.
pub struct MemoStemmerStream<T> {
    tail: T,
    stemmer: frostem::Stemmer,
}

impl<T: TokenStream> TokenStream for MemoStemmerStream<T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        MEMO.with_borrow_mut(|memo| match memo.get(&token.text) {
            Some(stem) => {
                token.text.clear();
                token.text.push_str(stem);
            }
            None => {
                if memo.len() >= MEMO_MAX {
                    memo.clear();
                }
                let stem = self.stemmer.stem(&token.text).into_owned();
                let word = std::mem::replace(&mut token.text, stem.clone());
                memo.insert(word, stem);
            }
        });
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// The analyzer of the `words` field: as [`en_stem`] without the stemmer, so
/// its terms are words as written (lowercased), fit to suggest back to users.
pub fn words_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(MixedTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .build()
}

/// `text` through `analyzer`, as term texts.
pub fn terms(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut out = vec![];
    analyzer
        .token_stream(text)
        .process(&mut |t: &Token| out.push(t.text.clone()));
    out
}

/// `text` through `analyzer`, as (term, the words it came from as written).
pub fn terms_with_offsets(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(String, String)> {
    let mut out = vec![];
    analyzer.token_stream(text).process(&mut |t: &Token| {
        let surface = text.get(t.offset_from..t.offset_to).unwrap_or(&t.text);
        out.push((t.text.clone(), surface.to_string()))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stem(text: &str) -> Vec<String> {
        terms(&mut en_stem(), text)
    }

    #[test]
    fn technical_tokens_survive() {
        assert_eq!(
            stem("Go, C, R, C++ and C# on .NET with k8s"),
            ["go", "c", "r", "c++", "and", "c#", "on", ".net", "with", "k8s"]
        );
        // Not technical: a `#` or `.` inside a longer token.
        assert_eq!(stem("issue#12 node.net"), ["issu", "12", "node", "net"]);
    }

    #[test]
    fn english_is_stemmed_and_lowercased() {
        assert_eq!(
            stem("Running Kubernetes clusters"),
            ["run", "kubernet", "cluster"]
        );
    }

    #[test]
    fn han_runs_are_segmented_beside_english() {
        let t = stem("基于KubeEdge实现边缘节点的GPU资源管理");
        for w in [
            "基于", "kubeedg", "实现", "边缘", "节点", "gpu", "资源", "管理",
        ] {
            assert!(t.iter().any(|x| x == w), "{w} missing from {t:?}");
        }
        // Precise mode (queries) cuts once; search mode (documents) adds sub-words.
        let precise = words("边缘计算平台");
        assert!(!precise.is_empty());
        let searched: Vec<String> = terms(&mut words_analyzer(), "边缘计算平台");
        assert!(searched.len() >= precise.len());
        for w in &precise {
            assert!(searched.iter().any(|s| s == w), "{w} not in {searched:?}");
        }
    }

    /// The memo starts over when full and stems the same afterwards.
    #[test]
    fn memo_stemmer_forgets_and_stays_exact() {
        let mut a = en_stem();
        let many: String = (0..MEMO_MAX + 10).map(|i| format!("runs{i}x ")).collect();
        assert_eq!(terms(&mut a, &many).len(), MEMO_MAX + 10);
        for _ in 0..2 {
            assert_eq!(
                terms(&mut a, "Running runners ran"),
                ["run", "runner", "ran"]
            );
        }
    }

    #[test]
    fn offsets_point_at_the_words() {
        let text = "用 Rust 写 WebAssembly 插件";
        for (a, b) in spans(text, true) {
            assert!(!text[a..b].trim().is_empty());
        }
        assert_eq!(words(text).len(), 5);
    }
}
