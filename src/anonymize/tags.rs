//! Tags: a JSON object whose keys say what is tagged (`environment`, `cost-center`)
//! and whose values say for whom (`prod`, `team-jane`).
//!
//! Keys are kept (or hashed, as an option), in their order and with duplicates, and
//! every non-null value becomes a `tag-` token: a string value is hashed as its text,
//! any other value (number, boolean, array, object) as its compact JSON text. The
//! object is written back as compact JSON. A cell that is not a JSON object cannot be
//! split into keys and values, so the whole text becomes one `tags-` token.

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::Value;

use super::token::Tokenizer;

/// Token prefix of tag values.
pub(crate) const VALUE_PREFIX: &str = "tag-";
/// Token prefix of tag keys, when they are hashed.
pub(crate) const KEY_PREFIX: &str = "key-";
/// Token prefix of a whole Tags cell that is not a JSON object.
pub(crate) const INVALID_PREFIX: &str = "tags-";

/// The result of rewriting one Tags cell.
pub(crate) enum Rewritten {
    /// A JSON object, written back with its values replaced; the count of values replaced.
    Object(String, u64),
    /// Not a JSON object: the token of the whole text.
    Invalid(String),
}

/// Rewrites one Tags cell.
pub(crate) fn rewrite(text: &str, tokenizer: &mut Tokenizer, hash_keys: bool) -> Rewritten {
    let Ok(Entries(entries)) = serde_json::from_str::<Entries>(text) else {
        return Rewritten::Invalid(tokenizer.token(INVALID_PREFIX, text.as_bytes()));
    };
    let mut out = String::with_capacity(text.len() + 16);
    let mut replaced = 0;
    out.push('{');
    for (index, (key, value)) in entries.iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        if hash_keys {
            push_json_string(&tokenizer.token(KEY_PREFIX, key.as_bytes()), &mut out);
        } else {
            push_json_string(key, &mut out);
        }
        out.push(':');
        match value {
            Value::Null => out.push_str("null"),
            Value::String(s) => {
                push_json_string(&tokenizer.token(VALUE_PREFIX, s.as_bytes()), &mut out);
                replaced += 1;
            }
            other => {
                let compact = other.to_string();
                push_json_string(&tokenizer.token(VALUE_PREFIX, compact.as_bytes()), &mut out);
                replaced += 1;
            }
        }
    }
    out.push('}');
    Rewritten::Object(out, replaced)
}

/// Appends `text` as a JSON string literal.
fn push_json_string(text: &str, out: &mut String) {
    // Serializing a &str cannot fail; the fallback keeps the output valid JSON anyway.
    match serde_json::to_string(text) {
        Ok(quoted) => out.push_str(&quoted),
        Err(_) => out.push_str("\"\""),
    }
}

/// The entries of a JSON object in file order, duplicates included (a map type
/// would sort the keys and merge duplicates, changing what the validator sees).
struct Entries(Vec<(String, Value)>);

impl<'de> Deserialize<'de> for Entries {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(EntriesVisitor)
    }
}

struct EntriesVisitor;

impl<'de> Visitor<'de> for EntriesVisitor {
    type Value = Entries;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entries, A::Error> {
        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0));
        while let Some(entry) = map.next_entry::<String, Value>()? {
            entries.push(entry);
        }
        Ok(Entries(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokenizer() -> Tokenizer {
        Tokenizer::new(b"test-salt").unwrap()
    }

    #[test]
    fn values_are_replaced_and_keys_kept_in_order() {
        let mut t = tokenizer();
        let Rewritten::Object(out, n) = rewrite(r#"{"team": "Jane Doe", "env": "prod", "a": null}"#, &mut t, false)
        else {
            panic!("not an object")
        };
        assert_eq!(n, 2);
        let expected =
            format!(r#"{{"team":"{}","env":"{}","a":null}}"#, t.token("tag-", b"Jane Doe"), t.token("tag-", b"prod"));
        assert_eq!(out, expected);
    }

    #[test]
    fn non_string_values_and_duplicates_are_kept_apart() {
        let mut t = tokenizer();
        let Rewritten::Object(out, n) = rewrite(r#"{"k":1,"k":[1,2],"o":{"x":"y"}}"#, &mut t, false) else {
            panic!("not an object")
        };
        assert_eq!(n, 3);
        assert!(out.starts_with(r#"{"k":"tag-"#));
        assert!(out.contains(&t.token("tag-", b"[1,2]")));
        assert!(out.contains(&t.token("tag-", br#"{"x":"y"}"#)));
        assert!(!out.contains("\"y\""), "{out}");
        let reparsed: Value = serde_json::from_str(&out).unwrap();
        assert!(reparsed.is_object());
    }

    #[test]
    fn keys_can_be_hashed() {
        let mut t = tokenizer();
        let Rewritten::Object(out, _) = rewrite(r#"{"owner-jane":"x"}"#, &mut t, true) else { panic!("not an object") };
        assert!(!out.contains("owner-jane"));
        assert!(out.contains(&t.token("key-", b"owner-jane")));
    }

    #[test]
    fn invalid_json_becomes_one_token() {
        let mut t = tokenizer();
        for text in ["{team: jane}", "[1,2]", "\"text\"", "{\"a\":1} trailing"] {
            match rewrite(text, &mut t, false) {
                Rewritten::Invalid(token) => assert_eq!(token, t.token("tags-", text.as_bytes())),
                Rewritten::Object(out, _) => panic!("{text} read as an object: {out}"),
            }
        }
    }

    #[test]
    fn escapes_in_keys_survive() {
        let mut t = tokenizer();
        let Rewritten::Object(out, _) = rewrite(r#"{"a\"b\u00e9":"v"}"#, &mut t, false) else {
            panic!("not an object")
        };
        assert!(out.starts_with(r#"{"a\"bé":"#), "{out}");
    }
}
