//! Writing an index: one tantivy `IndexWriter` over all ideas, into a new
//! generation directory that replaces the live one only once it is complete.

use super::schema::{self, project_key, Fields};
use super::{Manifest, CURRENT};
use crate::idea::Idea;
use anyhow::{Context, Result};
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};
use tantivy::schema::Facet;
use tantivy::{Index, IndexWriter, TantivyDocument};

/// Heap given to the tantivy writer, in bytes (tantivy's minimum is 15 MB per thread).
const WRITER_HEAP: usize = 64 << 20;

/// What a build wrote.
#[derive(Debug, Clone)]
pub struct BuildStats {
    pub ideas: usize,
    pub dir: std::path::PathBuf,
}

/// Writes `ideas` as a new generation under `root` and makes it live.
///
/// The old generation stays live until the new one is committed and its
/// manifest written; then `CURRENT` is replaced by an atomic rename and older
/// generations are removed (best effort: a reader that still has one open
/// keeps working on Unix).
pub fn build(root: &Path, ideas: &[Idea], mut manifest: Manifest) -> Result<BuildStats> {
    std::fs::create_dir_all(root)
        .with_context(|| format!("creating index directory {}", root.display()))?;
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    let name = format!("gen-{}-{}", now.as_millis(), std::process::id());
    let dir = root.join(&name);
    std::fs::create_dir(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let result = write_generation(&dir, ideas, &mut manifest, now.as_secs());
    if let Err(e) = result {
        let _ = std::fs::remove_dir_all(&dir);
        return Err(e);
    }
    let tmp = root.join(format!("{CURRENT}.{}.tmp", std::process::id()));
    std::fs::write(&tmp, &name).with_context(|| format!("writing {}", tmp.display()))?;
    std::fs::rename(&tmp, root.join(CURRENT))
        .with_context(|| format!("swapping {}", root.join(CURRENT).display()))?;
    remove_old_generations(root, &name);
    Ok(BuildStats {
        ideas: ideas.len(),
        dir,
    })
}

fn write_generation(dir: &Path, ideas: &[Idea], manifest: &mut Manifest, now: u64) -> Result<()> {
    let index = Index::create_in_dir(dir, schema::build()?)?;
    schema::register_tokenizers(&index);
    let fields = Fields::resolve(&index.schema())?;
    let mut writer: IndexWriter = index.writer(WRITER_HEAP)?;
    // Ties in score are broken by id order (see `index::ranked`), whichever
    // segment the writer's threads put an idea in.
    let mut by_id: Vec<&Idea> = ideas.iter().collect();
    by_id.sort_by(|a, b| a.id.cmp(&b.id));
    for (order, idea) in by_id.into_iter().enumerate() {
        let mut doc = document(&fields, idea)?;
        doc.add_u64(fields.order, order as u64);
        writer.add_document(doc)?;
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    manifest.ideas = ideas.len();
    manifest.built_unix = now;
    std::fs::write(
        dir.join("manifest.json"),
        serde_json::to_vec_pretty(manifest)?,
    )?;
    Ok(())
}

fn remove_old_generations(root: &Path, live: &str) {
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        if name.starts_with("gen-") && name != live {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

/// The texts indexed in the `body` and `words` fields: title, project,
/// description, outcome and each skill.
pub fn body_texts(idea: &Idea) -> impl Iterator<Item = &str> {
    [&idea.title, &idea.project, &idea.description, &idea.outcome]
        .into_iter()
        .chain(&idea.skills)
        .map(String::as_str)
}

/// The tantivy document of an idea (see `schema/fields.json`).
pub fn document(f: &Fields, idea: &Idea) -> Result<TantivyDocument> {
    let mut doc = TantivyDocument::default();
    doc.add_text(f.id, &idea.id);
    doc.add_text(f.record, serde_json::to_string(idea)?);
    doc.add_text(f.title, &idea.title);
    for s in &idea.skills {
        doc.add_text(f.skills, s);
        doc.add_text(f.skill_key, s.to_lowercase());
        doc.add_facet(f.skill_facet, Facet::from_path([s.to_lowercase()]));
    }
    doc.add_text(f.project, &idea.project);
    if let Some(g) = &idea.group {
        doc.add_text(f.project, g);
    }
    doc.add_text(f.description, &idea.description);
    doc.add_text(f.outcome, &idea.outcome);
    for text in body_texts(idea) {
        doc.add_text(f.words, text);
        doc.add_text(f.body, text);
    }
    for m in &idea.mentors {
        doc.add_text(f.mentors, m);
    }
    doc.add_text(f.program, idea.program.key());
    doc.add_text(f.project_key, project_key(&idea.project));
    doc.add_u64(f.year, idea.year as u64);
    if let Some(t) = idea.term {
        doc.add_u64(f.term, t as u64);
    }
    doc.add_facet(f.project_facet, Facet::from_path([idea.project.as_str()]));
    doc.add_facet(f.year_facet, Facet::from_path([idea.year.to_string()]));
    doc.add_facet(f.program_facet, Facet::from_path([idea.program.key()]));
    doc.add_facet(
        f.project_year_facet,
        Facet::from_path([idea.project.clone(), idea.year.to_string()]),
    );
    Ok(doc)
}
