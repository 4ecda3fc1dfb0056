//! The report as Markdown: readable on GitHub, and the raw material of the Conformance
//! Gap Report.

use std::fmt::Write;

use super::model::Report;
use super::words::{examples, findings_of, label, place, share, thousands, verdict_line};
use crate::rules::verdict::CountsAs;

/// Escapes text for a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('\\', "\\\\").replace('|', "\\|").replace('\n', " ").replace('\r', "")
}

/// Renders `report` as a Markdown document.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let c = &report.certification;
    let _ = writeln!(out, "# FOCUS validation report: {}\n", cell(&report.input.name));
    let _ = writeln!(out, "**{}**\n", verdict_line(report));
    let _ = writeln!(out, "| | |\n|---|---|");
    let _ = writeln!(out, "| File | {} ({}, {} bytes) |", cell(&report.input.name), report.input.format, thousands(report.input.bytes));
    let _ = writeln!(out, "| Rows | {} |", thousands(report.rows));
    let _ = writeln!(out, "| FOCUS version | {} ({}) |", report.focus_version, label(&report.focus_version_source));
    let _ = writeln!(out, "| Ruleset | {} · certkit {} |", report.ruleset, report.certkit_version);
    let _ = writeln!(out, "| Deviations | {} (at most {} allowed) |", c.deviations, c.max_deviations);
    let _ = writeln!(out, "| Disclosures | {} |", c.disclosures);
    let _ = writeln!(out, "| Rules | {} failed · {} passed · {} not applicable · {} not checkable from a file |\n",
        report.findings.len(), report.passed.len(), report.not_applicable.len(), report.not_checkable.len());

    if !c.blocking.is_empty() {
        let _ = writeln!(out, "## Blocking\n");
        for b in &c.blocking {
            let id = b.rule_id.as_deref().map(|r| format!("`{r}` ")).unwrap_or_default();
            let _ = writeln!(out, "- {id}{}", cell(&b.reason));
        }
        let _ = writeln!(out);
    }
    for (kind, title) in [
        (CountsAs::Blocking, "Findings on required columns"),
        (CountsAs::Deviation, "Deviations (counted)"),
        (CountsAs::Disclosure, "Disclosures (not counted)"),
        (CountsAs::NotApplicable, "Failures in areas that do not apply (not counted)"),
    ] {
        let findings: Vec<_> = findings_of(report, kind).collect();
        if findings.is_empty() {
            continue;
        }
        let _ = writeln!(out, "## {title}\n");
        let _ = writeln!(out, "| Rule | Keyword | Column | Level | Failed | What to fix | Examples |\n|---|---|---|---|---|---|---|");
        for f in findings {
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} | {} | {} | {} |",
                f.rule_id,
                f.keyword,
                cell(place(f)),
                label(&f.feature_level),
                share(f.failed_rows, f.checked_rows, &f.unit),
                cell(&f.message),
                cell(&examples(f))
            );
        }
        let _ = writeln!(out);
    }
    if !report.cross_row.is_empty() {
        let _ = writeln!(out, "## Cross-row checks\n\n| Check | Id | Result | Detail |\n|---|---|---|---|");
        for r in &report.cross_row {
            let _ = writeln!(out, "| {} | `{}` | {} | {} |", cell(&r.title), r.id, label(&r.status), cell(&r.detail));
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(out, "## Applicability\n\n| Area | Columns | Detected | Declared | Applies |\n|---|---|---|---|---|");
    for a in report.applicability.iter().filter(|a| a.certification) {
        let declared = a.declared.map(|d| if d { "yes" } else { "no" }).unwrap_or("–");
        let _ = writeln!(out, "| {} | {} | {} | {declared} | {} |", cell(&a.name), cell(&a.columns.join(", ")),
            if a.detected { "yes" } else { "no" }, if a.applies { "yes" } else { "no" });
    }
    let cols = &report.columns;
    let _ = writeln!(out, "\n## Columns\n");
    let list = |names: &[String]| if names.is_empty() { "none".to_string() } else { names.join(", ") };
    let _ = writeln!(out, "- Present ({}): {}", cols.present.len(), list(&cols.present));
    let _ = writeln!(out, "- Missing Mandatory: {}", list(&cols.missing.mandatory));
    let _ = writeln!(out, "- Missing Conditional: {}", list(&cols.missing.conditional));
    let _ = writeln!(out, "- Missing Recommended: {}", list(&cols.missing.recommended));
    let _ = writeln!(out, "- Custom: {}", list(&cols.custom));
    for m in &cols.misnamed {
        let _ = writeln!(out, "- Misnamed: `{}` should be `{}`", cell(&m.found), m.expected);
    }
    if !report.notices.is_empty() {
        let _ = writeln!(out, "\n## Notes\n");
        for n in &report.notices {
            let _ = writeln!(out, "- {}", cell(&n.message));
        }
    }
    let _ = writeln!(out, "\n## Assumptions\n\n| Topic | certkit's reading | Other reading | Option |\n|---|---|---|---|");
    for a in &report.assumptions {
        let _ = writeln!(out, "| {} | {} | {} | {} |", cell(&a.topic), cell(&a.reading), cell(&a.alternative),
            a.option.as_deref().map(|o| format!("`{o}`")).unwrap_or_else(|| "–".into()));
    }
    let _ = writeln!(out, "\n## Not checkable from a data file\n");
    for n in &report.not_checkable {
        let _ = writeln!(out, "- `{}`: {}", n.rule_id, cell(&n.reason));
    }
    out
}
