//! The Conformance Gap Report, built once as a [`Document`] and written as Markdown or
//! HTML. The certification asks it to hold a certification summary, the deviation list
//! with workarounds, the Known Industry Limitations and the applicability declarations;
//! certkit adds a cover and an appendix with every requirement's status.

use super::deviations::{draft_counts, entries, DeviationType};
use super::document::{cell, code, code_cell, strong, text, Document, Line};
use super::kil::{assess_all, unbacked_kil_marks, KilAssessment};
use super::requirements::{requirement_rows, rule_place, RequirementStatus};
use super::words::{or, share, thousands, yes_no, TO_BE_ENTERED, TO_BE_WRITTEN};
use super::KitContext;
use crate::report::{CountsAs, Finding, Report, VersionSource};
use crate::rules::registry;

/// Builds the whole gap report.
pub fn document(ctx: &KitContext) -> Document {
    let title = match ctx.input.data_generator.trim() {
        "" => "Conformance Gap Report".to_string(),
        name => format!("Conformance Gap Report: {name}"),
    };
    let mut doc = Document::new(title);
    doc.paragraph(vec![
        strong("Draft."),
        text(format!(
            " Drafted by certkit {} from a validation of the sample {}. Review every section, fill in what is marked \"{TO_BE_ENTERED}\" or \"{TO_BE_WRITTEN}\", then publish it where practitioners can read it without registration.",
            crate::VERSION,
            ctx.report.input.name
        )),
    ]);
    cover(&mut doc, ctx);
    summary(&mut doc, ctx);
    deviation_list(&mut doc, ctx);
    known_industry_limitations(&mut doc, ctx);
    applicability(&mut doc, ctx.report);
    doc.heading(2, "Column mapping");
    doc.text("How each FOCUS column is derived from the source billing data is documented in the Column Mapping Reference published alongside this report.");
    appendix(&mut doc, ctx.report);
    doc
}

fn cover(doc: &mut Document, ctx: &KitContext) {
    let (report, input) = (ctx.report, ctx.input);
    let source = match report.focus_version_source {
        VersionSource::Detected => "detected from the header",
        VersionSource::Declared => "declared",
    };
    let mut version = format!("{} ({source})", report.focus_version);
    if report.focus_version != "1.2" {
        version.push_str("; the certification validates FOCUS 1.2");
    }
    doc.heading(2, "Cover");
    let row = |field: &str, value: Line| vec![cell(field), value];
    doc.table(
        &["Field", "Value"],
        vec![
            row(
                "Data generator",
                cell(or(&input.data_generator, TO_BE_ENTERED)),
            ),
            row("Dataset", cell(or(&input.dataset, TO_BE_ENTERED))),
            row("Contact", cell(or(&input.contact, TO_BE_ENTERED))),
            row("Certification", cell(&report.certification.program)),
            row("FOCUS version", cell(version)),
            row(
                "Sample period",
                cell(or(&input.sample_period, TO_BE_ENTERED)),
            ),
            row(
                "Sample file",
                vec![
                    code(&report.input.name),
                    text(format!(
                        " ({}, {} bytes)",
                        report.input.format,
                        thousands(report.input.bytes)
                    )),
                ],
            ),
            row("Rows", cell(thousands(report.rows))),
            row(
                "Validated with",
                cell(format!(
                    "certkit {}, ruleset {}",
                    report.certkit_version, report.ruleset
                )),
            ),
            row("Date", cell(ctx.date)),
        ],
    );
}

fn summary(doc: &mut Document, ctx: &KitContext) {
    let report = ctx.report;
    let counts = draft_counts(report, ctx.input);
    let max = report.certification.max_deviations;
    doc.heading(2, "Certification summary");
    let verdict = if counts.blocking > 0 {
        format!(
            "Not eligible as it stands: {} blocking reason(s), listed below.",
            counts.blocking
        )
    } else if counts.draft_deviations > max {
        format!(
            "Not eligible as it stands: {} deviation(s) where certkit allows at most {max}.",
            counts.draft_deviations
        )
    } else if counts.kil_excluded > 0 {
        "Eligible as it stands, provided the requested Known Industry Limitations are approved."
            .to_string()
    } else {
        "Eligible as it stands.".to_string()
    };
    doc.paragraph(vec![
        strong(verdict),
        text(" This is certkit's reading of the sample; the FinOps Foundation's review decides."),
    ]);
    let requirements = requirement_rows(report);
    let count =
        |status: RequirementStatus| requirements.iter().filter(|r| r.status == status).count();
    let mut kils = counts.kils_requested.to_string();
    if counts.kils_invalid > 0 {
        kils.push_str(&format!(
            " ({} more request(s) do not meet the three criteria)",
            counts.kils_invalid
        ));
    }
    let row = |label: &str, value: String| vec![cell(label), cell(value)];
    doc.table(
        &["Item", "Count"],
        vec![
            row("Blocking failures (certification cannot proceed)", counts.blocking.to_string()),
            row(
                "Deviations counted (MUST / MUST NOT on Mandatory and Conditional columns and on the dataset's structure)",
                counts.deviations.to_string(),
            ),
            row("Deviations covered by requested KILs", counts.kil_excluded.to_string()),
            row("Draft deviation count", format!("{} (certkit's threshold: at most {max})", counts.draft_deviations)),
            row("SHOULD and Recommended-column disclosures (not counted)", counts.disclosures.to_string()),
            row("Failures in areas that do not apply (not counted)", counts.not_counted.to_string()),
            row("Known Industry Limitations requested", kils),
            row(
                "Requirements",
                format!(
                    "{} failed, {} passed, {} not applicable, {} not checkable from a data file",
                    count(RequirementStatus::Failed),
                    count(RequirementStatus::Passed),
                    count(RequirementStatus::NotApplicable),
                    count(RequirementStatus::NotCheckable)
                ),
            ),
        ],
    );
    if !report.certification.blocking.is_empty() {
        doc.heading(3, "Blocking");
        let items = report
            .certification
            .blocking
            .iter()
            .map(|b| {
                let mut line = Vec::new();
                if let Some(rule) = &b.rule_id {
                    line.push(code(rule));
                    line.push(text(": "));
                }
                line.push(text(&b.reason));
                line
            })
            .collect();
        doc.list(items);
    }
}

fn deviation_list(doc: &mut Document, ctx: &KitContext) {
    let (report, input) = (ctx.report, ctx.input);
    let all = entries(report, input);
    doc.heading(2, "Deviations");
    doc.text(format!(
        "Every check the sample fails, grouped by type ({} in all). \"Counts as\" says how each counts for the certification: blocking (a required column fails; certification cannot proceed), deviation (counts toward the threshold), requested KIL (a deviation covered by a Known Industry Limitation request, excluded from the draft count if approved), disclosure (disclosed, not counted) or not counted (its applicability area does not apply). \"Affected\" is the share of checked values, rows or columns that fail.",
        all.len()
    ));
    for kind in DeviationType::ALL {
        let of_kind: Vec<_> = all.iter().filter(|e| e.kind == kind).collect();
        doc.heading(3, format!("{} ({})", kind.title(), of_kind.len()));
        doc.text(kind.description());
        if of_kind.is_empty() {
            doc.text("None.");
            continue;
        }
        let rows = of_kind
            .iter()
            .map(|e| {
                let f = e.finding;
                let note = input.deviations.get(&f.rule_id);
                let requirement = registry()
                    .rule(&f.rule_id)
                    .map(|r| {
                        r.requirement
                            .as_ref()
                            .map(|q| q.text.clone())
                            .unwrap_or_else(|| r.description.clone())
                    })
                    .unwrap_or_else(|| f.message.clone());
                vec![
                    vec![code(&f.rule_id), text(format!(" ({})", f.keyword))],
                    f.column
                        .as_deref()
                        .map(code_cell)
                        .unwrap_or_else(|| cell("(dataset)")),
                    cell(requirement),
                    cell(e.counts_as_label()),
                    cell(affected(f)),
                    cell(
                        note.map(|n| or(&n.workaround, TO_BE_WRITTEN))
                            .unwrap_or(TO_BE_WRITTEN),
                    ),
                    cell(note.map(|n| or(&n.planned_fix, "–")).unwrap_or("–")),
                ]
            })
            .collect();
        doc.table(
            &[
                "Rule",
                "Column",
                "Requirement",
                "Counts as",
                "Affected",
                "Workaround",
                "Planned fix",
            ],
            rows,
        );
    }
    let stale: Vec<Line> = input
        .deviations
        .iter()
        .filter(|(rule, note)| {
            report.finding(rule, None).is_none()
                && !(note.workaround.trim().is_empty() && note.planned_fix.trim().is_empty())
        })
        .map(|(rule, _)| vec![code(rule)])
        .collect();
    if !stale.is_empty() {
        doc.text("The kit input has workarounds for these rules, which do not fail in this sample (not shown above):");
        doc.list(stale);
    }
}

/// The share of items that fail; a missing column is simply absent.
fn affected(f: &Finding) -> String {
    if f.check == "presence" {
        "column absent".to_string()
    } else {
        share(f.failed_rows, f.checked_rows, &f.unit)
    }
}

fn known_industry_limitations(doc: &mut Document, ctx: &KitContext) {
    let (report, input) = (ctx.report, ctx.input);
    doc.heading(2, "Known Industry Limitations");
    doc.text("A Known Industry Limitation (KIL) is a deviation caused by billing-model constraints that affect several data generators. A request is considered when it meets three criteria: (1) it affects two or more data providers, (2) its root cause is a billing-architecture limitation rather than an implementation choice, and (3) a practitioner workaround is documented. Only the FinOps Foundation approves a KIL; approved KILs are excluded from the deviation count and published.");
    let assessed = assess_all(input);
    if assessed.is_empty() {
        doc.text("None requested.");
    }
    for a in &assessed {
        kil_section(doc, report, a);
    }
    let unbacked = unbacked_kil_marks(input);
    if !unbacked.is_empty() {
        doc.text("These deviations are marked as KILs in the kit input, but no request meeting the three criteria lists them, so they still count:");
        doc.list(unbacked.iter().map(|r| vec![code(r)]).collect());
    }
}

fn kil_section(doc: &mut Document, report: &Report, a: &KilAssessment) {
    let kil = a.kil;
    let heading = match kil.title.trim() {
        "" => kil.id.clone(),
        title => format!("{}: {title}", kil.id),
    };
    doc.heading(3, heading);
    if a.valid() {
        doc.paragraph(vec![
            strong("Requested KIL."),
            text(" The request meets the three criteria; its deviations are left out of the draft deviation count until the FinOps Foundation decides."),
        ]);
    } else {
        doc.paragraph(vec![
            strong("Not a valid KIL request."),
            text(format!(
                " Missing: {}. Its rules still count as deviations.",
                a.unmet().join("; ")
            )),
        ]);
    }
    let providers = if a.providers.is_empty() {
        "none named".to_string()
    } else {
        format!("{} ({})", a.providers.join(", "), a.providers.len())
    };
    doc.table(
        &["Criterion", "Met", "Evidence"],
        vec![
            vec![
                cell("(1) Affects two or more data providers"),
                cell(yes_no(a.multi_provider)),
                cell(providers),
            ],
            vec![
                cell("(2) Billing-architecture root cause"),
                cell(yes_no(a.root_cause)),
                cell(or(&kil.root_cause, "not described")),
            ],
            vec![
                cell("(3) Practitioner workaround documented"),
                cell(yes_no(a.workaround)),
                cell(or(&kil.workaround, "not documented")),
            ],
        ],
    );
    if kil.rule_ids.is_empty() {
        return;
    }
    let rows = kil
        .rule_ids
        .iter()
        .map(|rule| {
            let findings: Vec<_> = report
                .findings
                .iter()
                .filter(|f| &f.rule_id == rule)
                .collect();
            let in_sample = if findings.is_empty() {
                "does not fail in this sample".to_string()
            } else {
                findings
                    .iter()
                    .map(|f| {
                        let how = if a.valid() && f.counts_as == CountsAs::Deviation {
                            "requested KIL"
                        } else {
                            super::words::counts_as(f.counts_as)
                        };
                        format!("{how} on {}", f.column.as_deref().unwrap_or("the dataset"))
                    })
                    .collect::<Vec<_>>()
                    .join("; ")
            };
            vec![code_cell(rule), cell(in_sample)]
        })
        .collect();
    doc.table(&["Rule", "In this sample"], rows);
}

fn applicability(doc: &mut Document, report: &Report) {
    doc.heading(2, "Applicability declarations");
    doc.text("The feature areas the certification asks a data generator to declare. An area applies when it is declared, or, without a declaration, when its columns hold data in the sample; rules of areas that do not apply are not counted.");
    let rows = report
        .applicability
        .iter()
        .filter(|a| a.certification)
        .map(|a| {
            let declared = match a.declared {
                Some(true) => "yes",
                Some(false) => "no",
                None => "not declared",
            };
            let mut columns = Vec::new();
            for (i, c) in a.columns.iter().enumerate() {
                if i > 0 {
                    columns.push(text(", "));
                }
                columns.push(code(c));
            }
            vec![
                cell(&a.name),
                columns,
                cell(yes_no(a.detected)),
                cell(declared),
                cell(yes_no(a.applies)),
            ]
        })
        .collect();
    doc.table(
        &[
            "Area",
            "Columns",
            "Detected in the sample",
            "Declared",
            "Applies",
        ],
        rows,
    );
}

fn appendix(doc: &mut Document, report: &Report) {
    doc.heading(2, "Appendix: every requirement");
    doc.text(format!(
        "Each requirement of the {} ruleset with what the validation found: failed (with how each failure counts), passed, not applicable to this file, or not checkable from a data file (these are covered by the attestations).",
        report.ruleset
    ));
    let rows = requirement_rows(report)
        .into_iter()
        .map(|r| {
            vec![
                code_cell(&r.rule.id),
                cell(r.rule.keyword.as_str()),
                cell(rule_place(r.rule)),
                cell(r.status.as_str()),
                cell(if r.detail.is_empty() {
                    "–".to_string()
                } else {
                    r.detail
                }),
            ]
        })
        .collect();
    doc.table(&["Rule", "Keyword", "Column", "Status", "Detail"], rows);
}
