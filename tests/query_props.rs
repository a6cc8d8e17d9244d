//! Property tests of queries on the embedded index: no query text, filter
//! or page bound makes a search panic; a query that cannot run gets an error
//! that says what and where.

use crate::common;

use ideas::idea::{Program, Status};
use ideas::index::IdeaIndex;
use ideas::search::{self, Filters};
use proptest::prelude::*;

fn ix() -> &'static IdeaIndex {
    common::embedded_index()
}

/// Query text: the grammar's own characters, words of the corpus, field
/// names real and not, and any unicode at all.
fn query() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("\"".to_string()),
        Just("(".to_string()),
        Just(")".to_string()),
        Just(" AND ".to_string()),
        Just(" OR ".to_string()),
        Just("-".to_string()),
        Just("+".to_string()),
        Just("*".to_string()),
        Just(":".to_string()),
        Just("^2".to_string()),
        Just("~1".to_string()),
        Just("[".to_string()),
        Just(" TO ".to_string()),
        Just("}".to_string()),
        Just("\\".to_string()),
        Just("title:".to_string()),
        Just("year:".to_string()),
        Just("nosuchfield:".to_string()),
        Just("kubernetes".to_string()),
        Just("webasembly".to_string()),
        Just("k8s".to_string()),
        Just("文档".to_string()),
        Just(" ".to_string()),
        "[a-z]{1,12}",
        "\\PC{1,6}",
        any::<String>(),
    ];
    proptest::collection::vec(piece, 0..12).prop_map(|p| p.concat())
}

fn filters() -> impl Strategy<Value = Filters> {
    (
        proptest::collection::vec(
            prop_oneof![Just("Karmada".to_string()), any::<String>()],
            0..3,
        ),
        proptest::collection::vec((any::<u16>(), any::<u16>()), 0..3),
        proptest::option::of(prop_oneof![Just(Program::Lfx), Just(Program::Gsoc)]),
        proptest::option::of(prop_oneof![Just(Status::Accepted), Just(Status::Proposed)]),
        proptest::option::of(any::<u8>()),
        proptest::collection::vec(prop_oneof![Just("Go".to_string()), any::<String>()], 0..2),
    )
        .prop_map(|(projects, years, program, status, term, skills)| Filters {
            projects,
            years,
            program,
            status,
            term,
            skills,
        })
}

fn page() -> impl Strategy<Value = usize> {
    prop_oneof![Just(0usize), 1usize..50, Just(usize::MAX), any::<usize>()]
}

proptest! {
    #![proptest_config(common::proptest_config(400))]

    #[test]
    fn no_query_filter_or_page_panics(q in query(), f in filters(), limit in page(), offset in page()) {
        match search::Request::new(&q)
.filters(f.clone()).limit(limit).offset(offset).run(ix()) {
            Ok(r) => {
                prop_assert!(r.hits.len() <= limit);
                prop_assert!(r.every_word <= r.total);
                prop_assert!(r.hits.len() <= r.total.saturating_sub(offset.min(r.total)));
            }
            Err(e) => {
                let msg = format!("{e:#}");
                prop_assert!(!msg.is_empty() && !msg.contains('\n'), "{:?}: {}", q, msg);
            }
        }
    }

    /// No text is a query error but for a limit or excluded terms alone;
    /// a note names a column inside the text.
    #[test]
    fn any_text_is_searched_and_notes_name_a_column_inside_it(q in query()) {
        match search::Request::new(&q).run(ix()) {
            Ok(r) => {
                if let Some(at) = r.note.as_deref().and_then(|n| n.split("column ").nth(1)) {
                    let col: usize = at.split(|c: char| !c.is_ascii_digit()).next().unwrap().parse().unwrap();
                    prop_assert!(col >= 1 && col <= q.chars().count() + 1, "{:?}: {:?}", q, r.note);
                }
            }
            Err(e) => {
                let limit_or_excluded = matches!(
                    e,
                    ideas::error::Error::Query(ideas::error::QueryError::Limit { .. })
                ) || e.to_string().contains("only excluded terms");
                prop_assert!(!e.to_string().contains('\n'), "{:?}: {:#}", q, e);
                prop_assert!(limit_or_excluded, "{:?}: {:#}", q, e);
            }
        }
    }

    #[test]
    fn syntax_errors_name_a_column_inside_the_query(q in query()) {
        if let Err(e) = search::Request::new(&q).run(ix()) {
            let msg = e.to_string();
            if let Some(at) = msg.split("column ").nth(1) {
                let col: usize = at.split(|c: char| !c.is_ascii_digit()).next().unwrap().parse().unwrap();
                prop_assert!(col >= 1 && col <= q.chars().count() + 1, "{:?}: {}", q, msg);
            }
        }
    }
}

proptest! {
    #![proptest_config(common::proptest_config(8))]

    /// Long queries: 10,000 characters of words, grammar and noise.
    #[test]
    fn ten_thousand_characters_do_not_panic(parts in proptest::collection::vec(query(), 40..80)) {
        let mut q = parts.join(" ");
        while q.chars().count() < 10_000 {
            q.push_str(" kubernetes (scheduler \"reference docs\" -wasm");
        }
        let q: String = q.chars().take(10_000).collect();
        let _ = search::Request::new(&q).run(ix());
    }
}

/// What the grammar refuses is searched as plain words, with a note that
/// says why and where; only the limits and a query of excluded terms alone
/// stay errors.
#[test]
fn refused_queries_are_plain_words_with_a_note() {
    let note = |q: &str| {
        let r = search::Request::new(q)
            .run(ix())
            .unwrap_or_else(|e| panic!("{q:?}: {e:#}"));
        r.note.unwrap_or_else(|| panic!("{q:?}: no note"))
    };
    for (q, says) in [
        (
            "nosuchfield:foo",
            "'nosuchfield:' is not a field (fields: title,",
        ),
        ("kubernetes AND (wasm", "the ( at column 16 is not closed"),
        ("\"unbalanced", "the \" at column 1 is not closed"),
        ("rust)", "the ) at column 5 closes nothing"),
        ("year:abc", "column 1: year: term: take whole numbers"),
        (
            "rust term:[1 TO x]",
            "column 6: year: term: take whole numbers",
        ),
        ("order:x", "'order:' is not a field"),
    ] {
        let n = note(q);
        assert!(n.starts_with("searched as plain words: "), "{q}: {n}");
        assert!(n.contains(says), "{q}: {n}");
    }
    // Real syntax is no note.
    for q in common::REAL_SYNTAX {
        let r = search::Request::new(*q).run(ix()).unwrap();
        assert_eq!(r.note, None, "{q}");
    }
    let err = search::Request::new("-rust").run(ix()).unwrap_err();
    assert!(err.to_string().contains("only excluded terms"), "{err}");
}
