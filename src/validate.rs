//! The validation pipeline: bytes → reader → rule engine → report.
//!
//! [`validate`] opens the input, tells the FOCUS version from the header (or takes the
//! declared one), compiles the FOCUS 1.2 ruleset against the header, feeds it every
//! batch while reporting progress (which can cancel), and assembles the [`Report`]:
//! findings with plain-words messages, the applicability areas, the columns summary,
//! the cross-row results, the assumptions certkit made, and the certification verdict.

use std::collections::BTreeSet;
use std::ops::ControlFlow;

use crate::focus::{self, catalogue, detect_version, FeatureLevel, FocusVersion, LEGACY_COLUMNS};
use crate::read::{self, ByteSource, ReadError, ReadErrorKind, ReadOptions};
use crate::report::model::{
    AreaStatus, Assumption, BlockingReason, Certification, ColumnsSummary, Declarations, Finding,
    InputInfo, MisnamedColumn, MissingColumns, Report, ReportNotice, RuleNote, VersionSource,
    REPORT_FORMAT,
};
use crate::rules::engine::{Engine, EngineOptions};
use crate::rules::outcome::{EngineOutput, InstanceStatus};
use crate::rules::registry::{registry, Check, Registry, Rule, Scope};
use crate::rules::tally::Tally;
use crate::rules::verdict::Level;
use crate::rules::{allowed_values::AllowedSet, Tolerance};

/// Which FOCUS version to check the file as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum VersionChoice {
    /// Tell it from the header.
    #[default]
    Auto,
    /// FOCUS 1.0.
    V1_0,
    /// FOCUS 1.1.
    V1_1,
    /// FOCUS 1.2.
    V1_2,
}

impl VersionChoice {
    fn declared(self) -> Option<FocusVersion> {
        match self {
            VersionChoice::Auto => None,
            VersionChoice::V1_0 => Some(FocusVersion::V1_0),
            VersionChoice::V1_1 => Some(FocusVersion::V1_1),
            VersionChoice::V1_2 => Some(FocusVersion::V1_2),
        }
    }
}

/// How to validate.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidateOptions {
    /// The FOCUS version to check against.
    pub focus_version: VersionChoice,
    /// Applicability areas declared on or off (a declaration wins over detection).
    pub applicability: Declarations,
    /// How close unit price × PricingQuantity must be to the cost.
    pub tolerance: Tolerance,
    /// Deviations allowed before the sample is not eligible (the certification
    /// publishes no number; 0 by default).
    pub max_deviations: u64,
    /// Treat a sample without a complete billing period as blocking (the
    /// certification asks for one); false reports it without blocking.
    pub require_complete_billing_period: bool,
    /// How to read the input.
    pub read: ReadOptions,
}

impl Default for ValidateOptions {
    fn default() -> Self {
        ValidateOptions {
            focus_version: VersionChoice::Auto,
            applicability: Declarations::default(),
            tolerance: Tolerance::default(),
            max_deviations: 0,
            require_complete_billing_period: true,
            read: ReadOptions::default(),
        }
    }
}

/// How far the validation has come, reported after each batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Input bytes consumed so far.
    pub bytes_read: u64,
    /// Size of the input.
    pub total_bytes: u64,
    /// Data rows validated so far.
    pub rows: u64,
}

/// Why a validation produced no report.
#[derive(Debug, Clone, PartialEq)]
pub enum ValidateError {
    /// The input could not be read (or holds no FOCUS columns).
    Read(ReadError),
    /// The progress callback asked to stop.
    Cancelled,
}

impl std::fmt::Display for ValidateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ValidateError::Read(e) => e.fmt(f),
            ValidateError::Cancelled => f.write_str("the validation was cancelled"),
        }
    }
}

impl std::error::Error for ValidateError {}

impl From<ReadError> for ValidateError {
    fn from(e: ReadError) -> Self {
        ValidateError::Read(e)
    }
}

/// The program the verdict is about.
pub const CERTIFICATION_PROGRAM: &str = "FinOps Certified FOCUS Conformant (FOCUS 1.2)";

/// Validates one input and returns its report. `on_progress` is called after every
/// batch; returning `ControlFlow::Break(())` cancels.
pub fn validate(
    source: Box<dyn ByteSource>,
    name: &str,
    opts: &ValidateOptions,
    on_progress: &mut dyn FnMut(&Progress) -> ControlFlow<()>,
) -> Result<Report, ValidateError> {
    validate_observed(source, name, opts, None, on_progress)
}

/// Something else that reads the same batches as the rule engine, in the same pass, so a
/// file is read once however many consumers it has (the web app's data profile is one).
pub trait BatchObserver {
    /// Called once with the header and schema, before the first batch.
    fn start(&mut self, header: &[String], schema: &arrow_schema::Schema);
    /// Called with every batch, after the rule engine has seen it.
    fn observe(&mut self, batch: &arrow_array::RecordBatch);
}

/// [`validate`], also handing every batch to `observer`.
pub fn validate_observed(
    source: Box<dyn ByteSource>,
    name: &str,
    opts: &ValidateOptions,
    mut observer: Option<&mut dyn BatchObserver>,
    on_progress: &mut dyn FnMut(&Progress) -> ControlFlow<()>,
) -> Result<Report, ValidateError> {
    let mut validation = Validation::start(source, name, opts)?;
    if let Some(observer) = observer.as_deref_mut() {
        observer.start(validation.header(), &validation.schema());
    }
    while let Some(batch) = validation.step()? {
        if let Some(observer) = observer.as_deref_mut() {
            observer.observe(&batch);
        }
        if on_progress(&validation.progress()).is_break() {
            return Err(ValidateError::Cancelled);
        }
    }
    Ok(validation.finish())
}

/// A validation under way, advanced one batch at a time by [`Validation::step`]: for a
/// caller that must get control back between batches (the browser worker awaits its
/// file reads there). [`validate_observed`] is the same loop run to the end.
pub struct Validation {
    reader: Box<dyn read::BatchReader>,
    engine: Engine<'static>,
    facts: crate::submission::facts::FactsCollector,
    header: Vec<String>,
    source_of_version: VersionSource,
    notices: Vec<ReportNotice>,
    input: InputInfo,
    opts: ValidateOptions,
}

impl Validation {
    /// Opens the input, reads its header, picks the FOCUS version and compiles the rules:
    /// everything before the first batch. Fails as [`validate`] does on an unreadable
    /// input or one with no FOCUS columns.
    pub fn start(
        source: Box<dyn ByteSource>,
        name: &str,
        opts: &ValidateOptions,
    ) -> Result<Validation, ValidateError> {
        let total_bytes = source.len();
        let reader = read::open(source, name, &opts.read)?;
        let header: Vec<String> = reader.header().to_vec();
        let (version, source_of_version, notices) = choose_version(&header, opts.focus_version)?;
        let engine = Engine::new(
            registry(),
            version,
            &header,
            &reader.schema(),
            EngineOptions {
                tolerance: opts.tolerance,
                ..EngineOptions::default()
            },
        );
        let input = InputInfo {
            name: name.to_string(),
            format: reader.format().to_string(),
            bytes: total_bytes,
        };
        Ok(Validation {
            facts: crate::submission::facts::FactsCollector::new(&header),
            reader,
            engine,
            header,
            source_of_version,
            notices,
            input,
            opts: opts.clone(),
        })
    }

    /// Column names exactly as in the file.
    pub fn header(&self) -> &[String] {
        &self.header
    }

    /// The schema of every batch.
    pub fn schema(&self) -> arrow_schema::SchemaRef {
        self.reader.schema()
    }

    /// The input's format, as detected.
    pub fn format(&self) -> read::InputFormat {
        self.reader.format()
    }

    /// Reads the next batch and runs the rules over it; returns the batch (for an
    /// observer) or `None` once the input is done.
    pub fn step(&mut self) -> Result<Option<arrow_array::RecordBatch>, ValidateError> {
        let Some(batch) = self.reader.next_batch() else {
            return Ok(None);
        };
        let batch = batch?;
        self.engine.push(&batch);
        self.facts.observe(&batch);
        Ok(Some(batch))
    }

    /// How far the validation has come.
    pub fn progress(&self) -> Progress {
        Progress {
            bytes_read: self.reader.bytes_read(),
            total_bytes: self.input.bytes,
            rows: self.reader.rows_read(),
        }
    }

    /// The report on everything read so far (the whole input once [`Validation::step`]
    /// has returned `None`).
    pub fn finish(self) -> Report {
        let output = self.engine.finish();
        let mut reader_notices: Vec<ReportNotice> = self
            .reader
            .notices()
            .iter()
            .map(|n| ReportNotice {
                source: "reader".into(),
                code: n.code.to_string(),
                message: n.message.clone(),
            })
            .collect();
        reader_notices.extend(self.notices);
        let mut report = assemble(
            registry(),
            self.input,
            output,
            self.source_of_version,
            reader_notices,
            &self.opts,
        );
        report.sample_facts = Some(self.facts.finish());
        report
    }
}

/// Picks the version to check against, or explains why the file cannot be checked.
fn choose_version(
    header: &[String],
    choice: VersionChoice,
) -> Result<(FocusVersion, VersionSource, Vec<ReportNotice>), ReadError> {
    let detection = detect_version(header);
    let mut notices = Vec::new();
    let notice = |code: &str, message: String| ReportNotice {
        source: "validator".into(),
        code: code.into(),
        message,
    };
    let v12 = catalogue(FocusVersion::V1_2);
    let case_variants = header.iter().any(|h| {
        v12.column_ignoring_case(h.trim_start_matches('\u{feff}').trim())
            .is_some()
    });
    for legacy in &detection.legacy_columns {
        if let Some((_, new)) = LEGACY_COLUMNS.iter().find(|(old, _)| old == legacy) {
            let message = if new.is_empty() {
                format!(
                    "{legacy} is a column of FOCUS 0.5 / 1.0-preview that later versions removed."
                )
            } else {
                format!("{legacy} is the FOCUS 0.5 / 1.0-preview name of {new}; FOCUS 1.0 and later call it {new}.")
            };
            notices.push(notice("legacy-column", message));
        }
    }
    // Old names standing in for their successors (ChargeType without ChargeCategory):
    // a FOCUS 0.5 / 1.0-preview file, whatever other columns it has.
    let replaced: Vec<&str> = detection
        .legacy_columns
        .iter()
        .filter(|old| {
            LEGACY_COLUMNS
                .iter()
                .any(|(o, new)| o == old && !new.is_empty() && !header.iter().any(|h| h == new))
        })
        .map(String::as_str)
        .collect();
    let refuse_legacy =
        !replaced.is_empty() && (detection.version.is_none() || choice.declared().is_none());
    if detection.version.is_none() || refuse_legacy {
        if refuse_legacy || !detection.legacy_columns.is_empty() {
            return Err(ReadError::new(
                ReadErrorKind::Unsupported,
                format!(
                    "this file uses FOCUS 0.5 column names ({}) in place of the names FOCUS 1.0 and later use; certkit validates FOCUS 1.0, 1.1 and 1.2",
                    detection.legacy_columns.join(", ")
                ),
                "export the data as FOCUS 1.2, or rename the columns as FOCUS 1.2 names them (ChargeType → ChargeCategory, AmortizedCost → EffectiveCost, …); declaring a FOCUS version checks the file anyway",
            ));
        }
        if case_variants {
            notices.push(notice(
                "version-assumed",
                "No column name matches a FOCUS column exactly, only ignoring case; the file was checked as FOCUS 1.2 and the misspelled columns count as missing.".into(),
            ));
            return Ok((
                choice.declared().unwrap_or(FocusVersion::V1_2),
                if choice.declared().is_some() {
                    VersionSource::Declared
                } else {
                    VersionSource::Detected
                },
                notices,
            ));
        }
        let shown: Vec<&str> = header.iter().take(5).map(String::as_str).collect();
        return Err(ReadError::new(
            ReadErrorKind::NoFocusColumns,
            format!("none of the columns is a FOCUS column (the header starts with {})", shown.join(", ")),
            "a FOCUS 1.2 file has columns such as BilledCost, EffectiveCost, BillingCurrency, ChargeCategory and ChargePeriodStart; check that this is the FOCUS export and that the delimiter was recognized",
        ));
    }
    if let Some(declared) = choice.declared() {
        if let Some(detected) = detection
            .version
            .filter(|d| *d != declared && !detection.assumed)
        {
            notices.push(notice(
                "version-declared",
                format!("Checked as FOCUS {declared} as declared; the header looks like FOCUS {detected} ({}).", detection.evidence.join(", ")),
            ));
        }
        return Ok((declared, VersionSource::Declared, notices));
    }
    let version = detection.version.unwrap_or(FocusVersion::V1_2);
    if detection.assumed {
        notices.push(notice(
            "version-assumed",
            "No column tells FOCUS 1.0, 1.1 and 1.2 apart, so the file was checked as FOCUS 1.2 (the certification's version). Declare the version if it is another one.".into(),
        ));
    } else {
        notices.push(notice(
            "version-detected",
            format!(
                "Detected FOCUS {version} from the column(s) {}, introduced in that version.",
                detection.evidence.join(", ")
            ),
        ));
    }
    Ok((version, VersionSource::Detected, notices))
}

/// Builds the report from the engine's results.
fn assemble(
    registry: &Registry,
    input: InputInfo,
    output: EngineOutput,
    version_source: VersionSource,
    mut notices: Vec<ReportNotice>,
    opts: &ValidateOptions,
) -> Report {
    let version = output.version;
    let cat = catalogue(version);
    let mut findings = Vec::new();
    let mut not_applicable = Vec::new();
    let mut failed_rules = BTreeSet::new();
    let mut ran_rules = BTreeSet::new();
    for instance in &output.instances {
        let rule = &registry.rules[instance.rule];
        match &instance.status {
            InstanceStatus::NotApplicable(reason) => not_applicable.push(RuleNote {
                rule_id: rule.id.clone(),
                column: instance.column.clone(),
                reason: format!("not applicable: {reason}"),
            }),
            InstanceStatus::Checked(tally) => {
                ran_rules.insert(instance.rule);
                if tally.has_failures() {
                    failed_rules.insert(instance.rule);
                    findings.push(finding(
                        rule,
                        instance.column.as_deref(),
                        instance.unit,
                        instance.applicability.clone(),
                        instance.note.as_deref(),
                        tally,
                        version,
                    ));
                }
            }
        }
    }
    let passed = registry
        .rules
        .iter()
        .enumerate()
        .filter(|(i, _)| ran_rules.contains(i) && !failed_rules.contains(i))
        .map(|(_, r)| r.id.clone())
        .collect();
    let not_checkable = registry
        .rules
        .iter()
        .filter_map(|r| {
            r.not_checkable.as_ref().map(|reason| RuleNote {
                rule_id: r.id.clone(),
                column: None,
                reason: reason.clone(),
            })
        })
        .collect();
    let applicability = focus::areas()
        .iter()
        .map(|a| AreaStatus {
            id: a.id.clone(),
            name: a.name.clone(),
            certification: a.certification,
            columns: a.columns.clone(),
            detected: output.detected_areas.get(&a.id).copied().unwrap_or(false),
            declared: None,
            applies: false,
        })
        .collect();
    let header = &output.header;
    let present: Vec<String> = header
        .names
        .iter()
        .enumerate()
        .filter(|(i, n)| header.index(n) == Some(*i))
        .map(|(_, n)| n.clone())
        .collect();
    let missing_at = |level: FeatureLevel| {
        cat.at_level(level)
            .filter(|c| header.index(&c.id).is_none())
            .map(|c| c.id.clone())
            .collect()
    };
    let columns = ColumnsSummary {
        present,
        missing: MissingColumns {
            mandatory: missing_at(FeatureLevel::Mandatory),
            conditional: missing_at(FeatureLevel::Conditional),
            recommended: missing_at(FeatureLevel::Recommended),
            optional: missing_at(FeatureLevel::Optional),
        },
        custom: header
            .custom
            .iter()
            .map(|&i| header.names[i].clone())
            .collect(),
        misnamed: header
            .misnamed
            .iter()
            .map(|m| MisnamedColumn {
                found: m.found.clone(),
                expected: m.expected.clone(),
            })
            .collect(),
        duplicates: header.duplicates.iter().map(|(n, _)| n.clone()).collect(),
    };
    notices.extend(output.notices.iter().map(|m| ReportNotice {
        source: "validator".into(),
        code: "engine".into(),
        message: m.clone(),
    }));
    if version != FocusVersion::V1_2 {
        notices.push(ReportNotice {
            source: "validator".into(),
            code: "older-version".into(),
            message: format!("FOCUS {version}: presence is checked against the {} columns of FOCUS {version}, and the values of those columns with the FOCUS 1.2 rules (see assumption older-versions).", cat.columns.len()),
        });
    }
    if output.rows == 0 {
        notices.push(ReportNotice {
            source: "validator".into(),
            code: "no-rows".into(),
            message: "The file has a header but no data rows: only the header was checked.".into(),
        });
    }
    let mut blocking = Vec::new();
    if version != FocusVersion::V1_2 {
        blocking.push(BlockingReason {
            kind: "version".into(),
            rule_id: None,
            column: None,
            reason: format!(
                "The certification validates FOCUS 1.2; this file was checked as FOCUS {version}."
            ),
        });
    }
    if output.rows == 0 {
        blocking.push(BlockingReason {
            kind: "sample".into(),
            rule_id: None,
            column: None,
            reason: "The sample has no data rows.".into(),
        });
    } else if opts.require_complete_billing_period && output.complete_billing_periods == 0 {
        blocking.push(BlockingReason {
            kind: "sample".into(),
            rule_id: Some("certkit:Sample-complete-billing-period".into()),
            column: None,
            reason: "The sample must include at least one complete billing period: no billing period is covered by charge periods from its start to its end (see the cross-row result).".into(),
        });
    }
    let mut report = Report {
        format: REPORT_FORMAT.into(),
        certkit_version: crate::VERSION.into(),
        ruleset: format!("FOCUS {}", registry.focus_version),
        input,
        focus_version: version.to_string(),
        focus_version_source: version_source,
        rows: output.rows,
        findings,
        passed,
        not_applicable,
        not_checkable,
        applicability,
        columns,
        cross_row: output.cross_row,
        notices,
        assumptions: assumptions(opts, version),
        certification: Certification {
            program: CERTIFICATION_PROGRAM.into(),
            eligible: false,
            blocking,
            deviations: 0,
            disclosures: 0,
            not_counted: 0,
            max_deviations: opts.max_deviations,
        },
        sample_facts: None,
    };
    report.reevaluate(&opts.applicability);
    report
}

/// The level a finding is reported at: the column's feature level, `Custom` for
/// other columns, `Dataset` for header-structure rules.
fn level_of(rule: &Rule, column: Option<&str>, version: FocusVersion) -> Level {
    let focus_column = column.and_then(|c| {
        catalogue(version)
            .column(c)
            .or_else(|| catalogue(FocusVersion::V1_2).column(c))
    });
    match (focus_column, rule.scope) {
        (Some(c), _) => c.feature_level.into(),
        (None, Scope::Dataset) => Level::Dataset,
        (None, _) if column.is_some() => Level::Custom,
        (None, _) => Level::Dataset,
    }
}

fn finding(
    rule: &Rule,
    column: Option<&str>,
    unit: &'static str,
    applicability: Option<String>,
    note: Option<&str>,
    tally: &Tally,
    version: FocusVersion,
) -> Finding {
    let check = rule.check.as_ref().map(Check::family).unwrap_or("none");
    Finding {
        rule_id: rule.id.clone(),
        column: column.map(str::to_string),
        keyword: rule.keyword,
        feature_level: level_of(rule, column, version),
        check: check.to_string(),
        message: message(rule, column, unit, note, tally, version),
        failed_rows: tally.failed,
        checked_rows: tally.checked,
        unit: unit.to_string(),
        examples: tally.examples.clone(),
        counts_as: crate::rules::verdict::CountsAs::Disclosure,
        spec_ref: rule.spec_ref.clone(),
        applicability,
        heuristic: rule.heuristic,
    }
}

/// What is wrong and what to do: how many failed, the rule's description, the
/// instance's note, and a "did you mean" for near-miss values.
fn message(
    rule: &Rule,
    column: Option<&str>,
    unit: &str,
    note: Option<&str>,
    tally: &Tally,
    version: FocusVersion,
) -> String {
    let mut text = match rule.check {
        Some(Check::Presence) => format!(
            "{} is missing. {}",
            column.unwrap_or("A column"),
            rule.description
        ),
        Some(
            Check::CustomColumnPrefix
            | Check::ExactColumnIds
            | Check::UniqueColumnNames
            | Check::CustomColumnsLast
            | Check::CustomColumnNaming,
        ) => format!("{}: {}", column.unwrap_or("the header"), rule.description),
        _ => format!(
            "{} of {} {unit} fail. {}",
            tally.failed, tally.checked, rule.description
        ),
    };
    if let Some(note) = note {
        text.push(' ');
        text.push_str(note);
    }
    let hints = suggestions(rule, column, tally, version);
    if !hints.is_empty() {
        text.push(' ');
        text.push_str(&hints.join(" "));
    }
    text
}

/// "Did you mean" hints for values that are a listed value (or an ISO code) in another case.
fn suggestions(
    rule: &Rule,
    column: Option<&str>,
    tally: &Tally,
    version: FocusVersion,
) -> Vec<String> {
    let mut hints: Vec<String> = Vec::new();
    let allowed = match (
        &rule.check,
        column.and_then(|c| catalogue(version).column(c)),
    ) {
        (Some(Check::AllowedValues), Some(c)) => Some(AllowedSet::new(&c.allowed_values)),
        _ => None,
    };
    for example in &tally.examples {
        let hint = match (&rule.check, &allowed) {
            (Some(Check::AllowedValues), Some(set)) => set
                .suggestion(&example.value)
                .map(|s| format!("'{}': did you mean '{s}'?", example.value)),
            (Some(Check::Currency { .. }), _) => {
                focus::iso_currency_ignoring_case(example.value.trim())
                    .map(|s| format!("'{}': did you mean '{s}'?", example.value))
            }
            _ => None,
        };
        if let Some(h) = hint {
            if !hints.contains(&h) {
                hints.push(h);
            }
        }
    }
    hints
}

/// Every reading certkit chose, with the alternative and the option that switches it.
pub fn assumptions(opts: &ValidateOptions, version: FocusVersion) -> Vec<Assumption> {
    let a = |id: &str, topic: &str, reading: String, alternative: &str, option: Option<&str>| {
        Assumption {
            id: id.into(),
            topic: topic.into(),
            reading,
            alternative: alternative.into(),
            option: option.map(str::to_string),
        }
    };
    let mut list = vec![
        a("datetime-fractional-seconds", "Fractional seconds in date/time values",
          "Not accepted: the specification shows only YYYY-MM-DDTHH:mm:ssZ, so 2024-01-01T00:00:00.000Z fails DateTimeFormat-A-003-M (extended form).".into(),
          "Accept fractional seconds as ISO 8601 allows them.", None),
        a("datetime-offsets", "Numeric UTC offsets", "Not accepted: +00:00 is UTC but is not the Z form, so it fails DateTimeFormat-A-006-M (and the column's DateTimeFormat rule), not A-001-M (UTC). Other offsets fail A-001-M too.".into(),
          "Accept +00:00 as equivalent to Z.", None),
        a("datetime-typed", "Typed date/time columns (Parquet)", "Judged by type: a timestamp with a UTC zone passes the format rules; a timestamp without zone or with another zone fails DateTimeFormat-A-001-M (UTC) and the column's DateTimeFormat rule; a date without time fails the extended-form, T and Z rules.".into(),
          "Read zone-less timestamps as UTC.", None),
        a("numeric-strict-form", "Written form of numbers", "Strict: digits on both sides of a decimal point and an uppercase E exponent, so .5, 5. and 1e-7 fail NumericFormat; the official validator accepts them (and a leading +).".into(),
          "The official validator's lenient pattern [+-]?([0-9]*[.])?[0-9]+([eE][+-]?[0-9]+)?.", None),
        a("numeric-typed", "Typed numeric columns (Parquet)", "Integer, decimal and float columns satisfy the Decimal type and NumericFormat; NaN and infinities fail; text columns are checked as text.".into(),
          "Require decimal columns for Decimal.", None),
        a("placeholders", "Placeholders for null", "Empty strings and NULL, None, N/A, NA, Not Applicable (any letter case, surrounding spaces ignored) are reported by NullHandling-A-002-M and read as null by every other rule. An empty CSV field is a real null. A 0 used as a placeholder cannot be told from a real 0.".into(),
          "Treat only the empty string as a placeholder, or check the placeholder text against the column's format as well.", None),
        a("string-handling-single-file", "StringHandling from one file", "The only part of StringHandling one file decides is its SHOULD NOT: StringHandling-A-007-M reports empty or whitespace-only strings in never-null string columns, as a disclosure. Each column's own StringHandling rule (a MUST: values follow the StringHandling rules) is decided by its parts and is not checked on its own, so a whitespace-only string is never a deviation.".into(),
          "Count whitespace-only strings as MUST deviations of each column's StringHandling rule.", None),
        a("csv-text-types", "Data types in CSV", "A CSV has no types: every CSV value is read as text, so the type rules (e.g. BilledCost-C-001-M, MUST be of type Decimal) pass for CSV and a value that is not a number is failed by the column's format rules (NumericFormat, 'MUST be a valid decimal value') instead. Parquet columns are judged by their declared type.".into(),
          "Infer a type per CSV column and fail the type rule as well, as the official validator does.", None),
        a("csv-quoted-empty", "A quoted empty CSV field", if opts.read.keep_quoted_empty {
            "A quoted empty field (\"\") is read as an empty string, which NullHandling-A-002-M reports; an unquoted empty field is null.".into()
          } else {
            "A quoted empty field (\"\") is read as null, like an unquoted empty field (many writers quote every field, nulls included), so it is never reported as an empty string.".into()
          },
          if opts.read.keep_quoted_empty { "Read \"\" as null, like an empty field." } else { "Read \"\" as an empty string, which NullHandling-A-002-M forbids." },
          Some("quoted_empty")),
        a("price-tolerance", "Tolerance of unit price × PricingQuantity = cost", format!("The difference may be at most {}.", opts.tolerance.describe()),
          "Exact equality, or a fixed absolute or relative tolerance.", Some("tolerance")),
        a("currency-virtual", "Telling national from virtual currencies", "BillingCurrency must be an exact ISO 4217 code (XXX and XTS excluded); in PricingCurrency a case-variant of an ISO code (usd) fails, blank text fails, and any other text (including XYZ) is taken for a virtual currency.".into(),
          "Require ISO codes in PricingCurrency unless declared virtual.", None),
        a("pricing-currency-nulls", "PricingCurrency and PricingCurrencyEffectiveCost nulls", "Never null, as the normative text says (MUST NOT be null), although their column tables say nulls are allowed.".into(),
          "Allow nulls as the tables say.", None),
        a("billing-account-type-nulls", "BillingAccountType nulls", "BillingAccountType is null exactly where BillingAccountId is null; since BillingAccountId is never null, BillingAccountType is required on every row when the column is present.".into(),
          "Allow nulls where the provider has a single account type.", None),
        a("column-matching", "Matching column names", "By exact column ID: a name that matches a FOCUS column only ignoring case (SkuPriceid) is a casing error (certkit:ColumnHandling-exact-column-ids), the column counts as missing, and the name is not reported again as a custom column without x_.".into(),
          "Match names ignoring case.", None),
        a("version-detection", "Telling the FOCUS version", "The newest column present decides (a 1.2 column: 1.2; a 1.1 column: 1.1; a 1.0 column such as ChargeClass: 1.0). When no column tells them apart, 1.2 is assumed.".into(),
          "Declare the version.", Some("focus_version")),
        a("older-versions", "Checking FOCUS 1.0 and 1.1 files", "Presence is checked against that version's columns; the values of its columns are checked with the FOCUS 1.2 rules (no column's type, format or nullability changed between 1.0 and 1.2, but some 1.2 conditions differ). The certification verdict is for FOCUS 1.2 only, so an older file is not eligible.".into(),
          "Use each version's own ruleset.", Some("focus_version")),
        a("applicability-detection", "When an applicability area applies", "An area is detected when any of its columns is present with at least one non-null value; a declaration wins over detection. Every rule runs regardless; only whether a failure counts depends on the area.".into(),
          "Require all of an area's columns for detection.", Some("applicability")),
        a("deviation-threshold", "Deviation threshold", format!("The certification speaks of published deviation thresholds but publishes no number: certkit allows {} deviation(s).", opts.max_deviations),
          "Another threshold.", Some("max_deviations")),
        a("required-columns-blocking", "What blocks certification", "A failed MUST or MUST NOT rule on one of the seven required columns (BilledCost, EffectiveCost, BillingCurrency, BillingAccountId, ChargeCategory, ChargePeriodStart, ChargePeriodEnd), including their absence. SHOULD failures on them are disclosures.".into(),
          "Any failure on them, SHOULD included.", None),
        a("what-counts-as-deviation", "What counts as a deviation", "Failed MUST/MUST NOT rules on Mandatory or Conditional columns and on the dataset's structure (column naming) whose area applies. Rules on Recommended and custom columns, SHOULD/RECOMMENDED rules and heuristic checks are disclosures. Each failing rule on each column counts once, however many rows fail.".into(),
          "Count failing rows, or count each rule once across columns.", None),
        a("heuristic-rules", "Heuristic checks", "EffectiveCost-C-005-C (every commitment purchase is taken to cover future charges) and PricingCategory-C-009-C (a Used commitment row is taken to be priced down by it) are proxies; their failures are disclosures to review.".into(),
          "Count them as deviations.", None),
        a("complete-billing-period", "A complete billing period", "A billing period (one BillingPeriodStart/BillingPeriodEnd pair) is complete when the charge periods of its rows, clipped to it, cover it from its start to its end without a gap. The certification asks for at least one; without one the sample is blocked.".into(),
          "Report a missing complete billing period without blocking.", Some("require_complete_billing_period")),
        a("charge-category-mix", "A representative mix of charge categories", "Reported per category; a sample with a single category gets a warning, which does not block.".into(),
          "Require several categories.", None),
        a("period-order", "Charge and billing period bounds", "End must be strictly after start (ChargePeriodEnd-C-004-M, BillingPeriodEnd-C-004-M): a zero-length period fails. A charge period reaching outside its billing period is information only, as the specification's own upfront-purchase example does so.".into(),
          "Allow zero-length periods; require charge periods inside billing periods.", None),
        a("commitment-amortization", "Commitment amortization sums", "Per CommitmentDiscountId, checked only when the sample's Used/Unused rows span the whole purchase term; the sums may differ by half a unit in their last decimal place per row summed. Otherwise the sums are information only.".into(),
          "Always compare the sums.", None),
        a("cross-row-cap", "Memory bound of cross-row checks", "Every cross-row map holds at most 1,000,000 distinct keys; rows with newer keys are not checked and the result says how many.".into(),
          "Unbounded maps.", None),
        a("unit-format-vocabulary", "UnitFormat vocabulary (FOCUS 1.2 text)", "Listed terms exactly as listed (GB, Hours); data sizes only as listed abbreviations; time units only Year to Second; a coined count unit is capitalized when its first letter is an uppercase letter; 'per' is flagged; the shapes are a SHOULD.".into(),
          "The later UnitFormat text (which adds Millisecond and Microsecond).", None),
        a("iso4217-list", "ISO 4217 code list", "The active list used by the FinOps Foundation focus_validator, plus XCG and ZWG; ANG, SLL and ZWL are kept while they are still in use.".into(),
          "Another edition of the list.", None),
    ];
    if version != FocusVersion::V1_2 {
        list.retain(|x| x.id != "version-detection");
        list.insert(
            0,
            a(
                "version-detection",
                "Telling the FOCUS version",
                format!("This file was checked as FOCUS {version}."),
                "Declare the version.",
                Some("focus_version"),
            ),
        );
    }
    list
}
