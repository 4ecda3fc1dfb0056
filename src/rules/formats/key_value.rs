//! KeyValueFormat: a serialized JSON object (ECMA-404) with unique keys whose values
//! are strings, numbers, `true`, `false` or `null`, never objects or arrays.
//!
//! Common JSON parsers keep the last of two equal keys without a word, so this module
//! has its own small scanner that sees every key. For SkuPriceDetails it also checks
//! the keys: FOCUS-defined keys exactly as the specification spells them and with the
//! listed value type, other keys prefixed `x_`, and all keys PascalCase (a SHOULD).

use std::borrow::Cow;

use crate::focus::{sku_price_details_key, KeyType};
use crate::rules::facet::*;

/// The JSON type of a value in the object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ValueKind {
    String,
    Number,
    Bool,
    Null,
    Nested,
}

/// The facets a key-value text violates. `sku_keys` adds the SkuPriceDetails key rules.
pub fn analyze(text: &[u8], sku_keys: bool) -> Facets {
    let mut scanner = Scanner { t: text, i: 0 };
    let members = match scanner.object() {
        Ok(members) => members,
        Err(()) => return KV_FORMAT | KV_NOT_OBJECT,
    };
    let mut facets = 0;
    for (n, (key, kind)) in members.iter().enumerate() {
        if members[..n].iter().any(|(k, _)| k == key) {
            facets |= KV_FORMAT | KV_DUPLICATE_KEY;
        }
        if *kind == ValueKind::Nested {
            facets |= KV_FORMAT | KV_NESTED | KV_NOT_SCALAR;
        }
        if sku_keys {
            facets |= sku_key_facets(key, *kind);
        }
    }
    facets
}

/// The SkuPriceDetails facets of one key and its value.
fn sku_key_facets(key: &str, kind: ValueKind) -> Facets {
    match sku_price_details_key(key) {
        Some(focus_key) if focus_key.key == key => {
            let type_ok = matches!(
                (focus_key.key_type, kind),
                (_, ValueKind::Null)
                    | (KeyType::Numeric, ValueKind::Number)
                    | (KeyType::String, ValueKind::String)
            );
            if type_ok {
                0
            } else {
                SKU_KEY_TYPE
            }
        }
        // A FOCUS key in the wrong case: reported as a casing error, not as a custom key.
        Some(_) => SKU_KEY_CASE,
        None => {
            let mut facets = 0;
            let name = match key.strip_prefix("x_") {
                Some(rest) => rest,
                None => {
                    facets |= SKU_CUSTOM_PREFIX;
                    key
                }
            };
            if !is_pascal_case(name) {
                facets |= SKU_PASCAL_CASE;
            }
            facets
        }
    }
}

/// `^[A-Z][A-Za-z0-9]*$`.
pub fn is_pascal_case(name: &str) -> bool {
    let b = name.as_bytes();
    b.first().is_some_and(u8::is_ascii_uppercase) && b.iter().all(u8::is_ascii_alphanumeric)
}

/// A strict ECMA-404 scanner over bytes.
struct Scanner<'a> {
    t: &'a [u8],
    i: usize,
}

type Scan<T> = Result<T, ()>;

impl<'a> Scanner<'a> {
    fn ws(&mut self) {
        while self.i < self.t.len() && matches!(self.t[self.i], b' ' | b'\t' | b'\n' | b'\r') {
            self.i += 1;
        }
    }

    fn eat(&mut self, b: u8) -> bool {
        if self.t.get(self.i) == Some(&b) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    /// The whole text as one object: its members with the kind of each value.
    fn object(&mut self) -> Scan<Vec<(Cow<'a, str>, ValueKind)>> {
        self.ws();
        if !self.eat(b'{') {
            return Err(());
        }
        let mut members = Vec::new();
        self.ws();
        if !self.eat(b'}') {
            loop {
                self.ws();
                let key = self.string()?;
                self.ws();
                if !self.eat(b':') {
                    return Err(());
                }
                self.ws();
                let kind = self.value(0)?;
                members.push((key, kind));
                self.ws();
                if self.eat(b',') {
                    continue;
                }
                if self.eat(b'}') {
                    break;
                }
                return Err(());
            }
        }
        self.ws();
        if self.i != self.t.len() {
            return Err(());
        }
        Ok(members)
    }

    /// One value; nested objects and arrays are validated and reported as `Nested`.
    fn value(&mut self, depth: usize) -> Scan<ValueKind> {
        if depth > 64 {
            return Err(());
        }
        match self.t.get(self.i) {
            Some(b'"') => self.string().map(|_| ValueKind::String),
            Some(b'{') => {
                self.i += 1;
                self.ws();
                if !self.eat(b'}') {
                    loop {
                        self.ws();
                        self.string()?;
                        self.ws();
                        if !self.eat(b':') {
                            return Err(());
                        }
                        self.ws();
                        self.value(depth + 1)?;
                        self.ws();
                        if self.eat(b',') {
                            continue;
                        }
                        if self.eat(b'}') {
                            break;
                        }
                        return Err(());
                    }
                }
                Ok(ValueKind::Nested)
            }
            Some(b'[') => {
                self.i += 1;
                self.ws();
                if !self.eat(b']') {
                    loop {
                        self.ws();
                        self.value(depth + 1)?;
                        self.ws();
                        if self.eat(b',') {
                            continue;
                        }
                        if self.eat(b']') {
                            break;
                        }
                        return Err(());
                    }
                }
                Ok(ValueKind::Nested)
            }
            Some(b't') => self.literal(b"true").map(|_| ValueKind::Bool),
            Some(b'f') => self.literal(b"false").map(|_| ValueKind::Bool),
            Some(b'n') => self.literal(b"null").map(|_| ValueKind::Null),
            Some(b'-' | b'0'..=b'9') => self.number().map(|_| ValueKind::Number),
            _ => Err(()),
        }
    }

    fn literal(&mut self, word: &[u8]) -> Scan<()> {
        if self.t[self.i..].starts_with(word) {
            self.i += word.len();
            Ok(())
        } else {
            Err(())
        }
    }

    /// `-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?`
    fn number(&mut self) -> Scan<()> {
        self.eat(b'-');
        match self.t.get(self.i) {
            Some(b'0') => self.i += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(()),
        }
        if self.eat(b'.') {
            let start = self.i;
            self.digits();
            if self.i == start {
                return Err(());
            }
        }
        if self.eat(b'e') || self.eat(b'E') {
            if !self.eat(b'+') {
                self.eat(b'-');
            }
            let start = self.i;
            self.digits();
            if self.i == start {
                return Err(());
            }
        }
        Ok(())
    }

    fn digits(&mut self) {
        while self.i < self.t.len() && self.t[self.i].is_ascii_digit() {
            self.i += 1;
        }
    }

    /// A string, decoded only when it has escapes (keys are compared decoded).
    fn string(&mut self) -> Scan<Cow<'a, str>> {
        if !self.eat(b'"') {
            return Err(());
        }
        let start = self.i;
        let mut decoded: Option<String> = None;
        loop {
            let Some(&b) = self.t.get(self.i) else {
                return Err(());
            };
            match b {
                b'"' => {
                    let raw = std::str::from_utf8(&self.t[start..self.i]).map_err(|_| ())?;
                    self.i += 1;
                    return Ok(match decoded {
                        Some(s) => Cow::Owned(s),
                        None => Cow::Borrowed(raw),
                    });
                }
                b'\\' => {
                    let out = decoded.get_or_insert_with(|| {
                        String::from_utf8_lossy(&self.t[start..self.i]).into_owned()
                    });
                    self.i += 1;
                    let Some(&e) = self.t.get(self.i) else {
                        return Err(());
                    };
                    self.i += 1;
                    match e {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let hex = self.t.get(self.i..self.i + 4).ok_or(())?;
                            let hex = std::str::from_utf8(hex).map_err(|_| ())?;
                            let code = u32::from_str_radix(hex, 16).map_err(|_| ())?;
                            self.i += 4;
                            // Lone surrogates are kept as U+FFFD: the key stays comparable.
                            out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                        }
                        _ => return Err(()),
                    }
                }
                0x00..=0x1f => return Err(()),
                _ => {
                    if let Some(out) = decoded.as_mut() {
                        // Copy one UTF-8 character.
                        let len = utf8_len(b);
                        let chunk = self.t.get(self.i..self.i + len).ok_or(())?;
                        out.push_str(std::str::from_utf8(chunk).map_err(|_| ())?);
                        self.i += len;
                        continue;
                    }
                    self.i += 1;
                }
            }
        }
    }
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xf0..=0xff => 4,
        0xe0..=0xef => 3,
        0xc0..=0xdf => 2,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(text: &str) -> Facets {
        analyze(text.as_bytes(), false)
    }

    fn sku(text: &str) -> Facets {
        analyze(text.as_bytes(), true)
    }

    #[test]
    fn flat_objects_pass() {
        assert_eq!(tags(r#"{}"#), 0);
        assert_eq!(
            tags(r#"{"env": "prod", "cost": 1.5e3, "flag": true, "gone": null}"#),
            0
        );
        assert_eq!(tags(r#" { "a\"b" : "c\u00e9" } "#), 0);
    }

    #[test]
    fn duplicate_keys_fail() {
        assert_eq!(tags(r#"{"a":1,"a":2}"#), KV_FORMAT | KV_DUPLICATE_KEY);
        // The same key written with an escape is still the same key.
        assert_eq!(tags(r#"{"a":1,"\u0061":2}"#), KV_FORMAT | KV_DUPLICATE_KEY);
    }

    #[test]
    fn nested_values_fail() {
        assert_eq!(
            tags(r#"{"a":{"b":1}}"#),
            KV_FORMAT | KV_NESTED | KV_NOT_SCALAR
        );
        assert_eq!(
            tags(r#"{"a":[1,2]}"#),
            KV_FORMAT | KV_NESTED | KV_NOT_SCALAR
        );
    }

    #[test]
    fn non_objects_and_broken_json_fail() {
        for bad in [
            "[1]",
            "1",
            "\"a\"",
            "null",
            "{",
            "{'a':1}",
            "{\"a\":1,}",
            "{\"a\":01}",
            "{\"a\":1} x",
            "",
            "{\"a\":tru}",
            "{\"a\":\"\u{1}\"}",
        ] {
            assert_eq!(tags(bad), KV_FORMAT | KV_NOT_OBJECT, "{bad}");
        }
    }

    #[test]
    fn sku_focus_keys_need_the_listed_type() {
        assert_eq!(sku(r#"{"CoreCount": 4, "InstanceType": "m5.large"}"#), 0);
        assert_eq!(sku(r#"{"CoreCount": "4"}"#), SKU_KEY_TYPE);
        assert_eq!(sku(r#"{"DiskType": 1}"#), SKU_KEY_TYPE);
        assert_eq!(sku(r#"{"CoreCount": null}"#), 0);
    }

    #[test]
    fn sku_keys_in_the_wrong_case_are_casing_errors() {
        assert_eq!(sku(r#"{"coreCount": 4}"#), SKU_KEY_CASE);
    }

    #[test]
    fn sku_custom_keys_need_the_prefix_and_should_be_pascal_case() {
        assert_eq!(sku(r#"{"x_CacheSize": 4}"#), 0);
        assert_eq!(sku(r#"{"CacheSize": 4}"#), SKU_CUSTOM_PREFIX);
        assert_eq!(sku(r#"{"x_cache_size": 4}"#), SKU_PASCAL_CASE);
        assert_eq!(
            sku(r#"{"cache_size": 4}"#),
            SKU_CUSTOM_PREFIX | SKU_PASCAL_CASE
        );
    }

    #[test]
    fn tags_do_not_get_sku_key_rules() {
        assert_eq!(tags(r#"{"cache_size": 4}"#), 0);
    }
}
