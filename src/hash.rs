//! A fast 64-bit hash of cell values, for the profile's distinct-count sketch and
//! top-values table, and the maps keyed by cell values ([`crate::byte_map`]). (The sample
//! facts fingerprint identifiers with a cheaper hash of their own: one multiply per word,
//! mixed once at the end, which is all a key needs.)
//!
//! The sketch needs well-mixed bits most: HyperLogLog reads the leading bits as a register
//! index and the run of zeros after them as its observation, so a weak hash would bias
//! the count.
//! Each 8-byte word goes through MurmurHash3's word mixing and the result through its
//! 64-bit finalizer, which spreads every input bit over every output bit. The values are
//! the user's own data hashed on their own machine, so no key is needed against hash
//! flooding.

const K1: u64 = 0x87c3_7b91_1142_53d5;
const K2: u64 = 0x4cf5_ad43_2745_937f;

/// Mixes one word into the running state (MurmurHash3 x64's body step).
#[inline]
fn mix(state: u64, word: u64) -> u64 {
    let word = word.wrapping_mul(K1).rotate_left(31).wrapping_mul(K2);
    (state ^ word)
        .rotate_left(27)
        .wrapping_mul(5)
        .wrapping_add(0x52dc_e729)
}

/// MurmurHash3's 64-bit finalizer: every input bit flips about half the output bits.
#[inline]
fn finalize(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// The hash of a byte string (a text cell). The length is mixed in first, so values
/// that differ only by trailing zero bytes still differ.
#[inline]
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h = (bytes.len() as u64).wrapping_mul(K2);
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        h = mix(h, u64::from_le_bytes(word));
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        h = mix(h, tail_word(rest));
    }
    finalize(h)
}

/// The last 1 to 7 bytes of a value as one little-endian word, zero-padded: the same
/// word a copy into a zeroed `[u8; 8]` gives, built from at most two loads. (That copy
/// has a length known only at run time, which wasm makes a `memory.copy`: a call out of
/// the compiled code for every text cell.)
#[inline]
fn tail_word(rest: &[u8]) -> u64 {
    let n = rest.len();
    if n >= 4 {
        // The first four bytes and the last four, which overlap when n < 8: where they
        // do, both hold the same bytes at the same places.
        let first = u32::from_le_bytes([rest[0], rest[1], rest[2], rest[3]]) as u64;
        let last = u32::from_le_bytes([rest[n - 4], rest[n - 3], rest[n - 2], rest[n - 1]]) as u64;
        first | last << (8 * (n - 4))
    } else {
        // One to three bytes: the first, the middle and the last (some the same byte).
        rest[0] as u64 | (rest[n / 2] as u64) << (8 * (n / 2)) | (rest[n - 1] as u64) << (8 * (n - 1))
    }
}

/// The hash of a typed value given as up to two words (a 128-bit mantissa, a float's
/// bits, an instant) and a tag that tells apart values of different meaning with the
/// same bits (for example the scale of a decimal).
#[inline]
pub fn hash_words(low: u64, high: u64, tag: u64) -> u64 {
    finalize(mix(mix(tag.wrapping_mul(K1), low), high))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_bytes_hash_equal_and_lengths_matter() {
        assert_eq!(hash_bytes(b"Usage"), hash_bytes(b"Usage"));
        assert_ne!(hash_bytes(b"a"), hash_bytes(b"a\0"));
        assert_ne!(hash_bytes(b""), hash_bytes(b"\0"));
        assert_ne!(hash_words(150, 0, 2), hash_words(150, 0, 3));
    }

    #[test]
    fn the_tail_word_is_the_zero_padded_bytes() {
        let bytes = b"abcdefg";
        for n in 1..=7 {
            let mut padded = [0u8; 8];
            padded[..n].copy_from_slice(&bytes[..n]);
            assert_eq!(tail_word(&bytes[..n]), u64::from_le_bytes(padded), "{n} bytes");
        }
    }

    #[test]
    fn bits_are_balanced_over_sequential_inputs() {
        // Each output bit should be set about half the time even for near-identical inputs.
        let n = 20_000u32;
        let mut ones = [0u32; 64];
        for i in 0..n {
            let h = hash_bytes(format!("id-{i}").as_bytes());
            for (bit, count) in ones.iter_mut().enumerate() {
                *count += ((h >> bit) & 1) as u32;
            }
        }
        for (bit, count) in ones.iter().enumerate() {
            let share = *count as f64 / n as f64;
            assert!(
                (0.47..0.53).contains(&share),
                "bit {bit} set in {share:.3} of hashes"
            );
        }
    }
}
