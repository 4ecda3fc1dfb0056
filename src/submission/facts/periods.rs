//! The billing periods of the sample, told apart by BillingPeriodStart as written.

use arrow_array::ArrayRef;

use super::{fingerprint, Column, FastMap, MAX_PERIODS, NO_VALUE};
use crate::rules::formats::datetime;

/// The billing periods, told apart by BillingPeriodStart.
pub(super) struct Periods {
    pub(super) column: Option<usize>,
    /// Fingerprint of the value as written → index.
    pub(super) indexes: FastMap<u64, u32>,
    /// Index → value as written.
    pub(super) texts: Vec<String>,
    /// Rows whose billing period was new once [`MAX_PERIODS`] was reached.
    pub(super) overflow_rows: u64,
}

impl Periods {
    pub(super) fn new(column: Option<usize>) -> Self {
        Periods {
            column,
            indexes: FastMap::default(),
            texts: Vec::new(),
            overflow_rows: 0,
        }
    }

    /// The billing period index of every row of a batch ([`NO_VALUE`] for a null
    /// BillingPeriodStart or one past the limit); `None` without the column.
    pub(super) fn of_batch(&mut self, columns: &[ArrayRef], rows: usize) -> Option<Vec<u32>> {
        let cells = Column::new(columns.get(self.column?)?);
        let mut out = Vec::with_capacity(rows);
        let mut last: Option<(u64, u32)> = None;
        for row in 0..rows {
            let Some(bytes) = cells.get(row) else {
                out.push(NO_VALUE);
                continue;
            };
            let key = fingerprint(&bytes);
            let index = match last {
                Some((k, index)) if k == key => index,
                _ => self.index_of(key, &bytes),
            };
            out.push(index);
            last = Some((key, index));
        }
        Some(out)
    }

    pub(super) fn index_of(&mut self, key: u64, value: &[u8]) -> u32 {
        if let Some(&i) = self.indexes.get(&key) {
            return i;
        }
        if self.texts.len() >= MAX_PERIODS {
            self.overflow_rows += 1;
            return NO_VALUE;
        }
        let i = self.texts.len() as u32;
        self.indexes.insert(key, i);
        self.texts.push(String::from_utf8_lossy(value).into_owned());
        i
    }

    /// (index, text) of every period, in time order (text order for unreadable dates).
    pub(super) fn sorted(&self) -> Vec<(u32, String)> {
        let mut periods: Vec<(Option<i64>, u32, String)> = self
            .texts
            .iter()
            .enumerate()
            .map(|(i, text)| (datetime::analyze(text.as_bytes()).1, i as u32, text.clone()))
            .collect();
        periods.sort_by(|a, b| (a.0.is_none(), a.0, &a.2).cmp(&(b.0.is_none(), b.0, &b.2)));
        periods.into_iter().map(|(_, i, text)| (i, text)).collect()
    }
}
