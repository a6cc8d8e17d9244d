//! The index schema, built from `schema/fields.json` (the one place the
//! fields are declared), and the analyzers its text fields use.

use crate::error::{Context, Error, Result};
use serde::Deserialize;
use tantivy::schema::{
    FacetOptions, Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions,
    FAST, STORED, STRING,
};
use tantivy::Index;

/// `schema/fields.json`, compiled in.
pub const FIELDS_JSON: &str = include_str!("../../schema/fields.json");

pub use super::analyzer::{EN_STEM, WORDS};

/// One entry of `schema/fields.json`.
#[derive(Debug, Clone, Deserialize)]
pub struct FieldSpec {
    pub name: String,
    pub kind: String,
    #[serde(default)]
    pub tokenizer: Option<String>,
    #[serde(default)]
    pub default: bool,
    #[serde(default = "one")]
    pub boost: f32,
    /// For `text`: record positions (phrase queries, snippets); without
    /// them only term frequencies are kept, which BM25 needs.
    #[serde(default = "yes")]
    pub positions: bool,
    /// For `string`: also a fast-field column (per-document values for counting).
    #[serde(default)]
    pub fast: bool,
}

fn one() -> f32 {
    1.0
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
struct Spec {
    version: u32,
    fields: Vec<FieldSpec>,
}

/// The `version` of `schema/fields.json`: raised when a change to the
/// fields makes older indexes unreadable.
pub fn version() -> u32 {
    serde_json::from_str::<Spec>(FIELDS_JSON)
        .map(|s| s.version)
        .unwrap_or(0)
}

/// The declared fields, in file order (parsed once per process).
pub fn specs() -> &'static [FieldSpec] {
    static SPECS: std::sync::OnceLock<Vec<FieldSpec>> = std::sync::OnceLock::new();
    SPECS.get_or_init(|| {
        serde_json::from_str::<Spec>(FIELDS_JSON)
            .expect("schema/fields.json is valid (tested)")
            .fields
    })
}

/// Builds the tantivy schema from `schema/fields.json`.
pub fn build() -> Result<Schema> {
    let mut b = Schema::builder();
    for f in specs() {
        match f.kind.as_str() {
            "text" => {
                let tokenizer = f.tokenizer.as_deref().unwrap_or(EN_STEM);
                let record = if f.positions {
                    IndexRecordOption::WithFreqsAndPositions
                } else {
                    IndexRecordOption::WithFreqs
                };
                let indexing = TextFieldIndexing::default()
                    .set_tokenizer(tokenizer)
                    .set_index_option(record);
                b.add_text_field(
                    &f.name,
                    TextOptions::default().set_indexing_options(indexing),
                );
            }
            "vocabulary" => {
                let indexing = TextFieldIndexing::default()
                    .set_tokenizer(f.tokenizer.as_deref().unwrap_or(WORDS))
                    .set_index_option(IndexRecordOption::Basic);
                b.add_text_field(
                    &f.name,
                    TextOptions::default().set_indexing_options(indexing),
                );
            }
            "string" if f.fast => {
                b.add_text_field(&f.name, STRING | FAST);
            }
            "string" => {
                b.add_text_field(&f.name, STRING);
            }
            "u64" => {
                b.add_u64_field(&f.name, NumericOptions::default().set_indexed().set_fast());
            }
            "facet" => {
                b.add_facet_field(&f.name, FacetOptions::default());
            }
            "stored" => {
                b.add_text_field(&f.name, STORED);
            }
            other => {
                return Err(Error::input(format!(
                    "schema/fields.json: field '{}' has unknown kind '{other}'",
                    f.name
                )))
            }
        }
    }
    Ok(b.build())
}

/// Registers the analyzers named in `schema/fields.json` on an index.
pub fn register_tokenizers(index: &Index) {
    index
        .tokenizers()
        .register(EN_STEM, super::analyzer::en_stem());
    index
        .tokenizers()
        .register(WORDS, super::analyzer::words_analyzer());
}

/// Handles to every field, resolved by name from the schema.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub id: Field,
    pub record: Field,
    pub title: Field,
    pub skills: Field,
    pub project: Field,
    pub description: Field,
    pub outcome: Field,
    pub mentors: Field,
    pub body: Field,
    pub words: Field,
    pub program: Field,
    pub status: Field,
    pub project_key: Field,
    pub skill_key: Field,
    pub year: Field,
    pub order: Field,
    pub term: Field,
    pub project_name: Field,
    pub program_facet: Field,
    pub status_facet: Field,
    pub skill_facet: Field,
    pub project_year_facet: Field,
}

impl Fields {
    /// Resolves every field; fails if the schema lacks one the code needs.
    pub fn resolve(schema: &Schema) -> Result<Fields> {
        let f = |name: &str| {
            schema
                .get_field(name)
                .with_context(|| format!("index schema has no field '{name}'"))
        };
        Ok(Fields {
            id: f("id")?,
            record: f("record")?,
            title: f("title")?,
            skills: f("skills")?,
            project: f("project")?,
            description: f("description")?,
            outcome: f("outcome")?,
            mentors: f("mentors")?,
            body: f("body")?,
            words: f("words")?,
            program: f("program")?,
            status: f("status")?,
            project_key: f("project_key")?,
            skill_key: f("skill_key")?,
            year: f("year")?,
            order: f("order")?,
            term: f("term")?,
            project_name: f("project_name")?,
            program_facet: f("program_facet")?,
            status_facet: f("status_facet")?,
            skill_facet: f("skill_facet")?,
            project_year_facet: f("project_year_facet")?,
        })
    }
}

pub use crate::idea::project_key;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_fields_build_and_resolve() {
        let schema = build().unwrap();
        Fields::resolve(&schema).unwrap();
        assert_eq!(schema.fields().count(), specs().len());
        assert!(specs()
            .iter()
            .filter(|f| f.default)
            .all(|f| f.kind == "text"));
    }
}
