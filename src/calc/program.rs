//! A certification program as data: capabilities and points, supplemental criteria,
//! threshold, staff tiers, gates and prices.
//!
//! The built-in programs live in `data/programs/*.json` (see [`super::builtin`]); a
//! website can load a newer file at run time with [`Program::from_json`], which checks
//! it the same way the build-time test does, so a bad file is refused with a reason
//! instead of producing wrong scores.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::error::CalcError;
use super::ids::kebab_id;

/// The only program file format this version understands.
pub const PROGRAM_FORMAT: &str = "certkit-program/1";

/// One certification program at one version of its criteria.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Program {
    /// Always [`PROGRAM_FORMAT`].
    pub format: String,
    /// The id an assessment names in its `program` field (`platform`, `focus-conformant`).
    pub id: String,
    /// Human name of the certification.
    pub name: String,
    /// Whether these are the current criteria or the legacy partner page's.
    pub status: ProgramStatus,
    /// Which criteria these are, in words.
    pub criteria_version: String,
    /// When the criteria were published, as precisely as the source says.
    pub criteria_date: Option<String>,
    /// The seed file the data was derived from.
    pub source: String,
    /// Which kind of organization the program is for (used by the program fit).
    pub audience: Audience,
    /// One sentence on who the program is for.
    pub summary: String,
    /// Capability points and threshold; `None` for programs decided by gates alone.
    pub scoring: Option<Scoring>,
    /// Individual certification requirements by company size.
    pub staff: Staff,
    /// Requirements that must all hold.
    pub gates: Vec<Gate>,
    /// Prices of the individual certifications, for the staffing cost estimate.
    pub prices: Prices,
    /// Where the legacy partner page and the current page disagree.
    #[serde(default)]
    pub differences: Vec<Difference>,
    /// Anything else a reader of the result should know.
    #[serde(default)]
    pub notes: Vec<String>,
}

/// Whether a program's data comes from the current certification page or the legacy one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProgramStatus {
    /// The criteria published now.
    Current,
    /// The older partner certification page; used where no current page is available.
    Legacy,
}

/// The kind of organization a program is meant for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Audience {
    /// Builds, licenses and delivers software (or maintains an open-source tool).
    BuildsSoftware,
    /// Provides consulting or professional services.
    ProvidesServices,
    /// Trains people in FinOps.
    Trains,
    /// Generates billing data (a FOCUS data generator).
    GeneratesBillingData,
}

/// How a scored program turns capabilities and supplemental criteria into points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scoring {
    /// Share of the possible points needed, in percent (75 for Platform).
    pub threshold_percent: f64,
    /// Where the threshold comes from.
    pub threshold_source: String,
    /// FinOps Framework domains the capabilities are grouped in.
    pub domains: Vec<Domain>,
    /// The capabilities, each met or not.
    pub capabilities: Vec<Capability>,
    /// Points for scopes, technology concentration, providers and compliances.
    pub supplemental: Supplemental,
}

/// A FinOps Framework domain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Domain {
    /// Kebab-case id.
    pub id: String,
    /// Human name.
    pub name: String,
}

/// A Framework capability and the points it is worth when met.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Capability {
    /// Kebab-case of the name on the certification page.
    pub id: String,
    /// The name on the certification page.
    pub name: String,
    /// Id of the domain it belongs to.
    pub domain: String,
    /// Points when met (no partial credit).
    pub points: u32,
    /// Other names accepted for it (newer Framework names).
    #[serde(default)]
    pub aliases: Vec<Alias>,
}

/// Another accepted name for a capability, and where it comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Alias {
    /// Kebab-case id accepted in assessments.
    pub id: String,
    /// The name as published.
    pub name: String,
    /// Where the name comes from.
    pub source: String,
}

/// The supplemental criteria of a scored program.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Supplemental {
    /// FinOps Scopes, points for each.
    pub scopes: PerItem,
    /// A single-technology or single-activity concentration, points once.
    pub technology_concentration: Flat,
    /// Cloud providers supported, points for each.
    pub cloud_providers: PerItem,
    /// Compliances achieved, points for each.
    pub compliances: PerItem,
}

/// A supplemental criterion worth a number of points for each item of a catalogue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PerItem {
    /// Human name of the criterion.
    pub name: String,
    /// Points for each item.
    pub points_each: u32,
    /// The items certkit knows; users may add their own (custom items).
    pub catalogue: Vec<Item>,
    /// Where the points come from.
    pub source: String,
}

/// A supplemental criterion worth a fixed number of points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Flat {
    /// Human name of the criterion.
    pub name: String,
    /// Points when met.
    pub points: u32,
    /// Where the points come from.
    pub source: String,
}

/// One catalogue entry (a scope, a provider, a compliance).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// Kebab-case id accepted in assessments.
    pub id: String,
    /// Human name.
    pub name: String,
}

/// Individual certification requirements.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Staff {
    /// Whether each FinOps Certified Engineer counts 1:1 toward Practitioners.
    pub engineer_counts_as_practitioner: bool,
    /// Where that rule comes from.
    pub engineer_source: String,
    /// How company size is meant (the parent organization's).
    pub size_note: String,
    /// Where the table comes from.
    pub source: String,
    /// Requirements by company size, from the smallest tier up.
    pub tiers: Vec<Tier>,
}

/// The certifications required for one range of company sizes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    /// The range as the source writes it ("500 – 4,999").
    pub label: String,
    /// Smallest company size in the tier, inclusive.
    pub min_employees: u64,
    /// Largest company size in the tier, inclusive; `None` for the open top tier.
    pub max_employees: Option<u64>,
    /// Number of certified people required, by kind.
    pub required: Required,
}

/// Number of certified people required for each kind of certification; a kind the
/// program does not ask for is absent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Required {
    /// FinOps Certified Practitioners.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub practitioner: Option<u64>,
    /// FinOps Certified Professionals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub professional: Option<u64>,
    /// FinOps Certified FOCUS Analysts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub focus_analyst: Option<u64>,
}

impl Required {
    /// The count required for `kind`, if the program asks for that kind.
    pub fn get(&self, kind: CertKind) -> Option<u64> {
        match kind {
            CertKind::Practitioner => self.practitioner,
            CertKind::Professional => self.professional,
            CertKind::FocusAnalyst => self.focus_analyst,
        }
    }
}

/// A kind of individual certification that programs require.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CertKind {
    /// FinOps Certified Practitioner (FOCP).
    Practitioner,
    /// FinOps Certified Professional.
    Professional,
    /// FinOps Certified FOCUS Analyst.
    FocusAnalyst,
}

impl CertKind {
    /// Every kind, in the order results list them.
    pub const ALL: [CertKind; 3] = [
        CertKind::Practitioner,
        CertKind::Professional,
        CertKind::FocusAnalyst,
    ];

    /// The JSON key of the kind (`focus_analyst`).
    pub fn key(self) -> &'static str {
        match self {
            CertKind::Practitioner => "practitioner",
            CertKind::Professional => "professional",
            CertKind::FocusAnalyst => "focus_analyst",
        }
    }

    /// The certification's name.
    pub fn title(self) -> &'static str {
        match self {
            CertKind::Practitioner => "FinOps Certified Practitioner",
            CertKind::Professional => "FinOps Certified Professional",
            CertKind::FocusAnalyst => "FinOps Certified FOCUS Analyst",
        }
    }
}

/// A requirement that must hold for eligibility.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Gate {
    /// Id shown in results; for `attestation` gates, also the key in the assessment's
    /// `attestations` object.
    pub id: String,
    /// Which assessment answer decides it.
    pub kind: GateKind,
    /// Short human name.
    pub name: String,
    /// What is required, in plain words.
    pub requirement: String,
    /// Where the requirement comes from.
    pub source: String,
    /// For `asset-contribution`: how recent the contribution must be, in months.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_months: Option<u64>,
}

/// Which assessment answer decides a gate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum GateKind {
    /// `memberships.finops_foundation`.
    FinopsFoundationMembership,
    /// `memberships.linux_foundation`.
    LinuxFoundationMembership,
    /// `company_size` and `certified_staff` against the staff tiers.
    IndividualCertifications,
    /// `focus.supported` and `focus.gap_report_published`.
    FocusSupport,
    /// `community_engagement`.
    CommunityEngagement,
    /// `asset_contribution_months_ago` within `max_months`.
    AssetContribution,
    /// `public_evidence_and_demo`.
    PublicEvidenceAndDemo,
    /// `attestations.<gate id>`: a yes/no the organization states.
    Attestation,
}

/// Certification prices by kind; a kind without an entry has no known price.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Prices {
    /// Always "USD" for now; kept so a file says what its numbers are.
    pub currency: String,
    /// FinOps Certified Practitioner prices.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub practitioner: Option<PathPrices>,
    /// FinOps Certified Professional prices.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub professional: Option<PathPrices>,
    /// FinOps Certified FOCUS Analyst prices.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub focus_analyst: Option<PathPrices>,
}

impl Prices {
    /// The prices of `kind`, if the file has them.
    pub fn get(&self, kind: CertKind) -> Option<&PathPrices> {
        match kind {
            CertKind::Practitioner => self.practitioner.as_ref(),
            CertKind::Professional => self.professional.as_ref(),
            CertKind::FocusAnalyst => self.focus_analyst.as_ref(),
        }
    }
}

/// The price of one certification by each way of getting it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PathPrices {
    /// The exam alone.
    pub exam_only: Price,
    /// A self-paced course that includes the exam.
    pub self_paced: Price,
    /// Instructor-led training that includes the exam.
    pub instructor_led: Price,
}

/// A price in whole US dollars and where it comes from; `usd` is `None` when unknown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Price {
    /// Whole US dollars, `None` when no source gives it.
    pub usd: Option<u64>,
    /// Where the figure comes from (or why it is unknown).
    pub source: String,
}

/// A point where the legacy partner page and the current page disagree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Difference {
    /// What the difference is about.
    pub topic: String,
    /// What the legacy page said.
    pub legacy: String,
    /// What the current page says (this one wins).
    pub current: String,
    /// Seed file of the legacy text.
    pub legacy_source: String,
    /// Seed file of the current text.
    pub current_source: String,
}

/// Where an id given in an assessment was found in a program.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Lookup<'a> {
    /// The id is the capability's own id.
    Id(&'a Capability),
    /// The id is one of the capability's aliases.
    Alias(&'a Capability, &'a Alias),
}

impl Program {
    /// Reads a program file and checks it (see [`Program::validate`]).
    ///
    /// The error names the field when serde can tell it (unknown or missing fields,
    /// wrong types) and always says how to fix the file.
    pub fn from_json(json: &str) -> Result<Program, CalcError> {
        let program: Program = serde_json::from_str(json).map_err(|e| {
            CalcError::new(
                "",
                format!(
                    "not a valid certkit program file ({e}); compare it with data/programs/platform.json"
                ),
            )
        })?;
        program.validate()?;
        Ok(program)
    }

    /// Checks everything the calculator relies on: known format, kebab-case ids that
    /// are unique across capabilities, aliases and catalogues, capabilities in known
    /// domains with at least one point, a threshold in (0, 100], staff tiers that cover
    /// every company size from 0 up with no gap or overlap and ask for the same kinds,
    /// unique gate ids with the parameters their kind needs, and prices in USD.
    pub fn validate(&self) -> Result<(), CalcError> {
        if self.format != PROGRAM_FORMAT {
            return Err(CalcError::new(
                "format",
                format!(
                    "expected \"{PROGRAM_FORMAT}\", got \"{}\"; this certkit reads only that format",
                    self.format
                ),
            ));
        }
        check_id("id", &self.id)?;
        if let Some(scoring) = &self.scoring {
            validate_scoring(scoring)?;
        }
        validate_staff(&self.staff)?;
        validate_gates(&self.gates)?;
        if self.prices.currency != "USD" {
            return Err(CalcError::new(
                "prices.currency",
                format!(
                    "expected \"USD\", got \"{}\"; certkit reports costs in US dollars",
                    self.prices.currency
                ),
            ));
        }
        Ok(())
    }

    /// Finds a capability by its id or one of its aliases.
    pub fn find_capability(&self, id: &str) -> Option<Lookup<'_>> {
        let scoring = self.scoring.as_ref()?;
        for capability in &scoring.capabilities {
            if capability.id == id {
                return Some(Lookup::Id(capability));
            }
            if let Some(alias) = capability.aliases.iter().find(|a| a.id == id) {
                return Some(Lookup::Alias(capability, alias));
            }
        }
        None
    }

    /// The staff tier a company of `employees` people falls in.
    pub fn tier_for(&self, employees: u64) -> Option<&Tier> {
        self.staff.tiers.iter().find(|tier| {
            employees >= tier.min_employees && tier.max_employees.is_none_or(|max| employees <= max)
        })
    }

    /// The certification kinds this program asks for, in result order.
    pub fn cert_kinds(&self) -> Vec<CertKind> {
        let Some(first) = self.staff.tiers.first() else {
            return Vec::new();
        };
        CertKind::ALL
            .into_iter()
            .filter(|kind| first.required.get(*kind).is_some())
            .collect()
    }

    /// The gate of the given kind, if the program has one.
    pub fn gate_of_kind(&self, kind: GateKind) -> Option<&Gate> {
        self.gates.iter().find(|g| g.kind == kind)
    }

    /// Ids of the gates an assessment answers in its `attestations` object.
    pub fn attestation_ids(&self) -> Vec<&str> {
        self.gates
            .iter()
            .filter(|g| g.kind == GateKind::Attestation)
            .map(|g| g.id.as_str())
            .collect()
    }
}

/// An id must be written the way assessments write it, so users can type it.
fn check_id(field: &str, id: &str) -> Result<(), CalcError> {
    if id.is_empty() || kebab_id(id) != id {
        return Err(CalcError::new(
            field,
            format!(
                "\"{id}\" is not a kebab-case id (lowercase letters, digits and single dashes, like \"{}\")",
                kebab_id(id)
            ),
        ));
    }
    Ok(())
}

fn validate_scoring(scoring: &Scoring) -> Result<(), CalcError> {
    let t = scoring.threshold_percent;
    if !(t > 0.0 && t <= 100.0) {
        return Err(CalcError::new(
            "scoring.threshold_percent",
            format!("expected a percentage above 0 and at most 100, got {t}"),
        ));
    }
    // Scores compare in hundredths of a percent; finer thresholds would be rounded.
    if ((t * 100.0).round() - t * 100.0).abs() > 1e-9 {
        return Err(CalcError::new(
            "scoring.threshold_percent",
            format!("use at most two decimals, got {t}"),
        ));
    }
    if scoring.capabilities.is_empty() {
        return Err(CalcError::new(
            "scoring.capabilities",
            "a scored program needs at least one capability; set scoring to null for a program decided by gates alone",
        ));
    }
    let mut domain_ids = BTreeSet::new();
    for (i, domain) in scoring.domains.iter().enumerate() {
        let field = format!("scoring.domains[{i}].id");
        check_id(&field, &domain.id)?;
        if !domain_ids.insert(domain.id.as_str()) {
            return Err(CalcError::new(
                field,
                format!("\"{}\" appears twice", domain.id),
            ));
        }
    }
    // Capability ids, aliases and catalogue ids all share one namespace per list, but a
    // capability id must never equal another capability's alias: assessments could not
    // tell which one was meant.
    let mut capability_ids = BTreeSet::new();
    for (i, capability) in scoring.capabilities.iter().enumerate() {
        let base = format!("scoring.capabilities[{i}]");
        check_id(&format!("{base}.id"), &capability.id)?;
        if !capability_ids.insert(capability.id.as_str()) {
            return Err(CalcError::new(
                format!("{base}.id"),
                format!("\"{}\" is used twice (as an id or an alias)", capability.id),
            ));
        }
        if !domain_ids.contains(capability.domain.as_str()) {
            return Err(CalcError::new(
                format!("{base}.domain"),
                format!(
                    "unknown domain \"{}\"; the domains are: {}",
                    capability.domain,
                    join(domain_ids.iter())
                ),
            ));
        }
        if capability.points == 0 {
            return Err(CalcError::new(
                format!("{base}.points"),
                "a capability must be worth at least 1 point",
            ));
        }
        for (j, alias) in capability.aliases.iter().enumerate() {
            let field = format!("{base}.aliases[{j}].id");
            check_id(&field, &alias.id)?;
            if !capability_ids.insert(alias.id.as_str()) {
                return Err(CalcError::new(
                    field,
                    format!("\"{}\" is used twice (as an id or an alias)", alias.id),
                ));
            }
        }
    }
    let supplemental = &scoring.supplemental;
    for (name, per_item) in [
        ("scopes", &supplemental.scopes),
        ("cloud_providers", &supplemental.cloud_providers),
        ("compliances", &supplemental.compliances),
    ] {
        let mut ids = BTreeSet::new();
        for (i, item) in per_item.catalogue.iter().enumerate() {
            let field = format!("scoring.supplemental.{name}.catalogue[{i}].id");
            check_id(&field, &item.id)?;
            if !ids.insert(item.id.as_str()) {
                return Err(CalcError::new(
                    field,
                    format!("\"{}\" appears twice", item.id),
                ));
            }
        }
    }
    Ok(())
}

fn validate_staff(staff: &Staff) -> Result<(), CalcError> {
    let tiers = &staff.tiers;
    let Some(first) = tiers.first() else {
        return Err(CalcError::new(
            "staff.tiers",
            "at least one tier is needed, starting at 0 employees",
        ));
    };
    if first.min_employees != 0 {
        return Err(CalcError::new(
            "staff.tiers[0].min_employees",
            format!(
                "the first tier must start at 0 so every company size has a tier, got {}",
                first.min_employees
            ),
        ));
    }
    let kinds: Vec<bool> = CertKind::ALL
        .iter()
        .map(|k| first.required.get(*k).is_some())
        .collect();
    if !kinds.iter().any(|k| *k) {
        return Err(CalcError::new(
            "staff.tiers[0].required",
            "name at least one certification kind (practitioner, professional, focus_analyst)",
        ));
    }
    for (i, tier) in tiers.iter().enumerate() {
        let base = format!("staff.tiers[{i}]");
        let these: Vec<bool> = CertKind::ALL
            .iter()
            .map(|k| tier.required.get(*k).is_some())
            .collect();
        if these != kinds {
            return Err(CalcError::new(
                format!("{base}.required"),
                "every tier must ask for the same certification kinds as the first tier",
            ));
        }
        match (tier.max_employees, tiers.get(i + 1)) {
            (Some(max), Some(next)) => {
                if max < tier.min_employees {
                    return Err(CalcError::new(
                        format!("{base}.max_employees"),
                        format!("{max} is below min_employees {}", tier.min_employees),
                    ));
                }
                if next.min_employees != max.saturating_add(1) {
                    return Err(CalcError::new(
                        format!("staff.tiers[{}].min_employees", i + 1),
                        format!(
                            "tiers must follow each other without gap or overlap: expected {}, got {}",
                            max.saturating_add(1),
                            next.min_employees
                        ),
                    ));
                }
            }
            (None, Some(_)) => {
                return Err(CalcError::new(
                    format!("{base}.max_employees"),
                    "only the last tier may be open-ended (null); give this tier a maximum",
                ));
            }
            (Some(_), None) => {
                return Err(CalcError::new(
                    format!("{base}.max_employees"),
                    "the last tier must be open-ended (null) so every company size has a tier",
                ));
            }
            (None, None) => {}
        }
    }
    Ok(())
}

fn validate_gates(gates: &[Gate]) -> Result<(), CalcError> {
    let mut ids = BTreeSet::new();
    for (i, gate) in gates.iter().enumerate() {
        let base = format!("gates[{i}]");
        check_id(&format!("{base}.id"), &gate.id)?;
        if !ids.insert(gate.id.as_str()) {
            return Err(CalcError::new(
                format!("{base}.id"),
                format!("\"{}\" appears twice", gate.id),
            ));
        }
        match (gate.kind, gate.max_months) {
            (GateKind::AssetContribution, None) => {
                return Err(CalcError::new(
                    format!("{base}.max_months"),
                    "an asset-contribution gate needs max_months (18 on the Platform page)",
                ));
            }
            (GateKind::AssetContribution, Some(_)) | (_, None) => {}
            (_, Some(_)) => {
                return Err(CalcError::new(
                    format!("{base}.max_months"),
                    "only asset-contribution gates take max_months; remove it",
                ));
            }
        }
    }
    Ok(())
}

/// Joins ids for an error message.
pub(crate) fn join<S: AsRef<str>>(items: impl IntoIterator<Item = S>) -> String {
    let items: Vec<S> = items.into_iter().collect();
    let parts: Vec<&str> = items.iter().map(|s| s.as_ref()).collect();
    parts.join(", ")
}
