//! `ideas`: full-text search over CNCF mentorship project ideas.
//!
//! The pipeline, one module per stage:
//! [`ingest`] (markdown -> [`idea::Idea`] records) -> [`index`] (tantivy schema,
//! writer, on-disk layout) -> [`query`] (query text -> tantivy query: synonyms, stop words,
//! typos, tiers) and [`search`] (filters, BM25 ranking, snippets), [`similar`] (more-like-this) and [`facets`] (counts) -> [`serve`] (the same answers as a JSON API over HTTP).
//! [`corpus`] finds input files and holds the embedded seed corpus;
//! [`update`] fetches the whole upstream history (git) as the default corpus;
//! [`store`], above corpus, index and update, keeps the indexes in the user
//! cache folder, builds them from corpus inputs, and opens the default one
//! (repairing the seed's).
//! The binary (`src/main.rs`, `src/cli/`) holds the flags, one function per
//! command, output (text, JSON, CSV) and shell completion; this crate is the engine.

pub mod corpus;
pub mod error;
pub mod eval;
pub mod facets;
pub mod idea;
pub mod index;
pub mod ingest;
pub mod query;
pub mod search;
pub mod serve;
pub mod similar;
pub mod store;
pub mod update;
