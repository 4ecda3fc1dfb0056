//! Maps keyed by byte strings (cell values): the rule engine's memo of analysed values,
//! the cross-row checks' key maps, the profile's chart groups and the sample facts'
//! value tables.
//!
//! A `HashMap<Box<[u8]>, V>` hashes a key through `Hasher::write`, which copies the
//! key's last bytes into a word (a copy of run-time length: in WebAssembly, a call out
//! of the compiled code), and compares keys with `memcmp`, which in WebAssembly is a
//! loop over single bytes. These maps are looked up for most cells of a run, so they
//! hash with [`hash_bytes`] (whole words, the last one read with two loads) and compare
//! with [`bytes::equal`] (a word at a time). Keys are compared in full: two keys with
//! the same hash are still two entries.

use hashbrown::HashTable;

use crate::bytes;
use crate::hash::hash_bytes;

/// A map from byte strings to `V`.
#[derive(Clone)]
pub struct ByteMap<V> {
    table: HashTable<(Box<[u8]>, V)>,
}

impl<V> Default for ByteMap<V> {
    fn default() -> Self {
        ByteMap {
            table: HashTable::new(),
        }
    }
}

impl<V: std::fmt::Debug> std::fmt::Debug for ByteMap<V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map()
            .entries(self.iter().map(|(k, v)| (String::from_utf8_lossy(k), v)))
            .finish()
    }
}

impl<V> ByteMap<V> {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    /// How many keys the map holds.
    pub fn len(&self) -> usize {
        self.table.len()
    }

    /// True when the map holds no key.
    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }

    /// How many keys the map can hold before it grows (for memory accounting).
    pub fn capacity(&self) -> usize {
        self.table.capacity()
    }

    /// The value of `key`, if the map holds it.
    #[inline]
    pub fn get(&self, key: &[u8]) -> Option<&V> {
        self.table
            .find(hash_bytes(key), |(k, _)| bytes::equal(k, key))
            .map(|(_, v)| v)
    }

    /// The value of `key`, to change, if the map holds it.
    #[inline]
    pub fn get_mut(&mut self, key: &[u8]) -> Option<&mut V> {
        self.table
            .find_mut(hash_bytes(key), |(k, _)| bytes::equal(k, key))
            .map(|(_, v)| v)
    }

    /// True when the map holds `key`.
    pub fn contains_key(&self, key: &[u8]) -> bool {
        self.get(key).is_some()
    }

    /// Sets the value of `key`; returns the value it replaced, if any.
    pub fn insert(&mut self, key: &[u8], value: V) -> Option<V> {
        let hash = hash_bytes(key);
        match self.table.find_mut(hash, |(k, _)| bytes::equal(k, key)) {
            Some((_, old)) => Some(std::mem::replace(old, value)),
            None => {
                self.table
                    .insert_unique(hash, (key.into(), value), |(k, _)| hash_bytes(k));
                None
            }
        }
    }

    /// Every key and its value, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (&[u8], &V)> {
        self.table.iter().map(|(k, v)| (&**k, v))
    }

    /// Every key, in no particular order.
    pub fn keys(&self) -> impl Iterator<Item = &[u8]> {
        self.table.iter().map(|(k, _)| &**k)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_told_apart_by_their_bytes() {
        let mut map = ByteMap::new();
        assert!(map.is_empty());
        assert_eq!(map.insert(b"Compute", 1), None);
        assert_eq!(map.insert(b"compute", 2), None, "another key: case matters");
        assert_eq!(map.insert(b"", 3), None, "the empty key is a key");
        assert_eq!(map.insert(b"Compute", 4), Some(1), "the same key: replaced");
        assert_eq!(map.len(), 3);
        assert_eq!(map.get(b"Compute"), Some(&4));
        assert_eq!(map.get(b"compute"), Some(&2));
        assert_eq!(map.get(b""), Some(&3));
        assert_eq!(map.get(b"Comput"), None, "a prefix is not the key");
        assert_eq!(map.get(b"Compute\0"), None, "nor the key and a zero byte");
        *map.get_mut(b"compute").unwrap() += 10;
        assert_eq!(map.get(b"compute"), Some(&12));
        assert!(map.contains_key(b""));
        let mut keys: Vec<&[u8]> = map.keys().collect();
        keys.sort();
        assert_eq!(keys, [&b""[..], b"Compute", b"compute"]);
    }

    #[test]
    fn it_agrees_with_a_std_map_over_many_keys() {
        // Keys of every length from 0 to 40 bytes, many sharing prefixes and suffixes,
        // so the word-at-a-time hash and equality meet every tail length.
        let mut ours = ByteMap::new();
        let mut theirs = std::collections::HashMap::new();
        for i in 0u32..20_000 {
            let len = (i % 41) as usize;
            // Up to 300 keys of each length, made of three letters: about half the
            // inserts replace a value.
            let seed = (i as usize / 41) % 300;
            let key: Vec<u8> = (0..len).map(|j| b'a' + ((seed >> (j % 8)) % 3) as u8).collect();
            assert_eq!(ours.insert(&key, i), theirs.insert(key.clone(), i), "{key:?}");
        }
        assert_eq!(ours.len(), theirs.len());
        assert!(ours.len() > 2_000, "only {} distinct keys", ours.len());
        for (key, value) in &theirs {
            assert_eq!(ours.get(key), Some(value));
        }
        for (key, value) in ours.iter() {
            assert_eq!(theirs.get(key), Some(value));
        }
    }
}
