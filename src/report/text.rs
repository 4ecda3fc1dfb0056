//! The report for a terminal: the verdict first, then what to fix, most serious first.

use std::fmt::Write;

use super::model::Report;
use super::words::{examples, findings_of, label, place, share, thousands, verdict_line};
use crate::rules::outcome::CrossRowStatus;
use crate::rules::verdict::CountsAs;

/// Renders `report` as plain text (UTF-8, no colour codes, lines under about 100 columns
/// except long messages).
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let c = &report.certification;
    let _ = writeln!(out, "{}", verdict_line(report));
    let _ = writeln!(
        out,
        "{} ({}, {} bytes): {} rows, checked as FOCUS {} ({}), certkit {}",
        report.input.name,
        report.input.format,
        thousands(report.input.bytes),
        thousands(report.rows),
        report.focus_version,
        label(&report.focus_version_source),
        report.certkit_version
    );

    if !c.blocking.is_empty() {
        let _ = writeln!(out, "\nBlocking ({}): certification cannot proceed", c.blocking.len());
        for b in &c.blocking {
            let id = b.rule_id.as_deref().map(|r| format!("[{r}] ")).unwrap_or_default();
            let _ = writeln!(out, "  ✗ {id}{}", b.reason);
        }
    }
    for (kind, title) in [
        (CountsAs::Blocking, "Findings on required columns"),
        (CountsAs::Deviation, "Deviations (MUST / MUST NOT, counted)"),
        (CountsAs::Disclosure, "Disclosures (SHOULD, Recommended columns; not counted)"),
        (CountsAs::NotApplicable, "Failures in areas that do not apply (not counted)"),
    ] {
        let findings: Vec<_> = findings_of(report, kind).collect();
        if findings.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{title}: {}", findings.len());
        for f in findings {
            let _ = writeln!(out, "  {} {} {} · {}", f.rule_id, f.keyword, place(f), share(f.failed_rows, f.checked_rows, &f.unit));
            let _ = writeln!(out, "      {}", f.message);
            if !f.examples.is_empty() {
                let _ = writeln!(out, "      e.g. {}", examples(f));
            }
        }
    }
    if !report.cross_row.is_empty() {
        let _ = writeln!(out, "\nCross-row checks");
        for r in &report.cross_row {
            let mark = match r.status {
                CrossRowStatus::Pass => "✓",
                CrossRowStatus::Fail => "✗",
                CrossRowStatus::Warning => "!",
                CrossRowStatus::Info => "i",
                CrossRowStatus::NotEvaluated => "-",
            };
            let _ = writeln!(out, "  {mark} {} [{}]: {}", r.title, r.id, r.detail);
        }
    }
    let applying: Vec<&str> = report.applicability.iter().filter(|a| a.certification && a.applies).map(|a| a.name.as_str()).collect();
    let _ = writeln!(out, "\nApplicability areas that apply: {}", if applying.is_empty() { "none".to_string() } else { applying.join(", ") });
    let cols = &report.columns;
    let _ = writeln!(
        out,
        "Columns: {} FOCUS present, {} missing (Mandatory {}, Conditional {}, Recommended {}), {} custom",
        cols.present.len(),
        cols.missing.mandatory.len() + cols.missing.conditional.len() + cols.missing.recommended.len() + cols.missing.optional.len(),
        cols.missing.mandatory.len(),
        cols.missing.conditional.len(),
        cols.missing.recommended.len(),
        cols.custom.len()
    );
    let _ = writeln!(
        out,
        "Rules: {} failed, {} passed, {} not applicable, {} not checkable from a file",
        report.findings.len(),
        report.passed.len(),
        report.not_applicable.len(),
        report.not_checkable.len()
    );
    for n in &report.notices {
        let _ = writeln!(out, "Note: {}", n.message);
    }
    let _ = writeln!(out, "Assumptions: {} (see the JSON or Markdown report; docs/assumptions.md)", report.assumptions.len());
    out
}
