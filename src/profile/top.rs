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
//! Values are identified by their 64-bit hash (see [`super::hash`]), so no cell is
//! compared or copied when it is counted. An entry only notes the batch row where its
//! value entered; [`TopTable::settle`], called once at the end of each batch, writes the
//! text of the entries that entered during the batch and are still there. A column of
//! unique ids thus copies at most one table's worth of text per batch, not one value
//! per row. Two different values with the same hash would share an entry; for a
//! million distinct values the chance of that is about 3 in 100 million.

use super::hash::HashKeyed;

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
    /// Where this entry sits in the heap.
    heap_at: usize,
}

/// One place of the heap: an entry's count, kept here rather than in the entry so
/// the heap's comparisons read contiguous memory.
#[derive(Debug, Clone, Copy)]
struct Slot {
    count: u64,
    entry: usize,
}

/// A Space-Saving table of the most frequent values.
#[derive(Debug, Clone)]
pub struct TopTable {
    capacity: usize,
    index: HashKeyed<usize>,
    entries: Vec<Entry>,
    /// The entries' counts as a binary min-heap: the root is the entry to replace.
    heap: Vec<Slot>,
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
            index: HashKeyed::default(),
            entries: Vec::new(),
            heap: Vec::new(),
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
            _ => self.index.get(&hash).copied(),
        };
        if let Some(at) = known {
            let position = self.entries[at].heap_at;
            self.heap[position].count += 1;
            self.sift_down(position);
            self.last = Some((hash, at));
            return;
        }
        if self.entries.len() < self.capacity {
            let at = self.entries.len();
            self.entries.push(Entry {
                hash,
                error: 0,
                label: String::new(),
                pending: Some(row),
                heap_at: self.heap.len(),
            });
            self.heap.push(Slot {
                count: 1,
                entry: at,
            });
            self.sift_up(self.heap.len() - 1);
            self.index.insert(hash, at);
            self.last = Some((hash, at));
            return;
        }
        // Full: the value with the smallest count gives its place to the new one.
        let Slot { count, entry: at } = self.heap[0];
        let entry = &mut self.entries[at];
        self.index.remove(&entry.hash);
        entry.hash = hash;
        entry.error = count;
        entry.pending = Some(row);
        self.heap[0].count = count + 1;
        self.index.insert(hash, at);
        self.last = Some((hash, at));
        self.replaced = true;
        self.sift_down(0);
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
                count: self.heap[e.heap_at].count,
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
        let heap = self.heap.capacity() * std::mem::size_of::<Slot>();
        // A hashbrown bucket is the key, the value and one control byte.
        let index = self.index.capacity() * (std::mem::size_of::<(u64, usize)>() + 1);
        entries + heap + index
    }

    fn count_at(&self, position: usize) -> u64 {
        self.heap[position].count
    }

    fn swap(&mut self, a: usize, b: usize) {
        self.heap.swap(a, b);
        let (ea, eb) = (self.heap[a].entry, self.heap[b].entry);
        self.entries[ea].heap_at = a;
        self.entries[eb].heap_at = b;
    }

    fn sift_up(&mut self, mut position: usize) {
        while position > 0 {
            let parent = (position - 1) / 2;
            if self.count_at(parent) <= self.count_at(position) {
                break;
            }
            self.swap(parent, position);
            position = parent;
        }
    }

    fn sift_down(&mut self, mut position: usize) {
        let len = self.heap.len();
        loop {
            let left = 2 * position + 1;
            if left >= len {
                break;
            }
            let right = left + 1;
            let smaller = if right < len && self.count_at(right) < self.count_at(left) {
                right
            } else {
                left
            };
            if self.count_at(position) <= self.count_at(smaller) {
                break;
            }
            self.swap(position, smaller);
            position = smaller;
        }
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
    use crate::profile::hash::hash_bytes;

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
        let n = 10_000;
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
    fn long_values_are_cut_on_a_character_boundary() {
        let long = "é".repeat(150);
        let mut out = String::new();
        write_label(&long, &mut out);
        assert!(out.ends_with('…'));
        assert_eq!(out.len(), MAX_LABEL_BYTES + '…'.len_utf8());
    }
}
