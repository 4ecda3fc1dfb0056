//! Equality and order of byte strings, eight bytes at a time.
//!
//! Slice comparison in Rust calls `memcmp`. Natively that is the C library's vectorized
//! routine; in WebAssembly it is a plain loop over single bytes (the compiler's built-in
//! fallback), and the validator compares a cell with the one above it for every cell of
//! every text column, and the profile compares text values for min and max. Comparing
//! whole 64-bit words instead takes a fraction of the WebAssembly instructions; natively,
//! for cells this short, it is no slower (callgrind counts slightly fewer instructions).

use std::cmp::Ordering;

/// The 8-byte word at `at` of `bytes`, most significant byte first, so that comparing
/// two words as integers orders them as their bytes would be ordered.
#[inline(always)]
fn word(bytes: &[u8], at: usize) -> u64 {
    let mut word = [0u8; 8];
    word.copy_from_slice(&bytes[at..at + 8]);
    u64::from_be_bytes(word)
}

/// True when `a` and `b` hold the same bytes (the same as `a == b`).
#[inline]
pub fn equal(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let whole = a.len() / 8 * 8;
    let mut at = 0;
    while at < whole {
        if word(a, at) != word(b, at) {
            return false;
        }
        at += 8;
    }
    a[whole..].iter().zip(&b[whole..]).all(|(x, y)| x == y)
}

/// Orders `a` and `b` byte by byte, a prefix first (the same as `a.cmp(b)`).
#[inline]
pub fn order(a: &[u8], b: &[u8]) -> Ordering {
    let shared = a.len().min(b.len());
    let whole = shared / 8 * 8;
    let mut at = 0;
    while at < whole {
        let (x, y) = (word(a, at), word(b, at));
        if x != y {
            return x.cmp(&y);
        }
        at += 8;
    }
    for (x, y) in a[whole..shared].iter().zip(&b[whole..shared]) {
        if x != y {
            return x.cmp(y);
        }
    }
    a.len().cmp(&b.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Byte strings that share long prefixes and differ in every position, with bytes
    /// above 0x7F (where a signed comparison would go wrong) and lengths around 8 and 16.
    fn samples() -> Vec<Vec<u8>> {
        let mut random = crate::test_random::Random(0x9E37_79B9_7F4A_7C15);
        let mut next = move || random.next();
        let mut out: Vec<Vec<u8>> = vec![Vec::new(), b"a".to_vec(), b"a\0".to_vec()];
        let base: Vec<u8> = (0..40u8).map(|i| b'0' + i % 10).collect();
        for _ in 0..400 {
            let len = (next() % 33) as usize;
            let mut value = base[..len].to_vec();
            if len > 0 && next() % 2 == 0 {
                let at = (next() as usize) % len;
                value[at] = (next() % 256) as u8;
            }
            out.push(value);
        }
        out
    }

    #[test]
    fn equal_agrees_with_slice_equality() {
        let samples = samples();
        for a in &samples {
            for b in &samples {
                assert_eq!(equal(a, b), a == b, "{a:?} and {b:?}");
            }
        }
    }

    #[test]
    fn order_agrees_with_slice_order() {
        let samples = samples();
        for a in &samples {
            for b in &samples {
                assert_eq!(order(a, b), a.cmp(b), "{a:?} and {b:?}");
            }
        }
    }
}
