//! Where each value of a top-values table sits, found by the value's hash.
//!
//! A column of unique ids replaces a table entry on almost every row: one lookup that
//! misses, one removal and one insertion per cell. A general hash map does that with
//! group probing and control bytes, which in WebAssembly (32-bit words, no SIMD) costs
//! more than the rest of the table's work. The keys here are already well-mixed 64-bit
//! hashes and the table never holds more than a few thousand of them, so a flat array
//! with linear probing, kept at most half full, does each step in a few instructions.
//! Removal shifts the following entries back instead of leaving tombstones, so a table
//! that churns forever never slows down.

/// A map from value hashes to table positions, for at most `capacity` values.
#[derive(Debug, Clone)]
pub struct Slots {
    /// `(hash, position + 1)`; a position of 0 marks a free slot.
    slots: Vec<(u64, u32)>,
    mask: usize,
}

impl Slots {
    /// An empty map for at most `capacity` values.
    pub fn new(capacity: usize) -> Self {
        let size = (capacity.max(1) * 2).next_power_of_two();
        Slots {
            slots: vec![(0, 0); size],
            mask: size - 1,
        }
    }

    #[inline(always)]
    fn home(&self, hash: u64) -> usize {
        // The low bits: HyperLogLog reads the high ones, and the hashes are well mixed.
        hash as usize & self.mask
    }

    /// The position stored for `hash`.
    #[inline]
    pub fn get(&self, hash: u64) -> Option<usize> {
        let mut at = self.home(hash);
        loop {
            let (key, position) = self.slots[at];
            if position == 0 {
                return None;
            }
            if key == hash {
                return Some(position as usize - 1);
            }
            at = (at + 1) & self.mask;
        }
    }

    /// Stores `position` for `hash` (which must not be stored yet). The caller keeps
    /// within the capacity given to [`Slots::new`].
    #[inline]
    pub fn insert(&mut self, hash: u64, position: usize) {
        let mut at = self.home(hash);
        while self.slots[at].1 != 0 {
            at = (at + 1) & self.mask;
        }
        self.slots[at] = (hash, position as u32 + 1);
    }

    /// Forgets `hash`, if stored.
    #[inline]
    pub fn remove(&mut self, hash: u64) {
        let mut at = self.home(hash);
        loop {
            let (key, position) = self.slots[at];
            if position == 0 {
                return;
            }
            if key == hash {
                break;
            }
            at = (at + 1) & self.mask;
        }
        // Backward shift: each following entry that may move into the hole does, so
        // every entry stays reachable from its home without tombstones.
        let mut hole = at;
        let mut next = (hole + 1) & self.mask;
        while self.slots[next].1 != 0 {
            let home = self.home(self.slots[next].0);
            // The entry at `next` may fill the hole unless its home lies cyclically
            // after the hole and at or before `next`.
            let stays = if hole <= next {
                hole < home && home <= next
            } else {
                hole < home || home <= next
            };
            if !stays {
                self.slots[hole] = self.slots[next];
                hole = next;
            }
            next = (next + 1) & self.mask;
        }
        self.slots[hole] = (0, 0);
    }

    /// Heap bytes held.
    pub fn state_bytes(&self) -> usize {
        self.slots.capacity() * std::mem::size_of::<(u64, u32)>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn agrees_with_a_hash_map_under_churn() {
        // Hashes chosen to collide on their home slot often (few distinct high bits), so
        // probing and backward shifts are exercised, against a plain map as reference.
        let capacity = 64;
        let mut slots = Slots::new(capacity);
        let mut reference: HashMap<u64, usize> = HashMap::new();
        let mut random = crate::test_random::Random(12345);
        for step in 0..200_000usize {
            let state = random.next();
            let hash = ((state % 97) << 40) | ((state >> 20) % 7);
            match reference.get(&hash).copied() {
                Some(position) => {
                    assert_eq!(slots.get(hash), Some(position));
                    if step % 3 == 0 {
                        slots.remove(hash);
                        reference.remove(&hash);
                    }
                }
                None => {
                    assert_eq!(slots.get(hash), None);
                    if reference.len() < capacity {
                        slots.insert(hash, step % 1000);
                        reference.insert(hash, step % 1000);
                    } else {
                        let (&old, _) = reference.iter().next().expect("full");
                        slots.remove(old);
                        reference.remove(&old);
                    }
                }
            }
        }
        for (&hash, &position) in &reference {
            assert_eq!(slots.get(hash), Some(position));
        }
    }
}
