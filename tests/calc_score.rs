//! Platform points against hand-computed cases: every capability, none, exactly at the
//! threshold, one point short, both readings, custom catalogue items, aliases, the
//! shortest paths, and a program override that moves the threshold.
//!
//! Reference numbers (platform.json): capabilities 73 points; catalogue supplemental
//! 3 scopes × 3 + technology concentration 10 + 5 providers × 3 + 4 compliances × 3
//! = 9 + 10 + 15 + 12 = 46; catalogue reading possible = 119, needed = 0.75 × 119 =
//! 89.25 (so 90 whole points); capabilities-only possible = 73, needed 54.75 (55).

use certkit::calc::{evaluate, program_files, score_json, Reading, ScoreResult};
use serde_json::{json, Value};

const ALL: [&str; 21] = [
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
];

/// A platform assessment that meets every gate, with no capability and no supplemental item.
fn base() -> Value {
    json!({
        "program": "platform",
        "capabilities": [],
        "scopes": [],
        "technology_concentration": false,
        "cloud_providers": [],
        "compliances": [],
        "company_size": 1200,
        "certified_staff": { "practitioner": 50, "professional": 3, "focus_analyst": 15, "engineer": 0 },
        "memberships": { "finops_foundation": true, "linux_foundation": true },
        "focus": { "supported": true, "gap_report_published": true },
        "community_engagement": true,
        "asset_contribution_months_ago": 3,
        "public_evidence_and_demo": true
    })
}

/// Every capability except the listed ones.
fn all_but(left_out: &[&str]) -> Value {
    json!(ALL
        .iter()
        .filter(|c| !left_out.contains(c))
        .collect::<Vec<_>>())
}

fn run(v: &Value) -> ScoreResult {
    evaluate(&v.to_string(), None).unwrap_or_else(|e| panic!("{e}"))
}

/// (earned, possible, needed, percent, meets, missing) under the deciding reading.
fn numbers(r: &ScoreResult) -> (u64, u64, f64, f64, bool, u64) {
    let p = r.points.unwrap();
    (
        p.earned,
        p.possible,
        p.needed,
        r.percent.unwrap(),
        r.meets_threshold.unwrap(),
        r.missing_points.unwrap(),
    )
}

fn path_ids(r: &ScoreResult) -> Vec<Vec<String>> {
    r.shortest_paths
        .iter()
        .map(|p| p.capabilities.clone())
        .collect()
}

#[test]
fn all_capabilities_no_supplemental() {
    // 73 earned. Catalogue: 73 / 119 = 61.34%, needs 90 → 17 short; no capability is
    // left, so no path, and a note says supplemental criteria are needed.
    // Capabilities-only: 73 / 73 = 100%, meets.
    let mut v = base();
    v["capabilities"] = all_but(&[]);
    let r = run(&v);
    assert_eq!(numbers(&r), (73, 119, 89.25, 61.34, false, 17));
    assert!(r.shortest_paths.is_empty());
    assert!(r.paths_note.as_deref().unwrap().contains("supplemental"));
    let o = r.other_reading.unwrap();
    assert_eq!(
        (
            o.reading,
            o.points.earned,
            o.points.possible,
            o.points.needed,
            o.percent,
            o.meets_threshold,
            o.missing_points
        ),
        (Reading::CapabilitiesOnly, 73, 73, 54.75, 100.0, true, 0)
    );
    assert!(!r.eligible);
}

#[test]
fn no_capabilities() {
    // 0 earned: catalogue needs 90 (0%), capabilities-only needs 55.
    let r = run(&base());
    assert_eq!(numbers(&r), (0, 119, 89.25, 0.0, false, 90));
    let o = r.other_reading.unwrap();
    assert_eq!((o.points.possible, o.missing_points), (73, 55));
    // 73 points in all cannot reach 90 under the catalogue reading.
    assert!(r.shortest_paths.is_empty());
}

#[test]
fn exactly_at_the_threshold_with_the_default_catalogue() {
    // 71 (all but architecting-for-cloud 1 and finops-practice-operations 1)
    // + technology concentration 10 + aws, azure, soc 9 = 90 ≥ 89.25 → meets; 90/119 = 75.63%.
    let mut v = base();
    v["capabilities"] = all_but(&["architecting-for-cloud", "finops-practice-operations"]);
    v["technology_concentration"] = json!(true);
    v["cloud_providers"] = json!(["aws", "azure"]);
    v["compliances"] = json!(["soc"]);
    let r = run(&v);
    assert_eq!(numbers(&r), (90, 119, 89.25, 75.63, true, 0));
    assert!(r.eligible);
    assert!(r.shortest_paths.is_empty());
}

#[test]
fn one_point_short_with_the_default_catalogue() {
    // As above but also without finops-education-and-enablement (1): 89 < 89.25 → 1 short.
    // Paths: each unmet capability is worth 1, so three one-capability paths, 0 over,
    // in program order; larger sets all contain one of them and are not listed.
    let mut v = base();
    v["capabilities"] = all_but(&[
        "architecting-for-cloud",
        "finops-practice-operations",
        "finops-education-and-enablement",
    ]);
    v["technology_concentration"] = json!(true);
    v["cloud_providers"] = json!(["aws", "azure"]);
    v["compliances"] = json!(["soc"]);
    let r = run(&v);
    assert_eq!(numbers(&r), (89, 119, 89.25, 74.79, false, 1));
    assert!(!r.eligible);
    assert_eq!(
        path_ids(&r),
        [
            vec!["architecting-for-cloud"],
            vec!["finops-practice-operations"],
            vec!["finops-education-and-enablement"]
        ]
    );
    assert!(r
        .shortest_paths
        .iter()
        .all(|p| p.points_added == 1 && p.points_over == 0));
}

#[test]
fn exactly_at_a_whole_threshold_with_custom_items() {
    // Custom scope + custom provider + custom compliance: possible 119 + 9 = 128,
    // needed 0.75 × 128 = 96 exactly. Earned: 71 + 10 + aws, azure 6 + custom 9 = 96 → meets at 75.00%.
    let mut v = base();
    v["capabilities"] = all_but(&["architecting-for-cloud", "finops-practice-operations"]);
    v["technology_concentration"] = json!(true);
    v["cloud_providers"] = json!(["aws", "azure"]);
    v["custom_scopes"] = json!(["Kubernetes"]);
    v["custom_providers"] = json!(["VMware"]);
    v["custom_compliances"] = json!(["HIPAA"]);
    let r = run(&v);
    assert_eq!(numbers(&r), (96, 128, 96.0, 75.0, true, 0));
    // One capability point less: 95 < 96 → exactly 1 short.
    v["capabilities"] = all_but(&[
        "architecting-for-cloud",
        "finops-practice-operations",
        "intersecting-disciplines",
    ]);
    let r = run(&v);
    assert_eq!(numbers(&r), (95, 128, 96.0, 74.22, false, 1));
}

#[test]
fn custom_items_count_in_earned_and_possible() {
    // Two custom scopes, one provider, one compliance: +12 earned and +12 possible
    // under the catalogue reading (119 + 12 = 131, needed 98.25); under the
    // capabilities-only reading they are bonus points (possible stays 73).
    let mut v = base();
    v["capabilities"] = json!(["data-ingestion"]); // 5
    v["custom_scopes"] = json!(["Kubernetes", "AI"]);
    v["custom_providers"] = json!(["Alibaba Cloud"]);
    v["custom_compliances"] = json!(["HIPAA"]);
    let r = run(&v);
    let p = r.points.unwrap();
    assert_eq!(
        (
            p.earned,
            p.possible,
            p.needed,
            p.from_capabilities,
            p.from_supplemental
        ),
        (17, 131, 98.25, 5, 12)
    );
    let o = r.other_reading.unwrap();
    assert_eq!((o.points.earned, o.points.possible), (17, 73));
    let custom: Vec<(&str, &str, bool)> = r
        .supplemental
        .iter()
        .filter(|s| s.custom)
        .map(|s| (s.criterion.as_str(), s.id.as_str(), s.met))
        .collect();
    assert_eq!(
        custom,
        [
            ("scopes", "kubernetes", true),
            ("scopes", "ai", true),
            ("cloud_providers", "alibaba-cloud", true),
            ("compliances", "hipaa", true)
        ]
    );
}

#[test]
fn the_reading_field_switches_which_reading_decides() {
    // All capabilities, nothing else: catalogue 73/119 fails; capabilities-only 73/73 meets.
    let mut v = base();
    v["capabilities"] = all_but(&[]);
    v["reading"] = json!("capabilities-only");
    let r = run(&v);
    assert_eq!(r.reading, Some(Reading::CapabilitiesOnly));
    assert_eq!(numbers(&r), (73, 73, 54.75, 100.0, true, 0));
    let o = r.other_reading.unwrap();
    assert_eq!(
        (
            o.reading,
            o.points.possible,
            o.meets_threshold,
            o.missing_points
        ),
        (Reading::Catalogue, 119, false, 17)
    );
    assert!(r.eligible);
    v["reading"] = json!("catalogue");
    assert!(!run(&v).eligible);
}

#[test]
fn shortest_paths_prefer_fewest_capabilities_then_fewest_points_over() {
    // examples/assessments/platform-not-eligible.json: capabilities 57 (48 + planning 3
    // + licensing 3 + governance 3) + supplemental 24 (3 scopes incl. custom 9, 3
    // providers 9, 2 compliances 6) = 81; possible 119 + 3 = 122, needed 91.5 → 92, gap 11.
    // Unmet: architecting 1, sustainability 3, practice-ops 1, education 1, invoicing 5,
    // assessment 1, onboarding 3, intersecting 1 (16 in all).
    // Two capabilities give at most 5 + 3 = 8 < 11. Three: only 5 + 3 + 3 = 11 (0 over).
    // Four: 5 + 3 + 3 + a 1-pointer contains that path, so it is not listed; 5 + 3 + 1 + 1
    // = 10 falls short. Five: invoicing 5 + one 3-pointer + three 1-pointers = 11 (0 over).
    // Program positions: architecting 9, sustainability 13, practice-ops 14, education 15,
    // invoicing 17, assessment 18, onboarding 19, intersecting 20; the smallest position
    // lists first: [9,13,14,15,17], [9,13,14,17,18], [9,13,14,17,20], [9,13,15,17,18].
    let json = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/assessments/platform-not-eligible.json"
    ))
    .unwrap();
    let r = evaluate(&json, None).unwrap();
    assert_eq!(numbers(&r), (81, 122, 91.5, 66.39, false, 11));
    assert_eq!(
        path_ids(&r),
        [
            vec![
                "cloud-sustainability",
                "invoicing-and-chargeback",
                "onboarding-workloads"
            ],
            vec![
                "architecting-for-cloud",
                "cloud-sustainability",
                "finops-practice-operations",
                "finops-education-and-enablement",
                "invoicing-and-chargeback"
            ],
            vec![
                "architecting-for-cloud",
                "cloud-sustainability",
                "finops-practice-operations",
                "invoicing-and-chargeback",
                "finops-assessment"
            ],
            vec![
                "architecting-for-cloud",
                "cloud-sustainability",
                "finops-practice-operations",
                "invoicing-and-chargeback",
                "intersecting-disciplines"
            ],
            vec![
                "architecting-for-cloud",
                "cloud-sustainability",
                "finops-education-and-enablement",
                "invoicing-and-chargeback",
                "finops-assessment"
            ],
        ]
    );
    let added: Vec<(u64, u64)> = r
        .shortest_paths
        .iter()
        .map(|p| (p.points_added, p.points_over))
        .collect();
    assert_eq!(added, [(11, 0); 5]);
}

#[test]
fn shortest_paths_from_nothing_under_capabilities_only() {
    // Need 55 of 73. Ten 5-point capabilities give 50; 11 capabilities give at most
    // 53, so 12 are needed: the ten 5s + two of the six 3s = 56 (1 over); 10 fives +
    // 3 + 1 = 54 falls short. Ties break on program order: planning-and-estimating with
    // each later 3-pointer (benchmarking, licensing, sustainability, governance, onboarding).
    let mut v = base();
    v["reading"] = json!("capabilities-only");
    let r = run(&v);
    assert_eq!(r.missing_points, Some(55));
    assert_eq!(r.shortest_paths.len(), 5);
    let fives = [
        "data-ingestion",
        "allocation",
        "reporting-and-analytics",
        "anomaly-management",
        "forecasting",
        "budgeting",
        "unit-economics",
        "workload-optimization",
        "rate-optimization",
        "invoicing-and-chargeback",
    ];
    let partners = [
        "benchmarking",
        "licensing-and-saas",
        "cloud-sustainability",
        "cloud-policy-and-governance",
        "onboarding-workloads",
    ];
    for (path, partner) in r.shortest_paths.iter().zip(partners) {
        assert_eq!(
            (path.capabilities.len(), path.points_added, path.points_over),
            (12, 56, 1)
        );
        for id in fives
            .iter()
            .chain(["planning-and-estimating", partner].iter())
        {
            assert!(
                path.capabilities.iter().any(|c| c == id),
                "{id} missing from {:?}",
                path.capabilities
            );
        }
    }
}

#[test]
fn aliases_map_to_the_seed_ids() {
    // The 2026 names: KPIs & Benchmarking 3, Usage Optimization 5, Governance, Policy &
    // Risk 3, Architecting & Workload Placement 1, Sustainability 3 = 15 points.
    let mut v = base();
    v["capabilities"] = json!([
        "kpis-and-benchmarking",
        "usage-optimization",
        "governance-policy-and-risk",
        "Architecting & Workload Placement",
        "sustainability"
    ]);
    let r = run(&v);
    let met: Vec<&str> = r
        .capabilities
        .iter()
        .filter(|c| c.met)
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(
        met,
        [
            "benchmarking",
            "architecting-for-cloud",
            "workload-optimization",
            "cloud-sustainability",
            "cloud-policy-and-governance"
        ]
    );
    assert_eq!(r.points.unwrap().from_capabilities, 15);
    assert!(r
        .notes
        .iter()
        .any(|n| n.contains("\"usage-optimization\"") && n.contains("workload-optimization")));
    // Written-out names work too: "Reporting & Analytics" is reporting-and-analytics.
    v["capabilities"] = json!(["Reporting & Analytics"]);
    assert_eq!(run(&v).points.unwrap().from_capabilities, 5);
}

#[test]
fn a_program_override_changes_the_threshold() {
    // Threshold 50% of 119 = 59.5 → 60. All capabilities (73) now meet it, where the
    // built-in 75% (90 needed) does not.
    let mut v = base();
    v["capabilities"] = all_but(&[]);
    let assessment = v.to_string();
    let mut program: Value = serde_json::from_str(program_files()[0].1).unwrap();
    program["scoring"]["threshold_percent"] = json!(50);
    let out: Value =
        serde_json::from_str(&score_json(&assessment, Some(&program.to_string())).unwrap())
            .unwrap();
    assert_eq!(out["points"]["needed"], json!(59.5));
    assert_eq!(out["meets_threshold"], json!(true));
    assert_eq!(out["eligible"], json!(true));
    let builtin: Value = serde_json::from_str(&score_json(&assessment, None).unwrap()).unwrap();
    assert_eq!(builtin["points"]["needed"], json!(89.25));
    assert_eq!(builtin["eligible"], json!(false));

    // Points can change too: Data Ingestion worth 10 → capabilities 78, possible 124.
    program["scoring"]["capabilities"][0]["points"] = json!(10);
    let out: Value =
        serde_json::from_str(&score_json(&assessment, Some(&program.to_string())).unwrap())
            .unwrap();
    assert_eq!(
        (
            out["points"]["earned"].clone(),
            out["points"]["possible"].clone()
        ),
        (json!(78), json!(124))
    );

    // A broken override is an error inside the program data, not a wrong score.
    program["staff"]["tiers"][2]["min_employees"] = json!(600);
    let err = score_json(&assessment, Some(&program.to_string())).unwrap_err();
    assert_eq!(err.field, "program data: staff.tiers[2].min_employees");
}

#[test]
fn result_json_has_the_contract_fields() {
    let json = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/assessments/platform-eligible.json"
    ))
    .unwrap();
    let out: Value = serde_json::from_str(&score_json(&json, None).unwrap()).unwrap();
    for key in [
        "program",
        "points",
        "percent",
        "meets_threshold",
        "reading",
        "other_reading",
        "gates",
        "eligible",
        "staffing",
        "shortest_paths",
        "missing_points",
    ] {
        assert!(out.get(key).is_some(), "result has no {key}");
    }
    assert_eq!(out["program"], json!("platform"));
    assert_eq!(out["reading"], json!("catalogue"));
    // 65 capability points + public-cloud, saas 6 + four providers 12 + three compliances 9 = 92.
    assert_eq!(
        out["points"],
        json!({"earned": 92, "possible": 119, "needed": 89.25, "from_capabilities": 65, "from_supplemental": 27})
    );
    assert_eq!(out["other_reading"]["reading"], json!("capabilities-only"));
    assert_eq!(out["other_reading"]["points"]["possible"], json!(73));
    for gate in out["gates"].as_array().unwrap() {
        assert!(gate["id"].is_string() && gate["met"].is_boolean() && gate["detail"].is_string());
    }
    for kind in ["practitioner", "professional", "focus_analyst"] {
        let k = &out["staffing"][kind];
        for key in ["required", "held", "missing", "cost"] {
            assert!(k.get(key).is_some(), "staffing.{kind} has no {key}");
        }
        for path in ["exam_only", "self_paced", "instructor_led"] {
            assert!(
                k["cost"].get(path).is_some(),
                "staffing.{kind}.cost has no {path}"
            );
        }
    }
    assert_eq!(out["eligible"], json!(true));
}

#[test]
fn focus_conformant_has_no_points_and_says_so() {
    let json = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/assessments/focus-conformant.json"
    ))
    .unwrap();
    let r = evaluate(&json, None).unwrap();
    assert!(!r.scored);
    assert_eq!(
        (r.points, r.percent, r.meets_threshold, r.missing_points),
        (None, None, None, None)
    );
    assert!(r.notes.iter().any(|n| n.contains("no capability points")));
    assert!(r.eligible);
    assert_eq!(r.staffing.kinds().len(), 1);
    assert_eq!(r.staffing.focus_analyst.as_ref().unwrap().required, 5); // 2,500 employees → 500 – 4,999 → 5
}
