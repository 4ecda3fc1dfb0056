//! Identifiers followed across billing periods: each identifier's reference values
//! (the first non-null value of each attribute and its billing period), the conflicts
//! being listed, and the attribute values interned so identifiers keep small indexes.

use super::{FastMap, MAX_ATTRIBUTE_VALUES, NO_VALUE};
use crate::byte_map::ByteMap;

/// One attribute column's values → their index.
type ValueTable = ByteMap<u32>;

/// One identifier column being followed.
pub(super) struct IdTracker {
    pub(super) name: &'static str,
    pub(super) column: usize,
    /// The attribute columns present: (position, name).
    pub(super) attributes: Vec<(usize, &'static str)>,
    pub(super) spec_ref: &'static str,
    /// Identifier fingerprint → slot number, and the billing period in which all its
    /// attributes have their reference ([`NO_VALUE`] when none has them all, or when
    /// one of them conflicts and every row is looked at).
    pub(super) slots: FastMap<u64, (u32, u32)>,
    /// Per slot: a word of conflict flags (one bit per attribute), then for each
    /// attribute the billing period and value index of its reference.
    pub(super) words: Vec<u32>,
    /// (slot, attribute) → index of its listed conflict.
    pub(super) listed: FastMap<(u32, u8), u32>,
}

impl IdTracker {
    pub(super) fn new(
        name: &'static str,
        column: usize,
        attributes: Vec<(usize, &'static str)>,
        spec_ref: &'static str,
    ) -> Self {
        IdTracker {
            name,
            column,
            attributes,
            spec_ref,
            slots: FastMap::default(),
            words: Vec::new(),
            listed: FastMap::default(),
        }
    }

    pub(super) fn stride(&self) -> usize {
        1 + 2 * self.attributes.len()
    }

    pub(super) fn add_slot(&mut self, key: u64) -> usize {
        let slot = self.slots.len();
        self.slots.insert(key, (slot as u32, NO_VALUE));
        self.words.push(0);
        for _ in 0..self.attributes.len() {
            self.words.extend([NO_VALUE, NO_VALUE]);
        }
        slot
    }

    /// The billing period and value index of attribute `a`'s reference.
    pub(super) fn reference(&self, slot: usize, a: usize) -> (u32, u32) {
        let at = slot * self.stride() + 1 + 2 * a;
        (self.words[at], self.words[at + 1])
    }

    pub(super) fn set_reference(&mut self, slot: usize, a: usize, period: u32, value: u32) {
        let at = slot * self.stride() + 1 + 2 * a;
        self.words[at] = period;
        self.words[at + 1] = value;
    }

    pub(super) fn is_flagged(&self, slot: usize, a: usize) -> bool {
        self.words[slot * self.stride()] & (1 << a) != 0
    }

    pub(super) fn flag(&mut self, slot: usize, a: usize) {
        let at = slot * self.stride();
        self.words[at] |= 1 << a;
    }
}

/// A conflict being listed: the identifier, the attribute and its values by period.
pub(super) struct ConflictState {
    pub(super) tracker: usize,
    pub(super) attribute: usize,
    pub(super) id_value: String,
    /// (billing period, value index), the reference first.
    pub(super) values: Vec<(u32, u32)>,
}

/// Distinct attribute values, interned per attribute column so identifiers keep small
/// indexes instead of copies of the text.
#[derive(Default)]
pub(super) struct AttributeValues {
    /// Per attribute column position: value → index.
    pub(super) tables: Vec<(usize, ValueTable)>,
    pub(super) texts: Vec<Box<str>>,
    /// True once [`MAX_ATTRIBUTE_VALUES`] was reached.
    pub(super) full: bool,
}

impl AttributeValues {
    /// The index of `value` in column `column`, or [`NO_VALUE`] when the table is full.
    pub(super) fn index_of(&mut self, column: usize, value: &[u8]) -> u32 {
        let table = match self.tables.iter().position(|(c, _)| *c == column) {
            Some(t) => t,
            None => {
                self.tables.push((column, ByteMap::new()));
                self.tables.len() - 1
            }
        };
        if let Some(&i) = self.tables[table].1.get(value) {
            return i;
        }
        if self.texts.len() >= MAX_ATTRIBUTE_VALUES {
            self.full = true;
            return NO_VALUE;
        }
        let i = self.texts.len() as u32;
        self.texts
            .push(String::from_utf8_lossy(value).into_owned().into_boxed_str());
        self.tables[table].1.insert(value, i);
        i
    }

    pub(super) fn text(&self, index: u32) -> Option<String> {
        self.texts.get(index as usize).map(|t| t.to_string())
    }
}
