//! Writes a [`Document`] as one self-contained, printable HTML page: the styles are
//! inline, and there are no scripts, links, images or other external resources, so
//! the page can be published as it is or printed to PDF.

use std::fmt::Write;

use super::document::{Block, Document, Inline, Line};

/// The page's styles: readable on screen, tidy on paper (tables repeat their header
/// on each printed page and rows are not split across pages).
const STYLE: &str = "\
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#1b1f24;\
line-height:1.45;max-width:60rem;margin:2rem auto;padding:0 1rem;font-size:15px}\
h1{font-size:1.7rem;border-bottom:2px solid #1b1f24;padding-bottom:.3rem}\
h2{font-size:1.3rem;margin-top:2rem;border-bottom:1px solid #c9ced6;padding-bottom:.2rem}\
h3{font-size:1.1rem;margin-top:1.4rem}\
table{border-collapse:collapse;width:100%;margin:.6rem 0 1.2rem;font-size:.86rem}\
th,td{border:1px solid #c9ced6;padding:.3rem .45rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}\
th{background:#eef1f5}\
tr:nth-child(even) td{background:#f8f9fb}\
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.92em;background:#eef1f5;\
padding:0 .2em;border-radius:3px}\
ul{padding-left:1.4rem}\
@media print{body{margin:0;max-width:none;font-size:10pt}h2{break-after:avoid}h3{break-after:avoid}\
thead{display:table-header-group}tr{break-inside:avoid}tr:nth-child(even) td{background:none}}\
@page{margin:1.5cm}";

/// The document as a complete HTML page.
pub fn render(doc: &Document) -> String {
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(out, "<title>{}</title>", escape(&doc.title));
    let _ = writeln!(out, "<style>{STYLE}</style>");
    out.push_str("</head>\n<body>\n<main>\n");
    let _ = writeln!(out, "<h1>{}</h1>", escape(&doc.title));
    for block in &doc.blocks {
        match block {
            Block::Heading(level, text) => {
                let level = (*level).clamp(1, 6);
                let _ = writeln!(out, "<h{level}>{}</h{level}>", escape(text));
            }
            Block::Paragraph(line) => {
                let _ = writeln!(out, "<p>{}</p>", inline(line, true));
            }
            Block::List(items) => {
                out.push_str("<ul>\n");
                for item in items {
                    let _ = writeln!(out, "<li>{}</li>", inline(item, false));
                }
                out.push_str("</ul>\n");
            }
            Block::Table { head, rows } => {
                out.push_str("<table>\n<thead><tr>");
                for h in head {
                    let _ = write!(out, "<th>{}</th>", escape(h));
                }
                out.push_str("</tr></thead>\n<tbody>\n");
                for row in rows {
                    out.push_str("<tr>");
                    for c in row {
                        let _ = write!(out, "<td>{}</td>", inline(c, false));
                    }
                    out.push_str("</tr>\n");
                }
                out.push_str("</tbody>\n</table>\n");
            }
        }
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

/// Writes a line; `breaks` turns newlines into `<br>` (paragraphs only).
fn inline(line: &Line, breaks: bool) -> String {
    let mut out = String::new();
    for run in line {
        match run {
            Inline::Text(t) => out.push_str(&escape(t)),
            Inline::Code(c) => {
                let _ = write!(out, "<code>{}</code>", escape(c));
            }
            Inline::Strong(s) => {
                let _ = write!(out, "<strong>{}</strong>", escape(s));
            }
        }
    }
    if out.is_empty() {
        return "–".to_string();
    }
    let out = out.replace("\r\n", "\n").replace('\r', "\n");
    if breaks {
        out.replace('\n', "<br>\n")
    } else {
        out.replace('\n', " ")
    }
}

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::submission::document::{cell, code, strong, text};

    #[test]
    fn user_text_cannot_inject_markup() {
        let mut doc = Document::new("<script>alert(1)</script>");
        doc.paragraph(vec![text("a <img src=x onerror=alert(1)> & \"b\"")]);
        let html = render(&doc);
        assert!(!html.contains("<script"));
        assert!(!html.contains("<img"));
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt; &amp; &quot;b&quot;"));
    }

    #[test]
    fn tables_lists_and_emphasis() {
        let mut doc = Document::new("T");
        doc.table(&["A"], vec![vec![vec![code("BilledCost"), text(" x")]]]);
        doc.list(vec![vec![strong("s")], cell("line\nnext")]);
        let html = render(&doc);
        assert!(html.contains("<thead><tr><th>A</th></tr></thead>"));
        assert!(html.contains("<td><code>BilledCost</code> x</td>"));
        assert!(html.contains("<li><strong>s</strong></li>"));
        assert!(html.contains("<li>line next</li>"));
    }
}
