//! Size and depth limits on query text, checked before any parser sees it.
//!
//! tantivy's query grammar is a recursive-descent parser: each `(` (a group,
//! also `field:(`) and each `NOT` costs it a few stack frames, and so do the
//! steps that follow it (building the query, its weights and scorers). 732
//! `(` overflowed a 2 MiB tokio worker's stack and aborted the server
//! (issue 15, F1). The parser recurses only on `(` and `NOT`, so
//! [`MAX_GROUPS`], a bound on how many of them the text holds at all, bounds
//! every recursion that follows, however quotes or escapes are read;
//! [`MAX_DEPTH`] is the nesting limit a reader sees (parentheses counted as
//! written).

use crate::error::QueryError;

/// Most characters (Unicode scalar values) in a query, as the API's `q`.
pub const MAX_CHARS: usize = 1_000;

/// Deepest nesting of parentheses: `((a))` is 2 deep.
pub const MAX_DEPTH: usize = 32;

/// Most `(` and `NOT` in a query, nested or not: the bound on the parser's
/// recursion (one level per `(` or `NOT`, whatever quotes around them mean).
pub const MAX_GROUPS: usize = 64;

/// Most terms: runs of text between spaces and parentheses with a letter or
/// digit, `AND`/`OR`/`NOT` aside. Each is searched in five fields and may
/// bring typo and synonym alternatives.
pub const MAX_TERMS: usize = 128;

/// Checks `q` against [`MAX_CHARS`], [`MAX_DEPTH`], [`MAX_GROUPS`] and
/// [`MAX_TERMS`]; the error names the limit and the 1-based column where
/// the text goes over it.
pub fn check(q: &str) -> Result<(), QueryError> {
    let over = |column: usize, what: String, limit: usize| QueryError::Limit {
        column,
        what,
        limit,
    };
    let chars = q.chars().count();
    if chars > MAX_CHARS {
        return Err(over(
            MAX_CHARS + 1,
            format!("{chars} characters"),
            MAX_CHARS,
        ));
    }
    let mut depth = 0usize;
    let mut groups = 0usize;
    let mut terms = 0usize;
    let mut word_start: Option<usize> = None;
    let mut word = String::new();
    // Column of each character, 1-based, with a sentinel space at the end
    // so the last word is closed like the others.
    for (i, c) in q.chars().chain([' ']).enumerate() {
        let column = i + 1;
        if c.is_whitespace() || c == '(' || c == ')' {
            if let Some(start) = word_start.take() {
                match word.as_str() {
                    "NOT" => {
                        groups += 1;
                        if groups > MAX_GROUPS {
                            return Err(over(
                                start,
                                format!("{groups} groups ('(' and NOT)"),
                                MAX_GROUPS,
                            ));
                        }
                    }
                    "AND" | "OR" => {}
                    // Punctuation alone (a quote, `-`) is no term.
                    w if !w.chars().any(char::is_alphanumeric) => {}
                    _ => {
                        terms += 1;
                        if terms > MAX_TERMS {
                            return Err(over(start, format!("{terms} terms"), MAX_TERMS));
                        }
                    }
                }
                word.clear();
            }
        } else {
            word_start.get_or_insert(column);
            word.push(c);
        }
        match c {
            '(' => {
                depth += 1;
                groups += 1;
                if depth > MAX_DEPTH {
                    return Err(over(
                        column,
                        format!("parentheses nested {depth} deep"),
                        MAX_DEPTH,
                    ));
                }
                if groups > MAX_GROUPS {
                    return Err(over(
                        column,
                        format!("{groups} groups ('(' and NOT)"),
                        MAX_GROUPS,
                    ));
                }
            }
            ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column(q: &str) -> Option<usize> {
        match check(q) {
            Err(QueryError::Limit { column, .. }) => Some(column),
            _ => None,
        }
    }

    #[test]
    fn depth_counts_open_parentheses_as_written() {
        let deep = |n: usize| format!("{}rust{}", "(".repeat(n), ")".repeat(n));
        assert_eq!(column(&deep(MAX_DEPTH)), None);
        assert_eq!(column(&deep(MAX_DEPTH + 1)), Some(MAX_DEPTH + 1));
        // Closed groups side by side are not nested.
        assert_eq!(column(&"(a) ".repeat(MAX_GROUPS)), None);
    }

    #[test]
    fn groups_count_every_open_parenthesis_and_not() {
        // A phrase's `)` may close nothing: `(")"` nests as deep as it is long.
        let q = "(\")\"".repeat(MAX_GROUPS + 1);
        assert_eq!(column(&q), Some(4 * MAX_GROUPS + 1));
        let nots = "NOT ".repeat(MAX_GROUPS + 1) + "rust";
        assert_eq!(column(&nots), Some(4 * MAX_GROUPS + 1));
    }

    #[test]
    fn terms_and_characters_are_counted() {
        let words = "go ".repeat(MAX_TERMS) + "rust";
        assert_eq!(column(&words), Some(3 * MAX_TERMS + 1));
        assert_eq!(column(&"go AND ".repeat(MAX_TERMS / 2)), None);
        let long = "é".repeat(MAX_CHARS + 1);
        assert_eq!(column(&long), Some(MAX_CHARS + 1));
        assert_eq!(column(&"é".repeat(MAX_CHARS)), None);
    }
}
