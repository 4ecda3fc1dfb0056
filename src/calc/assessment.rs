//! The assessment: what an organization says it has, read from JSON and checked
//! against a program by hand, so every error names the field and the reason.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Map, Value};

use super::builtin::builtin_program;
use super::error::CalcError;
use super::ids::{closest, kebab_id};
use super::program::{join, GateKind, Lookup, PerItem, Program};

/// Every top-level field an assessment may have (`$schema` lets editors find the schema).
pub const KNOWN_FIELDS: [&str; 21] = [
    "$schema",
    "program",
    "organization",
    "reading",
    "capabilities",
    "scopes",
    "custom_scopes",
    "technology_concentration",
    "cloud_providers",
    "custom_providers",
    "compliances",
    "custom_compliances",
    "company_size",
    "certified_staff",
    "memberships",
    "focus",
    "community_engagement",
    "asset_contribution_months_ago",
    "public_evidence_and_demo",
    "attestations",
    "prices",
];

/// Which total of possible points the threshold applies to. The seed says "75% of the
/// total possible criteria points" without saying how many scopes, providers and
/// compliances are "possible", so both readings are computed and one decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Reading {
    /// Possible = capabilities + every supplemental item of the catalogue (and the
    /// user's custom items). The default.
    #[default]
    Catalogue,
    /// Possible = capabilities only; supplemental points are a bonus.
    CapabilitiesOnly,
}

impl Reading {
    /// The id used in JSON.
    pub fn id(self) -> &'static str {
        match self {
            Reading::Catalogue => "catalogue",
            Reading::CapabilitiesOnly => "capabilities-only",
        }
    }

    /// The other reading.
    pub fn other(self) -> Reading {
        match self {
            Reading::Catalogue => Reading::CapabilitiesOnly,
            Reading::CapabilitiesOnly => Reading::Catalogue,
        }
    }

    /// One sentence on what the reading counts as possible.
    pub fn description(self) -> &'static str {
        match self {
            Reading::Catalogue => "possible points = all capabilities + every supplemental item in the catalogue (scopes, technology concentration, providers, compliances) + your custom items",
            Reading::CapabilitiesOnly => "possible points = capabilities only; supplemental points count as a bonus",
        }
    }
}

/// How many people hold each individual certification (one person may count in several).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub struct CertifiedStaff {
    /// FinOps Certified Practitioners.
    pub practitioner: u64,
    /// FinOps Certified Professionals.
    pub professional: u64,
    /// FinOps Certified FOCUS Analysts.
    pub focus_analyst: u64,
    /// FinOps Certified Engineers (count toward Practitioners where the program says so).
    pub engineer: u64,
}

/// Membership in good standing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub struct Memberships {
    /// FinOps Foundation member in good standing.
    pub finops_foundation: bool,
    /// Linux Foundation member in good standing.
    pub linux_foundation: bool,
}

/// FOCUS support of the product.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub struct Focus {
    /// Produces, imports or exports FOCUS datasets.
    pub supported: bool,
    /// A FOCUS conformance gap report is published.
    pub gap_report_published: bool,
}

/// Prices the user wants instead of the program's, in whole US dollars.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub struct PriceOverrides {
    /// FinOps Certified Practitioner.
    pub practitioner: PathOverrides,
    /// FinOps Certified Professional.
    pub professional: PathOverrides,
    /// FinOps Certified FOCUS Analyst.
    pub focus_analyst: PathOverrides,
}

/// Price overrides for one certification by path; `None` keeps the program's price.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub struct PathOverrides {
    /// Exam only.
    pub exam_only: Option<u64>,
    /// Self-paced course with exam.
    pub self_paced: Option<u64>,
    /// Instructor-led training with exam.
    pub instructor_led: Option<u64>,
}

/// A checked assessment: ids are the program's own (aliases and written-out names
/// mapped), custom items are trimmed names, and answers a program does not use hold
/// their defaults.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment {
    /// Program id.
    pub program: String,
    /// Optional organization or product name, shown in reports.
    pub organization: Option<String>,
    /// Which reading of "total possible points" decides.
    pub reading: Reading,
    /// Capability ids met, in program order.
    pub capabilities: Vec<String>,
    /// Catalogue scope ids, in catalogue order.
    pub scopes: Vec<String>,
    /// Names of scopes the user adds to the catalogue.
    pub custom_scopes: Vec<String>,
    /// Whether the product concentrates on a single technology or FinOps activity.
    pub technology_concentration: bool,
    /// Catalogue provider ids, in catalogue order.
    pub cloud_providers: Vec<String>,
    /// Names of providers the user adds.
    pub custom_providers: Vec<String>,
    /// Catalogue compliance ids, in catalogue order.
    pub compliances: Vec<String>,
    /// Names of compliances the user adds.
    pub custom_compliances: Vec<String>,
    /// Employees of the parent organization.
    pub company_size: u64,
    /// Certified people.
    pub certified_staff: CertifiedStaff,
    /// Memberships.
    pub memberships: Memberships,
    /// FOCUS support.
    pub focus: Focus,
    /// All community engagement criteria met (attested).
    pub community_engagement: bool,
    /// Months since the latest Asset Library contribution; `None` if there is none.
    pub asset_contribution_months_ago: Option<u64>,
    /// Public evidence and a recorded demo exist.
    pub public_evidence_and_demo: bool,
    /// Yes/no answers to the program's attestation gates, by gate id.
    pub attestations: BTreeMap<String, bool>,
    /// Price overrides.
    pub prices: PriceOverrides,
    /// What the parser did that the user should know (aliases mapped, fields ignored).
    pub notes: Vec<String>,
}

impl Assessment {
    /// Reads an assessment for the built-in program its `program` field names.
    pub fn from_json(json: &str) -> Result<Assessment, CalcError> {
        let root = parse_root(json)?;
        let id = program_field(&root)?;
        let program = builtin_program(&id)?;
        Assessment::from_value(&root, &program)
    }

    /// Reads an assessment against the given program (a built-in one or one loaded at
    /// run time); its `program` field must name that program.
    pub fn from_json_for(json: &str, program: &Program) -> Result<Assessment, CalcError> {
        let root = parse_root(json)?;
        Assessment::from_value(&root, program)
    }

    fn from_value(root: &Map<String, Value>, program: &Program) -> Result<Assessment, CalcError> {
        let id = program_field(root)?;
        if id != program.id {
            return Err(CalcError::new(
                "program",
                format!(
                    "the assessment is for \"{id}\" but the program data is for \"{}\"; use matching files",
                    program.id
                ),
            ));
        }
        let uses = Uses::of(program);
        let mut notes = Vec::new();
        for (field, used) in uses.optional_answers() {
            if !used && root.contains_key(field) {
                notes.push(format!(
                    "{field} is not used by the {} program and was ignored.",
                    program.id
                ));
            }
        }
        let mut a = Assessment {
            program: id,
            organization: None,
            reading: Reading::default(),
            capabilities: Vec::new(),
            scopes: Vec::new(),
            custom_scopes: Vec::new(),
            technology_concentration: false,
            cloud_providers: Vec::new(),
            custom_providers: Vec::new(),
            compliances: Vec::new(),
            custom_compliances: Vec::new(),
            company_size: 0,
            certified_staff: CertifiedStaff::default(),
            memberships: Memberships::default(),
            focus: Focus::default(),
            community_engagement: false,
            asset_contribution_months_ago: None,
            public_evidence_and_demo: false,
            attestations: BTreeMap::new(),
            prices: PriceOverrides::default(),
            notes: Vec::new(),
        };
        if let Some(v) = root.get("organization") {
            let name = text(v, "organization", "an organization or product name")?;
            a.organization = Some(name.trim().to_string());
        }

        match (&program.scoring, uses.scored) {
            (Some(scoring), true) => {
                if let Some(v) = root.get("reading") {
                    a.reading = reading(v)?;
                }
                a.capabilities =
                    capabilities(required(root, "capabilities")?, program, &mut notes)?;
                let s = &scoring.supplemental;
                a.scopes = catalogue_ids(required(root, "scopes")?, "scopes", &s.scopes, "scope")?;
                a.custom_scopes = custom_names(
                    root.get("custom_scopes"),
                    "custom_scopes",
                    &s.scopes,
                    "scopes",
                )?;
                a.technology_concentration = boolean(
                    required(root, "technology_concentration")?,
                    "technology_concentration",
                )?;
                a.cloud_providers = catalogue_ids(
                    required(root, "cloud_providers")?,
                    "cloud_providers",
                    &s.cloud_providers,
                    "cloud provider",
                )?;
                a.custom_providers = custom_names(
                    root.get("custom_providers"),
                    "custom_providers",
                    &s.cloud_providers,
                    "cloud_providers",
                )?;
                a.compliances = catalogue_ids(
                    required(root, "compliances")?,
                    "compliances",
                    &s.compliances,
                    "compliance",
                )?;
                a.custom_compliances = custom_names(
                    root.get("custom_compliances"),
                    "custom_compliances",
                    &s.compliances,
                    "compliances",
                )?;
            }
            _ => {
                // Type-check what a gates-only program ignores, so a typo still shows.
                if let Some(v) = root.get("reading") {
                    reading(v)?;
                }
                for field in [
                    "capabilities",
                    "scopes",
                    "cloud_providers",
                    "compliances",
                    "custom_scopes",
                    "custom_providers",
                    "custom_compliances",
                ] {
                    if let Some(v) = root.get(field) {
                        string_list(v, field)?;
                    }
                }
                if let Some(v) = root.get("technology_concentration") {
                    boolean(v, "technology_concentration")?;
                }
            }
        }

        if uses.staff {
            a.company_size = whole_number(required(root, "company_size")?, "company_size", 1)?;
            a.certified_staff = certified_staff(required(root, "certified_staff")?)?;
        } else {
            if let Some(v) = root.get("company_size") {
                whole_number(v, "company_size", 1)?;
            }
            if let Some(v) = root.get("certified_staff") {
                certified_staff(v)?;
            }
        }
        match root.get("memberships") {
            Some(v) => a.memberships = memberships(v)?,
            None if uses.memberships => return Err(missing("memberships")),
            None => {}
        }
        match root.get("focus") {
            Some(v) => a.focus = focus(v)?,
            None if uses.focus => return Err(missing("focus")),
            None => {}
        }
        match root.get("community_engagement") {
            Some(v) => a.community_engagement = boolean(v, "community_engagement")?,
            None if uses.community => return Err(missing("community_engagement")),
            None => {}
        }
        match root.get("asset_contribution_months_ago") {
            Some(Value::Null) => a.asset_contribution_months_ago = None,
            Some(v) => {
                a.asset_contribution_months_ago = Some(whole_number_or_null(v, "asset_contribution_months_ago")?)
            }
            None if uses.asset => {
                return Err(CalcError::new(
                    "asset_contribution_months_ago",
                    "missing required field; give the months since your latest Asset Library contribution, or null if there is none",
                ))
            }
            None => {}
        }
        match root.get("public_evidence_and_demo") {
            Some(v) => a.public_evidence_and_demo = boolean(v, "public_evidence_and_demo")?,
            None if uses.evidence => return Err(missing("public_evidence_and_demo")),
            None => {}
        }
        if let Some(v) = root.get("attestations") {
            a.attestations = attestations(v, program)?;
        }
        if let Some(v) = root.get("prices") {
            a.prices = price_overrides(v)?;
        }
        a.notes = notes;
        Ok(a)
    }
}

/// Which answers a program needs, derived from its scoring and gates.
struct Uses {
    scored: bool,
    staff: bool,
    memberships: bool,
    focus: bool,
    community: bool,
    asset: bool,
    evidence: bool,
}

impl Uses {
    fn of(program: &Program) -> Uses {
        let has = |kind| program.gate_of_kind(kind).is_some();
        Uses {
            scored: program.scoring.is_some(),
            staff: has(GateKind::IndividualCertifications),
            memberships: has(GateKind::FinopsFoundationMembership)
                || has(GateKind::LinuxFoundationMembership),
            focus: has(GateKind::FocusSupport),
            community: has(GateKind::CommunityEngagement),
            asset: has(GateKind::AssetContribution),
            evidence: has(GateKind::PublicEvidenceAndDemo),
        }
    }

    /// Answers that are required only by programs that use them, with whether this one does.
    fn optional_answers(&self) -> [(&'static str, bool); 14] {
        [
            ("reading", self.scored),
            ("capabilities", self.scored),
            ("scopes", self.scored),
            ("custom_scopes", self.scored),
            ("technology_concentration", self.scored),
            ("cloud_providers", self.scored),
            ("custom_providers", self.scored),
            ("compliances", self.scored),
            ("custom_compliances", self.scored),
            ("company_size", self.staff),
            ("certified_staff", self.staff),
            ("focus", self.focus),
            ("community_engagement", self.community),
            ("public_evidence_and_demo", self.evidence),
        ]
    }
}

fn parse_root(json: &str) -> Result<Map<String, Value>, CalcError> {
    let value: Value = serde_json::from_str(json).map_err(|e| {
        CalcError::new(
            "",
            format!("not valid JSON ({e}); check the file around that line and column"),
        )
    })?;
    let Value::Object(root) = value else {
        return Err(CalcError::new(
            "",
            format!(
                "an assessment is a JSON object {{ \"program\": ..., ... }}, got {}",
                describe(&value)
            ),
        ));
    };
    for key in root.keys() {
        if !KNOWN_FIELDS.contains(&key.as_str()) {
            let hint = closest(key, KNOWN_FIELDS.iter().copied())
                .map(|c| format!(" (did you mean \"{c}\"?)"))
                .unwrap_or_default();
            return Err(CalcError::new(
                key.clone(),
                format!(
                    "unknown field{hint}; the known fields are: {}",
                    join(KNOWN_FIELDS.iter().skip(1))
                ),
            ));
        }
    }
    Ok(root)
}

fn program_field(root: &Map<String, Value>) -> Result<String, CalcError> {
    let v = root.get("program").ok_or_else(|| {
        CalcError::new(
            "program",
            "missing required field; name the program, e.g. \"platform\" or \"focus-conformant\"",
        )
    })?;
    Ok(kebab_id(text(
        v,
        "program",
        "a program id such as \"platform\"",
    )?))
}

fn missing(field: &str) -> CalcError {
    CalcError::new(
        field,
        "missing required field; see docs/assessment.md for its meaning",
    )
}

fn required<'a>(root: &'a Map<String, Value>, field: &str) -> Result<&'a Value, CalcError> {
    root.get(field).ok_or_else(|| missing(field))
}

/// A short rendering of a JSON value for "got ..." in messages.
fn describe(v: &Value) -> String {
    let text = match v {
        Value::Object(_) => "an object".to_string(),
        Value::Array(_) => "a list".to_string(),
        Value::Null => "null".to_string(),
        other => other.to_string(),
    };
    if text.chars().count() > 60 {
        let cut: String = text.chars().take(57).collect();
        format!("{cut}...")
    } else {
        text
    }
}

fn text<'a>(v: &'a Value, field: &str, what: &str) -> Result<&'a str, CalcError> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Ok(s),
        other => Err(CalcError::new(
            field,
            format!("expected {what} (non-empty text), got {}", describe(other)),
        )),
    }
}

fn boolean(v: &Value, field: &str) -> Result<bool, CalcError> {
    v.as_bool().ok_or_else(|| {
        CalcError::new(
            field,
            format!("expected true or false, got {}", describe(v)),
        )
    })
}

fn whole_number(v: &Value, field: &str, min: u64) -> Result<u64, CalcError> {
    let n = match v {
        Value::Number(n) => n.as_u64().or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f < 9.0e15)
                .map(|f| f as u64)
        }),
        _ => None,
    };
    match n {
        Some(n) if n >= min => Ok(n),
        _ => Err(CalcError::new(
            field,
            format!("expected a whole number ≥ {min}, got {}", describe(v)),
        )),
    }
}

fn whole_number_or_null(v: &Value, field: &str) -> Result<u64, CalcError> {
    whole_number(v, field, 0).map_err(|_| {
        CalcError::new(
            field,
            format!(
                "expected a whole number of months ≥ 0, or null for no contribution, got {}",
                describe(v)
            ),
        )
    })
}

fn object<'a>(
    v: &'a Value,
    field: &str,
    keys: &[&str],
) -> Result<&'a Map<String, Value>, CalcError> {
    let Value::Object(map) = v else {
        return Err(CalcError::new(
            field,
            format!(
                "expected an object with {}, got {}",
                join(keys.iter()),
                describe(v)
            ),
        ));
    };
    for key in map.keys() {
        if !keys.contains(&key.as_str()) {
            let hint = closest(key, keys.iter().copied())
                .map(|c| format!(" (did you mean \"{c}\"?)"))
                .unwrap_or_default();
            return Err(CalcError::new(
                format!("{field}.{key}"),
                format!(
                    "unknown field{hint}; the known fields are: {}",
                    join(keys.iter())
                ),
            ));
        }
    }
    Ok(map)
}

fn member<'a>(map: &'a Map<String, Value>, field: &str, key: &str) -> Result<&'a Value, CalcError> {
    map.get(key)
        .ok_or_else(|| missing(&format!("{field}.{key}")))
}

fn reading(v: &Value) -> Result<Reading, CalcError> {
    match v.as_str() {
        Some("catalogue") => Ok(Reading::Catalogue),
        Some("capabilities-only") => Ok(Reading::CapabilitiesOnly),
        _ => Err(CalcError::new(
            "reading",
            format!(
                "expected \"catalogue\" or \"capabilities-only\", got {}",
                describe(v)
            ),
        )),
    }
}

fn string_list<'a>(v: &'a Value, field: &str) -> Result<Vec<&'a str>, CalcError> {
    let Value::Array(items) = v else {
        return Err(CalcError::new(
            field,
            format!(
                "expected a list of ids, like [\"...\"], got {}",
                describe(v)
            ),
        ));
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| text(item, &format!("{field}[{i}]"), "an id"))
        .collect()
}

/// Capability ids: aliases and written-out names map to the program's ids; unknown ids
/// and repeats are errors naming the valid ids.
fn capabilities(
    v: &Value,
    program: &Program,
    notes: &mut Vec<String>,
) -> Result<Vec<String>, CalcError> {
    let given = string_list(v, "capabilities")?;
    let Some(scoring) = &program.scoring else {
        return Ok(Vec::new());
    };
    let mut first_at: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, raw) in given.iter().enumerate() {
        let field = format!("capabilities[{i}]");
        let id = kebab_id(raw);
        let capability = match program.find_capability(&id) {
            Some(Lookup::Id(c)) => c,
            Some(Lookup::Alias(c, alias)) => {
                notes.push(format!(
                    "\"{raw}\" is the newer Framework name \"{}\"; counted as {} ({}).",
                    alias.name, c.name, c.id
                ));
                c
            }
            None => {
                let ids: Vec<&str> = scoring.capabilities.iter().map(|c| c.id.as_str()).collect();
                let aliases: Vec<&str> = scoring
                    .capabilities
                    .iter()
                    .flat_map(|c| c.aliases.iter().map(|a| a.id.as_str()))
                    .collect();
                let hint = closest(&id, ids.iter().chain(aliases.iter()).copied())
                    .map(|c| format!(" (did you mean \"{c}\"?)"))
                    .unwrap_or_default();
                return Err(CalcError::new(
                    field,
                    format!(
                        "unknown capability \"{raw}\"{hint}; the capability ids are: {}; newer Framework names accepted too: {}",
                        join(ids.iter()),
                        join(aliases.iter())
                    ),
                ));
            }
        };
        if let Some(earlier) = first_at.insert(capability.id.as_str(), i) {
            return Err(CalcError::new(
                field,
                format!(
                    "\"{raw}\" is {} again (already at capabilities[{earlier}]); list each capability once",
                    capability.id
                ),
            ));
        }
    }
    Ok(scoring
        .capabilities
        .iter()
        .filter(|c| first_at.contains_key(c.id.as_str()))
        .map(|c| c.id.clone())
        .collect())
}

/// Ids from a supplemental catalogue, returned in catalogue order.
fn catalogue_ids(
    v: &Value,
    field: &str,
    per_item: &PerItem,
    what: &str,
) -> Result<Vec<String>, CalcError> {
    let given = string_list(v, field)?;
    let ids: Vec<&str> = per_item.catalogue.iter().map(|i| i.id.as_str()).collect();
    let mut first_at: BTreeMap<String, usize> = BTreeMap::new();
    for (i, raw) in given.iter().enumerate() {
        let id = kebab_id(raw);
        if !ids.contains(&id.as_str()) {
            let hint = closest(&id, ids.iter().copied())
                .map(|c| format!(" (did you mean \"{c}\"?)"))
                .unwrap_or_default();
            return Err(CalcError::new(
                format!("{field}[{i}]"),
                format!(
                    "unknown {what} \"{raw}\"{hint}; the {what} ids are: {}; add others by name in custom_{}",
                    join(ids.iter()),
                    if field == "cloud_providers" { "providers" } else { field }
                ),
            ));
        }
        if let Some(earlier) = first_at.insert(id.clone(), i) {
            return Err(CalcError::new(
                format!("{field}[{i}]"),
                format!("\"{raw}\" is listed twice (also at {field}[{earlier}]); list it once"),
            ));
        }
    }
    Ok(ids
        .iter()
        .filter(|id| first_at.contains_key(**id))
        .map(|id| id.to_string())
        .collect())
}

/// Names the user adds to a catalogue: non-empty, distinct, and not already in it.
fn custom_names(
    v: Option<&Value>,
    field: &str,
    per_item: &PerItem,
    catalogue_field: &str,
) -> Result<Vec<String>, CalcError> {
    let Some(v) = v else {
        return Ok(Vec::new());
    };
    let given = string_list(v, field)?;
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut names = Vec::new();
    for (i, raw) in given.iter().enumerate() {
        let id = kebab_id(raw);
        if per_item.catalogue.iter().any(|item| item.id == id) {
            return Err(CalcError::new(
                format!("{field}[{i}]"),
                format!("\"{raw}\" is already in the catalogue; list \"{id}\" in {catalogue_field} instead"),
            ));
        }
        if let Some(earlier) = seen.insert(id, i) {
            return Err(CalcError::new(
                format!("{field}[{i}]"),
                format!("\"{raw}\" is listed twice (also at {field}[{earlier}]); list it once"),
            ));
        }
        names.push(raw.trim().to_string());
    }
    Ok(names)
}

fn certified_staff(v: &Value) -> Result<CertifiedStaff, CalcError> {
    const KEYS: [&str; 4] = ["practitioner", "professional", "focus_analyst", "engineer"];
    let map = object(v, "certified_staff", &KEYS)?;
    let count = |key: &str| -> Result<u64, CalcError> {
        let field = format!("certified_staff.{key}");
        whole_number(member(map, "certified_staff", key)?, &field, 0)
    };
    Ok(CertifiedStaff {
        practitioner: count("practitioner")?,
        professional: count("professional")?,
        focus_analyst: count("focus_analyst")?,
        engineer: count("engineer")?,
    })
}

fn memberships(v: &Value) -> Result<Memberships, CalcError> {
    const KEYS: [&str; 2] = ["finops_foundation", "linux_foundation"];
    let map = object(v, "memberships", &KEYS)?;
    Ok(Memberships {
        finops_foundation: boolean(
            member(map, "memberships", "finops_foundation")?,
            "memberships.finops_foundation",
        )?,
        linux_foundation: boolean(
            member(map, "memberships", "linux_foundation")?,
            "memberships.linux_foundation",
        )?,
    })
}

fn focus(v: &Value) -> Result<Focus, CalcError> {
    const KEYS: [&str; 2] = ["supported", "gap_report_published"];
    let map = object(v, "focus", &KEYS)?;
    Ok(Focus {
        supported: boolean(member(map, "focus", "supported")?, "focus.supported")?,
        gap_report_published: boolean(
            member(map, "focus", "gap_report_published")?,
            "focus.gap_report_published",
        )?,
    })
}

fn attestations(v: &Value, program: &Program) -> Result<BTreeMap<String, bool>, CalcError> {
    let ids = program.attestation_ids();
    if ids.is_empty() {
        // Nothing to attest for this program: accept only an empty object.
        object(v, "attestations", &[]).map_err(|_| {
            CalcError::new(
                "attestations",
                format!(
                    "the {} program has no attestations; remove this field or leave it {{}}",
                    program.id
                ),
            )
        })?;
        return Ok(BTreeMap::new());
    }
    let map = object(v, "attestations", &ids)?;
    let mut out = BTreeMap::new();
    for (key, value) in map {
        out.insert(key.clone(), boolean(value, &format!("attestations.{key}"))?);
    }
    Ok(out)
}

fn price_overrides(v: &Value) -> Result<PriceOverrides, CalcError> {
    const KINDS: [&str; 3] = ["practitioner", "professional", "focus_analyst"];
    const PATHS: [&str; 3] = ["exam_only", "self_paced", "instructor_led"];
    let map = object(v, "prices", &KINDS)?;
    let mut out = PriceOverrides::default();
    for (kind, value) in map {
        let base = format!("prices.{kind}");
        let paths = object(value, &base, &PATHS)?;
        let mut o = PathOverrides::default();
        for (path, price) in paths {
            let field = format!("{base}.{path}");
            let usd = whole_number(price, &field, 0).map_err(|_| {
                CalcError::new(
                    &*field,
                    format!(
                        "expected a whole number of US dollars ≥ 0, got {}",
                        describe(price)
                    ),
                )
            })?;
            match path.as_str() {
                "exam_only" => o.exam_only = Some(usd),
                "self_paced" => o.self_paced = Some(usd),
                _ => o.instructor_led = Some(usd),
            }
        }
        match kind.as_str() {
            "practitioner" => out.practitioner = o,
            "professional" => out.professional = o,
            _ => out.focus_analyst = o,
        }
    }
    Ok(out)
}
