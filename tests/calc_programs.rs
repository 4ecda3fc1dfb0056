//! The program data in `data/programs/`: it parses, passes validation, says what the
//! seeds say, and broken program files are refused with the field that is wrong.

use std::collections::BTreeSet;

use certkit::calc::{
    builtin_program, program_files, programs, CertKind, GateKind, Program, PROGRAM_FORMAT,
};
use serde_json::Value;

/// Reads a seed file from ../shared, failing loudly when the folder is missing.
fn seed(name: &str) -> String {
    let path = format!("{}/../shared/seeds/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!("cannot read {path} ({e}): ../shared is missing; these tests compare the program data with the seed files there")
    })
}

#[test]
fn every_built_in_file_parses_and_validates() {
    for (path, json) in program_files() {
        let program =
            Program::from_json(json).unwrap_or_else(|e| panic!("{path} does not load: {e}"));
        assert_eq!(program.format, PROGRAM_FORMAT, "{path}");
    }
    let ids: Vec<String> = programs().into_iter().map(|p| p.id).collect();
    assert_eq!(
        ids,
        [
            "platform",
            "focus-conformant",
            "service-provider",
            "training-partner"
        ]
    );
}

#[test]
fn platform_has_21_capabilities_worth_73_points() {
    let platform = builtin_program("platform").unwrap();
    let scoring = platform.scoring.as_ref().expect("platform is scored");
    assert_eq!(scoring.capabilities.len(), 21);
    // Seed blocks: 5+5+5+5 = 20, 3+5+5+3+5 = 21, 1+5+3+5+3 = 17, 1+1+3+5+1+3+1 = 15; 20+21+17+15 = 73.
    let total: u32 = scoring.capabilities.iter().map(|c| c.points).sum();
    assert_eq!(total, 73);
    for c in &scoring.capabilities {
        assert!(
            [1, 3, 5].contains(&c.points),
            "{} has {} points",
            c.id,
            c.points
        );
    }
    let per_domain: Vec<(String, u32)> = scoring
        .domains
        .iter()
        .map(|d| {
            let sum = scoring
                .capabilities
                .iter()
                .filter(|c| c.domain == d.id)
                .map(|c| c.points)
                .sum();
            (d.name.clone(), sum)
        })
        .collect();
    assert_eq!(
        per_domain,
        [
            ("Understand Usage & Cost".to_string(), 20),
            ("Quantify Business Value".to_string(), 21),
            ("Optimize Usage & Cost".to_string(), 17),
            ("Manage the FinOps Practice".to_string(), 15),
        ]
    );
    assert_eq!(scoring.threshold_percent, 75.0);
}

#[test]
fn ids_are_unique_within_every_program() {
    for (path, json) in program_files() {
        let program = Program::from_json(json).unwrap();
        let mut gate_ids = BTreeSet::new();
        for gate in &program.gates {
            assert!(
                gate_ids.insert(gate.id.clone()),
                "{path}: gate {} twice",
                gate.id
            );
        }
        if let Some(scoring) = &program.scoring {
            let mut ids = BTreeSet::new();
            for c in &scoring.capabilities {
                assert!(ids.insert(c.id.clone()), "{path}: {} twice", c.id);
                for a in &c.aliases {
                    assert!(ids.insert(a.id.clone()), "{path}: alias {} twice", a.id);
                }
            }
            let s = &scoring.supplemental;
            let mut items = BTreeSet::new();
            for item in s
                .scopes
                .catalogue
                .iter()
                .chain(&s.cloud_providers.catalogue)
                .chain(&s.compliances.catalogue)
            {
                assert!(items.insert(item.id.clone()), "{path}: {} twice", item.id);
            }
        }
    }
}

#[test]
fn capability_names_and_points_match_the_seed() {
    let text = seed("platform-certification.txt");
    let platform = builtin_program("platform").unwrap();
    for c in &platform.scoring.as_ref().unwrap().capabilities {
        let line = format!("{} [tool criteria points: {}]", c.name, c.points);
        assert!(text.contains(&line), "seed has no line \"{line}\"");
    }
}

#[test]
fn the_required_ids_and_aliases_are_there() {
    let platform = builtin_program("platform").unwrap();
    let scoring = platform.scoring.as_ref().unwrap();
    let ids: Vec<&str> = scoring.capabilities.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "data-ingestion",
            "allocation",
            "reporting-and-analytics",
            "anomaly-management",
            "planning-and-estimating",
            "forecasting",
            "budgeting",
            "benchmarking",
            "unit-economics",
            "architecting-for-cloud",
            "workload-optimization",
            "licensing-and-saas",
            "rate-optimization",
            "cloud-sustainability",
            "finops-practice-operations",
            "finops-education-and-enablement",
            "cloud-policy-and-governance",
            "invoicing-and-chargeback",
            "finops-assessment",
            "onboarding-workloads",
            "intersecting-disciplines",
        ]
    );
    for (alias, id) in [
        ("kpis-and-benchmarking", "benchmarking"),
        ("usage-optimization", "workload-optimization"),
        ("governance-policy-and-risk", "cloud-policy-and-governance"),
    ] {
        let found = scoring
            .capabilities
            .iter()
            .find(|c| c.aliases.iter().any(|a| a.id == alias))
            .map(|c| c.id.as_str());
        assert_eq!(found, Some(id), "alias {alias}");
    }
    let s = &scoring.supplemental;
    let cat =
        |items: &[certkit::calc::Item]| items.iter().map(|i| i.id.clone()).collect::<Vec<_>>();
    assert_eq!(
        cat(&s.scopes.catalogue),
        ["public-cloud", "saas", "data-center"]
    );
    assert_eq!(
        cat(&s.cloud_providers.catalogue),
        ["aws", "azure", "google-cloud", "oracle-cloud", "openstack"]
    );
    assert_eq!(
        cat(&s.compliances.catalogue),
        ["fedramp", "gdpr", "soc", "iso-27001"]
    );
    // 3 each, 10 once: the catalogue totals 9 + 10 + 15 + 12 = 46, so 73 + 46 = 119.
    assert_eq!(
        (
            s.scopes.points_each,
            s.technology_concentration.points,
            s.cloud_providers.points_each,
            s.compliances.points_each
        ),
        (3, 10, 3, 3)
    );
}

#[test]
fn staff_tiers_cover_every_size_and_match_the_seeds() {
    let platform = builtin_program("platform").unwrap();
    let focus = builtin_program("focus-conformant").unwrap();
    let rows = |p: &Program, kind: CertKind| -> Vec<u64> {
        p.staff
            .tiers
            .iter()
            .map(|t| t.required.get(kind).unwrap())
            .collect()
    };
    // Smallest tier first: less than 100, 100 – 499, 500 – 4,999, 5,000 +.
    assert_eq!(rows(&platform, CertKind::Practitioner), [5, 10, 50, 100]);
    assert_eq!(rows(&platform, CertKind::Professional), [1, 2, 3, 5]);
    assert_eq!(rows(&platform, CertKind::FocusAnalyst), [2, 3, 15, 30]);
    assert_eq!(rows(&focus, CertKind::FocusAnalyst), [2, 3, 5, 10]);
    assert_eq!(focus.cert_kinds(), [CertKind::FocusAnalyst]);
    let platform_seed = seed("platform-certification.txt");
    for row in [
        "| 5,000 + | 100 | 5 | 30 |",
        "| 500 – 4,999 | 50 | 3 | 15 |",
        "| 100 – 499 | 10 | 2 | 3 |",
        "| Less than 100 | 5 | 1 | 2 |",
    ] {
        assert!(platform_seed.contains(row), "seed has no row {row}");
    }
    let focus_seed = seed("focus-conformant-certification.txt");
    for row in [
        "| 5,000 + | 10 |",
        "| 500 – 4,999 | 5 |",
        "| 100 – 499 | 3 |",
        "| Less than 100 | 2 |",
    ] {
        assert!(focus_seed.contains(row), "seed has no row {row}");
    }
    let legacy_seed = seed("partner-certification-legacy.md");
    for row in [
        "| 5000+ | 50 |",
        "| 500-4999 | 35 |",
        "| 100-499 | 10 |",
        "| 0-99 | 3 |",
    ] {
        assert!(legacy_seed.contains(row), "seed has no row {row}");
    }
    for (path, json) in program_files() {
        let program = Program::from_json(json).unwrap();
        for size in [0, 1, 99, 100, 499, 500, 4_999, 5_000, u64::MAX] {
            assert!(
                program.tier_for(size).is_some(),
                "{path}: no tier for {size}"
            );
        }
        let tiers = &program.staff.tiers;
        for pair in tiers.windows(2) {
            assert_eq!(
                pair[0].max_employees.map(|m| m + 1),
                Some(pair[1].min_employees),
                "{path}"
            );
        }
        assert_eq!(tiers.last().unwrap().max_employees, None, "{path}");
    }
}

#[test]
fn prices_come_from_the_individual_certification_page() {
    let text = seed("individual-certification.md");
    for needle in [
        "FOCP Certification Exam – $300",
        "Self-Paced Online Course  – $499",
        "Instructor Led Live Training – $890",
    ] {
        assert!(text.contains(needle), "seed has no \"{needle}\"");
    }
    let platform = builtin_program("platform").unwrap();
    let p = platform.prices.get(CertKind::Practitioner).unwrap();
    assert_eq!(
        (p.exam_only.usd, p.self_paced.usd, p.instructor_led.usd),
        (Some(300), Some(499), Some(890))
    );
    // The seeds price only the Practitioner; the others are unknown, not guessed.
    let professional = platform.prices.get(CertKind::Professional).unwrap();
    assert_eq!(professional.exam_only.usd, None);
    assert!(professional.exam_only.source.contains("not published"));
}

#[test]
fn platform_gates_are_the_seven_of_the_brief() {
    let platform = builtin_program("platform").unwrap();
    let kinds: Vec<GateKind> = platform.gates.iter().map(|g| g.kind).collect();
    assert_eq!(
        kinds,
        [
            GateKind::FinopsFoundationMembership,
            GateKind::LinuxFoundationMembership,
            GateKind::IndividualCertifications,
            GateKind::FocusSupport,
            GateKind::CommunityEngagement,
            GateKind::AssetContribution,
            GateKind::PublicEvidenceAndDemo,
        ]
    );
    assert_eq!(
        platform
            .gate_of_kind(GateKind::AssetContribution)
            .unwrap()
            .max_months,
        Some(18)
    );
}

/// The platform file as JSON, to break one thing at a time.
fn platform_value() -> Value {
    serde_json::from_str(program_files()[0].1).unwrap()
}

#[test]
fn broken_program_files_are_refused_with_the_field() {
    type Breakage = fn(&mut Value);
    let cases: [(&str, Breakage, &str); 8] = [
        (
            "tier gap",
            |v| v["staff"]["tiers"][1]["min_employees"] = 101.into(),
            "staff.tiers[1].min_employees",
        ),
        (
            "first tier not at 0",
            |v| v["staff"]["tiers"][0]["min_employees"] = 1.into(),
            "staff.tiers[0].min_employees",
        ),
        (
            "closed top tier",
            |v| v["staff"]["tiers"][3]["max_employees"] = 9999.into(),
            "staff.tiers[3].max_employees",
        ),
        (
            "duplicate capability",
            |v| v["scoring"]["capabilities"][1]["id"] = "data-ingestion".into(),
            "scoring.capabilities[1].id",
        ),
        (
            "alias equal to an id",
            |v| v["scoring"]["capabilities"][7]["aliases"][0]["id"] = "allocation".into(),
            "scoring.capabilities[7].aliases[0].id",
        ),
        (
            "threshold over 100",
            |v| v["scoring"]["threshold_percent"] = 120.into(),
            "scoring.threshold_percent",
        ),
        (
            "unknown domain",
            |v| v["scoring"]["capabilities"][0]["domain"] = "inform".into(),
            "scoring.capabilities[0].domain",
        ),
        (
            "zero points",
            |v| v["scoring"]["capabilities"][0]["points"] = 0.into(),
            "scoring.capabilities[0].points",
        ),
    ];
    for (name, breakage, field) in cases {
        let mut v = platform_value();
        breakage(&mut v);
        let err = Program::from_json(&v.to_string()).expect_err(name);
        assert_eq!(err.field, field, "{name}: {err}");
    }
    let mut v = platform_value();
    v["surprise"] = true.into();
    let err = Program::from_json(&v.to_string()).unwrap_err();
    assert!(err.message.contains("unknown field `surprise`"), "{err}");
}
