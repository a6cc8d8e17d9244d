//! Grammar AST -> tantivy query, clause by clause, so that what a user can
//! type is answered as a search and never as a server error:
//!
//! - Only the fields of [`queryable`] can be named; internal ones (`order`,
//!   the filter keys, the vocabulary) are unknown fields, as a misspelt one.
//! - `field:*` and `field:[* TO *]` match the ideas that have a value in
//!   the field, as Elasticsearch's `exists` query: a word in a text field,
//!   from its field norms (tantivy's own `ExistsQuery` needs a fast field).
//! - A word the analyzer drops (40+ bytes, as a commit hash) is in no idea:
//!   it matches nothing, as any unknown word. tantivy counted its empty
//!   clause as negative and failed with "Only excluding terms given".
//! - A clause of punctuation alone (`&`) has nothing to look for and is left
//!   out, as tantivy does.
//! - `word*` (one word, in the default or a named text field) is any of the
//!   words as written that start with `word` ([`super::prefix`]), not
//!   tantivy's prefix of the stem; at most [`MAX_PREFIX_WORDS`] words for
//!   all the prefixes of a query together.
//!
//! The recursion here follows the AST, whose depth [`super::limits`] bounds.

use crate::error::QueryError;
use crate::index::analyzer;
use crate::index::schema;
use crate::index::IdeaIndex;
use tantivy::query::{
    BitSetDocSet, BooleanQuery, BoostQuery, ConstScorer, EmptyScorer, EnableScoring, ExistsQuery,
    Explanation, Occur, Query, QueryParser, Scorer, Weight,
};
use tantivy::query_grammar::{
    Delimiter, UserInputAst, UserInputBound, UserInputLeaf, UserInputLiteral,
};
use tantivy::schema::Field;
use tantivy::{BitSet, DocId, DocSet, Score, SegmentReader, TantivyError};

/// A boolean query's clauses, as `BooleanQuery::new` takes them.
type Clauses = Vec<(Occur, Box<dyn Query>)>;

/// Fields a query may name: the text fields of `schema/fields.json`, then
/// `id`, `program`, `year` and `term`.
pub fn queryable() -> Vec<&'static str> {
    schema::specs()
        .iter()
        .filter(|s| s.kind == "text")
        .map(|s| s.name.as_str())
        .chain(["id", "program", "year", "term"])
        .collect()
}

/// The unknown-field error for `field`, at its first `field:` in `q`.
pub fn unknown_field(q: &str, field: String) -> QueryError {
    let at = q.find(&format!("{field}:")).unwrap_or(0);
    QueryError::UnknownField {
        column: super::column(q, at),
        field,
        known: queryable().join(", "),
    }
}

/// The field a leaf names, if any.
fn leaf_field(leaf: &UserInputLeaf) -> Option<&str> {
    match leaf {
        UserInputLeaf::Literal(l) => l.field_name.as_deref(),
        UserInputLeaf::Range { field, .. }
        | UserInputLeaf::Set { field, .. }
        | UserInputLeaf::Regex { field, .. } => field.as_deref(),
        UserInputLeaf::Exists { field } => Some(field),
        UserInputLeaf::All => None,
    }
}

/// The query for `ast`, clauses joined by `default` when they have no
/// occur of their own; `q` is the text, for error columns.
pub fn query(
    ix: &IdeaIndex,
    parser: &QueryParser,
    q: &str,
    ast: UserInputAst,
    default: Occur,
) -> Result<Box<dyn Query>, QueryError> {
    let build = Build {
        ix,
        parser,
        q,
        default,
        prefix_words: std::cell::Cell::new(MAX_PREFIX_WORDS),
    };
    let top = match ast {
        UserInputAst::Clause(clauses) => clauses,
        other => vec![(None, other)],
    };
    let clauses = build.clauses(top)?;
    if !clauses.is_empty() && clauses.iter().all(|(o, _)| *o == Occur::MustNot) {
        return Err(QueryError::OnlyExcluded);
    }
    Ok(match clauses.len() {
        0 => Box::new(tantivy::query::EmptyQuery),
        _ => Box::new(BooleanQuery::new(clauses)),
    })
}

/// The prefix of a `word*` (or `"word"*`) literal: one word, in the
/// default fields or a named one whose words the vocabulary holds (a
/// default field, or `body` that joins them). `None` for anything else,
/// which tantivy answers as before: a prefix of several words (`kube-ed*`,
/// `"harbor sat"*`), a wildcard (`*etes`), another field (`mentors:`, `id:`).
pub fn prefix_of(l: &UserInputLiteral) -> Option<&str> {
    let text_field = l.field_name.as_deref().is_none_or(|f| {
        schema::specs()
            .iter()
            .any(|s| s.name == f && s.kind == "text" && (s.default || s.name == "body"))
    });
    let stem = match (l.prefix, l.delimiter) {
        (true, _) => l.phrase.as_str(),
        (false, Delimiter::None) => l.phrase.strip_suffix('*')?,
        (false, _) => return None,
    };
    let words = analyzer::words(stem);
    match words.as_slice() {
        [word] if text_field && !stem.contains('*') && word.len() == stem.trim().len() => {
            Some(word)
        }
        _ => None,
    }
}

/// Words all the `word*` of one query may stand for together (each takes
/// at most [`super::prefix::MAX_WORDS`]): each word is searched in five
/// fields, and a query may hold 128 terms.
pub(crate) const MAX_PREFIX_WORDS: usize = 200;

struct Build<'a> {
    ix: &'a IdeaIndex,
    parser: &'a QueryParser,
    q: &'a str,
    default: Occur,
    /// What is left of [`MAX_PREFIX_WORDS`].
    prefix_words: std::cell::Cell<usize>,
}

impl Build<'_> {
    fn clauses(&self, clauses: Vec<(Option<Occur>, UserInputAst)>) -> Result<Clauses, QueryError> {
        let mut out = vec![];
        for (occur, ast) in clauses {
            if let Some(q) = self.ast(ast)? {
                let occur = occur.unwrap_or(self.default);
                let q = match occur {
                    Occur::MustNot => Box::new(Excluded(q)) as Box<dyn Query>,
                    _ => q,
                };
                out.push((occur, q));
            }
        }
        Ok(out)
    }

    /// `None` for a clause with nothing to look for.
    fn ast(&self, ast: UserInputAst) -> Result<Option<Box<dyn Query>>, QueryError> {
        match ast {
            UserInputAst::Clause(clauses) => {
                let clauses = self.clauses(clauses)?;
                Ok((!clauses.is_empty()).then(|| Box::new(BooleanQuery::new(clauses)) as _))
            }
            UserInputAst::Boost(ast, boost) => Ok(self
                .ast(*ast)?
                .map(|q| Box::new(BoostQuery::new(q, boost.into_inner() as Score)) as _)),
            UserInputAst::Leaf(leaf) => self.leaf(*leaf),
        }
    }

    fn leaf(&self, leaf: UserInputLeaf) -> Result<Option<Box<dyn Query>>, QueryError> {
        if let Some(field) = leaf_field(&leaf) {
            if !queryable().contains(&field) {
                return Err(unknown_field(self.q, field.to_string()));
            }
        }
        match &leaf {
            UserInputLeaf::Exists { field }
            | UserInputLeaf::Range {
                field: Some(field),
                lower: UserInputBound::Unbounded,
                upper: UserInputBound::Unbounded,
            } => return self.exists(field).map(Some),
            UserInputLeaf::Literal(l) if analyzer::words(&l.phrase).is_empty() => return Ok(None),
            UserInputLeaf::Literal(l) => {
                if let Some(q) = self.prefix(l)? {
                    return Ok(Some(q));
                }
            }
            _ => {}
        }
        self.parser
            .build_query_from_user_input_ast(UserInputAst::Leaf(Box::new(leaf)))
            .map(Some)
            .map_err(|e| super::error(self.q, e))
    }

    /// `word*` as any vocabulary word starting with `word`, each searched
    /// as typed; `None` for anything else ([`prefix_of`]).
    fn prefix(&self, l: &UserInputLiteral) -> Result<Option<Box<dyn Query>>, QueryError> {
        let Some(word) = prefix_of(l) else {
            return Ok(None);
        };
        let budget = self.prefix_words.get();
        // Past the budget, a prefix still stands for its most frequent word.
        let max = budget.clamp(1, super::prefix::MAX_WORDS);
        let expanded = super::prefix::expand(self.ix, word, max);
        self.prefix_words.set(budget.saturating_sub(expanded.len()));
        let mut any = vec![];
        for w in expanded {
            let ast = super::literal(l.field_name.clone(), &w);
            let q = self
                .parser
                .build_query_from_user_input_ast(ast)
                .map_err(|e| super::error(self.q, e))?;
            any.push((Occur::Should, q));
        }
        Ok(Some(match any.is_empty() {
            true => Box::new(tantivy::query::EmptyQuery),
            false => Box::new(BooleanQuery::new(any)),
        }))
    }

    /// Ideas with a value in `name`.
    fn exists(&self, name: &str) -> Result<Box<dyn Query>, QueryError> {
        let schema = self.ix.index.schema();
        let field = schema
            .get_field(name)
            .map_err(|_| unknown_field(self.q, name.to_string()))?;
        let ty = schema.get_field_entry(field).field_type();
        if ty.is_fast() {
            Ok(Box::new(ExistsQuery::new(name.to_string(), false)))
        } else if ty.has_fieldnorms() {
            Ok(Box::new(HasTerms(field)))
        } else {
            Err(QueryError::Syntax {
                column: super::column(self.q, self.q.find(&format!("{name}:")).unwrap_or(0)),
                message: format!("field '{name}' cannot be tested with {name}:*"),
            })
        }
    }
}

/// An excluded clause (`-word`, `NOT "a phrase"`), its documents read
/// into a bit set per segment. tantivy 0.27's exclusion asks a phrase
/// scorer about documents before the one it stands on when the phrase
/// matches nowhere in the segment (its `seek_danger` contract), which a
/// debug build asserts on (`kubernetes -~1-k8s`); a bit set answers for
/// any document.
#[derive(Debug)]
pub struct Excluded(pub Box<dyn Query>);

impl Clone for Excluded {
    fn clone(&self) -> Excluded {
        Excluded(self.0.box_clone())
    }
}

impl Query for Excluded {
    fn weight(&self, scoring: EnableScoring) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(ExcludedWeight(self.0.weight(scoring)?)))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a tantivy::Term, bool)) {
        self.0.query_terms(visitor);
    }
}

struct ExcludedWeight(Box<dyn Weight>);

impl Weight for ExcludedWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let max_doc = reader.max_doc();
        if max_doc == 0 {
            return Ok(Box::new(EmptyScorer));
        }
        let mut docs = BitSet::with_max_value(max_doc);
        self.0.for_each_no_score(reader, &mut |found| {
            for &d in found {
                docs.insert(d);
            }
        })?;
        Ok(Box::new(ConstScorer::new(BitSetDocSet::from(docs), boost)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.0.explain(reader, doc)
    }
}

/// Documents with at least one term in a field: those whose field norm (its
/// token count, stored per document) is not zero. One byte read per
/// document, where a union of the field's postings would read them all.
#[derive(Debug, Clone)]
pub(crate) struct HasTerms(pub Field);

impl Query for HasTerms {
    fn weight(&self, _: EnableScoring) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.clone()))
    }
}

impl Weight for HasTerms {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let norms = reader.get_fieldnorms_reader(self.0)?;
        let max_doc = reader.max_doc();
        if max_doc == 0 {
            return Ok(Box::new(EmptyScorer));
        }
        let mut docs = BitSet::with_max_value(max_doc);
        for doc in (0..max_doc).filter(|&d| norms.fieldnorm_id(d) != 0) {
            docs.insert(doc);
        }
        Ok(Box::new(ConstScorer::new(BitSetDocSet::from(docs), boost)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(TantivyError::InvalidArgument(format!(
                "document {doc} has no term in the field"
            )));
        }
        Ok(Explanation::new("HasTerms", 1.0))
    }
}
