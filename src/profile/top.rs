//! The most frequent values of a column in bounded memory: the Space-Saving algorithm
//! (Metwally, Agrawal and El Abbadi, 2005).
//!
//! The table holds at most `capacity` values, each with a count. A value already in
//! the table has its count raised; a new value takes a free slot, or, when the table is
//! full, replaces the value with the smallest count and inherits that count plus one
//! (the inherited part is remembered as the entry's possible error). So:
//!
//! - while a column has no more distinct values than the table holds, every count is
//!   exact and the table is the full list of distinct values;
//! - beyond that, each count overstates the truth by at most its `error`, itself at
//!   most N / capacity (N = values seen), and every value occurring more than
//!   N / capacity times is guaranteed to be in the table.
//!
//! The counts are kept in one ascending array (the "stream summary" of the paper, laid
//! out flat): raising a count swaps the entry with the last one of equal count, found
//! by binary search, so the array stays sorted, and the smallest count is always first.
//!
//! Values are identified by their 64-bit hash (see [`super::hash`]), so no cell is
//! compared or copied when it is counted. An entry only notes the batch row where its
//! value entered; [`TopTable::settle`], called once at the end of each batch, writes the
//! text of the entries that entered during the batch and are still there. A column of
//! unique ids thus copies at most one table's worth of text per batch, not one value
//! per row. Two different values with the same hash would share an entry; for a
//! million distinct values the chance of that is about 3 in 100 million.

use super::slots::Slots;

/// Longest stored text of a value, in bytes; longer values are cut on a character
/// boundary and end with `…`.
pub const MAX_LABEL_BYTES: usize = 200;

#[derive(Debug, Clone)]
struct Entry {
    hash: u64,
    error: u64,
    label: String,
    /// The batch row whose value entered the table and still needs its text written.
    pending: Option<usize>,
    /// Where this entry's count sits in the sorted counts.
    rank: usize,
}

/// A Space-Saving table of the most frequent values.
#[derive(Debug, Clone)]
pub struct TopTable {
    capacity: usize,
    index: Slots,
    entries: Vec<Entry>,
    /// Every entry's count, ascending: the first is the entry to replace.
    counts: Vec<u64>,
    /// The entry whose count is at each place of `counts`.
    owners: Vec<usize>,
    /// The last place holding the smallest count, when known. A column of unique values
    /// replaces the smallest count on every row; knowing where its run ends makes each
    /// replacement a swap, without a search.
    min_run_end: Option<usize>,
    /// True once a value was replaced: counts may since be overstated.
    replaced: bool,
    /// The hash and entry of the last value counted: cells often repeat the value just
    /// above them (one currency, one billing period), and this skips the map lookup.
    last: Option<(u64, usize)>,
}

/// One value of the table, for the profile.
#[derive(Debug, Clone, PartialEq)]
pub struct Counted {
    /// The value's text (shortened past [`MAX_LABEL_BYTES`]).
    pub label: String,
    /// Its count, an upper bound of the true count.
    pub count: u64,
    /// How much `count` may overstate the truth (0: exact).
    pub error: u64,
}

impl TopTable {
    /// An empty table for at most `capacity` values (at least one).
    pub fn new(capacity: usize) -> Self {
        TopTable {
            capacity: capacity.max(1),
            index: Slots::new(capacity.max(1)),
            entries: Vec::new(),
            counts: Vec::new(),
            owners: Vec::new(),
            min_run_end: None,
            replaced: false,
            last: None,
        }
    }

    /// Counts one occurrence of the value with hash `hash`, found at `row` of the
    /// current batch. Call [`TopTable::settle`] before the batch is gone.
    #[inline]
    pub fn offer(&mut self, hash: u64, row: usize) {
        let known = match self.last {
            Some((last, at)) if last == hash => Some(at),
            _ => self.index.get(hash),
        };
        let at = match known {
            Some(at) => at,
            None if self.entries.len() < self.capacity => {
                // A count of 0 sorts first; the increment below makes it 1.
                let at = self.entries.len();
                self.entries.push(Entry {
                    hash,
                    error: 0,
                    label: String::new(),
                    pending: Some(row),
                    rank: 0,
                });
                self.counts.insert(0, 0);
                self.owners.insert(0, at);
                self.min_run_end = Some(0);
                for (rank, &owner) in self.owners.iter().enumerate() {
                    self.entries[owner].rank = rank;
                }
                self.index.insert(hash, at);
                at
            }
            None => {
                // Full: the value with the smallest count gives its place to the new one,
                // which inherits that count (its possible error) plus one.
                let at = self.owners[0];
                let entry = &mut self.entries[at];
                self.index.remove(entry.hash);
                entry.hash = hash;
                entry.error = self.counts[0];
                entry.pending = Some(row);
                self.index.insert(hash, at);
                self.replaced = true;
                at
            }
        };
        self.increment(at);
        self.last = Some((hash, at));
    }

    /// Raises an entry's count by one, keeping the counts sorted: the entry first trades
    /// places with the last entry of the same count.
    #[inline]
    fn increment(&mut self, at: usize) {
        let rank = self.entries[at].rank;
        let count = self.counts[rank];
        let last = if count == self.counts[0] {
            // In the run of smallest counts: its end is known, or found once.
            let end = match self.min_run_end {
                Some(end) => end,
                None => self.counts.partition_point(|&c| c <= count) - 1,
            };
            // The run loses its last place; a run of one is gone, and the next one is
            // found when needed.
            self.min_run_end = end.checked_sub(1);
            end
        } else {
            match self.counts.get(rank + 1) {
                Some(&next) if next == count => {
                    rank + self.counts[rank..].partition_point(|&c| c <= count) - 1
                }
                // Most often the next count is already larger (a frequent value sits
                // alone at the top): no search then.
                _ => rank,
            }
        };
        if last != rank {
            let other = self.owners[last];
            self.owners.swap(rank, last);
            self.entries[other].rank = rank;
            self.entries[at].rank = last;
        }
        self.counts[last] += 1;
    }

    /// Writes the text of the values that entered the table during the current batch:
    /// `label(row, buffer)` writes the value at `row` of the batch into an empty buffer.
    pub fn settle(&mut self, mut label: impl FnMut(usize, &mut String)) {
        for entry in &mut self.entries {
            if let Some(row) = entry.pending.take() {
                entry.label.clear();
                label(row, &mut entry.label);
            }
        }
    }

    /// True when no value was ever replaced: every count is exact and the table lists
    /// every distinct value offered.
    pub fn is_exact(&self) -> bool {
        !self.replaced
    }

    /// True when the table holds as many values as it can: the next new value replaces one.
    pub fn is_full(&self) -> bool {
        self.entries.len() >= self.capacity
    }

    /// The hashes of the values the table holds.
    pub fn hashes(&self) -> impl Iterator<Item = u64> + '_ {
        self.entries.iter().map(|e| e.hash)
    }

    /// How many values the table holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// The `n` values with the highest counts, highest first (ties by text).
    pub fn top(&self, n: usize) -> Vec<Counted> {
        let mut all: Vec<Counted> = self
            .entries
            .iter()
            .map(|e| Counted {
                label: e.label.clone(),
                count: self.counts[e.rank],
                error: e.error,
            })
            .collect();
        all.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
        all.truncate(n);
        all
    }

    /// Heap bytes held (approximate: the map's buckets are counted at their size).
    pub fn state_bytes(&self) -> usize {
        let entries = self.entries.capacity() * std::mem::size_of::<Entry>()
            + self
                .entries
                .iter()
                .map(|e| e.label.capacity())
                .sum::<usize>();
        let ranks = self.counts.capacity() * std::mem::size_of::<u64>()
            + self.owners.capacity() * std::mem::size_of::<usize>();
        let index = self.index.state_bytes();
        entries + ranks + index
    }
}

/// Writes `text` into `out`, cut to [`MAX_LABEL_BYTES`] on a character boundary.
pub fn write_label(text: &str, out: &mut String) {
    if text.len() <= MAX_LABEL_BYTES {
        out.push_str(text);
        return;
    }
    let mut end = MAX_LABEL_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    out.push_str(&text[..end]);
    out.push('…');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::hash_bytes;

    /// Offers the values as one batch, then settles the table.
    fn offer_all(table: &mut TopTable, values: &[&str]) {
        for (row, value) in values.iter().enumerate() {
            table.offer(hash_bytes(value.as_bytes()), row);
        }
        table.settle(|row, out| write_label(values[row], out));
    }

    #[test]
    fn few_values_are_counted_exactly() {
        let mut table = TopTable::new(4);
        offer_all(&mut table, &["a", "b", "a"]);
        offer_all(&mut table, &["c", "a", "b"]);
        assert!(table.is_exact());
        let top = table.top(10);
        let pairs: Vec<(&str, u64, u64)> = top
            .iter()
            .map(|c| (c.label.as_str(), c.count, c.error))
            .collect();
        assert_eq!(pairs, [("a", 3, 0), ("b", 2, 0), ("c", 1, 0)]);
    }

    #[test]
    fn heavy_hitters_survive_a_stream_of_unique_values() {
        let mut table = TopTable::new(8);
        let n: u64 = 10_000;
        let mut batch: Vec<String> = Vec::new();
        for i in 0..n {
            batch.push(format!("unique-{i}"));
            if i % 4 == 0 {
                batch.push("frequent".to_string());
            }
            // Batches of about 100 values, as the reader would hand them out.
            if batch.len() >= 100 {
                offer_all(
                    &mut table,
                    &batch.iter().map(String::as_str).collect::<Vec<_>>(),
                );
                batch.clear();
            }
        }
        offer_all(
            &mut table,
            &batch.iter().map(String::as_str).collect::<Vec<_>>(),
        );
        assert!(!table.is_exact());
        assert!(
            table.counts.windows(2).all(|w| w[0] <= w[1]),
            "{:?}",
            table.counts
        );
        // Space-Saving's counts add up to the number of values offered.
        assert_eq!(table.counts.iter().sum::<u64>(), n + n.div_ceil(4));
        let top = table.top(1);
        assert_eq!(top[0].label, "frequent");
        // The true count, 2,500, lies within [count - error, count].
        assert!(
            top[0].count >= 2_500 && top[0].count - top[0].error <= 2_500,
            "{top:?}"
        );
        // And the error is at most N / capacity.
        let total = n + n / 4;
        assert!(top[0].error <= total / 8);
    }

    #[test]
    fn counts_stay_sorted_and_match_a_plain_count_while_exact() {
        let mut table = TopTable::new(16);
        let values: Vec<String> = (0..5_000u32)
            .map(|i| format!("v{}", (i * i + 7 * i) % 13))
            .collect();
        offer_all(
            &mut table,
            &values.iter().map(String::as_str).collect::<Vec<_>>(),
        );
        assert!(
            table.counts.windows(2).all(|w| w[0] <= w[1]),
            "{:?}",
            table.counts
        );
        for (rank, &owner) in table.owners.iter().enumerate() {
            assert_eq!(table.entries[owner].rank, rank);
        }
        let mut expected: std::collections::HashMap<&str, u64> = std::collections::HashMap::new();
        for v in &values {
            *expected.entry(v.as_str()).or_default() += 1;
        }
        assert!(table.is_exact());
        for counted in table.top(16) {
            assert_eq!(
                Some(&counted.count),
                expected.get(counted.label.as_str()),
                "{}",
                counted.label
            );
        }
    }

    /// Checks the table's inner bookkeeping against a recount.
    fn assert_consistent(table: &TopTable) {
        assert!(
            table.counts.windows(2).all(|w| w[0] <= w[1]),
            "{:?}",
            table.counts
        );
        for (rank, &owner) in table.owners.iter().enumerate() {
            assert_eq!(table.entries[owner].rank, rank);
        }
        if let Some(end) = table.min_run_end {
            let true_end = table.counts.partition_point(|&c| c <= table.counts[0]) - 1;
            assert_eq!(end, true_end, "{:?}", table.counts);
        }
    }

    #[test]
    fn bookkeeping_holds_on_mixed_streams() {
        let mut table = TopTable::new(32);
        let mut state = 0x1234_5678_u64;
        for batch in 0..200 {
            let values: Vec<String> = (0..50)
                .map(|i| {
                    state = state
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    // A few frequent values, some mid-frequency ones, many unique ones.
                    match (state >> 60) % 4 {
                        0 => format!("hot-{}", (state >> 40) % 3),
                        1 => format!("warm-{}", (state >> 40) % 40),
                        _ => format!("cold-{batch}-{i}"),
                    }
                })
                .collect();
            offer_all(
                &mut table,
                &values.iter().map(String::as_str).collect::<Vec<_>>(),
            );
            assert_consistent(&table);
        }
        assert_eq!(table.counts.iter().sum::<u64>(), 200 * 50);
    }

    #[test]
    fn long_values_are_cut_on_a_character_boundary() {
        let long = "é".repeat(150);
        let mut out = String::new();
        write_label(&long, &mut out);
        assert!(out.ends_with('…'));
        assert_eq!(out.len(), MAX_LABEL_BYTES + '…'.len_utf8());
    }
}
