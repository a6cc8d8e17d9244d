//! The markdown shapes that were quadratic to parse (issue 15, F3), made
//! in memory: shared by tests/ingest_linear.rs (n against 2n) and
//! benches/ingest.rs (absolute speed).

/// The markdown of `shape` with `n` items (the F3 shapes of issue 15).
pub fn shape(shape: &str, n: usize) -> String {
    let head = "# Ideas\n\n## Kubeflow\n\n### Many things\n\n- Description: many\n";
    let list = |f: &dyn Fn(usize) -> String, sep: &str| (0..n).map(f).collect::<Vec<_>>().join(sep);
    match shape {
        "urls on one line" => format!(
            "{head}- Upstream Issue: {}\n",
            list(&|i| format!("https://x.io/{i}"), " ")
        ),
        "inline links" => format!(
            "{head}- Upstream Issue: {}\n",
            list(&|i| format!("[i{i}](https://x.io/{i})"), " ")
        ),
        "skills" => format!("{head}- Skills: {}\n", list(&|i| format!("s{i}"), ", ")),
        "project headings" => format!(
            "# Ideas\n\n{}",
            list(
                &|i| format!(
                    "## Kube{i}\n\n### Make kube{i} faster\n\n- Description: speed up kube{i}\n\n"
                ),
                ""
            )
        ),
        // `Project` and `Idea` are container words: every idea is out of
        // place and looked up against every heading before it.
        "ideas with no project" => format!(
            "# Ideas\n\n{}",
            list(
                &|i| format!(
                    "## Project {i}\n\n### Idea {i}\n\n- Description: idea number {i}\n\n"
                ),
                ""
            )
        ),
        _ => unreachable!(),
    }
}
