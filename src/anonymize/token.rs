//! Keyed-hash tokens: the same value and salt always give the same token, and without
//! the salt a token says nothing about its value.
//!
//! A token is a readable prefix (`id-`, `name-`, …) followed by the first
//! [`DIGEST_CHARS`] characters of the lowercase base32 form (RFC 4648 alphabet, no
//! padding) of HMAC-SHA256(salt, UTF-8 bytes of the value): 100 bits, so two different
//! values sharing a token is not a practical concern even in billions of rows.
//!
//! The digest depends on the value only, not on the column, so a value that appears
//! in two columns (a commitment's ID in ResourceId and CommitmentDiscountId) gets the
//! same digest in both, and in every file anonymized with the same salt.

use std::collections::HashMap;

use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// Characters of digest in a token: 20 base32 characters carry 100 bits.
pub const DIGEST_CHARS: usize = 20;

/// Distinct values remembered before the cache is emptied. Billing data repeats the
/// same few IDs on many rows, so a small cache saves most HMAC computations while
/// keeping memory bounded whatever the file size.
const CACHE_LIMIT: usize = 1 << 16;

const BASE32: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";

/// Makes tokens with one salt.
pub(crate) struct Tokenizer {
    /// The HMAC state after absorbing the key, cloned for each value.
    keyed: HmacSha256,
    cache: HashMap<Box<[u8]>, [u8; DIGEST_CHARS]>,
}

impl Tokenizer {
    /// A tokenizer keyed with `salt`. HMAC takes keys of any length, so this only
    /// fails if the hashing library refuses the key, which it documents it never does.
    pub(crate) fn new(salt: &[u8]) -> Option<Self> {
        let keyed = <HmacSha256 as Mac>::new_from_slice(salt).ok()?;
        Some(Tokenizer { keyed, cache: HashMap::new() })
    }

    /// The base32 digest characters of `value`.
    pub(crate) fn digest(&mut self, value: &[u8]) -> [u8; DIGEST_CHARS] {
        if let Some(digest) = self.cache.get(value) {
            return *digest;
        }
        let mut mac = self.keyed.clone();
        mac.update(value);
        let digest = base32_prefix(&mac.finalize().into_bytes());
        if self.cache.len() >= CACHE_LIMIT {
            self.cache.clear();
        }
        self.cache.insert(value.into(), digest);
        digest
    }

    /// Appends `prefix` and the digest of `value` to `out`.
    pub(crate) fn push_token(&mut self, prefix: &str, value: &[u8], out: &mut String) {
        let digest = self.digest(value);
        out.push_str(prefix);
        // The digest is made of ASCII letters and digits only.
        out.extend(digest.iter().map(|&b| char::from(b)));
    }

    /// `prefix` followed by the digest of `value`.
    pub(crate) fn token(&mut self, prefix: &str, value: &[u8]) -> String {
        let mut out = String::with_capacity(prefix.len() + DIGEST_CHARS);
        self.push_token(prefix, value, &mut out);
        out
    }
}

/// The first [`DIGEST_CHARS`] base32 characters of `bytes` (which must hold at least
/// `DIGEST_CHARS * 5` bits; a SHA-256 output holds 256).
fn base32_prefix(bytes: &[u8]) -> [u8; DIGEST_CHARS] {
    let mut out = [0u8; DIGEST_CHARS];
    for (i, slot) in out.iter_mut().enumerate() {
        let bit = i * 5;
        let byte = bit / 8;
        // Two bytes hold every 5-bit group; past the end reads as zero bits.
        let pair = u16::from(bytes.get(byte).copied().unwrap_or(0)) << 8
            | u16::from(bytes.get(byte + 1).copied().unwrap_or(0));
        let shift = 16 - 5 - (bit % 8);
        *slot = BASE32[usize::from((pair >> shift) & 0x1f)];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base32_matches_rfc_4648_test_vectors() {
        // RFC 4648 section 10: BASE32("foobar") = "MZXW6YTBOI======".
        let digest = base32_prefix(b"foobar\0\0\0\0\0\0\0");
        assert_eq!(&digest[..10], b"mzxw6ytboi");
    }

    #[test]
    fn hmac_matches_rfc_4231_test_case_2() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        let mut mac = <HmacSha256 as Mac>::new_from_slice(b"Jefe").unwrap();
        mac.update(b"what do ya want for nothing?");
        let bytes = mac.finalize().into_bytes();
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    #[test]
    fn tokens_depend_on_value_and_salt_only() {
        let mut a = Tokenizer::new(b"salt-one").unwrap();
        let mut b = Tokenizer::new(b"salt-one").unwrap();
        let mut c = Tokenizer::new(b"salt-two").unwrap();
        let token = a.token("id-", b"123456789012");
        assert_eq!(token.len(), 3 + DIGEST_CHARS);
        assert!(token.starts_with("id-"));
        assert_eq!(token, b.token("id-", b"123456789012"));
        assert_eq!(token, a.token("id-", b"123456789012"), "cached value differs");
        assert_ne!(token, c.token("id-", b"123456789012"));
        assert_ne!(token, a.token("id-", b"123456789013"));
        assert_eq!(&a.token("name-", b"x")[5..], &a.token("id-", b"x")[3..]);
    }

    #[test]
    fn cache_stays_bounded() {
        let mut t = Tokenizer::new(b"s").unwrap();
        let first = t.token("id-", b"0");
        for i in 0..(CACHE_LIMIT + 10) {
            t.digest(i.to_string().as_bytes());
        }
        assert!(t.cache.len() <= CACHE_LIMIT);
        assert_eq!(first, t.token("id-", b"0"));
    }
}
