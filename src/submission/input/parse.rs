//! Reads a kit input field by field, so a wrong value is reported with its path
//! (`kils[1].root_cause`) and a plain reason, which serde's own errors (a line and a
//! column) do not give.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::{
    Attestation, AttestationStatus, ColumnMappingEntry, DeviationNote, InputError, InvoiceTotal,
    Kil, KitInput, Transform, KIT_INPUT_FORMAT,
};
use crate::focus::{catalogue, is_iso_currency, FocusVersion};
use crate::rules::registry;
use crate::submission::criteria::{criterion, CRITERIA};

/// Parses and checks a whole kit input.
pub fn parse(text: &str) -> Result<KitInput, InputError> {
    let value: Value = serde_json::from_str(text).map_err(|e| InputError {
        path: String::new(),
        reason: format!(
            "this is not valid JSON (line {}, column {}: {e})",
            e.line(),
            e.column()
        ),
    })?;
    let root = object(&value, "")?;
    only_keys(
        root,
        "",
        &[
            "format",
            "data_generator",
            "dataset",
            "contact",
            "sample_period",
            "deviations",
            "kils",
            "attestations",
            "invoice_totals",
            "column_mapping",
        ],
    )?;
    match root.get("format") {
        Some(Value::String(f)) if f == KIT_INPUT_FORMAT => {}
        Some(Value::String(f)) => {
            return Err(error("format", format!("is \"{f}\"; certkit reads \"{KIT_INPUT_FORMAT}\" (a file from a newer certkit, or not a kit input)")))
        }
        Some(_) => return Err(error("format", format!("must be the text \"{KIT_INPUT_FORMAT}\""))),
        None => return Err(error("format", format!("is missing; a kit input starts with \"format\": \"{KIT_INPUT_FORMAT}\""))),
    }
    Ok(KitInput {
        format: KIT_INPUT_FORMAT.to_string(),
        data_generator: text_field(root, "", "data_generator")?,
        dataset: text_field(root, "", "dataset")?,
        contact: text_field(root, "", "contact")?,
        sample_period: text_field(root, "", "sample_period")?,
        deviations: deviations(root.get("deviations"))?,
        kils: kils(root.get("kils"))?,
        attestations: attestations(root.get("attestations"))?,
        invoice_totals: invoice_totals(root.get("invoice_totals"))?,
        column_mapping: column_mapping(root.get("column_mapping"))?,
    })
}

/// True for a plain decimal number as text: an optional minus, digits, optionally a
/// point and more digits (`123`, `-4.50`); no thousands separators, no exponent.
pub fn is_decimal(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = match digits.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (digits, None),
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    all_digits(whole) && fraction.is_none_or(all_digits)
}

fn deviations(value: Option<&Value>) -> Result<BTreeMap<String, DeviationNote>, InputError> {
    let mut out = BTreeMap::new();
    let Some(map) = optional_object(value, "deviations")? else {
        return Ok(out);
    };
    for (rule_id, entry) in map {
        let path = format!("deviations.{rule_id}");
        known_rule(rule_id, &path)?;
        let fields = object(entry, &path)?;
        only_keys(fields, &path, &["workaround", "planned_fix", "kil"])?;
        let kil = match fields.get("kil") {
            None | Some(Value::Null) => false,
            Some(Value::Bool(b)) => *b,
            Some(_) => return Err(error(&join(&path, "kil"), "must be true or false")),
        };
        out.insert(
            rule_id.clone(),
            DeviationNote {
                workaround: text_field(fields, &path, "workaround")?,
                planned_fix: text_field(fields, &path, "planned_fix")?,
                kil,
            },
        );
    }
    Ok(out)
}

fn kils(value: Option<&Value>) -> Result<Vec<Kil>, InputError> {
    let items = match value {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(items)) => items,
        Some(_) => {
            return Err(error(
                "kils",
                "must be a list of KIL requests ([ { \"id\": \"KIL-1\", … } ])",
            ))
        }
    };
    let mut out = Vec::new();
    let mut ids = BTreeSet::new();
    for (i, item) in items.iter().enumerate() {
        let path = format!("kils[{i}]");
        let fields = object(item, &path)?;
        only_keys(
            fields,
            &path,
            &[
                "id",
                "rule_ids",
                "title",
                "providers_affected",
                "root_cause",
                "workaround",
            ],
        )?;
        let id = text_field(fields, &path, "id")?;
        if id.trim().is_empty() {
            return Err(error(
                &join(&path, "id"),
                "is missing or empty; give each KIL request an identifier such as \"KIL-1\"",
            ));
        }
        if !ids.insert(id.clone()) {
            return Err(error(
                &join(&path, "id"),
                format!(
                    "\"{id}\" is used by an earlier KIL request; each needs its own identifier"
                ),
            ));
        }
        let rule_ids = text_list(fields, &path, "rule_ids")?;
        for (j, rule_id) in rule_ids.iter().enumerate() {
            known_rule(rule_id, &format!("{path}.rule_ids[{j}]"))?;
        }
        out.push(Kil {
            id,
            rule_ids,
            title: text_field(fields, &path, "title")?,
            providers_affected: text_list(fields, &path, "providers_affected")?,
            root_cause: text_field(fields, &path, "root_cause")?,
            workaround: text_field(fields, &path, "workaround")?,
        });
    }
    Ok(out)
}

fn attestations(value: Option<&Value>) -> Result<BTreeMap<String, Attestation>, InputError> {
    let mut out = BTreeMap::new();
    let Some(map) = optional_object(value, "attestations")? else {
        return Ok(out);
    };
    for (id, entry) in map {
        let path = format!("attestations.{id}");
        if criterion(id).is_none() {
            let known: Vec<&str> = CRITERIA.iter().map(|c| c.id).collect();
            return Err(error(
                &path,
                format!(
                    "is not one of the eleven criteria; use one of: {}",
                    known.join(", ")
                ),
            ));
        }
        let fields = object(entry, &path)?;
        only_keys(fields, &path, &["status", "note"])?;
        let status = match fields.get("status") {
            None | Some(Value::Null) => AttestationStatus::Unanswered,
            Some(Value::String(s)) => AttestationStatus::parse(s).ok_or_else(|| {
                error(&join(&path, "status"), format!("\"{s}\" is not a status; use attested, deviation, not-applicable or unanswered"))
            })?,
            Some(_) => return Err(error(&join(&path, "status"), "must be the text attested, deviation, not-applicable or unanswered")),
        };
        out.insert(
            id.clone(),
            Attestation {
                status,
                note: text_field(fields, &path, "note")?,
            },
        );
    }
    Ok(out)
}

fn invoice_totals(value: Option<&Value>) -> Result<BTreeMap<String, InvoiceTotal>, InputError> {
    let mut out = BTreeMap::new();
    let Some(map) = optional_object(value, "invoice_totals")? else {
        return Ok(out);
    };
    for (invoice, entry) in map {
        let path = format!("invoice_totals.{invoice}");
        if invoice.trim().is_empty() {
            return Err(error(&path, "an InvoiceId must not be empty"));
        }
        let fields = object(entry, &path)?;
        only_keys(fields, &path, &["total", "currency"])?;
        let total = match fields.get("total") {
            Some(Value::String(t)) if is_decimal(t.trim()) => t.trim().to_string(),
            Some(Value::String(t)) => {
                return Err(error(&join(&path, "total"), format!("\"{t}\" is not a plain decimal number; write it like \"1234.56\" (no thousands separators or currency signs)")))
            }
            Some(Value::Number(n)) => {
                return Err(error(&join(&path, "total"), format!("write the total as text, \"{n}\", so no digit is lost")))
            }
            None | Some(Value::Null) => return Err(error(&join(&path, "total"), "is missing; enter the invoice's payable total, e.g. \"1234.56\"")),
            Some(_) => return Err(error(&join(&path, "total"), "must be a decimal number written as text, e.g. \"1234.56\"")),
        };
        let currency = match fields.get("currency") {
            Some(Value::String(c)) if is_iso_currency(c.trim().as_bytes()) => c.trim().to_string(),
            Some(Value::String(c)) => {
                return Err(error(&join(&path, "currency"), format!("\"{c}\" is not an ISO 4217 currency code; write the invoice's currency like \"USD\" or \"EUR\"")))
            }
            None | Some(Value::Null) => return Err(error(&join(&path, "currency"), "is missing; enter the invoice's ISO 4217 currency code, e.g. \"USD\"")),
            Some(_) => return Err(error(&join(&path, "currency"), "must be an ISO 4217 currency code as text, e.g. \"USD\"")),
        };
        out.insert(invoice.clone(), InvoiceTotal { total, currency });
    }
    Ok(out)
}

fn column_mapping(
    value: Option<&Value>,
) -> Result<BTreeMap<String, ColumnMappingEntry>, InputError> {
    let mut out = BTreeMap::new();
    let Some(map) = optional_object(value, "column_mapping")? else {
        return Ok(out);
    };
    let focus = catalogue(FocusVersion::V1_2);
    for (column, entry) in map {
        let path = format!("column_mapping.{column}");
        let custom = column.len() > 2 && column.starts_with("x_");
        if !custom && !focus.contains(column) {
            let hint = focus
                .column_ignoring_case(column)
                .map(|c| format!(" (did you mean {}?)", c.id))
                .unwrap_or_default();
            return Err(error(
                &path,
                format!("is neither a FOCUS column nor a custom x_ column{hint}"),
            ));
        }
        let fields = object(entry, &path)?;
        only_keys(fields, &path, &["source", "transform", "notes"])?;
        let transform = match fields.get("transform") {
            None | Some(Value::Null) => None,
            Some(Value::String(t)) => Some(Transform::parse(t).ok_or_else(|| {
                let known: Vec<&str> = Transform::ALL.iter().map(|t| t.as_str()).collect();
                error(
                    &join(&path, "transform"),
                    format!(
                        "\"{t}\" is not a transform; use one of: {}",
                        known.join(", ")
                    ),
                )
            })?),
            Some(_) => {
                return Err(error(
                    &join(&path, "transform"),
                    "must be text such as \"Direct\" or \"Formula\"",
                ))
            }
        };
        out.insert(
            column.clone(),
            ColumnMappingEntry {
                source: text_field(fields, &path, "source")?,
                transform,
                notes: text_field(fields, &path, "notes")?,
            },
        );
    }
    Ok(out)
}

fn error(path: &str, reason: impl Into<String>) -> InputError {
    InputError {
        path: path.to_string(),
        reason: reason.into(),
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn describe(path: &str) -> String {
    if path.is_empty() {
        "the document".to_string()
    } else {
        path.to_string()
    }
}

/// The value as an object, or an error saying where an object was expected.
fn object<'a>(value: &'a Value, path: &str) -> Result<&'a Map<String, Value>, InputError> {
    value.as_object().ok_or_else(|| InputError {
        path: path.to_string(),
        reason: format!(
            "{} must be a JSON object ({{ … }})",
            if path.is_empty() {
                "the document"
            } else {
                "this field"
            }
        ),
    })
}

/// An optional object field: absent or null is `None`.
fn optional_object<'a>(
    value: Option<&'a Value>,
    path: &str,
) -> Result<Option<&'a Map<String, Value>>, InputError> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(v) => object(v, path).map(Some),
    }
}

/// Refuses fields not in `allowed`, naming the closest allowed ones.
fn only_keys(map: &Map<String, Value>, path: &str, allowed: &[&str]) -> Result<(), InputError> {
    match map.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(key) => Err(error(
            &join(path, key),
            format!(
                "is not a field of {}; the fields are: {}",
                describe(path),
                allowed.join(", ")
            ),
        )),
        None => Ok(()),
    }
}

/// A text field: absent or null is empty.
fn text_field(map: &Map<String, Value>, path: &str, key: &str) -> Result<String, InputError> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(String::new()),
        Some(Value::String(s)) => Ok(s.clone()),
        Some(_) => Err(error(&join(path, key), "must be text (a JSON string)")),
    }
}

/// A list of texts: absent or null is empty.
fn text_list(map: &Map<String, Value>, path: &str, key: &str) -> Result<Vec<String>, InputError> {
    let field = join(path, key);
    match map.get(key) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, item)| match item {
                Value::String(s) => Ok(s.clone()),
                _ => Err(error(
                    &format!("{field}[{i}]"),
                    "must be text (a JSON string)",
                )),
            })
            .collect(),
        Some(_) => Err(error(&field, "must be a list of texts ([\"…\", \"…\"])")),
    }
}

/// Refuses rule IDs the ruleset does not have.
fn known_rule(rule_id: &str, path: &str) -> Result<(), InputError> {
    if registry().rule(rule_id).is_some() {
        Ok(())
    } else {
        Err(error(path, format!("\"{rule_id}\" is not a rule ID of the FOCUS 1.2 ruleset; use the rule_id of a finding in the report")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals() {
        for ok in ["0", "123", "-4.50", "1234.5678"] {
            assert!(is_decimal(ok), "{ok}");
        }
        for bad in ["", "-", "1,234.00", "1e3", "$5", "1.", ".5", "1.2.3", " 1"] {
            assert!(!is_decimal(bad), "{bad}");
        }
    }

    #[test]
    fn minimal_document() {
        let input = parse(r#"{"format": "certkit-kit-input/1"}"#);
        assert_eq!(input, Ok(KitInput::default()));
    }
}
