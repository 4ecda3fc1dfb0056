//! The report as JUnit XML, so CI systems list one test case per rule.
//!
//! - blocking findings and counted deviations are `<failure>`s;
//! - disclosures (SHOULD, Recommended columns) and failures in areas that do not apply pass,
//!   with the finding in `<system-out>`, because they do not affect certification and the
//!   command's exit code is 0 for them;
//! - rules that were not applicable or cannot be checked from a file are `<skipped>`.

use std::collections::btree_map::Entry;
use std::collections::BTreeMap;
use std::fmt::Write;

use super::model::{Finding, Report};
use super::words::{examples, place, share};
use crate::rules::verdict::CountsAs;

fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // XML 1.0 forbids most control characters, even escaped.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push('?'),
            c => out.push(c),
        }
    }
    out
}

fn describe(f: &Finding) -> String {
    let mut text = format!("{} {} {}: {}\n{}", f.rule_id, f.keyword, place(f), share(f.failed_rows, f.checked_rows, &f.unit), f.message);
    if !f.examples.is_empty() {
        text.push_str("\nExamples: ");
        text.push_str(&examples(f));
    }
    text
}

/// Renders `report` as a JUnit XML document with one `<testcase>` per rule (and column,
/// where a rule ran on several columns).
pub fn render(report: &Report) -> String {
    // One case per (rule, column): findings first, then passed, then skipped.
    let mut cases: BTreeMap<(String, String), String> = BTreeMap::new();
    let (mut failures, mut skipped) = (0u64, 0u64);
    for f in &report.findings {
        let key = (f.rule_id.clone(), place(f).to_string());
        let body = match f.counts_as {
            CountsAs::Blocking | CountsAs::Deviation => {
                failures += 1;
                format!(
                    "<failure type=\"{}\" message=\"{}\">{}</failure>",
                    xml(f.counts_as.as_str()),
                    xml(&f.message),
                    xml(&describe(f))
                )
            }
            CountsAs::Disclosure | CountsAs::NotApplicable => {
                format!("<system-out>{}: {}</system-out>", xml(f.counts_as.as_str()), xml(&describe(f)))
            }
        };
        cases.entry(key).or_insert(body);
    }
    for id in &report.passed {
        cases.entry((id.clone(), String::new())).or_default();
    }
    for n in report.not_applicable.iter().chain(&report.not_checkable) {
        let key = (n.rule_id.clone(), n.column.clone().unwrap_or_default());
        if let Entry::Vacant(case) = cases.entry(key) {
            skipped += 1;
            case.insert(format!("<skipped message=\"{}\"/>", xml(&n.reason)));
        }
    }

    let mut out = String::new();
    let _ = writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    let _ = writeln!(
        out,
        "<testsuites name=\"certkit {}\" tests=\"{}\" failures=\"{failures}\" skipped=\"{skipped}\">",
        xml(&report.certkit_version),
        cases.len()
    );
    let _ = writeln!(
        out,
        "  <testsuite name=\"{} · {}\" tests=\"{}\" failures=\"{failures}\" skipped=\"{skipped}\" errors=\"0\">",
        xml(&report.ruleset),
        xml(&report.input.name),
        cases.len()
    );
    for ((rule, column), body) in &cases {
        let classname = if column.is_empty() { "FOCUS".to_string() } else { format!("FOCUS.{column}") };
        let name = if column.is_empty() { rule.clone() } else { format!("{rule} [{column}]") };
        if body.is_empty() {
            let _ = writeln!(out, "    <testcase classname=\"{}\" name=\"{}\"/>", xml(&classname), xml(&name));
        } else {
            let _ = writeln!(out, "    <testcase classname=\"{}\" name=\"{}\">{body}</testcase>", xml(&classname), xml(&name));
        }
    }
    let _ = writeln!(out, "  </testsuite>\n</testsuites>");
    out
}

#[cfg(test)]
mod tests {
    use std::ops::ControlFlow;

    use super::render;
    use crate::read::BytesSource;
    use crate::validate::{validate, ValidateOptions};

    #[test]
    fn rules_that_do_not_apply_are_skipped_cases_counted_once() {
        // Two columns only: most rules find nothing to check and are reported as not
        // applicable or not checkable, each a skipped case.
        let csv = b"BilledCost,BillingCurrency\n1.5,USD\n".to_vec();
        let report = validate(Box::new(BytesSource::new(csv)), "two.csv", &ValidateOptions::default(), &mut |_| ControlFlow::Continue(()))
            .expect("a two-column CSV validates");
        let xml = render(&report);
        let skipped_cases = xml.matches("<skipped message=").count();
        assert!(skipped_cases > 0, "no skipped case in:\n{xml}");
        assert!(xml.contains(&format!(" skipped=\"{skipped_cases}\" errors=\"0\"")), "the suite's count differs from its cases");
        // Every case is counted in the suite's total, once.
        let cases = xml.lines().filter(|l| l.trim_start().starts_with("<testcase ")).count();
        assert!(xml.contains(&format!(" tests=\"{cases}\" failures=")), "the suite's total differs from its cases");
    }
}
