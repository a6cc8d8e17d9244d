//! Property tests of ingest: no input makes it panic, and every record it
//! yields has a title, a project and a source line inside the file.

use ideas::ingest::{parse, Meta};
use proptest::prelude::*;

const PATH: &str = "lfx-mentorship/2024/01-Mar-May/project_ideas.md";

/// Lines in the family's style, mixed with noise.
fn line() -> impl Strategy<Value = String> {
    // Latin words and Han words: multi-byte text is where byte offsets go wrong.
    let word = "[A-Za-z0-9]{1,8}|[\u{4e00}-\u{9fa5}]{1,4}";
    let words = proptest::collection::vec(word, 1..6).prop_map(|w| w.join(" "));
    prop_oneof![
        (1usize..7, words.clone()).prop_map(|(n, w)| format!("{} {w}", "#".repeat(n))),
        (1usize..7, words.clone()).prop_map(|(n, w)| format!(
            "{} [{w}](https://mentorship.lfx.linuxfoundation.org/p/{n})",
            "#".repeat(n)
        )),
        words.clone().prop_map(|w| format!("- Description: {w}")),
        words
            .clone()
            .prop_map(|w| format!("-\tExpected Outcome: {w}")),
        words
            .clone()
            .prop_map(|w| format!("* **Recommended Skills:** {w}, Go")),
        Just("- Mentor(s):".to_string()),
        words
            .clone()
            .prop_map(|w| format!("- 项目技术要求：{w}、Go，Kubernetes；{w}")),
        words
            .clone()
            .prop_map(|w| format!("- 项目社区导师：{w}，李四（@li）")),
        words
            .clone()
            .prop_map(|w| format!("- 项目描述：{w}。详见https://a.io/1，https://a.io/2。")),
        words
            .clone()
            .prop_map(|w| format!("  - {w} (@x, x@example.com)")),
        Just("- Upstream Issue (URL): https://github.com/o/r/issues/1".to_string()),
        Just("```".to_string()),
        Just("> ## Expected outcomes".to_string()),
        Just("| a | b |\n|---|---|\n| 1 | 2 |".to_string()),
        Just("----".to_string()),
        Just(String::new()),
        words.prop_map(|w| w.to_string()),
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(crate::common::proptest_config(512))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = parse(&bytes, PATH, Meta::default());
    }

    #[test]
    fn records_have_titles_projects_and_lines_inside_the_file(lines in proptest::collection::vec(line(), 0..80)) {
        let text = lines.join("\n");
        let line_count = text.lines().count().max(1) as u32;
        if let Ok(parsed) = parse(text.as_bytes(), PATH, Meta::default()) {
            for idea in &parsed.ideas {
                prop_assert!(!idea.title.trim().is_empty(), "{idea:?}");
                prop_assert!(!idea.project.trim().is_empty(), "{idea:?}");
                prop_assert!(idea.id.starts_with("lfx-2024-1/"), "{}", idea.id);
                for s in &idea.sources {
                    prop_assert!(s.line >= 1 && s.line <= line_count, "line {} of {line_count}", s.line);
                }
            }
            for w in &parsed.warnings {
                prop_assert!(w.line >= 1 && w.line <= line_count, "warning line {} of {line_count}", w.line);
            }
        }
    }
}
