//! A small document model (headings, paragraphs, lists, tables) that the submission
//! documents are built in once and then written as Markdown ([`super::markdown`]) or
//! as a self-contained HTML page ([`super::html`]), so both forms always say the same.

/// A run of text with its emphasis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    /// Plain text (escaped by each renderer).
    Text(String),
    /// An identifier: a rule ID, a column name, a file name.
    Code(String),
    /// Text that must stand out.
    Strong(String),
}

/// A line of inline runs: a paragraph, a list item or a table cell.
pub type Line = Vec<Inline>;

/// One block of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A heading; level 1 is the title.
    Heading(u8, String),
    /// A paragraph; newlines in its text are kept as line breaks.
    Paragraph(Line),
    /// A bulleted list.
    List(Vec<Line>),
    /// A table with a header row.
    Table {
        /// The column titles.
        head: Vec<String>,
        /// The rows, each with one cell per column.
        rows: Vec<Vec<Line>>,
    },
}

/// A whole document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    /// The title, also the HTML page's `<title>`.
    pub title: String,
    /// The blocks after the title.
    pub blocks: Vec<Block>,
}

impl Document {
    /// An empty document with this title.
    pub fn new(title: impl Into<String>) -> Self {
        Document {
            title: title.into(),
            blocks: Vec::new(),
        }
    }

    /// Adds a heading of `level` (2 for sections, 3 for subsections).
    pub fn heading(&mut self, level: u8, text: impl Into<String>) {
        self.blocks.push(Block::Heading(level, text.into()));
    }

    /// Adds a paragraph.
    pub fn paragraph(&mut self, line: Line) {
        self.blocks.push(Block::Paragraph(line));
    }

    /// Adds a paragraph of plain text.
    pub fn text(&mut self, text: impl Into<String>) {
        self.paragraph(vec![Inline::Text(text.into())]);
    }

    /// Adds a list (nothing when `items` is empty).
    pub fn list(&mut self, items: Vec<Line>) {
        if !items.is_empty() {
            self.blocks.push(Block::List(items));
        }
    }

    /// Adds a table.
    pub fn table(&mut self, head: &[&str], rows: Vec<Vec<Line>>) {
        self.blocks.push(Block::Table {
            head: head.iter().map(|h| h.to_string()).collect(),
            rows,
        });
    }
}

/// Plain text.
pub fn text(s: impl Into<String>) -> Inline {
    Inline::Text(s.into())
}

/// An identifier.
pub fn code(s: impl Into<String>) -> Inline {
    Inline::Code(s.into())
}

/// Text that stands out.
pub fn strong(s: impl Into<String>) -> Inline {
    Inline::Strong(s.into())
}

/// A line of one plain text run.
pub fn cell(s: impl Into<String>) -> Line {
    vec![text(s)]
}

/// A line of one identifier.
pub fn code_cell(s: impl Into<String>) -> Line {
    vec![code(s)]
}
