//! Scoring one assessment against one program: points under both readings, the
//! shortest ways to close a gap, gates, staffing, and the verdict.

use serde::Serialize;

use super::assessment::{Assessment, Reading};
use super::gates::{check_gates, GateResult};
use super::ids::kebab_id;
use super::paths::{shortest_paths, Candidate, ShortestPath};
use super::program::{PerItem, Program, ProgramStatus, Scoring};
use super::staffing::{plan, Staffing};

/// How many alternative paths a result lists.
pub const MAX_PATHS: usize = 5;

/// Everything the calculator concludes about one assessment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreResult {
    /// certkit's version, so a result can be traced to its code and data.
    pub certkit_version: String,
    /// Program id.
    pub program: String,
    /// Program name.
    pub program_name: String,
    /// Which criteria the program data follows.
    pub criteria_version: String,
    /// Current or legacy page.
    pub program_status: ProgramStatus,
    /// Seed file the program data comes from.
    pub program_source: String,
    /// Organization or product name from the assessment.
    pub organization: Option<String>,
    /// Whether the program has capability points.
    pub scored: bool,
    /// The reading that decides (scored programs only).
    pub reading: Option<Reading>,
    /// What the deciding reading counts as possible.
    pub reading_description: Option<String>,
    /// Share of possible points needed, in percent.
    pub threshold_percent: Option<f64>,
    /// Points under the deciding reading.
    pub points: Option<Points>,
    /// `earned / possible` in percent, two decimals.
    pub percent: Option<f64>,
    /// Whether the points reach the threshold under the deciding reading.
    pub meets_threshold: Option<bool>,
    /// Whole points still needed under the deciding reading (0 when met).
    pub missing_points: Option<u64>,
    /// The same numbers under the other reading, for comparison.
    pub other_reading: Option<ReadingScore>,
    /// Smallest sets of unmet capabilities that close the gap, best first.
    pub shortest_paths: Vec<ShortestPath>,
    /// Why there are no paths, when points are missing but capabilities cannot close it.
    pub paths_note: Option<String>,
    /// Every capability with its points and whether it is met.
    pub capabilities: Vec<CapabilityLine>,
    /// Every supplemental item (catalogue and custom) with its points and whether it is met.
    pub supplemental: Vec<SupplementalLine>,
    /// Every gate, in program order.
    pub gates: Vec<GateResult>,
    /// Certified people required, held, missing, and their cost.
    pub staffing: Staffing,
    /// All gates met and, for scored programs, the threshold reached.
    pub eligible: bool,
    /// One or two sentences with the verdict.
    pub summary: String,
    /// Things to know: reading caveats, aliases mapped, fields ignored, program notes.
    pub notes: Vec<String>,
}

/// Points under one reading.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Points {
    /// Points earned (capabilities met + supplemental items held).
    pub earned: u64,
    /// Total possible points under the reading.
    pub possible: u64,
    /// `possible × threshold`, may be fractional (89.25).
    pub needed: f64,
    /// Earned from capabilities.
    pub from_capabilities: u64,
    /// Earned from supplemental criteria.
    pub from_supplemental: u64,
}

/// The verdict under one reading.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ReadingScore {
    /// Which reading.
    pub reading: Reading,
    /// Its points.
    pub points: Points,
    /// `earned / possible` in percent, two decimals.
    pub percent: f64,
    /// Whether the threshold is reached.
    pub meets_threshold: bool,
    /// Whole points still needed (0 when met).
    pub missing_points: u64,
}

/// One capability in the result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CapabilityLine {
    /// Capability id.
    pub id: String,
    /// Name on the certification page.
    pub name: String,
    /// Domain name.
    pub domain: String,
    /// Points when met.
    pub points: u64,
    /// Whether the assessment claims it.
    pub met: bool,
}

/// One supplemental item in the result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SupplementalLine {
    /// `scopes`, `technology_concentration`, `cloud_providers` or `compliances`.
    pub criterion: String,
    /// Item id (the kebab-case of the name for custom items).
    pub id: String,
    /// Item name.
    pub name: String,
    /// Points when met.
    pub points: u64,
    /// Whether the assessment claims it.
    pub met: bool,
    /// Added by the user rather than taken from the catalogue.
    pub custom: bool,
}

/// Scores `assessment` against `program`. The assessment must have been read for this
/// program ([`Assessment::from_json_for`]); ids the program does not know count as unmet.
pub fn score(program: &Program, assessment: &Assessment) -> ScoreResult {
    let staffing = plan(program, assessment);
    let gates = check_gates(&program.gates, assessment, &staffing);
    let gates_met = gates.iter().all(|g| g.met);
    let mut notes: Vec<String> = assessment.notes.clone();

    let mut result = ScoreResult {
        certkit_version: crate::VERSION.to_string(),
        program: program.id.clone(),
        program_name: program.name.clone(),
        criteria_version: program.criteria_version.clone(),
        program_status: program.status,
        program_source: program.source.clone(),
        organization: assessment.organization.clone(),
        scored: program.scoring.is_some(),
        reading: None,
        reading_description: None,
        threshold_percent: None,
        points: None,
        percent: None,
        meets_threshold: None,
        missing_points: None,
        other_reading: None,
        shortest_paths: Vec::new(),
        paths_note: None,
        capabilities: Vec::new(),
        supplemental: Vec::new(),
        gates,
        staffing,
        eligible: false,
        summary: String::new(),
        notes: Vec::new(),
    };

    match &program.scoring {
        Some(scoring) => {
            let lines = Lines::of(scoring, assessment);
            let reading = assessment.reading;
            let main = reading_score(scoring, &lines, reading);
            let other = reading_score(scoring, &lines, reading.other());
            let candidates: Vec<Candidate> = scoring
                .capabilities
                .iter()
                .enumerate()
                .filter(|(_, c)| !assessment.capabilities.contains(&c.id))
                .map(|(position, c)| Candidate {
                    position,
                    id: c.id.clone(),
                    name: c.name.clone(),
                    points: u64::from(c.points),
                })
                .collect();
            result.shortest_paths = shortest_paths(&candidates, main.missing_points, MAX_PATHS);
            if main.missing_points > 0 && result.shortest_paths.is_empty() {
                let all: u64 = candidates.iter().map(|c| c.points).sum();
                result.paths_note = Some(format!(
                    "Even all {} unmet capabilities ({all} points) cannot close the {}-point gap under the {} reading: add supplemental criteria (scopes, technology concentration, cloud providers, compliances) as well.",
                    candidates.len(),
                    main.missing_points,
                    reading.id()
                ));
            }
            notes.push(format!(
                "Deciding reading: {} ({}). Under the other reading, {} ({}), you would have {} of {} points ({:.2}%, {} needed): {}.",
                reading.id(),
                reading.description(),
                other.reading.id(),
                other.reading.description(),
                other.points.earned,
                other.points.possible,
                other.percent,
                fmt_points(other.points.needed),
                if other.meets_threshold {
                    "meets the threshold"
                } else {
                    "below the threshold"
                }
            ));
            result.reading = Some(reading);
            result.reading_description = Some(reading.description().to_string());
            result.threshold_percent = Some(scoring.threshold_percent);
            result.points = Some(main.points);
            result.percent = Some(main.percent);
            result.meets_threshold = Some(main.meets_threshold);
            result.missing_points = Some(main.missing_points);
            result.other_reading = Some(other);
            result.capabilities = lines.capabilities;
            result.supplemental = lines.supplemental;
            result.eligible = gates_met && main.meets_threshold;
        }
        None => {
            notes.push(format!(
                "{} has no capability points: eligibility is decided by its gates and staffing alone.",
                program.name
            ));
            result.eligible = gates_met;
        }
    }
    notes.extend(program.notes.iter().cloned());
    result.notes = notes;
    result.summary = summary(&result);
    result
}

/// The capability and supplemental lines of a scored program, with their totals.
struct Lines {
    capabilities: Vec<CapabilityLine>,
    supplemental: Vec<SupplementalLine>,
}

impl Lines {
    fn of(scoring: &Scoring, a: &Assessment) -> Lines {
        let domain_name = |id: &str| {
            scoring
                .domains
                .iter()
                .find(|d| d.id == id)
                .map_or_else(|| id.to_string(), |d| d.name.clone())
        };
        let capabilities = scoring
            .capabilities
            .iter()
            .map(|c| CapabilityLine {
                id: c.id.clone(),
                name: c.name.clone(),
                domain: domain_name(&c.domain),
                points: u64::from(c.points),
                met: a.capabilities.contains(&c.id),
            })
            .collect();
        let s = &scoring.supplemental;
        let mut supplemental = Vec::new();
        per_item(
            &mut supplemental,
            "scopes",
            &s.scopes,
            &a.scopes,
            &a.custom_scopes,
        );
        supplemental.push(SupplementalLine {
            criterion: "technology_concentration".to_string(),
            id: "technology-concentration".to_string(),
            name: s.technology_concentration.name.clone(),
            points: u64::from(s.technology_concentration.points),
            met: a.technology_concentration,
            custom: false,
        });
        per_item(
            &mut supplemental,
            "cloud_providers",
            &s.cloud_providers,
            &a.cloud_providers,
            &a.custom_providers,
        );
        per_item(
            &mut supplemental,
            "compliances",
            &s.compliances,
            &a.compliances,
            &a.custom_compliances,
        );
        Lines {
            capabilities,
            supplemental,
        }
    }
}

/// Adds the lines of one per-item criterion: its catalogue, then the user's custom items.
fn per_item(
    out: &mut Vec<SupplementalLine>,
    criterion: &str,
    item: &PerItem,
    held: &[String],
    custom: &[String],
) {
    for entry in &item.catalogue {
        out.push(SupplementalLine {
            criterion: criterion.to_string(),
            id: entry.id.clone(),
            name: entry.name.clone(),
            points: u64::from(item.points_each),
            met: held.contains(&entry.id),
            custom: false,
        });
    }
    for name in custom {
        out.push(SupplementalLine {
            criterion: criterion.to_string(),
            id: kebab_id(name),
            name: name.clone(),
            points: u64::from(item.points_each),
            met: true,
            custom: true,
        });
    }
}

/// Points, percent and verdict under one reading. The comparison is done in whole
/// numbers (threshold in hundredths of a percent) so 75% of 119 is exactly 89.25.
fn reading_score(scoring: &Scoring, lines: &Lines, reading: Reading) -> ReadingScore {
    let from_capabilities: u64 = lines
        .capabilities
        .iter()
        .filter(|c| c.met)
        .map(|c| c.points)
        .sum();
    let capabilities_possible: u64 = lines.capabilities.iter().map(|c| c.points).sum();
    let from_supplemental: u64 = lines
        .supplemental
        .iter()
        .filter(|s| s.met)
        .map(|s| s.points)
        .sum();
    let supplemental_possible: u64 = lines.supplemental.iter().map(|s| s.points).sum();
    let possible = match reading {
        Reading::Catalogue => capabilities_possible + supplemental_possible,
        Reading::CapabilitiesOnly => capabilities_possible,
    };
    let earned = from_capabilities + from_supplemental;
    let basis = threshold_basis_points(scoring.threshold_percent);
    let needed_scaled = possible.saturating_mul(basis); // in 1/10000 of a point
    let needed_whole = needed_scaled.div_ceil(10_000);
    let meets = earned.saturating_mul(10_000) >= needed_scaled;
    ReadingScore {
        reading,
        points: Points {
            earned,
            possible,
            needed: needed_scaled as f64 / 10_000.0,
            from_capabilities,
            from_supplemental,
        },
        percent: if possible == 0 {
            0.0
        } else {
            (earned as f64 * 10_000.0 / possible as f64).round() / 100.0
        },
        meets_threshold: meets,
        missing_points: needed_whole.saturating_sub(earned),
    }
}

/// The threshold in hundredths of a percent (75 → 7500); validation allows at most
/// two decimals.
fn threshold_basis_points(percent: f64) -> u64 {
    (percent * 100.0).round().clamp(0.0, 10_000.0) as u64
}

/// 89.25 stays 89.25, 54 shows as 54.
pub(crate) fn fmt_points(p: f64) -> String {
    if p.fract() == 0.0 {
        format!("{p:.0}")
    } else {
        let s = format!("{p:.2}");
        s.trim_end_matches('0').to_string()
    }
}

fn summary(r: &ScoreResult) -> String {
    let unmet: Vec<&str> = r
        .gates
        .iter()
        .filter(|g| !g.met)
        .map(|g| g.name.as_str())
        .collect();
    let gates_part = if unmet.is_empty() {
        format!("all {} gates met", r.gates.len())
    } else {
        format!(
            "{} of {} gates not met ({})",
            unmet.len(),
            r.gates.len(),
            unmet.join(", ")
        )
    };
    let points_part = match (r.points, r.percent, r.missing_points) {
        (Some(p), Some(percent), Some(missing)) => {
            let reading = r.reading.map_or("", Reading::id);
            if missing == 0 {
                format!(
                    "{} of {} points ({percent:.2}%, {} needed, {reading} reading), ",
                    p.earned,
                    p.possible,
                    fmt_points(p.needed)
                )
            } else {
                format!(
                    "{} of {} points ({percent:.2}%, {} needed, {reading} reading): {missing} point(s) short; ",
                    p.earned,
                    p.possible,
                    fmt_points(p.needed)
                )
            }
        }
        _ => String::new(),
    };
    if r.eligible {
        format!(
            "Eligible for {}: {points_part}{gates_part}.",
            r.program_name
        )
    } else {
        format!(
            "Not yet eligible for {}: {points_part}{gates_part}.",
            r.program_name
        )
    }
}
