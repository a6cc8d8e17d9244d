//! `ideas-synth --ideas N --seed S --out DIR`: a synthetic corpus for the
//! benches (what `ideas generate` wrote before the generator left the user
//! binary): idea lists in the upstream layout, plus `ideas.jsonl`.

use anyhow::{Context, Result};
use clap::Parser;
use std::path::PathBuf;
use std::time::Instant;

/// Write a synthetic corpus for benchmarks: idea lists in the upstream layout, plus ideas.jsonl.
#[derive(Debug, Parser)]
#[command(name = "ideas-synth", version)]
struct Args {
    /// Ideas to write (10k, 100k and 1M are the benchmark sizes).
    #[arg(long, default_value_t = 10_000)]
    ideas: usize,
    /// Seed of the generator: the same seed and size give the same bytes.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Folder to write (programs/... and ideas.jsonl).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
}

fn main() -> Result<()> {
    let a = Args::parse();
    let started = Instant::now();
    let spec = ideas_synth::Spec {
        ideas: a.ideas,
        seed: a.seed,
    };
    let s = ideas_synth::generate(spec, &a.out)
        .with_context(|| format!("generating {} ideas in {}", a.ideas, shown(&a.out)))?;
    println!("{}", summary(&s, &shown(&a.out), started.elapsed()));
    Ok(())
}

/// The one line `ideas generate` printed: ideas, files, megabytes (10^6
/// bytes) of markdown and of JSONL, wall time, folder.
fn summary(s: &ideas_synth::Summary, dir: &str, elapsed: std::time::Duration) -> String {
    format!(
        "{} ideas in {} files ({:.1} MB of markdown, {:.1} MB of JSONL) in {:.2?} -> {}",
        s.ideas,
        s.files,
        s.markdown_bytes as f64 / 1e6,
        s.jsonl_bytes as f64 / 1e6,
        elapsed,
        dir
    )
}

/// A path as the terminal may show it: control characters other than newline
/// and tab escaped (`\x1b`, `\u{9b}`), as the ideas binary prints file names.
fn shown(p: &std::path::Path) -> String {
    let mut out = String::new();
    for c in p.display().to_string().chars() {
        match c {
            c if !c.is_control() || c == '\n' || c == '\t' => out.push(c),
            c if (c as u32) < 0x80 => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn flags_are_well_formed_and_default_to_10k_ideas_seed_1() {
        Args::command().debug_assert();
        let a = Args::try_parse_from(["ideas-synth", "--out", "x"]).unwrap();
        assert_eq!((a.ideas, a.seed), (10_000, 1));
        assert!(Args::try_parse_from(["ideas-synth", "--ideas", "5"]).is_err());
    }

    #[test]
    fn summary_is_the_line_ideas_generate_printed() {
        let s = ideas_synth::Summary {
            files: 31,
            ideas: 2000,
            markdown_bytes: 2_412_345,
            jsonl_bytes: 2_700_000,
        };
        let line = summary(&s, "/tmp/x", std::time::Duration::from_millis(1500));
        assert_eq!(
            line,
            "2000 ideas in 31 files (2.4 MB of markdown, 2.7 MB of JSONL) in 1.50s -> /tmp/x"
        );
    }

    #[test]
    fn control_characters_in_the_folder_are_escaped() {
        assert_eq!(
            shown(std::path::Path::new("a\x1b]b\u{9b}c")),
            "a\\x1b]b\\u{9b}c"
        );
        assert_eq!(shown(std::path::Path::new("plain/dir")), "plain/dir");
    }
}
