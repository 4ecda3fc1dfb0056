//! The validation report: a documented, stable data model (see
//! `docs/report-schema.json`) that every renderer and the web app read.
//!
//! A report keeps the raw result of every failed check (its counts and up to five
//! examples), so how the failures count for the certification can be recomputed for
//! other applicability declarations or another deviation threshold without reading
//! the file again: see [`Report::reevaluate`].

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use crate::rules::outcome::{CrossRowResult, CrossRowStatus};
pub use crate::rules::tally::Example;
use crate::rules::verdict::counts_as;
pub use crate::rules::verdict::{CountsAs, Level};
use crate::rules::Keyword;

/// The report format's version; bumped on any incompatible change.
pub const REPORT_FORMAT: &str = "certkit-report/1";

/// The whole report of one validation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// `certkit-report/1`.
    pub format: String,
    /// The certkit version that produced it.
    pub certkit_version: String,
    /// The rules applied, e.g. `FOCUS 1.2`.
    pub ruleset: String,
    /// The file validated.
    pub input: InputInfo,
    /// The FOCUS version the file was checked as, e.g. `1.2`.
    pub focus_version: String,
    /// `detected` from the header, or `declared` by the user.
    pub focus_version_source: VersionSource,
    /// Data rows read.
    pub rows: u64,
    /// Failed checks only, sorted: blocking, deviations, disclosures, not counted.
    pub findings: Vec<Finding>,
    /// IDs of rules that were checked and passed everywhere they ran.
    pub passed: Vec<String>,
    /// Rules (or rule instances on a column) that could not run, with the reason.
    pub not_applicable: Vec<RuleNote>,
    /// Rules that cannot be checked from a data file, with the reason.
    pub not_checkable: Vec<RuleNote>,
    /// The applicability areas: detected in the data, declared, and whether they apply.
    pub applicability: Vec<AreaStatus>,
    /// What the header holds.
    pub columns: ColumnsSummary,
    /// Cross-row results with their numbers.
    pub cross_row: Vec<CrossRowResult>,
    /// Things worth knowing that are not findings (from the reader and the validator).
    pub notices: Vec<ReportNotice>,
    /// Every reading certkit had to choose where the specification or the
    /// certification is silent or ambiguous.
    pub assumptions: Vec<Assumption>,
    /// The certification verdict.
    pub certification: Certification,
    /// Facts the submission kit needs, gathered in the same pass: sums of BilledCost per
    /// InvoiceId and identifiers whose attributes changed across billing periods.
    /// Absent in reports written before certkit gathered them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sample_facts: Option<SampleFacts>,
}

/// The input file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputInfo {
    /// The file name as given.
    pub name: String,
    /// `CSV`, `CSV (gzip)` or `Parquet`.
    pub format: String,
    /// Size in bytes.
    pub bytes: u64,
}

/// Where the FOCUS version came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum VersionSource {
    /// Told apart by the columns in the header.
    Detected,
    /// Set by the user.
    Declared,
}

/// One failed check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// The requirement ID (official, or `certkit:`).
    pub rule_id: String,
    /// The column concerned; for a missing column, that column. `null` only for
    /// dataset-level results without a column.
    pub column: Option<String>,
    /// MUST, MUST NOT, SHOULD, SHOULD NOT, RECOMMENDED or MAY.
    pub keyword: Keyword,
    /// The column's feature level, or `Dataset` / `Custom`.
    pub feature_level: Level,
    /// The check family: presence, naming, types, numeric, datetime, currency,
    /// key_value, string_handling, unit, nullability, allowed_values, cross_column, cross_row.
    pub check: String,
    /// What is wrong and what to do, in plain words.
    pub message: String,
    /// How many checked items failed.
    pub failed_rows: u64,
    /// How many items were checked.
    pub checked_rows: u64,
    /// What one item is: `values`, `rows`, `columns`, `keys` or `commitments`.
    pub unit: String,
    /// Up to five failing values with their 1-based data row (header excluded).
    pub examples: Vec<Example>,
    /// How the finding counts for the certification.
    pub counts_as: CountsAs,
    /// The specification file, e.g. `columns/billedcost.md`.
    pub spec_ref: String,
    /// The applicability area the rule belongs to, if any.
    pub applicability: Option<String>,
    /// True for checks that are proxies (their failures are disclosures to review).
    #[serde(default)]
    pub heuristic: bool,
}

/// A rule with a reason (not applicable, or not checkable).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleNote {
    /// The requirement ID.
    pub rule_id: String,
    /// The column, when the note is about the rule on one column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// Why.
    pub reason: String,
}

/// One applicability area.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaStatus {
    /// Stable ID, e.g. `commitment-discounts`.
    pub id: String,
    /// Name as the certification writes it.
    pub name: String,
    /// True for the 12 certification areas.
    pub certification: bool,
    /// The FOCUS columns it maps to.
    pub columns: Vec<String>,
    /// One of its columns is present with at least one non-null value.
    pub detected: bool,
    /// What the user declared (`null`: nothing declared).
    pub declared: Option<bool>,
    /// Whether its rules count: the declaration when there is one, else detection.
    pub applies: bool,
}

/// The user's applicability declarations, by area ID (true: the platform has it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Declarations {
    /// Declared areas.
    pub areas: BTreeMap<String, bool>,
}

impl Declarations {
    /// Declares one area on or off.
    pub fn declare(mut self, area: &str, applies: bool) -> Self {
        self.areas.insert(area.to_string(), applies);
        self
    }
}

/// What the header holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnsSummary {
    /// FOCUS columns present, in header order.
    pub present: Vec<String>,
    /// FOCUS columns of the version that are missing, by feature level.
    pub missing: MissingColumns,
    /// Custom (non-FOCUS) columns, in header order.
    pub custom: Vec<String>,
    /// FOCUS columns spelled in another case.
    pub misnamed: Vec<MisnamedColumn>,
    /// Names that appear more than once.
    pub duplicates: Vec<String>,
}

/// Missing FOCUS columns by feature level.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissingColumns {
    /// Mandatory columns missing.
    pub mandatory: Vec<String>,
    /// Conditional columns missing.
    pub conditional: Vec<String>,
    /// Recommended columns missing.
    pub recommended: Vec<String>,
    /// Optional columns missing.
    pub optional: Vec<String>,
}

/// A FOCUS column spelled in another case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MisnamedColumn {
    /// As written in the header.
    pub found: String,
    /// The FOCUS column ID.
    pub expected: String,
}

/// Something worth telling that is not a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportNotice {
    /// `reader` or `validator`.
    pub source: String,
    /// Stable identifier, e.g. `bom-stripped`, `version-assumed`.
    pub code: String,
    /// One plain sentence.
    pub message: String,
}

/// A reading certkit chose where the specification or the certification is silent
/// or ambiguous.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assumption {
    /// Stable identifier, e.g. `price-tolerance`.
    pub id: String,
    /// What the question is.
    pub topic: String,
    /// The reading certkit applies.
    pub reading: String,
    /// The other reading.
    pub alternative: String,
    /// The option that switches it, if any.
    pub option: Option<String>,
}

/// The certification verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Certification {
    /// The program, `FinOps Certified FOCUS Conformant (FOCUS 1.2)`.
    pub program: String,
    /// True when nothing blocks and deviations are within the threshold.
    pub eligible: bool,
    /// Why certification cannot proceed.
    pub blocking: Vec<BlockingReason>,
    /// Counted deviations (MUST failures on Mandatory/Conditional columns and the dataset).
    pub deviations: u64,
    /// Disclosed failures (SHOULD, Recommended columns, heuristics).
    pub disclosures: u64,
    /// Failures of rules whose applicability area does not apply.
    pub not_counted: u64,
    /// The deviation threshold applied.
    pub max_deviations: u64,
}

/// Why certification cannot proceed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlockingReason {
    /// `finding` (a required column fails a check), `version` (not FOCUS 1.2) or
    /// `sample` (a sample requirement is not met).
    pub kind: String,
    /// The rule concerned, if any.
    pub rule_id: Option<String>,
    /// The column concerned, if any.
    pub column: Option<String>,
    /// What is wrong.
    pub reason: String,
}

/// Facts about the sample that no rule judges but the submission kit's attestation
/// worksheet uses (invoice alignment, currency consistency, immutable ID consistency).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SampleFacts {
    /// Sums of BilledCost per InvoiceId.
    pub invoices: InvoiceFacts,
    /// Identifier attributes across billing periods.
    pub immutable_ids: ImmutableIdFacts,
}

/// Sums of BilledCost per InvoiceId and BillingCurrency.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct InvoiceFacts {
    /// False when the sample has no InvoiceId or no BilledCost column (nothing summed).
    pub computed: bool,
    /// One entry per InvoiceId and BillingCurrency, sorted by InvoiceId then currency.
    pub sums: Vec<InvoiceSum>,
    /// InvoiceIds whose rows carry more than one BillingCurrency: an invoice is issued
    /// in one currency, so each of these is a finding to explain.
    pub mixed_currency: Vec<String>,
    /// Rows whose BilledCost was added to a sum.
    pub rows_summed: u64,
    /// Rows with a null InvoiceId (not on an invoice; skipped).
    pub rows_without_invoice_id: u64,
    /// Rows with an InvoiceId whose BilledCost is null or not a number (skipped).
    pub rows_without_cost: u64,
    /// The most InvoiceId and currency pairs summed.
    pub max_invoices: u64,
    /// Rows of invoices first seen after that limit was reached (not summed).
    pub rows_not_summed: u64,
    /// Plain sentences on what limited the sums, if anything.
    pub notes: Vec<String>,
}

/// The sum of BilledCost of one invoice in one currency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InvoiceSum {
    /// The InvoiceId.
    pub invoice_id: String,
    /// The BillingCurrency of the rows (`null` when it is null on them).
    pub currency: Option<String>,
    /// The sum of BilledCost.
    pub billed_cost: f64,
    /// Rows summed.
    pub rows: u64,
}

/// Immutable identifiers checked across billing periods.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ImmutableIdFacts {
    /// The billing periods in the sample, by BillingPeriodStart as written, sorted.
    pub billing_periods: Vec<String>,
    /// The identifier columns followed, each with the attributes compared.
    pub checked: Vec<IdColumnCheck>,
    /// Identifiers whose attribute changed from one billing period to another (at most
    /// `max_conflicts_listed`, sorted by column, value and attribute).
    pub conflicts: Vec<IdConflict>,
    /// All conflicts found, listed or not.
    pub conflicts_found: u64,
    /// The most conflicts listed.
    pub max_conflicts_listed: u64,
    /// The most identifier values followed, over all identifier columns.
    pub max_ids: u64,
    /// Rows whose identifier was first seen after that limit was reached (not compared).
    pub rows_not_checked: u64,
    /// Plain sentences on what limited the check, if anything.
    pub notes: Vec<String>,
}

/// One identifier column and the attributes compared across billing periods.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdColumnCheck {
    /// The identifier column, e.g. `ResourceId`.
    pub id_column: String,
    /// The attribute columns present in the sample, e.g. `RegionId`.
    pub attributes: Vec<String>,
    /// Distinct identifier values followed.
    pub ids: u64,
    /// Where the specification says these must not change.
    pub spec_ref: String,
}

/// An immutable identifier whose attribute changed from one billing period to another
/// (e.g. a ResourceId whose RegionId is `us-east-1` in January and `eu-west-1` in February).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdConflict {
    /// The identifier column, e.g. `ResourceId`.
    pub id_column: String,
    /// The identifier's value.
    pub id_value: String,
    /// The column whose value changed, e.g. `RegionId`.
    pub attribute: String,
    /// The attribute's value in each billing period, in period order.
    pub values: Vec<PeriodValue>,
}

/// An attribute's value in one billing period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodValue {
    /// The billing period, by its BillingPeriodStart as written in the data.
    pub billing_period_start: String,
    /// The value (`None`: null).
    pub value: Option<String>,
}

impl Report {
    /// Recomputes applicability, how each finding counts, their order and the
    /// certification for new declarations, from the stored results (no re-reading).
    pub fn reevaluate(&mut self, declarations: &Declarations) {
        for area in &mut self.applicability {
            area.declared = declarations.areas.get(&area.id).copied();
            area.applies = area.declared.unwrap_or(area.detected);
        }
        let applies: BTreeMap<&str, bool> = self
            .applicability
            .iter()
            .map(|a| (a.id.as_str(), a.applies))
            .collect();
        for finding in &mut self.findings {
            let area_applies = finding
                .applicability
                .as_deref()
                .is_none_or(|a| applies.get(a).copied().unwrap_or(false));
            finding.counts_as = counts_as(
                finding.keyword,
                finding.feature_level,
                finding.column.as_deref(),
                area_applies,
                finding.heuristic,
            );
        }
        sort_findings(&mut self.findings);
        self.recount();
    }

    /// Sets the deviation threshold and recomputes eligibility.
    pub fn set_max_deviations(&mut self, max_deviations: u64) {
        self.certification.max_deviations = max_deviations;
        self.recount();
    }

    /// Recomputes the counts, the finding-based blocking reasons and eligibility.
    fn recount(&mut self) {
        let c = &mut self.certification;
        c.blocking.retain(|b| b.kind != "finding");
        let mut finding_reasons = Vec::new();
        let (mut deviations, mut disclosures, mut not_counted) = (0, 0, 0);
        for f in &self.findings {
            match f.counts_as {
                CountsAs::Blocking => finding_reasons.push(BlockingReason {
                    kind: "finding".into(),
                    rule_id: Some(f.rule_id.clone()),
                    column: f.column.clone(),
                    reason: blocking_reason_text(f),
                }),
                CountsAs::Deviation => deviations += 1,
                CountsAs::Disclosure => disclosures += 1,
                CountsAs::NotApplicable => not_counted += 1,
            }
        }
        c.blocking.extend(finding_reasons);
        c.deviations = deviations;
        c.disclosures = disclosures;
        c.not_counted = not_counted;
        c.eligible = c.blocking.is_empty() && c.deviations <= c.max_deviations;
    }

    /// The findings that count as `kind`.
    pub fn findings_counted_as(&self, kind: CountsAs) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(move |f| f.counts_as == kind)
    }

    /// The finding of `rule_id` on `column`, if that check failed.
    pub fn finding(&self, rule_id: &str, column: Option<&str>) -> Option<&Finding> {
        self.findings
            .iter()
            .find(|f| f.rule_id == rule_id && (column.is_none() || f.column.as_deref() == column))
    }
}

fn blocking_reason_text(f: &Finding) -> String {
    let column = f.column.as_deref().unwrap_or("a required column");
    if f.check == "presence" {
        format!("{column} is missing; the certification requires it")
    } else {
        format!(
            "{column} fails {} ({} of {} {})",
            f.rule_id, f.failed_rows, f.checked_rows, f.unit
        )
    }
}

/// Blocking first, then deviations, disclosures and findings that do not count;
/// within each, keeps the registry order (rules in the order the ruleset lists them).
pub fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by_key(|f| f.counts_as);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(
        rule: &str,
        column: &str,
        keyword: Keyword,
        level: Level,
        area: Option<&str>,
    ) -> Finding {
        Finding {
            rule_id: rule.into(),
            column: Some(column.into()),
            keyword,
            feature_level: level,
            check: "nullability".into(),
            message: "m".into(),
            failed_rows: 1,
            checked_rows: 2,
            unit: "rows".into(),
            examples: vec![],
            counts_as: CountsAs::Disclosure,
            spec_ref: "x.md".into(),
            applicability: area.map(str::to_string),
            heuristic: false,
        }
    }

    fn report(findings: Vec<Finding>) -> Report {
        Report {
            format: REPORT_FORMAT.into(),
            certkit_version: "0".into(),
            ruleset: "FOCUS 1.2".into(),
            input: InputInfo {
                name: "a.csv".into(),
                format: "CSV".into(),
                bytes: 1,
            },
            focus_version: "1.2".into(),
            focus_version_source: VersionSource::Detected,
            rows: 2,
            findings,
            passed: vec![],
            not_applicable: vec![],
            not_checkable: vec![],
            applicability: vec![AreaStatus {
                id: "tags".into(),
                name: "Tags".into(),
                certification: true,
                columns: vec!["Tags".into()],
                detected: false,
                declared: None,
                applies: false,
            }],
            columns: ColumnsSummary::default(),
            cross_row: vec![],
            notices: vec![],
            assumptions: vec![],
            certification: Certification {
                program: "p".into(),
                eligible: false,
                blocking: vec![BlockingReason {
                    kind: "sample".into(),
                    rule_id: None,
                    column: None,
                    reason: "r".into(),
                }],
                deviations: 0,
                disclosures: 0,
                not_counted: 0,
                max_deviations: 0,
            },
            sample_facts: None,
        }
    }

    #[test]
    fn reevaluation_follows_declarations() {
        let mut r = report(vec![
            finding(
                "Tags-C-001-M",
                "Tags",
                Keyword::Must,
                Level::Conditional,
                Some("tags"),
            ),
            finding(
                "BilledCost-C-003-M",
                "BilledCost",
                Keyword::MustNot,
                Level::Mandatory,
                None,
            ),
        ]);
        r.reevaluate(&Declarations::default());
        assert_eq!(r.findings[0].rule_id, "BilledCost-C-003-M");
        assert_eq!(r.findings[0].counts_as, CountsAs::Blocking);
        assert_eq!(r.findings[1].counts_as, CountsAs::NotApplicable);
        assert_eq!(
            (r.certification.deviations, r.certification.not_counted),
            (0, 1)
        );
        // The sample reason is kept, the finding reason added.
        assert_eq!(r.certification.blocking.len(), 2);

        r.reevaluate(&Declarations::default().declare("tags", true));
        assert_eq!(r.applicability[0].declared, Some(true));
        assert!(r.applicability[0].applies);
        assert_eq!(r.findings[1].counts_as, CountsAs::Deviation);
        assert_eq!(r.certification.deviations, 1);
        assert_eq!(r.certification.blocking.len(), 2);
        assert!(!r.certification.eligible);
    }

    #[test]
    fn threshold_decides_eligibility() {
        let mut r = report(vec![finding(
            "SkuId-C-005-C",
            "SkuId",
            Keyword::MustNot,
            Level::Conditional,
            None,
        )]);
        r.certification.blocking.clear();
        r.reevaluate(&Declarations::default());
        assert!(!r.certification.eligible);
        r.set_max_deviations(1);
        assert!(r.certification.eligible);
        assert!(r.finding("SkuId-C-005-C", Some("SkuId")).is_some());
        assert_eq!(r.findings_counted_as(CountsAs::Deviation).count(), 1);
    }
}
