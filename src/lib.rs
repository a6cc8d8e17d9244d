//! `ideas`: full-text search over CNCF mentorship project ideas.
//!
//! The pipeline, one module per stage:
//! [`ingest`] (markdown -> [`idea::Idea`] records) -> [`index`] (tantivy schema,
//! writer, on-disk layout) -> [`query`] (query text -> tantivy query: synonyms, stop words,
//! typos, tiers) and [`search`] (filters, BM25 ranking, snippets), [`similar`] (more-like-this) and [`facets`] (counts) -> [`output`]
//! (text, JSON, CSV) and [`serve`] (the same answers as a JSON API over HTTP).
//! [`corpus`] finds input files and holds the embedded seed corpus;
//! [`update`] fetches the whole upstream history (git) as the default corpus; [`cli`] and [`commands`] are the binary's flags and commands, [`complete`] its shell completion of names and ids.

pub mod cli;
pub mod commands;
pub mod complete;
pub mod corpus;
pub mod error;
pub mod eval;
pub mod facets;
pub mod idea;
pub mod index;
pub mod ingest;
pub mod output;
pub mod query;
pub mod search;
pub mod serve;
pub mod similar;
pub mod store;
pub mod synth;
pub mod update;
