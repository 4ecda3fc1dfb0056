//! Writes a [`Document`] as Markdown (CommonMark with GitHub tables).

use std::fmt::Write;

use super::document::{Block, Document, Inline, Line};

/// The document as Markdown.
pub fn render(doc: &Document) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", escape(&doc.title));
    for block in &doc.blocks {
        match block {
            Block::Heading(level, text) => {
                let marks = "#".repeat(usize::from((*level).clamp(1, 6)));
                let _ = writeln!(out, "{marks} {}\n", escape(text));
            }
            Block::Paragraph(line) => {
                let _ = writeln!(out, "{}\n", inline(line, true));
            }
            Block::List(items) => {
                for item in items {
                    let _ = writeln!(out, "- {}", inline(item, false));
                }
                out.push('\n');
            }
            Block::Table { head, rows } => {
                let titles: Vec<String> = head.iter().map(|h| escape(h)).collect();
                let _ = writeln!(out, "| {} |", titles.join(" | "));
                let _ = writeln!(out, "|{}", "---|".repeat(head.len()));
                for row in rows {
                    let cells: Vec<String> = row.iter().map(|c| inline(c, false)).collect();
                    let _ = writeln!(out, "| {} |", cells.join(" | "));
                }
                out.push('\n');
            }
        }
    }
    // One newline at the end of the file, not two.
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// Writes a line; `breaks` keeps newlines as hard line breaks (paragraphs), otherwise
/// they become spaces (list items and table cells must stay on one line).
fn inline(line: &Line, breaks: bool) -> String {
    let mut out = String::new();
    for run in line {
        match run {
            Inline::Text(t) => out.push_str(&escape(t)),
            Inline::Code(c) => out.push_str(&code_span(c)),
            Inline::Strong(s) if s.trim().is_empty() => out.push_str(&escape(s)),
            Inline::Strong(s) => {
                let _ = write!(out, "**{}**", escape(s.trim()));
            }
        }
    }
    let out = if out.is_empty() {
        "–".to_string()
    } else {
        out
    };
    if breaks {
        out.replace("\r\n", "\n")
            .replace('\r', "\n")
            .replace('\n', "  \n")
    } else {
        out.split(['\n', '\r'])
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// An identifier in backticks; one holding a backtick or a newline is written as
/// escaped text instead, since it cannot be a code span safely.
fn code_span(text: &str) -> String {
    if text.is_empty() || text.contains(['`', '\n', '\r', '|']) {
        escape(text)
    } else {
        format!("`{text}`")
    }
}

/// Escapes the characters that Markdown would read as markup. An underscore is only
/// escaped at a word boundary (inside a word, as in `x_Cost`, it is never emphasis).
pub fn escape(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let special = match c {
            '\\' | '`' | '*' | '[' | ']' | '<' | '>' | '|' => true,
            // A heading mark only at the start of a line.
            '#' => i == 0 || chars[i - 1] == '\n',
            '_' => {
                let before = i > 0 && chars[i - 1].is_alphanumeric();
                let after = chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
                !(before && after)
            }
            _ => false,
        };
        if special {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::submission::document::{cell, code, text};

    #[test]
    fn markup_characters_are_escaped() {
        assert_eq!(
            escape("a|b *c* <d> x_Cost _e_"),
            "a\\|b \\*c\\* \\<d\\> x_Cost \\_e\\_"
        );
    }

    #[test]
    fn table_cells_stay_on_one_line() {
        let mut doc = Document::new("T");
        doc.table(&["A", "B"], vec![vec![cell("one\ntwo"), vec![code("x|y")]]]);
        let md = render(&doc);
        assert!(md.contains("| one two | x\\|y |"), "{md}");
        assert!(md.ends_with("|\n"));
    }

    #[test]
    fn paragraphs_keep_line_breaks() {
        let mut doc = Document::new("T");
        doc.paragraph(vec![text("first\nsecond")]);
        assert!(render(&doc).contains("first  \nsecond"));
    }
}
