//! Query text -> tantivy query: tantivy's query syntax, rewritten for ranking.
//!
//! The user's text is parsed with tantivy's query grammar; its free-text
//! words (not "phrases", not `field:terms`) are then rewritten:
//! 1. Han runs are cut into words (jieba, precise mode).
//! 2. Words and phrases in `schema/synonyms.json` also match their synonyms
//!    (`k8s` finds `kubernetes`, `machine learning` finds `ml`).
//! 3. Stop words (`schema/stopwords.txt`) are dropped: they would otherwise
//!    have to match.
//! 4. Words of 5+ letters also match vocabulary words a typo or two away.
//!
//! Ranking is in tiers, as Meilisearch's ranking rules put "words" then
//! "typo" first: ideas with every word without typos, then every word with
//! typos, then some of the words (only when [`MatchingStrategy::Tiered`]); BM25 with
//! per-field boosts (`schema/fields.json`) orders each tier.

pub mod build;
pub mod filter;
pub mod limits;
pub mod prefix;
pub mod synonyms;
pub mod typos;

use crate::error::QueryError;
use crate::index::analyzer;
use crate::index::schema;
use crate::index::IdeaIndex;
use std::sync::OnceLock;
use synonyms::Synonyms;
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, Query, QueryParser, QueryParserError};
use tantivy::query_grammar::{Delimiter, UserInputAst, UserInputLeaf, UserInputLiteral};

/// `schema/stopwords.txt`, compiled in.
pub const STOPWORDS_TXT: &str = include_str!("../../schema/stopwords.txt");

/// Score added to ideas in a higher tier; BM25 scores here stay far below it.
pub const TIER: f32 = 10_000.0;

/// Weight of a typo alternative relative to the word as typed.
const TYPO_WEIGHT: f64 = 0.5;

/// Which ideas a free-text query matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchingStrategy {
    /// Every word; if no idea has them all, any word (and the answer says so).
    All,
    /// Any word, ideas with every word first.
    Tiered,
    /// Any word, BM25 alone deciding the order (a baseline of `ideas eval`).
    AnyByScore,
}

/// How queries are rewritten and ranked. [`Ranking::tuned`] is what the
/// commands use; [`Ranking::plain`] is the baseline `ideas eval` compares with.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ranking {
    /// Per-field boosts from `schema/fields.json` (else every field weighs 1).
    pub boosts: bool,
    pub synonyms: bool,
    pub stop_words: bool,
    pub typos: bool,
    /// `None`: no rewriting at all, tantivy's parser with OR between words.
    pub matching: Option<MatchingStrategy>,
}

impl Ranking {
    /// Everything on.
    pub const fn tuned() -> Ranking {
        Ranking {
            boosts: true,
            synonyms: true,
            stop_words: true,
            typos: true,
            matching: Some(MatchingStrategy::Tiered),
        }
    }

    /// Plain BM25: every default field weighted 1, words joined by OR, no
    /// synonyms, stop words or typos.
    pub const fn plain() -> Ranking {
        Ranking {
            boosts: false,
            synonyms: false,
            stop_words: false,
            typos: false,
            matching: None,
        }
    }
}

fn column(q: &str, byte: usize) -> usize {
    q.get(..byte.min(q.len()))
        .map(|s| s.chars().count())
        .unwrap_or(0)
        + 1
}

/// A parsed query, ready to run.
pub struct Prepared {
    pub query: Box<dyn Query>,
    /// The free-text words left after rewriting (for "did you mean").
    pub words: Vec<String>,
    /// Ideas with every word get a [`TIER`] bonus.
    pub all_bonus: bool,
    /// Ideas with every word as typed (no typo) get a [`TIER`] bonus.
    pub exact_bonus: bool,
    /// When ideas can match without every word: the query that needs them all.
    pub every_word: Option<Box<dyn Query>>,
    /// Set when the grammar refused the text and its words were searched
    /// as plain words instead: why, in one line ([`plain_words_note`]).
    pub note: Option<String>,
}

/// How much of the query a hit matched, from its tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Matched {
    /// Every word (as typed, or through a synonym).
    All,
    /// Every word, some only with a typo.
    Typos,
    /// Some of the words.
    Some,
}

impl Prepared {
    /// What a hit with this (untrimmed) score matched.
    pub fn matched(&self, score: f32) -> Matched {
        let tier = (score / TIER) as u32;
        let top = self.all_bonus as u32 + self.exact_bonus as u32;
        if self.all_bonus && tier == 0 {
            Matched::Some
        } else if self.exact_bonus && tier < top {
            Matched::Typos
        } else {
            Matched::All
        }
    }
}

/// The stop words, lowercased.
pub fn stop_words() -> &'static Vec<String> {
    static WORDS: OnceLock<Vec<String>> = OnceLock::new();
    WORDS.get_or_init(|| {
        STOPWORDS_TXT
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_lowercase)
            .collect()
    })
}

/// The query parser: the default fields of `schema/fields.json`, with their
/// boosts when `boosts`, every word required when `conjunction`.
pub fn parser(ix: &IdeaIndex, boosts: bool, conjunction: bool) -> QueryParser {
    let schema = ix.index.schema();
    let specs = schema::specs();
    let defaults = specs
        .iter()
        .filter(|s| s.default)
        .filter_map(|s| schema.get_field(&s.name).ok())
        .collect();
    let mut p = QueryParser::for_index(&ix.index, defaults);
    if boosts {
        for s in specs.iter().filter(|s| s.kind == "text") {
            if let Ok(f) = schema.get_field(&s.name) {
                p.set_field_boost(f, s.boost);
            }
        }
    }
    if conjunction {
        p.set_conjunction_by_default();
    }
    p
}

/// One alternative spelling of a query word.
#[derive(Debug, Clone)]
struct Alt {
    field: Option<String>,
    text: String,
    typo: bool,
}

/// A clause of the rewritten query: a free-text word (or a phrase matched
/// from the synonym table) with its alternatives, or anything else as parsed.
#[derive(Debug, Clone)]
enum Item {
    Word {
        occur: Option<Occur>,
        text: String,
        alts: Vec<Alt>,
    },
    Other(Option<Occur>, UserInputAst),
}

fn bare_word(ast: &UserInputAst) -> Option<&str> {
    match ast {
        UserInputAst::Leaf(leaf) => match leaf.as_ref() {
            UserInputLeaf::Literal(l)
                if l.field_name.is_none()
                    && l.delimiter == Delimiter::None
                    && !l.prefix
                    && build::prefix_of(l).is_none() =>
            {
                Some(&l.phrase)
            }
            _ => None,
        },
        _ => None,
    }
}

fn literal(field: Option<String>, text: &str) -> UserInputAst {
    let phrase = text.split_whitespace().count() > 1;
    UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(UserInputLiteral {
        field_name: field,
        phrase: text.to_string(),
        delimiter: if phrase {
            Delimiter::DoubleQuotes
        } else {
            Delimiter::None
        },
        slop: 0,
        prefix: false,
    })))
}

impl Item {
    /// The clause as grammar AST, with its typo alternatives when `typos`.
    fn ast(&self, typos: bool) -> UserInputAst {
        match self {
            Item::Other(_, ast) => ast.clone(),
            Item::Word { text, alts, .. } => {
                let mut any = vec![(Some(Occur::Should), literal(None, text))];
                for a in alts.iter().filter(|a| typos || !a.typo) {
                    let mut ast = literal(a.field.clone(), &a.text);
                    if a.typo {
                        ast = UserInputAst::Boost(Box::new(ast), TYPO_WEIGHT.into());
                    }
                    any.push((Some(Occur::Should), ast));
                }
                if any.len() == 1 {
                    any.pop()
                        .map(|(_, a)| a)
                        .unwrap_or(UserInputAst::empty_query())
                } else {
                    UserInputAst::Clause(any)
                }
            }
        }
    }

    fn occur(&self) -> Option<Occur> {
        match self {
            Item::Word { occur, .. } | Item::Other(occur, _) => *occur,
        }
    }
}

/// Parses user query text. Empty text (or `*`) matches every document.
///
/// Text the grammar or the schema refuses (an unknown `field:`, an
/// unclosed quote or parenthesis, a URL, a non-numeric `year:`, a range
/// with no field) is searched as plain words, the way Meilisearch reads its
/// `q`, and [`Prepared::note`] says why. Errors: text over a [`limits`]
/// bound (checked before anything parses it, naming the column), and only
/// excluded terms (`-word`). See [`build`] for `field:*`, `word*` and words
/// the analyzer drops.
pub fn prepare(ix: &IdeaIndex, q: &str, ranking: &Ranking) -> Result<Prepared, QueryError> {
    limits::check(q)?;
    if q.trim().is_empty() || q.trim() == "*" {
        return Ok(everything());
    }
    if analyzer::words(q).is_empty() {
        // Only punctuation (`，。`, `!!`): nothing to look for, nothing found.
        return Ok(Prepared {
            query: Box::new(tantivy::query::EmptyQuery),
            ..everything()
        });
    }
    let (ast, errors) = tantivy::query_grammar::parse_query_lenient(q);
    let refused = match errors.first() {
        Some(e) => QueryError::Syntax {
            column: column(q, e.pos),
            message: e.message.clone(),
        },
        None => match prepare_ast(ix, q, ast, ranking) {
            Err(e @ (QueryError::Limit { .. } | QueryError::OnlyExcluded)) => return Err(e),
            Err(e) => e,
            ok => return ok,
        },
    };
    let mut plain = prepare_ast(ix, q, plain_words(q), ranking)?;
    plain.note = Some(plain_words_note(q, &refused));
    Ok(plain)
}

fn everything() -> Prepared {
    Prepared {
        query: Box::new(tantivy::query::AllQuery),
        words: vec![],
        all_bonus: false,
        exact_bonus: false,
        every_word: None,
        note: None,
    }
}

/// The words of `q` (as [`analyzer::words`] cuts them) as free-text words,
/// with no grammar: what a refused query is searched as.
fn plain_words(q: &str) -> UserInputAst {
    UserInputAst::Clause(
        analyzer::words(q)
            .into_iter()
            .map(|w| (None, literal(None, w)))
            .collect(),
    )
}

/// The one-line note of a query searched as plain words: why the grammar
/// refused `q` (`refused` is the error it gave, worded for a reader).
pub(crate) fn plain_words_note(q: &str, refused: &QueryError) -> String {
    let why = if q.contains("://") {
        "a URL is not query syntax".to_string()
    } else if let QueryError::UnknownField { field, known, .. } = refused {
        format!("'{field}:' is not a field (fields: {known})")
    } else if let Some(at) = unclosed_quote(q) {
        format!("the \" at column {at} is not closed")
    } else if let Some((c, at)) = unbalanced_parenthesis(q) {
        match c {
            ')' => format!("the ) at column {at} closes nothing"),
            _ => format!("the ( at column {at} is not closed"),
        }
    } else if let QueryError::Syntax { column, message } = refused {
        // tantivy escapes the quote it names (`missing delimiter \"`).
        format!("column {column}: {}", message.replace("\\\"", "\""))
    } else {
        refused.to_string()
    };
    format!("searched as plain words: {why}")
}

/// Column of the last `"` when the text has an odd number of them (a `\"`
/// is the character, not a delimiter).
fn unclosed_quote(q: &str) -> Option<usize> {
    let mut open = None;
    let mut escaped = false;
    for (i, c) in q.chars().enumerate() {
        match c {
            '\\' if !escaped => {
                escaped = true;
                continue;
            }
            '"' if !escaped => open = if open.is_some() { None } else { Some(i + 1) },
            _ => {}
        }
        escaped = false;
    }
    open
}

/// The first `)` that closes nothing, else the first `(` left open, with
/// its column; parentheses inside quotes do not count.
fn unbalanced_parenthesis(q: &str) -> Option<(char, usize)> {
    let mut open: Vec<usize> = vec![];
    let mut quoted = false;
    for (i, c) in q.chars().enumerate() {
        match c {
            '"' => quoted = !quoted,
            '(' if !quoted => open.push(i + 1),
            ')' if !quoted && open.pop().is_none() => {
                return Some((')', i + 1));
            }
            _ => {}
        }
    }
    open.first().map(|&at| ('(', at))
}

/// [`prepare`] for a parsed text; `q` is the text, for error columns.
fn prepare_ast(
    ix: &IdeaIndex,
    q: &str,
    ast: UserInputAst,
    ranking: &Ranking,
) -> Result<Prepared, QueryError> {
    let Some(matching) = ranking.matching else {
        let query = build::query(
            ix,
            &parser(ix, ranking.boosts, false),
            q,
            ast,
            Occur::Should,
        )?;
        return Ok(Prepared {
            query,
            ..everything()
        });
    };
    let items = rewrite(ix, ast, ranking);
    let words: Vec<String> = items
        .iter()
        .filter_map(|i| match i {
            Item::Word { text, occur, .. } if *occur != Some(Occur::MustNot) => Some(text.clone()),
            _ => None,
        })
        .collect();
    let parser = parser(ix, ranking.boosts, false);
    let build =
        |items: &[Item], typos: bool, default: Occur| -> Result<Box<dyn Query>, QueryError> {
            let clauses = items
                .iter()
                .map(|i| (Some(i.occur().unwrap_or(default)), i.ast(typos)))
                .collect();
            build::query(ix, &parser, q, UserInputAst::Clause(clauses), default)
        };
    let has_typos = items
        .iter()
        .any(|i| matches!(i, Item::Word { alts, .. } if alts.iter().any(|a| a.typo)));
    let optional = items.iter().filter(|i| i.occur().is_none()).count();
    let partial = matching != MatchingStrategy::All && optional > 1;
    let main = build(
        &items,
        true,
        if partial { Occur::Should } else { Occur::Must },
    )?;
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, main)];
    let all_bonus = partial && matching == MatchingStrategy::Tiered;
    let every_word = if partial {
        let all = build(&items, true, Occur::Must)?;
        if all_bonus {
            clauses.push((
                Occur::Should,
                Box::new(ConstScoreQuery::new(all.box_clone(), TIER)),
            ));
        }
        Some(all)
    } else {
        None
    };
    if has_typos {
        let exact = build(&items, false, Occur::Must)?;
        clauses.push((Occur::Should, Box::new(ConstScoreQuery::new(exact, TIER))));
    }
    let query: Box<dyn Query> = if clauses.len() == 1 {
        clauses.pop().map(|(_, q)| q).expect("one clause")
    } else {
        Box::new(BooleanQuery::new(clauses))
    };
    Ok(Prepared {
        query,
        words,
        all_bonus,
        exact_bonus: has_typos,
        every_word,
        note: None,
    })
}

/// The score without tier bonuses: BM25 with boosts.
pub fn bm25(score: f32) -> f32 {
    score % TIER
}

/// Rewrites the top-level free-text words of `ast` (see the module doc).
fn rewrite(ix: &IdeaIndex, ast: UserInputAst, ranking: &Ranking) -> Vec<Item> {
    let top = match ast {
        UserInputAst::Clause(items) => items,
        other => vec![(None, other)],
    };
    // 1. Free-text words, Han runs cut into words.
    let mut items: Vec<Item> = vec![];
    for (occur, ast) in top {
        match bare_word(&ast) {
            Some(w) if analyzer::has_han(w) => {
                for part in analyzer::words(w) {
                    items.push(Item::Word {
                        occur,
                        text: part.to_string(),
                        alts: vec![],
                    });
                }
            }
            Some(w) => items.push(Item::Word {
                occur,
                text: w.to_string(),
                alts: vec![],
            }),
            None => items.push(Item::Other(occur, ast)),
        }
    }
    // 2. Synonyms, longest phrase first.
    if ranking.synonyms {
        items = with_synonyms(items, Synonyms::embedded());
    }
    // 3. Stop words, unless nothing else is left.
    if ranking.stop_words {
        let stop = |i: &Item| matches!(i, Item::Word { occur: None, text, alts } if alts.is_empty() && stop_words().contains(&text.to_lowercase()));
        if items.iter().any(|i| !stop(i)) {
            items.retain(|i| !stop(i));
        }
    }
    // 4. Typos, for words not known as synonyms and not excluded; a
    // corrected word brings its synonyms (`webasembly` -> `webassembly`, `wasm`).
    if ranking.typos {
        for item in &mut items {
            if let Item::Word { occur, text, alts } = item {
                if alts.is_empty() && *occur != Some(Occur::MustNot) {
                    for t in typos::variants(ix, text) {
                        let synonyms = match ranking.synonyms {
                            true => Synonyms::embedded().lookup(&[&t]).unwrap_or_default(),
                            false => vec![],
                        };
                        alts.push(Alt {
                            field: None,
                            text: t,
                            typo: true,
                        });
                        alts.extend(synonyms.into_iter().map(|e| Alt {
                            field: e.field,
                            text: e.text,
                            typo: true,
                        }));
                    }
                }
            }
        }
    }
    // Chinese synonyms of English words are dropped from an index with no
    // Chinese: they cannot match there, and analysing them would load
    // jieba's dictionary (about 60 ms).
    if !typos::has_han_words(ix) {
        for item in &mut items {
            if let Item::Word { alts, .. } = item {
                alts.retain(|a| !analyzer::has_han(&a.text));
            }
        }
    }
    items
}

/// Joins runs of words (same occur) that form a synonym-table phrase, and
/// gives every word or phrase in the table its group as alternatives.
fn with_synonyms(items: Vec<Item>, table: &Synonyms) -> Vec<Item> {
    let mut out = vec![];
    let mut i = 0;
    while i < items.len() {
        let Item::Word { occur, .. } = &items[i] else {
            out.push(items[i].clone());
            i += 1;
            continue;
        };
        let mut run = vec![];
        for item in &items[i..] {
            match item {
                Item::Word { occur: o, text, .. } if o == occur && run.len() < table.longest => {
                    run.push(text.as_str())
                }
                _ => break,
            }
        }
        let found = (1..=run.len())
            .rev()
            .find_map(|n| table.lookup(&run[..n]).map(|alts| (n, alts)));
        match found {
            Some((n, entries)) => {
                out.push(Item::Word {
                    occur: *occur,
                    text: synonyms::join(&run[..n]),
                    alts: entries
                        .into_iter()
                        .map(|e| Alt {
                            field: e.field,
                            text: e.text,
                            typo: false,
                        })
                        .collect(),
                });
                i += n;
            }
            None => {
                out.push(items[i].clone());
                i += 1;
            }
        }
    }
    out
}

fn error(q: &str, e: QueryParserError) -> QueryError {
    match e {
        QueryParserError::FieldDoesNotExist(field) => build::unknown_field(q, field),
        QueryParserError::SyntaxError(m) => QueryError::Syntax {
            column: 1,
            message: m,
        },
        QueryParserError::ExpectedInt(_) => {
            // Numeric fields (`year`, `term`, ...): point at the first one used.
            let queryable = build::queryable();
            let numeric: Vec<String> = schema::specs()
                .iter()
                .filter(|s| s.kind == "u64" && queryable.contains(&s.name.as_str()))
                .map(|s| format!("{}:", s.name))
                .collect();
            let at = numeric
                .iter()
                .filter_map(|f| q.find(f.as_str()))
                .min()
                .unwrap_or(0);
            QueryError::Syntax {
                column: column(q, at),
                message: format!(
                    "{} take whole numbers (year:2024, year:[2020 TO 2024], term:2)",
                    numeric.join(" ")
                ),
            }
        }
        QueryParserError::FieldDoesNotHavePositionsIndexed(field) => QueryError::Syntax {
            column: column(q, q.find(&format!("{field}:")).unwrap_or(0)),
            message: format!("field '{field}' cannot match a \"phrase\""),
        },
        other => QueryError::Other(other.to_string()),
    }
}

/// "Did you mean": `q` with each free-text word that is in no idea replaced
/// by the closest frequent word, or `None` if no word could be corrected.
pub fn suggest(ix: &IdeaIndex, q: &str, words: &[String]) -> Option<String> {
    let mut out = q.to_string();
    let mut changed = false;
    for w in words {
        if let Some(fix) = typos::correct(ix, w) {
            if let Some(at) = out.find(w.as_str()) {
                out.replace_range(at..at + w.len(), &fix);
                changed = true;
            }
        }
    }
    changed.then_some(out)
}
