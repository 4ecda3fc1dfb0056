//! The attestation worksheet: for each of the eleven criteria, what certkit could check
//! in the sample (the related findings and cross-row results, with failed counts and
//! examples), the invoice comparison and the identifier conflicts where they apply, and
//! what needs the data generator's attestation, with the status from the kit input.

use super::criteria::{Criterion, CRITERIA};
use super::document::{cell, code, code_cell, strong, text, Document, Line};
use super::input::{AttestationStatus, KitInput};
use super::invoices::{
    compare_invoices, money, InvoiceComparison, InvoiceOutcome, INVOICE_TOLERANCE,
};
use super::words::{counts_as, cross_row_status, examples, or, share, TO_BE_WRITTEN};
use super::{IdConflict, KitContext};
use crate::report::{CrossRowResult, CrossRowStatus, Finding, Report};
use crate::rules::registry;

/// At most this many identifier conflicts are listed; the rest are counted.
const MAX_CONFLICTS_SHOWN: usize = 50;

/// Builds the worksheet.
pub fn document(ctx: &KitContext) -> Document {
    let title = match ctx.input.data_generator.trim() {
        "" => "Attestation worksheet".to_string(),
        name => format!("Attestation worksheet: {name}"),
    };
    let mut doc = Document::new(title);
    doc.paragraph(vec![
        text(format!(
            "The certification asks for an attestation, or a documented deviation, for each of the eleven criteria below: they depend on knowledge a data file does not carry. Drafted by certkit {} on {} from the sample ",
            crate::VERSION,
            ctx.date
        )),
        code(&ctx.report.input.name),
        text(" ("),
        text(format!("{} rows", super::words::thousands(ctx.report.rows))),
        text("). For each criterion certkit lists what it could check in the sample; the attestation itself is yours: set its status (attested, deviation, not-applicable) and note under "),
        code("attestations"),
        text(" in the kit input."),
    ]);
    let invoices = invoice_comparisons(ctx);
    doc.heading(2, "Summary");
    let rows = CRITERIA
        .iter()
        .enumerate()
        .map(|(i, c)| {
            vec![
                cell((i + 1).to_string()),
                vec![text(c.name), text(" ("), code(c.id), text(")")],
                cell(evidence_summary(ctx, c, invoices.as_deref())),
                cell(status_of(ctx.input, c).as_str()),
            ]
        })
        .collect();
    doc.table(&["No.", "Criterion", "In the sample", "Your status"], rows);
    for (i, c) in CRITERIA.iter().enumerate() {
        criterion_section(&mut doc, ctx, i + 1, c, invoices.as_deref());
    }
    doc
}

fn status_of(input: &KitInput, c: &Criterion) -> AttestationStatus {
    input
        .attestations
        .get(c.id)
        .map(|a| a.status)
        .unwrap_or_default()
}

/// The invoice comparison, when the caller computed the sums.
fn invoice_comparisons(ctx: &KitContext) -> Option<Vec<InvoiceComparison>> {
    ctx.invoice_sums
        .map(|sums| compare_invoices(&ctx.input.invoice_totals, sums))
}

/// The findings of the criterion's rules, in report order.
fn related_findings<'a>(report: &'a Report, c: &Criterion) -> Vec<&'a Finding> {
    report
        .findings
        .iter()
        .filter(|f| c.rules.contains(&f.rule_id.as_str()))
        .collect()
}

/// The cross-row results the criterion names, in report order.
fn related_cross_row<'a>(report: &'a Report, c: &Criterion) -> Vec<&'a CrossRowResult> {
    report
        .cross_row
        .iter()
        .filter(|r| c.cross_row.contains(&r.id.as_str()))
        .collect()
}

/// One phrase: what the sample says about the criterion.
fn evidence_summary(
    ctx: &KitContext,
    c: &Criterion,
    invoices: Option<&[InvoiceComparison]>,
) -> String {
    let report = ctx.report;
    let findings = related_findings(report, c);
    let cross = related_cross_row(report, c);
    // A cross-row result and the finding of the same rule are one failed check.
    let cross_failed = cross
        .iter()
        .filter(|r| r.status == CrossRowStatus::Fail && !findings.iter().any(|f| f.rule_id == r.id))
        .count();
    let failed = findings.len() + cross_failed;
    let passed = c.rules.iter().any(|r| report.passed.iter().any(|p| p == r))
        || cross.iter().any(|r| r.status == CrossRowStatus::Pass);
    let mut phrase = if failed > 0 {
        format!("{failed} failed check(s)")
    } else if passed {
        "related checks pass".to_string()
    } else {
        "no related check can run on a data file".to_string()
    };
    if c.id == "invoice-alignment" || c.id == "currency-consistency" {
        if let Some(list) = invoices.filter(|l| !l.is_empty()) {
            let count = |o: InvoiceOutcome| list.iter().filter(|x| x.outcome == o).count();
            let (matches, amount, currency) = (
                count(InvoiceOutcome::Match),
                count(InvoiceOutcome::AmountMismatch),
                count(InvoiceOutcome::CurrencyMismatch),
            );
            let mixed = mixed_currency(report).len();
            if mixed > 0 {
                phrase.push_str(&format!("; {mixed} invoice(s) with rows in several currencies"));
            }
            phrase.push_str(&if c.id == "invoice-alignment" {
                format!("; invoices: {matches} match, {amount} amount mismatch(es), {currency} currency mismatch(es)")
            } else {
                format!("; invoices: {currency} currency mismatch(es)")
            });
        }
    }
    if c.id == "immutable-id-consistency" {
        if let Some(conflicts) = ctx.id_conflicts {
            let comparison = match billing_periods(report) {
                Some(n) if n < 2 => format!("identifiers not compared: {n} billing period(s) in the sample"),
                _ => format!(
                    "{} identifier conflict(s) across billing periods",
                    conflicts_found(report, conflicts)
                ),
            };
            if failed == 0 && !passed {
                phrase = comparison;
            } else {
                phrase.push_str("; ");
                phrase.push_str(&comparison);
            }
        }
    }
    phrase
}

fn criterion_section(
    doc: &mut Document,
    ctx: &KitContext,
    number: usize,
    c: &Criterion,
    invoices: Option<&[InvoiceComparison]>,
) {
    let report = ctx.report;
    doc.heading(2, format!("{number}. {}", c.name));
    doc.paragraph(vec![
        strong("Expected:"),
        text(format!(" {} Kit input key: ", c.expectation)),
        code(format!("attestations.{}", c.id)),
        text("."),
    ]);
    doc.heading(3, "What certkit checked in the sample");
    doc.table(
        &["Rule", "Column", "Result", "Affected", "Examples"],
        rule_rows(report, c),
    );
    let cross = related_cross_row(report, c);
    if !c.cross_row.is_empty() {
        if cross.is_empty() {
            doc.text("The report has no cross-row result for this criterion (the columns it needs are absent from the sample).");
        } else {
            let rows = cross
                .iter()
                .map(|r| {
                    vec![
                        cell(&r.title),
                        code_cell(&r.id),
                        cell(cross_row_status(r.status)),
                        cell(&r.detail),
                    ]
                })
                .collect();
            doc.table(&["Cross-row check", "Id", "Result", "Detail"], rows);
        }
    }
    match c.id {
        "invoice-alignment" => invoice_section(doc, ctx, invoices),
        "currency-consistency" => currency_section(doc, report, invoices),
        "immutable-id-consistency" => conflicts_section(doc, report, ctx.id_conflicts),
        _ => {}
    }
    doc.heading(3, "What needs your attestation");
    doc.text(c.to_attest);
    let answer = ctx.input.attestations.get(c.id);
    let status = answer.map(|a| a.status).unwrap_or_default();
    let status_words = match status {
        AttestationStatus::Attested => "attested",
        AttestationStatus::Deviation => "deviation (documented below)",
        AttestationStatus::NotApplicable => "not applicable",
        AttestationStatus::Unanswered => "unanswered",
    };
    doc.paragraph(vec![strong("Status:"), text(format!(" {status_words}"))]);
    let note = answer.map(|a| a.note.as_str()).unwrap_or("");
    doc.paragraph(vec![
        strong("Note:"),
        text(format!(" {}", or(note, TO_BE_WRITTEN))),
    ]);
}

/// One row per related rule (one per failing column when it fails).
fn rule_rows(report: &Report, c: &Criterion) -> Vec<Vec<Line>> {
    let mut rows = Vec::new();
    for rule_id in c.rules {
        let rule = registry().rule(rule_id);
        let id_cell = || {
            vec![
                code(*rule_id),
                text(
                    rule.map(|r| format!(" ({})", r.keyword))
                        .unwrap_or_default(),
                ),
            ]
        };
        let place = match rule.and_then(|r| r.column.clone()) {
            Some(column) => code_cell(column),
            None => cell("(attribute)"),
        };
        let findings: Vec<&Finding> = report
            .findings
            .iter()
            .filter(|f| f.rule_id == *rule_id)
            .collect();
        if !findings.is_empty() {
            for f in findings {
                rows.push(vec![
                    id_cell(),
                    f.column
                        .as_deref()
                        .map(code_cell)
                        .unwrap_or_else(|| cell("(dataset)")),
                    cell(format!("failed ({})", counts_as(f.counts_as))),
                    cell(share(f.failed_rows, f.checked_rows, &f.unit)),
                    cell(if f.examples.is_empty() {
                        "–".to_string()
                    } else {
                        examples(&f.examples, 5)
                    }),
                ]);
            }
            continue;
        }
        let result = if report.passed.iter().any(|p| p == rule_id) {
            "passed".to_string()
        } else if let Some(note) = report.not_applicable.iter().find(|n| n.rule_id == *rule_id) {
            note.reason.clone()
        } else if report.not_checkable.iter().any(|n| n.rule_id == *rule_id) {
            "not checkable from a data file".to_string()
        } else {
            "not evaluated".to_string()
        };
        rows.push(vec![id_cell(), place, cell(result), cell("–"), cell("–")]);
    }
    rows
}

fn invoice_section(doc: &mut Document, ctx: &KitContext, invoices: Option<&[InvoiceComparison]>) {
    doc.heading(3, "Invoice totals");
    let entered = &ctx.input.invoice_totals;
    let Some(list) = invoices else {
        if entered.is_empty() {
            doc.paragraph(vec![
                text("No invoice totals entered. Enter the payable total and currency of each invoice under "),
                code("invoice_totals"),
                text(" in the kit input; certkit compares them with the sum of BilledCost per InvoiceId when it reads the sample."),
            ]);
        } else {
            doc.text(not_summed_reason(ctx.report));
            let rows = entered
                .iter()
                .map(|(id, t)| vec![code_cell(id), cell(&t.total), cell(&t.currency)])
                .collect();
            doc.table(&["InvoiceId", "Invoice total", "Currency"], rows);
        }
        return;
    };
    if list.is_empty() {
        doc.text("The sample has no InvoiceId values and no invoice totals are entered, so there is nothing to compare.");
        invoice_notes(doc, ctx.report);
        return;
    }
    doc.text(format!(
        "Each invoice total entered in the kit input, compared with the sum of BilledCost of the sample's rows with that InvoiceId. They match when the currencies are the same and the amounts differ by at most {INVOICE_TOLERANCE:.2} (one hundredth of the currency unit: invoices are rounded, row sums are not). A sample may hold only part of an invoice's charges; a mismatch then says the sample is partial, not that the data is wrong."
    ));
    let rows = list
        .iter()
        .map(|x| {
            let total = x
                .entered
                .as_ref()
                .map(|t| format!("{} {}", t.total, t.currency))
                .unwrap_or_else(|| "–".to_string());
            let sum = x
                .sample
                .as_ref()
                .map(|(cur, s)| format!("{} {cur}", money(*s)))
                .unwrap_or_else(|| "–".to_string());
            let diff = x.difference.map(money).unwrap_or_else(|| "–".to_string());
            vec![
                code_cell(&x.invoice_id),
                cell(total),
                cell(sum),
                cell(diff),
                cell(x.outcome.as_str()),
            ]
        })
        .collect();
    doc.table(
        &[
            "InvoiceId",
            "Invoice total",
            "Sum of BilledCost in the sample",
            "Difference",
            "Result",
        ],
        rows,
    );
    let count = |o: InvoiceOutcome| list.iter().filter(|x| x.outcome == o).count();
    doc.text(format!(
        "{} match, {} amount mismatch(es), {} currency mismatch(es), {} entered but not in the sample, {} in the sample without an entered total.",
        count(InvoiceOutcome::Match),
        count(InvoiceOutcome::AmountMismatch),
        count(InvoiceOutcome::CurrencyMismatch),
        count(InvoiceOutcome::NotInSample),
        count(InvoiceOutcome::NoTotalEntered)
    ));
    mixed_currency_table(doc, ctx.report);
    invoice_notes(doc, ctx.report);
}

/// Why there are no sums to compare the entered totals with.
fn not_summed_reason(report: &Report) -> &'static str {
    match &report.sample_facts {
        None => "This report carries no sums of BilledCost per InvoiceId (it was written by a certkit that did not compute them); validate the sample again to compare. The entered totals are listed without comparison.",
        Some(_) => "The sample has no InvoiceId or no BilledCost column, so there are no sums of BilledCost per invoice; the entered totals are listed without comparison.",
    }
}

/// The invoices whose rows carry more than one BillingCurrency.
fn mixed_currency(report: &Report) -> &[String] {
    report
        .sample_facts
        .as_ref()
        .map(|f| f.invoices.mixed_currency.as_slice())
        .unwrap_or_default()
}

/// The sums of each invoice whose rows carry more than one currency.
fn mixed_currency_table(doc: &mut Document, report: &Report) {
    let (Some(facts), mixed) = (&report.sample_facts, mixed_currency(report)) else {
        return;
    };
    if mixed.is_empty() {
        return;
    }
    doc.text(format!(
        "{} invoice(s) have rows in more than one BillingCurrency. An invoice is issued in one currency, so each is a finding to explain (its sum above is the one in the currency of most of its rows):",
        mixed.len()
    ));
    let rows = facts
        .invoices
        .sums
        .iter()
        .filter(|s| mixed.contains(&s.invoice_id))
        .map(|s| {
            vec![
                code_cell(&s.invoice_id),
                cell(s.currency.as_deref().unwrap_or("(null)")),
                cell(money(s.billed_cost)),
                cell(s.rows.to_string()),
            ]
        })
        .collect();
    doc.table(&["InvoiceId", "BillingCurrency", "Sum of BilledCost", "Rows"], rows);
}

/// What limited the sums, and the rows left out.
fn invoice_notes(doc: &mut Document, report: &Report) {
    let Some(facts) = &report.sample_facts else {
        return;
    };
    let i = &facts.invoices;
    if i.rows_without_invoice_id > 0 || i.rows_without_cost > 0 {
        doc.text(format!(
            "{} row(s) summed; {} row(s) with a null InvoiceId and {} with a null or unreadable BilledCost were left out.",
            i.rows_summed, i.rows_without_invoice_id, i.rows_without_cost
        ));
    }
    for note in &i.notes {
        doc.text(note);
    }
}

fn currency_section(doc: &mut Document, report: &Report, invoices: Option<&[InvoiceComparison]>) {
    doc.heading(3, "Invoice currencies");
    let mixed = mixed_currency(report);
    if !mixed.is_empty() {
        doc.paragraph(vec![
            text(format!("{} invoice(s) have rows in more than one BillingCurrency (see Invoice Alignment): ", mixed.len())),
            code(mixed.iter().take(10).cloned().collect::<Vec<_>>().join(", ")),
            text(if mixed.len() > 10 { ", …" } else { "." }),
        ]);
    }
    let Some(list) = invoices else {
        doc.text("Compared once invoice totals are entered and certkit has summed BilledCost per InvoiceId while reading the sample (see Invoice Alignment).");
        return;
    };
    let compared: Vec<&InvoiceComparison> = list
        .iter()
        .filter(|x| x.entered.is_some() && x.sample.is_some())
        .collect();
    if compared.is_empty() {
        doc.text("No invoice is both entered in the kit input and present in the sample, so no currency could be compared.");
        return;
    }
    let mismatched: Vec<&&InvoiceComparison> = compared
        .iter()
        .filter(|x| x.outcome == InvoiceOutcome::CurrencyMismatch)
        .collect();
    doc.text(format!(
        "{} of {} invoice(s) compared have the same currency as the BillingCurrency of their rows in the sample.",
        compared.len() - mismatched.len(),
        compared.len()
    ));
    if !mismatched.is_empty() {
        let rows = mismatched
            .iter()
            .map(|x| {
                let invoice = x
                    .entered
                    .as_ref()
                    .map(|t| t.currency.clone())
                    .unwrap_or_default();
                let sample = x
                    .sample
                    .as_ref()
                    .map(|(c, _)| c.clone())
                    .unwrap_or_default();
                vec![code_cell(&x.invoice_id), cell(invoice), cell(sample)]
            })
            .collect();
        doc.table(
            &[
                "InvoiceId",
                "Invoice currency",
                "BillingCurrency in the sample",
            ],
            rows,
        );
    }
}

/// Billing periods in the sample, from the sample-level cross-row result.
fn billing_periods(report: &Report) -> Option<u64> {
    if let Some(facts) = &report.sample_facts {
        if !facts.immutable_ids.billing_periods.is_empty() {
            return Some(facts.immutable_ids.billing_periods.len() as u64);
        }
    }
    report
        .cross_row
        .iter()
        .find(|r| r.id == "certkit:Sample-complete-billing-period")
        .and_then(|r| r.numbers.get("billing_periods"))
        .map(|n| n.max(0.0) as u64)
}

fn conflicts_section(doc: &mut Document, report: &Report, conflicts: Option<&[IdConflict]>) {
    doc.heading(3, "Identifiers across billing periods");
    let periods = billing_periods(report);
    let held = periods
        .map(|n| format!(" (the sample holds {n})"))
        .unwrap_or_default();
    match conflicts {
        None => doc.text(format!(
            "Not computed for this run (the report carries no identifier comparison: validate the sample again with this certkit). Checking that identifiers keep their attributes needs two or more billing periods in the sample{held}."
        )),
        Some([]) if periods.is_some_and(|n| n < 2) => doc.text(format!(
            "No conflict found, but this says little: checking that identifiers keep their attributes needs two or more billing periods in the sample{held}."
        )),
        Some([]) => doc.text(format!("No identifier changed its attributes from one billing period to another{held}.")),
        Some(list) => {
            let found = conflicts_found(report, list);
            doc.text(format!("{found} identifier attribute(s) changed from one billing period to another:"));
            let rows = list
                .iter()
                .take(MAX_CONFLICTS_SHOWN)
                .map(|c| {
                    let values = c
                        .values
                        .iter()
                        .map(|v| format!("{}: {}", v.billing_period_start, v.value.as_deref().unwrap_or("null")))
                        .collect::<Vec<_>>()
                        .join("; ");
                    vec![code_cell(&c.id_column), cell(&c.id_value), code_cell(&c.attribute), cell(values)]
                })
                .collect();
            doc.table(&["Identifier", "Value", "Attribute", "Values by billing period"], rows);
            let shown = list.len().min(MAX_CONFLICTS_SHOWN) as u64;
            if found > shown {
                doc.text(format!("And {} more.", found - shown));
            }
        }
    }
    id_checks(doc, report);
}

/// All conflicts found: the report counts those past its listing limit.
fn conflicts_found(report: &Report, listed: &[IdConflict]) -> u64 {
    report
        .sample_facts
        .as_ref()
        .map(|f| f.immutable_ids.conflicts_found)
        .unwrap_or(0)
        .max(listed.len() as u64)
}

/// Which identifiers were compared on which attributes, and what limited the check.
fn id_checks(doc: &mut Document, report: &Report) {
    let Some(facts) = &report.sample_facts else {
        return;
    };
    let ids = &facts.immutable_ids;
    if !ids.checked.is_empty() {
        doc.text("An identifier's first non-null value of each attribute is compared with its values in the other billing periods (a null says nothing; a change inside one billing period is left to the cross-row rules):");
        let rows = ids
            .checked
            .iter()
            .map(|c| {
                vec![
                    code_cell(&c.id_column),
                    cell(c.attributes.join(", ")),
                    cell(super::words::thousands(c.ids)),
                    cell(&c.spec_ref),
                ]
            })
            .collect();
        doc.table(&["Identifier", "Attributes compared", "Values followed", "Specification"], rows);
    }
    for note in &ids.notes {
        doc.text(note);
    }
}
