//! The program fit: answers → fitting programs with checklists and legacy/current differences.

use certkit::calc::{program_fit, program_fit_json, FitAnswers, ProgramStatus};

fn ids(answers: FitAnswers) -> Vec<String> {
    program_fit(&answers)
        .into_iter()
        .map(|f| f.program)
        .collect()
}

#[test]
fn each_answer_picks_its_program() {
    let yes = FitAnswers::default();
    assert!(ids(yes).is_empty(), "no answer, no program");
    assert_eq!(
        ids(FitAnswers {
            builds_software: true,
            ..yes
        }),
        ["platform"]
    );
    assert_eq!(
        ids(FitAnswers {
            provides_services: true,
            ..yes
        }),
        ["service-provider"]
    );
    assert_eq!(
        ids(FitAnswers {
            trains: true,
            ..yes
        }),
        ["training-partner"]
    );
    assert_eq!(
        ids(FitAnswers {
            generates_billing_data: true,
            ..yes
        }),
        ["focus-conformant"]
    );
    let all = FitAnswers {
        builds_software: true,
        provides_services: true,
        trains: true,
        generates_billing_data: true,
        single_technology_focus: false,
    };
    assert_eq!(
        ids(all),
        [
            "platform",
            "focus-conformant",
            "service-provider",
            "training-partner"
        ]
    );
}

#[test]
fn the_platform_checklist_covers_points_staff_and_every_gate() {
    let fits = program_fit(&FitAnswers {
        builds_software: true,
        single_technology_focus: true,
        ..FitAnswers::default()
    });
    let platform = &fits[0];
    assert_eq!(platform.status, ProgramStatus::Current);
    let items: Vec<&str> = platform.checklist.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        items,
        [
            "points",
            "staff-tiers",
            "finops-foundation-membership",
            "linux-foundation-membership",
            "individual-certifications",
            "focus-support",
            "community-engagement",
            "asset-contribution",
            "public-evidence-and-demo"
        ]
    );
    let points = &platform.checklist[0].requirement;
    assert!(
        points.contains("75%") && points.contains("21 Framework capabilities (73 points"),
        "{points}"
    );
    let staff = &platform.checklist[1].requirement;
    assert!(
        staff.contains("5,000 +: 100 Practitioners, 5 Professionals, 30 FOCUS Analysts"),
        "{staff}"
    );
    assert!(platform.checklist.iter().all(|c| !c.source.is_empty()));
    assert!(platform
        .notes
        .iter()
        .any(|n| n.contains("Technology Concentration")));
}

#[test]
fn legacy_and_current_differences_are_listed_with_sources() {
    let fits = program_fit(&FitAnswers {
        builds_software: true,
        ..FitAnswers::default()
    });
    let d = fits[0]
        .differences
        .iter()
        .find(|d| d.topic == "Individual certifications")
        .expect("a difference about individual certifications");
    // Legacy: Practitioners only, 3 / 10 / 35 / 50. Current: 5 / 10 / 50 / 100 plus Professionals and FOCUS Analysts.
    assert!(
        d.legacy.contains("3 (0-99)") && d.legacy.contains("50 (5000+)"),
        "{}",
        d.legacy
    );
    assert!(
        d.current.contains("5/10/50/100") && d.current.contains("FOCUS Analysts"),
        "{}",
        d.current
    );
    assert_eq!(
        d.legacy_source,
        "shared/seeds/partner-certification-legacy.md"
    );
    assert_eq!(d.current_source, "shared/seeds/platform-certification.txt");
    assert!(fits[0]
        .differences
        .iter()
        .any(|d| d.topic == "FOCUS" && d.legacy.contains("No FOCUS")));
}

#[test]
fn training_partners_are_told_they_must_be_service_providers_first() {
    let fits = program_fit(&FitAnswers {
        trains: true,
        ..FitAnswers::default()
    });
    assert_eq!(fits[0].status, ProgramStatus::Legacy);
    assert!(fits[0]
        .notes
        .iter()
        .any(|n| n.contains("Certified Service Provider before")));
    assert!(fits[0]
        .checklist
        .iter()
        .any(|c| c.id == "certified-service-provider"));
    let both = program_fit(&FitAnswers {
        trains: true,
        provides_services: true,
        ..FitAnswers::default()
    });
    let training = both
        .iter()
        .find(|f| f.program == "training-partner")
        .unwrap();
    assert!(!training
        .notes
        .iter()
        .any(|n| n.contains("Certified Service Provider before")));
}

#[test]
fn json_in_and_out() {
    let out = program_fit_json(r#"{"generates_billing_data": true}"#).unwrap();
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v[0]["program"], "focus-conformant");
    let e = program_fit_json(r#"{"sells_hardware": true}"#).unwrap_err();
    assert!(e.message.contains("sells_hardware"), "{e}");
}
