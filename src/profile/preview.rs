//! The first rows of the file, kept as they are for the preview table.

use arrow_array::RecordBatch;

use crate::rules::cells::Cells;

/// Longest preview cell kept, in bytes; a longer cell is cut on a character boundary
/// and ends with `…` (a note says so), which bounds the preview's memory.
pub const MAX_PREVIEW_CELL_BYTES: usize = 4096;

/// The preview rows gathered so far.
#[derive(Debug, Clone, Default)]
pub struct PreviewRows {
    limit: usize,
    columns: usize,
    /// The rows kept.
    pub rows: Vec<Vec<Option<String>>>,
    /// Cells that were cut.
    pub cut_cells: u64,
}

impl PreviewRows {
    /// Keeps the first `limit` rows of a table of `columns` columns.
    pub fn new(limit: usize, columns: usize) -> Self {
        PreviewRows {
            limit,
            columns,
            rows: Vec::new(),
            cut_cells: 0,
        }
    }

    /// Takes rows from `batch` until the preview is full.
    pub fn push(&mut self, batch: &RecordBatch) {
        let wanted = self
            .limit
            .saturating_sub(self.rows.len())
            .min(batch.num_rows());
        if wanted == 0 {
            return;
        }
        let cells: Vec<Cells> = batch
            .columns()
            .iter()
            .take(self.columns)
            .map(Cells::new)
            .collect();
        for row in 0..wanted {
            let mut values: Vec<Option<String>> = cells.iter().map(|c| self.cell(c, row)).collect();
            // A batch narrower than the header (not produced by the reader) is padded with nulls.
            values.resize(self.columns, None);
            self.rows.push(values);
        }
    }

    fn cell(&mut self, cells: &Cells, row: usize) -> Option<String> {
        if cells.is_null(row) {
            return None;
        }
        Some(match cells {
            Cells::Text(array) => {
                let text = array.value(row);
                if text.len() <= MAX_PREVIEW_CELL_BYTES {
                    text.to_string()
                } else {
                    self.cut_cells += 1;
                    let mut end = MAX_PREVIEW_CELL_BYTES;
                    while !text.is_char_boundary(end) {
                        end -= 1;
                    }
                    format!("{}…", &text[..end])
                }
            }
            typed => typed.render(row),
        })
    }

    /// Heap bytes held.
    pub fn state_bytes(&self) -> usize {
        self.rows
            .iter()
            .map(|r| {
                r.capacity() * std::mem::size_of::<Option<String>>()
                    + r.iter()
                        .map(|c| c.as_ref().map_or(0, String::capacity))
                        .sum::<usize>()
            })
            .sum::<usize>()
            + self.rows.capacity() * std::mem::size_of::<Vec<Option<String>>>()
    }
}
