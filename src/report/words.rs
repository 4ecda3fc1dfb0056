//! Small pieces of wording shared by the renderers, so every format says things the same way.

use serde::Serialize;

use super::model::{Finding, Report};
use crate::rules::verdict::CountsAs;

/// The name an enum value has in the JSON report (e.g. `Mandatory`, `not_evaluated`).
pub fn label<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

/// `1234567` → `1,234,567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `3 of 1,000 rows (0.3%)`.
pub fn share(failed: u64, checked: u64, unit: &str) -> String {
    if checked == 0 {
        return format!("{} {unit}", thousands(failed));
    }
    let percent = failed as f64 * 100.0 / checked as f64;
    let precision = if percent < 1.0 && percent > 0.0 { 2 } else { 1 };
    format!("{} of {} {unit} ({percent:.precision$}%)", thousands(failed), thousands(checked))
}

/// One line that says whether the sample would pass, and why not.
pub fn verdict_line(report: &Report) -> String {
    let c = &report.certification;
    if c.eligible {
        return format!(
            "PASS: eligible for {} ({} deviations, {} disclosures).",
            c.program, c.deviations, c.disclosures
        );
    }
    let mut why = Vec::new();
    if !c.blocking.is_empty() {
        why.push(format!("{} blocking", c.blocking.len()));
    }
    if c.deviations > c.max_deviations {
        why.push(format!("{} deviations (at most {} allowed)", c.deviations, c.max_deviations));
    }
    format!("FAIL: not eligible for {}: {}.", c.program, why.join(", "))
}

/// The findings that count as `kind`, in report order.
pub fn findings_of(report: &Report, kind: CountsAs) -> impl Iterator<Item = &Finding> {
    report.findings.iter().filter(move |f| f.counts_as == kind)
}

/// Where a finding is: its column, or the dataset.
pub fn place(finding: &Finding) -> &str {
    finding.column.as_deref().unwrap_or("(dataset)")
}

/// Examples as `row 12: "+5"; row 40: "1,000"`.
pub fn examples(finding: &Finding) -> String {
    finding
        .examples
        .iter()
        .map(|e| match e.row {
            Some(row) => format!("row {}: {:?}", thousands(row), e.value),
            None => format!("{:?}", e.value),
        })
        .collect::<Vec<_>>()
        .join("; ")
}
