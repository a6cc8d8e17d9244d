//! What one idea may hold: a size cap per field, and web URLs only.
//!
//! The cap keeps one idea within the index writer's budget. tantivy indexes
//! each text three times (its field, `body`, `words`) and holds a document's
//! postings in its per-thread arena; an idea with a 30 MB description peaked
//! at 1.5 GB while indexing (about 50 bytes per byte of text). At 64 KiB per
//! field an idea's seven text fields stay near 22 MB at that rate, about the
//! writer's minimum heap per thread (20 MiB), while the longest field of the 1,323
//! upstream ideas is a 2.9 KB description (22x under the cap).

/// Most bytes kept of one field of an idea: the title, description,
/// outcome, size, and each list (skills, mentors, upstream issues) counted as
/// the sum of its items' bytes. 64 KiB.
pub const FIELD_CAP: usize = 64 << 10;

/// Cuts `s` to at most `cap` bytes at a char boundary; true if it was longer.
pub fn cut(s: &mut String, cap: usize) -> bool {
    if s.len() <= cap {
        return false;
    }
    let mut end = cap;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.truncate(end);
    true
}

/// Keeps the first items of `items` whose bytes add up to at most `cap`;
/// the number dropped.
pub fn cap_list(items: &mut Vec<String>, cap: usize) -> usize {
    let mut total = 0usize;
    let keep = items
        .iter()
        .take_while(|i| {
            total += i.len();
            total <= cap
        })
        .count();
    let dropped = items.len() - keep;
    items.truncate(keep);
    dropped
}

/// True for an `http://` or `https://` URL (scheme in any case) with
/// something after the scheme: the only links a record keeps, since its
/// URLs are rendered as links (`javascript:`, `data:`, `file:` and relative
/// links are not).
pub fn is_web_url(url: &str) -> bool {
    let lower = |n: usize| url.get(..n).map(str::to_ascii_lowercase);
    let rest = if lower(8).as_deref() == Some("https://") {
        &url[8..]
    } else if lower(7).as_deref() == Some("http://") {
        &url[7..]
    } else {
        return false;
    };
    !rest.is_empty() && !rest.starts_with('/')
}

/// A URL as a warning shows it: quoted with escapes (no raw control
/// characters), at most 80 characters.
pub fn shown(url: &str) -> String {
    let short: String = url.chars().take(80).collect();
    let more = if short.len() < url.len() { "..." } else { "" };
    format!("{short:?}{more}")
}

/// A title as a warning shows it: at most 80 characters.
pub fn shown_title(title: &str) -> String {
    match title.char_indices().nth(80) {
        Some((at, _)) => format!("{}...", &title[..at]),
        None => title.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_urls_only() {
        for ok in [
            "https://github.com/x/1",
            "HTTP://x.io",
            "http://127.0.0.1:8/a",
        ] {
            assert!(is_web_url(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "data:text/html,<b>x</b>",
            "file:///etc/passwd",
            "../issues/1",
            "https://",
            "https:///x",
            "//evil.example/x",
            "ftp://x.io/a",
        ] {
            assert!(!is_web_url(bad), "{bad}");
        }
    }

    #[test]
    fn cuts_at_char_boundaries() {
        let mut s = "ab€".to_string(); // € is 3 bytes: 2..5
        assert!(cut(&mut s, 4));
        assert_eq!(s, "ab");
        let mut s = "abc".to_string();
        assert!(!cut(&mut s, 3));
        let mut v: Vec<String> = ["aa", "bb", "cc"].map(String::from).to_vec();
        assert_eq!(cap_list(&mut v, 5), 1);
        assert_eq!(v, ["aa", "bb"]);
    }
}
