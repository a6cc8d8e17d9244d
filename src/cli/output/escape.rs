//! Control characters out of what reaches a terminal or a spreadsheet.
//!
//! Idea text and file names come from third-party markdown: an `ESC ]`
//! (OSC) sequence in a title could retitle the window or plant a hyperlink,
//! `ESC [` (CSI) recolour or clear the screen, BEL ring, CR overwrite the
//! line. As `ls` and git do for file names, every control character but
//! newline and tab is shown as a visible escape instead: C0 and DEL as
//! `\x1b`, C1 (U+0080-U+009F, which some terminals obey too) as `\u{9b}`.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether `c` is shown escaped: C0 controls other than `\n` and `\t`,
/// DEL, and C1 controls.
fn is_hidden(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

/// `s` safe to print on a terminal: each control character other than
/// newline and tab as `\xNN` (C0, DEL) or `\u{NN}` (C1); borrowed when there
/// is none.
pub fn text(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_hidden) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            c if !is_hidden(c) => out.push(c),
            c if (c as u32) < 0x80 => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
        }
    }
    Cow::Owned(out)
}

/// A CSV cell: [`text`], and a leading `'` before a cell that starts with
/// `=`, `+`, `-`, `@` or a tab, which a spreadsheet would read as a formula
/// (OWASP's advice on CSV injection): `=HYPERLINK(...)` in a title stays text.
pub fn csv_cell(s: &str) -> String {
    let s = text(s);
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t') => format!("'{s}"),
        _ => s.into_owned(),
    }
}

/// Serialized JSON with DEL and the C1 controls written as `\u007f`..`\u009f`
/// (serde_json escapes only C0): the same JSON value, and no byte a terminal
/// obeys. These characters are outside ASCII only inside strings, so
/// rewriting their UTF-8 bytes cannot touch the JSON's structure.
pub fn json(bytes: Vec<u8>) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + 16);
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            0x7f => {
                out.extend_from_slice(b"\\u007f");
                i += 1;
            }
            0xc2 if bytes.get(i + 1).is_some_and(|b| (0x80..0xa0).contains(b)) => {
                out.extend_from_slice(format!("\\u{:04x}", bytes[i + 1]).as_bytes());
                i += 2;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_shown_not_obeyed() {
        let s = "a\x1b]8;;http://x\x07b\x1b[31mc\r\x7f\u{9b}2J\n\td";
        assert_eq!(
            text(s),
            "a\\x1b]8;;http://x\\x07b\\x1b[31mc\\x0d\\x7f\\u{9b}2J\n\td"
        );
        assert!(matches!(text("plain, 文档, é\n"), Cow::Borrowed(_)));
    }

    #[test]
    fn csv_cells_that_a_spreadsheet_would_evaluate_stay_text() {
        assert_eq!(
            csv_cell("=HYPERLINK(\"http://x\")"),
            "'=HYPERLINK(\"http://x\")"
        );
        assert_eq!(csv_cell("- a list item"), "'- a list item");
        assert_eq!(csv_cell("+1"), "'+1");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("\tx"), "'\tx");
        assert_eq!(csv_cell("a = b - c"), "a = b - c");
        assert_eq!(csv_cell("\x1b[31m"), "\\x1b[31m");
        assert_eq!(csv_cell(""), "");
    }

    #[test]
    fn json_keeps_its_value_and_loses_c1_and_del_bytes() {
        let value = serde_json::json!({"t": "a\u{9b}2J\u{7f}\u{85} é \u{a0}\u{80}", "k\u{9f}": 1});
        let escaped = json(serde_json::to_vec(&value).unwrap());
        assert!(!escaped.windows(2).any(|w| w[0] == 0xc2 && w[1] < 0xa0));
        assert!(!escaped.contains(&0x7f));
        let back: serde_json::Value = serde_json::from_slice(&escaped).unwrap();
        assert_eq!(back, value);
    }
}
