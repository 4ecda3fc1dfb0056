//! Targeted checks of the submission documents: deviations grouped by type, the three
//! KIL criteria, one appendix row per requirement of rules.json, RFC 4180 quoting of
//! the Column Mapping Reference, an HTML page without scripts or external resources,
//! and the invoice comparison and identifier conflicts of the attestation worksheet.

use std::collections::BTreeMap;

use certkit::report::{CountsAs, Finding, Level, Report};
use certkit::rules::Keyword;
use certkit::submission::{
    attestation_markdown, classify, column_mapping_csv, column_mapping_markdown,
    column_mapping_rows, gap_report_html, gap_report_markdown, ColumnMappingEntry, DeviationType,
    IdConflict, InvoiceTotal, Kil, KitContext, KitInput, PeriodValue, Transform,
};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/submission");
const RULES_JSON: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/focus/1.2/rules.json");

fn read(name: &str) -> String {
    let path = format!("{FIXTURES}/{name}");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

fn report(name: &str) -> Report {
    serde_json::from_str(&read(&format!("{name}.report.json")))
        .unwrap_or_else(|e| panic!("{name}.report.json: {e}"))
}

fn mixed_input() -> KitInput {
    KitInput::from_json(&read("mixed.input.json"))
        .unwrap_or_else(|e| panic!("mixed.input.json: {e}"))
}

fn ctx<'a>(report: &'a Report, input: &'a KitInput) -> KitContext<'a> {
    KitContext {
        report,
        input,
        date: "2025-06-30",
        invoice_sums: None,
        id_conflicts: None,
    }
}

/// The lines of a Markdown document between the heading `title` and the next heading
/// of the same or a higher level.
fn section<'a>(markdown: &'a str, title: &str) -> Vec<&'a str> {
    let level = title.chars().take_while(|&c| c == '#').count();
    let mut lines = markdown.lines().skip_while(|l| *l != title);
    assert!(lines.next().is_some(), "no section {title:?}");
    lines
        .take_while(|l| {
            let marks = l.chars().take_while(|&c| c == '#').count();
            !(marks > 0 && marks <= level && l.chars().nth(marks) == Some(' '))
        })
        .collect()
}

/// The rule IDs of the table rows of a section (first cell, in backticks).
fn rule_ids(lines: &[&str]) -> Vec<String> {
    lines
        .iter()
        .filter(|l| l.starts_with("| `"))
        .filter_map(|l| l.split('`').nth(1).map(str::to_string))
        .collect()
}

fn finding(rule: &str, column: &str, level: Level, check: &str) -> Finding {
    Finding {
        rule_id: rule.into(),
        column: Some(column.into()),
        keyword: Keyword::Must,
        feature_level: level,
        check: check.into(),
        message: "m".into(),
        failed_rows: 1,
        checked_rows: 10,
        unit: "rows".into(),
        examples: vec![],
        counts_as: CountsAs::Deviation,
        spec_ref: "x.md".into(),
        applicability: None,
        heuristic: false,
    }
}

#[test]
fn findings_are_classified_by_their_check() {
    let cases = [
        (
            finding(
                "CostAndUsage-D-035-M",
                "BillingCurrency",
                Level::Mandatory,
                "presence",
            ),
            DeviationType::MissingData,
        ),
        (
            finding(
                "CostAndUsage-D-034-C",
                "ContractedUnitPrice",
                Level::Conditional,
                "presence",
            ),
            DeviationType::Unsupported,
        ),
        (
            finding(
                "CostAndUsage-D-003-C",
                "AvailabilityZone",
                Level::Recommended,
                "presence",
            ),
            DeviationType::Unsupported,
        ),
        (
            finding(
                "BilledCost-C-003-M",
                "BilledCost",
                Level::Mandatory,
                "nullability",
            ),
            DeviationType::MissingData,
        ),
        (
            finding(
                "RegionName-C-004-C",
                "RegionName",
                Level::Conditional,
                "nullability",
            ),
            DeviationType::IncorrectData,
        ),
        (
            finding(
                "NullHandling-A-002-M",
                "Tags",
                Level::Conditional,
                "nullability",
            ),
            DeviationType::Format,
        ),
        (
            finding(
                "ChargeCategory-C-003-M",
                "ChargeCategory",
                Level::Mandatory,
                "allowed_values",
            ),
            DeviationType::IncorrectData,
        ),
        (
            finding(
                "ListCost-C-009-C",
                "ListCost",
                Level::Mandatory,
                "cross_column",
            ),
            DeviationType::IncorrectData,
        ),
        (
            finding(
                "ServiceName-C-005-C",
                "ServiceName",
                Level::Mandatory,
                "cross_row",
            ),
            DeviationType::IncorrectData,
        ),
        (
            finding(
                "BillingPeriodStart-C-002-M",
                "BillingPeriodStart",
                Level::Mandatory,
                "datetime",
            ),
            DeviationType::Format,
        ),
        (
            finding(
                "BilledCost-C-001-M",
                "BilledCost",
                Level::Mandatory,
                "types",
            ),
            DeviationType::Format,
        ),
        (
            finding("ColumnHandling-A-010-M", "Team", Level::Dataset, "naming"),
            DeviationType::Format,
        ),
        // A rule this ruleset does not know falls back on the check family.
        (
            finding(
                "Future-C-001-M",
                "BilledCost",
                Level::Mandatory,
                "nullability",
            ),
            DeviationType::MissingData,
        ),
        (
            finding(
                "Future-C-002-M",
                "BilledCost",
                Level::Mandatory,
                "cross_row",
            ),
            DeviationType::IncorrectData,
        ),
        (
            finding("Future-C-003-M", "BilledCost", Level::Mandatory, "numeric"),
            DeviationType::Format,
        ),
    ];
    for (f, kind) in cases {
        assert_eq!(classify(&f), kind, "{} ({})", f.rule_id, f.check);
    }
}

#[test]
fn the_deviation_list_groups_every_finding_by_type() {
    let report = report("mixed");
    let input = mixed_input();
    let md = gap_report_markdown(&ctx(&report, &input));
    let groups = [
        (
            "### Missing data (2)",
            vec!["BilledCost-C-003-M", "RegionName-C-005-C"],
        ),
        (
            "### Incorrect or inconsistent data (4)",
            vec![
                "EffectiveCost-C-012-C",
                "DiscountHandling-A-011-C",
                "ListCost-C-009-C",
                "ServiceCategory-C-003-M",
            ],
        ),
        (
            "### Format (4)",
            vec![
                "BillingPeriodStart-C-002-M",
                "ColumnHandling-A-010-M",
                "ConsumedUnit-C-003-O",
                "Tags-C-001-M",
            ],
        ),
        ("### Unsupported (1)", vec!["CostAndUsage-D-034-C"]),
    ];
    let mut listed = 0;
    for (title, expected) in groups {
        let ids = rule_ids(&section(&md, title));
        assert_eq!(ids, expected, "{title}");
        listed += ids.len();
    }
    assert_eq!(
        listed,
        report.findings.len(),
        "every finding is listed exactly once"
    );
    // Workarounds come from the additions, or say they are still to be written.
    let missing = section(&md, "### Missing data (2)").join("\n");
    assert!(missing.contains("| Join RegionId to the public region list to get the name. | Fill RegionName for global services by 2025-Q3. |"));
    assert!(missing.contains("| 2 of 240 rows (0.83%) | to be written | – |"));
    assert!(section(&md, "### Unsupported (1)")
        .join("\n")
        .contains("| column absent |"));
}

#[test]
fn kil_requests_are_checked_against_the_three_criteria() {
    let report = report("mixed");
    let mut input = KitInput::default();
    let kil = |id: &str, rule: &str, providers: &[&str], root: &str, workaround: &str| Kil {
        id: id.into(),
        rule_ids: vec![rule.into()],
        title: format!("title {id}"),
        providers_affected: providers.iter().map(|p| p.to_string()).collect(),
        root_cause: root.into(),
        workaround: workaround.into(),
    };
    input.kils = vec![
        kil(
            "KIL-A",
            "ListCost-C-009-C",
            &["AWS", "Azure"],
            "Price lists are rounded.",
            "Use ListCost.",
        ),
        kil(
            "KIL-B",
            "ServiceCategory-C-003-M",
            &["AWS", "aws "],
            "cause",
            "workaround",
        ),
        kil(
            "KIL-C",
            "RegionName-C-005-C",
            &["AWS", "GCP"],
            "",
            "workaround",
        ),
        kil(
            "KIL-D",
            "BillingPeriodStart-C-002-M",
            &["AWS", "GCP"],
            "cause",
            " ",
        ),
        kil(
            "KIL-E",
            "BilledCost-C-003-M",
            &["AWS", "GCP"],
            "cause",
            "workaround",
        ),
    ];
    let md = gap_report_markdown(&ctx(&report, &input));
    let a = section(&md, "### KIL-A: title KIL-A").join("\n");
    assert!(a.contains("**Requested KIL.**"), "{a}");
    assert!(
        a.contains("| (1) Affects two or more data providers | yes | AWS, Azure (2) |"),
        "{a}"
    );
    let b = section(&md, "### KIL-B: title KIL-B").join("\n");
    assert!(
        b.contains(
            "**Not a valid KIL request.** Missing: (1) two or more data providers affected."
        ),
        "{b}"
    );
    assert!(
        b.contains("| (1) Affects two or more data providers | no | AWS (1) |"),
        "{b}"
    );
    let c = section(&md, "### KIL-C: title KIL-C").join("\n");
    assert!(
        c.contains("Missing: (2) a billing-architecture root cause.")
            && c.contains("| no | not described |"),
        "{c}"
    );
    let d = section(&md, "### KIL-D: title KIL-D").join("\n");
    assert!(
        d.contains("Missing: (3) a documented practitioner workaround.")
            && d.contains("| no | not documented |"),
        "{d}"
    );
    // A valid request on a blocking failure does not lift it.
    let e = section(&md, "### KIL-E: title KIL-E").join("\n");
    assert!(
        e.contains("**Requested KIL.**")
            && e.contains("| `BilledCost-C-003-M` | blocking on BilledCost |"),
        "{e}"
    );

    // Only KIL-A's deviation leaves the draft count; the invalid requests' rules still count.
    let summary = section(&md, "## Certification summary").join("\n");
    assert!(summary.contains("| Deviations counted (MUST / MUST NOT on Mandatory and Conditional columns and on the dataset's structure) | 6 |"), "{summary}");
    assert!(
        summary.contains("| Deviations covered by requested KILs | 1 |"),
        "{summary}"
    );
    assert!(
        summary.contains("| Draft deviation count | 5 (certkit's threshold: at most 0) |"),
        "{summary}"
    );
    assert!(summary.contains("| Known Industry Limitations requested | 2 (3 more request(s) do not meet the three criteria) |"), "{summary}");
    let incorrect = section(&md, "### Incorrect or inconsistent data (4)").join("\n");
    assert!(
        incorrect.contains("| `ListCost-C-009-C` (MUST) | `ListCost` |")
            && incorrect.contains("| requested KIL |")
    );
    assert!(incorrect
        .lines()
        .any(|l| l.contains("`ServiceCategory-C-003-M`") && l.contains("| deviation |")));
    assert!(section(&md, "### Missing data (2)")
        .join("\n")
        .contains("| blocking |"));
}

#[test]
fn kil_marks_without_a_valid_request_are_reported() {
    let report = report("mixed");
    let input = mixed_input();
    let md = gap_report_markdown(&ctx(&report, &input));
    let kils = section(&md, "## Known Industry Limitations").join("\n");
    assert!(kils.contains(
        "marked as KILs in the kit input, but no request meeting the three criteria lists them"
    ));
    assert!(kils.contains("- `ColumnHandling-A-010-M`"));
    assert!(
        !kils.contains("- `ListCost-C-009-C`"),
        "ListCost-C-009-C is covered by KIL-1"
    );
}

#[test]
fn the_appendix_has_one_row_per_requirement_of_rules_json() {
    let rules: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(RULES_JSON).unwrap_or_else(|e| panic!("{RULES_JSON}: {e}")),
    )
    .unwrap_or_else(|e| panic!("rules.json: {e}"));
    let ids: Vec<String> = rules["rules"]
        .as_array()
        .unwrap_or_else(|| panic!("rules.json has no rules list"))
        .iter()
        .filter_map(|r| r["id"].as_str().map(str::to_string))
        .collect();
    assert!(ids.len() > 300);
    for name in ["mixed", "clean", "older"] {
        let report = report(name);
        let input = KitInput::default();
        let md = gap_report_markdown(&ctx(&report, &input));
        let appendix = section(&md, "## Appendix: every requirement");
        assert_eq!(
            rule_ids(&appendix),
            ids,
            "{name}: the appendix must list every rule once, in the ruleset's order"
        );
        for line in appendix.iter().filter(|l| l.starts_with("| `")) {
            let status = line.split(" | ").nth(3).unwrap_or("");
            assert!(
                ["failed", "passed", "not applicable", "not checkable"].contains(&status),
                "{name}: {line}"
            );
        }
        let html = gap_report_html(&ctx(&report, &input));
        let last_table = html.rsplit("<table>").next().unwrap_or("");
        assert_eq!(
            last_table.matches("<tr><td>").count(),
            ids.len(),
            "{name}: HTML appendix rows"
        );
    }
    let report = report("mixed");
    let input = KitInput::default();
    let md = gap_report_markdown(&ctx(&report, &input));
    let row = |id: &str| {
        md.lines()
            .find(|l| l.starts_with(&format!("| `{id}` |")))
            .unwrap_or("")
            .to_string()
    };
    assert!(row("BilledCost-C-003-M").contains(
        "| MUST NOT | BilledCost | failed | blocking on BilledCost: 2 of 240 rows (0.83%) |"
    ));
    assert!(row("BilledCost-C-007-M")
        .contains("| not checkable | dynamic: needs the provider's invoices"));
    assert!(row("CostAndUsage-D-006-M").contains("| passed |"));
    assert!(row("SkuMeter-C-001-M")
        .contains("| not applicable | not applicable: SkuMeter is not in the file |"));
    assert!(
        row("NumericFormat-A-002-M").contains("NumericFormat (attribute)"),
        "{}",
        row("NumericFormat-A-002-M")
    );
}

/// Splits RFC 4180 CSV into records of fields.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') if chars.peek() == Some(&'\n') => {
                chars.next();
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => {
                assert!(
                    c != '\n' && c != '"',
                    "a bare {c:?} outside quotes breaks RFC 4180"
                );
                field.push(c);
            }
        }
    }
    assert!(
        field.is_empty() && record.is_empty(),
        "the CSV must end with CRLF"
    );
    records
}

#[test]
fn the_csv_quotes_fields_as_rfc_4180_says() {
    let report = report("mixed");
    let mut input = KitInput::default();
    let tricky = [
        ("BilledCost", "cost, credits", "say \"net\""),
        ("BillingCurrency", "currency_code", "two\r\nlines"),
        ("x_CostCenter", "tags.\"cost,center\"", "line\nbreak"),
    ];
    for (column, source, notes) in tricky {
        input.column_mapping.insert(
            column.to_string(),
            ColumnMappingEntry {
                source: source.into(),
                transform: Some(Transform::Lookup),
                notes: notes.into(),
            },
        );
    }
    let csv = column_mapping_csv(&ctx(&report, &input));
    assert!(csv.starts_with("Column,Source field(s),Transform,Feature level,Notes\r\n"));
    assert!(
        csv.contains("BilledCost,\"cost, credits\",Lookup,Mandatory,\"say \"\"net\"\"\"\r\n"),
        "{csv}"
    );
    let records = parse_csv(&csv);
    let rows = column_mapping_rows(&ctx(&report, &input));
    assert_eq!(records.len(), rows.len() + 1);
    for (record, row) in records.iter().skip(1).zip(&rows) {
        assert_eq!(
            record,
            &vec![
                row.column.clone(),
                row.source.clone(),
                row.transform.to_string(),
                row.feature_level.clone(),
                row.notes.clone()
            ]
        );
    }
    for (column, source, notes) in tricky {
        let record = records
            .iter()
            .find(|r| r[0] == column)
            .unwrap_or_else(|| panic!("no row for {column}"));
        assert_eq!((record[1].as_str(), record[4].as_str()), (source, notes));
    }
}

#[test]
fn the_mapping_is_drafted_from_the_run_and_overridden_by_the_user() {
    let report = report("mixed");
    let input = mixed_input();
    let rows = column_mapping_rows(&ctx(&report, &input));
    let row = |c: &str| {
        rows.iter()
            .find(|r| r.column == c)
            .unwrap_or_else(|| panic!("no row for {c}"))
    };
    assert_eq!(
        (
            row("ChargeCategory").source.as_str(),
            row("ChargeCategory").transform
        ),
        ("ChargeCategory", Transform::Direct)
    );
    assert!(row("ChargeCategory").notes.starts_with("Draft:"));
    assert_eq!(
        (row("SkuMeter").source.as_str(), row("SkuMeter").transform),
        ("", Transform::NotAvailable)
    );
    assert_eq!(row("BilledCost").transform, Transform::Formula);
    assert_eq!(
        row("x_CostCenter").notes,
        "",
        "a confirmed custom column loses the draft note"
    );
    // 57 FOCUS 1.2 columns, then the sample's custom columns, then the user's own.
    let tail: Vec<&str> = rows.iter().skip(57).map(|r| r.column.as_str()).collect();
    assert_eq!(tail, ["x_CostCenter", "Team", "x_Project"]);
    assert_eq!(row("x_Project").feature_level, "Custom");

    // A FOCUS 1.0 report lists the 43 columns of 1.0, and the misnamed one by its header name.
    let older = report_older();
    let input = KitInput::default();
    let rows = column_mapping_rows(&ctx(&older, &input));
    assert_eq!(rows.len(), 43);
    let charge = rows
        .iter()
        .find(|r| r.column == "ChargeCategory")
        .unwrap_or_else(|| panic!("no ChargeCategory row"));
    assert_eq!(charge.source, "chargecategory");
    assert!(charge
        .notes
        .contains("FOCUS requires ChargeCategory exactly"));
    let md = column_mapping_markdown(&ctx(&older, &input));
    assert!(
        md.contains("| `BillingCurrency` | – | Not available | Mandatory | Not in the sample. |"),
        "{md}"
    );
}

fn report_older() -> Report {
    report("older")
}

#[test]
fn the_html_page_is_self_contained_and_inert() {
    for name in ["mixed", "clean", "older"] {
        let report = report(name);
        let input = if name == "mixed" {
            mixed_input()
        } else {
            KitInput::default()
        };
        let html = gap_report_html(&ctx(&report, &input));
        assert!(
            html.starts_with("<!DOCTYPE html>")
                && html.contains("<style>")
                && html.ends_with("</html>\n")
        );
        for banned in [
            "<script", "http://", "https://", "src=", "href=", "url(", "@import", "<link", "<img",
            "<iframe",
        ] {
            assert!(
                !html.contains(banned),
                "{name}: the page contains {banned:?}"
            );
        }
    }
    // Text the user typed cannot add markup or resources.
    let report = report("mixed");
    let mut input = KitInput {
        data_generator: "<script>alert(1)</script>".into(),
        ..KitInput::default()
    };
    input.deviations.insert(
        "ListCost-C-009-C".into(),
        certkit::submission::DeviationNote {
            workaround: "<img src=\"https://evil.example/x.png\"> see <a href=\"https://evil.example\">here</a>".into(),
            ..Default::default()
        },
    );
    let html = gap_report_html(&ctx(&report, &input));
    for banned in ["<script", "<img", "<a ", "src=\"", "href=\""] {
        assert!(!html.contains(banned), "user text leaked markup {banned:?}");
    }
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

fn sums(entries: &[(&str, &str, f64)]) -> BTreeMap<String, (String, f64)> {
    entries
        .iter()
        .map(|(id, cur, sum)| (id.to_string(), (cur.to_string(), *sum)))
        .collect()
}

#[test]
fn invoice_totals_are_compared_with_the_sample_sums() {
    let report = report("mixed");
    let mut input = KitInput::default();
    for (id, total, currency) in [
        ("INV-EXACT", "100.00", "USD"),
        ("INV-CENT", "100.00", "USD"),
        ("INV-OVER", "100.00", "USD"),
        ("INV-CREDIT", "-20.50", "USD"),
        ("INV-EUR", "10.00", "EUR"),
        ("INV-ABSENT", "5.00", "USD"),
    ] {
        input.invoice_totals.insert(
            id.into(),
            InvoiceTotal {
                total: total.into(),
                currency: currency.into(),
            },
        );
    }
    let sample = sums(&[
        ("INV-EXACT", "USD", 100.0),
        ("INV-CENT", "USD", 100.01),
        ("INV-OVER", "USD", 100.02),
        ("INV-CREDIT", "USD", -20.5),
        ("INV-EUR", "USD", 10.0),
        ("INV-EXTRA", "USD", 1.0),
    ]);
    let mut c = ctx(&report, &input);
    c.invoice_sums = Some(&sample);
    let md = attestation_markdown(&c);
    let invoices = section(&md, "### Invoice totals").join("\n");
    for line in [
        "| `INV-EXACT` | 100.00 USD | 100.00 USD | 0.00 | match |",
        "| `INV-CENT` | 100.00 USD | 100.01 USD | 0.01 | match |",
        "| `INV-OVER` | 100.00 USD | 100.02 USD | 0.02 | amount mismatch |",
        "| `INV-CREDIT` | -20.50 USD | -20.50 USD | 0.00 | match |",
        "| `INV-EUR` | 10.00 EUR | 10.00 USD | – | currency mismatch |",
        "| `INV-ABSENT` | 5.00 USD | – | – | not in the sample |",
        "| `INV-EXTRA` | – | 1.00 USD | – | no total entered |",
    ] {
        assert!(invoices.contains(line), "missing {line:?} in\n{invoices}");
    }
    assert!(invoices.contains("3 match, 1 amount mismatch(es), 1 currency mismatch(es), 1 entered but not in the sample, 1 in the sample without an entered total."));
    assert!(invoices.contains("at most 0.01"));
    let currencies = section(&md, "### Invoice currencies").join("\n");
    assert!(
        currencies.contains("4 of 5 invoice(s) compared have the same currency"),
        "{currencies}"
    );
    assert!(
        currencies.contains("| `INV-EUR` | EUR | USD |"),
        "{currencies}"
    );

    // Without the sums, the entered totals are listed and the reason is given.
    let md = attestation_markdown(&ctx(&report, &input));
    assert!(section(&md, "### Invoice totals")
        .join("\n")
        .contains("This report carries no sums of BilledCost per InvoiceId"));
    let empty = KitInput::default();
    let md = attestation_markdown(&ctx(&report, &empty));
    assert!(section(&md, "### Invoice totals")
        .join("\n")
        .contains("No invoice totals entered."));
}

#[test]
fn identifier_conflicts_are_listed_or_their_absence_explained() {
    let report = report("mixed");
    let input = KitInput::default();
    let md = attestation_markdown(&ctx(&report, &input));
    let text = section(&md, "### Identifiers across billing periods").join("\n");
    assert!(
        text.contains("Not computed for this run")
            && text
                .contains("needs two or more billing periods in the sample (the sample holds 2)"),
        "{text}"
    );

    let conflicts = vec![IdConflict {
        id_column: "ResourceId".into(),
        id_value: "i-1".into(),
        attribute: "RegionId".into(),
        values: vec![
            PeriodValue {
                billing_period_start: "2025-01-01".into(),
                value: Some("us-east-1".into()),
            },
            PeriodValue {
                billing_period_start: "2025-02-01".into(),
                value: None,
            },
        ],
    }];
    let mut c = ctx(&report, &input);
    c.id_conflicts = Some(&conflicts);
    let md = attestation_markdown(&c);
    let text = section(&md, "### Identifiers across billing periods").join("\n");
    assert!(
        text.contains(
            "| `ResourceId` | i-1 | `RegionId` | 2025-01-01: us-east-1; 2025-02-01: null |"
        ),
        "{text}"
    );
    assert!(md.contains("; 1 identifier conflict(s) across billing periods |"));

    // No conflict in a one-period sample says little, and the worksheet says so.
    let clean = report_clean();
    let none: Vec<IdConflict> = Vec::new();
    let mut c = ctx(&clean, &input);
    c.id_conflicts = Some(&none);
    let text = section(
        &attestation_markdown(&c),
        "### Identifiers across billing periods",
    )
    .join("\n");
    assert!(
        text.contains("needs two or more billing periods in the sample (the sample holds 1)"),
        "{text}"
    );
}

fn report_clean() -> Report {
    report("clean")
}

#[test]
fn each_criterion_shows_its_related_findings_with_examples() {
    let report = report("mixed");
    let input = mixed_input();
    let md = attestation_markdown(&ctx(&report, &input));
    let pricing = section(&md, "## 6. Pricing Math").join("\n");
    assert!(pricing.contains("| `ListCost-C-009-C` (MUST) | `ListCost` | failed (deviation) | 31 of 240 rows (12.9%) | row 5: \"0.0416 x 24 = 0.9984, ListCost 1.00\" |"), "{pricing}");
    assert!(pricing.contains("| `ContractedCost-C-009-C` (MUST) | `ContractedCost` | passed |"));
    assert!(pricing.contains("**Status:** deviation (documented below)"));
    let region = section(
        &gap_report_markdown(&ctx(&report, &input)),
        "### Missing data (2)",
    )
    .join("\n");
    assert!(region.contains("RegionName-C-005-C"));
    // At most five examples per finding.
    let mut many = report.clone();
    if let Some(f) = many
        .findings
        .iter_mut()
        .find(|f| f.rule_id == "ListCost-C-009-C")
    {
        f.examples = (1..=8)
            .map(|i| certkit::report::Example {
                row: Some(i),
                value: format!("v{i}"),
            })
            .collect();
    }
    let md = attestation_markdown(&ctx(&many, &input));
    let pricing = section(&md, "## 6. Pricing Math").join("\n");
    assert!(
        pricing.contains("row 5: \"v5\" |") && !pricing.contains("v6"),
        "{pricing}"
    );
    let amortization = section(&md, "## 3. Commitment Amortization").join("\n");
    assert!(
        amortization.contains("| `EffectiveCost-C-012-C` | fail | 3 commitment discounts"),
        "{amortization}"
    );
    assert!(amortization.contains("cd-2: EffectiveCost of its usage rows 90.00"));
}
