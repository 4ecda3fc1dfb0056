//! Coverage of the facts' `requirements.tsv`: every requirement that can be decided from
//! a data file (Checkable = static or cross-row) is in `rules.json`, either implemented
//! or with a reason it is not checkable. Rows without an official ID are matched to
//! their `certkit:` rule through the requirement text the rule records.

use std::collections::BTreeMap;

use certkit::rules::registry;

const REQUIREMENTS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/focus/requirements.tsv"
);

/// One row of requirements.tsv.
struct Row {
    scope: String,
    keyword: String,
    text: String,
    checkable: String,
    spec_ref: String,
}

fn rows() -> Vec<Row> {
    let text = match std::fs::read_to_string(REQUIREMENTS) {
        Ok(t) => t,
        Err(e) => panic!("../shared is missing: cannot read {REQUIREMENTS} ({e}); this test needs the shared FOCUS facts next to the repository"),
    };
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
    let col = |name: &str| match header.iter().position(|h| *h == name) {
        Some(i) => i,
        None => panic!("requirements.tsv has no {name} column"),
    };
    let (scope, keyword, words, checkable, spec_ref) = (
        col("Scope"),
        col("Keyword"),
        col("RequirementInYourOwnShortWords"),
        col("Checkable"),
        col("SpecRef"),
    );
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            let get = |i: usize| f.get(i).copied().unwrap_or_default().to_string();
            Row {
                scope: get(scope),
                keyword: get(keyword),
                text: get(words),
                checkable: get(checkable),
                spec_ref: get(spec_ref),
            }
        })
        .collect()
}

#[test]
fn every_static_and_cross_row_requirement_is_in_the_registry() {
    let all = rows();
    assert_eq!(
        all.len(),
        556,
        "requirements.tsv should have 556 requirement rows"
    );
    let reg = registry();
    let by_text: BTreeMap<(&str, &str), &certkit::rules::Rule> = reg
        .rules
        .iter()
        .filter_map(|r| {
            r.requirement
                .as_ref()
                .map(|q| ((q.scope.as_str(), q.text.as_str()), r))
        })
        .collect();
    let wanted: Vec<&Row> = all
        .iter()
        .filter(|r| r.checkable == "static" || r.checkable == "cross-row")
        .collect();
    assert_eq!(
        wanted.iter().filter(|r| r.checkable == "static").count(),
        332
    );
    assert_eq!(
        wanted.iter().filter(|r| r.checkable == "cross-row").count(),
        12
    );
    let (mut implemented, mut not_checkable) = (0, 0);
    let mut missing = Vec::new();
    for row in &wanted {
        let rule = by_text
            .get(&(row.scope.as_str(), row.text.as_str()))
            .copied()
            .or_else(|| {
                (!row.spec_ref.is_empty())
                    .then(|| reg.rule(&row.spec_ref))
                    .flatten()
            });
        match rule {
            Some(r) if r.is_implemented() => implemented += 1,
            Some(r) => {
                assert!(
                    r.not_checkable
                        .as_deref()
                        .is_some_and(|s| !s.trim().is_empty()),
                    "{} has no reason",
                    r.id
                );
                not_checkable += 1;
            }
            None => missing.push(format!(
                "{} [{}] {}: {}",
                row.spec_ref, row.keyword, row.scope, row.text
            )),
        }
    }
    assert!(
        missing.is_empty(),
        "requirements missing from rules.json:\n{}",
        missing.join("\n")
    );
    println!(
        "requirements.tsv static + cross-row rows: {} ({} implemented, {} not checkable)",
        wanted.len(),
        implemented,
        not_checkable
    );
    assert_eq!(implemented + not_checkable, 344);
}

#[test]
fn rows_without_an_official_id_have_certkit_ids() {
    let reg = registry();
    for row in rows().iter().filter(|r| {
        (r.checkable == "static" || r.checkable == "cross-row") && r.spec_ref.is_empty()
    }) {
        let rule = reg.rules.iter().find(|r| {
            r.requirement
                .as_ref()
                .is_some_and(|q| q.scope == row.scope && q.text == row.text)
        });
        match rule {
            Some(r) => assert!(
                r.id.starts_with("certkit:"),
                "{} stands for a row without an ID",
                r.id
            ),
            None => panic!("no certkit rule for {}: {}", row.scope, row.text),
        }
    }
}

#[test]
fn every_recorded_requirement_exists_in_the_facts() {
    let all = rows();
    for rule in &registry().rules {
        if let Some(q) = &rule.requirement {
            assert!(
                all.iter()
                    .any(|r| r.scope == q.scope && r.text == q.text && r.keyword == q.keyword),
                "{} records a requirement that requirements.tsv does not have: {} / {}",
                rule.id,
                q.scope,
                q.text
            );
        }
    }
}

#[test]
fn ids_follow_the_official_or_certkit_pattern() {
    for rule in &registry().rules {
        let official = rule.id.split('-').count() >= 4
            && matches!(rule.id.rsplit('-').next(), Some("M" | "C" | "O"));
        assert!(
            official || rule.id.starts_with("certkit:"),
            "unexpected rule id {}",
            rule.id
        );
    }
}
